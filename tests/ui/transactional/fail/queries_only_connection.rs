use harden_runtime::transactional;
use sea_orm::{ConnectionTrait, DbErr};

#[transactional]
async fn with_impl(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    let _ = db;
    Ok(())
}

#[transactional]
async fn with_generic<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    let _ = db;
    Ok(())
}

fn main() {}
