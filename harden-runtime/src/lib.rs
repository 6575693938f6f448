//! Production hardening for SeaORM services, enforced at compile time.
//!
//! Depend on this crate alone: it re-exports the attribute macros.
//!
//! - [`soft_delete`] on an entity's `Model` makes its rows soft-deleted; on a
//!   repository `impl` block or `fn` it rewrites every read of such an entity
//!   to skip deleted rows and every delete into an `UPDATE`.
//! - [`transactional`] on an `async fn` runs its body in one transaction:
//!   commit on `Ok`, rollback on `Err`, panic or cancellation; nested calls,
//!   also those that begin on the same pool (through `self`, another service,
//!   the application state), become savepoints of it; options for isolation,
//!   read-only, a statement timeout, retrying serialization failures and
//!   `propagation = "requires_new"`.
//! - [`allow`] marks an item that `cargo harden check` should not flag for a
//!   rule, with the reason.
//! - [`ProductionOptions`] builds SeaORM `ConnectOptions` with production
//!   defaults: a bounded pool, acquire and statement timeouts, statement
//!   logging at DEBUG.
//! - [`preflight`] refuses to start a production server whose environment
//!   fails the checks of `cargo harden preflight` (weak JWT secret, database
//!   URL without TLS or with a default password, SQL in the logs).
//!
//! ```
//! use harden_runtime::soft_delete;
//! use sea_orm::entity::prelude::*;
//!
//! #[soft_delete]
//! #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
//! #[sea_orm(table_name = "users")]
//! pub struct Model {
//!     #[sea_orm(primary_key)]
//!     pub id: i32,
//!     pub email: String,
//!     pub is_active: bool,
//! }
//!
//! #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
//! pub enum Relation {}
//!
//! impl ActiveModelBehavior for ActiveModel {}
//!
//! pub struct UserRepository;
//!
//! #[soft_delete]
//! impl UserRepository {
//!     // Reads only rows with `is_active = true`.
//!     pub async fn by_id(db: &impl ConnectionTrait, id: i32) -> Result<Option<Model>, DbErr> {
//!         Entity::find_by_id(id).one(db).await
//!     }
//!
//!     // `UPDATE users SET is_active = false WHERE ...`, not a `DELETE`.
//!     pub async fn remove(db: &impl ConnectionTrait, id: i32) -> Result<u64, DbErr> {
//!         Ok(Entity::delete_by_id(id).exec(db).await?.rows_affected)
//!     }
//! }
//! ```
//!
//! ```
//! use harden_runtime::transactional;
//! use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};
//!
//! // `db` is the transaction inside the body: both updates commit together,
//! // or neither does. A serialization failure re-runs the body, up to 3 times.
//! #[transactional(isolation = serializable, retry = 3)]
//! async fn move_stock(db: &DatabaseConnection) -> Result<(), DbErr> {
//!     db.execute_unprepared("UPDATE stock SET n = n - 1 WHERE shelf = 'a'").await?;
//!     db.execute_unprepared("UPDATE stock SET n = n + 1 WHERE shelf = 'b'").await?;
//!     Ok(())
//! }
//! ```

mod connect;
mod preflight;
mod soft_delete;
mod transaction;

use std::time::SystemTime;

pub use connect::ProductionOptions;
pub use harden_calls::preflight::Problem;
pub use harden_macros::{allow, soft_delete, transactional};
pub use preflight::{PreflightError, preflight, preflight_with};
pub use soft_delete::{
    Cardinality, Cascade, Execute, HardDeleteQuery, Many, One, RestoreCascade, RestoreCascadeScope,
    Scope, SoftDelete, SoftDeleteExt, SoftDeleteQuery, SoftDeleteScope, SoftDeleteSpec, Strategy,
    UniqueKey,
};
pub use transaction::is_retryable;

/// Brings the escape hatches ([`SoftDeleteExt`]) into scope.
pub mod prelude {
    pub use crate::{
        SoftDelete, SoftDeleteExt, SoftDeleteScope, allow, soft_delete, transactional,
    };
}

/// The current time as the value of a `deleted_at` column of type `Self`.
///
/// Implemented for the timestamp types SeaORM maps; `#[soft_delete(deleted_at)]`
/// on a column of another type is a compile error that names this trait.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot hold a soft-delete timestamp",
    label = "the `deleted_at` column must be `Option<DateTime>`, `Option<DateTimeUtc>`, `Option<DateTimeWithTimeZone>` or `Option<DateTimeLocal>`",
    note = "use one of SeaORM's date-time types, or a `bool` column with the default strategy (`#[soft_delete]` on `is_active`)"
)]
pub trait Timestamp: Sized {
    /// `instant` as a value of this type (a naive date-time is UTC).
    fn at(instant: SystemTime) -> Self;
    /// This value as an instant (a naive date-time is read as UTC).
    fn instant(&self) -> SystemTime;
    /// Now, as a value of this type.
    fn now() -> Self {
        Self::at(SystemTime::now())
    }
}

#[cfg(feature = "with-chrono")]
mod chrono_timestamps {
    use super::Timestamp;
    use chrono::{DateTime, FixedOffset, Local, NaiveDateTime, Utc};
    use std::time::SystemTime;

    impl Timestamp for NaiveDateTime {
        fn at(instant: SystemTime) -> Self {
            DateTime::<Utc>::from(instant).naive_utc()
        }
        fn instant(&self) -> SystemTime {
            self.and_utc().into()
        }
    }
    impl Timestamp for DateTime<Utc> {
        fn at(instant: SystemTime) -> Self {
            instant.into()
        }
        fn instant(&self) -> SystemTime {
            (*self).into()
        }
    }
    impl Timestamp for DateTime<FixedOffset> {
        fn at(instant: SystemTime) -> Self {
            DateTime::<Utc>::from(instant).fixed_offset()
        }
        fn instant(&self) -> SystemTime {
            (*self).into()
        }
    }
    impl Timestamp for DateTime<Local> {
        fn at(instant: SystemTime) -> Self {
            instant.into()
        }
        fn instant(&self) -> SystemTime {
            (*self).into()
        }
    }
}

#[cfg(feature = "with-time")]
mod time_timestamps {
    use super::Timestamp;
    use std::time::SystemTime;
    use time::{OffsetDateTime, PrimitiveDateTime};

    impl Timestamp for OffsetDateTime {
        fn at(instant: SystemTime) -> Self {
            instant.into()
        }
        fn instant(&self) -> SystemTime {
            (*self).into()
        }
    }
    impl Timestamp for PrimitiveDateTime {
        fn at(instant: SystemTime) -> Self {
            let at = OffsetDateTime::from(instant);
            PrimitiveDateTime::new(at.date(), at.time())
        }
        fn instant(&self) -> SystemTime {
            self.assume_utc().into()
        }
    }
}

/// What generated code refers to, by absolute path, so it works whatever the
/// user imported or renamed. Not a stable API.
#[doc(hidden)]
pub mod __private {
    pub use crate::soft_delete::rewrite::*;
    pub use crate::soft_delete::{__hard_delete_where, __soft_delete_where};
    pub use crate::transaction::*;
    pub use sea_orm;
    use std::time::SystemTime;

    /// `Value` of `Some(T::at(instant))` for a `deleted_at` column of type
    /// `Option<T>`.
    pub fn timestamp_at<T>(instant: SystemTime) -> sea_orm::Value
    where
        T: crate::Timestamp,
        Option<T>: Into<sea_orm::Value>,
    {
        Some(T::at(instant)).into()
    }

    /// When a row with this `deleted_at` value (of type `Option<T>`) was
    /// deleted; `None` for `NULL`.
    pub fn timestamp_of<T>(value: sea_orm::Value) -> Option<SystemTime>
    where
        T: crate::Timestamp,
        Option<T>: sea_orm::sea_query::ValueType,
    {
        <Option<T> as sea_orm::sea_query::ValueType>::try_from(value)
            .ok()
            .flatten()
            .map(|at| at.instant())
    }

    /// `Value` of a typed `NULL` for a `deleted_at` column of type `Option<T>`.
    pub fn timestamp_null<T>() -> sea_orm::Value
    where
        Option<T>: Into<sea_orm::Value>,
    {
        None::<T>.into()
    }
}
