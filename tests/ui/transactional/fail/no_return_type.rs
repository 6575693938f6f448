use harden_runtime::transactional;
use sea_orm::DatabaseConnection;

#[transactional]
async fn touch(db: &DatabaseConnection) {
    let _ = db;
}

fn main() {}
