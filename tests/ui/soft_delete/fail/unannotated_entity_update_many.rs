mod users {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "users")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub name: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

use harden_runtime::soft_delete;
use sea_orm::sea_query::Expr;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait};

// `users` has neither `#[soft_delete]` nor an exemption.
#[soft_delete]
pub async fn rename<C: ConnectionTrait>(db: &C) -> Result<u64, DbErr> {
    Ok(users::Entity::update_many()
        .col_expr(users::Column::Name, Expr::value("x"))
        .exec(db)
        .await?
        .rows_affected)
}

fn main() {}
