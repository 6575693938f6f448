// `#[soft_delete]` above or below `#[sea_orm::model]`: the impl is emitted
// once either way (below it, the `ModelEx` copy is passed through).
mod above {
    use harden_runtime::soft_delete;
    use sea_orm::entity::prelude::*;

    #[soft_delete]
    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "above")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub is_active: bool,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

mod below {
    use harden_runtime::soft_delete;
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[soft_delete]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "below")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub is_active: bool,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

fn main() {
    fn soft<E: harden_runtime::SoftDelete>() {}
    soft::<above::Entity>();
    soft::<below::Entity>();
}
