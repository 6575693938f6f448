//! `#[soft_delete]` on a repository (`impl` block or `fn`): walks the body
//! and rewrites each read and write of an entity at its source, keeping its
//! type. The rewrites themselves are `write`'s (deletes, `update_many`,
//! cascades), `reads`' (every query source, join, `EXISTS` and loader) and
//! `macros`' (the bodies of macro calls).
//!
//! Which calls are SeaORM's only types can tell, so every rewrite is a type
//! probe of `harden_runtime` that leaves anything else as written: a
//! repository's own `Self::find()` or `Self::delete_many()`, an enum's
//! `find_by_id`, a `.delete(url)` on an HTTP client. Static calls are only
//! looked at when the segment before the method names a type (`user::Entity`,
//! `User`, `Self`) or the path is qualified (`<X as EntityTrait>::find()`),
//! never a module's free function. Counts and aggregates start from
//! `X::find()`, so they are covered.

use super::{macros, reads};
use proc_macro2::Span;
use syn::visit_mut::{self, VisitMut};
use syn::{Expr, Macro};

/// Rewrites every read and write in the bodies below.
#[derive(Default)]
pub(crate) struct Rewriter {
    /// A call was rewritten into a type probe, which needs the probes'
    /// pass-through traits in scope.
    pub(crate) used_probe: bool,
    /// Macro calls whose bodies hold a query but could not be read.
    pub(crate) refused: Vec<syn::Error>,
}

impl Rewriter {
    /// The `use` a body needs when a call was rewritten into a probe: the
    /// traits whose methods a call that is not SeaORM's resolves to.
    pub(crate) fn probe_imports(span: Span) -> syn::Stmt {
        syn::parse_quote_spanned! {span=>
            #[allow(unused_imports)]
            use ::harden_runtime::__private::{
                NotAnEntity as _, NotSeaOrm as _, ProbeActiveModel as _, ProbeActiveModelEx as _,
                ProbeModel as _, ProbeModelEx as _, ProbeOther as _,
            };
        }
    }

    /// Rewrites a function body, adding the probe import when needed.
    pub(crate) fn rewrite_block(block: &mut syn::Block) {
        let mut rewriter = Rewriter::default();
        rewriter.visit_block_mut(block);
        let span = block.brace_token.span.join();
        if rewriter.used_probe {
            block.stmts.insert(0, Self::probe_imports(span));
        }
        // Reported from the body, each on its macro, which is left as
        // written so nothing else in the body turns into an error.
        for error in rewriter.refused.into_iter().rev() {
            let error = error.to_compile_error();
            block.stmts.insert(0, syn::parse_quote!(#error;));
        }
    }

    /// A rewritten call, noting that its probe needs the imports.
    pub(super) fn probed(&mut self, rewritten: Option<Expr>) -> Option<Expr> {
        self.used_probe |= rewritten.is_some();
        rewritten
    }
}

impl VisitMut for Rewriter {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        // Decided on the receiver as written, before it is rewritten.
        let loader_run = match &*expr {
            Expr::MethodCall(call) => reads::loader_run(call),
            _ => None,
        };
        visit_mut::visit_expr_mut(self, expr);
        // The write side is tried first; no call is both a read and a write.
        let replacement = match expr {
            Expr::Call(call) => {
                let write = self.write_call(call);
                write.or_else(|| self.probed(reads::static_read(call)))
            }
            Expr::MethodCall(call) => match loader_run {
                Some(how) => self.probed(Some(reads::run_loader(call, &how))),
                None => self.write_method_call(call).or_else(|| {
                    let (read, probe) = reads::method_read(call)?;
                    self.used_probe |= probe;
                    Some(read)
                }),
            },
            _ => None,
        };
        if let Some(replacement) = replacement {
            *expr = replacement;
        }
    }

    fn visit_macro_mut(&mut self, mac: &mut Macro) {
        if let Some(error) = macros::rewrite(self, mac) {
            self.refused.push(error);
        }
    }

    fn visit_item_mut(&mut self, _item: &mut syn::Item) {
        // Nested items are separate scopes; an inner `#[soft_delete]` covers
        // them if the author wants it.
    }
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
