//! Database set-up: connections opened (`Database::connect`), the `ConnectOptions` they are
//! given, and migrations or schema sync run.

use syn::Expr;

use super::peel::{self, peel};
use super::walker::Walker;
use super::{DbSetup, Setup, Ty};
use crate::span::Span;

/// `ConnectOptions` setters whose use the rules ask about.
const SETTERS: &[&str] = &[
    "max_connections",
    "min_connections",
    "acquire_timeout",
    "connect_timeout",
    "idle_timeout",
    "max_lifetime",
    "sqlx_logging",
    "sqlx_logging_level",
    "statement_timeout",
    "after_connect",
    "map_sqlx_postgres_opts",
    "map_sqlx_mysql_opts",
];

/// `Migrator::up/fresh/refresh/reset` run the migrations (`down` is left to humans).
const MIGRATOR_RUNS: &[&str] = &["up", "fresh", "refresh", "reset"];

/// Names a connection string goes by.
const URL_NAMES: &[&str] = &["url", "uri", "dsn", "connection_string", "conn_str"];

/// A path call: `Database::connect(..)`, `Migrator::up(..)`.
pub(super) fn path_call(w: &mut Walker<'_>, segs: &[String], c: &syn::ExprCall, span: Span) {
    let n = segs.len();
    if n < 2 {
        return;
    }
    let (ty, last) = (segs[n - 2].as_str(), segs[n - 1].as_str());
    let kind = if matches!(ty, "PgPool" | "MySqlPool" | "AnyPool")
        && matches!(last, "connect" | "connect_lazy")
    {
        Setup::SqlxPool {
            settings: Vec::new(),
        }
    } else if ty == "Database" && last == "connect" {
        let Some(arg) = c.args.first() else { return };
        Setup::Connect {
            url: is_url(w, arg),
        }
    } else if ty.ends_with("Migrator") && MIGRATOR_RUNS.contains(&last) {
        Setup::Migrate(format!("{ty}::{last}"))
    } else {
        return;
    };
    push(w, kind, span);
}

/// A method call: a `ConnectOptions` setter, `sqlx::migrate!().run(..)`, a schema `sync`.
pub(super) fn method_call(w: &mut Walker<'_>, m: &syn::ExprMethodCall, method: &str, span: Span) {
    if SETTERS.contains(&method) && on_connect_options(w, &m.receiver) {
        // The setter itself, not the chain before it.
        let span = peel::method_span(m);
        let setter = Setup::Option {
            name: method.to_string(),
            arg: m.args.first().map(arg_word).unwrap_or_default(),
        };
        push(w, setter, span);
    } else if matches!(
        method,
        "connect" | "connect_lazy" | "connect_with" | "connect_lazy_with"
    ) && let Some(settings) = sqlx_pool_chain(&m.receiver)
    {
        push(w, Setup::SqlxPool { settings }, span);
    } else if method == "run" && runs_sqlx_migrations(&m.receiver) {
        push(w, Setup::Migrate("sqlx::migrate!().run".to_string()), span);
    } else if method == "sync"
        && peel::chain_methods(&m.receiver)
            .iter()
            .any(|c| c == "get_schema_registry" || c == "get_schema_builder")
    {
        push(w, Setup::Migrate("schema sync".to_string()), span);
    }
}

fn push(w: &mut Walker<'_>, kind: Setup, span: Span) {
    let site = w.here();
    w.facts.db_setup.push(DbSetup { kind, span, site });
}

/// Whether a chain is built on `ConnectOptions`: it starts at `ConnectOptions::new(..)` (or
/// `::from`), or at a variable or parameter of that type.
fn on_connect_options(w: &Walker<'_>, mut e: &Expr) -> bool {
    loop {
        match peel(e) {
            Expr::MethodCall(m) => e = &m.receiver,
            Expr::Call(c) => {
                return matches!(&*c.func, Expr::Path(p)
                    if p.path.segments.iter().rev().nth(1).is_some_and(|s| s.ident == "ConnectOptions"));
            }
            Expr::Path(p) => {
                let Some(id) = p.path.get_ident() else {
                    return false;
                };
                return w
                    .local(&id.to_string())
                    .is_some_and(|l| names_connect_options(&l.ty));
            }
            _ => return false,
        }
    }
}

/// `ConnectOptions` as a written type, or what `ConnectOptions::new(..)` returns.
fn names_connect_options(ty: &Ty) -> bool {
    match ty {
        Ty::Named(p) => p.last().is_some_and(|s| s == "ConnectOptions"),
        Ty::PathRet(p) => p.iter().rev().nth(1).is_some_and(|s| s == "ConnectOptions"),
        _ => false,
    }
}

/// Whether the argument of `Database::connect` is a URL rather than options: a string
/// literal, `format!`, `env::var(..)`, or a value named like one (`database_url`, `dsn`).
fn is_url(w: &Walker<'_>, arg: &Expr) -> bool {
    let e = peel(arg);
    match e {
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(_),
            ..
        }) => return true,
        Expr::Macro(m) => {
            return m
                .mac
                .path
                .segments
                .last()
                .is_some_and(|s| s.ident == "format" || s.ident == "concat");
        }
        Expr::Call(c) => {
            if let Expr::Path(p) = &*c.func {
                let segs = peel::segments(&p.path);
                return segs.len() >= 2
                    && segs[segs.len() - 2] == "env"
                    && segs[segs.len() - 1] == "var";
            }
            return false;
        }
        Expr::Path(p) => {
            if let Some(id) = p.path.get_ident()
                && let Some(local) = w.local(&id.to_string())
            {
                match &local.ty {
                    Ty::Named(t) if t.last().is_some_and(|s| s == "String" || s == "str") => {
                        return true;
                    }
                    ty if names_connect_options(ty) => return false,
                    _ => {}
                }
            }
        }
        _ => {}
    }
    peel::last_name(e).is_some_and(|name| {
        let name = name.to_ascii_lowercase();
        URL_NAMES
            .iter()
            .any(|u| name == *u || name.ends_with(&format!("_{u}")))
    })
}

/// The word a setter is given: `true`, `false`, or the last segment of a path (`Info` of
/// `log::LevelFilter::Info`); empty for anything else.
fn arg_word(e: &Expr) -> String {
    match peel(e) {
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Bool(b),
            ..
        }) => b.value.to_string(),
        Expr::Path(p) => p
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// `sqlx::migrate!(..).run(&pool)` (through `.set_ignore_missing(..)` and such), or
/// `MIGRATOR.run(&pool)` / `MIGRATIONS.run(&pool)` on a value named like one.
fn runs_sqlx_migrations(mut e: &Expr) -> bool {
    loop {
        match peel(e) {
            Expr::MethodCall(m) => e = &m.receiver,
            Expr::Macro(m) => {
                return m
                    .mac
                    .path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == "migrate");
            }
            other => {
                return peel::last_name(other)
                    .is_some_and(|n| n.to_ascii_lowercase().contains("migrat"));
            }
        }
    }
}

/// The methods of a chain rooted at `PgPoolOptions::new()` / `MySqlPoolOptions::new()` /
/// `PoolOptions::<Postgres>::new()` (SQLite's pools are left alone: an embedded database).
fn sqlx_pool_chain(mut e: &Expr) -> Option<Vec<String>> {
    let mut methods = Vec::new();
    loop {
        match peel(e) {
            Expr::MethodCall(m) => {
                methods.push(m.method.to_string());
                e = &m.receiver;
            }
            Expr::Call(c) => {
                let Expr::Path(p) = &*c.func else { return None };
                let segs = peel::segments(&p.path);
                let n = segs.len();
                let pool_options = n >= 2
                    && segs[n - 1] == "new"
                    && matches!(
                        segs[n - 2].as_str(),
                        "PgPoolOptions" | "MySqlPoolOptions" | "PoolOptions"
                    );
                return (pool_options && !segs.iter().any(|s| s.starts_with("Sqlite")))
                    .then_some(methods);
            }
            _ => return None,
        }
    }
}
