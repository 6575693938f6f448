//! A service as an axum app writes it: the pool in the state, a method per
//! use case, a domain error that wraps `DbErr`.
#![deny(missing_docs, warnings)]

use harden_runtime::transactional;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};

/// The service's error.
#[derive(Debug)]
pub enum AppError {
    /// The database failed.
    Db(DbErr),
    /// Not enough money.
    Insufficient,
}

impl From<DbErr> for AppError {
    fn from(err: DbErr) -> Self {
        AppError::Db(err)
    }
}

/// Moves money between accounts.
pub struct Transfers {
    db: DatabaseConnection,
}

impl Transfers {
    /// Moves `amount` from one account to another, or nothing.
    #[transactional(conn = self.db, isolation = serializable, retry = 5, timeout = "5s")]
    pub async fn transfer(&self, from: i32, to: i32, amount: i64) -> Result<(), AppError> {
        let sql = format!("UPDATE accounts SET balance = balance - {amount} WHERE id = {from} AND balance >= {amount}");
        if self.db.execute_unprepared(&sql).await?.rows_affected() == 0 {
            return Err(AppError::Insufficient);
        }
        let sql = format!("UPDATE accounts SET balance = balance + {amount} WHERE id = {to}");
        self.db.execute_unprepared(&sql).await?;
        Ok(())
    }

    /// A read-only report.
    #[transactional(conn = self.db, read_only)]
    pub async fn total(&self) -> Result<u64, AppError> {
        let rows = self.db.execute_unprepared("SELECT 1").await?;
        Ok(rows.rows_affected())
    }
}

fn main() {}
