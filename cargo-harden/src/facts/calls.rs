//! Calls that may reach a function of the workspace: the path or method called, and what is
//! known about the receiver's type.

use syn::Expr;

use super::peel;
use super::walker::Walker;
use super::{CallFact, Callee, Ty};
use crate::span::Span;

/// Methods of standard-library and common dependency types (collections, `Option`/`Result`,
/// strings, iterators, futures, SeaORM's query builders and connections, HTTP clients and
/// builders). A call of one of these on a receiver of unknown type is never taken for a
/// workspace method of the same name: it is far more likely the dependency's.
pub(crate) const DEPENDENCY_METHODS: &[&str] = &[
    // std: values, collections, strings, iterators, Option/Result
    "clone",
    "to_string",
    "to_owned",
    "into",
    "try_into",
    "as_ref",
    "as_mut",
    "as_str",
    "as_bytes",
    "borrow",
    "deref",
    "len",
    "is_empty",
    "push",
    "push_str",
    "pop",
    "insert",
    "remove",
    "get",
    "get_mut",
    "contains",
    "contains_key",
    "entry",
    "extend",
    "iter",
    "iter_mut",
    "into_iter",
    "map",
    "map_err",
    "and_then",
    "or_else",
    "ok",
    "err",
    "ok_or",
    "ok_or_else",
    "unwrap",
    "unwrap_or",
    "unwrap_or_default",
    "unwrap_or_else",
    "expect",
    "filter",
    "filter_map",
    "find",
    "find_map",
    "collect",
    "fold",
    "any",
    "all",
    "count",
    "sum",
    "min",
    "max",
    "first",
    "last",
    "sort",
    "sort_by",
    "sort_by_key",
    "dedup",
    "join",
    "split",
    "trim",
    "parse",
    "format",
    "replace",
    "to_lowercase",
    "to_uppercase",
    "chars",
    "bytes",
    "lines",
    "starts_with",
    "ends_with",
    "keys",
    "values",
    "take",
    "skip",
    "zip",
    "enumerate",
    "rev",
    "chain",
    "flatten",
    "flat_map",
    "for_each",
    "retain",
    "clear",
    "drain",
    "truncate",
    "split_off",
    "append",
    "cloned",
    "copied",
    "is_some",
    "is_none",
    "is_ok",
    "is_err",
    "as_deref",
    "lock",
    "read",
    "write",
    "send",
    "recv",
    "try_send",
    "try_recv",
    "await",
    "poll",
    "then",
    "fmt",
    "eq",
    "cmp",
    "partial_cmp",
    "hash",
    "next",
    "build",
    "finish",
    "flush",
    "close",
    "run",
    "start",
    "stop",
    "spawn",
    "call",
    "execute",
    "set",
    "with",
    "new",
    "default",
    "from",
    "update",
    "delete",
    "save",
    "load",
    "open",
    "connect",
    "bind",
    "listen",
    "serve",
    "handle",
    "process",
    "apply",
    "validate",
    "check",
    "encode",
    "decode",
    "serialize",
    "deserialize",
    "to_json",
    "json",
    "text",
    "body",
    "header",
    "headers",
    "status",
    "query",
    "param",
    "params",
    "request",
    "response",
    // SeaORM query builders, models and connections
    "exec",
    "exec_with_returning",
    "exec_without_returning",
    "one",
    "all",
    "stream",
    "paginate",
    "fetch_page",
    "num_pages",
    "into_model",
    "into_json",
    "into_tuple",
    "into_active_model",
    "column",
    "columns",
    "order_by",
    "order_by_asc",
    "order_by_desc",
    "limit",
    "offset",
    "group_by",
    "having",
    "select_only",
    "column_as",
    "join_rev",
    "left_join",
    "inner_join",
    "right_join",
    "belongs_to",
    "has_many",
    "def",
    "to",
    "from_col",
    "find_related",
    "find_also_related",
    "find_with_related",
    "find_linked",
    "load_one",
    "load_many",
    "load_many_to_many",
    "begin",
    "commit",
    "rollback",
    "transaction",
    "ping",
    "get_database_backend",
    "query_one",
    "query_all",
    "execute_unprepared",
    "set_from_json",
    "reset",
    "is_changed",
    "get_primary_key_value",
    // HTTP clients, routers, runtimes
    "post",
    "put",
    "patch",
    "route",
    "layer",
    "nest",
    "merge",
    "with_state",
    "service",
    "wrap",
    "app_data",
    "configure",
    "bearer_auth",
    "basic_auth",
    "timeout",
    "form",
    "error_for_status",
    "into_response",
    "into_inner",
];

/// First segments of paths that lead into the standard library or a common dependency.
const EXTERNAL_ROOTS: &[&str] = &[
    "std",
    "core",
    "alloc",
    "String",
    "Vec",
    "Box",
    "Arc",
    "Rc",
    "HashMap",
    "HashSet",
    "BTreeMap",
    "BTreeSet",
    "Option",
    "Result",
    "tokio",
    "futures",
    "serde",
    "serde_json",
    "chrono",
    "uuid",
    "tracing",
    "log",
    "anyhow",
    "thiserror",
    "axum",
    "actix_web",
    "sea_orm",
    "sqlx",
    "reqwest",
    "hyper",
    "tower",
    "tower_http",
    "time",
    "rand",
    "regex",
    "base64",
    "jsonwebtoken",
    "argon2",
    "bcrypt",
    "Duration",
    "Instant",
    "Utc",
    "Local",
    "Uuid",
];

/// Whether `name` is one of `DEPENDENCY_METHODS`: looked up for nearly every method call.
pub(crate) fn is_dependency_method(name: &str) -> bool {
    static SET: std::sync::LazyLock<crate::hash::FastSet<&'static str>> =
        std::sync::LazyLock::new(|| DEPENDENCY_METHODS.iter().copied().collect());
    SET.contains(name)
}

/// `f(..)`, `a::f(..)`, `Type::f(..)`: every path call may be a workspace function.
pub(super) fn path_call(w: &mut Walker<'_>, segs: &[String], c: &syn::ExprCall, span: Span) {
    // Tuple-struct and enum-variant constructors (`Some(x)`, `Ok(x)`, `AppError::Db(e)`) look
    // like calls; a lone capitalised name or one after a lower-case module is one.
    if segs
        .last()
        .is_some_and(|l| l.starts_with(char::is_uppercase))
    {
        return;
    }
    // The standard library and the crates every service uses are never the workspace.
    if segs.len() > 1 && EXTERNAL_ROOTS.contains(&segs[0].as_str()) {
        return;
    }
    let swallowed = w.swallow.get(&(span.line, span.column)).copied();
    let handles = handles(w, &c.args);
    let site = w.here();
    w.facts.calls.push(CallFact {
        callee: Callee::Path(segs.to_vec()),
        span,
        site,
        swallowed,
        handles,
    });
    // `Cli::parse()`: the function reads the command line, as a program's entry does.
    let type_parse = match segs {
        [.., ty, last] => {
            matches!(last.as_str(), "parse" | "try_parse") && ty.starts_with(char::is_uppercase)
        }
        _ => false,
    };
    if type_parse
        && c.args.is_empty()
        && let Some(f) = site.func.and_then(|f| w.facts.fns.get_mut(f as usize))
    {
        f.parses_args = Some((w.facts.calls.len() - 1) as u32);
    }
}

/// `recv.name(..)`: recorded with the receiver's type hint, unless the receiver's type is
/// unknown and the name is a common dependency method (it could never be resolved).
pub(super) fn method_call(w: &mut Walker<'_>, m: &syn::ExprMethodCall, method: &str, span: Span) {
    let swallowed = w.swallow.get(&(span.line, span.column)).copied();
    // Most calls are of dependency methods on values the walker knows nothing about: tell
    // that from the receiver's root before building its type hint.
    let common = swallowed.is_none() && is_dependency_method(method);
    if common && !w.knows_root(&m.receiver) {
        return;
    }
    let recv = w.ty_of(&m.receiver);
    if common && recv == Ty::Unknown {
        return;
    }
    let handles = handles(w, &m.args);
    let site = w.here();
    w.facts.calls.push(CallFact {
        callee: Callee::Method {
            name: method.to_string(),
            recv,
        },
        span,
        site,
        swallowed,
        handles,
    });
}

/// The arguments that look like database handles, as handles.
fn handles(
    w: &Walker<'_>,
    args: &syn::punctuated::Punctuated<Expr, syn::Token![,]>,
) -> Vec<super::Handle> {
    args.iter()
        .enumerate()
        .filter(|(_, a)| peel::looks_like_db_handle(a))
        .map(|(i, a)| super::Handle {
            arg: u8::try_from(i).ok(),
            ..w.handle(a)
        })
        .collect()
}
