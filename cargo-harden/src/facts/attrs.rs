//! Attributes: suppressions, test markers, `#[instrument]`, `#[soft_delete]`,
//! `#[transactional]`, derives and `#[sea_orm(..)]`.

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;
use syn::{Attribute, Item};

use super::{Allow, InstrumentFact, SoftDeleteAttr};
use crate::span::Span;

/// The last segment of an attribute's path (`instrument` for `#[tracing::instrument]`).
pub(super) fn last(attr: &Attribute) -> String {
    attr.path()
        .segments
        .last()
        .map(|s| s.ident.to_string())
        .unwrap_or_default()
}

/// The tokens inside an attribute: `a, b` of `#[x(a, b)]`, the value of `#[x = v]`.
pub(super) fn tokens(attr: &Attribute) -> TokenStream {
    match &attr.meta {
        syn::Meta::List(l) => l.tokens.clone(),
        syn::Meta::NameValue(nv) => nv.value.to_token_stream(),
        syn::Meta::Path(_) => TokenStream::new(),
    }
}

/// `#[..]` from `#` to `]`, without printing the attribute into tokens.
pub(super) fn span(attr: &Attribute) -> proc_macro2::Span {
    let start = attr.pound_token.span;
    start.join(attr.bracket_token.span.close()).unwrap_or(start)
}

/// Whether some identifier in `tokens` (nested groups included) satisfies `f`.
pub(super) fn any_ident(tokens: TokenStream, f: &dyn Fn(&proc_macro2::Ident) -> bool) -> bool {
    tokens.into_iter().any(|tt| match tt {
        TokenTree::Ident(i) => f(&i),
        TokenTree::Group(g) => any_ident(g.stream(), f),
        _ => false,
    })
}

fn idents_in(tokens: TokenStream, out: &mut Vec<String>) {
    for tt in tokens {
        match tt {
            TokenTree::Ident(i) => out.push(i.to_string()),
            TokenTree::Group(g) => idents_in(g.stream(), out),
            _ => {}
        }
    }
}

/// `#[cfg(test)]`, and `#[cfg(feature = "test…")]` / `"testing"`: code that only test builds
/// compile.
pub(super) fn is_cfg_test(attr: &Attribute) -> bool {
    if !attr.path().is_ident("cfg") {
        return false;
    }
    let tokens: Vec<TokenTree> = tokens(attr).into_iter().collect();
    cfg_mentions_test(&tokens)
}

fn cfg_mentions_test(tokens: &[TokenTree]) -> bool {
    // `not(test)` is the opposite; `any(test, ..)`/`all(..)` are read through.
    for (i, tt) in tokens.iter().enumerate() {
        match tt {
            TokenTree::Ident(id) if id == "test" => return true,
            TokenTree::Ident(id) if id == "feature" => {
                if let (Some(TokenTree::Punct(p)), Some(TokenTree::Literal(l))) =
                    (tokens.get(i + 1), tokens.get(i + 2))
                    && p.as_char() == '='
                {
                    let v = l.to_string();
                    let v = v.trim_matches('"');
                    if v.starts_with("test") || v == "testing" {
                        return true;
                    }
                }
            }
            TokenTree::Ident(id) if id == "not" => {
                // Skip the group that follows.
                continue;
            }
            TokenTree::Group(g) => {
                let negated = matches!(i.checked_sub(1).and_then(|j| tokens.get(j)), Some(TokenTree::Ident(n)) if n == "not");
                if !negated {
                    let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                    if cfg_mentions_test(&inner) {
                        return true;
                    }
                }
            }
            _ => {}
        }
    }
    false
}

/// `#[test]`, `#[tokio::test]`, `#[rstest]`, `#[bench]`.
pub(super) fn is_test_fn(attr: &Attribute) -> bool {
    matches!(last(attr).as_str(), "test" | "rstest" | "bench")
}

/// `#[harden_runtime::allow(..)]` (or through another `harden*` path).
pub(super) fn is_allow(attr: &Attribute) -> bool {
    let segs = &attr.path().segments;
    segs.len() == 2
        && segs[1].ident == harden_calls::allow::ATTRIBUTE
        && segs[0].ident.to_string().starts_with("harden")
}

/// The suppressions among `attrs`, covering `lines`.
pub(super) fn allows(attrs: &[Attribute], lines: (u32, u32), out: &mut Vec<Allow>) {
    for attr in attrs.iter().filter(|a| is_allow(a)) {
        let harden_calls::allow::Allow { rules, reason } =
            harden_calls::allow::parse_args(&tokens(attr).to_string());
        out.push(Allow {
            rules,
            reason,
            span: Span::from_pm2(span(attr)),
            lines,
        });
    }
}

/// `#[instrument(skip(a, b))]`, `#[instrument(skip_all)]`.
pub(super) fn instrument(attr: &Attribute) -> InstrumentFact {
    let mut skip = Vec::new();
    let mut skip_all = false;
    let mut iter = tokens(attr).into_iter().peekable();
    while let Some(tt) = iter.next() {
        if let TokenTree::Ident(i) = &tt {
            if i == "skip_all" {
                skip_all = true;
            } else if i == "skip"
                && let Some(TokenTree::Group(g)) = iter.peek()
            {
                idents_in(g.stream(), &mut skip);
            }
        }
    }
    InstrumentFact {
        span: Span::from_pm2(span(attr)),
        skip_all,
        skip,
    }
}

/// `conn = self.db` in `#[transactional(..)]`, as `peel::handle_text` writes it.
pub(super) fn explicit_conn(attr: &Attribute) -> Option<String> {
    let mut iter = tokens(attr).into_iter().peekable();
    while let Some(tt) = iter.next() {
        let TokenTree::Ident(i) = &tt else { continue };
        if i != "conn" || !matches!(iter.peek(), Some(TokenTree::Punct(p)) if p.as_char() == '=') {
            continue;
        }
        iter.next();
        let mut text = String::new();
        for t in iter.take_while(|t| !matches!(t, TokenTree::Punct(p) if p.as_char() == ',')) {
            text.push_str(&t.to_string());
        }
        text.retain(|c| !c.is_whitespace());
        let text = text.trim_start_matches('&').to_string();
        return (!text.is_empty()).then_some(text);
    }
    None
}

/// The value of a string or byte-string literal token.
pub(crate) fn lit_str_value(l: &proc_macro2::Literal) -> Option<String> {
    match syn::Lit::new(l.clone()) {
        syn::Lit::Str(s) => Some(s.value()),
        syn::Lit::ByteStr(b) => Some(String::from_utf8_lossy(&b.value()).into_owned()),
        _ => None,
    }
}

/// `#[soft_delete]`, `#[soft_delete(deleted_at)]`, `#[soft_delete(column = "..")]`,
/// `#[soft_delete(exempt = "..")]`.
pub(super) fn soft_delete(attr: &Attribute) -> SoftDeleteAttr {
    let mut out = SoftDeleteAttr {
        span: Span::from_pm2(span(attr)),
        column: String::new(),
        deleted_at: false,
        explicit_column: false,
        exempt: None,
    };
    let mut column = None;
    let tokens: Vec<TokenTree> = tokens(attr).into_iter().collect();
    let mut i = 0;
    while i < tokens.len() {
        if let TokenTree::Ident(id) = &tokens[i] {
            let name = id.to_string();
            let value = match (tokens.get(i + 1), tokens.get(i + 2)) {
                (Some(TokenTree::Punct(p)), Some(TokenTree::Literal(l))) if p.as_char() == '=' => {
                    lit_str_value(l)
                }
                _ => None,
            };
            match name.as_str() {
                "deleted_at" if value.is_none() => out.deleted_at = true,
                "column" => column = Some(value.clone().unwrap_or_default()),
                "exempt" => out.exempt = Some(value.clone().unwrap_or_default()),
                _ => {}
            }
            if value.is_some() {
                i += 2;
            }
        }
        i += 1;
    }
    out.explicit_column = column.is_some();
    out.column = harden_calls::soft_delete::column(out.deleted_at, column.as_deref()).to_owned();
    out
}

/// The value of `key = "…"` inside `#[sea_orm(..)]` attributes.
pub(super) fn sea_orm_value(attrs: &[Attribute], key: &str) -> Option<String> {
    for attr in attrs.iter().filter(|a| last(a) == "sea_orm") {
        let mut iter = tokens(attr).into_iter();
        while let Some(tt) = iter.next() {
            if let TokenTree::Ident(i) = &tt
                && i == key
            {
                iter.next();
                if let Some(TokenTree::Literal(l)) = iter.next() {
                    return lit_str_value(&l);
                }
            }
        }
    }
    None
}

/// Whether `#[sea_orm(..)]` among `attrs` has the flag `key` (`primary_key`).
pub(super) fn sea_orm_flag(attrs: &[Attribute], key: &str) -> bool {
    attrs
        .iter()
        .filter(|a| last(a) == "sea_orm")
        .any(|a| any_ident(tokens(a), &|i| i == key))
}

/// The attributes of an item.
pub(super) fn of_item(item: &Item) -> &[Attribute] {
    match item {
        Item::Const(i) => &i.attrs,
        Item::Enum(i) => &i.attrs,
        Item::ExternCrate(i) => &i.attrs,
        Item::Fn(i) => &i.attrs,
        Item::ForeignMod(i) => &i.attrs,
        Item::Impl(i) => &i.attrs,
        Item::Macro(i) => &i.attrs,
        Item::Mod(i) => &i.attrs,
        Item::Static(i) => &i.attrs,
        Item::Struct(i) => &i.attrs,
        Item::Trait(i) => &i.attrs,
        Item::TraitAlias(i) => &i.attrs,
        Item::Type(i) => &i.attrs,
        Item::Union(i) => &i.attrs,
        Item::Use(i) => &i.attrs,
        _ => &[],
    }
}
