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

use harden_runtime::soft_delete;
use sea_orm::{DbBackend, EntityTrait, QueryTrait};

macro_rules! log_query {
    (query => $query:expr) => {
        let _ = $query;
    };
}

// Neither body is a list of expressions (`%` and `=>`), so neither query
// could be filtered: both are errors, each on its macro.
#[soft_delete]
pub fn logged(id: i32) {
    tracing::info!(sql = %users::Entity::find_by_id(id).build(DbBackend::Sqlite), "reading");
    log_query!(query => users::Entity::find());
    // No query inside: left alone.
    tracing::info!(id = %id, "done");
}

fn main() {}
