use harden_runtime::transactional;
use sea_orm::{DatabaseConnection, DbErr};

struct Service {
    db: DatabaseConnection,
}

impl Service {
    #[transactional]
    async fn rename(&self, name: String) -> Result<(), DbErr> {
        let _ = (&self.db, name);
        Ok(())
    }
}

fn main() {}
