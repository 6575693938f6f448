//! What `#[transactional]` expands to: begin with the options, commit on `Ok`,
//! roll back on `Err`, re-run the body on a serialization failure.
//!
//! The generated code owns the control flow (so `return` and `?` in the user's
//! body stay visible in the expansion); this module owns every decision: which
//! options apply at which level, what counts as retryable, and when to stop.

use sea_orm::{
    AccessMode, ConnectionTrait, DbBackend, DbErr, IsolationLevel, RuntimeErr, TransactionSession,
    TransactionTrait,
};
use std::error::Error as StdError;
use std::future::Future;
use std::ops::ControlFlow;
use std::pin::Pin;
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
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// `isolation = ...`
    pub isolation: Option<IsolationLevel>,
    /// `read_only`
    pub read_only: bool,
    /// `timeout = "..."`, in milliseconds.
    pub timeout_ms: Option<u64>,
    /// `retry = N`: how many times the body may be re-run.
    pub retry: u32,
}

/// `conn = self.db` (or a named parameter), seen through one `Deref`:
/// `(&&&ConnRef(&self.db)).__harden_connection()` resolves, by method
/// lookup on the concrete type at the call site, to
///
/// 1. the value itself when it is a connection (`DatabaseConnection`);
/// 2. what it points to when that is one (`Arc<DatabaseConnection>`,
///    `&DatabaseConnection`, `Box<...>`);
/// 3. the value itself otherwise, which [`connection`] then rejects with a
///    message that names its type ([`Begin`]).
pub struct ConnRef<'a, T: ?Sized>(pub &'a T);

/// See [`ConnRef`].
pub trait ConnDirect<'a, C: ?Sized> {
    #[doc(hidden)]
    fn __harden_connection(&self) -> &'a C;
}

impl<'a, C: TransactionTrait> ConnDirect<'a, C> for &&ConnRef<'a, C> {
    fn __harden_connection(&self) -> &'a C {
        self.0
    }
}

/// See [`ConnRef`].
pub trait ConnDeref<'a, C: ?Sized> {
    #[doc(hidden)]
    fn __harden_connection(&self) -> &'a C;
}

impl<'a, T> ConnDeref<'a, T::Target> for &ConnRef<'a, T>
where
    T: std::ops::Deref,
    T::Target: TransactionTrait,
{
    fn __harden_connection(&self) -> &'a T::Target {
        self.0
    }
}

/// See [`ConnRef`].
pub trait ConnOther<'a, T: ?Sized> {
    #[doc(hidden)]
    fn __harden_connection(&self) -> &'a T;
}

impl<'a, T: ?Sized> ConnOther<'a, T> for ConnRef<'a, T> {
    fn __harden_connection(&self) -> &'a T {
        self.0
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

/// The connection parameter (or `conn = ...`) of a `#[transactional]` fn:
/// anything SeaORM can begin a transaction on, with `Txn` the transaction
/// (or savepoint) it begins. Used as a trait object, so the runtime is
/// compiled once per transaction type, not once per connection type.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot begin a transaction",
    label = "the connection of a `#[transactional]` function must implement `TransactionTrait`",
    note = "take `&DatabaseConnection`, `&DatabaseTransaction`, or a generic `&C` where `C: ConnectionTrait + TransactionTrait`"
)]
pub trait Begin<Txn>: Sync {
    #[doc(hidden)]
    fn begin_with(
        &self,
        isolation: Option<IsolationLevel>,
        access: Option<AccessMode>,
    ) -> Pin<Box<dyn Future<Output = Result<Txn, DbErr>> + Send + '_>>;
}

impl<C: TransactionTrait> Begin<C::Transaction> for C {
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

/// The handle a `#[transactional]` fn begins on, with what its type tells.
pub struct Connection<'c, Txn> {
    begin: &'c dyn Begin<Txn>,
    nested: bool,
    backend: Option<DbBackend>,
}

/// The handle `conn` of a `#[transactional]` fn, checked once here.
///
/// `backend` is its backend when its type tells it (see [`ConnProbe`]), so
/// options SQLite cannot honour are not sent to it.
pub fn connection<C: Begin<Txn>, Txn>(conn: &C, backend: Option<DbBackend>) -> Connection<'_, Txn> {
    Connection {
        begin: conn,
        // A transaction's transaction type is itself (SeaORM requires that
        // fixed point), and `begin` on a transaction is a SAVEPOINT. A pool's
        // is not: beginning on it starts the outermost transaction.
        nested: std::any::type_name::<C>() == std::any::type_name::<Txn>(),
        backend,
    }
}

/// One call of a `#[transactional]` fn: its options, and how many times it
/// has retried. It holds no borrow of the connection between attempts, so a
/// `&mut self` method can name `conn = self.db`.
pub struct Transactional {
    options: Options,
    nested: bool,
    retries: u32,
}

impl Transactional {
    /// A call with these options.
    pub fn new(options: Options) -> Self {
        Transactional {
            options,
            nested: false,
            retries: 0,
        }
    }

    /// `BEGIN` (or `SAVEPOINT` when nested), then the options.
    ///
    /// Options apply at the outermost level only: a savepoint shares its
    /// transaction's isolation, access mode and statement timeout.
    ///
    /// SQLite gets neither `isolation` nor `read_only`: each of its
    /// transactions is already SERIALIZABLE (one writer at a time), and it has
    /// no per-transaction read-only mode. They are dropped here rather than
    /// passed on, where SeaORM would log a warning on every call.
    pub async fn begin<Txn: ConnectionTrait>(
        &mut self,
        conn: Connection<'_, Txn>,
    ) -> Result<Txn, DbErr> {
        self.nested = conn.nested;
        let configurable = !self.nested && conn.backend != Some(DbBackend::Sqlite);
        let (isolation, access) = if configurable {
            let access = self.options.read_only.then_some(AccessMode::ReadOnly);
            (self.options.isolation, access)
        } else {
            (None, None)
        };
        let txn = conn.begin.begin_with(isolation, access).await?;
        if !self.nested
            && let Some(ms) = self.options.timeout_ms
            && txn.get_database_backend() == DbBackend::Postgres
        {
            // SET LOCAL ends with the transaction, so the pooled connection
            // goes back with its own timeout.
            txn.execute_unprepared(&format!("SET LOCAL statement_timeout = {ms}"))
                .await?;
        }
        Ok(txn)
    }

    /// Commits on `Ok`, rolls back on `Err`, and returns what the fn returns.
    pub async fn finish<Txn: TransactionSession, R, E>(
        &mut self,
        txn: Txn,
        result: R,
        shape: &ResultShape<R, E>,
    ) -> R {
        match self.settle(txn, result, shape, false).await {
            ControlFlow::Break(result) => result,
            ControlFlow::Continue(()) => unreachable!("settle retries only when asked to"),
        }
    }

    /// Like [`finish`](Self::finish), but `Continue` when the body should run
    /// again: the body failed with a retryable error (`body_retryable`) or the
    /// commit did, this is the outermost level, and retries are left.
    pub async fn finish_or_retry<Txn: TransactionSession, R, E>(
        &mut self,
        txn: Txn,
        result: R,
        shape: &ResultShape<R, E>,
        body_retryable: bool,
    ) -> ControlFlow<R> {
        self.settle(txn, result, shape, body_retryable).await
    }

    async fn settle<Txn: TransactionSession, R, E>(
        &mut self,
        txn: Txn,
        result: R,
        shape: &ResultShape<R, E>,
        body_retryable: bool,
    ) -> ControlFlow<R> {
        if shape.err(&result).is_some() {
            // A failed ROLLBACK must not hide the error that caused it; the
            // connection is rolled back when the pool takes it back anyway.
            let _ = txn.rollback().await;
            if body_retryable && self.take_retry() {
                YieldNow(false).await;
                return ControlFlow::Continue(());
            }
            return ControlFlow::Break(result);
        }
        match txn.commit().await {
            Ok(()) => ControlFlow::Break(result),
            Err(err) if is_retryable(&err) && self.take_retry() => {
                YieldNow(false).await;
                ControlFlow::Continue(())
            }
            Err(err) => ControlFlow::Break(shape.from_db(err)),
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

/// The backend of a connection whose type implements `ConnectionTrait`,
/// found by method resolution at the (concrete) call site:
/// `(&ConnProbe(db)).__harden_backend()` picks [`KnownBackend`] when it
/// applies and falls back to [`UnknownBackend`].
pub struct ConnProbe<'a, C: ?Sized>(pub &'a C);

/// See [`ConnProbe`].
pub trait KnownBackend {
    #[doc(hidden)]
    fn __harden_backend(&self) -> Option<DbBackend>;
}

impl<C: ConnectionTrait + ?Sized> KnownBackend for &ConnProbe<'_, C> {
    fn __harden_backend(&self) -> Option<DbBackend> {
        Some(self.0.get_database_backend())
    }
}

/// See [`ConnProbe`].
pub trait UnknownBackend {
    #[doc(hidden)]
    fn __harden_backend(&self) -> Option<DbBackend>;
}

impl<C: ?Sized> UnknownBackend for ConnProbe<'_, C> {
    fn __harden_backend(&self) -> Option<DbBackend> {
        None
    }
}

/// Whether the body's error is a serialization failure or deadlock, found by
/// method resolution on the concrete error type at the call site:
/// `(&&&&ErrProbe(err)).__harden_retryable()` looks, in order, at
///
/// 1. a [`DbErr`] itself;
/// 2. a `std::error::Error` whose `source()` chain holds a `DbErr` or its
///    `RuntimeErr` (thiserror's `#[from]`, also with `#[error(transparent)]`);
/// 3. a type that is `AsRef<dyn Error + Send + Sync>` (`anyhow::Error`,
///    `Box<dyn Error + Send + Sync>`), through the same chain;
/// 4. anything else: not retryable (the commit is still retried).
pub struct ErrProbe<'a, E: ?Sized>(pub &'a E);

/// See [`ErrProbe`].
pub trait RetryDbErr {
    #[doc(hidden)]
    fn __harden_retryable(&self) -> bool;
}

impl RetryDbErr for &&&ErrProbe<'_, DbErr> {
    fn __harden_retryable(&self) -> bool {
        is_retryable(self.0)
    }
}

/// See [`ErrProbe`].
pub trait RetryStdError {
    #[doc(hidden)]
    fn __harden_retryable(&self) -> bool;
}

impl<E: StdError + 'static> RetryStdError for &&ErrProbe<'_, E> {
    fn __harden_retryable(&self) -> bool {
        chain_is_retryable(self.0)
    }
}

/// See [`ErrProbe`].
pub trait RetryAsRefError {
    #[doc(hidden)]
    fn __harden_retryable(&self) -> bool;
}

impl<E: AsRef<dyn StdError + Send + Sync + 'static>> RetryAsRefError for &ErrProbe<'_, E> {
    fn __harden_retryable(&self) -> bool {
        chain_is_retryable(self.0.as_ref())
    }
}

/// See [`ErrProbe`].
pub trait RetryUnknown {
    #[doc(hidden)]
    fn __harden_retryable(&self) -> bool;
}

impl<E: ?Sized> RetryUnknown for ErrProbe<'_, E> {
    fn __harden_retryable(&self) -> bool {
        false
    }
}

fn chain_is_retryable(err: &(dyn StdError + 'static)) -> bool {
    let mut next = Some(err);
    while let Some(err) = next {
        if let Some(err) = err.downcast_ref::<DbErr>() {
            return is_retryable(err);
        }
        if let Some(err) = err.downcast_ref::<RuntimeErr>() {
            return runtime_is_retryable(err);
        }
        next = err.source();
    }
    false
}
