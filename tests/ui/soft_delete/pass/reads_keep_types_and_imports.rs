// Every read rewrite keeps the types the caller wrote and the trait imports
// it needed, so a `-D warnings` build stays green: each module imports only
// what its own code uses.
#![deny(warnings)]

mod users {
    use harden_runtime::soft_delete;
    use sea_orm::entity::prelude::*;

    #[soft_delete]
    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "users")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        #[sea_orm(unique)]
        pub email: String,
        pub is_active: bool,
        #[sea_orm(has_many)]
        pub posts: HasMany<super::posts::Entity>,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

mod posts {
    use harden_runtime::soft_delete;
    use sea_orm::entity::prelude::*;

    #[soft_delete(deleted_at)]
    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "posts")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub user_id: i32,
        pub deleted_at: Option<DateTimeUtc>,
        #[sea_orm(belongs_to, from = "user_id", to = "id")]
        pub user: BelongsTo<super::users::Entity>,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

mod qualified {
    use super::users;
    use harden_runtime::soft_delete;
    use sea_orm::{ConnectionTrait, DbErr, EntityTrait};

    #[soft_delete]
    pub async fn all<C: ConnectionTrait>(db: &C) -> Result<Vec<users::Model>, DbErr> {
        <users::Entity as EntityTrait>::find().all(db).await
    }
}

mod unique_key {
    use super::users;
    use harden_runtime::soft_delete;
    use sea_orm::{ConnectionTrait, DbErr};

    #[soft_delete]
    pub async fn by_email<C: ConnectionTrait>(db: &C, email: &str) -> Result<Option<users::Model>, DbErr> {
        users::Entity::find_by_email(email).one(db).await
    }
}

mod loader {
    use super::{posts, users};
    use harden_runtime::soft_delete;
    use sea_orm::{ConnectionTrait, DbErr, EntityLoaderTrait};

    // `EntityLoaderTrait` is used by `paginate` alone.
    #[soft_delete]
    pub async fn page<C: ConnectionTrait>(db: &C) -> Result<Vec<users::ModelEx>, DbErr> {
        users::Entity::load().with(posts::Entity).paginate(db, 10).fetch_page(0).await
    }

    #[soft_delete]
    pub async fn one<C: ConnectionTrait>(db: &C, id: i32) -> Result<Option<users::ModelEx>, DbErr> {
        let found: Option<users::ModelEx> = users::Entity::load().with(posts::Entity).one(db).await?;
        Ok(found.filter(|user| user.id == id))
    }
}

mod joins {
    use super::{posts, users};
    use harden_runtime::soft_delete;
    use sea_orm::{ColumnTrait, EntityTrait, Select, SelectThree, SelectTwo, TopologyChain};

    #[soft_delete]
    pub fn joined() -> Select<users::Entity> {
        users::Entity::find()
            .inner_join(posts::Entity)
            .has_related(posts::Entity, posts::Column::Id.gt(1))
    }

    #[soft_delete]
    pub fn both() -> SelectTwo<posts::Entity, users::Entity> {
        posts::Entity::find().find_also(posts::Entity, users::Entity)
    }

    #[soft_delete]
    pub fn chain() -> SelectThree<users::Entity, posts::Entity, users::Entity, TopologyChain> {
        users::Entity::find().find_also_related(posts::Entity).and_also_related(users::Entity)
    }
}

mod arms {
    use super::users;
    use harden_runtime::soft_delete;
    use sea_orm::{ConnectionTrait, DbErr, EntityTrait};

    #[soft_delete]
    pub async fn raced<C: ConnectionTrait>(db: &C) -> Result<Option<users::Model>, DbErr> {
        tokio::select! {
            found = users::Entity::find().one(db) => found,
            () = tokio::time::sleep(std::time::Duration::from_secs(1)) => Ok(None),
        }
    }
}

mod delete_of_a_value {
    use super::users;
    use harden_runtime::soft_delete;
    use sea_orm::{ConnectionTrait, DbErr, EntityTrait, ModelTrait};

    // The receiver is not a place: it is evaluated once, and `ModelTrait`
    // stays used.
    #[soft_delete]
    pub async fn remove<C: ConnectionTrait>(db: &C, id: i32) -> Result<u64, DbErr> {
        let not_found = || DbErr::RecordNotFound(format!("user {id}"));
        Ok(users::Entity::find_by_id(id).one(db).await?.ok_or_else(not_found)?.delete(db).await?.rows_affected)
    }
}

mod generic {
    use harden_runtime::{SoftDeleteScope, soft_delete};
    use sea_orm::{ConnectionTrait, DbErr, EntityTrait};

    #[soft_delete]
    pub async fn count<E: EntityTrait + SoftDeleteScope, C: ConnectionTrait>(db: &C) -> Result<usize, DbErr> {
        Ok(E::find().all(db).await?.len())
    }
}

fn main() {
    type Db = sea_orm::DatabaseConnection;
    let _ = (qualified::all::<Db>, unique_key::by_email::<Db>, loader::page::<Db>, loader::one::<Db>);
    let _ = (joins::joined, joins::both, joins::chain, arms::raced::<Db>);
    let _ = (delete_of_a_value::remove::<Db>, generic::count::<users::Entity, Db>);
}
