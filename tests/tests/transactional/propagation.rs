//! Propagation: a `#[transactional]` fn that begins on a pool while the task
//! already has a transaction open on that pool joins it as a savepoint —
//! reached through `self`, another service in a field, a state struct or an
//! accessor — so the outer rollback takes its rows too and a row both update
//! does not lock against itself. `propagation = "requires_new"` begins a
//! transaction of its own; a `read_only` fn refuses to join a writer.

use crate::support::{AppError, backend, count, insert, labels, value_of};
use crate::{on_every_backend, on_every_pool, on_servers};
use harden_runtime::transactional;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, DbErr, Statement};
use std::time::Duration;

on_every_backend!(
    joins_through_self,
    joins_through_a_field,
    joins_through_a_state_struct,
    joins_through_an_accessor,
    same_row_update_does_not_deadlock,
    joined_fn_runs_a_savepoint,
    joined_fn_error_rolls_back_only_its_savepoint,
    read_only_inside_a_writer_is_an_error,
    read_only_inside_read_only_joins,
    another_pool_is_not_joined,
);

on_every_pool!(
    requires_new_commits_independently,
    spawned_task_does_not_join
);

on_servers!(requires_new_runs_on_another_connection);

/// A service as axum state holds one: a clone of the pool.
struct Audit {
    db: DatabaseConnection,
}

impl Audit {
    #[transactional(conn = self.db)]
    async fn record(&self, id: i32) -> Result<(), AppError> {
        insert(&self.db, id, "audit").await?;
        Ok(())
    }

    #[transactional(conn = self.db, propagation = "requires_new")]
    async fn record_independently(&self, id: i32) -> Result<(), AppError> {
        insert(&self.db, id, "independent").await?;
        Ok(())
    }

    #[transactional(conn = self.db, read_only)]
    async fn report(&self) -> Result<u64, AppError> {
        Ok(count(&self.db).await)
    }

    #[transactional(conn = self.db)]
    async fn bump(&self, id: i32) -> Result<(), AppError> {
        bump(&self.db, id).await?;
        Ok(())
    }
}

/// Another service, holding its own clone of the pool and the audit service.
struct Orders {
    db: DatabaseConnection,
    audit: Audit,
}

#[derive(Clone, Copy, Debug)]
enum Path {
    SelfMethod,
    Field,
    Accessor,
}

impl Orders {
    fn new(db: &DatabaseConnection) -> Self {
        Orders {
            db: db.clone(),
            audit: Audit { db: db.clone() },
        }
    }

    /// What a service hands out as "its" connection.
    fn conn(&self) -> &DatabaseConnection {
        &self.db
    }

    #[transactional(conn = self.db)]
    async fn note(&self, id: i32) -> Result<(), AppError> {
        insert(&self.db, id, "note").await?;
        Ok(())
    }

    #[transactional]
    async fn log(db: &DatabaseConnection, id: i32) -> Result<(), AppError> {
        insert(db, id, "log").await?;
        Ok(())
    }

    /// Writes item 1, reaches a `#[transactional]` fn writing item 2 by
    /// `path`, then fails or commits.
    #[transactional(conn = self.db)]
    async fn place(&self, path: Path, fail: bool) -> Result<(), AppError> {
        insert(&self.db, 1, "order").await?;
        match path {
            Path::SelfMethod => self.note(2).await?,
            Path::Field => self.audit.record(2).await?,
            Path::Accessor => Self::log(self.conn(), 2).await?,
        }
        if fail {
            return Err(AppError::Rejected("after the joined call"));
        }
        Ok(())
    }

    #[transactional(conn = self.db)]
    async fn bump_twice(&self, path: Path) -> Result<(), AppError> {
        bump(&self.db, 1).await?;
        match path {
            Path::SelfMethod => self.bump_again(1).await?,
            Path::Field => self.audit.bump(1).await?,
            Path::Accessor => Self::bump_through(self.conn(), 1).await?,
        }
        Ok(())
    }

    #[transactional(conn = self.db)]
    async fn bump_again(&self, id: i32) -> Result<(), AppError> {
        bump(&self.db, id).await?;
        Ok(())
    }

    #[transactional]
    async fn bump_through(db: &DatabaseConnection, id: i32) -> Result<(), AppError> {
        bump(db, id).await?;
        Ok(())
    }
}

/// Axum-style application state: the pool, and services built on it.
struct AppState {
    db: DatabaseConnection,
    orders: Orders,
}

/// A handler-level transaction, reaching a service through the state.
#[transactional(conn = state.db)]
async fn checkout(state: &AppState, fail: bool) -> Result<(), AppError> {
    insert(&state.db, 1, "checkout").await?;
    state.orders.note(2).await?;
    state.orders.audit.record(3).await?;
    if fail {
        return Err(AppError::Rejected("after the joined calls"));
    }
    Ok(())
}

async fn bump(db: &impl ConnectionTrait, id: i32) -> Result<(), DbErr> {
    db.execute_unprepared(&format!("UPDATE tx_items SET v = v + 1 WHERE id = {id}"))
        .await?;
    Ok(())
}

/// A call that does not join its caller's transaction waits for a pooled
/// connection (SQLite: the one connection) or a row lock held by that
/// caller; this bounds the wait so the test fails instead of hanging.
async fn bounded<T>(call: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(10), call)
        .await
        .expect(
            "the call finished: it did not wait for a lock or a connection its own caller holds",
        )
}

async fn joins_by(db: DatabaseConnection, path: Path, joined: &str) {
    let orders = Orders::new(&db);
    let outcome = bounded(orders.place(path, true)).await;
    assert!(matches!(outcome, Err(AppError::Rejected(_))), "{outcome:?}");
    assert_eq!(
        count(&db).await,
        0,
        "the outer rollback removed the joined fn's row ({path:?})"
    );
    bounded(orders.place(path, false))
        .await
        .expect("both commit");
    assert_eq!(labels(&db).await, ["order", joined]);
}

async fn joins_through_self(db: DatabaseConnection) {
    joins_by(db, Path::SelfMethod, "note").await;
}

async fn joins_through_a_field(db: DatabaseConnection) {
    joins_by(db, Path::Field, "audit").await;
}

async fn joins_through_an_accessor(db: DatabaseConnection) {
    joins_by(db, Path::Accessor, "log").await;
}

async fn joins_through_a_state_struct(db: DatabaseConnection) {
    let state = AppState {
        db: db.clone(),
        orders: Orders::new(&db),
    };
    let outcome = bounded(checkout(&state, true)).await;
    assert!(matches!(outcome, Err(AppError::Rejected(_))), "{outcome:?}");
    assert_eq!(count(&db).await, 0, "the outer rollback removed every row");
    bounded(checkout(&state, false)).await.expect("commits");
    assert_eq!(labels(&db).await, ["checkout", "note", "audit"]);
}

async fn same_row_update_does_not_deadlock(db: DatabaseConnection) {
    insert(&db, 1, "row").await.expect("seeded");
    let orders = Orders::new(&db);
    for path in [Path::SelfMethod, Path::Field, Path::Accessor] {
        bounded(orders.bump_twice(path))
            .await
            .unwrap_or_else(|err| panic!("{path:?}: {err}"));
    }
    assert_eq!(value_of(&db, 1).await.expect("reads"), 6);
}

/// Counts of the transaction statements this connection has run, where the
/// server keeps them per session (MariaDB).
async fn session_counts(db: &impl ConnectionTrait) -> Result<Vec<(String, u64)>, DbErr> {
    let rows = db
        .query_all_raw(Statement::from_string(
            DbBackend::MySql,
            "SHOW SESSION STATUS WHERE Variable_name IN \
             ('Com_begin', 'Com_savepoint', 'Com_release_savepoint', 'Com_commit')",
        ))
        .await?;
    let mut counts = Vec::new();
    for row in rows {
        let name: String = row.try_get_by_index(0)?;
        let value: String = row.try_get_by_index(1)?;
        counts.push((name, value.parse().unwrap_or_default()));
    }
    counts.sort();
    Ok(counts)
}

/// The statement PostgreSQL backend `pid` ran last, read from another
/// connection.
async fn last_statement(observer: &DatabaseConnection, pid: i32) -> Result<String, DbErr> {
    let row = observer
        .query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            format!("SELECT query FROM pg_stat_activity WHERE pid = {pid}"),
        ))
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("backend {pid}")))?;
    row.try_get_by_index(0)
}

async fn backend_pid(db: &impl ConnectionTrait) -> Result<i32, DbErr> {
    let row = db
        .query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT pg_backend_pid()",
        ))
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("pg_backend_pid".to_owned()))?;
    row.try_get_by_index(0)
}

struct Observed {
    db: DatabaseConnection,
    observer: DatabaseConnection,
}

impl Observed {
    /// The SQL each backend shows for the joined call: PostgreSQL, the last
    /// statement the outer connection ran, as the joined fn starts;
    /// MariaDB, the session's statement counters around the call.
    #[transactional(conn = self.db)]
    async fn outer(&self) -> Result<Vec<String>, AppError> {
        match backend(&self.db) {
            DbBackend::Postgres => {
                let pid = backend_pid(&self.db).await?;
                Ok(vec![self.inner(pid).await?])
            }
            DbBackend::MySql => {
                let before = session_counts(&self.db).await?;
                self.inner(0).await?;
                let after = session_counts(&self.db).await?;
                Ok(before
                    .iter()
                    .zip(&after)
                    .map(|((name, before), (_, after))| format!("{name} +{}", after - before))
                    .collect())
            }
            _ => {
                self.inner(0).await?;
                Ok(Vec::new())
            }
        }
    }

    #[transactional(conn = self.db)]
    async fn inner(&self, outer_pid: i32) -> Result<String, AppError> {
        if backend(&self.db) == DbBackend::Postgres {
            // Before this fn's connection runs anything else.
            return Ok(last_statement(&self.observer, outer_pid).await?);
        }
        insert(&self.db, 1, "inner").await?;
        Ok(String::new())
    }
}

async fn joined_fn_runs_a_savepoint(db: DatabaseConnection) {
    let observed = Observed {
        db: db.clone(),
        observer: db.clone(),
    };
    let statements = bounded(observed.outer()).await.expect("commits");
    match backend(&db) {
        DbBackend::Postgres => assert_eq!(statements, ["SAVEPOINT _sqlx_savepoint_1"]),
        DbBackend::MySql => assert_eq!(
            statements,
            [
                "Com_begin +0",
                "Com_commit +0",
                "Com_release_savepoint +1",
                "Com_savepoint +1"
            ],
            "the joined call ran SAVEPOINT and RELEASE SAVEPOINT on the outer connection, no BEGIN or COMMIT"
        ),
        // One pooled connection, held by the outer transaction: a call that
        // did not join it would have waited for it until `bounded` failed.
        _ => assert_eq!(labels(&db).await, ["inner"]),
    }
}

impl Orders {
    /// The joined call fails and the caller handles it: only the savepoint
    /// is rolled back.
    #[transactional(conn = self.db)]
    async fn place_despite_a_failed_note(&self) -> Result<(), AppError> {
        insert(&self.db, 1, "order").await?;
        let failed = self.note(1).await;
        assert!(failed.is_err(), "item 1 exists: the note fails");
        self.note(2).await?;
        Ok(())
    }
}

async fn joined_fn_error_rolls_back_only_its_savepoint(db: DatabaseConnection) {
    let orders = Orders::new(&db);
    bounded(orders.place_despite_a_failed_note())
        .await
        .expect("the outer transaction goes on after the failed savepoint");
    assert_eq!(labels(&db).await, ["order", "note"]);
}

impl Orders {
    #[transactional(conn = self.db)]
    async fn write_then_report(&self) -> Result<u64, AppError> {
        insert(&self.db, 1, "order").await?;
        self.audit.report().await
    }

    #[transactional(conn = self.db, read_only)]
    async fn read_then_report(&self) -> Result<u64, AppError> {
        let own = count(&self.db).await;
        Ok(own + self.audit.report().await?)
    }
}

async fn read_only_inside_a_writer_is_an_error(db: DatabaseConnection) {
    let orders = Orders::new(&db);
    let outcome = bounded(orders.write_then_report()).await;
    let Err(AppError::Db(DbErr::Custom(message))) = outcome else {
        panic!("a run-time error, not a silent join: {outcome:?}");
    };
    assert!(
        message.starts_with("`report` is `#[transactional(read_only)]`, and was called inside a read-write transaction"),
        "{message}"
    );
    assert_eq!(count(&db).await, 0, "the outer transaction rolled back");
}

async fn read_only_inside_read_only_joins(db: DatabaseConnection) {
    insert(&db, 1, "row").await.expect("seeded");
    let orders = Orders::new(&db);
    assert_eq!(bounded(orders.read_then_report()).await.expect("reads"), 2);
}

/// `place` on one database reaching `Audit` on another: nothing to join.
async fn another_pool_is_not_joined(db: DatabaseConnection) {
    let other = crate::support::fresh(other_backend(&db), "another_pool_is_not_joined_b", 1)
        .await
        .expect("the second database runs where the first does");
    let orders = Orders {
        db: db.clone(),
        audit: Audit { db: other.clone() },
    };
    let outcome = bounded(orders.place(Path::Field, true)).await;
    assert!(matches!(outcome, Err(AppError::Rejected(_))), "{outcome:?}");
    assert_eq!(count(&db).await, 0);
    assert_eq!(
        labels(&other).await,
        ["audit"],
        "the call on the other database committed its own transaction"
    );
}

fn other_backend(db: &DatabaseConnection) -> crate::support::Backend {
    use crate::support::Backend;
    match backend(db) {
        DbBackend::Postgres => Backend::Postgres,
        DbBackend::MySql => Backend::MySql,
        _ => Backend::Sqlite,
    }
}

impl Orders {
    /// Calls the `requires_new` fn before writing: on SQLite the outer
    /// transaction then holds no lock the second connection would wait for.
    #[transactional(conn = self.db)]
    async fn place_with_independent_audit(&self) -> Result<(), AppError> {
        self.audit.record_independently(2).await?;
        insert(&self.db, 1, "order").await?;
        Err(AppError::Rejected("after the independent call"))
    }
}

async fn requires_new_commits_independently(db: DatabaseConnection) {
    let orders = Orders::new(&db);
    let outcome = bounded(orders.place_with_independent_audit()).await;
    assert!(matches!(outcome, Err(AppError::Rejected(_))), "{outcome:?}");
    assert_eq!(
        labels(&db).await,
        ["independent"],
        "the requires_new transaction committed; the outer one rolled back"
    );
}

struct Pids {
    db: DatabaseConnection,
}

impl Pids {
    #[transactional(conn = self.db)]
    async fn outer(&self) -> Result<(String, String), AppError> {
        let outer = connection_id(&self.db).await?;
        Ok((outer, self.inner().await?))
    }

    #[transactional(conn = self.db, propagation = "requires_new")]
    async fn inner(&self) -> Result<String, AppError> {
        Ok(connection_id(&self.db).await?)
    }
}

/// The server's id of the connection `db` runs on.
async fn connection_id(db: &impl ConnectionTrait) -> Result<String, DbErr> {
    let sql = match backend(db) {
        DbBackend::Postgres => "SELECT pg_backend_pid()::text",
        _ => "SELECT CAST(CONNECTION_ID() AS CHAR)",
    };
    let row = db
        .query_one_raw(Statement::from_string(backend(db), sql))
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("connection id".to_owned()))?;
    row.try_get_by_index(0)
}

async fn requires_new_runs_on_another_connection(db: DatabaseConnection) {
    let (outer, inner) = bounded(Pids { db }.outer()).await.expect("commits");
    assert_ne!(outer, inner, "BEGIN on a second pooled connection");
}

impl Orders {
    /// A spawned task is polled by the executor, outside this body: it does
    /// not see the transaction, and begins its own.
    #[transactional(conn = self.db)]
    async fn place_and_spawn(&self, pool: DatabaseConnection) -> Result<(), AppError> {
        let audit = Audit { db: pool };
        tokio::spawn(async move { audit.record(2).await })
            .await
            .expect("the task ran")?;
        insert(&self.db, 1, "order").await?;
        Err(AppError::Rejected("after the spawned task"))
    }
}

async fn spawned_task_does_not_join(db: DatabaseConnection) {
    let orders = Orders::new(&db);
    let outcome = bounded(orders.place_and_spawn(db.clone())).await;
    assert!(matches!(outcome, Err(AppError::Rejected(_))), "{outcome:?}");
    assert_eq!(
        labels(&db).await,
        ["audit"],
        "the spawned task committed on its own"
    );
}

/// A service on SeaORM's mock connection, which logs the statements of each
/// transaction as its drivers issue them.
struct Ledger {
    db: DatabaseConnection,
    /// A clone of `db`: the same pool.
    same: DatabaseConnection,
    /// Another pool.
    other: DatabaseConnection,
}

impl Ledger {
    #[transactional(conn = self.db)]
    async fn post(&self) -> Result<(), DbErr> {
        self.db
            .execute_unprepared("INSERT INTO ledger VALUES (1)")
            .await?;
        Ledger::note(&self.same, 1).await?;
        Ledger::note(&self.other, 2).await
    }

    #[transactional]
    async fn note(db: &DatabaseConnection, id: i32) -> Result<(), DbErr> {
        db.execute_unprepared(&format!("INSERT INTO notes VALUES ({id})"))
            .await?;
        Ok(())
    }
}

#[tokio::test]
async fn mock_connection_logs_a_savepoint_for_a_clone_and_a_begin_for_another_pool() {
    use sea_orm::{MockDatabase, MockExecResult, Transaction};

    let done = || MockExecResult {
        last_insert_id: 0,
        rows_affected: 1,
    };
    let db = MockDatabase::new(DbBackend::Postgres)
        .append_exec_results([done(), done()])
        .into_connection();
    let other = MockDatabase::new(DbBackend::Postgres)
        .append_exec_results([done()])
        .into_connection();
    let ledger = Ledger {
        db: db.clone(),
        same: db.clone(),
        other: other.clone(),
    };
    ledger.post().await.expect("commits");
    drop(ledger);
    let statement = |sql: &str| Statement::from_string(DbBackend::Postgres, sql);
    assert_eq!(
        db.into_transaction_log(),
        [Transaction::many([
            statement("BEGIN"),
            statement("INSERT INTO ledger VALUES (1)"),
            statement("SAVEPOINT savepoint_1"),
            statement("INSERT INTO notes VALUES (1)"),
            statement("RELEASE SAVEPOINT savepoint_1"),
            statement("COMMIT"),
        ])],
        "a clone of the pool joined as a savepoint"
    );
    assert_eq!(
        other.into_transaction_log(),
        [Transaction::many([
            statement("BEGIN"),
            statement("INSERT INTO notes VALUES (2)"),
            statement("COMMIT"),
        ])],
        "another pool began its own transaction"
    );
}
