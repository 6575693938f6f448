//! Seeing through the syntax that does not change which value an expression is: `&`, `*`,
//! `()`, `.await`, `?`, and methods such as `.as_ref()` or `.clone()`.

use quote::ToTokens;
use syn::spanned::Spanned;
use syn::{Expr, UnOp};

use crate::span::Span;

/// Methods that hand back (a view of) the value they are called on.
pub(super) const SAME_VALUE_METHODS: &[&str] = &[
    "as_ref",
    "as_mut",
    "clone",
    "deref",
    "borrow",
    "borrow_mut",
    "to_owned",
    "unwrap",
    "expect",
    "as_deref",
    "get_ref",
    "lock",
    "read",
    "write",
];

/// `e` without `&`, `*`, parentheses, `.await`, `?`, casts and same-value method calls.
pub(super) fn peel(mut e: &Expr) -> &Expr {
    loop {
        e = match e {
            Expr::Reference(r) => &r.expr,
            Expr::Paren(p) => &p.expr,
            Expr::Group(g) => &g.expr,
            Expr::Unary(u) if matches!(u.op, UnOp::Deref(_)) => &u.expr,
            Expr::Await(a) => &a.base,
            Expr::Try(t) => &t.expr,
            Expr::Cast(c) => &c.expr,
            Expr::MethodCall(m)
                if m.args.len() <= 1
                    && SAME_VALUE_METHODS.iter().any(|n| m.method == n)
                    && (m.args.is_empty() || m.method == "expect") =>
            {
                &m.receiver
            }
            _ => return e,
        };
    }
}

/// Methods that change only a `Result`'s error: the value is the same.
const ERROR_MAPPING_METHODS: &[&str] = &[
    "map_err",
    "context",
    "with_context",
    "wrap_err",
    "wrap_err_with",
    "change_context",
    "map_error",
    "err_into",
];

/// `e` without `peel`'s wrappers and error-mapping calls (`.map_err(..)?`, `.context(..)?`).
pub(super) fn peel_error_mapping(mut e: &Expr) -> &Expr {
    loop {
        e = peel(e);
        match e {
            Expr::MethodCall(m) if ERROR_MAPPING_METHODS.iter().any(|n| m.method == n) => {
                e = &m.receiver;
            }
            _ => return e,
        }
    }
}

/// The segments of a path, generic arguments dropped.
pub(super) fn segments(path: &syn::Path) -> Vec<String> {
    path.segments.iter().map(|s| s.ident.to_string()).collect()
}

/// A connection argument as text, without what does not change which connection it is:
/// `&self.db`, `self.db.as_ref()` and `(*self.db)` are all `self.db`.
pub(super) fn handle_text(e: &Expr) -> String {
    let e = peel(e);
    let mut text = String::new();
    if !push_path_text(e, &mut text) {
        text = e.to_token_stream().to_string();
        text.retain(|c| !c.is_whitespace());
    }
    text
}

/// Writes `a::b`, `self.db`, `state.pool()` as their tokens would read without spaces;
/// `false` for any other expression.
fn push_path_text(e: &Expr, out: &mut String) -> bool {
    match e {
        Expr::Path(p) if p.qself.is_none() => {
            if p.path.leading_colon.is_some() {
                out.push_str("::");
            }
            for (i, seg) in p.path.segments.iter().enumerate() {
                if !seg.arguments.is_none() {
                    return false;
                }
                if i > 0 {
                    out.push_str("::");
                }
                out.push_str(&seg.ident.to_string());
            }
            true
        }
        Expr::Field(f) => {
            if !push_path_text(peel(&f.base), out) {
                return false;
            }
            out.push('.');
            match &f.member {
                syn::Member::Named(n) => out.push_str(&n.to_string()),
                syn::Member::Unnamed(i) => out.push_str(&i.index.to_string()),
            }
            true
        }
        Expr::MethodCall(m) if m.args.is_empty() && m.turbofish.is_none() => {
            if !push_path_text(peel(&m.receiver), out) {
                return false;
            }
            out.push('.');
            out.push_str(&m.method.to_string());
            out.push_str("()");
            true
        }
        _ => false,
    }
}

/// The name a value ends in: `db` for `&self.db`, `state.db.as_ref()`, `self.db()`; `client`
/// for `self.client.post(..)` read through its receivers.
pub(super) fn last_name(e: &Expr) -> Option<String> {
    match peel(e) {
        Expr::MethodCall(m) if m.args.is_empty() => Some(m.method.to_string()),
        Expr::Field(f) => match &f.member {
            syn::Member::Named(n) => Some(n.to_string()),
            syn::Member::Unnamed(_) => None,
        },
        Expr::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// The variable or field at the root of a receiver chain (`self.client.post(..)` → `client`).
pub(super) fn receiver_name(mut e: &Expr) -> Option<String> {
    loop {
        match peel(e) {
            Expr::MethodCall(m) => e = &m.receiver,
            Expr::Field(f) => {
                if let syn::Member::Named(n) = &f.member {
                    return Some(n.to_string());
                }
                e = &f.base;
            }
            Expr::Path(p) => return p.path.get_ident().map(ToString::to_string),
            _ => return None,
        }
    }
}

/// The methods of a call chain, outermost first (`a.b().c()` → `[c, b]`).
pub(super) fn chain_methods(mut e: &Expr) -> Vec<String> {
    let mut out = Vec::new();
    loop {
        match e {
            Expr::MethodCall(m) => {
                out.push(m.method.to_string());
                e = &m.receiver;
            }
            Expr::Await(a) => e = &a.base,
            Expr::Try(t) => e = &t.expr,
            Expr::Paren(p) => e = &p.expr,
            Expr::Field(f) => e = &f.base,
            _ => return out,
        }
    }
}

/// Whether an expression looks like a database handle by its name: `db`, `txn`, `pool`,
/// `self.conn`, `state.db_pool`.
pub(super) fn looks_like_db_handle(e: &Expr) -> bool {
    let Some(name) = last_name(e) else {
        return false;
    };
    const WORDS: &[&str] = &[
        "db",
        "conn",
        "txn",
        "tx",
        "trx",
        "pool",
        "transaction",
        "database",
        "executor",
        "connection",
    ];
    let n = name.as_bytes();
    WORDS.iter().any(|k| {
        let k = k.as_bytes();
        let at = |from: usize| {
            n.len() >= from + k.len() && n[from..from + k.len()].eq_ignore_ascii_case(k)
        };
        n.len() == k.len() && at(0)
            || (at(0) && n.get(k.len()) == Some(&b'_'))
            || (n.len() > k.len() && at(n.len() - k.len()) && n[n.len() - k.len() - 1] == b'_')
    })
}

/// Strips `.await`, parentheses and references to find the call whose result is used:
/// the start of its span, as a key.
pub(super) fn core_call(mut e: &Expr) -> Option<(u32, u32)> {
    loop {
        match e {
            Expr::Await(a) => e = &a.base,
            Expr::Paren(p) => e = &p.expr,
            Expr::Call(c) => return Some(start_key(expr_start(&c.func))),
            Expr::MethodCall(m) => return Some(start_key(expr_start(&m.receiver))),
            _ => return None,
        }
    }
}

/// Line and column where a span starts: how a swallowed result finds its call.
pub(super) fn start_key(span: proc_macro2::Span) -> (u32, u32) {
    let s = Span::from_pm2(span);
    (s.line, s.column)
}

/// The span from the start of `head` to `end`. `Spanned::span` would print the whole
/// expression into tokens, once per call in a chain: quadratic in the chain's length.
pub(super) fn call_span(head: &Expr, end: proc_macro2::Span) -> proc_macro2::Span {
    let start = expr_start(head);
    start.join(end).unwrap_or(start)
}

/// The span of the first token of `e`, without printing it.
pub(super) fn expr_start(mut e: &Expr) -> proc_macro2::Span {
    loop {
        match e {
            Expr::MethodCall(m) if m.attrs.is_empty() => e = &m.receiver,
            Expr::Call(c) if c.attrs.is_empty() => e = &c.func,
            Expr::Field(f) if f.attrs.is_empty() => e = &f.base,
            Expr::Await(a) if a.attrs.is_empty() => e = &a.base,
            Expr::Try(t) if t.attrs.is_empty() => e = &t.expr,
            Expr::Index(i) if i.attrs.is_empty() => e = &i.expr,
            Expr::Cast(c) if c.attrs.is_empty() => e = &c.expr,
            Expr::Binary(b) if b.attrs.is_empty() => e = &b.left,
            Expr::Paren(p) if p.attrs.is_empty() => return p.paren_token.span.open(),
            Expr::Reference(r) if r.attrs.is_empty() => return r.and_token.span,
            Expr::Path(p) if p.attrs.is_empty() => {
                return match (&p.qself, &p.path.leading_colon) {
                    (Some(q), _) => q.lt_token.span,
                    (None, Some(c)) => c.spans[0],
                    (None, None) => p
                        .path
                        .segments
                        .first()
                        .map_or_else(|| e.span(), |s| s.ident.span()),
                };
            }
            Expr::Macro(m) if m.attrs.is_empty() => {
                return m
                    .mac
                    .path
                    .segments
                    .first()
                    .map_or_else(|| e.span(), |s| s.ident.span());
            }
            _ => return e.span(),
        }
    }
}

/// The first parameter of a closure (`txn` in `|txn| ..`).
pub(super) fn closure_param(e: &Expr) -> Option<String> {
    let Expr::Closure(c) = e else { return None };
    let mut pat = c.inputs.first()?;
    if let syn::Pat::Type(pt) = pat {
        pat = &pt.pat;
    }
    match pat {
        syn::Pat::Ident(pi) => Some(pi.ident.to_string()),
        _ => None,
    }
}

/// Whether a block ends by leaving the enclosing function or loop: its last statement
/// returns, breaks, continues or panics.
pub(super) fn diverges(block: &syn::Block) -> bool {
    let Some(last) = block.stmts.last() else {
        return false;
    };
    let e = match last {
        syn::Stmt::Expr(e, _) => e,
        syn::Stmt::Macro(m) => return diverging_macro(&m.mac),
        _ => return false,
    };
    expr_diverges(e)
}

fn expr_diverges(e: &Expr) -> bool {
    match e {
        Expr::Return(_) | Expr::Break(_) | Expr::Continue(_) => true,
        Expr::Macro(m) => diverging_macro(&m.mac),
        Expr::Block(b) => diverges(&b.block),
        Expr::If(i) => {
            diverges(&i.then_branch)
                && i.else_branch
                    .as_ref()
                    .is_some_and(|(_, e)| expr_diverges(e))
        }
        _ => false,
    }
}

fn diverging_macro(m: &syn::Macro) -> bool {
    m.path.segments.last().is_some_and(|s| {
        matches!(
            s.ident.to_string().as_str(),
            "panic" | "unreachable" | "bail" | "todo" | "unimplemented"
        )
    })
}

/// The span of a method call's name and arguments, without the receiver chain before it
/// (`max_connections(5)` of `opts.min_connections(1).max_connections(5)`).
pub(super) fn method_span(m: &syn::ExprMethodCall) -> crate::span::Span {
    use crate::span::Span;
    Span::from_pm2(m.method.span()).to(Span::from_pm2(m.paren_token.span.close()))
}
