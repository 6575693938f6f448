//! `#[soft_delete]` on a repository (`impl` block or `fn`): rewrites each
//! read and delete of an entity at its source, keeping its type. Reads are
//! `reads`' (every query source, join, `EXISTS` and loader), macro bodies
//! `macros`'; the deletes are here:
//!
//! | written                          | becomes                                         |
//! |----------------------------------|-------------------------------------------------|
//! | `X::delete_by_id(k)`             | `delete_by_id::<X, _>(k)`: an `UPDATE`          |
//! | `X::delete_many()`               | `delete_many::<X>()`: an `UPDATE`               |
//! | `X::delete(am)`                  | `delete::<X, _>(am)`: an `UPDATE`               |
//! | `am.delete(db)`, `model.delete(db)` | soft delete when the receiver is a SeaORM model, else untouched |
//!
//! Static calls are only rewritten when the segment before the method names
//! a type (`user::Entity`, `User`, `Self`), never a module's free function.

use super::{macros, reads};
use harden_calls::Op;
use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::visit_mut::{self, VisitMut};
use syn::{Expr, ExprCall, ExprMethodCall, ExprPath, Macro, Path};

/// Rewrites every read and delete in the bodies below. Returns whether a
/// `.delete(..)` probe was emitted, which needs the probe traits in scope.
#[derive(Default)]
pub(crate) struct Rewriter {
    pub(crate) used_probe: bool,
    /// A read was rewritten into a type probe, which needs its pass-through
    /// traits in scope.
    pub(crate) used_read_probe: bool,
    /// Macro calls whose bodies hold a query but could not be read.
    pub(crate) refused: Vec<syn::Error>,
}

impl Rewriter {
    /// The `use` a body needs when a `.delete(..)` call was rewritten.
    pub(crate) fn probe_imports(span: Span) -> syn::Stmt {
        syn::parse_quote_spanned! {span=>
            #[allow(unused_imports)]
            use ::harden_runtime::__private::{ProbeActiveModel as _, ProbeModel as _, ProbeOther as _};
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
        if rewriter.used_read_probe {
            block.stmts.insert(0, reads::imports(span));
        }
        // Reported from the body, each on its macro, which is left as
        // written so nothing else in the body turns into an error.
        for error in rewriter.refused.into_iter().rev() {
            let error = error.to_compile_error();
            block.stmts.insert(0, syn::parse_quote!(#error;));
        }
    }

    /// A rewritten read, noting that its probe needs the imports.
    fn read(&mut self, rewritten: Option<Expr>) -> Option<Expr> {
        self.used_read_probe |= rewritten.is_some();
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
        let replacement = match expr {
            Expr::Call(call) => {
                let read = reads::static_read(call);
                self.read(read).or_else(|| static_call(call))
            }
            Expr::MethodCall(call) => match loader_run {
                Some(how) => self.read(Some(reads::run_loader(call, &how))),
                None => self.method_call(call),
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

/// `X::find()` and friends, when `X` names a type.
fn static_call(call: &ExprCall) -> Option<Expr> {
    let Expr::Path(ExprPath {
        qself: None, path, ..
    }) = &*call.func
    else {
        return None;
    };
    let (entity, method) = split_entity_path(path)?;
    let span = call.span();
    let args = &call.args;
    let private = quote_spanned!(span=> ::harden_runtime::__private);
    let known = harden_calls::entity_call(&method, args.len())?;
    let func = &call.func;
    let (rewritten, original) = match (known.op, known.method) {
        // Reads are rewritten by `reads::static_read`, before this.
        (Op::Read, _) => return None,
        (Op::Delete, "delete_by_id") => (
            quote_spanned!(span=> #private::delete_by_id::<#entity, _>(#args)),
            quote!(#func(::harden_runtime::__private::primary_key_of::<#entity>())),
        ),
        (Op::Delete, "delete_many") => (
            quote_spanned!(span=> #private::delete_many::<#entity>()),
            quote!(#func()),
        ),
        (Op::Delete, _) => (
            quote_spanned!(span=> #private::delete::<#entity, _>(#args)),
            quote!(#func(::harden_runtime::__private::active_model_of::<#entity>())),
        ),
        (Op::Insert | Op::Update | Op::EscapeHatch, _) => return None,
    };
    // Plain `quote!` (call-site spans) for the never-run closure, so lints
    // see it as generated code.
    let tokens = quote!(::harden_runtime::__private::resolves_like(|| #original, #rewritten));
    Some(expr(tokens))
}

/// Splits `a::B::method` into (`a::B`, "method") when `B` looks like a type:
/// `Self`, or a name starting with an upper-case letter.
pub(crate) fn split_entity_path(path: &Path) -> Option<(TokenStream, String)> {
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
        if harden_calls::is_model_delete(&name, args.len()) {
            self.used_probe = true;
            let probe = if args.iter().all(is_place) {
                // The original call, on a value of the receiver's type that
                // the never-run closure is handed: the receiver itself is
                // evaluated once, so it may hold `.await` or `?`.
                let witnesses = args
                    .iter()
                    .map(|arg| quote!(::harden_runtime::__private::type_witness(&#arg)));
                let value = syn::Ident::new("receiver", Span::mixed_site());
                let original = quote!(|#value| ::harden_runtime::__private::type_witness(#value).#method(#(#witnesses),*));
                quote_spanned!(span=> #private::Probe::witnessed(&#receiver, #original))
            } else {
                // Arguments with `.await` or `?` cannot be repeated in a
                // closure; such calls go without the witness.
                quote_spanned!(span=> #private::Probe(&#receiver))
            };
            let tokens = quote_spanned!(span=> (&&&#probe).__harden_delete_probe().#method(#args));
            return Some(expr(tokens));
        }
        let (read, probe) = reads::method_read(call)?;
        self.used_read_probe |= probe;
        Some(read)
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

/// A place or a plain value (`model`, `self.db`, `&txn`, a literal): safe to
/// mention twice, once in a never-run closure.
fn is_place(expr: &Expr) -> bool {
    match expr {
        Expr::Path(_) | Expr::Lit(_) => true,
        Expr::Field(field) => is_place(&field.base),
        Expr::Reference(reference) => is_place(&reference.expr),
        Expr::Paren(paren) => is_place(&paren.expr),
        _ => false,
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
