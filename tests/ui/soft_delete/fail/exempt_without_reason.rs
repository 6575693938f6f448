mod joins {
    use harden_runtime::soft_delete;
    use sea_orm::entity::prelude::*;

    #[soft_delete(exempt)]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "joins")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub other_id: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
mod links {
    use harden_runtime::soft_delete;
    use sea_orm::entity::prelude::*;

    #[soft_delete(exempt = "  ")]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "links")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub other_id: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

fn main() {}
