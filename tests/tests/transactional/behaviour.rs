//! Commit, rollback (Err, `?`, early return, panic, cancellation) and
//! savepoints, on every backend.

use crate::on_every_backend;
use crate::support::{AppError, count, insert, labels};
use harden_runtime::transactional;
use sea_orm::{ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr, TransactionTrait};
use std::time::Duration;

on_every_backend!(
    commits_on_ok,
    rolls_back_on_err,
    rolls_back_on_question_mark,
    rolls_back_on_early_return,
    rolls_back_on_panic,
    rolls_back_on_cancellation,
    nested_err_rolls_back_only_its_savepoint,
    outer_err_rolls_back_nested_work,
    joins_a_hand_written_transaction,
);

#[transactional]
async fn add_two(db: &DatabaseConnection, first: i32, second: i32) -> Result<(), DbErr> {
    insert(db, first, "first").await?;
    insert(db, second, "second").await?;
    Ok(())
}

async fn commits_on_ok(db: DatabaseConnection) {
    add_two(&db, 1, 2).await.expect("both inserts succeed");
    assert_eq!(labels(&db).await, ["first", "second"]);
}

#[transactional]
async fn add_then_reject(db: &DatabaseConnection) -> Result<(), AppError> {
    insert(db, 1, "written").await?;
    Err(AppError::Rejected("business rule"))
}

async fn rolls_back_on_err(db: DatabaseConnection) {
    let err = add_then_reject(&db).await.expect_err("the body fails");
    assert!(
        matches!(err, AppError::Rejected("business rule")),
        "{err:?}"
    );
    assert_eq!(
        count(&db).await,
        0,
        "the insert before the Err is rolled back"
    );
}

async fn rolls_back_on_question_mark(db: DatabaseConnection) {
    // The second insert hits the primary key of the first: `?` returns the
    // DbErr, and the first insert goes with it.
    let err = add_two(&db, 7, 7).await.expect_err("duplicate key");
    assert!(matches!(err, DbErr::Exec(_) | DbErr::Query(_)), "{err:?}");
    assert_eq!(count(&db).await, 0);
}

#[transactional]
async fn add_unless_odd(db: &DatabaseConnection, id: i32) -> Result<&'static str, AppError> {
    insert(db, id, "kept?").await?;
    if id % 2 == 1 {
        return Err(AppError::Rejected("odd"));
    }
    insert(db, id + 100, "second").await?;
    Ok("even")
}

async fn rolls_back_on_early_return(db: DatabaseConnection) {
    assert!(matches!(
        add_unless_odd(&db, 1).await,
        Err(AppError::Rejected("odd"))
    ));
    assert_eq!(count(&db).await, 0, "the early return rolled back");
    assert_eq!(add_unless_odd(&db, 2).await.expect("even commits"), "even");
    assert_eq!(count(&db).await, 2);
}

#[transactional]
async fn add_then_panic(db: &DatabaseConnection) -> Result<(), DbErr> {
    insert(db, 1, "before the panic").await?;
    panic!("the body panics mid-transaction");
}

async fn rolls_back_on_panic(db: DatabaseConnection) {
    let handle = db.clone();
    let outcome = tokio::spawn(async move { add_then_panic(&handle).await }).await;
    assert!(outcome.expect_err("the task panicked").is_panic());
    assert_eq!(count(&db).await, 0, "the dropped transaction rolled back");
    add_two(&db, 1, 2)
        .await
        .expect("the connection is usable again");
}

#[transactional]
async fn add_then_wait_forever(db: &DatabaseConnection) -> Result<(), DbErr> {
    insert(db, 1, "before the cancellation").await?;
    std::future::pending::<()>().await;
    Ok(())
}

async fn rolls_back_on_cancellation(db: DatabaseConnection) {
    let outcome =
        tokio::time::timeout(Duration::from_millis(200), add_then_wait_forever(&db)).await;
    assert!(outcome.is_err(), "the future was dropped mid-transaction");
    assert_eq!(count(&db).await, 0, "the dropped transaction rolled back");
    add_two(&db, 1, 2)
        .await
        .expect("the connection is usable again");
    assert_eq!(count(&db).await, 2);
}

/// Code a transaction is passed to takes `&C` / `&impl ...`, so it accepts
/// a pool, a transaction or a savepoint alike.
#[transactional]
async fn add_one<C>(db: &C, id: i32, fail: bool) -> Result<(), AppError>
where
    C: ConnectionTrait + TransactionTrait,
{
    insert(db, id, "nested").await?;
    if fail {
        return Err(AppError::Rejected("nested failure"));
    }
    Ok(())
}

#[transactional]
async fn outer_handles_nested_failure(db: &DatabaseConnection) -> Result<(), AppError> {
    insert(db, 1, "outer").await?;
    add_one(db, 2, false).await?;
    // The caller handles the nested error: only the nested savepoint is
    // rolled back, and the outer transaction goes on to commit.
    let nested = add_one(db, 3, true).await;
    assert!(matches!(nested, Err(AppError::Rejected(_))));
    insert(db, 4, "after").await?;
    Ok(())
}

async fn nested_err_rolls_back_only_its_savepoint(db: DatabaseConnection) {
    outer_handles_nested_failure(&db)
        .await
        .expect("outer commits");
    assert_eq!(labels(&db).await, ["outer", "nested", "after"]);
}

#[transactional]
async fn outer_fails_after_nested(db: &DatabaseConnection) -> Result<(), AppError> {
    add_one(db, 1, false).await?;
    insert(db, 2, "outer").await?;
    Err(AppError::Rejected("outer failure"))
}

async fn outer_err_rolls_back_nested_work(db: DatabaseConnection) {
    assert!(outer_fails_after_nested(&db).await.is_err());
    assert_eq!(
        count(&db).await,
        0,
        "the committed savepoint went with its transaction"
    );
}

#[transactional]
async fn add_in(db: &DatabaseTransaction, id: i32, fail: bool) -> Result<(), AppError> {
    insert(db, id, "savepoint").await?;
    if fail {
        return Err(AppError::Rejected("nested failure"));
    }
    Ok(())
}

async fn joins_a_hand_written_transaction(db: DatabaseConnection) {
    let txn = db.begin().await.expect("begin");
    add_in(&txn, 1, false).await.expect("savepoint released");
    add_in(&txn, 2, true)
        .await
        .expect_err("savepoint rolled back");
    add_one(&txn, 3, false).await.expect("savepoint released");
    assert_eq!(labels(&txn).await, ["savepoint", "nested"]);
    txn.rollback().await.expect("rollback");
    assert_eq!(count(&db).await, 0, "the hand-written transaction decides");
}
