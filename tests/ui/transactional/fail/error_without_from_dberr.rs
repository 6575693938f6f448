use harden_runtime::transactional;
use sea_orm::DatabaseConnection;

#[derive(Debug)]
enum AppError {
    NotFound,
}

#[transactional]
async fn find(db: &DatabaseConnection) -> Result<u64, AppError> {
    let _ = db;
    Err(AppError::NotFound)
}

fn main() {}
