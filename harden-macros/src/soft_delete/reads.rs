//! The reads of a `#[soft_delete]` scope: every query source, join,
//! `EXISTS`, loader and finder of an entity gets the visible predicate.
//!
//! | written | becomes |
//! |---|---|
//! | `X::find()`, `X::find_by_id(k)`, `X::find_by_<key>(v)`, `X::load()`, `<X as EntityTrait>::find()` | `Kind::<X>::NEW.__harden_read(..)`: filtered when `X` is an entity |
//! | `m.find_related(X)`, `m.find_linked(L)`, `<A as Related<B>>::find_related()` | `Wrap(..).__harden_scoped()`: filtered when a `Select` |
//! | `s.left_join(X)`, `s.find_also_related(X)`, `s.has_related(X, c)`, ... | `Wrap(s).__harden_join().left_join(X)`: `X` filtered in `ON` / `EXISTS` |
//! | `v.load_one(X, db)`, `load_many`, `load_*_ex`, ... | first argument `scoped_loader(X)` |
//! | `loader.one(db)`, `.all(db)`, `.paginate(db, n)` | `Wrap(loader).__harden_run().all(db)`: hidden related rows dropped |
//!
//! Which calls are SeaORM's only types can tell, so each rewrite is a probe
//! (see `harden_runtime`'s `probe` module) that leaves anything else as it
//! was: a repository's own `Self::find()`, an enum's `find_by_id`, a
//! `.all(..)` on an iterator. The original call stays in the output, so the
//! trait imports it needed stay used.

use super::syntax::{expr, is_place, split_entity_path};
use harden_calls::{Op, RelatedRead};
use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Expr, ExprCall, ExprMethodCall, ExprPath, Path};

/// `X::find()` and the other static sources of a query, in any of their
/// spellings.
pub(crate) fn static_read(call: &ExprCall) -> Option<Expr> {
    let Expr::Path(ExprPath { qself, path, .. }) = &*call.func else {
        return None;
    };
    let last = path.segments.last()?;
    let name = last.ident.to_string();
    let arity = call.args.len();
    if arity == 0 && harden_calls::RELATED_SELECTS.contains(&name.as_str()) {
        return Some(scoped_select(call.to_token_stream(), call.span()));
    }
    if !last.arguments.is_none() || !is_entity_read(&name, arity) {
        return path_method_read(call, path, &name);
    }
    // The error for an entity without a policy goes on the entity's name.
    let (entity, span) = match qself {
        // `<X as EntityTrait>::find()`, `<X>::find()`.
        Some(qself) => {
            let trait_path = path.segments.iter().take(qself.position);
            if qself.position + 1 != path.segments.len()
                || trait_path.last().is_some_and(|s| s.ident != "EntityTrait")
            {
                return None;
            }
            (qself.ty.to_token_stream(), qself.ty.span())
        }
        None => {
            let (entity, _) = split_entity_path(path)?;
            (entity, path.segments[path.segments.len() - 2].ident.span())
        }
    };
    let private = quote_spanned!(span=> ::harden_runtime::__private);
    Some(expr(
        quote_spanned!(span=> #private::Kind::<#entity>::NEW.__harden_read(#call)),
    ))
}

fn is_entity_read(name: &str, arity: usize) -> bool {
    harden_calls::entity_call(name, arity).is_some_and(|call| call.op == Op::Read)
}

/// A related read called as a path, `ModelTrait::find_related(&m, X)` or
/// `LoaderTrait::load_many(&v, X, db)`: the receiver is the first argument.
fn path_method_read(call: &ExprCall, path: &Path, name: &str) -> Option<Expr> {
    let count = path.segments.len();
    if count < 2 || !harden_calls::names_a_type(&path.segments[count - 2].ident.to_string()) {
        return None;
    }
    let span = call.span();
    let private = quote_spanned!(span=> ::harden_runtime::__private);
    let mut args = call.args.iter();
    let receiver = args.next()?;
    let rest: Vec<&Expr> = args.collect();
    match harden_calls::related_read(name, rest.len())? {
        RelatedRead::Target => Some(scoped_select(call.to_token_stream(), span)),
        RelatedRead::Join => {
            let method = syn::Ident::new(name, span);
            Some(expr(
                quote_spanned!(span=> #private::Wrap(#receiver).__harden_join().#method(#(#rest),*)),
            ))
        }
        RelatedRead::Loader => {
            let mut rewritten = call.clone();
            let entity = rewritten.args.iter_mut().nth(1)?;
            *entity = expr(quote_spanned!(entity.span()=> #private::scoped_loader(#entity)));
            Some(Expr::Call(rewritten))
        }
    }
}

/// `select`, filtered when it is a SeaORM `Select`.
fn scoped_select(select: TokenStream, span: Span) -> Expr {
    expr(quote_spanned!(span=> ::harden_runtime::__private::Wrap(#select).__harden_scoped()))
}

/// `receiver.method(..)` reading related rows, and whether the rewrite is a
/// probe (which needs the probe imports).
pub(crate) fn method_read(call: &ExprMethodCall) -> Option<(Expr, bool)> {
    let span = call.span();
    let private = quote_spanned!(span=> ::harden_runtime::__private);
    let receiver = &call.receiver;
    let args = &call.args;
    let name = call.method.to_string();
    match harden_calls::related_read(&name, args.len())? {
        RelatedRead::Target => Some((scoped_select(call.to_token_stream(), span), true)),
        RelatedRead::Join => {
            // A fresh ident at the call's span: a type error lands on the call.
            let method = syn::Ident::new(&name, span);
            let turbofish = &call.turbofish;
            let tokens = quote_spanned!(span=> #private::Wrap(#receiver).__harden_join().#method #turbofish(#args));
            Some((expr(tokens), true))
        }
        RelatedRead::Loader => {
            let mut rewritten = call.clone();
            let first = rewritten.args.first_mut()?;
            *first = expr(quote_spanned!(first.span()=> #private::scoped_loader(#first)));
            Some((Expr::MethodCall(rewritten), false))
        }
    }
}

/// How a call that may run a 2.0 entity loader is rewritten, decided on the
/// receiver as written (before its own rewrite).
pub(crate) enum LoaderRun {
    /// The receiver is built in the expression: run it through the runtime.
    Built,
    /// The receiver is a variable or field: moving it out would change what
    /// it holds afterwards, so a loader there is refused, anything else kept.
    Held,
}

/// Whether `call` (`.one(db)`, `.all(db)`, `.paginate(db, n)`) may run an
/// entity loader and needs a probe.
pub(crate) fn loader_run(call: &ExprMethodCall) -> Option<LoaderRun> {
    let name = call.method.to_string();
    if !harden_calls::runs_a_loader(&name, call.args.len())
        || call.args.iter().any(|arg| matches!(arg, Expr::Closure(_)))
        || builds_a_select(&call.receiver)
    {
        return None;
    }
    Some(if is_place(&call.receiver) {
        LoaderRun::Held
    } else {
        LoaderRun::Built
    })
}

/// `call`, whose receiver may be an entity loader, run through the probe.
pub(crate) fn run_loader(call: &ExprMethodCall, how: &LoaderRun) -> Expr {
    let span = call.span();
    let private = quote_spanned!(span=> ::harden_runtime::__private);
    let receiver = &call.receiver;
    let method = &call.method;
    let args = &call.args;
    match how {
        LoaderRun::Held => expr(quote_spanned!(span=> ({
            #private::Kind::of(&#receiver).__harden_not_held();
            #call
        }))),
        LoaderRun::Built if method == "paginate" && args.iter().all(is_place) => {
            // `paginate` is a trait method of SeaORM's: keep the caller's
            // import of it used, in a closure that is never called.
            let loader = syn::Ident::new("loader", Span::mixed_site());
            let original = quote!(|#loader| #loader.#method(#args));
            expr(quote_spanned!(span=>
                #private::Wrap(#receiver).__harden_run_witnessed(#original).#method(#args)
            ))
        }
        LoaderRun::Built => expr(quote_spanned!(span=>
            #private::Wrap(#receiver).__harden_run().#method(#args)
        )),
    }
}

/// Whether `expr`, as written, is a query that starts from an entity's
/// `find*` or a related read: a `Select`, never a loader, so a `.all(db)`
/// on it needs no probe.
fn builds_a_select(expr: &Expr) -> bool {
    match expr {
        Expr::Paren(paren) => builds_a_select(&paren.expr),
        Expr::MethodCall(call) => {
            matches!(
                harden_calls::related_read(&call.method.to_string(), call.args.len()),
                Some(RelatedRead::Target | RelatedRead::Join)
            ) || builds_a_select(&call.receiver)
        }
        Expr::Call(call) => {
            let Expr::Path(path) = &*call.func else {
                return false;
            };
            path.path.segments.last().is_some_and(|last| {
                let name = last.ident.to_string();
                name != "load"
                    && harden_calls::entity_call(&name, call.args.len())
                        .is_some_and(|c| matches!(c.op, Op::Read | Op::EscapeHatch))
            })
        }
        _ => false,
    }
}
