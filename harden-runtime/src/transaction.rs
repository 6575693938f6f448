//! What `#[transactional]` expands to: begin (or join the task's open
//! transaction on the same pool) with the options, commit on `Ok`, roll back
//! on `Err`, re-run the body on a serialization failure.
//!
//! The generated code owns the control flow (so `return` and `?` in the user's
//! body stay visible in the expansion); this module owns every decision: what
//! to begin on, which options apply at which level, what counts as retryable,
//! and when to stop. It is compiled once: what the generated code calls is not
//! generic over the fn's body or result, only over a generic connection's
//! transaction type.

mod identity;
mod open;
mod probe;

pub use open::{Joinable, Open};
pub use probe::*;

use open::{Access, Frame};
use sea_orm::{
    AccessMode, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    IsolationLevel, RuntimeErr, TransactionSession, TransactionTrait,
};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

/// Whether `err` is a failure that re-running the whole transaction can fix:
/// a serialization failure or a deadlock.
///
/// - PostgreSQL: SQLSTATE `40001` (serialization failure) and `40P01`
///   (deadlock detected);
/// - MySQL and MariaDB: error 1213 (deadlock, SQLSTATE `40001`) and 1205
///   (lock wait timeout);
/// - SQLite: `SQLITE_BUSY` (5) and `SQLITE_BUSY_SNAPSHOT` (517), "database is
///   locked" between two connections to one file.
///
/// This is what `#[transactional(retry = N)]` retries on.
///
/// ```
/// use harden_runtime::is_retryable;
/// use sea_orm::DbErr;
///
/// assert!(!is_retryable(&DbErr::RecordNotFound("user 7".into())));
/// ```
pub fn is_retryable(err: &DbErr) -> bool {
    match err {
        DbErr::Conn(runtime) | DbErr::Exec(runtime) | DbErr::Query(runtime) => {
            runtime_is_retryable(runtime)
        }
        _ => false,
    }
}

fn runtime_is_retryable(err: &RuntimeErr) -> bool {
    let RuntimeErr::SqlxError(err) = err else {
        return false;
    };
    let sea_orm::sqlx::Error::Database(err) = &**err else {
        return false;
    };
    match err.code().as_deref() {
        // PostgreSQL serialization_failure / deadlock_detected; MySQL reports
        // its deadlock (1213) as 40001 too.
        Some("40001" | "40P01") => true,
        // SQLite's (extended) result codes.
        Some("5" | "517") => true,
        // MySQL's lock wait timeout shares the generic SQLSTATE HY000 with
        // most other errors; only its number tells it apart. The driver's
        // error type is behind a feature this crate does not turn on, but its
        // `Display` is fixed: "1205 (HY000): Lock wait timeout exceeded; ...".
        Some("HY000") => err.to_string().starts_with("1205 ("),
        _ => false,
    }
}

/// What the attribute's arguments asked for, as the generated code spells it.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// `isolation = ...`
    pub isolation: Option<IsolationLevel>,
    /// `read_only`
    pub read_only: bool,
    /// `timeout = "..."`, in milliseconds.
    pub timeout_ms: Option<u64>,
    /// `retry = N`: how many times the body may be re-run.
    pub retry: u32,
    /// `propagation = "requires_new"`: never join an open transaction.
    pub requires_new: bool,
    /// The fn's name, for run-time errors.
    pub name: &'static str,
}

/// One call of a `#[transactional]` fn: its options, whether it joined a
/// transaction, and how many times it has retried. It holds no borrow of the
/// connection between attempts, so a `&mut self` method can name
/// `conn = self.db`.
pub struct Transactional {
    options: Options,
    /// The backend, when only a probe of the connection's type tells it.
    backend: Option<DbBackend>,
    nested: bool,
    retries: u32,
}

/// How a body's transaction ended.
pub(crate) enum Settled {
    /// Committed after `Ok`, or rolled back after `Err`: return the result.
    Done,
    /// Rolled back, and the body should run again.
    Retry,
    /// `Ok`, but the commit failed: return this error instead.
    Failed(DbErr),
}

impl Transactional {
    /// A call with these options.
    pub fn new(options: Options) -> Self {
        Transactional {
            options,
            backend: None,
            nested: false,
            retries: 0,
        }
    }

    /// The backend of a generic connection, found by [`ConnProbe`] where the
    /// generated code knows its concrete type; `DatabaseConnection` and
    /// `DatabaseTransaction` tell it themselves.
    pub fn hint_backend(&mut self, backend: Option<DbBackend>) {
        self.backend = backend;
    }

    /// On a pool: join this task's open transaction on the same pool as a
    /// savepoint, or begin the outermost transaction.
    async fn begin_on_pool(&mut self, db: &DatabaseConnection) -> Result<Held, DbErr> {
        let pool = identity::of(db);
        if !self.options.requires_new
            && let Some(open) = pool.and_then(open::on_pool)
        {
            self.enter_nested(open.access)?;
            let txn = open.txn.begin().await?;
            return Ok(Held::new(txn, open.pool, open.access));
        }
        let (isolation, access) = self.outermost(Some(db.get_database_backend()));
        let txn = db.begin_with_config(isolation, access).await?;
        self.configure(&txn).await?;
        Ok(Held::new(txn, pool, self.access()))
    }

    /// On a transaction it was handed: a savepoint.
    async fn begin_in(&mut self, txn: &DatabaseTransaction) -> Result<Held, DbErr> {
        let open = open::at(std::ptr::from_ref(txn).addr());
        let access = open.as_ref().map_or(Access::Unknown, |open| open.access);
        self.enter_nested(access)?;
        let savepoint = txn.begin().await?;
        Ok(Held::new(
            savepoint,
            open.and_then(|open| open.pool),
            access,
        ))
    }

    /// On a generic connection, whose pool this crate cannot see: a savepoint
    /// when it is a transaction, else the outermost transaction.
    async fn begin_generic<Txn: ConnectionTrait>(
        &mut self,
        conn: &dyn BeginWith<Txn>,
        nested: bool,
        address: usize,
    ) -> Result<Plain<Txn>, DbErr> {
        if nested {
            let access = open::at(address).map_or(Access::Unknown, |open| open.access);
            self.enter_nested(access)?;
            return conn.begin_with(None, None).await.map(Plain);
        }
        let (isolation, access) = self.outermost(self.backend);
        let txn = conn.begin_with(isolation, access).await?;
        self.configure(&txn).await?;
        Ok(Plain(txn))
    }

    /// A savepoint inside a transaction whose isolation, access mode and
    /// timeout are already set: its own options are not sent (PostgreSQL and
    /// MySQL refuse `SET TRANSACTION` there), except that `read_only` must
    /// not silently run in a read-write transaction.
    fn enter_nested(&mut self, outer: Access) -> Result<(), DbErr> {
        let name = self.options.name;
        if self.options.requires_new {
            return Err(DbErr::Custom(format!(
                "`{name}` has `propagation = \"requires_new\"`, and was handed a transaction: a new transaction is begun on a pool, not inside a transaction\nhelp: pass it the pool (`&DatabaseConnection`), or remove `propagation = \"requires_new\"` to run it as a savepoint"
            )));
        }
        if self.options.read_only && outer == Access::ReadWrite {
            return Err(DbErr::Custom(format!(
                "`{name}` is `#[transactional(read_only)]`, and was called inside a read-write transaction on the same connection: it would run in that transaction, where its writes are not refused\nhelp: call it outside the transaction, or give it `propagation = \"requires_new\"` (its own read-only transaction, on a second pooled connection), or remove `read_only`"
            )));
        }
        self.nested = true;
        Ok(())
    }

    /// The isolation and access mode of an outermost transaction.
    ///
    /// SQLite gets neither: each of its transactions is already SERIALIZABLE
    /// (one writer at a time), and it has no per-transaction read-only mode.
    /// They are dropped here rather than passed on, where SeaORM would log a
    /// warning on every call.
    fn outermost(
        &mut self,
        backend: Option<DbBackend>,
    ) -> (Option<IsolationLevel>, Option<AccessMode>) {
        self.nested = false;
        if backend == Some(DbBackend::Sqlite) {
            return (None, None);
        }
        let access = self.options.read_only.then_some(AccessMode::ReadOnly);
        (self.options.isolation, access)
    }

    fn access(&self) -> Access {
        if self.options.read_only {
            Access::ReadOnly
        } else {
            Access::ReadWrite
        }
    }

    async fn configure<Txn: ConnectionTrait>(&self, txn: &Txn) -> Result<(), DbErr> {
        if let Some(ms) = self.options.timeout_ms
            && txn.get_database_backend() == DbBackend::Postgres
        {
            // SET LOCAL ends with the transaction, so the pooled connection
            // goes back with its own timeout.
            txn.execute_unprepared(&format!("SET LOCAL statement_timeout = {ms}"))
                .await?;
        }
        Ok(())
    }

    /// Commits after `Ok`, rolls back after `Err`; [`Settled::Retry`] when the
    /// body failed with a retryable error (`retryable`) or the commit did,
    /// this is the outermost level, and retries are left.
    async fn settle<Txn: TransactionSession>(
        &mut self,
        txn: Txn,
        failed: bool,
        retryable: bool,
    ) -> Settled {
        if failed {
            // A failed ROLLBACK must not hide the error that caused it; the
            // connection is rolled back when the pool takes it back anyway.
            let _ = txn.rollback().await;
            if retryable && self.take_retry() {
                YieldNow(false).await;
                return Settled::Retry;
            }
            return Settled::Done;
        }
        match txn.commit().await {
            Ok(()) => Settled::Done,
            Err(err) if is_retryable(&err) && self.take_retry() => {
                YieldNow(false).await;
                Settled::Retry
            }
            Err(err) => Settled::Failed(err),
        }
    }

    fn take_retry(&mut self) -> bool {
        // Retrying a savepoint cannot help: PostgreSQL has aborted the whole
        // transaction and MySQL has rolled it back. The outermost level
        // retries.
        if self.nested || self.retries >= self.options.retry {
            return false;
        }
        self.retries += 1;
        true
    }
}

/// A `DatabaseConnection` to begin on: its pool is known, so the task's open
/// transaction on it is joined.
pub struct Pool<'a>(pub &'a DatabaseConnection);

impl Pool<'_> {
    /// `BEGIN`, or `SAVEPOINT` in the task's open transaction on this pool.
    pub fn start(self, tx: &mut Transactional) -> impl Future<Output = Result<Held, DbErr>> + Send {
        tx.begin_on_pool(self.0)
    }
}

/// A `DatabaseTransaction` to begin in.
pub struct InTransaction<'a>(pub &'a DatabaseTransaction);

impl InTransaction<'_> {
    /// `SAVEPOINT`.
    pub fn start(self, tx: &mut Transactional) -> impl Future<Output = Result<Held, DbErr>> + Send {
        tx.begin_in(self.0)
    }
}

/// A connection of a type the fn is generic over (or that `conn = ...`
/// names without it being a `DatabaseConnection` or `DatabaseTransaction`).
pub struct Generic<'a, C: ?Sized>(pub &'a C);

impl<'a, C: ?Sized> Generic<'a, C> {
    /// `BEGIN`, or `SAVEPOINT` when it is a transaction.
    ///
    /// The bound is on the method, not the type, so a handle that is not a
    /// connection is reported once, as [`Begin`] says.
    pub fn start<Txn>(
        self,
        tx: &mut Transactional,
    ) -> impl Future<Output = Result<Plain<Txn>, DbErr>> + Send
    where
        C: Begin<Txn = Txn> + Sized,
        Txn: ConnectionTrait + TransactionSession + Send + 'a,
    {
        // A transaction's transaction type is itself (SeaORM requires that
        // fixed point), and `begin` on a transaction is a SAVEPOINT. A pool's
        // is not: beginning on it starts the outermost transaction.
        let nested = std::any::type_name::<C>() == std::any::type_name::<Txn>();
        let address = std::ptr::from_ref(self.0).cast::<()>().addr();
        tx.begin_generic(self.0, nested, address)
    }
}

/// The connection types whose handle is known by type: `DatabaseConnection`
/// (SeaORM's `DbConn`) and `DatabaseTransaction`, also behind `&`, `Arc` or
/// `Box`.
pub trait Known {
    /// [`Pool`] or [`InTransaction`].
    type Handle<'a>
    where
        Self: 'a;
    #[doc(hidden)]
    fn handle(&self) -> Self::Handle<'_>;
}

impl Known for DatabaseConnection {
    type Handle<'a> = Pool<'a>;

    fn handle(&self) -> Pool<'_> {
        Pool(self)
    }
}

impl Known for DatabaseTransaction {
    type Handle<'a> = InTransaction<'a>;

    fn handle(&self) -> InTransaction<'_> {
        InTransaction(self)
    }
}

macro_rules! known_behind {
    ($($pointer:ty),*) => {$(
        impl<K: Known + ?Sized> Known for $pointer {
            type Handle<'a> = K::Handle<'a> where Self: 'a;

            fn handle(&self) -> K::Handle<'_> {
                (**self).handle()
            }
        }
    )*};
}

known_behind!(&K, Arc<K>, Box<K>);

/// The connection of a `#[transactional]` fn that is generic over it:
/// anything SeaORM can begin a transaction on, with `Txn` the transaction (or
/// savepoint) it begins. Used as a trait object, so the runtime is compiled
/// once per transaction type, not once per connection type.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot begin a transaction",
    label = "the connection of a `#[transactional]` function must implement `TransactionTrait`",
    note = "take `&DatabaseConnection`, `&DatabaseTransaction`, or a generic `&C` where `C: ConnectionTrait + TransactionTrait`"
)]
pub trait Begin: Sync {
    /// The transaction it begins.
    type Txn: ConnectionTrait + TransactionSession + Send;
    #[doc(hidden)]
    fn begin_with(
        &self,
        isolation: Option<IsolationLevel>,
        access: Option<AccessMode>,
    ) -> Pin<Box<dyn Future<Output = Result<Self::Txn, DbErr>> + Send + '_>>;
}

impl<C: TransactionTrait> Begin for C {
    type Txn = C::Transaction;

    fn begin_with(
        &self,
        isolation: Option<IsolationLevel>,
        access: Option<AccessMode>,
    ) -> Pin<Box<dyn Future<Output = Result<C::Transaction, DbErr>> + Send + '_>> {
        // `TransactionTrait` is an `async_trait`: this is already the boxed
        // future, passed on without another allocation.
        self.begin_with_config(isolation, access)
    }
}

/// [`Begin`] as a trait object, named by its transaction type.
trait BeginWith<Txn>: Sync {
    fn begin_with(
        &self,
        isolation: Option<IsolationLevel>,
        access: Option<AccessMode>,
    ) -> Pin<Box<dyn Future<Output = Result<Txn, DbErr>> + Send + '_>>;
}

impl<C: Begin> BeginWith<C::Txn> for C {
    fn begin_with(
        &self,
        isolation: Option<IsolationLevel>,
        access: Option<AccessMode>,
    ) -> Pin<Box<dyn Future<Output = Result<C::Txn, DbErr>> + Send + '_>> {
        Begin::begin_with(self, isolation, access)
    }
}

/// The transaction a body runs in, when it began on a pool or a
/// transaction: open to joining fns while the body is polled.
pub struct Held(Open);

impl Held {
    fn new(txn: DatabaseTransaction, pool: Option<identity::PoolKey>, access: Access) -> Self {
        Held(Open(Arc::new(Frame { txn, pool, access })))
    }

    /// What the body sees as its connection.
    pub fn txn(&self) -> &DatabaseTransaction {
        &self.0.0.txn
    }

    /// For [`Joinable`]: joining fns see this transaction while the body is
    /// polled.
    pub fn open(&self) -> Option<&Open> {
        Some(&self.0)
    }

    /// Commits after `Ok`, rolls back after `Err`; the fn's result, or
    /// `None` to run the body again (only with `retry`).
    pub async fn finish<R, E>(
        self,
        tx: &mut Transactional,
        result: R,
        shape: &ResultShape<R, E>,
        retryable: bool,
    ) -> Option<R> {
        let failed = shape.failed(&result);
        match self.settle(tx, failed, retryable).await {
            Settled::Done => Some(result),
            Settled::Retry => None,
            Settled::Failed(err) => Some(shape.from_db(err)),
        }
    }

    /// Commits after `Ok`, rolls back after `Err`; the fn's result (without
    /// `retry`).
    pub async fn commit_or_rollback<R, E>(
        self,
        tx: &mut Transactional,
        result: R,
        shape: &ResultShape<R, E>,
    ) -> R {
        match self.finish(tx, result, shape, false).await {
            Some(result) => result,
            None => retried_without_retry(),
        }
    }

    /// Commits or rolls back; see [`Settled`].
    async fn settle(self, tx: &mut Transactional, failed: bool, retryable: bool) -> Settled {
        match Arc::try_unwrap(self.0.0) {
            Ok(frame) => tx.settle(frame.txn, failed, retryable).await,
            // A joining fn's future that still holds the transaction was kept
            // past the body; the transaction rolls back when it is dropped.
            Err(_) if failed => Settled::Done,
            Err(_) => Settled::Failed(DbErr::Custom(format!(
                "the transaction of `{}` could not commit: a future that joined it outlived the body",
                tx.options.name
            ))),
        }
    }
}

/// The transaction a body runs in, when it began on a generic connection.
pub struct Plain<Txn>(Txn);

impl<Txn: TransactionSession> Plain<Txn> {
    /// What the body sees as its connection.
    pub fn txn(&self) -> &Txn {
        &self.0
    }

    /// For [`Joinable`]: nothing to join, which needs a known pool.
    pub fn open(&self) -> Option<&Open> {
        None
    }

    /// Commits after `Ok`, rolls back after `Err`; the fn's result, or
    /// `None` to run the body again (only with `retry`).
    pub async fn finish<R, E>(
        self,
        tx: &mut Transactional,
        result: R,
        shape: &ResultShape<R, E>,
        retryable: bool,
    ) -> Option<R> {
        let failed = shape.failed(&result);
        match tx.settle(self.0, failed, retryable).await {
            Settled::Done => Some(result),
            Settled::Retry => None,
            Settled::Failed(err) => Some(shape.from_db(err)),
        }
    }

    /// Commits after `Ok`, rolls back after `Err`; the fn's result (without
    /// `retry`).
    pub async fn commit_or_rollback<R, E>(
        self,
        tx: &mut Transactional,
        result: R,
        shape: &ResultShape<R, E>,
    ) -> R {
        match self.finish(tx, result, shape, false).await {
            Some(result) => result,
            None => retried_without_retry(),
        }
    }
}

/// The return type of a `#[transactional]` fn.
#[diagnostic::on_unimplemented(
    message = "a `#[transactional]` function must return `Result<T, E>`, not `{Self}`",
    label = "not a `Result`",
    note = "the transaction commits when the function returns `Ok` and rolls back when it returns `Err`"
)]
pub trait TransactionalResult: Sized {
    /// `E` of `Result<T, E>`.
    type Error;
    #[doc(hidden)]
    fn err(&self) -> Option<&Self::Error>;
    #[doc(hidden)]
    fn from_error(err: Self::Error) -> Self;
}

impl<T, E> TransactionalResult for Result<T, E> {
    type Error = E;

    fn err(&self) -> Option<&E> {
        self.as_ref().err()
    }

    fn from_error(err: E) -> Self {
        Err(err)
    }
}

/// The error type of a `#[transactional]` fn: `BEGIN` and `COMMIT` can fail
/// with a [`DbErr`], and that failure has to be returned as the fn's error.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be the error type of a `#[transactional]` function: it does not implement `From<DbErr>`",
    label = "`BEGIN` and `COMMIT` can fail with a `DbErr`, which must convert into this error type",
    note = "add a variant such as `#[error(transparent)] Db(#[from] sea_orm::DbErr)`, or `impl From<sea_orm::DbErr> for {Self}`"
)]
pub trait FromDbErr: From<DbErr> {}

impl<E: From<DbErr>> FromDbErr for E {}

/// How to look into the fn's result, checked once where the generated code
/// names the return type, so a wrong return type is one error, not one per
/// use.
pub struct ResultShape<R, E> {
    err: for<'r> fn(&'r R) -> Option<&'r E>,
    from_db: fn(DbErr) -> R,
}

impl<R, E> ResultShape<R, E> {
    /// The error, if `result` is one.
    pub fn err<'r>(&self, result: &'r R) -> Option<&'r E> {
        (self.err)(result)
    }

    /// Whether `result` is an error.
    pub fn failed(&self, result: &R) -> bool {
        (self.err)(result).is_some()
    }

    /// A failed `BEGIN`/`COMMIT` as the fn's result.
    pub fn from_db(&self, err: DbErr) -> R {
        (self.from_db)(err)
    }
}

/// The [`ResultShape`] of return type `R`.
pub fn result_shape<R>() -> ResultShape<R, R::Error>
where
    R: TransactionalResult,
    R::Error: FromDbErr,
{
    ResultShape {
        err: R::err,
        from_db: |err| R::from_error(err.into()),
    }
}

/// `finish`'s `None`, which only `retry` produces.
fn retried_without_retry() -> ! {
    unreachable!("a #[transactional] fn without `retry` was asked to run again")
}

/// Lets the transactions the retried one lost to finish first.
struct YieldNow(bool);

impl Future for YieldNow {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            return Poll::Ready(());
        }
        self.0 = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}
