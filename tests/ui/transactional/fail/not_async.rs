use harden_runtime::transactional;
use sea_orm::{DatabaseConnection, DbErr};

#[transactional]
fn transfer(db: &DatabaseConnection) -> Result<(), DbErr> {
    let _ = db;
    Ok(())
}

fn main() {}
