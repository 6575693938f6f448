//! Macro calls inside a `#[soft_delete]` scope. Their bodies are tokens, not
//! syntax: those whose grammar is known are parsed, rewritten and written
//! back; any other body that holds a call the scope would rewrite is a
//! compile error on the macro, never a silent pass.
//!
//! Known: comma-separated expressions (`try_join!`, `join!`, `vec!`,
//! `assert_eq!`, `format!`, ...), `vec![x; n]`, the arms of
//! `tokio::select!` / `futures::select!` / `select_biased!`, and the
//! expression and guard of `matches!` / `assert_matches!`.

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::{ToTokens, TokenStreamExt};
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::visit_mut::VisitMut;
use syn::{Expr, Macro, Pat, Token};

/// Rewrites the body of `mac` with `rewriter`. A body that cannot be parsed
/// but holds a call the scope would rewrite is left as written, and the
/// error to report on it returned.
pub(crate) fn rewrite(rewriter: &mut impl VisitMut, mac: &mut Macro) -> Option<syn::Error> {
    let name = mac
        .path
        .segments
        .last()
        .map(|segment| segment.ident.to_string())
        .unwrap_or_default();
    let body = if harden_calls::ARM_MACROS.contains(&name.as_str()) {
        mac.parse_body_with(SelectArms::parse).map(Body::Select)
    } else if harden_calls::PATTERN_MACROS.contains(&name.as_str()) {
        mac.parse_body_with(PatternMatch::parse)
            .map(|m| Body::Matches(Box::new(m)))
    } else {
        Err(syn::Error::new(mac.span(), "not a known grammar"))
    };
    let body = body
        .or_else(|_| {
            mac.parse_body_with(Punctuated::<Expr, Token![,]>::parse_terminated)
                .map(Body::List)
        })
        .or_else(|_| {
            mac.parse_body_with(Repeat::parse)
                .map(|r| Body::Repeat(Box::new(r)))
        });
    let Ok(mut body) = body else {
        return rewritable_call(mac.tokens.clone()).map(|call| refusal(mac, &call));
    };
    let before = body.to_token_stream().to_string();
    body.visit(rewriter);
    let after = body.to_token_stream();
    if after.to_string() != before {
        mac.tokens = after;
    }
    None
}

/// The error for a macro whose body holds `call` but cannot be read.
fn refusal(mac: &Macro, call: &str) -> syn::Error {
    let name = mac.path.to_token_stream().to_string().replace(' ', "");
    syn::Error::new_spanned(
        &mac.path,
        format!(
            "`#[soft_delete]` cannot read the body of `{name}!`, and it holds `{call}(..)`, which would run unfiltered\n\
             help: build the query in a `let` before the macro and use the variable inside it"
        ),
    )
}

/// The first call in `tokens` that the scope would rewrite, as written
/// (`::find_by_id`, `.find_related`), searching nested groups too.
fn rewritable_call(tokens: TokenStream) -> Option<String> {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    for (i, token) in tokens.iter().enumerate() {
        if let TokenTree::Group(group) = token {
            if let Some(found) = rewritable_call(group.stream()) {
                return Some(found);
            }
            let (Some(TokenTree::Ident(name)), true) = (
                i.checked_sub(1).and_then(|j| tokens.get(j)),
                group.delimiter() == Delimiter::Parenthesis,
            ) else {
                continue;
            };
            let before = i.checked_sub(2).and_then(|j| tokens.get(j));
            let after_path = matches!(before, Some(TokenTree::Punct(p)) if p.as_char() == ':');
            let after_dot = matches!(before, Some(TokenTree::Punct(p)) if p.as_char() == '.');
            let name = name.to_string();
            if (after_path || after_dot) && harden_calls::rewritten_in_scope(&name, after_path) {
                let sep = if after_path { "::" } else { "." };
                return Some(format!("{sep}{name}"));
            }
        }
    }
    None
}

/// A macro body in one of the grammars this module knows.
enum Body {
    List(Punctuated<Expr, Token![,]>),
    Repeat(Box<Repeat>),
    Select(SelectArms),
    Matches(Box<PatternMatch>),
}

impl Body {
    fn visit(&mut self, rewriter: &mut impl VisitMut) {
        match self {
            Body::List(exprs) => exprs.iter_mut().for_each(|e| rewriter.visit_expr_mut(e)),
            Body::Repeat(repeat) => {
                rewriter.visit_expr_mut(&mut repeat.value);
                rewriter.visit_expr_mut(&mut repeat.count);
            }
            Body::Select(select) => {
                for arm in &mut select.arms {
                    if let Some(future) = &mut arm.future {
                        rewriter.visit_expr_mut(&mut future.expr);
                        if let Some((_, _, guard)) = &mut future.guard {
                            rewriter.visit_expr_mut(guard);
                        }
                    }
                    rewriter.visit_expr_mut(&mut arm.handler);
                }
            }
            Body::Matches(matches) => {
                rewriter.visit_expr_mut(&mut matches.expr);
                if let Some((_, guard)) = &mut matches.guard {
                    rewriter.visit_expr_mut(guard);
                }
                for expr in &mut matches.rest {
                    rewriter.visit_expr_mut(expr);
                }
            }
        }
    }
}

impl ToTokens for Body {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        match self {
            Body::List(exprs) => exprs.to_tokens(tokens),
            Body::Repeat(repeat) => repeat.to_tokens(tokens),
            Body::Select(select) => select.to_tokens(tokens),
            Body::Matches(matches) => matches.to_tokens(tokens),
        }
    }
}

/// `vec![value; count]`.
struct Repeat {
    value: Expr,
    semi: Token![;],
    count: Expr,
}

impl Parse for Repeat {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        Ok(Repeat {
            value: input.parse()?,
            semi: input.parse()?,
            count: input.parse()?,
        })
    }
}

impl ToTokens for Repeat {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        self.value.to_tokens(tokens);
        self.semi.to_tokens(tokens);
        self.count.to_tokens(tokens);
    }
}

/// The body of `tokio::select!` / `futures::select!`: an optional
/// `biased;`, then arms `pattern = future (, if guard)? => handler`, and the
/// keyword arms `else` / `default` / `complete` `=> handler`.
struct SelectArms {
    biased: Option<(syn::Ident, Token![;])>,
    arms: Vec<SelectArm>,
}

struct SelectArm {
    /// `else`, `default`, `complete`: an arm without a future.
    keyword: Option<TokenTree>,
    future: Option<FutureArm>,
    arrow: Token![=>],
    handler: Expr,
    comma: Option<Token![,]>,
}

struct FutureArm {
    pat: Pat,
    eq: Token![=],
    expr: Expr,
    guard: Option<(Token![,], Token![if], Expr)>,
}

impl Parse for SelectArms {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let biased = if input.peek(syn::Ident) && input.peek2(Token![;]) {
            let ident: syn::Ident = input.parse()?;
            if ident != "biased" {
                return Err(syn::Error::new(
                    ident.span(),
                    "expected `biased;` or an arm",
                ));
            }
            Some((ident, input.parse()?))
        } else {
            None
        };
        let mut arms = Vec::new();
        while !input.is_empty() {
            arms.push(input.parse()?);
        }
        Ok(SelectArms { biased, arms })
    }
}

impl Parse for SelectArm {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let is_keyword = input.peek(Token![else])
            || (input.peek(syn::Ident) && input.peek2(Token![=>]) && {
                let fork = input.fork();
                let ident: syn::Ident = fork.parse()?;
                ident == "default" || ident == "complete"
            });
        let (keyword, future) = if is_keyword {
            (Some(input.parse::<TokenTree>()?), None)
        } else {
            let pat = Pat::parse_multi_with_leading_vert(input)?;
            let eq = input.parse()?;
            let expr = input.parse()?;
            let guard = if input.peek(Token![,]) && input.peek2(Token![if]) {
                Some((input.parse()?, input.parse()?, input.parse()?))
            } else {
                None
            };
            (
                None,
                Some(FutureArm {
                    pat,
                    eq,
                    expr,
                    guard,
                }),
            )
        };
        let arrow = input.parse()?;
        // A block handler ends the arm: the next arm's pattern must not be
        // read as a call on it (`{ .. } (a, b) = ..`).
        let handler = if input.peek(syn::token::Brace) {
            Expr::Block(input.parse()?)
        } else {
            input.parse()?
        };
        let comma = if input.is_empty() || matches!(handler, Expr::Block(_)) {
            input.parse()?
        } else {
            Some(input.parse()?)
        };
        Ok(SelectArm {
            keyword,
            future,
            arrow,
            handler,
            comma,
        })
    }
}

impl ToTokens for SelectArms {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        if let Some((ident, semi)) = &self.biased {
            ident.to_tokens(tokens);
            semi.to_tokens(tokens);
        }
        for arm in &self.arms {
            if let Some(keyword) = &arm.keyword {
                tokens.append(keyword.clone());
            }
            if let Some(future) = &arm.future {
                future.pat.to_tokens(tokens);
                future.eq.to_tokens(tokens);
                future.expr.to_tokens(tokens);
                if let Some((comma, if_token, guard)) = &future.guard {
                    comma.to_tokens(tokens);
                    if_token.to_tokens(tokens);
                    guard.to_tokens(tokens);
                }
            }
            arm.arrow.to_tokens(tokens);
            arm.handler.to_tokens(tokens);
            arm.comma.to_tokens(tokens);
        }
    }
}

/// `matches!(expr, pattern if guard)`, and `assert_matches!`'s optional
/// message arguments after it.
struct PatternMatch {
    expr: Expr,
    comma: Token![,],
    pat: Pat,
    guard: Option<(Token![if], Expr)>,
    rest: Punctuated<Expr, Token![,]>,
    /// The comma between the pattern (or guard) and `rest`.
    rest_comma: Option<Token![,]>,
}

impl Parse for PatternMatch {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let expr = input.parse()?;
        let comma = input.parse()?;
        let pat = Pat::parse_multi_with_leading_vert(input)?;
        let guard = if input.peek(Token![if]) {
            Some((input.parse()?, input.parse()?))
        } else {
            None
        };
        let rest_comma = input.parse()?;
        let rest = Punctuated::parse_terminated(input)?;
        Ok(PatternMatch {
            expr,
            comma,
            pat,
            guard,
            rest,
            rest_comma,
        })
    }
}

impl ToTokens for PatternMatch {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        self.expr.to_tokens(tokens);
        self.comma.to_tokens(tokens);
        self.pat.to_tokens(tokens);
        if let Some((if_token, guard)) = &self.guard {
            if_token.to_tokens(tokens);
            guard.to_tokens(tokens);
        }
        self.rest_comma.to_tokens(tokens);
        self.rest.to_tokens(tokens);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::parse::Parser;

    fn parses<T: Parse + ToTokens>(source: &str) -> String {
        let tokens: TokenStream = source.parse().expect("tokens");
        let parsed = T::parse.parse2(tokens).expect("parses");
        parsed.to_token_stream().to_string()
    }

    #[test]
    fn select_arms_round_trip() {
        let source = "biased; Some(x) = rx.recv(), if open => { handle(x) } \
                      (a, b) = pair() => a + b, \
                      _ = tokio::time::sleep(d) => {} \
                      else => break";
        let tokens: TokenStream = source.parse().expect("tokens");
        assert_eq!(parses::<SelectArms>(source), tokens.to_string());
    }

    #[test]
    fn futures_select_keyword_arms() {
        let source = "x = a => x, default => 0, complete => 1,";
        let tokens: TokenStream = source.parse().expect("tokens");
        assert_eq!(parses::<SelectArms>(source), tokens.to_string());
    }

    #[test]
    fn vec_repeat_round_trips() {
        let source = "user::Entity::find(), 3";
        assert!(
            Repeat::parse
                .parse2(source.parse().expect("tokens"))
                .is_err()
        );
        let source = "user::Entity::find(); n + 1";
        let tokens: TokenStream = source.parse().expect("tokens");
        assert_eq!(parses::<Repeat>(source), tokens.to_string());
    }

    #[test]
    fn matches_with_guard_and_message() {
        let source = "value, Some(x) | None if x > 1, \"msg {}\", 3";
        let tokens: TokenStream = source.parse().expect("tokens");
        assert_eq!(parses::<PatternMatch>(source), tokens.to_string());
    }

    #[test]
    fn finds_calls_the_scope_would_rewrite() {
        let found = |s: &str| rewritable_call(s.parse().expect("tokens"));
        assert_eq!(
            found("user_id = %id, n = ?user::Entity::find_by_id(id), \"x\""),
            Some("::find_by_id".to_owned())
        );
        assert_eq!(
            found("x = %m.find_related(post::Entity)"),
            Some(".find_related".to_owned())
        );
        assert_eq!(found("{ \"a\": [1, 2], \"find\": x }"), None);
        assert_eq!(found("target: \"app\", ids = ?ids.iter().all(ok)"), None);
    }
}
