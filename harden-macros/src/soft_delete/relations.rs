//! What `#[soft_delete]` on an entity adds for the 2.0 entity loader: the
//! relation fields whose hidden rows are dropped after `X::load().with(..)`,
//! and the loader's hooks. One `macro_rules!` call per entity, written out
//! by `harden-runtime`.

use quote::quote;
use syn::{Attribute, ItemStruct, Type};

/// Where the entity's relations live, judged from the struct this
/// attribute was given.
pub(crate) enum Shape {
    /// A plain `DeriveEntityModel` entity: its `ModelEx` is its `Model`,
    /// which has no relation fields.
    Plain,
    /// `#[sea_orm::model]` (or `compact_model`) not yet expanded: this struct
    /// lists the relation fields `ModelEx` will have.
    Dense,
    /// `#[sea_orm::model]` already expanded: this is the `Model` copy, and the
    /// `ModelEx` copy (with the relation fields) reaches this attribute too.
    DenseExpanded,
}

pub(crate) fn shape(item: &ItemStruct) -> Shape {
    if item.attrs.iter().any(is_model_attribute) {
        Shape::Dense
    } else if item.attrs.iter().any(is_model_ex_marker) {
        Shape::DenseExpanded
    } else {
        Shape::Plain
    }
}

/// The impls for the entity whose `Model` (or `ModelEx` copy) is `item`.
pub(crate) fn expand(item: &ItemStruct, shape: &Shape) -> proc_macro2::TokenStream {
    match shape {
        Shape::Plain => quote!(::harden_runtime::__soft_delete_relations!(Model);),
        Shape::DenseExpanded => quote!(),
        Shape::Dense => {
            let fields = item.fields.iter().filter(|field| is_relation(&field.ty));
            let names = fields.filter_map(|field| field.ident.as_ref());
            quote!(::harden_runtime::__soft_delete_relations!(ModelEx #(, #names)*);)
        }
    }
}

/// `#[sea_orm::model]`, `#[model]`, `#[sea_orm::compact_model]`.
fn is_model_attribute(attr: &Attribute) -> bool {
    let path = attr.path();
    let Some(last) = path.segments.last() else {
        return false;
    };
    (last.ident == "model" || last.ident == "compact_model")
        && (path.segments.len() == 1 || path.segments.first().is_some_and(|s| s.ident == "sea_orm"))
}

/// `#[sea_orm(model_ex)]`, which `#[sea_orm::model]` puts on the `Model` it
/// writes out.
fn is_model_ex_marker(attr: &Attribute) -> bool {
    if !attr.path().is_ident("sea_orm") {
        return false;
    }
    let mut marked = false;
    let _ = attr.parse_nested_meta(|meta| {
        marked |= meta.path.is_ident("model_ex");
        if meta.input.peek(syn::Token![=]) {
            let _: syn::Expr = meta.value()?.parse()?;
        } else if meta.input.peek(syn::token::Paren) {
            let _content;
            syn::parenthesized!(_content in meta.input);
        }
        Ok(())
    });
    marked
}

/// `HasMany<..>`, `HasOne<..>`, `BelongsTo<..>`: what SeaORM itself takes
/// for a relation field (it looks at the last path segment only).
fn is_relation(ty: &Type) -> bool {
    let Type::Path(path) = ty else { return false };
    path.path.segments.last().is_some_and(|last| {
        last.ident == "HasMany" || last.ident == "HasOne" || last.ident == "BelongsTo"
    })
}
