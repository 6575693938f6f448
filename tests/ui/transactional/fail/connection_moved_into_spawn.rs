use harden_runtime::transactional;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};

async fn audit(db: &impl ConnectionTrait, what: &str) -> Result<(), DbErr> {
    db.execute_unprepared(&format!("INSERT INTO audit VALUES ('{what}')")).await?;
    Ok(())
}

// The spawned task outlives the transaction `db` stands for.
#[transactional]
async fn sign_up(db: &DatabaseConnection, name: &str) -> Result<(), DbErr> {
    db.execute_unprepared(&format!("INSERT INTO users VALUES ('{name}')")).await?;
    tokio::spawn(async move { audit(db, "sign up").await });
    Ok(())
}

fn main() {}
