//! Type hints from syntax: what a written type or an expression says about a value's type.

use syn::{Expr, GenericArgument, PathArguments, Type, TypeParamBound};

use super::peel::{SAME_VALUE_METHODS, peel, segments};
use super::{Path, Ty};

/// Wrappers whose methods a value is used through (auto-deref, `lock()`, `as_ref()`,
/// `unwrap()`): the hint is the wrapped type.
const SEE_THROUGH: &[&str] = &[
    "Box",
    "Arc",
    "Rc",
    "Mutex",
    "RwLock",
    "RefCell",
    "Option",
    "Result",
    "Cow",
    "Pin",
    "Data",
    "State",
    "Extension",
];

/// The type parameters in scope, with their trait bounds.
pub(super) type Generics = [(String, Vec<Path>)];

/// The hint for a written type.
pub(super) fn of_type(ty: &Type, generics: &Generics) -> Ty {
    match ty {
        Type::Reference(r) => of_type(&r.elem, generics),
        Type::Paren(p) => of_type(&p.elem, generics),
        Type::Group(g) => of_type(&g.elem, generics),
        Type::ImplTrait(t) => Ty::Bounds(trait_bounds(&t.bounds)),
        Type::TraitObject(t) => Ty::Bounds(trait_bounds(&t.bounds)),
        Type::Path(p) if p.qself.is_none() => {
            let Some(last) = p.path.segments.last() else {
                return Ty::Unknown;
            };
            if p.path.segments.len() == 1 {
                if last.ident == "Self" {
                    return Ty::OfSelf;
                }
                if let Some((_, bounds)) = generics.iter().find(|(g, _)| last.ident == g) {
                    return Ty::Bounds(bounds.clone());
                }
            }
            if SEE_THROUGH.iter().any(|w| last.ident == w)
                && let PathArguments::AngleBracketed(a) = &last.arguments
                && let Some(GenericArgument::Type(inner)) = a.args.first()
            {
                return of_type(inner, generics);
            }
            Ty::Named(segments(&p.path))
        }
        _ => Ty::Unknown,
    }
}

/// The trait paths among `bounds`.
pub(super) fn trait_bounds<'a>(bounds: impl IntoIterator<Item = &'a TypeParamBound>) -> Vec<Path> {
    bounds
        .into_iter()
        .filter_map(|b| match b {
            TypeParamBound::Trait(t) => Some(segments(&t.path)),
            _ => None,
        })
        .collect()
}

/// The type parameters of `generics` with their bounds, `where` clauses included.
pub(super) fn generics_of(g: &syn::Generics) -> Vec<(String, Vec<Path>)> {
    let mut out: Vec<(String, Vec<Path>)> = g
        .type_params()
        .map(|p| (p.ident.to_string(), trait_bounds(&p.bounds)))
        .collect();
    if let Some(w) = &g.where_clause {
        for pred in &w.predicates {
            let syn::WherePredicate::Type(t) = pred else {
                continue;
            };
            let Type::Path(tp) = &t.bounded_ty else {
                continue;
            };
            let Some(id) = tp.path.get_ident() else {
                continue;
            };
            if let Some((_, bounds)) = out.iter_mut().find(|(n, _)| id == n) {
                bounds.extend(trait_bounds(&t.bounds));
            }
        }
    }
    out
}

/// The hint for an expression, given the hint of each local variable (`local`).
pub(super) fn of_expr(e: &Expr, local: &dyn Fn(&str) -> Option<Ty>) -> Ty {
    of_expr_depth(e, local, 0)
}

fn of_expr_depth(e: &Expr, local: &dyn Fn(&str) -> Option<Ty>, depth: u8) -> Ty {
    if depth > 8 {
        return Ty::Unknown;
    }
    match peel(e) {
        Expr::Path(p) if p.qself.is_none() => match p.path.get_ident() {
            Some(id) if id == "self" => Ty::OfSelf,
            Some(id) => local(&id.to_string()).unwrap_or_default(),
            None => Ty::Unknown,
        },
        Expr::Field(f) => {
            let syn::Member::Named(n) = &f.member else {
                return Ty::Unknown;
            };
            match of_expr_depth(&f.base, local, depth + 1) {
                Ty::Unknown => Ty::Unknown,
                base => Ty::Field(Box::new(base), n.to_string()),
            }
        }
        Expr::MethodCall(m) => {
            let name = m.method.to_string();
            if SAME_VALUE_METHODS.contains(&name.as_str()) {
                return of_expr_depth(&m.receiver, local, depth + 1);
            }
            match of_expr_depth(&m.receiver, local, depth + 1) {
                Ty::Unknown => Ty::Unknown,
                recv => Ty::Ret(Box::new(recv), name),
            }
        }
        Expr::Call(c) => match &*c.func {
            Expr::Path(p) if p.qself.is_none() => {
                let segs = segments(&p.path);
                // `Some(x)`, `Ok(x)`, `Box::new(x)`, `Arc::new(x)`: the value inside.
                let wraps = matches!(
                    segs.iter()
                        .map(String::as_str)
                        .collect::<Vec<_>>()
                        .as_slice(),
                    ["Some" | "Ok"] | [.., "Box" | "Arc" | "Rc" | "Mutex" | "RwLock", "new"]
                );
                match (wraps, c.args.first()) {
                    (true, Some(inner)) => of_expr_depth(inner, local, depth + 1),
                    _ => Ty::PathRet(segs),
                }
            }
            _ => Ty::Unknown,
        },
        Expr::Struct(s) if s.qself.is_none() => Ty::Named(segments(&s.path)),
        _ => Ty::Unknown,
    }
}
