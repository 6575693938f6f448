//! `#[transactional(...)]` arguments: parsed, checked, every mistake reported.

use crate::internals::ctxt::Ctxt;
use crate::internals::suggest::did_you_mean;
use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Expr, ExprLit, Lit, Meta, Token};

const OPTIONS: &[&str] = &[
    "conn",
    "isolation",
    "read_only",
    "timeout",
    "retry",
    "propagation",
];

/// `propagation = "..."`: what to do when the task already has a
/// transaction open on the same pool.
const PROPAGATIONS: &[&str] = &["required", "requires_new"];

/// Isolation levels, as written in the attribute and as SeaORM names them.
const LEVELS: &[(&str, &str)] = &[
    ("serializable", "Serializable"),
    ("repeatable_read", "RepeatableRead"),
    ("read_committed", "ReadCommitted"),
    ("read_uncommitted", "ReadUncommitted"),
];

#[derive(Default)]
pub(super) struct Options {
    /// `conn = db` / `conn = self.db`.
    pub(super) conn: Option<Expr>,
    /// SeaORM's `IsolationLevel` variant.
    isolation: Option<&'static str>,
    read_only: bool,
    timeout_ms: Option<u64>,
    /// The number of re-runs, and the `retry = N` tokens, which generated
    /// code that only exists because of retrying is spanned on.
    pub(super) retry: Option<(u32, Span)>,
    /// `propagation = "requires_new"`, with its tokens.
    pub(super) requires_new: Option<TokenStream>,
}

impl Options {
    pub(super) fn parse(cx: &Ctxt, args: TokenStream) -> Options {
        let mut options = Options::default();
        if args.is_empty() {
            return options;
        }
        let metas =
            match syn::parse::Parser::parse2(Punctuated::<Meta, Token![,]>::parse_terminated, args)
            {
                Ok(metas) => metas,
                Err(err) => {
                    cx.syn_error(err);
                    return options;
                }
            };
        let mut seen: Vec<String> = Vec::new();
        for meta in metas {
            let Some(name) = meta.path().get_ident().map(ToString::to_string) else {
                unknown(cx, &meta, &meta.path().to_token_stream().to_string());
                continue;
            };
            if seen.contains(&name) {
                cx.error_spanned_by(meta.path(), format!("`{name}` is given twice"));
                continue;
            }
            seen.push(name.clone());
            match name.as_str() {
                "conn" => options.conn = value(cx, &meta, "conn = self.db").cloned(),
                "isolation" => options.isolation = isolation(cx, &meta),
                "read_only" => options.read_only = read_only(cx, &meta),
                "timeout" => options.timeout_ms = timeout(cx, &meta),
                "retry" => options.retry = retry(cx, &meta),
                "propagation" => options.requires_new = propagation(cx, &meta),
                _ => unknown(cx, &meta, &name),
            }
        }
        options
    }

    /// Whether an outermost transaction sends `isolation` or `read_only`,
    /// which SQLite does not take.
    pub(super) fn sends_transaction_config(&self) -> bool {
        self.isolation.is_some() || self.read_only
    }

    /// `::harden_runtime::__private::Options { ... }`.
    pub(super) fn to_runtime(&self, name: &syn::Ident) -> TokenStream {
        let private = quote!(::harden_runtime::__private);
        let isolation = match self.isolation {
            Some(level) => {
                let level = syn::Ident::new(level, Span::call_site());
                quote!(::core::option::Option::Some(#private::sea_orm::IsolationLevel::#level))
            }
            None => quote!(::core::option::Option::None),
        };
        let read_only = self.read_only;
        let timeout_ms = match self.timeout_ms {
            Some(ms) => quote!(::core::option::Option::Some(#ms)),
            None => quote!(::core::option::Option::None),
        };
        let retry = self.retry.map_or(0, |(retry, _)| retry);
        let requires_new = self.requires_new.is_some();
        let name = name.to_string();
        quote! {
            #private::Options {
                isolation: #isolation,
                read_only: #read_only,
                timeout_ms: #timeout_ms,
                retry: #retry,
                requires_new: #requires_new,
                name: #name,
            }
        }
    }
}

fn unknown(cx: &Ctxt, meta: &Meta, name: &str) {
    cx.error_spanned_by(
        meta.path(),
        format!(
            "unknown `#[transactional]` option `{name}`{}; expected one of `conn`, `isolation`, `read_only`, `timeout`, `retry`, `propagation`",
            did_you_mean(name, OPTIONS)
        ),
    );
}

/// The expression of `name = expr`, or an error showing `example`.
fn value<'m>(cx: &Ctxt, meta: &'m Meta, example: &str) -> Option<&'m Expr> {
    match meta {
        Meta::NameValue(pair) => Some(&pair.value),
        _ => {
            let name = meta.path().to_token_stream();
            cx.error_spanned_by(meta, format!("`{name}` needs a value: `{example}`"));
            None
        }
    }
}

fn isolation(cx: &Ctxt, meta: &Meta) -> Option<&'static str> {
    let expr = value(cx, meta, "isolation = serializable")?;
    let written = match expr {
        Expr::Path(path) => path.path.segments.last()?.ident.to_string(),
        Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        }) => lit.value(),
        _ => String::new(),
    };
    // `Serializable`, `repeatable_read`, "REPEATABLE READ" all name one level.
    let normalized: String = written
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    let found = LEVELS
        .iter()
        .find(|(snake, _)| snake.replace('_', "") == normalized);
    if let Some((_, variant)) = found {
        return Some(variant);
    }
    let names: Vec<&str> = LEVELS.iter().map(|(snake, _)| *snake).collect();
    cx.error_spanned_by(
        expr,
        format!(
            "unknown isolation level `{}`{}; expected one of `serializable`, `repeatable_read`, `read_committed`, `read_uncommitted`",
            expr.to_token_stream(),
            did_you_mean(&written.to_lowercase(), &names)
        ),
    );
    None
}

/// `Some(tokens)` for `requires_new`, `None` for the default `required`.
fn propagation(cx: &Ctxt, meta: &Meta) -> Option<TokenStream> {
    let expr = value(cx, meta, "propagation = \"requires_new\"")?;
    let written = match expr {
        Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        }) => lit.value(),
        Expr::Path(path) if path.path.get_ident().is_some() => {
            path.path.to_token_stream().to_string()
        }
        _ => String::new(),
    };
    match written.as_str() {
        "required" => None,
        "requires_new" => Some(meta.to_token_stream()),
        _ => {
            cx.error_spanned_by(
                expr,
                format!(
                    "unknown propagation `{}`{}; expected `\"required\"` (the default: join the task's open transaction on the same pool as a savepoint) or `\"requires_new\"` (always a transaction of its own, on a second pooled connection)",
                    expr.to_token_stream(),
                    did_you_mean(&written.to_lowercase(), PROPAGATIONS)
                ),
            );
            None
        }
    }
}

fn read_only(cx: &Ctxt, meta: &Meta) -> bool {
    match meta {
        Meta::Path(_) => true,
        Meta::NameValue(pair) => match &pair.value {
            Expr::Lit(ExprLit {
                lit: Lit::Bool(lit),
                ..
            }) => lit.value,
            other => {
                cx.error_spanned_by(
                    other,
                    "`read_only` is a flag: write `read_only` (or `read_only = false`)",
                );
                false
            }
        },
        Meta::List(_) => {
            cx.error_spanned_by(meta, "`read_only` is a flag: write `read_only`");
            false
        }
    }
}

fn timeout(cx: &Ctxt, meta: &Meta) -> Option<u64> {
    let expr = value(cx, meta, "timeout = \"5s\"")?;
    let Expr::Lit(ExprLit {
        lit: Lit::Str(lit), ..
    }) = expr
    else {
        cx.error_spanned_by(
            expr,
            "`timeout` takes a duration string such as `\"5s\"`, `\"500ms\"` or `\"2m\"`",
        );
        return None;
    };
    match parse_duration_ms(&lit.value()) {
        Ok(0) => {
            cx.error_spanned_by(
                lit,
                "a zero `timeout` would switch PostgreSQL's statement timeout off\nhelp: remove the option, or give a duration such as `\"5s\"`",
            );
            None
        }
        Ok(ms) => Some(ms),
        Err(why) => {
            cx.error_spanned_by(
                lit,
                format!("`timeout = {}`: {why}\nhelp: write a whole number with a unit: `ms`, `s`, `m` or `h`, as in `\"5s\"` or `\"500ms\"`", lit.to_token_stream()),
            );
            None
        }
    }
}

/// `"5s"` → 5000. Units: `ms`, `s`, `m`, `h`.
pub(super) fn parse_duration_ms(text: &str) -> Result<u64, &'static str> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .ok_or("the unit is missing")?;
    let (number, unit) = text.split_at(split);
    if number.is_empty() {
        return Err("the number is missing");
    }
    let number: u64 = number.parse().map_err(|_| "the number is too large")?;
    let factor = match unit.trim() {
        "ms" => 1,
        "s" => 1_000,
        "m" | "min" => 60_000,
        "h" => 3_600_000,
        _ => return Err("unknown unit"),
    };
    let ms = number
        .checked_mul(factor)
        .ok_or("the duration is too long")?;
    // PostgreSQL's statement_timeout is an int of milliseconds.
    if ms > i32::MAX as u64 {
        return Err("the duration is too long for PostgreSQL (at most about 24 days)");
    }
    Ok(ms)
}

fn retry(cx: &Ctxt, meta: &Meta) -> Option<(u32, Span)> {
    let expr = value(cx, meta, "retry = 3")?;
    let Expr::Lit(ExprLit {
        lit: Lit::Int(lit), ..
    }) = expr
    else {
        cx.error_spanned_by(
            expr,
            "`retry` takes how many times the body may run again: `retry = 3`",
        );
        return None;
    };
    match lit.base10_parse::<u32>() {
        Ok(0) => {
            cx.error_spanned_by(
                lit,
                "`retry = 0` never retries\nhelp: remove the option, or allow at least one re-run: `retry = 3`",
            );
            None
        }
        Ok(retry) => Some((retry, meta.span())),
        Err(err) => {
            cx.syn_error(err);
            None
        }
    }
}
