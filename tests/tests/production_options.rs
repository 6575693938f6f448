//! `ProductionOptions` against real servers: the statement timeout cancels a statement that
//! runs longer (PostgreSQL `statement_timeout`, MariaDB `max_statement_time` set on each
//! pooled connection), and an exhausted pool gives up after the acquire timeout instead of
//! queueing.

use std::time::Duration;

use harden_runtime::ProductionOptions;
use harden_tests::db::Backend;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbErr, TransactionTrait};

/// A pool of `connections` with a one-second statement timeout and a short acquire timeout.
async fn connect(backend: Backend, connections: u32) -> DatabaseConnection {
    let url = backend
        .url()
        .unwrap_or_else(|| panic!("{backend:?} is configured but has no URL"));
    let options = ProductionOptions::new(url)
        .max_connections(connections)
        .statement_timeout(Duration::from_secs(1))
        .acquire_timeout(Duration::from_millis(500))
        .build();
    Database::connect(options)
        .await
        .unwrap_or_else(|e| panic!("{backend:?}: {e}"))
}

/// A statement longer than the timeout fails with the server's timeout error; the same
/// pool (every connection of it) still answers short statements.
async fn statement_timeout_cancels(backend: Backend, sleep: &str, error: &str) {
    let db = connect(backend, 3).await;
    for _ in 0..3 {
        let err = db
            .execute_unprepared(sleep)
            .await
            .expect_err("a 3-second statement must be cancelled after 1 second");
        assert!(
            err.to_string().contains(error),
            "{backend:?}: expected `{error}`, got: {err}"
        );
    }
    db.execute_unprepared("SELECT 1")
        .await
        .expect("short statement");
}

/// With the only connection held by a transaction, another statement gives up with an
/// acquire timeout.
async fn exhausted_pool_times_out(backend: Backend) {
    let db = connect(backend, 1).await;
    let txn = db.begin().await.expect("begin");
    let err = db
        .execute_unprepared("SELECT 1")
        .await
        .expect_err("the pool's one connection is taken");
    assert!(
        matches!(err, DbErr::ConnectionAcquire(_)),
        "{backend:?}: expected a connection-acquire error, got: {err:?}"
    );
    txn.rollback().await.expect("rollback");
    db.execute_unprepared("SELECT 1")
        .await
        .expect("the connection is free again");
}

#[tokio::test]
#[cfg_attr(
    not(harden_postgres),
    ignore = "HARDEN_TEST_POSTGRES_URL not set: PostgreSQL not tested"
)]
async fn postgres_statement_timeout() {
    statement_timeout_cancels(
        Backend::Postgres,
        "SELECT pg_sleep(3)",
        "canceling statement due to statement timeout",
    )
    .await;
}

#[tokio::test]
#[cfg_attr(
    not(harden_mysql),
    ignore = "HARDEN_TEST_MYSQL_URL not set: MariaDB not tested"
)]
async fn mariadb_statement_timeout() {
    statement_timeout_cancels(
        Backend::MySql,
        "SELECT SLEEP(3)",
        "max_statement_time exceeded",
    )
    .await;
}

#[tokio::test]
#[cfg_attr(
    not(harden_postgres),
    ignore = "HARDEN_TEST_POSTGRES_URL not set: PostgreSQL not tested"
)]
async fn postgres_acquire_timeout() {
    exhausted_pool_times_out(Backend::Postgres).await;
}

#[tokio::test]
#[cfg_attr(
    not(harden_mysql),
    ignore = "HARDEN_TEST_MYSQL_URL not set: MariaDB not tested"
)]
async fn mariadb_acquire_timeout() {
    exhausted_pool_times_out(Backend::MySql).await;
}

#[tokio::test]
async fn sqlite_connects_with_production_options() {
    let options = ProductionOptions::new("sqlite::memory:")
        .max_connections(1)
        .build();
    assert_eq!(options.get_statement_timeout(), None);
    assert_eq!(options.get_sqlx_logging_level(), log::LevelFilter::Debug);
    let db = Database::connect(options).await.expect("sqlite");
    db.execute_unprepared("SELECT 1").await.expect("query");
}

#[test]
fn defaults_bound_the_pool_and_both_timeouts() {
    let options = ProductionOptions::new("postgres://app@db.internal/app").build();
    let max = options.get_max_connections().expect("a pool size");
    assert!((4..=32).contains(&max), "{max}");
    assert_eq!(options.get_acquire_timeout(), Some(Duration::from_secs(5)));
    assert_eq!(
        options.get_statement_timeout(),
        Some(Duration::from_secs(30))
    );
    assert!(options.get_sqlx_logging());
    assert_eq!(options.get_sqlx_logging_level(), log::LevelFilter::Debug);
}
