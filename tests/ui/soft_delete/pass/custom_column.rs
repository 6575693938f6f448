mod teams {
    use harden_runtime::soft_delete;
    use sea_orm::entity::prelude::*;

    #[soft_delete(column = "listed")]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "teams")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        #[sea_orm(enum_name = "Visible")]
        pub listed: bool,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
mod archives {
    use harden_runtime::soft_delete;
    use sea_orm::entity::prelude::*;

    #[soft_delete(column = "removed_on")]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "archives")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub removed_on: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

fn main() {
    use harden_runtime::SoftDelete;
    assert!(matches!(teams::Entity::soft_delete_spec().column, teams::Column::Visible));
    assert!(matches!(archives::Entity::soft_delete_spec().column, archives::Column::RemovedOn));
}
