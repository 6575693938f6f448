//! `connection-pool-defaults`: a SeaORM connection pool with no size, acquire timeout or
//! statement timeout of its own.

use super::{connects, setting, settings};
use crate::findings::Findings;
use crate::model::Model;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it flags
    /// A connection pool left at its defaults. sqlx pools (`PgPool::connect(url)`, or
    /// `PgPoolOptions`/`MySqlPoolOptions` chains ending in `connect..`) without
    /// `max_connections(..)` or `acquire_timeout(..)`; a SeaORM `Database::connect(..)` given a URL, or
    /// given `ConnectOptions` seen being built without `max_connections(..)`,
    /// `acquire_timeout(..)`, or a statement timeout (`statement_timeout(..)`, or
    /// `after_connect`/`map_sqlx_postgres_opts`/`map_sqlx_mysql_opts`, where a timeout is
    /// usually set). Options built where the checker does not follow them, and connections
    /// only command-line tools open (as for `orm-statement-logging`), are not judged. A
    /// timeout set in the connection URL (`?options=-c statement_timeout=5s`) or on the
    /// database role cannot be seen: suppress the finding with that as the reason.
    ///
    /// ## Why it matters
    /// The checklist asks for connection pooling and a query timeout. Left at the driver's
    /// defaults, the pool size is not matched to the database's connection limit (every
    /// replica opens up to 10), a request waits 30 seconds for a connection before failing,
    /// and a runaway query holds its connection and locks for as long as it runs.
    ///
    /// ## Example
    /// ```text
    /// let mut opts = ConnectOptions::new(url);
    /// opts.sqlx_logging(false);
    /// let db = Database::connect(opts).await?;
    /// ```
    ///
    /// ## Fix
    /// Set them on the options: `.max_connections(n)`, `.acquire_timeout(Duration::from_secs(5))`
    /// and `.statement_timeout(Duration::from_secs(30))` (PostgreSQL); on MySQL/MariaDB set
    /// `max_execution_time` in `after_connect`.
    name: "connection-pool-defaults", section: 7, level: Warning, exempt_in_tests: true,
    run: connection_pool_defaults,
}

/// Where a statement timeout is set, besides `statement_timeout` itself.
const TIMEOUT_HOOKS: &[&str] = &[
    "after_connect",
    "map_sqlx_postgres_opts",
    "map_sqlx_mysql_opts",
];

pub(crate) fn connection_pool_defaults(model: &Model, out: &mut Findings) {
    for c in connects(model) {
        let missing: Vec<&str> = if let Some(chain) = c.sqlx {
            // A sqlx pool's statement timeout is set on its connect options or in
            // `after_connect`, out of the chain's sight: only the pool itself is judged.
            ["max_connections", "acquire_timeout"]
                .into_iter()
                .filter(|m| !chain.iter().any(|c| c == m))
                .collect()
        } else if c.url {
            vec!["max_connections", "acquire_timeout", "statement_timeout"]
        } else {
            let Some(set) = settings(model, &c) else {
                continue;
            };
            let mut missing = Vec::new();
            for name in ["max_connections", "acquire_timeout"] {
                if setting(&set, name).is_none() {
                    missing.push(name);
                }
            }
            let timeout = setting(&set, "statement_timeout").is_some()
                || TIMEOUT_HOOKS.iter().any(|h| setting(&set, h).is_some());
            if !timeout {
                missing.push("statement_timeout");
            }
            missing
        };
        if missing.is_empty() {
            continue;
        }
        let list: Vec<String> = missing.iter().map(|m| format!("`{m}`")).collect();
        let given = match (c.sqlx, c.url) {
            (Some([]), _) => "a URL (sqlx)",
            (Some(_), _) => "sqlx pool options",
            (None, true) => "a URL",
            (None, false) => "options",
        };
        out.report(
            ID,
            c.file,
            c.fact.span,
            format!(
                "connection pool opened from {given} without {}",
                join_and(&list)
            ),
        )
        .help(format!(
            "set {} on the pool's options (a timeout in the URL or on the database role \
             is not visible here: if that is where it is, suppress this with that reason)",
            missing
                .iter()
                .map(|m| format!("`.{m}(..)`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
}

/// `a`, `a and b`, `a, b and c`.
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
