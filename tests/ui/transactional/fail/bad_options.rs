use harden_runtime::transactional;
use sea_orm::{DatabaseConnection, DbErr};

#[transactional(
    isolation = serialisable,
    retries = 3,
    timeout = "5 seconds",
    read_only = "yes",
    retry = 0,
    timeout = "1s",
    conn = db.pool(),
)]
async fn everything_wrong(db: &DatabaseConnection) -> Result<(), DbErr> {
    let _ = db;
    Ok(())
}

#[transactional(isolation, timeout = 5, retry = "3", conn, propagation = "require_new")]
async fn values_missing_or_mistyped(db: &DatabaseConnection) -> Result<(), DbErr> {
    let _ = db;
    Ok(())
}

fn main() {}
