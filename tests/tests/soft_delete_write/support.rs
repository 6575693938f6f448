//! Databases for the write-side tests, and the SQL they run.
//!
//! Each test gets its own PostgreSQL schema or MariaDB database named
//! `sw_<test>` (SQLite: a private in-memory database), with the tables of
//! `entities`. [`Statements`] records every statement SeaORM sends, as the
//! text with placeholders, so a test can compare it with the SQL SeaORM's
//! builder makes for the hand-written query.

use crate::entities::{
    author, author_tag, badge, book, chapter, club, follow, member, memo, person, profile, tag,
};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryTrait, Schema};
use std::sync::{Arc, Mutex};

pub use harden_tests::db::Backend;

/// A private, empty database for `test` with the `sw_` tables; `None`
/// (after printing why) when the backend's URL is not set.
pub async fn fresh(backend: Backend, test: &str) -> Option<DatabaseConnection> {
    let db = harden_tests::db::isolated(backend, &format!("sw_{test}"), 4)
        .await
        .unwrap_or_else(|err| panic!("{backend:?}: {err}"))?;
    create_tables(&db)
        .await
        .unwrap_or_else(|err| panic!("{backend:?}: {err}"));
    Some(db)
}

async fn create_tables(db: &DatabaseConnection) -> Result<(), DbErr> {
    let schema = Schema::new(db.get_database_backend());
    // Parents before children: the foreign keys are created with the tables.
    create(db, &schema, author::Entity).await?;
    create(db, &schema, book::Entity).await?;
    create(db, &schema, chapter::Entity).await?;
    create(db, &schema, profile::Entity).await?;
    create(db, &schema, memo::Entity).await?;
    create(db, &schema, tag::Entity).await?;
    create(db, &schema, author_tag::Entity).await?;
    create(db, &schema, club::Entity).await?;
    create(db, &schema, member::Entity).await?;
    create(db, &schema, badge::Entity).await?;
    create(db, &schema, person::Entity).await?;
    create(db, &schema, follow::Entity).await?;
    Ok(())
}

async fn create<E: EntityTrait>(
    db: &DatabaseConnection,
    schema: &Schema,
    entity: E,
) -> Result<(), DbErr> {
    db.execute(&schema.create_table_from_entity(entity)).await?;
    Ok(())
}

/// Every statement run on a connection since the last [`Statements::take`].
#[derive(Clone, Default)]
pub struct Statements(Arc<Mutex<Vec<String>>>);

impl Statements {
    /// Starts recording `db`'s statements (also those run in transactions
    /// begun on it).
    pub fn record(db: &mut DatabaseConnection) -> Self {
        let statements = Statements::default();
        let log = statements.clone();
        db.set_metric_callback(move |info| {
            log.0
                .lock()
                .expect("statement log")
                .push(info.statement.sql.clone());
        });
        statements
    }

    /// The statements recorded so far, and a fresh start.
    pub fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.0.lock().expect("statement log"))
    }

    /// The `UPDATE`, `DELETE` and `INSERT` statements recorded so far, and a
    /// fresh start.
    pub fn take_writes(&self) -> Vec<String> {
        self.take()
            .into_iter()
            .filter(|sql| !sql.starts_with("SELECT"))
            .collect()
    }
}

/// The SQL (with placeholders) SeaORM builds for `query` on `db`'s backend.
pub fn sql<Q: QueryTrait>(db: &DatabaseConnection, query: Q) -> String {
    query.build(db.get_database_backend()).sql
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

                #[tokio::test]
                async fn sqlite() {
                    let db = fresh(Backend::Sqlite, stringify!($scenario)).await;
                    super::$scenario(db.expect("sqlite always runs")).await;
                }

                #[tokio::test]
                #[cfg_attr(not(harden_postgres), ignore = "skipped: HARDEN_TEST_POSTGRES_URL not set")]
                async fn postgres() {
                    if let Some(db) = fresh(Backend::Postgres, stringify!($scenario)).await {
                        super::$scenario(db).await;
                    }
                }

                #[tokio::test]
                #[cfg_attr(not(harden_mysql), ignore = "skipped: HARDEN_TEST_MYSQL_URL not set")]
                async fn mariadb() {
                    if let Some(db) = fresh(Backend::MySql, stringify!($scenario)).await {
                        super::$scenario(db).await;
                    }
                }
            }
        )*
    };
}
