#[transactional(read_only)]
async fn report<'a, C>(db: &'a C, owner: &'a str) -> Result<Vec<impl Serialize + 'a>, DbErr>
where
    C: ConnectionTrait + TransactionTrait,
{
    Ok(Account::find_by_owner(db, owner).await?.into_iter().map(Row::from).collect())
}
