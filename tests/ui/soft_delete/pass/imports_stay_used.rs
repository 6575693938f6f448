// A repository that only deletes: the trait imports its calls needed before
// the rewrite are still used after it, so `-D warnings` builds stay green.
#![deny(warnings)]

mod users {
    use harden_runtime::soft_delete;
    use sea_orm::entity::prelude::*;

    #[soft_delete]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "users")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub is_active: bool,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

mod by_model {
    use super::users;
    use harden_runtime::soft_delete;
    use sea_orm::{ConnectionTrait, DbErr, ModelTrait};

    #[soft_delete]
    pub async fn remove<C: ConnectionTrait>(db: &C, user: users::Model) -> Result<u64, DbErr> {
        Ok(user.delete(db).await?.rows_affected)
    }
}

mod by_active_model {
    use super::users;
    use harden_runtime::soft_delete;
    use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr};

    #[soft_delete]
    pub async fn remove<C: ConnectionTrait>(db: &C, user: users::ActiveModel) -> Result<u64, DbErr> {
        Ok(user.delete(db).await?.rows_affected)
    }
}

mod by_id {
    use super::users;
    use harden_runtime::soft_delete;
    use sea_orm::{ConnectionTrait, DbErr, EntityTrait};

    #[soft_delete]
    pub async fn remove<C: ConnectionTrait>(db: &C, id: i32) -> Result<u64, DbErr> {
        Ok(users::Entity::delete_by_id(id).exec(db).await?.rows_affected)
    }

    #[soft_delete]
    pub async fn remove_all<C: ConnectionTrait>(db: &C) -> Result<u64, DbErr> {
        Ok(users::Entity::delete_many().exec(db).await?.rows_affected)
    }

    #[soft_delete]
    pub async fn remove_model<C: ConnectionTrait>(db: &C, user: users::ActiveModel) -> Result<u64, DbErr> {
        Ok(users::Entity::delete(user).exec(db).await?.rows_affected)
    }
}

fn main() {
    let _ = (by_model::remove::<sea_orm::DatabaseConnection>, by_active_model::remove::<sea_orm::DatabaseConnection>);
    let _ = (by_id::remove::<sea_orm::DatabaseConnection>, by_id::remove_all::<sea_orm::DatabaseConnection>);
    let _ = by_id::remove_model::<sea_orm::DatabaseConnection>;
}
