//! How a server runs: its async runtime (`#[tokio::main(flavor = "current_thread")]`, a
//! runtime `Builder`), and whether it shuts down gracefully.

use syn::{Attribute, Expr};

use super::peel::{self, peel};
use super::walker::Walker;
use super::{Runtime, Site, attrs};
use crate::span::Span;

/// Methods that make a server finish its requests before it stops: axum's and hyper's
/// `with_graceful_shutdown`, tonic's `serve_with_shutdown`, axum-server's
/// `Handle::graceful_shutdown`.
const GRACEFUL: &[&str] = &[
    "with_graceful_shutdown",
    "serve_with_shutdown",
    "serve_with_incoming_shutdown",
    "graceful_shutdown",
];

/// `#[tokio::main(..)]` on function `func`: single-threaded when its flavor is
/// `current_thread` or it has one worker thread.
pub(super) fn main_attr(w: &mut Walker<'_>, func: u32, attr: &Attribute) {
    let path = attr.path();
    if path.segments.len() != 2
        || path.segments[0].ident != "tokio"
        || path.segments[1].ident != "main"
    {
        return;
    }
    let text = attrs::tokens(attr).to_string().replace(' ', "");
    let how = if text.contains("flavor=\"current_thread\"") {
        "`flavor = \"current_thread\"`"
    } else if worker_threads_is_one(&text) {
        "`worker_threads = 1`"
    } else {
        return;
    };
    w.facts.runtimes.push(Runtime {
        site: Site {
            func: Some(func),
            ..Site::default()
        },
        span: Span::from_pm2(attrs::span(attr)),
        how: how.to_string(),
    });
}

/// `worker_threads=1` and not `worker_threads=16`.
fn worker_threads_is_one(text: &str) -> bool {
    text.split("worker_threads=").nth(1).is_some_and(|rest| {
        rest.starts_with('1') && !rest[1..].starts_with(|c: char| c.is_ascii_digit())
    })
}

/// `tokio::runtime::Builder::new_current_thread()`.
pub(super) fn path_call(w: &mut Walker<'_>, segs: &[String], span: Span) {
    if let [.., ty, f] = segs
        && ty == "Builder"
        && f == "new_current_thread"
    {
        push(w, span, "`Builder::new_current_thread()`");
    }
}

/// `.worker_threads(1)` on a runtime builder; a graceful shutdown.
pub(super) fn method_call(w: &mut Walker<'_>, m: &syn::ExprMethodCall, method: &str) {
    if method == "worker_threads"
        && let Some(Expr::Lit(l)) = m.args.first().map(peel)
        && let syn::Lit::Int(n) = &l.lit
        && n.base10_digits() == "1"
    {
        push(w, peel::method_span(m), "`worker_threads(1)`");
    }
    if GRACEFUL.contains(&method) {
        let site = w.here();
        w.facts.graceful_shutdowns.push(site);
    }
}

fn push(w: &mut Walker<'_>, span: Span, how: &str) {
    let site = w.here();
    w.facts.runtimes.push(Runtime {
        site,
        span,
        how: how.to_string(),
    });
}
