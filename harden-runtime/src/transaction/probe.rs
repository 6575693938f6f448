//! Questions about a type that only its concrete use site can answer, asked
//! by method resolution there (autoref specialization): the handle behind
//! `conn = ...`, a generic connection's backend, whether an error is
//! retryable.

use super::{Begin, Generic, Known, is_retryable, runtime_is_retryable};
use sea_orm::{ConnectionTrait, DbBackend, DbErr, RuntimeErr};
use std::error::Error as StdError;
use std::ops::Deref;

/// `conn = self.db` (or a named parameter), whatever its type:
/// `(&&HandleProbe(&self.db)).__harden_handle()` resolves to
///
/// 1. its [`Known`] handle when it is a `DatabaseConnection` or a
///    `DatabaseTransaction`, also behind `&`, `Arc` or `Box`;
/// 2. what it points to, when that is a generic connection;
/// 3. the value itself otherwise: a generic connection, or not a connection
///    at all, which [`Generic::start`] then rejects, as [`Begin`] says.
pub struct HandleProbe<'a, T: ?Sized>(pub &'a T);

/// See [`HandleProbe`].
pub trait HandleKnown<'a> {
    #[doc(hidden)]
    type Handle;
    #[doc(hidden)]
    fn __harden_handle(&self) -> Self::Handle;
}

impl<'a, K: Known + ?Sized> HandleKnown<'a> for &&HandleProbe<'a, K> {
    type Handle = K::Handle<'a>;

    fn __harden_handle(&self) -> K::Handle<'a> {
        self.0.handle()
    }
}

/// See [`HandleProbe`].
pub trait HandleDeref<'a, C: ?Sized> {
    #[doc(hidden)]
    fn __harden_handle(&self) -> Generic<'a, C>;
}

impl<'a, T> HandleDeref<'a, T::Target> for &HandleProbe<'a, T>
where
    T: Deref,
    T::Target: Begin,
{
    fn __harden_handle(&self) -> Generic<'a, T::Target> {
        Generic(self.0)
    }
}

/// See [`HandleProbe`].
pub trait HandleOther<'a, T: ?Sized> {
    #[doc(hidden)]
    fn __harden_handle(&self) -> Generic<'a, T>;
}

impl<'a, T: ?Sized> HandleOther<'a, T> for HandleProbe<'a, T> {
    fn __harden_handle(&self) -> Generic<'a, T> {
        Generic(self.0)
    }
}

/// The backend of a [`Generic`] connection whose type implements
/// `ConnectionTrait`, found by method resolution at the call site:
/// `(&ConnProbe(&handle)).__harden_backend()` picks [`KnownBackend`] when it
/// applies and falls back to [`UnknownBackend`] (also for a [`Pool`] or
/// [`InTransaction`](super::InTransaction) handle, which tells its backend
/// itself). Only emitted for a fn with options SQLite does not take.
///
/// [`Pool`]: super::Pool
pub struct ConnProbe<'a, C: ?Sized>(pub &'a C);

/// See [`ConnProbe`].
pub trait KnownBackend {
    #[doc(hidden)]
    fn __harden_backend(&self) -> Option<DbBackend>;
}

impl<C: ConnectionTrait + ?Sized> KnownBackend for &ConnProbe<'_, Generic<'_, C>> {
    fn __harden_backend(&self) -> Option<DbBackend> {
        Some(self.0.0.get_database_backend())
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
