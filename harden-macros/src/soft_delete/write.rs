//! The write side of the repository rewrite: deletes, `update_many` and
//! cascades become soft, keeping SeaORM's types.
//!
//! | written                                   | becomes                                                    |
//! |-------------------------------------------|------------------------------------------------------------|
//! | `X::delete_by_id(k)`, `X::delete_many()`, `X::delete(am)`, `X::delete_by_<key>(v)`, `X::update_many()` (also `<X as EntityTrait>::…`) | `(&&Kind::<X>::NEW).__harden_kind().delete_by_id(k, \|k\| X::delete_by_id(k))`: an `UPDATE` for an entity, the original call for anything else |
//! | `am.delete(db)`, `model.delete(db)`, `model_ex.delete(db)` | `(&&&&&Probe(&am)).__harden_delete_probe().delete(db)`: by the receiver's type |
//! | `model.cascade_delete(db)`                | `(&&&&&Probe(&model)).__harden_cascade_probe().cascade_delete(db)` |
//! | `ActiveModelTrait::delete(am, db)`, `user::Model::delete(m, db)`, `Model::cascade_delete(m, db)` | the same, by the first argument's type; anything else runs as written |
//!
//! The closures hold the original call: never run for an entity, they keep
//! the user's `use sea_orm::EntityTrait` used.

use super::repository::{Rewriter, split_entity_path};
use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Expr, ExprCall, ExprMethodCall, ExprPath, Ident};

impl Rewriter {
    /// A static write call (`X::delete_many()`) or the path form of a model
    /// delete (`ActiveModelTrait::delete(am, db)`), rewritten.
    pub(super) fn write_call(&mut self, call: &ExprCall) -> Option<Expr> {
        let Expr::Path(func) = &*call.func else {
            return None;
        };
        let (ty, method) = written_on(func)?;
        let span = call.span();
        // Errors (a missing policy, an unknown key) point at the method name.
        let at = func.path.segments.last().map_or(span, |s| s.ident.span());
        let private = quote_spanned!(span=> ::harden_runtime::__private);
        let args: Vec<&Expr> = call.args.iter().collect();
        let param = |name: &str| Ident::new(name, Span::mixed_site());
        let (first, second) = (param("__harden_first"), param("__harden_second"));
        let kind = quote_spanned!(span=> (&&#private::Kind::<#ty>::NEW).__harden_kind());
        // The closures holding the original call are built with call-site
        // spans, so lints (clippy's `redundant_closure`) see generated code.
        let original = quote!(|#first| #func(#first));
        let tokens = match (method.as_str(), args.as_slice()) {
            ("delete_many" | "update_many", []) => {
                let method = Ident::new(&method, at);
                let original = quote!(|| #func());
                quote_spanned!(span=> #kind.#method(#original))
            }
            ("delete_by_id" | "delete", [arg]) => {
                let method = Ident::new(&method, at);
                quote_spanned!(span=> #kind.#method(#arg, #original))
            }
            ("delete" | "cascade_delete", [model, db]) => {
                let probe = match method.as_str() {
                    "delete" => quote_spanned!(span=> __harden_path_probe),
                    _ => quote_spanned!(span=> __harden_path_cascade_probe),
                };
                let delete_or = Ident::new("delete_or", at);
                let original = quote!(|#first, #second| #func(#first, #second));
                // Parenthesised: a `match` that starts a statement could not
                // be followed by `.await`.
                quote_spanned! {span=>
                    (match (#model, #db) {
                        (#first, #second) => (&&&&&#private::Probe(&#first))
                            .#probe()
                            .#delete_or(#first, #second, #original),
                    })
                }
            }
            (name, [arg]) => {
                let key = harden_calls::unique_key_delete(name, 1)?;
                let id = harden_calls::unique_key_id(key);
                let method = Ident::new("delete_by_key", at);
                quote_spanned! {span=>
                    #kind.#method(#private::Key::<#id>, #arg, #original)
                }
            }
            _ => return None,
        };
        self.used_probe = true;
        Some(parse(tokens))
    }

    /// `recv.delete(db)` and `recv.cascade_delete(db)`, chosen by the
    /// receiver's type: a `.delete(url)` on an HTTP client is left alone.
    pub(super) fn write_method_call(&mut self, call: &ExprMethodCall) -> Option<Expr> {
        let span = call.span();
        let private = quote_spanned!(span=> ::harden_runtime::__private);
        let receiver = &call.receiver;
        let args = &call.args;
        let method = &call.method;
        let name = method.to_string();
        let probe = if harden_calls::is_model_delete(&name, args.len()) {
            if is_place(receiver) && args.iter().all(is_place) {
                let witnesses = args
                    .iter()
                    .map(|arg| quote!(::harden_runtime::__private::type_witness(&#arg)));
                let original = quote!(::harden_runtime::__private::type_witness(&#receiver).#method(#(#witnesses),*));
                let probe =
                    quote_spanned!(span=> #private::Probe::witnessed(&#receiver, || #original));
                quote_spanned!(span=> (&&&&&#probe).__harden_delete_probe())
            } else {
                // Re-evaluating a receiver with `.await` or `?` in a closure
                // would not compile; such calls go without the witness.
                quote_spanned!(span=> (&&&&&#private::Probe(&#receiver)).__harden_delete_probe())
            }
        } else if harden_calls::is_cascade_delete(&name, args.len()) {
            // `cascade_delete` is an inherent method: no import to keep used.
            quote_spanned!(span=> (&&&&&#private::Probe(&#receiver)).__harden_cascade_probe())
        } else {
            return None;
        };
        self.used_probe = true;
        Some(parse(quote_spanned!(span=> #probe.#method(#args))))
    }
}

/// The type a static call is made on and the method: `X` and `delete_many`
/// in `X::delete_many()` or `<X as EntityTrait>::delete_many()`.
fn written_on(func: &ExprPath) -> Option<(TokenStream, String)> {
    let method = func.path.segments.last()?;
    match &func.qself {
        Some(qself) if qself.position + 1 == func.path.segments.len() => {
            Some((qself.ty.to_token_stream(), method.ident.to_string()))
        }
        Some(_) => None,
        None => {
            // `X::delete_by_id::<i32>(k)`: the turbofish stays in the
            // original call; the type is what comes before it.
            let mut path = func.path.clone();
            if let Some(last) = path.segments.last_mut() {
                last.arguments = syn::PathArguments::None;
            }
            split_entity_path(&path)
        }
    }
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

/// Generated tokens as an expression. They are built from expressions that
/// parsed, so this cannot fail; if it ever did, the error is compiled in
/// rather than the rewrite silently skipped (which would destroy rows).
fn parse(tokens: TokenStream) -> Expr {
    syn::parse2(tokens).unwrap_or_else(|err| {
        let error = err.to_compile_error();
        Expr::Verbatim(quote!(#error))
    })
}
