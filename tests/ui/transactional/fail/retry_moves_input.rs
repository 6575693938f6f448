use harden_runtime::transactional;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};

async fn save(db: &impl ConnectionTrait, name: String) -> Result<(), DbErr> {
    db.execute_unprepared(&format!("INSERT INTO t VALUES ('{name}')")).await?;
    Ok(())
}

// `retry` re-runs the body, but the first run gives `name` away.
#[transactional(retry = 3)]
async fn rename(db: &DatabaseConnection, name: String) -> Result<(), DbErr> {
    save(db, name).await
}

fn main() {}
