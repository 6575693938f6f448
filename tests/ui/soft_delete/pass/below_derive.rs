// `#[soft_delete]` written below the derive also works: rustc applies the
// derive to what the attribute emits.
mod users {
    use harden_runtime::soft_delete;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[soft_delete]
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

fn main() {
    fn soft<E: harden_runtime::SoftDelete>() {}
    soft::<users::Entity>();
}
