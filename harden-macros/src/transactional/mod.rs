//! `#[transactional]`: runs an `async fn` body in one transaction.
//!
//! The signature is emitted exactly as written; only the body is wrapped (as
//! tracing's `#[instrument]` does). The wrapper begins on the connection,
//! makes the body see the transaction instead, runs the body as an async
//! block (so its `return` and `?` end the body, not the wrapper), and hands
//! the result to the runtime, which commits or rolls back.

mod connection;
mod options;
mod rewrite;
#[cfg(test)]
mod tests;

use crate::internals::ctxt::Ctxt;
use connection::{Conn, Via};
use options::Options;
use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote, quote_spanned};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::visit_mut::VisitMut;
use syn::{Ident, Item, ItemFn, ReturnType, Type};

pub(crate) fn expand(args: TokenStream, input: TokenStream) -> TokenStream {
    let cx = Ctxt::new();
    let options = Options::parse(&cx, args);
    let function = match syn::parse2::<Item>(input.clone()) {
        Ok(Item::Fn(function)) => function,
        Ok(other) => {
            cx.error_spanned_by(
                &other,
                "`#[transactional]` goes on an `async fn` with a body: a free fn, or a method in an inherent or trait `impl`",
            );
            return with_errors(cx, input);
        }
        Err(err) => {
            cx.syn_error(err);
            return with_errors(cx, input);
        }
    };
    check_signature(&cx, &function);
    let conn = connection::find(&cx, &function.sig, options.conn.as_ref());
    if let (
        Some(requires_new),
        Some(Conn::Param {
            ident,
            via: Via::Known { transaction: true },
        }),
    ) = (&options.requires_new, &conn)
    {
        cx.error_spanned_by(
            requires_new,
            format!(
                "`propagation = \"requires_new\"` begins a transaction of its own on a pool, and `{ident}` is a `&DatabaseTransaction`, which can only hold savepoints\nhelp: take the pool (`&DatabaseConnection`), or remove the option to run as a savepoint of the caller's transaction"
            ),
        );
    }
    if let Err(err) = cx.check() {
        // The fn as written, so one mistake here does not turn every caller
        // into a "cannot find function" error.
        let errors = err.to_compile_error();
        return quote!(#function #errors);
    }
    let Some(conn) = conn else {
        unreachable!("connection::find reports an error whenever it finds none");
    };
    generate(function, &options, conn)
}

fn with_errors(cx: Ctxt, input: TokenStream) -> TokenStream {
    match cx.check() {
        Ok(()) => input,
        Err(err) => {
            let errors = err.to_compile_error();
            quote!(#input #errors)
        }
    }
}

fn check_signature(cx: &Ctxt, function: &ItemFn) {
    let sig = &function.sig;
    if sig.asyncness.is_none() {
        let mut message = format!(
            "`#[transactional]` needs an `async fn`, and `{}` is not async\nhelp: write `async fn {}`: the transaction is begun, the body awaited, then committed or rolled back",
            sig.ident, sig.ident
        );
        if let ReturnType::Type(_, ty) = &sig.output
            && ty.to_token_stream().to_string().contains("Future")
        {
            message.push_str(
                "\nnote: `#[async_trait]` turns `async fn` into a fn returning a boxed future before `#[transactional]` sees it; use native `async fn` in the trait",
            );
        }
        cx.error_spanned_by(sig.fn_token, message);
    }
    match &sig.output {
        ReturnType::Default => cx.syn_error(syn::Error::new(
            sig.paren_token.span.close(),
            format!(
                "`#[transactional]` needs `{}` to return `Result<T, E>`: it commits on `Ok` and rolls back on `Err`\nhelp: add `-> Result<(), DbErr>` (or your error type, if it implements `From<DbErr>`)",
                sig.ident
            ),
        )),
        ReturnType::Type(_, ty) if !matches!(peel(ty), Type::Path(_)) => cx.error_spanned_by(
            ty,
            format!(
                "`#[transactional]` needs `{}` to return `Result<T, E>`, not `{}`: it commits on `Ok` and rolls back on `Err`",
                sig.ident,
                ty.to_token_stream()
            ),
        ),
        ReturnType::Type(..) => {}
    }
}

fn peel(ty: &Type) -> &Type {
    match ty {
        Type::Group(group) => peel(&group.elem),
        Type::Paren(paren) => peel(&paren.elem),
        other => other,
    }
}

fn generate(function: ItemFn, options: &Options, conn: Conn) -> TokenStream {
    let ItemFn {
        attrs,
        vis,
        sig,
        block,
    } = function;
    let mut body = *block;
    let private = quote!(::harden_runtime::__private);
    let internal = |name: &str| Ident::new(name, Span::mixed_site());
    let tx = internal("__harden_tx");
    // Named after the fn, and resolved like the user's tokens, so a borrow
    // error (the connection moved into a spawned task) names the
    // transaction: "`sign_up_transaction` ... borrowed for `'static`".
    let txn = Ident::new(
        &format!("{}_transaction", sig.ident.unraw()),
        sig.ident.span(),
    );
    let shape = internal("__harden_shape");
    let result = internal("__harden_result");
    let pinned = internal("__harden_body");
    let retryable = internal("__harden_retryable");

    let ReturnType::Type(_, ret) = &sig.output else {
        unreachable!("check_signature rejects a fn without a return type");
    };
    let ret_span = ret.span();
    let mut fake_ret = (**ret).clone();
    EraseImplTrait.visit_type_mut(&mut fake_ret);

    // What `BEGIN` runs on, how the body comes to see the transaction, and
    // whether the runtime needs the backend from a probe of the type.
    let (conn_span, handle, shadow, generic) = match conn {
        Conn::Param { ident, via } => {
            let span = ident.span();
            let (handle, generic) = match via {
                Via::Known { transaction: false } => (
                    quote_spanned!(span=> ::harden_runtime::__private::Pool(#ident)),
                    false,
                ),
                Via::Known { transaction: true } => (
                    quote_spanned!(span=> ::harden_runtime::__private::InTransaction(#ident)),
                    false,
                ),
                Via::Generic => (
                    quote_spanned!(span=> ::harden_runtime::__private::Generic(#ident)),
                    true,
                ),
                Via::Probe { by_reference } => {
                    let place = if by_reference {
                        quote!(#ident)
                    } else {
                        quote!(&#ident)
                    };
                    (probe_handle(span, place), true)
                }
            };
            let shadow = quote! {
                #[allow(unused_variables)]
                let #ident = #txn.txn();
            };
            (span, handle, shadow, generic)
        }
        Conn::Place { expr, path } => {
            let span = expr.span();
            let db = internal("__harden_db");
            rewrite::rewrite_place(&mut body, &path, &db);
            let shadow = quote!(let #db = #txn.txn(););
            (span, probe_handle(span, quote!(&#expr)), shadow, true)
        }
    };
    // Spanned (and so resolved) like the user's tokens, not mixed-site, so
    // that the expressions built on it keep the user's span in errors.
    let conn_ident = Ident::new("__harden_conn", conn_span);
    // Only a generic connection needs its backend found by type, and only
    // for the options SQLite does not take.
    let hint = (generic && options.sends_transaction_config()).then(|| {
        quote_spanned! {conn_span=>
            #tx.hint_backend({
                #[allow(unused_imports)]
                use ::harden_runtime::__private::{KnownBackend as _, UnknownBackend as _};
                (&::harden_runtime::__private::ConnProbe(&#conn_ident)).__harden_backend()
            });
        }
    });
    let runtime_options = options.to_runtime(&sig.ident);

    let stmts = &body.stmts;
    // Gives the async block the fn's return type, so `?` in the body knows
    // which error to convert into (the trick `#[instrument]` uses).
    let fake_return = quote_spanned! {ret_span=>
        #[allow(
            unknown_lints,
            unreachable_code,
            clippy::diverging_sub_expression,
            clippy::empty_loop,
            clippy::let_unit_value,
            clippy::let_with_type_underscore,
            clippy::needless_return,
            clippy::unreachable
        )]
        if false {
            let __harden_fake_return: #fake_ret = loop {};
            return __harden_fake_return;
        }
    };
    // The connection is borrowed for `BEGIN` only, so the body may borrow
    // `self` mutably even when the connection is one of its fields.
    // On the user's `conn` tokens: a handle that is not a connection is then
    // reported once, there.
    let start = quote_spanned!(conn_span=> #conn_ident.start(&mut #tx).await);
    let begin = quote! {
        let #conn_ident = #handle;
        #hint
        let #txn = match #start {
            ::core::result::Result::Ok(txn) => txn,
            ::core::result::Result::Err(err) => return #shape.from_db(err),
        };
    };
    // The body runs as an async block polled inside the transaction's scope,
    // where a `#[transactional]` fn it reaches on the same pool joins it.
    let run_body = |async_block: TokenStream| {
        quote! {
            let #result = {
                #shadow
                let #pinned = #async_block;
                let #pinned = ::core::pin::pin!(#pinned);
                #private::Joinable { open: #txn.open(), body: #pinned }.await
            };
        }
    };

    let drive = match options.retry {
        None => {
            // `async move`, like the fn it replaces: the body owns what it
            // uses, so the future is `Send` exactly when the fn's would be.
            let body = run_body(quote!(async move { #fake_return #(#stmts)* }));
            quote! {
                #begin
                #body
                #txn.commit_or_rollback(&mut #tx, #result, &#shape).await
            }
        }
        Some((_, retry_span)) => {
            // Re-running the body needs its inputs again, so it borrows them
            // (no `move`). A body that moves one out fails to compile with
            // "value moved here, in previous iteration of loop", and these
            // two keywords are spanned on `retry = N` to say which loop.
            let loop_kw = quote_spanned!(retry_span=> loop);
            let async_kw = quote_spanned!(retry_span=> async);
            let body = run_body(quote!(#async_kw { #fake_return #(#stmts)* }));
            quote! {
                #loop_kw {
                    #begin
                    #body
                    let #retryable = #shape.err(&#result).is_some_and(|err| {
                        use #private::{RetryAsRefError as _, RetryDbErr as _, RetryStdError as _, RetryUnknown as _};
                        (&&&&#private::ErrProbe(err)).__harden_retryable()
                    });
                    if let ::core::option::Option::Some(result) = #txn.finish(&mut #tx, #result, &#shape, #retryable).await {
                        break result;
                    }
                }
            }
        }
    };

    let shape_init =
        quote_spanned!(ret_span=> ::harden_runtime::__private::result_shape::<#fake_ret>());
    quote! {
        #(#attrs)*
        #vis #sig {
            let #shape = #shape_init;
            let mut #tx = #private::Transactional::new(#runtime_options);
            #drive
        }
    }
}

/// The handle behind `place` (a reference expression), whatever its type
/// (see the runtime's `HandleProbe`). Spanned on the user's `conn = ...` so
/// a wrong type is reported there.
fn probe_handle(span: Span, place: TokenStream) -> TokenStream {
    quote_spanned! {span=> {
        #[allow(unused_imports)]
        use ::harden_runtime::__private::{HandleDeref as _, HandleKnown as _, HandleOther as _};
        (&&::harden_runtime::__private::HandleProbe(#place)).__harden_handle()
    }}
}

/// `impl Trait` cannot annotate a `let`; `_` can, and inference fills it.
struct EraseImplTrait;

impl VisitMut for EraseImplTrait {
    fn visit_type_mut(&mut self, ty: &mut Type) {
        if let Type::ImplTrait(impl_trait) = ty {
            *ty = Type::Infer(syn::TypeInfer {
                underscore_token: syn::Token![_](impl_trait.impl_token.span),
            });
            return;
        }
        syn::visit_mut::visit_type_mut(self, ty);
    }
}
