//! `isolation`, `read_only` and `timeout`: applied where the backend has
//! them, ignored (as documented) where it does not, and never at a nested
//! level, where a savepoint shares its transaction's settings.

use crate::on_every_backend;
use crate::support::{backend, count, insert, item, sqlstate, value_of};
use harden_runtime::transactional;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection, DbBackend, DbErr,
    TransactionTrait,
};

on_every_backend!(
    isolation_is_applied,
    read_only_is_applied,
    timeout_applies_to_postgres,
    nested_options_are_ignored,
);

async fn seed(db: &DatabaseConnection) {
    item::ActiveModel {
        id: Set(1),
        label: Set("seed".to_owned()),
        v: Set(0),
    }
    .insert(db)
    .await
    .expect("seeded");
}

async fn bump(db: &impl ConnectionTrait) {
    db.execute_unprepared("UPDATE tx_items SET v = v + 1 WHERE id = 1")
        .await
        .expect("bumped");
}

/// Reads item 1 twice, with a commit from another connection in between.
#[transactional(conn = db, isolation = repeatable_read)]
async fn read_twice_repeatable(
    db: &DatabaseConnection,
    other: &DatabaseConnection,
) -> Result<(i64, i64), DbErr> {
    let first = value_of(db, 1).await?;
    bump(other).await;
    Ok((first, value_of(db, 1).await?))
}

#[transactional(conn = db, isolation = read_committed)]
async fn read_twice_committed(
    db: &DatabaseConnection,
    other: &DatabaseConnection,
) -> Result<(i64, i64), DbErr> {
    let first = value_of(db, 1).await?;
    bump(other).await;
    Ok((first, value_of(db, 1).await?))
}

#[transactional(isolation = serializable)]
async fn serializable_write(db: &DatabaseConnection) -> Result<Option<String>, DbErr> {
    insert(db, 2, "serializable").await?;
    if backend(db) != DbBackend::Postgres {
        return Ok(None);
    }
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(
            DbBackend::Postgres,
            "SHOW transaction_isolation",
        ))
        .await?
        .expect("one row");
    Ok(Some(row.try_get_by_index(0)?))
}

async fn isolation_is_applied(db: DatabaseConnection) {
    seed(&db).await;
    let level = serializable_write(&db).await.expect("commits");
    if backend(&db) == DbBackend::Sqlite {
        // Ignored: every SQLite transaction is already SERIALIZABLE.
        assert_eq!(count(&db).await, 2);
        return;
    }
    if backend(&db) == DbBackend::Postgres {
        assert_eq!(level.as_deref(), Some("serializable"));
    }
    assert_eq!(
        read_twice_repeatable(&db, &db).await.expect("reads"),
        (0, 0),
        "REPEATABLE READ keeps the first snapshot"
    );
    assert_eq!(
        read_twice_committed(&db, &db).await.expect("reads"),
        (1, 2),
        "READ COMMITTED sees the other commit"
    );
}

#[transactional(read_only)]
async fn write_in_read_only(db: &DatabaseConnection) -> Result<(), DbErr> {
    insert(db, 1, "read only?").await
}

async fn read_only_is_applied(db: DatabaseConnection) {
    let outcome = write_in_read_only(&db).await;
    if backend(&db) == DbBackend::Sqlite {
        // Ignored: SQLite has no read-only transactions.
        outcome.expect("SQLite writes");
        assert_eq!(count(&db).await, 1);
        return;
    }
    let err = outcome.expect_err("a read-only transaction refuses the write");
    assert_eq!(sqlstate(&err).as_deref(), Some("25006"), "{err}");
    assert_eq!(count(&db).await, 0);
}

#[transactional(timeout = "200ms")]
async fn sleep_for(db: &DatabaseConnection, seconds: f64) -> Result<(), DbErr> {
    let sql = match backend(db) {
        DbBackend::Postgres => format!("SELECT pg_sleep({seconds})"),
        DbBackend::MySql => format!("SELECT SLEEP({seconds})"),
        _ => "SELECT 1".to_owned(),
    };
    db.execute_unprepared(&sql).await?;
    insert(db, 1, "after the sleep").await
}

async fn timeout_applies_to_postgres(db: DatabaseConnection) {
    let outcome = sleep_for(&db, 1.0).await;
    if backend(&db) != DbBackend::Postgres {
        // Ignored: the option sets PostgreSQL's statement_timeout.
        outcome.expect("no timeout outside PostgreSQL");
        assert_eq!(count(&db).await, 1);
        return;
    }
    let err = outcome.expect_err("the statement runs past the timeout");
    assert_eq!(sqlstate(&err).as_deref(), Some("57014"), "{err}");
    assert_eq!(count(&db).await, 0);
    // SET LOCAL ended with the transaction: no pooled connection kept it.
    let mut held = Vec::new();
    for _ in 0..4 {
        let txn = db.begin().await.expect("begin");
        let row = txn
            .query_one_raw(sea_orm::Statement::from_string(
                DbBackend::Postgres,
                "SHOW statement_timeout",
            ))
            .await
            .expect("show")
            .expect("one row");
        let timeout: String = row.try_get_by_index(0).expect("text");
        assert_eq!(timeout, "0");
        held.push(txn);
    }
}

/// Options that would fail inside a transaction (`SET TRANSACTION` after the
/// first statement) are not sent for a savepoint. (`read_only` inside a
/// read-write transaction is an error: see `propagation.rs`.)
#[transactional(isolation = serializable, timeout = "1s")]
async fn nested_with_options<C>(db: &C) -> Result<Option<String>, DbErr>
where
    C: ConnectionTrait + TransactionTrait,
{
    insert(db, 2, "nested").await?;
    if db.get_database_backend() != DbBackend::Postgres {
        return Ok(None);
    }
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(
            DbBackend::Postgres,
            "SHOW transaction_isolation",
        ))
        .await?
        .expect("one row");
    Ok(Some(row.try_get_by_index(0)?))
}

#[transactional]
async fn outer_with_defaults(db: &DatabaseConnection) -> Result<Option<String>, DbErr> {
    insert(db, 1, "outer").await?;
    nested_with_options(db).await
}

async fn nested_options_are_ignored(db: DatabaseConnection) {
    let level = outer_with_defaults(&db)
        .await
        .expect("the savepoint writes, in the outer transaction's isolation");
    assert_eq!(count(&db).await, 2);
    if backend(&db) == DbBackend::Postgres {
        assert_eq!(level.as_deref(), Some("read committed"));
    }
}
