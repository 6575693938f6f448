//! Connections for the behaviour tests: in-memory SQLite always, PostgreSQL
//! and MariaDB when CI gives their URLs. Each test gets its own PostgreSQL
//! schema or MariaDB database, so tests run in parallel without meeting.

use crate::entities::{membership, note, post, team, user};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr, Schema,
};

/// The three backends every behaviour test runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
    MySql,
}

impl Backend {
    fn url_var(self) -> Option<&'static str> {
        match self {
            Backend::Sqlite => None,
            Backend::Postgres => Some("HARDEN_TEST_POSTGRES_URL"),
            Backend::MySql => Some("HARDEN_TEST_MYSQL_URL"),
        }
    }
}

/// A fresh, empty database with the `sd_` tables, private to `test`.
///
/// Returns `Ok(None)` (after saying so on stderr) when the backend's URL is
/// not set; the test attribute reports the same as "ignored".
pub async fn fresh(backend: Backend, test: &str) -> Result<Option<DatabaseConnection>, DbErr> {
    let db = match backend.url_var() {
        None => {
            let mut options = ConnectOptions::new("sqlite::memory:");
            // Every pooled connection would open its own empty in-memory
            // database; one connection keeps one database.
            options.max_connections(1).sqlx_logging(false);
            Database::connect(options).await?
        }
        Some(var) => {
            let Ok(url) = std::env::var(var) else {
                eprintln!("skipped: {var} is not set, so {test} did not run on {backend:?}");
                return Ok(None);
            };
            isolated(backend, &url, test).await?
        }
    };
    create_tables(&db).await?;
    Ok(Some(db))
}

async fn isolated(backend: Backend, url: &str, test: &str) -> Result<DatabaseConnection, DbErr> {
    let name = format!(
        "sd_{}",
        test.replace(|c: char| !c.is_ascii_alphanumeric(), "_")
    );
    let admin = Database::connect(quiet(url.to_owned())).await?;
    match backend {
        Backend::Postgres => {
            admin
                .execute_unprepared(&format!("DROP SCHEMA IF EXISTS \"{name}\" CASCADE"))
                .await?;
            admin
                .execute_unprepared(&format!("CREATE SCHEMA \"{name}\""))
                .await?;
            admin.close().await?;
            let mut options = quiet(url.to_owned());
            options.set_schema_search_path(name);
            Database::connect(options).await
        }
        Backend::MySql | Backend::Sqlite => {
            admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS `{name}`"))
                .await?;
            admin
                .execute_unprepared(&format!("CREATE DATABASE `{name}`"))
                .await?;
            admin.close().await?;
            let base = url.rsplit_once('/').map_or(url, |(base, _)| base);
            Database::connect(quiet(format!("{base}/{name}"))).await
        }
    }
}

fn quiet(url: String) -> ConnectOptions {
    let mut options = ConnectOptions::new(url);
    options.max_connections(4).sqlx_logging(false);
    options
}

async fn create_tables(db: &DatabaseConnection) -> Result<(), DbErr> {
    let backend: DbBackend = db.get_database_backend();
    let schema = Schema::new(backend);
    for statement in [
        schema.create_table_from_entity(user::Entity),
        schema.create_table_from_entity(post::Entity),
        schema.create_table_from_entity(team::Entity),
        schema.create_table_from_entity(membership::Entity),
        schema.create_table_from_entity(note::Entity),
    ] {
        db.execute(&statement).await?;
    }
    Ok(())
}

/// One `#[tokio::test]` per backend for an `async fn(DatabaseConnection)`
/// scenario; PostgreSQL and MariaDB tests are ignored, with the reason, when
/// their URL was not set at build time.
#[macro_export]
macro_rules! on_every_backend {
    ($($scenario:ident),* $(,)?) => {
        $(
            mod $scenario {
                use $crate::db::{fresh, Backend};

                #[tokio::test]
                async fn sqlite() {
                    let db = fresh(Backend::Sqlite, concat!(stringify!($scenario), "_sqlite")).await.expect("sqlite");
                    super::$scenario(db.expect("sqlite always runs")).await;
                }

                #[tokio::test]
                #[cfg_attr(not(harden_postgres), ignore = "HARDEN_TEST_POSTGRES_URL not set: PostgreSQL not tested")]
                async fn postgres() {
                    if let Some(db) = fresh(Backend::Postgres, concat!(stringify!($scenario), "_pg")).await.expect("postgres") {
                        super::$scenario(db).await;
                    }
                }

                #[tokio::test]
                #[cfg_attr(not(harden_mysql), ignore = "HARDEN_TEST_MYSQL_URL not set: MariaDB not tested")]
                async fn mariadb() {
                    if let Some(db) = fresh(Backend::MySql, concat!(stringify!($scenario), "_my")).await.expect("mariadb") {
                        super::$scenario(db).await;
                    }
                }
            }
        )*
    };
}
