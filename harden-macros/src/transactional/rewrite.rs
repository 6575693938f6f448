//! `conn = self.db`: every use of `self.db` in the body becomes the
//! transaction, including inside macro calls, so no statement in the
//! annotated fn can reach the pool behind it. `self.db.as_ref()` (an `Arc`
//! field) and its `deref()` / `borrow()` spellings are the place too.

use proc_macro2::{Delimiter, Group, Ident, Span, TokenStream, TokenTree};

/// Methods that only look through the smart pointer the connection is held
/// in: `self.db.as_ref()` is `self.db`.
const SEE_THROUGH: &[&str] = &["as_ref", "deref", "borrow"];
use syn::visit_mut::{self, VisitMut};
use syn::{Block, Expr, Item, Macro};

/// Rewrites uses of the place `path` (`self.db` as `[self, db]`) into
/// `handle`, a `&Transaction`: `&self.db` and `self.db` alike, since the
/// handle is already a reference and method calls auto-deref through it.
pub(super) fn rewrite_place(block: &mut Block, path: &[Ident], handle: &Ident) {
    Rewriter { path, handle }.visit_block_mut(block);
}

struct Rewriter<'a> {
    path: &'a [Ident],
    handle: &'a Ident,
}

impl Rewriter<'_> {
    /// The handle, located where the rewritten expression was, so type errors
    /// point at the user's `self.db`.
    fn handle_at(&self, span: Span) -> Expr {
        let handle = Ident::new(
            &self.handle.to_string(),
            self.handle.span().located_at(span),
        );
        syn::parse_quote!(#handle)
    }

    fn is_place(&self, expr: &Expr) -> bool {
        super::connection::place_path(expr).is_some_and(|path| path == self.path)
    }

    fn tokens(&self, tokens: TokenStream) -> TokenStream {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        let mut out: Vec<TokenTree> = Vec::with_capacity(trees.len());
        let mut i = 0;
        while i < trees.len() {
            if let Some(len) = self.place_at(&trees[i..])
                && !follows_dot(&out)
            {
                // `&self.db` → `handle`; `self.db` → `handle`.
                if is_lone_ampersand(out.last()) {
                    out.pop();
                }
                let handle = Ident::new(
                    &self.handle.to_string(),
                    self.handle.span().located_at(trees[i].span()),
                );
                out.push(TokenTree::Ident(handle));
                i += len;
                continue;
            }
            match &trees[i] {
                TokenTree::Group(group) => {
                    let mut rewritten = Group::new(group.delimiter(), self.tokens(group.stream()));
                    rewritten.set_span(group.span());
                    out.push(TokenTree::Group(rewritten));
                }
                other => out.push(other.clone()),
            }
            i += 1;
        }
        out.into_iter().collect()
    }

    /// How many tokens the place spans at the start of `trees`, if it is
    /// there and is not the start of a method call (`self.db()`) or a longer
    /// path (`self.dbx`).
    fn place_at(&self, trees: &[TokenTree]) -> Option<usize> {
        let len = self.path.len() * 2 - 1;
        if trees.len() < len {
            return None;
        }
        for (index, segment) in self.path.iter().enumerate() {
            let TokenTree::Ident(ident) = &trees[index * 2] else {
                return None;
            };
            if ident != segment {
                return None;
            }
            if index > 0 && !is_punct(&trees[index * 2 - 1], '.') {
                return None;
            }
        }
        match trees.get(len) {
            Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Parenthesis => None,
            Some(TokenTree::Punct(punct)) if punct.as_char() == ':' => None,
            _ => Some(len + see_through_call(&trees[len..])),
        }
    }
}

/// The length of `.as_ref()` (or `.deref()`, `.borrow()`) at the start of
/// `trees`, else 0.
fn see_through_call(trees: &[TokenTree]) -> usize {
    match trees {
        [
            TokenTree::Punct(dot),
            TokenTree::Ident(method),
            TokenTree::Group(args),
            ..,
        ] if dot.as_char() == '.'
            && SEE_THROUGH.iter().any(|name| method == name)
            && args.delimiter() == Delimiter::Parenthesis
            && args.stream().is_empty() =>
        {
            3
        }
        _ => 0,
    }
}

fn is_punct(tree: &TokenTree, ch: char) -> bool {
    matches!(tree, TokenTree::Punct(punct) if punct.as_char() == ch)
}

fn follows_dot(out: &[TokenTree]) -> bool {
    out.last().is_some_and(|tree| is_punct(tree, '.'))
}

fn is_lone_ampersand(tree: Option<&TokenTree>) -> bool {
    matches!(tree, Some(TokenTree::Punct(punct)) if punct.as_char() == '&')
}

impl VisitMut for Rewriter<'_> {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        if let Expr::Reference(reference) = expr
            && reference.mutability.is_none()
            && self.is_place(&reference.expr)
        {
            *expr = self.handle_at(reference.and_token.span);
            return;
        }
        if self.is_place(expr) {
            let span = syn::spanned::Spanned::span(&*expr);
            *expr = self.handle_at(span);
            return;
        }
        if let Expr::MethodCall(call) = expr
            && call.args.is_empty()
            && call.turbofish.is_none()
            && SEE_THROUGH.iter().any(|name| call.method == name)
            && self.is_place(&call.receiver)
        {
            let span = syn::spanned::Spanned::span(&*call.receiver);
            *expr = self.handle_at(span);
            return;
        }
        visit_mut::visit_expr_mut(self, expr);
    }

    fn visit_macro_mut(&mut self, mac: &mut Macro) {
        mac.tokens = self.tokens(std::mem::take(&mut mac.tokens));
    }

    // A nested fn or impl cannot see the outer `self` or locals.
    fn visit_item_mut(&mut self, _item: &mut Item) {}
}
