//! The write side of the repository rewrite: deletes, `update_many` and
//! cascades become soft, keeping SeaORM's types.
//!
//! | written                                   | becomes                                                    |
//! |-------------------------------------------|------------------------------------------------------------|
//! | `X::delete_by_id(k)`, `X::delete_many()`, `X::delete(am)`, `X::delete_by_<key>(v)`, `X::update_many()` (also `<X as EntityTrait>::…`) | `Kind::<X>::NEW.__harden_write().delete_by_id(k, \|k\| X::delete_by_id(k))`: an `UPDATE` for an entity, the original call for anything else |
//! | `am.delete(db)`, `model.delete(db)`, `model_ex.delete(db)` | `(&&&&&Probe(&am)).__harden_delete_probe().delete(db)`: by the receiver's type |
//! | `model.cascade_delete(db)`                | `(&&&&&Probe(&model)).__harden_cascade_probe().cascade_delete(db)` |
//! | `ActiveModelTrait::delete(am, db)`, `user::Model::delete(m, db)`, `Model::cascade_delete(m, db)` | the same, by the first argument's type; anything else runs as written |
//!
//! The closures hold the original call: never run for an entity, they keep
//! the user's `use sea_orm::EntityTrait` used. `Kind` is the same probe the
//! reads use to tell an entity from a type that only has a method of the
//! same name.

use super::repository::Rewriter;
use super::syntax::{expr, is_place, split_entity_path};
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
        let (ty, method, entity_trait) = written_on(func)?;
        let span = call.span();
        // Errors (a missing policy, an unknown key) point at the method name.
        let at = func.path.segments.last().map_or(span, |s| s.ident.span());
        let private = quote_spanned!(span=> ::harden_runtime::__private);
        let args: Vec<&Expr> = call.args.iter().collect();
        let param = |name: &str| Ident::new(name, Span::mixed_site());
        let (first, second) = (param("__harden_first"), param("__harden_second"));
        let kind = quote_spanned!(span=> #private::Kind::<#ty>::NEW.__harden_write());
        // The closures holding the original call are built with call-site
        // spans, so lints (clippy's `redundant_closure`) see generated code.
        let original = quote!(|#first| #func(#first));
        let tokens = match (method.as_str(), args.as_slice()) {
            // `<X as OtherTrait>::delete_many()` is that trait's.
            (_, [] | [_]) if !entity_trait => return None,
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
        Some(expr(tokens))
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
            if args.iter().all(is_place) {
                // The original call, on a value of the receiver's type that
                // the never-run closure is handed: the receiver itself is
                // evaluated once, so it may hold `.await` or `?`.
                let witnesses = args
                    .iter()
                    .map(|arg| quote!(::harden_runtime::__private::type_witness(&#arg)));
                let value = Ident::new("receiver", Span::mixed_site());
                let original = quote!(|#value| ::harden_runtime::__private::type_witness(#value).#method(#(#witnesses),*));
                let probe =
                    quote_spanned!(span=> #private::Probe::witnessed(&#receiver, #original));
                quote_spanned!(span=> (&&&&&#probe).__harden_delete_probe())
            } else {
                // Arguments with `.await` or `?` cannot be repeated in a
                // closure; such calls go without the witness.
                quote_spanned!(span=> (&&&&&#private::Probe(&#receiver)).__harden_delete_probe())
            }
        } else if harden_calls::is_cascade_delete(&name, args.len()) {
            // `cascade_delete` is an inherent method: no import to keep used.
            quote_spanned!(span=> (&&&&&#private::Probe(&#receiver)).__harden_cascade_probe())
        } else {
            return None;
        };
        self.used_probe = true;
        Some(expr(quote_spanned!(span=> #probe.#method(#args))))
    }
}

/// The type a static call is made on, the method, and whether it may be
/// `EntityTrait`'s: `X` and `delete_many` in `X::delete_many()`,
/// `<X>::delete_many()` or `<X as EntityTrait>::delete_many()` (not in
/// `<X as OtherTrait>::delete_many()`).
fn written_on(func: &ExprPath) -> Option<(TokenStream, String, bool)> {
    let method = func.path.segments.last()?;
    match &func.qself {
        Some(qself) if qself.position + 1 == func.path.segments.len() => {
            let entity_trait = func
                .path
                .segments
                .iter()
                .take(qself.position)
                .last()
                .is_none_or(|s| s.ident == "EntityTrait");
            let ty = qself.ty.to_token_stream();
            Some((ty, method.ident.to_string(), entity_trait))
        }
        Some(_) => None,
        None => {
            // `X::delete_by_id::<i32>(k)`: the turbofish stays in the
            // original call; the type is what comes before it.
            let mut path = func.path.clone();
            if let Some(last) = path.segments.last_mut() {
                last.arguments = syn::PathArguments::None;
            }
            let (ty, method) = split_entity_path(&path)?;
            Some((ty, method, true))
        }
    }
}
