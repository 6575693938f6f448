/// Moves `amount` from one account to another.
#[transactional]
pub async fn transfer(db: &DatabaseConnection, from: i32, to: i32, amount: i64) -> Result<(), AppError> {
    let balance = Account::balance(db, from).await?;
    if balance < amount {
        return Err(AppError::Insufficient);
    }
    Account::add(db, from, -amount).await?;
    Account::add(db, to, amount).await?;
    Ok(())
}
