//! `#[transactional]` against the same body written by hand with `begin` and
//! `commit`, on in-memory SQLite, where the database is as cheap as it gets
//! and the wrapper's own cost shows most.
//!
//! `cargo bench -p harden-tests --bench transactional`. Each round times a
//! batch of calls of each variant, alternating which goes first; the report
//! gives the median time per call and the ratio.

use harden_runtime::transactional;
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbErr, TransactionTrait,
};
use std::hint::black_box;
use std::time::{Duration, Instant};

const ROUNDS: usize = 31;
const CALLS_PER_ROUND: u32 = 2_000;

const BUMP: &str = "UPDATE bench SET v = v + 1 WHERE id = 1";

#[transactional]
async fn with_macro(db: &DatabaseConnection) -> Result<(), DbErr> {
    db.execute_unprepared(BUMP).await?;
    Ok(())
}

async fn by_hand(db: &DatabaseConnection) -> Result<(), DbErr> {
    let txn = db.begin().await?;
    txn.execute_unprepared(BUMP).await?;
    txn.commit().await?;
    Ok(())
}

#[transactional(retry = 3)]
async fn with_macro_retry(db: &DatabaseConnection) -> Result<(), DbErr> {
    db.execute_unprepared(BUMP).await?;
    Ok(())
}

async fn time<F>(db: &DatabaseConnection, call: F) -> Duration
where
    F: AsyncFn(&DatabaseConnection) -> Result<(), DbErr>,
{
    let started = Instant::now();
    for _ in 0..CALLS_PER_ROUND {
        black_box(call(db).await).expect("the bump commits");
    }
    started.elapsed() / CALLS_PER_ROUND
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let mut options = ConnectOptions::new("sqlite::memory:");
        options.max_connections(1).sqlx_logging(false);
        let db = Database::connect(options).await.expect("sqlite");
        db.execute_unprepared("CREATE TABLE bench (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)")
            .await
            .expect("table");
        db.execute_unprepared("INSERT INTO bench VALUES (1, 0)")
            .await
            .expect("row");

        // Warm up the connection, the statement cache and the allocator.
        time(&db, by_hand).await;
        time(&db, with_macro).await;

        let (mut hand, mut wrapped, mut retrying) = (Vec::new(), Vec::new(), Vec::new());
        for round in 0..ROUNDS {
            if round % 2 == 0 {
                hand.push(time(&db, by_hand).await);
                wrapped.push(time(&db, with_macro).await);
            } else {
                wrapped.push(time(&db, with_macro).await);
                hand.push(time(&db, by_hand).await);
            }
            retrying.push(time(&db, with_macro_retry).await);
        }
        let (hand, wrapped, retrying) = (median(hand), median(wrapped), median(retrying));
        let ratio = |d: Duration| d.as_secs_f64() / hand.as_secs_f64();
        println!("SQLite in memory, one UPDATE per transaction, median of {ROUNDS} rounds of {CALLS_PER_ROUND} calls:");
        println!("  begin/commit by hand        {hand:>10.2?} per call");
        println!("  #[transactional]            {wrapped:>10.2?} per call  ({:.3}x)", ratio(wrapped));
        println!("  #[transactional(retry = 3)] {retrying:>10.2?} per call  ({:.3}x)", ratio(retrying));
    });
}
