//! Reads the arguments of logging and printing macros: tracing fields (with `%`/`?` sigils),
//! format strings (including inline `{name}` arguments) and format arguments.

use proc_macro2::{Delimiter, TokenTree};

use crate::span::Span;

/// Macros whose arguments end up in logs or on the terminal.
pub(crate) const LOGGING_MACROS: &[&str] = &[
    "trace",
    "debug",
    "info",
    "warn",
    "error",
    "event",
    "span",
    "trace_span",
    "debug_span",
    "info_span",
    "warn_span",
    "error_span",
    "log",
    "println",
    "print",
    "eprintln",
    "eprint",
    "panic",
    "dbg",
];

/// Methods whose result says nothing about the secret they are called on.
const HARMLESS_METHODS: &[&str] = &[
    "len", "is_empty", "is_some", "is_none", "is_ok", "is_err", "count",
];

/// An identifier a logging macro prints.
#[derive(Clone, Debug)]
pub(crate) struct Mention {
    pub name: String,
    pub span: Span,
    pub how: &'static str,
}

/// The identifiers `tokens` (the arguments of a logging macro) would print.
#[cfg(test)]
pub(crate) fn mentions(tokens: proc_macro2::TokenStream) -> Vec<Mention> {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    mentions_in(&tokens)
}

/// The identifiers `tokens` (the arguments of a logging macro) would print.
pub(crate) fn mentions_in(tokens: &[TokenTree]) -> Vec<Mention> {
    let mut out = Vec::new();
    let mut after_format = false;
    for seg in tokens.split(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ',')) {
        if seg.is_empty() {
            continue;
        }
        if is_key_value_option(seg) {
            continue;
        }
        if let Some(TokenTree::Literal(lit)) = seg.first()
            && seg.len() == 1
            && let syn::Lit::Str(s) = syn::Lit::new(lit.clone())
        {
            if !after_format {
                after_format = true;
                let span = Span::from_pm2(lit.span());
                for name in inline_format_args(&s.value()) {
                    out.push(Mention {
                        name,
                        span,
                        how: "inline format argument",
                    });
                }
            }
            continue;
        }
        let mut body: &[TokenTree] = seg;
        if let Some(TokenTree::Punct(p)) = body.first()
            && matches!(p.as_char(), '%' | '?')
        {
            body = &body[1..];
        }
        if let Some(eq) = top_level_eq(body) {
            let value = &body[eq + 1..];
            if value.len() == 1 && matches!(value[0], TokenTree::Literal(_)) {
                continue;
            }
            if !after_format
                && let Some(TokenTree::Ident(last)) = body[..eq]
                    .iter()
                    .rev()
                    .find(|t| matches!(t, TokenTree::Ident(_)))
            {
                out.push(Mention {
                    name: last.to_string(),
                    span: Span::from_pm2(last.span()),
                    how: "field",
                });
            }
            expr_mentions(
                value,
                if after_format {
                    "format argument"
                } else {
                    "field value"
                },
                &mut out,
            );
        } else {
            expr_mentions(
                body,
                if after_format {
                    "format argument"
                } else {
                    "field"
                },
                &mut out,
            );
        }
    }
    out
}

/// `target: "x"`, `parent: &span`, `name: "x"`, `Level::INFO` handled as ordinary tokens.
fn is_key_value_option(seg: &[TokenTree]) -> bool {
    matches!(
        (seg.first(), seg.get(1), seg.get(2)),
        (Some(TokenTree::Ident(i)), Some(TokenTree::Punct(p)), Some(next))
            if p.as_char() == ':' && !matches!(next, TokenTree::Punct(q) if q.as_char() == ':')
                && (i == "target" || i == "parent" || i == "name")
    )
}

fn top_level_eq(seg: &[TokenTree]) -> Option<usize> {
    seg.iter().enumerate().position(|(i, t)| {
        let TokenTree::Punct(p) = t else { return false };
        if p.as_char() != '=' || p.spacing() == proc_macro2::Spacing::Joint {
            return false;
        }
        // Not the second half of `==`, `<=`, `>=`, `!=`, `=>`.
        !matches!(i.checked_sub(1).and_then(|j| seg.get(j)), Some(TokenTree::Punct(q)) if q.spacing() == proc_macro2::Spacing::Joint)
    })
}

fn expr_mentions(tokens: &[TokenTree], how: &'static str, out: &mut Vec<Mention>) {
    for (i, t) in tokens.iter().enumerate() {
        match t {
            TokenTree::Ident(id) => {
                let harmless = |i: &proc_macro2::Ident| HARMLESS_METHODS.iter().any(|m| i == m);
                if harmless(id) {
                    continue;
                }
                let harmless_call = matches!(tokens.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == '.')
                    && matches!(tokens.get(i + 2), Some(TokenTree::Ident(m)) if harmless(m));
                if !harmless_call {
                    out.push(Mention {
                        name: id.to_string(),
                        span: Span::from_pm2(id.span()),
                        how,
                    });
                }
            }
            TokenTree::Group(g) if g.delimiter() != Delimiter::None || !g.stream().is_empty() => {
                let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                expr_mentions(&inner, how, out);
            }
            _ => {}
        }
    }
}

/// The named arguments in a format string: `{password}`, `{token:?}`.
pub(crate) fn inline_format_args(fmt: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '{' {
            continue;
        }
        if chars.peek() == Some(&'{') {
            chars.next();
            continue;
        }
        let mut name = String::new();
        for c in chars.by_ref() {
            if c == '}' || c == ':' {
                break;
            }
            name.push(c);
        }
        let name = name.trim();
        if name
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_alphanumeric() || c == '_')
        {
            out.push(name.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(src: &str) -> Vec<String> {
        let ts: proc_macro2::TokenStream = src.parse().unwrap_or_default();
        mentions(ts).into_iter().map(|m| m.name).collect()
    }

    #[test]
    fn reads_tracing_fields_and_sigils() {
        assert_eq!(
            names("user_id = %id, ?token, \"login\""),
            ["user_id", "id", "token"]
        );
        assert_eq!(names("password = \"***\", \"x\""), Vec::<String>::new());
        assert_eq!(
            names("target: \"auth\", %user.password_hash"),
            ["user", "password_hash"]
        );
    }

    #[test]
    fn reads_format_strings() {
        assert_eq!(
            names("\"hello {name} {secret:?} {{x}} {0}\", a"),
            ["name", "secret", "a"]
        );
        assert_eq!(names("\"len {}\", token.len()"), Vec::<String>::new());
    }
}
