impl AccountService {
    #[transactional(conn = self.db, isolation = serializable, timeout = "5s", retry = 3)]
    #[tracing::instrument(skip(self))]
    pub async fn open(&self, owner: &str) -> Result<i64, AppError> {
        let id = Account::insert(&self.db, owner).await?;
        tracing::info!(backend = ?self.db.get_database_backend(), "opened");
        Audit::record(&self.db, id).await?;
        Ok(id)
    }
}
