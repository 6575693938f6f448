//! Which handle the transaction begins on: a connection parameter found by
//! its type, or the one `conn = ...` names.

use crate::internals::ctxt::Ctxt;
use harden_calls::connection::Kind as Shared;
use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::{Expr, FnArg, GenericParam, Ident, Pat, Signature, Type, TypeParamBound, WherePredicate};

/// The handle, and how the body is made to use the transaction instead.
pub(super) enum Conn {
    /// A parameter: the body sees it shadowed by the transaction.
    Param { ident: Ident, via: Via },
    /// `conn = self.db` (or `state.db`, or a static `DB`): every use of that
    /// place in the body is rewritten to the transaction.
    Place { expr: Expr, path: Vec<Ident> },
}

pub(super) fn find(cx: &Ctxt, sig: &Signature, named: Option<&Expr>) -> Option<Conn> {
    match named {
        Some(expr) => from_option(cx, sig, expr),
        None => discover(cx, sig),
    }
}

fn from_option(cx: &Ctxt, sig: &Signature, expr: &Expr) -> Option<Conn> {
    let Some(path) = place_path(expr) else {
        cx.error_spanned_by(
            expr,
            "`conn` names a parameter or a field: `conn = db`, `conn = self.db`, `conn = state.db`",
        );
        return None;
    };
    if let [ident] = path.as_slice() {
        if ident == "self" {
            cx.error_spanned_by(
                expr,
                "`conn = self` would turn every use of `self` into the transaction\nhelp: name the field that holds the connection: `conn = self.db`",
            );
            return None;
        }
        if let Some((_, ty)) = params(sig).find(|(param, _)| *param == ident) {
            return Some(Conn::Param {
                ident: ident.clone(),
                via: Via::Probe {
                    by_reference: matches!(peel(ty), Type::Reference(_)),
                },
            });
        }
    }
    Some(Conn::Place {
        expr: expr.clone(),
        path,
    })
}

/// What the parameter's type tells about the handle.
pub(super) enum Via {
    /// `&DatabaseConnection` (`&DbConn`) or `&DatabaseTransaction`
    /// (`transaction`): its pool can be known, so an open transaction on it
    /// is joined.
    Known { transaction: bool },
    /// `&C` / `&impl TransactionTrait`: begun on through `TransactionTrait`.
    Generic,
    /// Chosen by `conn = ...`: its type is resolved where it is concrete,
    /// with whether it is declared as a reference.
    Probe { by_reference: bool },
}

/// `a`, `a.b`, `self.b.c` as identifiers; `None` for anything else.
pub(super) fn place_path(expr: &Expr) -> Option<Vec<Ident>> {
    match expr {
        Expr::Path(path) if path.qself.is_none() && path.attrs.is_empty() => {
            Some(vec![path.path.get_ident()?.clone()])
        }
        Expr::Field(field) => {
            let syn::Member::Named(member) = &field.member else {
                return None;
            };
            let mut path = place_path(&field.base)?;
            path.push(member.clone());
            Some(path)
        }
        _ => None,
    }
}

/// What a parameter's type says about it.
enum Kind {
    /// `&DatabaseConnection`, `&DatabaseTransaction`, `&impl TransactionTrait`,
    /// `&C` with `C: TransactionTrait`.
    Connection(Via),
    /// `&impl ConnectionTrait` or `&C` with `C: ConnectionTrait` only: it can
    /// run queries but not begin a transaction.
    QueriesOnly,
    Other,
}

fn discover(cx: &Ctxt, sig: &Signature) -> Option<Conn> {
    let mut connections = Vec::new();
    let mut queries_only = Vec::new();
    let mut unclassified = Vec::new();
    for (ident, ty) in params(sig) {
        match kind(sig, ty) {
            Kind::Connection(via) => connections.push((ident, via)),
            Kind::QueriesOnly => queries_only.push((ident, ty)),
            Kind::Other => unclassified.push((ident, ty)),
        }
    }
    if connections.len() == 1 {
        let (ident, via) = connections.remove(0);
        return Some(Conn::Param {
            ident: ident.clone(),
            via,
        });
    }
    if let [(first, _), .., (last, _)] = connections.as_slice() {
        let names: Vec<String> = connections
            .iter()
            .map(|(ident, _)| format!("`{ident}`"))
            .collect();
        cx.error_spanned_by(
            span_between(sig, first, last),
            format!(
                "`{}` takes {} database connections ({}), and `#[transactional]` cannot tell which one the transaction runs on\nhelp: name it: `#[transactional(conn = {first})]`",
                sig.ident,
                connections.len(),
                names.join(", "),
            ),
        );
        return None;
    }
    if let Some((ident, ty)) = queries_only.first() {
        let fix = match ty {
            Type::Reference(reference) if matches!(*reference.elem, Type::ImplTrait(_)) => {
                "take `&(impl ConnectionTrait + TransactionTrait)`".to_owned()
            }
            Type::Reference(reference) => format!(
                "add `TransactionTrait` to the bounds of `{}`: `ConnectionTrait + TransactionTrait`",
                reference.elem.to_token_stream()
            ),
            _ => "add `TransactionTrait` to its bounds".to_owned(),
        };
        cx.error_spanned_by(
            ty,
            format!(
                "`{ident}` can run queries but cannot begin a transaction: its type is only `ConnectionTrait`\nhelp: {fix}"
            ),
        );
        return None;
    }
    if let Some((ident, ty)) = unclassified
        .iter()
        .find(|(ident, ty)| named_like_a_connection(ident) && may_be_a_connection(ty))
    {
        cx.error_spanned_by(
            ty,
            format!(
                "`#[transactional]` cannot tell from its type, `{}`, whether `{ident}` is the database connection: it knows `&DatabaseConnection`, `&DbConn`, `&DatabaseTransaction` and generics bounded by `TransactionTrait` by name, not a type alias or a trait of your own\nhelp: if `{ident}` is the connection, name it: `#[transactional(conn = {ident})]`",
                ty.to_token_stream().to_string().replace("& ", "&")
            ),
        );
        return None;
    }
    cx.error_spanned_by(
        &sig.ident,
        format!(
            "`#[transactional]` found no database connection among the parameters of `{}`\nhelp: take `db: &DatabaseConnection` (or `&DatabaseTransaction`, `&impl TransactionTrait`, `&C` with `C: TransactionTrait`), or name the handle: `#[transactional(conn = self.db)]`",
            sig.ident
        ),
    );
    None
}

/// The tokens from the parameter `first` to the parameter `last`, so one
/// error underlines every candidate.
fn span_between(sig: &Signature, first: &Ident, last: &Ident) -> TokenStream {
    let mut tokens = TokenStream::new();
    let mut inside = false;
    for input in &sig.inputs {
        let name = match input {
            FnArg::Typed(typed) => match &*typed.pat {
                Pat::Ident(pat) => Some(&pat.ident),
                _ => None,
            },
            FnArg::Receiver(_) => None,
        };
        inside |= name == Some(first);
        if inside {
            input.to_tokens(&mut tokens);
        }
        if name == Some(last) {
            break;
        }
    }
    tokens
}

/// The parameters bound to a plain identifier, with their types.
fn params(sig: &Signature) -> impl Iterator<Item = (&Ident, &Type)> {
    sig.inputs.iter().filter_map(|input| match input {
        FnArg::Typed(typed) => match &*typed.pat {
            Pat::Ident(pat) if pat.subpat.is_none() => Some((&pat.ident, &*typed.ty)),
            _ => None,
        },
        FnArg::Receiver(_) => None,
    })
}

fn kind(sig: &Signature, ty: &Type) -> Kind {
    let Type::Reference(reference) = peel(ty) else {
        return Kind::Other;
    };
    if reference.mutability.is_some() {
        return Kind::Other;
    }
    match peel(&reference.elem) {
        Type::Path(path) if path.qself.is_none() => {
            let Some(last) = path.path.segments.last() else {
                return Kind::Other;
            };
            if last.arguments.is_none() {
                match harden_calls::connection::of_type_name(&last.ident.to_string()) {
                    Some(Shared::Pool) => {
                        return Kind::Connection(Via::Known { transaction: false });
                    }
                    Some(Shared::Transaction) => {
                        return Kind::Connection(Via::Known { transaction: true });
                    }
                    _ => {}
                }
            }
            match path.path.get_ident() {
                Some(param) => from_bounds(generic_bounds(sig, param)),
                None => Kind::Other,
            }
        }
        Type::ImplTrait(bounds) => from_bounds(bounds.bounds.iter().collect()),
        _ => Kind::Other,
    }
}

fn peel(ty: &Type) -> &Type {
    match ty {
        Type::Group(group) => peel(&group.elem),
        Type::Paren(paren) => peel(&paren.elem),
        other => other,
    }
}

/// The bounds of the fn's type parameter `param`, inline and in `where`.
fn generic_bounds<'s>(sig: &'s Signature, param: &Ident) -> Vec<&'s TypeParamBound> {
    let mut bounds = Vec::new();
    for generic in &sig.generics.params {
        if let GenericParam::Type(ty) = generic
            && ty.ident == *param
        {
            bounds.extend(ty.bounds.iter());
        }
    }
    for predicate in sig.generics.where_clause.iter().flat_map(|w| &w.predicates) {
        if let WherePredicate::Type(predicate) = predicate
            && let Type::Path(bounded) = peel(&predicate.bounded_ty)
            && bounded.qself.is_none()
            && bounded.path.is_ident(param)
        {
            bounds.extend(predicate.bounds.iter());
        }
    }
    bounds
}

fn from_bounds(bounds: Vec<&TypeParamBound>) -> Kind {
    let names: Vec<String> = bounds
        .iter()
        .filter_map(|bound| match bound {
            TypeParamBound::Trait(bound) => bound.path.segments.last().map(|s| s.ident.to_string()),
            _ => None,
        })
        .collect();
    match harden_calls::connection::of_bounds(names.iter().map(String::as_str)) {
        Some(Shared::Generic) => Kind::Connection(Via::Generic),
        Some(Shared::QueriesOnly) => Kind::QueriesOnly,
        _ => Kind::Other,
    }
}

/// `db`, `conn`, `pool`, `txn`, `read_db`...: the names a connection
/// parameter goes by (`db_name` is not one).
fn named_like_a_connection(ident: &Ident) -> bool {
    const NAMES: &[&str] = &[
        "db",
        "conn",
        "connection",
        "database",
        "pool",
        "tx",
        "txn",
        "transaction",
    ];
    let name = ident.to_string().to_lowercase();
    let last = name.rsplit('_').next().unwrap_or_default();
    NAMES.contains(&last)
}

/// A shared reference to a named type or an `impl Trait`: what a connection
/// could be behind a name the macro does not know.
fn may_be_a_connection(ty: &Type) -> bool {
    match peel(ty) {
        Type::Reference(reference) => {
            reference.mutability.is_none()
                && matches!(peel(&reference.elem), Type::Path(_) | Type::ImplTrait(_))
        }
        _ => false,
    }
}
