mod clubs {
    use harden_runtime::soft_delete;
    use sea_orm::entity::prelude::*;

    // A flag cannot record which cascade deleted a row.
    #[soft_delete]
    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "clubs")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub is_active: bool,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

use harden_runtime::SoftDeleteExt;
use sea_orm::{DatabaseConnection, DbErr};

pub async fn undo(db: &DatabaseConnection, id: i32) -> Result<u64, DbErr> {
    Ok(clubs::Entity::restore_cascade_by_id(id).exec(db).await?.rows_affected)
}

fn main() {}
