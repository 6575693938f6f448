//! Connection options with production defaults: a bounded pool, timeouts on acquiring a
//! connection and on every statement, and statement logging down at DEBUG.

use std::time::Duration;

use sea_orm::ConnectOptions;

/// [`ConnectOptions`] for a production service.
///
/// | setting | default | why |
/// |---|---|---|
/// | `max_connections` | 2 per CPU + 1, between 4 and 32 | enough to keep the cores busy while queries wait on I/O, few enough that replicas fit the server's limit |
/// | `min_connections` | 1 | |
/// | `acquire_timeout` | 5 s | a request fails fast when the pool is exhausted, instead of queueing for sqlx's 30 s |
/// | `connect_timeout` | 5 s | |
/// | `idle_timeout`, `max_lifetime` | 10 min, 30 min | connections are renewed (fail-over, credential rotation) |
/// | statement timeout | 30 s | PostgreSQL `statement_timeout`; MariaDB `max_statement_time`, MySQL `max_execution_time` (its `SELECT`s only), set on every connection |
/// | statement logging | DEBUG, slow statements (over 1 s) at WARN | SeaORM's default logs every statement at INFO |
///
/// The MySQL/MariaDB statement timeout needs this crate's `sqlx-mysql` feature (it is
/// set as each pooled connection opens); PostgreSQL's is SeaORM's own option; SQLite has
/// none.
///
/// ```
/// use std::time::Duration;
/// use harden_runtime::ProductionOptions;
///
/// let options = ProductionOptions::new("postgres://app@db.internal/app")
///     .statement_timeout(Duration::from_secs(10))
///     .build();
/// assert_eq!(options.get_acquire_timeout(), Some(Duration::from_secs(5)));
/// assert_eq!(options.get_statement_timeout(), Some(Duration::from_secs(10)));
/// ```
#[derive(Clone, Debug)]
pub struct ProductionOptions {
    url: String,
    max_connections: u32,
    acquire_timeout: Duration,
    statement_timeout: Duration,
}

impl ProductionOptions {
    /// The defaults above, for the database at `url`.
    pub fn new(url: impl Into<String>) -> Self {
        let cpus = std::thread::available_parallelism().map_or(2, |n| n.get() as u32);
        ProductionOptions {
            url: url.into(),
            max_connections: (cpus * 2 + 1).clamp(4, 32),
            acquire_timeout: Duration::from_secs(5),
            statement_timeout: Duration::from_secs(30),
        }
    }

    /// The pool's size.
    pub fn max_connections(mut self, n: u32) -> Self {
        self.max_connections = n.max(1);
        self
    }

    /// How long a request waits for a free connection before it fails.
    pub fn acquire_timeout(mut self, timeout: Duration) -> Self {
        self.acquire_timeout = timeout;
        self
    }

    /// How long one statement may run before the server cancels it.
    pub fn statement_timeout(mut self, timeout: Duration) -> Self {
        self.statement_timeout = timeout;
        self
    }

    /// The options, ready for `Database::connect`; SeaORM's own setters still apply to them.
    pub fn build(self) -> ConnectOptions {
        let mut options = ConnectOptions::new(self.url.clone());
        options
            .max_connections(self.max_connections)
            .min_connections(1)
            .acquire_timeout(self.acquire_timeout)
            .connect_timeout(Duration::from_secs(5))
            .idle_timeout(Duration::from_secs(600))
            .max_lifetime(Duration::from_secs(1800))
            .sqlx_logging(true)
            .sqlx_logging_level(log::LevelFilter::Debug)
            .sqlx_slow_statements_logging_settings(log::LevelFilter::Warn, Duration::from_secs(1));
        if self.url.starts_with("postgres") {
            options.statement_timeout(self.statement_timeout);
        }
        #[cfg(feature = "sqlx-mysql")]
        if self.url.starts_with("mysql") || self.url.starts_with("mariadb") {
            mysql::statement_timeout(&mut options, self.statement_timeout);
        }
        options
    }
}

#[cfg(feature = "sqlx-mysql")]
mod mysql {
    use std::time::Duration;

    use sea_orm::ConnectOptions;
    use sea_orm::sqlx::{self, AssertSqlSafe, MySqlConnection};

    /// Sets the session's statement timeout on every connection the pool opens: MariaDB's
    /// `max_statement_time` (seconds, every statement), else MySQL's `max_execution_time`
    /// (milliseconds, `SELECT` only).
    pub(super) fn statement_timeout(options: &mut ConnectOptions, timeout: Duration) {
        let millis = timeout.as_millis().max(1);
        options.map_sqlx_mysql_pool_opts(move |pool| {
            pool.after_connect(move |conn, _| {
                Box::pin(async move { set_timeout(conn, millis).await })
            })
        });
    }

    async fn set_timeout(conn: &mut MySqlConnection, millis: u128) -> Result<(), sqlx::Error> {
        let version: String = sqlx::query_scalar("SELECT VERSION()")
            .fetch_one(&mut *conn)
            .await?;
        let statement = if version.contains("MariaDB") {
            format!(
                "SET SESSION max_statement_time = {}.{:03}",
                millis / 1000,
                millis % 1000
            )
        } else {
            format!("SET SESSION max_execution_time = {millis}")
        };
        // The statement is built from a number, never from input.
        sqlx::raw_sql(AssertSqlSafe(statement))
            .execute(&mut *conn)
            .await?;
        Ok(())
    }
}
