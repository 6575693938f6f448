use harden_runtime::transactional;
use sea_orm::DatabaseConnection;

#[transactional]
async fn touch(db: &DatabaseConnection) -> (u64, u64) {
    let _ = db;
    (0, 0)
}

fn main() {}
