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

    impl Entity {
        /// A helper of the entity's own, named like a unique-key finder.
        pub fn find_by_slug(slug: &str) -> Option<i32> {
            slug.parse().ok()
        }
    }
}

use harden_runtime::soft_delete;

#[soft_delete]
pub fn slug_id(slug: &str) -> Option<i32> {
    users::Entity::find_by_slug(slug)
}

fn main() {}
