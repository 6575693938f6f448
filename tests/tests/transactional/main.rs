//! `#[transactional]` end to end: behaviour on SQLite, PostgreSQL and
//! MariaDB, the signatures it accepts, its options, and retries under
//! concurrency.

mod behaviour;
mod concurrency;
mod options;
mod propagation;
mod retry;
mod signatures;
mod support;
mod ui;
