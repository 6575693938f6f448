mod users {
    use harden_runtime::soft_delete;
    use sea_orm::entity::prelude::*;

    #[soft_delete]
    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "users")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub is_active: bool,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

use harden_runtime::soft_delete;
use sea_orm::{ConnectionTrait, DbErr};

// The loader's relations are dropped when it is run where it is built; run
// from a variable, it would have to be moved out of it.
#[soft_delete]
pub async fn all<C: ConnectionTrait>(db: &C, loader: users::EntityLoader) -> Result<Vec<users::ModelEx>, DbErr> {
    loader.all(db).await
}

fn main() {}
