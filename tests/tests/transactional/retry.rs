//! `retry = N`: a serialization failure or deadlock re-runs the whole body,
//! whether it surfaced in the body or at COMMIT; only the outermost level
//! retries; other errors never do.

use crate::support::{AppError, count, insert, item, value_of};
use crate::{on_every_backend, on_mariadb, on_postgres};
use harden_runtime::transactional;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection, DbErr, IsolationLevel,
    TransactionTrait,
};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering::SeqCst};
use tokio::sync::Notify;

on_every_backend!(business_errors_are_not_retried);

/// Two connections to one SQLite file: a writer holding the lock makes the
/// other's write fail with SQLITE_BUSY once its busy timeout runs out.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retries_sqlite_busy() {
    use std::time::Duration;

    let path = std::env::temp_dir().join(format!("tx_busy_{}.sqlite", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let mut options = sea_orm::ConnectOptions::new(format!("sqlite://{}?mode=rwc", path.display()));
    options.max_connections(2).sqlx_logging(false);
    let db = sea_orm::Database::connect(options)
        .await
        .expect("sqlite file");
    crate::support::create_table(&db, item::Entity)
        .await
        .expect("tx_items");
    seed(&db, [1]).await;

    let held = Arc::new(Notify::new());
    let holder = {
        let (db, held) = (db.clone(), Arc::clone(&held));
        tokio::spawn(async move {
            let txn = db.begin().await?;
            exec(&txn, "UPDATE tx_items SET v = v + 100 WHERE id = 1").await?;
            held.notify_one();
            tokio::time::sleep(Duration::from_millis(250)).await;
            txn.commit().await
        })
    };
    held.notified().await;
    let attempts = AtomicU32::new(0);
    bump_when_free(&db, &attempts)
        .await
        .expect("a retry succeeds");
    holder.await.expect("joins").expect("the holder commits");
    assert!(
        attempts.load(SeqCst) >= 2,
        "the first attempt found the file locked"
    );
    assert_eq!(value_of(&db, 1).await.expect("reads"), 101, "applied once");
    db.close().await.expect("closed");
    let _ = std::fs::remove_file(&path);
}

/// Waits at most 100 ms for the write lock, then fails with SQLITE_BUSY.
#[transactional(retry = 10)]
async fn bump_when_free(db: &DatabaseConnection, attempts: &AtomicU32) -> Result<(), DbErr> {
    attempts.fetch_add(1, SeqCst);
    exec(db, "PRAGMA busy_timeout = 100").await?;
    exec(db, "UPDATE tx_items SET v = v + 1 WHERE id = 1").await
}
on_postgres!(
    retries_a_serialization_failure_in_the_body,
    retries_a_serialization_failure_at_commit,
    only_the_outermost_level_retries,
);
on_mariadb!(retries_a_deadlock, retries_a_lock_wait_timeout);

async fn seed(db: &DatabaseConnection, ids: impl IntoIterator<Item = i32>) {
    for id in ids {
        item::ActiveModel {
            id: Set(id),
            label: Set(format!("item {id}")),
            v: Set(0),
        }
        .insert(db)
        .await
        .expect("seeded");
    }
}

async fn exec(db: &impl ConnectionTrait, sql: &str) -> Result<(), DbErr> {
    db.execute_unprepared(sql).await.map(drop)
}

#[transactional(retry = 3)]
async fn reject(db: &DatabaseConnection, attempts: &AtomicU32) -> Result<(), AppError> {
    attempts.fetch_add(1, SeqCst);
    insert(db, 1, "rejected").await?;
    Err(AppError::Rejected("not a serialization failure"))
}

#[transactional(retry = 3)]
async fn duplicate(db: &DatabaseConnection, attempts: &AtomicU32) -> Result<(), DbErr> {
    attempts.fetch_add(1, SeqCst);
    insert(db, 2, "first").await?;
    insert(db, 2, "again").await
}

async fn business_errors_are_not_retried(db: DatabaseConnection) {
    let attempts = AtomicU32::new(0);
    assert!(reject(&db, &attempts).await.is_err());
    assert_eq!(attempts.load(SeqCst), 1);
    let attempts = AtomicU32::new(0);
    assert!(duplicate(&db, &attempts).await.is_err());
    assert_eq!(attempts.load(SeqCst), 1, "a duplicate key is not retryable");
    assert_eq!(count(&db).await, 0);
}

mod retries_a_serialization_failure_in_the_body {
    use super::*;

    /// On the first attempt another connection updates item 1 between this
    /// transaction's read and its write: REPEATABLE READ refuses the write
    /// with SQLSTATE 40001, and the second attempt succeeds.
    #[transactional(conn = db, isolation = repeatable_read, retry = 3)]
    async fn bump_after_interference(
        db: &DatabaseConnection,
        other: &DatabaseConnection,
        attempts: &AtomicU32,
    ) -> Result<i64, AppError> {
        let attempt = attempts.fetch_add(1, SeqCst) + 1;
        let seen = value_of(db, 1).await?;
        if attempt == 1 {
            exec(other, "UPDATE tx_items SET v = v + 1 WHERE id = 1").await?;
        }
        exec(db, "UPDATE tx_items SET v = v + 10 WHERE id = 1").await?;
        Ok(seen)
    }

    pub(super) async fn run(db: DatabaseConnection) {
        seed(&db, [1]).await;
        let attempts = AtomicU32::new(0);
        let seen = bump_after_interference(&db, &db, &attempts)
            .await
            .expect("the retry succeeds");
        assert_eq!(attempts.load(SeqCst), 2);
        assert_eq!(seen, 1, "the second attempt saw the other commit");
        assert_eq!(value_of(&db, 1).await.expect("reads"), 11, "applied once");
    }
}

mod retries_a_serialization_failure_at_commit {
    use super::*;

    #[derive(Default)]
    struct Steps {
        ours_read: Notify,
        theirs_read: Notify,
        ours_wrote: Notify,
        theirs_committed: Notify,
    }

    /// Write skew under SERIALIZABLE: both transactions read items 1 and 2,
    /// each writes one. Theirs commits first, so ours fails at COMMIT, after
    /// the body returned `Ok`.
    #[transactional(isolation = serializable, retry = 3)]
    async fn write_skew(
        db: &DatabaseConnection,
        steps: &Steps,
        attempts: &AtomicU32,
        bodies_ok: &AtomicU32,
    ) -> Result<(), DbErr> {
        let attempt = attempts.fetch_add(1, SeqCst) + 1;
        let _sum = value_of(db, 1).await? + value_of(db, 2).await?;
        if attempt == 1 {
            steps.ours_read.notify_one();
            steps.theirs_read.notified().await;
        }
        exec(db, "UPDATE tx_items SET v = v + 1 WHERE id = 1").await?;
        if attempt == 1 {
            steps.ours_wrote.notify_one();
            steps.theirs_committed.notified().await;
        }
        bodies_ok.fetch_add(1, SeqCst);
        Ok(())
    }

    async fn theirs(db: DatabaseConnection, steps: Arc<Steps>) -> Result<(), DbErr> {
        let txn = db
            .begin_with_config(Some(IsolationLevel::Serializable), None)
            .await?;
        let _sum = value_of(&txn, 1).await? + value_of(&txn, 2).await?;
        steps.theirs_read.notify_one();
        steps.ours_wrote.notified().await;
        exec(&txn, "UPDATE tx_items SET v = v + 100 WHERE id = 2").await?;
        txn.commit().await?;
        steps.theirs_committed.notify_one();
        Ok(())
    }

    pub(super) async fn run(db: DatabaseConnection) {
        seed(&db, [1, 2]).await;
        let steps = Arc::new(Steps::default());
        let theirs = tokio::spawn(theirs(db.clone(), Arc::clone(&steps)));
        let (attempts, bodies_ok) = (AtomicU32::new(0), AtomicU32::new(0));
        write_skew(&db, &steps, &attempts, &bodies_ok)
            .await
            .expect("the retry succeeds");
        theirs.await.expect("joins").expect("theirs commits first");
        assert_eq!(attempts.load(SeqCst), 2);
        assert_eq!(
            bodies_ok.load(SeqCst),
            2,
            "the first attempt's body returned Ok: it failed at COMMIT"
        );
        assert_eq!(value_of(&db, 1).await.expect("reads"), 1, "applied once");
        assert_eq!(value_of(&db, 2).await.expect("reads"), 100);
    }
}

mod only_the_outermost_level_retries {
    use super::*;

    /// Called with the outer transaction, so it is a savepoint: it must not
    /// retry, even with `retry` set, because PostgreSQL has aborted the
    /// whole transaction.
    #[transactional(conn = db, retry = 3)]
    async fn inner<C>(
        db: &C,
        other: &DatabaseConnection,
        interfere: bool,
        attempts: &AtomicU32,
    ) -> Result<(), AppError>
    where
        C: ConnectionTrait + TransactionTrait,
    {
        attempts.fetch_add(1, SeqCst);
        value_of(db, 1).await?;
        if interfere {
            exec(other, "UPDATE tx_items SET v = v + 1 WHERE id = 1").await?;
        }
        exec(db, "UPDATE tx_items SET v = v + 10 WHERE id = 1").await?;
        Ok(())
    }

    #[transactional(conn = db, isolation = repeatable_read, retry = 3)]
    async fn outer(
        db: &DatabaseConnection,
        other: &DatabaseConnection,
        outer_attempts: &AtomicU32,
        inner_attempts: &AtomicU32,
    ) -> Result<(), AppError> {
        let attempt = outer_attempts.fetch_add(1, SeqCst) + 1;
        inner(db, other, attempt == 1, inner_attempts).await?;
        Ok(())
    }

    pub(super) async fn run(db: DatabaseConnection) {
        seed(&db, [1]).await;
        let (outer_attempts, inner_attempts) = (AtomicU32::new(0), AtomicU32::new(0));
        outer(&db, &db, &outer_attempts, &inner_attempts)
            .await
            .expect("the outer retry succeeds");
        assert_eq!(outer_attempts.load(SeqCst), 2);
        assert_eq!(
            inner_attempts.load(SeqCst),
            2,
            "once per outer attempt: the savepoint did not retry by itself"
        );
        assert_eq!(value_of(&db, 1).await.expect("reads"), 11);
    }
}

mod retries_a_deadlock {
    use super::*;

    #[derive(Default)]
    struct Steps {
        ours_locked: Notify,
        theirs_locked: Notify,
    }

    /// Locks item 1, then item 2, while the other transaction locks 2 then
    /// 1. InnoDB rolls back the lighter transaction, ours, with error 1213.
    #[transactional(retry = 3)]
    async fn lock_one_then_two(
        db: &DatabaseConnection,
        steps: &Steps,
        attempts: &AtomicU32,
    ) -> Result<(), DbErr> {
        let attempt = attempts.fetch_add(1, SeqCst) + 1;
        exec(db, "UPDATE tx_items SET v = v + 1 WHERE id = 1").await?;
        if attempt == 1 {
            steps.ours_locked.notify_one();
            steps.theirs_locked.notified().await;
        }
        exec(db, "UPDATE tx_items SET v = v + 1 WHERE id = 2").await
    }

    async fn theirs(db: DatabaseConnection, steps: Arc<Steps>) -> Result<(), DbErr> {
        let txn = db.begin().await?;
        // Many changed rows make this transaction the heavier one, which
        // InnoDB keeps.
        exec(&txn, "UPDATE tx_items SET v = v + 1 WHERE id >= 100").await?;
        exec(&txn, "UPDATE tx_items SET v = v + 100 WHERE id = 2").await?;
        steps.theirs_locked.notify_one();
        steps.ours_locked.notified().await;
        exec(&txn, "UPDATE tx_items SET v = v + 100 WHERE id = 1").await?;
        txn.commit().await
    }

    pub(super) async fn run(db: DatabaseConnection) {
        seed(&db, [1, 2].into_iter().chain(100..140)).await;
        let steps = Arc::new(Steps::default());
        let theirs = tokio::spawn(theirs(db.clone(), Arc::clone(&steps)));
        let attempts = AtomicU32::new(0);
        lock_one_then_two(&db, &steps, &attempts)
            .await
            .expect("the retry succeeds");
        theirs.await.expect("joins").expect("theirs survives");
        assert_eq!(attempts.load(SeqCst), 2);
        assert_eq!(value_of(&db, 1).await.expect("reads"), 101, "applied once");
        assert_eq!(value_of(&db, 2).await.expect("reads"), 101);
    }
}

mod retries_a_lock_wait_timeout {
    use super::*;
    use std::time::Duration;

    /// Waits at most a second for item 1, which another transaction holds
    /// for longer: MySQL error 1205 (SQLSTATE HY000, told apart by its
    /// number), then a second attempt that gets the lock.
    #[transactional(retry = 3)]
    async fn bump_when_free(
        db: &DatabaseConnection,
        held: &Notify,
        attempts: &AtomicU32,
    ) -> Result<(), DbErr> {
        if attempts.fetch_add(1, SeqCst) == 0 {
            held.notified().await;
        }
        exec(db, "SET SESSION innodb_lock_wait_timeout = 1").await?;
        exec(db, "UPDATE tx_items SET v = v + 1 WHERE id = 1").await
    }

    pub(super) async fn run(db: DatabaseConnection) {
        seed(&db, [1]).await;
        let held = Arc::new(Notify::new());
        let holder = {
            let (db, held) = (db.clone(), Arc::clone(&held));
            tokio::spawn(async move {
                let txn = db.begin().await?;
                exec(&txn, "UPDATE tx_items SET v = v + 100 WHERE id = 1").await?;
                held.notify_one();
                tokio::time::sleep(Duration::from_millis(1_600)).await;
                txn.commit().await
            })
        };
        let attempts = AtomicU32::new(0);
        bump_when_free(&db, &held, &attempts)
            .await
            .expect("the retry succeeds");
        holder.await.expect("joins").expect("the holder commits");
        assert_eq!(attempts.load(SeqCst), 2);
        assert_eq!(value_of(&db, 1).await.expect("reads"), 101, "applied once");
    }
}
