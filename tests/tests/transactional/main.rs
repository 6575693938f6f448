//! `#[transactional]` end to end.

mod smoke {
    use harden_runtime::transactional;
    use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};

    #[transactional]
    async fn insert(db: &DatabaseConnection, id: i32) -> Result<(), DbErr> {
        db.execute_unprepared(&format!("INSERT INTO t VALUES ({id})"))
            .await?;
        Ok(())
    }

    #[tokio::test]
    async fn smoke() {
        let db = sea_orm::Database::connect("sqlite::memory:").await.unwrap();
        db.execute_unprepared("CREATE TABLE t (id INT)")
            .await
            .unwrap();
        insert(&db, 1).await.unwrap();
    }
}
