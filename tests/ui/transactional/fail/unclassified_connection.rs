use harden_runtime::transactional;
use sea_orm::{ConnectionTrait, DbErr, TransactionTrait};

/// The service's own name for "a database it can run transactions on".
trait Db: ConnectionTrait + TransactionTrait {}

// `#[transactional]` sees `C: Db`, not `TransactionTrait`.
#[transactional]
async fn sign_up<C: Db>(db: &C, name: &str) -> Result<(), DbErr> {
    db.execute_unprepared(&format!("INSERT INTO users VALUES ('{name}')")).await?;
    Ok(())
}

/// A type alias of the service's own.
type Pool = sea_orm::DatabaseConnection;

#[transactional]
async fn close(pool: &Pool, name: &str) -> Result<(), DbErr> {
    pool.execute_unprepared(&format!("DELETE FROM users WHERE name = '{name}'")).await?;
    Ok(())
}

fn main() {}
