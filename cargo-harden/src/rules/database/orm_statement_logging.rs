//! `orm-statement-logging`: SeaORM left logging every SQL statement at INFO.

use super::{connects, setting, settings};
use crate::facts::Setup;
use crate::findings::Findings;
use crate::model::Model;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it flags
    /// sea-orm's `debug-print` feature in any manifest (it prints every statement, with
    /// its values, to stdout), and a SeaORM connection that logs every statement at INFO,
    /// SeaORM's default:
    /// `Database::connect(url)` given a URL (a string, `env::var(..)`, a `database_url`),
    /// `ConnectOptions` seen being built without `.sqlx_logging(false)` or a
    /// `.sqlx_logging_level(..)` of `Debug`, `Trace` or `Off`, and an explicit
    /// `.sqlx_logging(true)` without such a level (a level read from configuration is said
    /// to be one). Options built where the checker does not follow them (handed in as a
    /// parameter), `sqlx_logging(..)` given a value from configuration, and connections only
    /// command-line tools open (binaries that run migrations, or start no server while
    /// another binary of the workspace does; a server binary's branch that never serves,
    /// such as an admin subcommand) are not judged.
    ///
    /// ## Why it matters
    /// The checklist wants ORM debug logs off in production. At INFO every query of every
    /// request lands in the production logs: the volume costs money and drowns what
    /// matters, and the statements show the schema and, in `debug-print` builds, the
    /// values.
    ///
    /// ## Example
    /// ```text
    /// let db = Database::connect(&config.database_url).await?;
    /// ```
    ///
    /// ## Fix
    /// Build `ConnectOptions` and turn statement logging off, or down to DEBUG:
    /// `opts.sqlx_logging(false)` or `opts.sqlx_logging_level(log::LevelFilter::Debug)`.
    name: "orm-statement-logging", section: 1, level: Error, exempt_in_tests: true,
    run: orm_statement_logging,
}

const HELP: &str = "build `ConnectOptions` with `.sqlx_logging(false)` (or \
                    `.sqlx_logging_level(log::LevelFilter::Debug)`) and pass those to \
                    `Database::connect`";

pub(crate) fn orm_statement_logging(model: &Model, out: &mut Findings) {
    for (i, f) in model.files.iter().enumerate() {
        if let Some(span) = f.facts.orm_debug_print {
            out.report(
                ID,
                crate::ids::FileId::of(i),
                span,
                "sea-orm's `debug-print` feature prints every SQL statement, with its values, to stdout",
            )
            .help("remove the feature (turn it on for a local build only: `cargo run --features sea-orm/debug-print`)");
        }
    }
    // sqlx on its own logs statements at DEBUG.
    for c in connects(model).into_iter().filter(|c| c.sqlx.is_none()) {
        if c.url {
            out.report(
                ID,
                c.file,
                c.fact.span,
                "`Database::connect` given a URL logs every SQL statement at INFO \
                 (SeaORM's default)",
            )
            .help(HELP);
            continue;
        }
        let Some(set) = settings(model, &c) else {
            continue;
        };
        let quiet_level = setting(&set, "sqlx_logging_level")
            .is_some_and(|l| matches!(l, "Debug" | "Trace" | "Off"));
        // `sqlx_logging(config.log_sql)`: whether it logs is decided at run time.
        if quiet_level || matches!(setting(&set, "sqlx_logging"), Some("false" | "")) {
            continue;
        }
        let on = set.iter().find(|(_, s)| {
            matches!(&s.kind, Setup::Option { name, arg } if name == "sqlx_logging" && arg == "true")
        });
        // A level read from configuration cannot be known here: the message says so.
        let level = match setting(&set, "sqlx_logging_level") {
            Some("") => "a level computed at run time".to_string(),
            Some(word) => format!("`{word}`"),
            None => "`Info`".to_string(),
        };
        let (file, span, message) = match on {
            Some((file, s)) => (
                *file,
                s.span,
                format!("`sqlx_logging(true)` logs every SQL statement at {level}"),
            ),
            None => (
                c.file,
                c.fact.span,
                format!(
                    "the `ConnectOptions` given to `Database::connect` leave SQL statement \
                     logging on, at {level} (SeaORM's default is on, at INFO)"
                ),
            ),
        };
        out.report(ID, file, span, message).help(
            "turn it off with `.sqlx_logging(false)`, or down with \
             `.sqlx_logging_level(log::LevelFilter::Debug)` (a level from configuration that \
             is DEBUG or lower in production: suppress this with that reason)",
        );
    }
}
