use harden_runtime::transactional;
use sea_orm::{DatabaseConnection, DatabaseTransaction, DbErr};

#[transactional]
async fn copy(from: &DatabaseConnection, to: &DatabaseTransaction) -> Result<(), DbErr> {
    let _ = (from, to);
    Ok(())
}

fn main() {}
