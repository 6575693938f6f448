//! What an entity's `#[soft_delete]` declares (its policy and strategy), and the
//! reading of field types both the entity and the dense-entity code need.

use proc_macro2::TokenStream;
use syn::{GenericArgument, Ident, LitStr, PathArguments, Type};

pub(super) enum Strategy {
    Flag,
    /// The `T` of the column's `Option<T>`.
    Timestamp(Box<Type>),
}

/// What the `Model` declares, once its column checked out.
pub(super) enum Policy {
    Exempt(LitStr),
    Soft {
        strategy: Strategy,
        column: TokenStream,
    },
}

/// An identifier without its `r#`.
pub(super) fn unraw(ident: &Ident) -> String {
    let name = ident.to_string();
    name.strip_prefix("r#").map(str::to_owned).unwrap_or(name)
}

pub(super) fn is_bool(ty: &Type) -> bool {
    matches!(ty, Type::Path(p) if p.qself.is_none() && p.path.is_ident("bool"))
}

pub(super) fn option_inner(ty: &Type) -> Option<&Type> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        GenericArgument::Type(inner) if args.args.len() == 1 => Some(inner),
        _ => None,
    }
}
