//! What can leak a secret: logging and printing macros and what they print; string literals
//! with the name they are bound to; literal fallbacks of environment variables. Also where a
//! call's result is thrown away (`let _ =`, `.ok()`).

use proc_macro2::TokenTree;
use syn::visit::Visit;
use syn::{Expr, Pat};

use super::attrs::lit_str_value;
use super::peel::{self, peel};
use super::walker::Walker;
use super::{EnvFallback, MacroFact, Mention, StrFact, log_args};
use crate::span::Span;

/// Methods through which a literal still is "the value" of the binding it is assigned to.
pub(super) const TRANSPARENT_METHODS: &[&str] = &[
    "to_string",
    "to_owned",
    "into",
    "unwrap_or",
    "unwrap_or_else",
    "unwrap_or_default",
    "as_bytes",
    "as_str",
    "clone",
];
/// Functions through which a literal still is "the value" of its binding.
const TRANSPARENT_FNS: &[&str] = &[
    "from", "new", "Some", "Ok", "Box", "Arc", "Rc", "Cow", "Borrowed", "Owned",
];

/// Visits `e` with `visit`; the binding's name describes a literal only while the literal is
/// its value (through calls, references, `.await` and such).
pub(super) fn expr(w: &mut Walker<'_>, e: &Expr, visit: impl FnOnce(&mut Walker<'_>)) {
    let transparent = matches!(
        e,
        Expr::Lit(_)
            | Expr::Paren(_)
            | Expr::Reference(_)
            | Expr::Group(_)
            | Expr::Closure(_)
            | Expr::MethodCall(_)
            | Expr::Call(_)
            | Expr::Await(_)
            | Expr::Try(_)
            | Expr::Cast(_)
    );
    if transparent || w.lit_context.is_none() {
        visit(w);
    } else {
        let saved = w.lit_context.take();
        visit(w);
        w.lit_context = saved;
    }
}

/// `let name = ..`: the name its literal value is bound to; `let _ = call()` discards.
pub(super) fn local_context(
    w: &mut Walker<'_>,
    l: &syn::Local,
    init: &syn::LocalInit,
) -> Option<String> {
    let mut pat = &l.pat;
    if let Pat::Type(pt) = pat {
        pat = &pt.pat;
    }
    match pat {
        Pat::Wild(_) => {
            if let Some(key) = peel::core_call(&init.expr) {
                w.swallow.insert(key, "`let _ =`");
            }
            None
        }
        Pat::Ident(pi) => Some(pi.ident.to_string()),
        _ => None,
    }
}

/// `x = ..`, `self.password = ..`, `_ = call()`.
pub(super) fn assign_context(w: &mut Walker<'_>, a: &syn::ExprAssign) -> Option<String> {
    if matches!(&*a.left, Expr::Infer(_))
        && let Some(key) = peel::core_call(&a.right)
    {
        w.swallow.insert(key, "`_ =`");
    }
    match &*a.left {
        Expr::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        Expr::Field(f) => match &f.member {
            syn::Member::Named(n) => Some(n.to_string()),
            syn::Member::Unnamed(_) => None,
        },
        _ => None,
    }
}

/// Whether a string literal token spanning `span` can hold 8 characters (quotes aside):
/// no secret is shorter, so shorter literals are neither decoded nor recorded.
fn could_hold_a_secret(span: Span) -> bool {
    span.end_line > span.line || span.end_column.saturating_sub(span.column) >= 10
}

pub(super) fn literal(w: &mut Walker<'_>, l: &syn::ExprLit) {
    if !matches!(l.lit, syn::Lit::Str(_) | syn::Lit::ByteStr(_)) {
        return;
    }
    let span = Span::from_pm2(l.lit.span());
    if !could_hold_a_secret(span) {
        return;
    }
    let value = match &l.lit {
        syn::Lit::Str(s) => s.value(),
        syn::Lit::ByteStr(b) => String::from_utf8_lossy(&b.value()).into_owned(),
        _ => return,
    };
    w.facts.strings.push(StrFact {
        value,
        span,
        context: w.lit_context.clone(),
    });
}

/// The name literals among a path call's arguments are bound to: `from_secret("..")` names
/// them; `String::from("..")` passes the outer binding's name through.
pub(super) fn call_args_context(
    w: &Walker<'_>,
    segs: &[String],
    _c: &syn::ExprCall,
) -> Option<String> {
    let last = segs.last().map_or("", String::as_str);
    if last.contains("secret") {
        Some(last.to_string())
    } else if TRANSPARENT_FNS.contains(&last) {
        w.lit_context.clone()
    } else {
        None
    }
}

/// The name literals among a method call's arguments are bound to: `.password("..")`.
pub(super) fn method_args_context(w: &Walker<'_>, method: &str) -> Option<String> {
    if method.contains("password") || method.contains("secret") || method.contains("token") {
        Some(method.to_string())
    } else if TRANSPARENT_METHODS.contains(&method) {
        w.lit_context.clone()
    } else {
        None
    }
}

/// `.ok()`, `.unwrap_or(..)` and friends discard an error; on `env::var("X")` they may also
/// give the variable a literal fallback.
pub(super) fn swallowing(w: &mut Walker<'_>, m: &syn::ExprMethodCall, method: &str) {
    let how = match method {
        "ok" => "`.ok()`",
        "unwrap_or" => "`.unwrap_or(..)`",
        "unwrap_or_default" => "`.unwrap_or_default()`",
        "unwrap_or_else" => "`.unwrap_or_else(..)`",
        _ => return,
    };
    if let Some(key) = peel::core_call(&m.receiver) {
        w.swallow.insert(key, how);
    }
    if method == "ok" {
        return;
    }
    let Some(var) = env_var_read(&m.receiver) else {
        return;
    };
    let mut lits = Vec::new();
    for arg in &m.args {
        StrLits(&mut lits).visit_expr(arg);
    }
    if let Some((value, span)) = lits.into_iter().next() {
        w.facts.env_fallbacks.push(EnvFallback { var, value, span });
    }
}

/// `env::var("NAME")`, `std::env::var("NAME").ok()`, `dotenvy::var("NAME")`: the name read.
fn env_var_read(e: &Expr) -> Option<String> {
    let Expr::Call(c) = peel(e) else {
        // `env::var("X").ok()` and `.map_err(..)` keep the read.
        if let Expr::MethodCall(m) = e
            && matches!(m.method.to_string().as_str(), "ok" | "map_err" | "map")
        {
            return env_var_read(&m.receiver);
        }
        return None;
    };
    let Expr::Path(p) = &*c.func else { return None };
    let segs = peel::segments(&p.path);
    let last = segs.last()?;
    let env_crate = segs.len() == 1
        || segs
            .iter()
            .any(|s| matches!(s.as_str(), "env" | "dotenvy" | "dotenv"));
    if !matches!(last.as_str(), "var" | "var_os") || !env_crate {
        return None;
    }
    match c.args.first()? {
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => Some(s.value()),
        _ => None,
    }
}

/// Every string literal of an expression, with its span.
struct StrLits<'a>(&'a mut Vec<(String, Span)>);

impl<'ast> Visit<'ast> for StrLits<'_> {
    fn visit_lit_str(&mut self, s: &'ast syn::LitStr) {
        self.0.push((s.value(), Span::from_pm2(s.span())));
    }
}

/// A macro call: what a logging or printing macro prints.
pub(super) fn macro_call(w: &mut Walker<'_>, mac: &syn::Macro, tokens: &[TokenTree]) {
    let name = mac
        .path
        .segments
        .last()
        .map(|s| s.ident.to_string())
        .unwrap_or_default();
    // From the path's first token, without printing the path to find it.
    let start = match (&mac.path.leading_colon, mac.path.segments.first()) {
        (Some(colon), _) => colon.spans[0],
        (None, Some(first)) => first.ident.span(),
        (None, None) => mac.delimiter.span().open(),
    };
    let span = Span::from_pm2(start).to(Span::from_pm2(mac.delimiter.span().join()));
    let mentions = if log_args::LOGGING_MACROS.contains(&name.as_str()) {
        log_args::printed(&name, tokens)
            .into_iter()
            .map(|p| mention(w, p))
            .collect()
    } else {
        Vec::new()
    };
    if name == "raw_sql" {
        super::db::raw_sql(w, mac.tokens.clone(), span, "raw_sql!".into());
    }
    let site = w.here();
    w.facts.macros.push(MacroFact {
        name,
        span,
        site,
        mentions,
        unreachable: w.in_uninhabited_impl,
    });
}

/// Methods whose result says nothing about the value they are called on.
const HARMLESS_METHODS: &[&str] = &[
    "len",
    "is_empty",
    "is_some",
    "is_none",
    "is_ok",
    "is_err",
    "count",
    "starts_with",
    "ends_with",
    "contains",
];
/// Methods that hand back the value they are called on, as far as printing goes.
const SAME_PRINT_METHODS: &[&str] = &[
    "as_str",
    "to_string",
    "to_owned",
    "as_bytes",
    "expose_secret",
    "expose",
    "display",
];

/// A printed value: its name and type hint, read off its tokens (`&req.password.as_str()`),
/// which is all a logging argument usually is.
fn mention(w: &Walker<'_>, p: log_args::Printed<'_>) -> Mention {
    if let Some(name) = p.inline {
        let local = w.local(&name);
        return Mention {
            ty: local.map(|l| l.ty.clone()).unwrap_or_default(),
            text: local.and_then(|l| l.text.clone()),
            name: Some(name),
            variable: true,
            field: p.field,
            span: p.span,
            how: p.how,
            debug: p.debug,
        };
    }
    let (name, ty) = value_of_tokens(w, p.tokens);
    // `x` or `&x`: the variable itself.
    let variable = matches!(
        p.tokens,
        [TokenTree::Ident(_)] | [TokenTree::Punct(_), TokenTree::Ident(_)]
    ) && !matches!(p.tokens.first(), Some(TokenTree::Punct(p)) if p.as_char() != '&');
    let text = match p.tokens {
        [TokenTree::Ident(i)] => w.local(&i.to_string()).and_then(|l| l.text.clone()),
        _ => None,
    };
    Mention {
        name,
        variable,
        field: p.field,
        span: p.span,
        how: p.how,
        debug: p.debug,
        ty,
        text,
    }
}

/// The last field, getter or variable of a path written as tokens, and its type hint:
/// `a.b.c()`; anything else (an operator, a call with arguments, a macro) names nothing.
fn value_of_tokens(w: &Walker<'_>, tokens: &[TokenTree]) -> (Option<String>, super::Ty) {
    use super::Ty;
    let mut rest = tokens;
    while let Some(TokenTree::Punct(p)) = rest.first()
        && matches!(p.as_char(), '&' | '*')
    {
        rest = &rest[1..];
    }
    if let Some(TokenTree::Ident(i)) = rest.first()
        && i == "mut"
    {
        rest = &rest[1..];
    }
    let Some(TokenTree::Ident(first)) = rest.first() else {
        return (None, Ty::Unknown);
    };
    // (name, called with empty parentheses)
    let mut segs: Vec<(String, bool)> = vec![(first.to_string(), false)];
    let mut i = 1;
    while i < rest.len() {
        match &rest[i] {
            TokenTree::Punct(p) if p.as_char() == '?' => i += 1,
            TokenTree::Punct(p) if p.as_char() == '.' => {
                let name = match rest.get(i + 1) {
                    Some(TokenTree::Ident(id)) => id.to_string(),
                    Some(TokenTree::Literal(l)) => l.to_string(),
                    _ => return (None, Ty::Unknown),
                };
                i += 2;
                let called = match rest.get(i) {
                    Some(TokenTree::Group(g))
                        if g.delimiter() == proc_macro2::Delimiter::Parenthesis =>
                    {
                        if !g.stream().is_empty() {
                            return (None, Ty::Unknown);
                        }
                        i += 1;
                        true
                    }
                    _ => false,
                };
                if name != "await" {
                    segs.push((name, called));
                }
            }
            _ => return (None, Ty::Unknown),
        }
    }
    let same = |(n, called): &(String, bool)| {
        *called
            && (SAME_PRINT_METHODS.contains(&n.as_str())
                || super::peel::SAME_VALUE_METHODS.contains(&n.as_str()))
    };
    let name = segs
        .iter()
        .rev()
        .find(|s| !same(s))
        .and_then(|(n, called)| {
            (!(*called && HARMLESS_METHODS.contains(&n.as_str()))).then(|| n.clone())
        });
    let mut ty = if segs[0].0 == "self" {
        Ty::OfSelf
    } else {
        w.local(&segs[0].0)
            .map(|l| l.ty.clone())
            .unwrap_or_default()
    };
    for seg in &segs[1..] {
        if ty == Ty::Unknown {
            break;
        }
        if same(seg) {
            continue;
        }
        ty = if seg.1 {
            Ty::Ret(Box::new(ty), seg.0.clone())
        } else {
            Ty::Field(Box::new(ty), seg.0.clone())
        };
    }
    (name, ty)
}

/// The string literals of macro arguments that are not parsed, each named by the
/// `name = ".."` or `name: ".."` it is bound to, as parsing would have named it.
pub(super) fn literals_in(w: &mut Walker<'_>, tokens: &[TokenTree]) {
    let mut bound: Option<String> = None;
    let mut ident: Option<&proc_macro2::Ident> = None;
    for tt in tokens {
        match tt {
            TokenTree::Group(g) => {
                let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                literals_in(w, &inner);
                (bound, ident) = (None, None);
            }
            TokenTree::Ident(i) => (bound, ident) = (None, Some(i)),
            TokenTree::Punct(p) if matches!(p.as_char(), '=' | ':') && ident.is_some() => {
                bound = ident.take().map(ToString::to_string);
            }
            TokenTree::Punct(_) => (bound, ident) = (None, None),
            TokenTree::Literal(l) => {
                let span = Span::from_pm2(l.span());
                if could_hold_a_secret(span)
                    && let Some(value) = lit_str_value(l)
                {
                    w.facts.strings.push(StrFact {
                        value,
                        span,
                        context: bound.take(),
                    });
                }
                (bound, ident) = (None, None);
            }
        }
    }
}

/// A macro whose arguments are not expressions: its literals, unnamed.
pub(super) fn unparsed_macro(w: &mut Walker<'_>, mac: &syn::Macro) {
    let mut out = Vec::new();
    lits(mac.tokens.clone(), &mut out);
    for (value, span) in out {
        w.facts.strings.push(StrFact {
            value,
            span,
            context: None,
        });
    }
}

fn lits(tokens: proc_macro2::TokenStream, out: &mut Vec<(String, Span)>) {
    for tt in tokens {
        match tt {
            TokenTree::Literal(l) => {
                if let Some(value) = lit_str_value(&l) {
                    out.push((value, Span::from_pm2(l.span())));
                }
            }
            TokenTree::Group(g) => lits(g.stream(), out),
            _ => {}
        }
    }
}
