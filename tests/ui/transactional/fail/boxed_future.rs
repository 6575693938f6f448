use harden_runtime::transactional;
use sea_orm::{DatabaseConnection, DbErr};
use std::future::Future;
use std::pin::Pin;

// What `#[async_trait]` turns an `async fn` into before `#[transactional]`
// sees it.
#[transactional]
fn transfer<'a>(
    db: &'a DatabaseConnection,
) -> Pin<Box<dyn Future<Output = Result<(), DbErr>> + Send + 'a>> {
    Box::pin(async move {
        let _ = db;
        Ok(())
    })
}

fn main() {}
