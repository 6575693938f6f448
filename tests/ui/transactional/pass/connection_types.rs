//! The connection as services spell it: SeaORM's `DbConn` alias, a trait of
//! the service's own named with `conn`, an `Arc` field read through
//! `as_ref()`.
#![deny(warnings)]

use harden_runtime::transactional;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbConn, DbErr, TransactionTrait};
use std::sync::Arc;

#[transactional]
async fn with_alias(db: &DbConn) -> Result<(), DbErr> {
    db.execute_unprepared("INSERT INTO users VALUES ('ada')").await?;
    Ok(())
}

/// The service's own name for "a database it can run transactions on".
trait Db: ConnectionTrait + TransactionTrait {}

impl<T: ConnectionTrait + TransactionTrait> Db for T {}

#[transactional(conn = db)]
async fn with_own_trait<C: Db>(db: &C) -> Result<(), DbErr> {
    db.execute_unprepared("INSERT INTO users VALUES ('grace')").await?;
    Ok(())
}

async fn insert(db: &impl ConnectionTrait, name: &str) -> Result<(), DbErr> {
    db.execute_unprepared(&format!("INSERT INTO users VALUES ('{name}')")).await?;
    Ok(())
}

struct Users {
    db: Arc<DatabaseConnection>,
}

impl Users {
    #[transactional(conn = self.db)]
    async fn add(&self, name: &str) -> Result<(), DbErr> {
        insert(self.db.as_ref(), name).await
    }
}

fn main() {
    let _ = |db: &'static DatabaseConnection| async move {
        with_alias(db).await?;
        with_own_trait(db).await?;
        Users { db: Arc::new(db.clone()) }.add("edsger").await
    };
}
