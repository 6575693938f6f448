//! Transactions (`begin()`/`commit()`, `transaction(|txn| ..)`), spawned tasks, and the side
//! effects that cannot be rolled back (network, mail). Also the start-up facts: a server
//! started, a logger installed.

use syn::Expr;

use super::peel::{self, peel};
use super::walker::Walker;
use super::{Begin, ServerStart, SideEffect, TxnClosure};
use crate::span::Span;
use harden_calls::TransactionCall;

const HTTP_VERBS: &[&str] = &["get", "post", "put", "patch", "delete", "head", "request"];
const HTTP_CRATES: &[&str] = &[
    "reqwest",
    "ureq",
    "hyper",
    "surf",
    "isahc",
    "attohttpc",
    "awc",
];
/// Functions whose argument runs as a task of its own.
const SPAWN_FNS: &[&str] = &["spawn", "spawn_blocking", "spawn_local"];

/// What a method call does to the arguments' context.
pub(super) enum Effect {
    None,
    /// `transaction(|txn| ..)`: the arguments run inside this transaction closure.
    TxnClosure(u32),
    /// `.spawn(..)`: the arguments run as a task of their own.
    Spawn,
}

/// Whether a path call runs its argument as a task of its own (`tokio::spawn(async { .. })`).
pub(super) fn spawns(segs: &[String]) -> bool {
    segs.len() >= 2 && segs.last().is_some_and(|l| SPAWN_FNS.contains(&l.as_str()))
}

/// Router and handler registration (`post(|..| async { .. })`, `.route("/", get(..))`,
/// `web::resource("/").to(..)`): a closure or async block given to one runs later, once per
/// request, not where it is written.
const HANDLER_REGISTRATION: &[&str] = &[
    "get",
    "post",
    "put",
    "patch",
    "delete",
    "head",
    "options",
    "trace",
    "any",
    "on",
    "route",
    "fallback",
    "to",
    "handler",
    "service",
    "route_service",
    "nest_service",
    "from_fn",
    "middleware_fn",
    "map_request",
    "map_response",
    "wrap_fn",
    "from_fn_with_state",
];

/// Whether a call registers a closure or async block argument as a handler.
pub(super) fn registers_handler(
    name: &str,
    args: &syn::punctuated::Punctuated<Expr, syn::Token![,]>,
) -> bool {
    HANDLER_REGISTRATION.contains(&name) && args.iter().any(is_handler_body)
}

/// A closure or async block, also as the value of a block (`{ let s = s.clone(); move || .. }`).
fn is_handler_body(e: &Expr) -> bool {
    match e {
        Expr::Closure(_) | Expr::Async(_) => true,
        Expr::Block(b) => {
            matches!(b.block.stmts.last(), Some(syn::Stmt::Expr(e, None)) if is_handler_body(e))
        }
        _ => false,
    }
}

/// A path call: spawns, HTTP and mail calls, server start, logger installation.
pub(super) fn path_call(w: &mut Walker<'_>, segs: &[String], _c: &syn::ExprCall, span: Span) {
    let Some(last) = segs.last() else { return };
    if spawns(segs) {
        side_effect(w, "spawns a task", segs.join("::"), span);
    } else if segs.iter().any(|s| HTTP_CRATES.contains(&s.as_str())) {
        side_effect(w, "makes a network call", segs.join("::"), span);
    } else if segs.iter().any(|s| s == "lettre")
        || last.contains("send_mail")
        || last.contains("send_email")
    {
        side_effect(w, "sends mail", segs.join("::"), span);
    }
    if starts_server(segs) {
        let n = segs.len();
        // actix-web's `HttpServer` and actix-server's `Server::build()` stop gracefully on
        // SIGTERM by themselves.
        let graceful = segs
            .iter()
            .any(|s| s == "HttpServer" || s == "actix_server")
            || (n >= 2 && segs[n - 2] == "Server" && segs[n - 1] == "build");
        let builds_only = n >= 2 && segs[n - 2] == "Server" && segs[n - 1] == "builder";
        server_start(
            w,
            segs[n.saturating_sub(2)..].join("::"),
            span,
            graceful,
            builds_only,
        );
    }
    // `env_logger::init()`, `tracing_subscriber::fmt::init()`, `set_global_default(..)`.
    let logger_crate = segs.first().is_some_and(|s| {
        matches!(
            s.as_str(),
            "env_logger" | "tracing_subscriber" | "pretty_env_logger" | "simple_logger" | "log4rs"
        )
    });
    if (logger_crate && matches!(last.as_str(), "init" | "try_init" | "init_file"))
        || last == "set_global_default"
    {
        let site = w.here();
        w.facts.logger_inits.push((site, span));
    }
}

/// Calls that start an HTTP or RPC server: `axum::serve`, `warp::serve`, actix's
/// `HttpServer::new`, `axum_server::bind(..)`, `hyper::Server::bind` / axum 0.6's
/// `axum::Server::bind`, actix-server's `Server::build()`, poem's and salvo's `Server::new`,
/// and tonic's `Server::builder()` (which only builds the server: `.serve(..)` starts it,
/// often in a launcher crate outside the workspace).
fn starts_server(segs: &[String]) -> bool {
    let (Some(first), Some(last)) = (segs.first(), segs.last()) else {
        return false;
    };
    let owner = segs.len().checked_sub(2).map(|i| segs[i].as_str());
    matches!((first.as_str(), last.as_str()), ("axum" | "warp", "serve"))
        || (first == "axum_server" && (last.starts_with("bind") || last.starts_with("from_tcp")))
        || matches!(
            (owner, last.as_str()),
            (Some("HttpServer"), "new")
                | (Some("Server"), "bind" | "build" | "builder" | "from_tcp")
        )
        || (owner == Some("Server") && last == "new" && matches!(first.as_str(), "poem" | "salvo"))
}

fn server_start(
    w: &mut Walker<'_>,
    what: String,
    span: Span,
    graceful_by_default: bool,
    builds_only: bool,
) {
    w.facts.starts_server = true;
    let site = w.here();
    w.facts.server_starts.push(ServerStart {
        site,
        span,
        what,
        graceful_by_default,
        builds_only,
    });
}

/// tonic's `Server::builder()...serve(addr)` (or `serve_with_shutdown`, graceful).
fn serves_tonic(w: &mut Walker<'_>, m: &syn::ExprMethodCall, method: &str, span: Span) {
    if !method.starts_with("serve") {
        return;
    }
    let root = root_path(&m.receiver);
    if let [.., ty, f] = root.as_slice()
        && ty == "Server"
        && f == "builder"
    {
        server_start(w, format!("Server::builder().{method}"), span, false, false);
    }
}

/// A method call: transactions begun, committed or run in a closure; spawns; HTTP and mail.
pub(super) fn method_call(
    w: &mut Walker<'_>,
    m: &syn::ExprMethodCall,
    method: &str,
    span: Span,
) -> Effect {
    let mut effect = Effect::None;
    serves_tonic(w, m, method, span);
    match harden_calls::transaction_call(method) {
        // `db.begin()`, not `reporter.begin()`; and a workspace's own way to begin one,
        // `storage.begin_db_transaction()`.
        Some(TransactionCall::Begin) if peel::looks_like_db_handle(&m.receiver) => {
            let from = w.handle_names(&m.receiver);
            w.facts.begins.push(Begin {
                txn: None,
                from,
                span,
            });
        }
        None if begins_transaction(method) && m.args.is_empty() => {
            let from = w.handle_names(&m.receiver);
            w.facts.begins.push(Begin {
                txn: None,
                from,
                span,
            });
        }
        Some(TransactionCall::Closure) if peel::looks_like_db_handle(&m.receiver) => {
            w.facts.txn_closures.push(TxnClosure {
                param: m.args.iter().find_map(peel::closure_param),
                span,
            });
            effect = Effect::TxnClosure((w.facts.txn_closures.len() - 1) as u32);
        }
        _ => {}
    }
    // `.init()` at the end of a subscriber builder chain.
    if matches!(method, "init" | "try_init") && m.args.is_empty() {
        let chain = peel::chain_methods(&m.receiver);
        let root = root_path(&m.receiver);
        if root.first().is_some_and(|s| {
            matches!(
                s.as_str(),
                "tracing_subscriber" | "env_logger" | "Registry" | "FmtSubscriber"
            )
        }) || chain
            .iter()
            .any(|c| c == "with" || c == "with_env_filter" || c == "json")
        {
            let site = w.here();
            w.facts.logger_inits.push((site, span));
        }
    }
    let recv = if matches!(method, "send" | "send_async") {
        peel::receiver_name(&m.receiver)
            .unwrap_or_default()
            .to_lowercase()
    } else {
        String::new()
    };
    match method {
        "send_email" | "send_mail" => side_effect(w, "sends mail", format!(".{method}(..)"), span),
        "send" | "send_async" => {
            let chain = peel::chain_methods(&m.receiver);
            if recv.contains("mail") || recv.contains("smtp") {
                side_effect(w, "sends mail", format!("{recv}.send(..)"), span);
            } else if recv.contains("client")
                || recv.contains("http")
                || chain.iter().any(|c| HTTP_VERBS.contains(&c.as_str()))
            {
                side_effect(w, "makes a network call", format!("{recv}...send()"), span);
            }
        }
        "spawn" | "spawn_blocking" | "spawn_local" => {
            side_effect(w, "spawns a task", format!(".{method}(..)"), span);
            effect = Effect::Spawn;
        }
        _ => {}
    }
    effect
}

/// Whether a method begins a transaction its caller commits.
pub(super) fn is_begin(method: &str) -> bool {
    harden_calls::transaction_call(method) == Some(TransactionCall::Begin)
        || begins_transaction(method)
}

/// A method named for beginning a transaction: `begin_transaction`, `begin_db_transaction`,
/// `start_transaction`.
fn begins_transaction(method: &str) -> bool {
    (method.starts_with("begin_") || method.starts_with("start_"))
        && method.ends_with("transaction")
        || method == "begin_txn"
}

/// After a method call: `txn.commit()` / `txn.rollback()` ends that transaction.
pub(super) fn after_method_call(w: &mut Walker<'_>, m: &syn::ExprMethodCall, method: &str) {
    if matches!(
        harden_calls::transaction_call(method),
        Some(TransactionCall::Commit | TransactionCall::Rollback)
    ) {
        let name = w.handle_names(&m.receiver);
        w.close_txn(&name);
    }
}

/// The connection a new binding names, when its value is one (`let conn = &txn;`,
/// `let db = &state.db;`): the handle it stands for.
pub(super) fn alias_of(w: &Walker<'_>, init: &Expr) -> Option<String> {
    let value = peel(init);
    let place = matches!(value, Expr::Path(_) | Expr::Field(_));
    let accessor = matches!(value, Expr::MethodCall(m) if m.args.is_empty()
        && harden_calls::transaction_call(&m.method.to_string()).is_none());
    ((place || accessor) && peel::looks_like_db_handle(value)).then(|| w.handle_names(value))
}

fn side_effect(w: &mut Walker<'_>, what: &'static str, call: String, span: Span) {
    let site = w.here();
    w.facts.side_effects.push(SideEffect {
        what,
        call,
        span,
        site,
    });
}

/// The path at the root of a call chain (`tracing_subscriber::fmt()` → `[tracing_subscriber, fmt]`).
fn root_path(mut e: &Expr) -> Vec<String> {
    loop {
        match e {
            Expr::MethodCall(m) => e = &m.receiver,
            Expr::Call(c) => e = &c.func,
            Expr::Paren(p) => e = &p.expr,
            Expr::Path(p) => return peel::segments(&p.path),
            _ => return Vec::new(),
        }
    }
}
