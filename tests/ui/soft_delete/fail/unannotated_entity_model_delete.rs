mod users {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "users")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

use harden_runtime::soft_delete;
use sea_orm::{ConnectionTrait, DbErr, ModelTrait};

// `model.delete(db)` of an entity with no soft-delete policy.
#[soft_delete]
pub async fn remove<C: ConnectionTrait>(db: &C, user: users::Model) -> Result<u64, DbErr> {
    Ok(user.delete(db).await?.rows_affected)
}

fn main() {}
