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

    impl Related<Entity> for Entity {
        fn to() -> RelationDef {
            panic!("not called")
        }
    }
}

use harden_runtime::soft_delete;
use sea_orm::EntityTrait;

// The third entity of a chained join cannot be filtered in its ON clause:
// refused at compile time rather than left unfiltered.
#[soft_delete]
pub fn chained() {
    let _ = users::Entity::find().find_also_related(users::Entity).find_also_related(users::Entity);
}

fn main() {}
