use harden_runtime::transactional;
use sea_orm::DatabaseConnection;

#[transactional]
async fn find(db: &DatabaseConnection) -> Option<u64> {
    let _ = db;
    Some(1)
}

fn main() {}
