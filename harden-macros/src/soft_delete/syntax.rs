//! Small readings and buildings of syntax the rewrites share.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Expr, Path};

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

/// A place or a plain value (`model`, `self.db`, `rows[0]`, `*m`, `&txn`, a
/// literal): safe to mention twice, once in a never-run closure, and not
/// moved out of by a rewrite that only borrows it.
pub(super) fn is_place(expr: &Expr) -> bool {
    match expr {
        Expr::Path(_) | Expr::Lit(_) => true,
        Expr::Field(field) => is_place(&field.base),
        Expr::Index(index) => is_place(&index.expr),
        Expr::Reference(reference) => is_place(&reference.expr),
        Expr::Unary(unary) => matches!(unary.op, syn::UnOp::Deref(_)) && is_place(&unary.expr),
        Expr::Paren(paren) => is_place(&paren.expr),
        _ => false,
    }
}

/// Generated tokens as an expression. They are built from expressions that
/// parsed, so this cannot fail; if it ever did, the error is compiled in
/// rather than the rewrite silently skipped (which would leak deleted rows,
/// or destroy them).
pub(super) fn expr(tokens: TokenStream) -> Expr {
    syn::parse2(tokens).unwrap_or_else(|err| {
        let error = err.to_compile_error();
        Expr::Verbatim(quote!(#error))
    })
}
