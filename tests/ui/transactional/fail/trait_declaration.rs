use harden_runtime::transactional;
use sea_orm::{DatabaseConnection, DbErr};

trait Store {
    #[transactional]
    async fn put(&self, db: &DatabaseConnection) -> Result<(), DbErr>;
}

fn main() {}
