use harden_runtime::transactional;
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr};

// A transaction of its own needs the pool; a `DatabaseTransaction` only
// holds savepoints.
#[transactional(propagation = "requires_new")]
async fn audit(db: &DatabaseTransaction, what: &str) -> Result<(), DbErr> {
    db.execute_unprepared(&format!("INSERT INTO audit VALUES ('{what}')")).await?;
    Ok(())
}

fn main() {}
