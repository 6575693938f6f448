//! 64 tasks move money at random between 10 accounts, each transfer a
//! `#[transactional(retry = ..)]` fn that reads both balances and writes
//! them back (a read-modify-write that only the isolation level keeps
//! correct). PostgreSQL runs it SERIALIZABLE; MariaDB REPEATABLE READ with
//! `SELECT ... FOR UPDATE` row locks, in random order, so deadlocks happen.
//!
//! Afterwards: the total is conserved, no balance is negative, and the
//! transfers ledger holds exactly the transfers reported `Ok`, which account
//! for every balance (each applied exactly once, retries included).

use crate::support::{Backend, create_table, fresh};
use harden_runtime::transactional;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QuerySelect,
};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

const TASKS: u64 = 64;
const TRANSFERS_PER_TASK: u64 = 20;
const ACCOUNTS: i32 = 10;
const OPENING_BALANCE: i64 = 1_000;
const RETRY: u32 = 50;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(
    not(harden_postgres),
    ignore = "skipped: HARDEN_TEST_POSTGRES_URL not set"
)]
async fn serializable_transfers_on_postgres() {
    // 12 connections: enough for hundreds of serialization failures, few
    // enough that the 64 tasks do not spend the run waiting on row locks
    // only to fail (32 connections took 25-65 s here for the same checks).
    if let Some(db) = fresh(Backend::Postgres, "serializable_transfers", 12).await {
        run(db, Isolation::Serializable).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(not(harden_mysql), ignore = "skipped: HARDEN_TEST_MYSQL_URL not set")]
async fn locking_transfers_on_mariadb() {
    if let Some(db) = fresh(Backend::MySql, "locking_transfers", 32).await {
        run(db, Isolation::RowLocks).await;
    }
}

pub mod account {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "tx_accounts")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: i32,
        pub balance: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod ledger {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "tx_transfers")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: i64,
        pub from_id: i32,
        pub to_id: i32,
        pub amount: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

#[derive(Clone, Copy)]
enum Isolation {
    Serializable,
    RowLocks,
}

#[derive(Clone, Copy, Debug)]
struct Transfer {
    id: i64,
    from: i32,
    to: i32,
    amount: i64,
}

#[derive(Debug)]
enum BankError {
    Db(DbErr),
    Insufficient,
}

impl From<DbErr> for BankError {
    fn from(err: DbErr) -> Self {
        BankError::Db(err)
    }
}

impl std::fmt::Display for BankError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BankError::Db(err) => write!(f, "database: {err}"),
            BankError::Insufficient => f.write_str("insufficient funds"),
        }
    }
}

impl std::error::Error for BankError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BankError::Db(err) => Some(err),
            BankError::Insufficient => None,
        }
    }
}

#[transactional(isolation = serializable, retry = 50)]
async fn transfer_serializable(
    db: &DatabaseConnection,
    transfer: Transfer,
    attempts: &AtomicU64,
) -> Result<(), BankError> {
    attempts.fetch_add(1, Relaxed);
    move_money(db, transfer, false).await
}

#[transactional(isolation = repeatable_read, retry = 50)]
async fn transfer_locking(
    db: &DatabaseConnection,
    transfer: Transfer,
    attempts: &AtomicU64,
) -> Result<(), BankError> {
    attempts.fetch_add(1, Relaxed);
    move_money(db, transfer, true).await
}

/// Reads both balances, checks, writes both back, records the transfer.
async fn move_money(
    db: &impl ConnectionTrait,
    transfer: Transfer,
    lock: bool,
) -> Result<(), BankError> {
    let from = balance(db, transfer.from, lock).await?;
    let to = balance(db, transfer.to, lock).await?;
    if from < transfer.amount {
        return Err(BankError::Insufficient);
    }
    set_balance(db, transfer.from, from - transfer.amount).await?;
    set_balance(db, transfer.to, to + transfer.amount).await?;
    ledger::ActiveModel {
        id: Set(transfer.id),
        from_id: Set(transfer.from),
        to_id: Set(transfer.to),
        amount: Set(transfer.amount),
    }
    .insert(db)
    .await?;
    Ok(())
}

async fn balance(db: &impl ConnectionTrait, id: i32, lock: bool) -> Result<i64, DbErr> {
    let mut query = account::Entity::find_by_id(id);
    if lock {
        query = query.lock_exclusive();
    }
    let account = query
        .one(db)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("account {id}")))?;
    Ok(account.balance)
}

async fn set_balance(db: &impl ConnectionTrait, id: i32, balance: i64) -> Result<(), DbErr> {
    account::ActiveModel {
        id: Set(id),
        balance: Set(balance),
    }
    .update(db)
    .await?;
    Ok(())
}

/// Deterministic per-task randomness (xorshift64*), so a failure can be
/// replayed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n
    }
}

#[derive(Default)]
struct Outcomes {
    ok: BTreeSet<i64>,
    insufficient: BTreeSet<i64>,
    gave_up: BTreeSet<i64>,
}

async fn run(db: DatabaseConnection, isolation: Isolation) {
    create_table(&db, account::Entity).await.expect("accounts");
    create_table(&db, ledger::Entity).await.expect("ledger");
    for id in 1..=ACCOUNTS {
        account::ActiveModel {
            id: Set(id),
            balance: Set(OPENING_BALANCE),
        }
        .insert(&db)
        .await
        .expect("account opened");
    }

    let attempts = Arc::new(AtomicU64::new(0));
    let started = std::time::Instant::now();
    let mut tasks = Vec::new();
    for task in 0..TASKS {
        let (db, attempts) = (db.clone(), Arc::clone(&attempts));
        tasks.push(tokio::spawn(async move {
            let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (task + 1));
            let mut outcomes = Outcomes::default();
            for n in 0..TRANSFERS_PER_TASK {
                let from = rng.below(ACCOUNTS as u64) as i32 + 1;
                let to = (from + rng.below(ACCOUNTS as u64 - 1) as i32) % ACCOUNTS + 1;
                let transfer = Transfer {
                    id: (task * TRANSFERS_PER_TASK + n) as i64,
                    from,
                    to,
                    amount: rng.below(300) as i64 + 1,
                };
                let result = match isolation {
                    Isolation::Serializable => {
                        transfer_serializable(&db, transfer, &attempts).await
                    }
                    Isolation::RowLocks => transfer_locking(&db, transfer, &attempts).await,
                };
                match result {
                    Ok(()) => outcomes.ok.insert(transfer.id),
                    Err(BankError::Insufficient) => outcomes.insufficient.insert(transfer.id),
                    Err(BankError::Db(err)) if harden_runtime::is_retryable(&err) => {
                        outcomes.gave_up.insert(transfer.id)
                    }
                    Err(BankError::Db(err)) => panic!("transfer {transfer:?}: {err}"),
                };
            }
            outcomes
        }));
    }
    let mut all = Outcomes::default();
    for task in tasks {
        let outcomes = task.await.expect("task completes");
        all.ok.extend(outcomes.ok);
        all.insufficient.extend(outcomes.insufficient);
        all.gave_up.extend(outcomes.gave_up);
    }
    let elapsed = started.elapsed();

    let accounts = account::Entity::find().all(&db).await.expect("accounts");
    let ledger = ledger::Entity::find().all(&db).await.expect("ledger");
    let total: i64 = accounts.iter().map(|account| account.balance).sum();
    assert_eq!(total, OPENING_BALANCE * ACCOUNTS as i64, "money conserved");
    for account in &accounts {
        assert!(account.balance >= 0, "account overdrawn: {account:?}");
    }
    let recorded: BTreeSet<i64> = ledger.iter().map(|entry| entry.id).collect();
    assert_eq!(
        recorded, all.ok,
        "the ledger holds exactly the Ok transfers"
    );
    let mut expected: BTreeMap<i32, i64> = (1..=ACCOUNTS).map(|id| (id, OPENING_BALANCE)).collect();
    for entry in &ledger {
        *expected.get_mut(&entry.from_id).expect("account") -= entry.amount;
        *expected.get_mut(&entry.to_id).expect("account") += entry.amount;
    }
    let actual: BTreeMap<i32, i64> = accounts
        .iter()
        .map(|account| (account.id, account.balance))
        .collect();
    assert_eq!(actual, expected, "each Ok transfer applied exactly once");

    let transfers = TASKS * TRANSFERS_PER_TASK;
    let attempts = attempts.load(Relaxed);
    println!(
        "{backend}: {transfers} transfers by {TASKS} tasks in {elapsed:.1?}: {ok} ok, \
         {insufficient} refused for funds, {gave_up} gave up after {RETRY} retries; \
         {attempts} attempts, so {retries} retries",
        backend = match isolation {
            Isolation::Serializable => "PostgreSQL SERIALIZABLE",
            Isolation::RowLocks => "MariaDB REPEATABLE READ + FOR UPDATE",
        },
        ok = all.ok.len(),
        insufficient = all.insufficient.len(),
        gave_up = all.gave_up.len(),
        retries = attempts - transfers,
    );
    assert!(
        attempts > transfers,
        "the contention this test exists for did not happen"
    );
}
