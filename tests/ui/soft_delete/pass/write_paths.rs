// Every write path a repository writes compiles after the rewrite, keeps
// SeaORM's types, and leaves no import unused under `-D warnings`.
#![deny(warnings)]

mod authors {
    use harden_runtime::soft_delete;
    use sea_orm::entity::prelude::*;

    #[soft_delete(deleted_at)]
    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "authors")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        #[sea_orm(unique)]
        pub email: String,
        pub deleted_at: Option<DateTimeUtc>,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

mod path_calls {
    use super::authors;
    use harden_runtime::soft_delete;
    use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, ModelTrait};

    #[soft_delete]
    pub async fn by_active_model<C: ConnectionTrait>(db: &C, am: authors::ActiveModel) -> Result<u64, DbErr> {
        Ok(ActiveModelTrait::delete(am, db).await?.rows_affected)
    }

    #[soft_delete]
    pub async fn by_model<C: ConnectionTrait>(db: &C, model: authors::Model) -> Result<u64, DbErr> {
        Ok(ModelTrait::delete(model, db).await?.rows_affected)
    }

    // A turbofish on the method is kept on the original call.
    #[soft_delete]
    pub async fn with_turbofish<C: ConnectionTrait>(db: &C, model: authors::Model) -> Result<u64, DbErr> {
        Ok(ModelTrait::delete::<authors::ActiveModel, C>(model, db).await?.rows_affected)
    }
}

mod qualified {
    use super::authors;
    use harden_runtime::soft_delete;
    use sea_orm::{ConnectionTrait, DbErr, EntityTrait};

    #[soft_delete]
    pub async fn by_id<C: ConnectionTrait>(db: &C, id: i32) -> Result<Option<authors::Model>, DbErr> {
        <authors::Entity as EntityTrait>::delete_by_id(id).exec_with_returning(db).await
    }
}

mod returning {
    use super::authors;
    use harden_runtime::soft_delete;
    use sea_orm::{ConnectionTrait, DbErr, EntityTrait, TransactionTrait};

    #[soft_delete]
    pub async fn by_email<C: ConnectionTrait>(db: &C, email: &str) -> Result<Option<authors::Model>, DbErr> {
        authors::Entity::delete_by_email(email).exec_with_returning(db).await
    }

    #[soft_delete]
    pub async fn many<C: ConnectionTrait>(db: &C) -> Result<Vec<authors::Model>, DbErr> {
        authors::Entity::delete_many().exec_with_returning(db).await
    }

    #[soft_delete]
    pub async fn validated<C: ConnectionTrait>(db: &C, am: authors::ActiveModel) -> Result<u64, DbErr> {
        Ok(authors::Entity::delete(am).validate()?.exec(db).await?.rows_affected)
    }

    #[soft_delete]
    pub async fn cascade<C: TransactionTrait>(db: &C, author: authors::Model) -> Result<u64, DbErr> {
        Ok(author.cascade_delete(db).await?.rows_affected)
    }
}

mod not_entities {
    use harden_runtime::soft_delete;

    pub struct Cache;

    // Functions that share SeaORM's names but are not an entity's.
    #[soft_delete]
    impl Cache {
        pub fn delete_many() -> usize {
            0
        }
        pub fn delete_by_key(key: &str) -> usize {
            key.len()
        }
        pub fn delete(first: u8, second: u8) -> u8 {
            first + second
        }
        pub fn update_many() -> &'static str {
            "cache"
        }
        pub fn all() -> (usize, usize, u8, &'static str) {
            (Self::delete_many(), Self::delete_by_key("k"), Self::delete(1, 2), Self::update_many())
        }
    }
}

mod foreign_trait {
    use super::authors;
    use harden_runtime::soft_delete;

    // A trait of the application's own with SeaORM's method names,
    // implemented on an entity: called through it, its methods run.
    pub trait Archive {
        fn delete_many() -> &'static str;
        fn update_many() -> usize;
    }

    impl Archive for authors::Entity {
        fn delete_many() -> &'static str {
            "archive"
        }
        fn update_many() -> usize {
            7
        }
    }

    #[soft_delete]
    pub fn archived() -> (&'static str, usize) {
        (<authors::Entity as Archive>::delete_many(), <authors::Entity as Archive>::update_many())
    }
}

fn main() {
    let _ = (path_calls::by_active_model::<sea_orm::DatabaseConnection>, path_calls::by_model::<sea_orm::DatabaseConnection>);
    let _ = path_calls::with_turbofish::<sea_orm::DatabaseConnection>;
    let _ = qualified::by_id::<sea_orm::DatabaseConnection>;
    let _ = (returning::by_email::<sea_orm::DatabaseConnection>, returning::many::<sea_orm::DatabaseConnection>);
    let _ = (returning::validated::<sea_orm::DatabaseConnection>, returning::cascade::<sea_orm::DatabaseConnection>);
    assert_eq!(not_entities::Cache::all(), (0, 1, 3, "cache"));
    assert_eq!(foreign_trait::archived(), ("archive", 7));
}
