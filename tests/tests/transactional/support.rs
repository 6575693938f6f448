//! Databases for the `#[transactional]` tests: in-memory SQLite always,
//! PostgreSQL and MariaDB when `HARDEN_TEST_POSTGRES_URL` /
//! `HARDEN_TEST_MYSQL_URL` are set. Each test gets its own PostgreSQL schema
//! or MariaDB database named `tx_<test>`, so tests run in parallel without
//! meeting each other or the soft-delete suite (`sd_`).

use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbBackend, DbErr, EntityTrait, PaginatorTrait, QueryOrder,
    RuntimeErr, Schema,
};
use std::fmt;

pub use harden_tests::db::Backend;

/// A private, empty database for `test` with the `tx_items` table and a
/// pool of `connections`; `None` (after printing why) when the backend's URL
/// is not set.
pub async fn fresh(backend: Backend, test: &str, connections: u32) -> Option<DatabaseConnection> {
    let db = harden_tests::db::isolated(backend, &format!("tx_{test}"), connections)
        .await
        .unwrap_or_else(|err| panic!("{backend:?}: {err}"))?;
    create_table(&db, item::Entity).await.expect("tx_items");
    Some(db)
}

pub async fn create_table<E: EntityTrait>(db: &DatabaseConnection, entity: E) -> Result<(), DbErr> {
    let schema = Schema::new(db.get_database_backend());
    db.execute(&schema.create_table_from_entity(entity)).await?;
    Ok(())
}

/// One `#[tokio::test]` per backend for each `async fn(DatabaseConnection)`
/// scenario. PostgreSQL and MariaDB tests are ignored, with the reason, when
/// their URL was not set at build time.
#[macro_export]
macro_rules! on_every_backend {
    ($($scenario:ident),* $(,)?) => {
        $(
            mod $scenario {
                use $crate::support::{fresh, Backend};

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    let db = fresh(Backend::Sqlite, stringify!($scenario), 1).await;
                    super::$scenario(db.expect("sqlite always runs")).await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                #[cfg_attr(not(harden_postgres), ignore = "skipped: HARDEN_TEST_POSTGRES_URL not set")]
                async fn postgres() {
                    if let Some(db) = fresh(Backend::Postgres, stringify!($scenario), 4).await {
                        super::$scenario(db).await;
                    }
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                #[cfg_attr(not(harden_mysql), ignore = "skipped: HARDEN_TEST_MYSQL_URL not set")]
                async fn mariadb() {
                    if let Some(db) = fresh(Backend::MySql, stringify!($scenario), 4).await {
                        super::$scenario(db).await;
                    }
                }
            }
        )*
    };
}

/// Like [`on_every_backend!`], for scenarios that need a second connection to
/// the same database: SQLite then runs on a file with two connections.
#[macro_export]
macro_rules! on_every_pool {
    ($($scenario:ident),* $(,)?) => {
        $(
            mod $scenario {
                use $crate::support::{fresh, sqlite_file, Backend};

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    let (db, path) = sqlite_file(stringify!($scenario)).await;
                    super::$scenario(db.clone()).await;
                    db.close().await.expect("closed");
                    let _ = std::fs::remove_file(path);
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                #[cfg_attr(not(harden_postgres), ignore = "skipped: HARDEN_TEST_POSTGRES_URL not set")]
                async fn postgres() {
                    if let Some(db) = fresh(Backend::Postgres, stringify!($scenario), 4).await {
                        super::$scenario(db).await;
                    }
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                #[cfg_attr(not(harden_mysql), ignore = "skipped: HARDEN_TEST_MYSQL_URL not set")]
                async fn mariadb() {
                    if let Some(db) = fresh(Backend::MySql, stringify!($scenario), 4).await {
                        super::$scenario(db).await;
                    }
                }
            }
        )*
    };
}

/// Like [`on_every_backend!`], for scenarios SQLite cannot show: PostgreSQL
/// and MariaDB.
#[macro_export]
macro_rules! on_servers {
    ($($scenario:ident),* $(,)?) => {
        $(
            mod $scenario {
                use $crate::support::{fresh, Backend};

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                #[cfg_attr(not(harden_postgres), ignore = "skipped: HARDEN_TEST_POSTGRES_URL not set")]
                async fn postgres() {
                    if let Some(db) = fresh(Backend::Postgres, stringify!($scenario), 4).await {
                        super::$scenario(db).await;
                    }
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                #[cfg_attr(not(harden_mysql), ignore = "skipped: HARDEN_TEST_MYSQL_URL not set")]
                async fn mariadb() {
                    if let Some(db) = fresh(Backend::MySql, stringify!($scenario), 4).await {
                        super::$scenario(db).await;
                    }
                }
            }
        )*
    };
}

/// A fresh SQLite file with the `tx_items` table and a pool of two
/// connections, and its path.
pub async fn sqlite_file(test: &str) -> (DatabaseConnection, std::path::PathBuf) {
    let path = std::env::temp_dir().join(format!("tx_{test}_{}.sqlite", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let mut options = sea_orm::ConnectOptions::new(format!("sqlite://{}?mode=rwc", path.display()));
    options.max_connections(2).sqlx_logging(false);
    let db = sea_orm::Database::connect(options)
        .await
        .expect("sqlite file");
    create_table(&db, item::Entity).await.expect("tx_items");
    (db, path)
}

/// Like [`on_every_backend!`], for scenarios only PostgreSQL can show.
#[macro_export]
macro_rules! on_postgres {
    ($($scenario:ident),* $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            #[cfg_attr(not(harden_postgres), ignore = "skipped: HARDEN_TEST_POSTGRES_URL not set")]
            async fn $scenario() {
                use $crate::support::{fresh, Backend};
                if let Some(db) = fresh(Backend::Postgres, stringify!($scenario), 4).await {
                    $scenario::run(db).await;
                }
            }
        )*
    };
}

/// Like [`on_every_backend!`], for scenarios only MariaDB can show.
#[macro_export]
macro_rules! on_mariadb {
    ($($scenario:ident),* $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            #[cfg_attr(not(harden_mysql), ignore = "skipped: HARDEN_TEST_MYSQL_URL not set")]
            async fn $scenario() {
                use $crate::support::{fresh, Backend};
                if let Some(db) = fresh(Backend::MySql, stringify!($scenario), 4).await {
                    $scenario::run(db).await;
                }
            }
        )*
    };
}

/// The SQLSTATE of a database error, if the database sent one.
pub fn sqlstate(err: &DbErr) -> Option<String> {
    let (DbErr::Exec(RuntimeErr::SqlxError(err)) | DbErr::Query(RuntimeErr::SqlxError(err))) = err
    else {
        return None;
    };
    match &**err {
        sea_orm::sqlx::Error::Database(err) => err.code().map(|code| code.into_owned()),
        _ => None,
    }
}

/// Item 1's value, read through `db`.
pub async fn value_of(db: &impl ConnectionTrait, id: i32) -> Result<i64, DbErr> {
    let item = item::Entity::find_by_id(id).one(db).await?;
    Ok(item.map_or(0, |item| item.v))
}

/// The table most tests write to.
pub mod item {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "tx_items")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: i32,
        pub label: String,
        pub v: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Inserts item `id` through whatever handle it is given: a pool, a
/// transaction or a savepoint. Generic, as code a transaction is passed to
/// has to be.
pub async fn insert(db: &impl ConnectionTrait, id: i32, label: &str) -> Result<(), DbErr> {
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    item::ActiveModel {
        id: Set(id),
        label: Set(label.to_owned()),
        v: Set(0),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The labels of every item, by id.
pub async fn labels(db: &impl ConnectionTrait) -> Vec<String> {
    item::Entity::find()
        .order_by_asc(item::Column::Id)
        .all(db)
        .await
        .expect("items readable")
        .into_iter()
        .map(|item| item.label)
        .collect()
}

pub async fn count(db: &impl ConnectionTrait) -> u64 {
    item::Entity::find()
        .count(db)
        .await
        .expect("items countable")
}

pub fn backend(db: &impl ConnectionTrait) -> DbBackend {
    db.get_database_backend()
}

/// An application error, as services define them: a database failure or a
/// business rule.
#[derive(Debug)]
pub enum AppError {
    Db(DbErr),
    Rejected(&'static str),
}

impl From<DbErr> for AppError {
    fn from(err: DbErr) -> Self {
        AppError::Db(err)
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AppError::Db(_) => f.write_str("database error"),
            AppError::Rejected(why) => write!(f, "rejected: {why}"),
        }
    }
}

impl std::error::Error for AppError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            AppError::Db(err) => Some(err),
            AppError::Rejected(_) => None,
        }
    }
}
