mod users {
    use harden_runtime::soft_delete;
    use sea_orm::entity::prelude::*;

    #[soft_delete]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "users")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub slug: String,
        pub is_active: bool,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    // Not one of SeaORM's unique-key deleters: `#[soft_delete]` cannot see
    // what it deletes.
    impl Entity {
        pub fn delete_by_slug(slug: &str) -> sea_orm::DeleteMany<Entity> {
            Entity::delete_many().filter(Column::Slug.eq(slug))
        }
    }
}

use harden_runtime::soft_delete;
use sea_orm::{ConnectionTrait, DbErr};

#[soft_delete]
pub async fn remove<C: ConnectionTrait>(db: &C, slug: &str) -> Result<u64, DbErr> {
    Ok(users::Entity::delete_by_slug(slug).exec(db).await?.rows_affected)
}

fn main() {}
