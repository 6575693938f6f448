//! `#[soft_delete]` on a repository (`impl` block or `fn`): rewrites each
//! read and delete of an entity at its source, keeping its type.
//!
//! | written                          | becomes                                         |
//! |----------------------------------|-------------------------------------------------|
//! | `X::find()`, `X::find_by_id(k)`  | `scoped(X::find…)`: `WHERE <visible>` added     |
//! | `m.find_related(X)`, `m.find_linked(L)` | `scoped(..)`: the target filtered        |
//! | `s.find_also_related(X)`         | `ScopedRelated::find_also_related(s, X)`: visible in JOIN `ON` |
//! | `s.find_with_related(X)`         | `ScopedRelated::find_with_related(s, X)`: visible in JOIN `ON` |
//!
//! `find_also_linked` / `find_with_linked` and chains from a two-entity
//! select are not rewritten; `cargo harden check` flags them.
//! | `v.load_one(X, db)` / `load_many`| first argument `scoped_loader(X)`               |
//!
//! Deletes, `update_many` and cascades are rewritten by `write.rs`.
//!
//! Static calls are only rewritten when the segment before the method names
//! a type (`user::Entity`, `User`, `Self`), never a module's free function.
//! Counts and aggregates start from `X::find()`, so they are covered.

use harden_calls::{Op, RelatedRead};
use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote, quote_spanned};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::visit_mut::{self, VisitMut};
use syn::{Expr, ExprCall, ExprMethodCall, ExprPath, Macro, Path, Token};

/// Rewrites every read and delete in the bodies below. Returns whether a
/// `.delete(..)` probe was emitted, which needs the probe traits in scope.
#[derive(Default)]
pub(crate) struct Rewriter {
    pub(crate) used_probe: bool,
}

impl Rewriter {
    /// The `use` a body needs when a `.delete(..)` call was rewritten.
    pub(crate) fn probe_imports(span: Span) -> syn::Stmt {
        syn::parse_quote_spanned! {span=>
            #[allow(unused_imports)]
            use ::harden_runtime::__private::{
                KindEntity as _, KindOther as _, ProbeActiveModel as _, ProbeActiveModelEx as _,
                ProbeModel as _, ProbeModelEx as _, ProbeOther as _,
            };
        }
    }

    /// Rewrites a function body, adding the probe import when needed.
    pub(crate) fn rewrite_block(block: &mut syn::Block) {
        let mut rewriter = Rewriter::default();
        rewriter.visit_block_mut(block);
        if rewriter.used_probe {
            block
                .stmts
                .insert(0, Self::probe_imports(block.brace_token.span.join()));
        }
    }
}

impl VisitMut for Rewriter {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        visit_mut::visit_expr_mut(self, expr);
        let replacement = match expr {
            Expr::Call(call) => self.write_call(call).or_else(|| static_call(call)),
            Expr::MethodCall(call) => self
                .write_method_call(call)
                .or_else(|| self.method_call(call)),
            _ => None,
        };
        if let Some(replacement) = replacement {
            *expr = replacement;
        }
    }

    fn visit_macro_mut(&mut self, mac: &mut Macro) {
        // Macro arguments are tokens, not syntax. Most macros around queries
        // (`try_join!`, `join!`, `assert_eq!`, `vec!`, `format!`) take
        // comma-separated expressions: rewrite those, leave anything else.
        let Ok(mut exprs) = mac.parse_body_with(Punctuated::<Expr, Token![,]>::parse_terminated)
        else {
            return;
        };
        let before = exprs.to_token_stream().to_string();
        for expr in exprs.iter_mut() {
            self.visit_expr_mut(expr);
        }
        if exprs.to_token_stream().to_string() != before {
            mac.tokens = exprs.to_token_stream();
        }
    }

    fn visit_item_mut(&mut self, _item: &mut syn::Item) {
        // Nested items are separate scopes; an inner `#[soft_delete]` covers
        // them if the author wants it.
    }
}

/// `X::find()` and friends, when `X` names a type.
fn static_call(call: &ExprCall) -> Option<Expr> {
    let Expr::Path(ExprPath {
        qself: None, path, ..
    }) = &*call.func
    else {
        return None;
    };
    let (_, method) = split_entity_path(path)?;
    let span = call.span();
    let args = &call.args;
    let private = quote_spanned!(span=> ::harden_runtime::__private);
    let known = harden_calls::entity_call(&method, args.len())?;
    match known.op {
        Op::Read => Some(expr(quote_spanned!(span=> #private::scoped(#call)))),
        // Writes are `write.rs`'s; escape hatches are never rewritten.
        Op::Insert | Op::Update | Op::Delete | Op::EscapeHatch => None,
    }
}

/// Splits `a::B::method` into (`a::B`, "method") when `B` looks like a type:
/// `Self`, or a name starting with an upper-case letter.
pub(super) fn split_entity_path(path: &Path) -> Option<(TokenStream, String)> {
    let count = path.segments.len();
    if count < 2 {
        return None;
    }
    let method = path.segments.last()?;
    if !method.arguments.is_none() {
        return None;
    }
    if !harden_calls::names_a_type(&path.segments[count - 2].ident.to_string()) {
        return None;
    }
    let leading = path.leading_colon;
    let segments = path.segments.iter().take(count - 1);
    Some((quote!(#leading #(#segments)::*), method.ident.to_string()))
}

impl Rewriter {
    fn method_call(&mut self, call: &ExprMethodCall) -> Option<Expr> {
        let span = call.span();
        let private = quote_spanned!(span=> ::harden_runtime::__private);
        let receiver = &call.receiver;
        let args = &call.args;
        let method = &call.method;
        let name = method.to_string();
        let tokens = match harden_calls::related_read(&name, args.len())? {
            RelatedRead::Target => quote_spanned!(span=> #private::scoped(#call)),
            RelatedRead::Join => {
                // A fresh ident at the call's span: one error at the call if
                // the receiver is not a `Select`.
                let method = syn::Ident::new(&name, span);
                quote_spanned!(span=> #private::ScopedRelated::#method(#receiver, #args))
            }
            RelatedRead::Loader => {
                let mut rewritten = call.clone();
                let first = rewritten.args.first_mut()?;
                *first = expr(quote_spanned!(first.span()=> #private::scoped_loader(#first)));
                return Some(Expr::MethodCall(rewritten));
            }
        };
        Some(expr(tokens))
    }
}

/// Generated tokens as an expression. They are built from expressions that
/// parsed, so this cannot fail; if it ever did, the error is compiled in
/// rather than the rewrite silently skipped (which would leak deleted rows).
fn expr(tokens: TokenStream) -> Expr {
    syn::parse2(tokens).unwrap_or_else(|err| {
        let error = err.to_compile_error();
        Expr::Verbatim(quote!(#error))
    })
}

/// Strips `#[soft_delete]` from items inside an annotated scope: the outer
/// attribute already rewrote them, and a second pass would filter twice.
pub(crate) fn strip_nested(attrs: &mut Vec<syn::Attribute>) {
    attrs.retain(|attr| {
        attr.path()
            .segments
            .last()
            .is_none_or(|s| s.ident != "soft_delete")
    });
}
