//! Nested calls: a helper takes `&C`, so it gets the caller's transaction
//! (a savepoint) or a pool alike.
#![deny(warnings)]

use harden_runtime::transactional;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, TransactionTrait};

#[transactional]
async fn audit<C>(db: &C, what: &str) -> Result<(), DbErr>
where
    C: ConnectionTrait + TransactionTrait,
{
    db.execute_unprepared(&format!("INSERT INTO audit VALUES ('{what}')")).await?;
    Ok(())
}

#[transactional]
async fn sign_up(db: &DatabaseConnection, name: &str) -> Result<(), DbErr> {
    db.execute_unprepared(&format!("INSERT INTO users VALUES ('{name}')")).await?;
    audit(db, "sign up").await
}

#[transactional(retry = 2)]
async fn sign_up_all(db: &impl TransactionTrait, names: &[String]) -> Result<usize, DbErr> {
    // The transaction of any `TransactionTrait` runs queries.
    for name in names {
        db.execute_unprepared(&format!("INSERT INTO users VALUES ('{name}')")).await?;
    }
    Ok(names.len())
}

fn main() {
    let _ = |db: &'static DatabaseConnection| async move {
        sign_up(db, "ada").await?;
        sign_up_all(db, &["grace".to_owned()]).await
    };
}
