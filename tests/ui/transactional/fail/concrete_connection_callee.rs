use harden_runtime::transactional;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};

// Takes the pool by its concrete type, so the transaction cannot be passed.
async fn insert_user(db: &DatabaseConnection, name: &str) -> Result<(), DbErr> {
    db.execute_unprepared(&format!("INSERT INTO users VALUES ('{name}')")).await?;
    Ok(())
}

#[transactional]
async fn sign_up(db: &DatabaseConnection, name: &str) -> Result<(), DbErr> {
    insert_user(db, name).await
}

fn main() {}
