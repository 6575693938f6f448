//! Which pool a `DatabaseConnection` is, so a transaction is joined only by
//! handles to the same database.
//!
//! A `DatabaseConnection` is a handle to a shared pool: its clones share one
//! `Arc` (sqlx's `Pool`, or SeaORM's mock and proxy connections), and two
//! `Database::connect` calls, even to one URL, make two. The address of what
//! that `Arc` holds names the pool: it is the same for every clone, and it
//! cannot be reused by another pool while a transaction is open on it,
//! because the transaction's pooled connection keeps the pool alive.
//!
//! SeaORM reaches the pool only through accessors that exist when the
//! driver's cargo feature is on (`get_postgres_connection_pool`, ...). This
//! crate does not turn drivers on, so it calls them by method resolution: an
//! inherent method, when the feature is on, wins over the same-named method
//! of [`Fallback`] below, which keeps this module compiling when it is off.
//! Each accessor is called only for the variant `Debug` names, which exists
//! exactly when the feature (and so the accessor) does.

use sea_orm::DatabaseConnection;
use std::fmt::{self, Write};

/// The identity of a connection pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PoolKey(usize);

/// The pool `db` is a handle to; `None` for a handle whose pool this crate
/// cannot see (SeaORM's `rusqlite` driver, or a disconnected handle).
pub(crate) fn of(db: &DatabaseConnection) -> Option<PoolKey> {
    let mut variant = Name::default();
    write!(variant, "{:?}", db.inner).ok()?;
    let address = match variant.as_str() {
        "SqlxPostgresPoolConnection" => db.get_postgres_connection_pool().address(),
        "SqlxMySqlPoolConnection" => db.get_mysql_connection_pool().address(),
        "SqlxSqlitePoolConnection" => db.get_sqlite_connection_pool().address(),
        "MockDatabaseConnection" => db.as_mock_connection().shared_address(),
        "ProxyDatabaseConnection" => db.as_proxy_connection().shared_address(),
        _ => None,
    };
    address.map(PoolKey)
}

fn address_of<T: ?Sized>(shared: &T) -> usize {
    std::ptr::from_ref(shared).cast::<()>().addr()
}

/// What a driver accessor of a driver that is not compiled in returns. Never
/// reached: see the module documentation.
pub(crate) struct NotCompiledIn;

#[allow(
    dead_code,
    reason = "shadowed by SeaORM's accessors when its driver features are on"
)]
trait Fallback {
    fn get_postgres_connection_pool(&self) -> NotCompiledIn {
        NotCompiledIn
    }
    fn get_mysql_connection_pool(&self) -> NotCompiledIn {
        NotCompiledIn
    }
    fn get_sqlite_connection_pool(&self) -> NotCompiledIn {
        NotCompiledIn
    }
    fn as_mock_connection(&self) -> NotCompiledIn {
        NotCompiledIn
    }
    fn as_proxy_connection(&self) -> NotCompiledIn {
        NotCompiledIn
    }
}

impl Fallback for DatabaseConnection {}

trait Address {
    fn address(self) -> Option<usize>;
}

impl<DB: sea_orm::sqlx::Database> Address for &sea_orm::sqlx::Pool<DB> {
    fn address(self) -> Option<usize> {
        // The options live in the pool's shared state, one per pool.
        Some(address_of(self.options()))
    }
}

impl Address for NotCompiledIn {
    fn address(self) -> Option<usize> {
        None
    }
}

/// The mock and proxy connections: the `Arc`'s content is the identity.
trait SharedAddress {
    fn shared_address(self) -> Option<usize>;
}

impl<T: ?Sized> SharedAddress for &T {
    fn shared_address(self) -> Option<usize> {
        Some(address_of(self))
    }
}

impl SharedAddress for NotCompiledIn {
    fn shared_address(self) -> Option<usize> {
        None
    }
}

/// A variant name, written without allocating.
#[derive(Default)]
struct Name {
    bytes: [u8; 32],
    len: usize,
}

impl Name {
    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

impl Write for Name {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        let slot = self.bytes.get_mut(self.len..end).ok_or(fmt::Error)?;
        slot.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}
