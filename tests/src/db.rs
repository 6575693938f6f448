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
    /// The environment variable holding this backend's URL (none: SQLite).
    pub fn url_var(self) -> Option<&'static str> {
        match self {
            Backend::Sqlite => None,
            Backend::Postgres => Some("HARDEN_TEST_POSTGRES_URL"),
            Backend::MySql => Some("HARDEN_TEST_MYSQL_URL"),
        }
    }

    /// The URL this backend was configured with when the tests were built
    /// (see build.rs). A configured test must reach its server, so it uses
    /// this when the variable is missing at run time instead of skipping.
    fn built_url(self) -> Option<&'static str> {
        match self {
            Backend::Sqlite => None,
            Backend::Postgres => option_env!("HARDEN_BUILT_POSTGRES_URL"),
            Backend::MySql => option_env!("HARDEN_BUILT_MYSQL_URL"),
        }
    }

    /// The URL to connect to: the variable, else the one built in; `None`
    /// only when this backend was never configured.
    pub fn url(self) -> Option<String> {
        let var = self.url_var()?;
        std::env::var(var)
            .ok()
            .filter(|url| !url.trim().is_empty())
            .or_else(|| self.built_url().map(str::to_owned))
    }
}

/// A fresh, empty database with the `sd_` tables, private to `test`.
///
/// Returns `Ok(None)` (after saying so on stderr) only when the backend was
/// never configured; the test attribute reports the same as "ignored".
pub async fn fresh(backend: Backend, test: &str) -> Result<Option<DatabaseConnection>, DbErr> {
    let Some(db) = isolated(backend, &format!("sd_{test}"), 4).await? else {
        return Ok(None);
    };
    create_tables(&db).await?;
    Ok(Some(db))
}

/// An empty database named `name` (a PostgreSQL schema or a MariaDB
/// database, dropped and created anew; SQLite: a private in-memory one), with
/// a pool of `connections`. `Ok(None)`, after saying so on stderr, when the
/// backend was not configured at build or run time; a configured backend
/// that cannot be reached is an error.
pub async fn isolated(
    backend: Backend,
    name: &str,
    connections: u32,
) -> Result<Option<DatabaseConnection>, DbErr> {
    let Some(var) = backend.url_var() else {
        // Every pooled connection would open its own empty in-memory
        // database; one connection keeps one database.
        return Database::connect(options("sqlite::memory:".to_owned(), 1))
            .await
            .map(Some);
    };
    let Some(url) = backend.url() else {
        eprintln!("skipped: {var} is not set, so {name} did not run on {backend:?}");
        return Ok(None);
    };
    let name = name.replace(|c: char| !c.is_ascii_alphanumeric(), "_");
    let admin = Database::connect(options(url.clone(), 1)).await?;
    let db = match backend {
        Backend::Postgres => {
            admin
                .execute_unprepared(&format!("DROP SCHEMA IF EXISTS \"{name}\" CASCADE"))
                .await?;
            admin
                .execute_unprepared(&format!("CREATE SCHEMA \"{name}\""))
                .await?;
            let mut options = options(url, connections);
            options.set_schema_search_path(name);
            Database::connect(options).await?
        }
        Backend::MySql | Backend::Sqlite => {
            admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS `{name}`"))
                .await?;
            admin
                .execute_unprepared(&format!("CREATE DATABASE `{name}`"))
                .await?;
            let base = url.rsplit_once('/').map_or(url.as_str(), |(base, _)| base);
            Database::connect(options(format!("{base}/{name}"), connections)).await?
        }
    };
    admin.close().await?;
    Ok(Some(db))
}

fn options(url: String, connections: u32) -> ConnectOptions {
    let mut options = ConnectOptions::new(url);
    options.max_connections(connections).sqlx_logging(false);
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
