//! Reads the arguments of logging and printing macros: tracing fields (with `%`/`?` sigils),
//! format strings (positional, indexed, named and inline `{name}` arguments, and whether
//! each is printed with `{:?}`), and format arguments.

use proc_macro2::{Spacing, TokenTree};

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

/// Macros whose first argument is the format string (the `log`-style and std macros);
/// tracing's put their fields first.
const FORMAT_FIRST: &[&str] = &["println", "print", "eprintln", "eprint", "panic"];

/// A value a logging macro prints.
#[derive(Clone, Debug)]
pub(crate) struct Printed<'t> {
    /// The expression's tokens; empty for an inline `{name}` argument.
    pub tokens: &'t [TokenTree],
    /// An inline `{name}` argument's name.
    pub inline: Option<String>,
    /// A tracing field's name, when it has one (`password = %p`: `password`).
    pub field: Option<(String, Span)>,
    pub span: Span,
    pub how: &'static str,
    /// Printed with its `Debug` form (`?x`, `{:?}`).
    pub debug: bool,
}

/// The values the arguments `tokens` of macro `name` print.
pub(crate) fn printed<'t>(name: &str, tokens: &'t [TokenTree]) -> Vec<Printed<'t>> {
    let mut out = Vec::new();
    let segments: Vec<&[TokenTree]> = split_top(tokens);
    let mut format: Option<(Vec<Placeholder>, Span)> = None;
    let mut positional: Vec<&[TokenTree]> = Vec::new();
    let mut named: Vec<(String, &[TokenTree])> = Vec::new();
    let format_first = FORMAT_FIRST.contains(&name);
    for (i, seg) in segments.iter().enumerate() {
        if seg.is_empty() || is_key_value_option(seg) {
            continue;
        }
        if format.is_none()
            && let [TokenTree::Literal(lit)] = seg
            && let syn::Lit::Str(s) = syn::Lit::new(lit.clone())
        {
            format = Some((placeholders(&s.value()), Span::from_pm2(lit.span())));
            continue;
        }
        if format.is_some() {
            match top_level_eq(seg) {
                Some(1) => {
                    if let TokenTree::Ident(id) = &seg[0] {
                        named.push((id.to_string(), &seg[2..]));
                    }
                }
                _ => positional.push(seg),
            }
            continue;
        }
        if format_first && i == 0 {
            // `println!(some_expr)` without a literal: nothing printed by name.
            continue;
        }
        out.extend(field(seg));
    }
    let Some((holders, fmt_span)) = format else {
        return out;
    };
    let mut next = 0usize;
    for h in holders {
        let (tokens, inline, how, span): (&[TokenTree], _, _, _) = match &h.arg {
            Arg::Next => {
                let Some(seg) = positional.get(next) else {
                    continue;
                };
                next += 1;
                (seg, None, "format argument", seg_span(seg))
            }
            Arg::Index(n) => {
                let Some(seg) = positional.get(*n) else {
                    continue;
                };
                (seg, None, "format argument", seg_span(seg))
            }
            Arg::Name(n) => match named.iter().find(|(name, _)| name == n) {
                Some((_, seg)) => (seg, None, "format argument", seg_span(seg)),
                None => (&[], Some(n.clone()), "inline format argument", fmt_span),
            },
        };
        out.push(Printed {
            tokens,
            inline,
            field: None,
            span,
            how,
            debug: h.debug,
        });
    }
    out
}

/// A tracing field: `name = %value`, `%value`, `?value`, `name`.
fn field(seg: &[TokenTree]) -> Option<Printed<'_>> {
    let mut body = seg;
    let mut debug = false;
    if let Some(TokenTree::Punct(p)) = body.first()
        && matches!(p.as_char(), '%' | '?')
    {
        debug = p.as_char() == '?';
        body = &body[1..];
    }
    match top_level_eq(body) {
        Some(eq) => {
            let mut value = &body[eq + 1..];
            if let Some(TokenTree::Punct(p)) = value.first()
                && matches!(p.as_char(), '%' | '?')
            {
                debug = p.as_char() == '?';
                value = &value[1..];
            }
            // `password = "***"`: a literal says nothing about a variable.
            if value.len() == 1 && matches!(value[0], TokenTree::Literal(_)) {
                return None;
            }
            let name = body[..eq].iter().rev().find_map(|t| match t {
                TokenTree::Ident(i) => Some((i.to_string(), Span::from_pm2(i.span()))),
                _ => None,
            });
            Some(Printed {
                tokens: value,
                inline: None,
                field: name,
                span: seg_span(value),
                how: "field value",
                debug,
            })
        }
        None => Some(Printed {
            tokens: body,
            inline: None,
            field: None,
            span: seg_span(body),
            how: "field",
            debug,
        }),
    }
}

/// The arguments, split at top-level commas.
fn split_top(tokens: &[TokenTree]) -> Vec<&[TokenTree]> {
    tokens
        .split(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ','))
        .collect()
}

/// From the first to the last token of `seg`.
fn seg_span(seg: &[TokenTree]) -> Span {
    match (seg.first(), seg.last()) {
        (Some(a), Some(b)) => Span::from_pm2(a.span()).to(Span::from_pm2(b.span())),
        _ => Span::default(),
    }
}

/// `target: "x"`, `parent: &span`, `name: "x"`: options of tracing macros, not fields.
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
        if p.as_char() != '=' || p.spacing() == Spacing::Joint {
            return false;
        }
        // Not the second half of `==`, `<=`, `>=`, `!=`, `=>`.
        !matches!(i.checked_sub(1).and_then(|j| seg.get(j)), Some(TokenTree::Punct(q)) if q.spacing() == Spacing::Joint)
    })
}

/// Which argument a placeholder prints.
#[derive(Debug, PartialEq, Eq)]
enum Arg {
    Next,
    Index(usize),
    Name(String),
}

/// A `{..}` of a format string.
#[derive(Debug, PartialEq, Eq)]
struct Placeholder {
    arg: Arg,
    debug: bool,
}

/// The placeholders of a format string: `{}`, `{0}`, `{name}`, `{:?}`, `{name:#?}`.
fn placeholders(fmt: &str) -> Vec<Placeholder> {
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
        let mut inside = String::new();
        for c in chars.by_ref() {
            if c == '}' {
                break;
            }
            inside.push(c);
        }
        let (arg, spec) = inside.split_once(':').unwrap_or((&inside, ""));
        let arg = arg.trim();
        let arg = if arg.is_empty() {
            Arg::Next
        } else if let Ok(n) = arg.parse::<usize>() {
            Arg::Index(n)
        } else if arg.chars().all(|c| c.is_alphanumeric() || c == '_') {
            Arg::Name(arg.to_string())
        } else {
            continue;
        };
        out.push(Placeholder {
            arg,
            debug: spec.contains('?'),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(name: &str, src: &str) -> Vec<(String, bool)> {
        let ts: proc_macro2::TokenStream = src.parse().unwrap_or_default();
        let tokens: Vec<TokenTree> = ts.into_iter().collect();
        printed(name, &tokens)
            .into_iter()
            .map(|p| {
                let mut text: String = match &p.inline {
                    Some(n) => n.clone(),
                    None => p.tokens.iter().map(ToString::to_string).collect(),
                };
                if let Some((f, _)) = p.field {
                    text = format!("{f}={text}");
                }
                (text, p.debug)
            })
            .collect()
    }

    #[test]
    fn reads_tracing_fields_and_sigils() {
        assert_eq!(
            read("info", "user_id = %id, ?token, \"login {}\", n"),
            [
                ("user_id=id".into(), false),
                ("token".into(), true),
                ("n".into(), false)
            ]
        );
        assert!(read("info", "password = \"***\", \"x\"").is_empty());
        assert_eq!(
            read("info", "target: \"auth\", %user.password_hash"),
            [("user.password_hash".into(), false)]
        );
    }

    #[test]
    fn maps_format_strings_to_their_arguments() {
        assert_eq!(
            read("println", "\"{name} {1:?} {} {{x}} {k}\", a, b, k = c"),
            [
                ("name".into(), false),
                ("b".into(), true),
                ("a".into(), false),
                ("c".into(), false)
            ]
        );
        assert_eq!(
            read("println", "\"{:#?}\", config"),
            [("config".into(), true)]
        );
    }
}
