mod users {
    use harden_runtime::soft_delete;
    use sea_orm::entity::prelude::*;

    #[soft_delete]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "users")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub name: String,
        pub is_active: bool,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

use harden_runtime::soft_delete;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, DerivePartialModel, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

#[derive(DerivePartialModel)]
#[sea_orm(entity = "users::Entity")]
pub struct Name {
    pub name: String,
}

pub struct UserRepository;

// Types are kept: later pagination, partial models and cursors still compile.
#[soft_delete]
impl UserRepository {
    pub async fn page<C: ConnectionTrait>(db: &C, page: u64) -> Result<Vec<users::Model>, DbErr> {
        users::Entity::find().order_by_asc(users::Column::Id).paginate(db, 20).fetch_page(page).await
    }

    pub async fn names<C: ConnectionTrait>(db: &C) -> Result<Vec<Name>, DbErr> {
        users::Entity::find().into_partial_model::<Name>().all(db).await
    }

    pub async fn after<C: ConnectionTrait>(db: &C, id: i32) -> Result<Vec<users::Model>, DbErr> {
        users::Entity::find().cursor_by(users::Column::Id).after(id).first(10).all(db).await
    }

    pub async fn remove_named<C: ConnectionTrait>(db: &C, name: &str) -> Result<u64, DbErr> {
        let result = users::Entity::delete_many().filter(users::Column::Name.eq(name)).exec(db).await?;
        Ok(result.rows_affected)
    }
}

// And on a free function.
#[soft_delete]
pub async fn count_users<C: ConnectionTrait>(db: &C) -> Result<u64, DbErr> {
    users::Entity::find().count(db).await
}

fn main() {

}
