//! What `#[soft_delete]` on an entity adds for the 2.0 entity loader: which
//! relation fields of its `ModelEx` hold rows to drop after
//! `X::load().with(..)`, and the loader's hooks (one `macro_rules!` call,
//! written out by `harden-runtime`).

use super::dense;
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Field, ItemStruct};

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
    if dense::has_model_attribute(item) {
        Shape::Dense
    } else if dense::has_model_ex_copy(item) {
        Shape::DenseExpanded
    } else {
        Shape::Plain
    }
}

/// The `SoftDeleteScope::__prune_relations` of the entity, for inside its
/// impl: nothing when there are no relation fields to prune.
pub(crate) fn prune_method(item: &ItemStruct, shape: &Shape) -> TokenStream {
    let model = quote!(model);
    let body = match shape {
        Shape::Plain => return TokenStream::new(),
        Shape::Dense => {
            let fields: Vec<&Field> = relation_fields(item).collect();
            if fields.is_empty() {
                return TokenStream::new();
            }
            retain_each(&model, &fields)
        }
        Shape::DenseExpanded => quote! {
            ::harden_runtime::__private::PruneRelations::__prune_relations(#model);
        },
    };
    quote! {
        fn __prune_relations(#model: &mut ModelEx) {
            #body
        }
    }
}

/// The impls beside the entity's: the loader's hooks, for a dense entity
/// seen before `#[sea_orm::model]` expanded it.
pub(crate) fn loader_impls(shape: &Shape) -> TokenStream {
    match shape {
        Shape::Dense => quote!(::harden_runtime::__soft_delete_loader!();),
        Shape::Plain | Shape::DenseExpanded => TokenStream::new(),
    }
}

/// For the `ModelEx` copy `#[sea_orm::model]` wrote out: its relation
/// fields, which `__prune_relations` of the `Model` copy forwards to, and the
/// loader's hooks.
pub(crate) fn model_ex_copy(item: &ItemStruct) -> TokenStream {
    let fields: Vec<&Field> = relation_fields(item).collect();
    let this = quote!(self);
    let body = retain_each(&this, &fields);
    quote! {
        #[automatically_derived]
        impl ::harden_runtime::__private::PruneRelations for ModelEx {
            fn __prune_relations(&mut self) {
                #body
            }
        }
        ::harden_runtime::__soft_delete_loader!();
    }
}

/// `retain_visible(&mut model.field);` for each relation field, spanned on
/// the field's type: a related entity without a policy is reported there.
fn retain_each(model: &TokenStream, fields: &[&Field]) -> TokenStream {
    fields
        .iter()
        .filter_map(|field| {
            let name = field.ident.as_ref()?;
            Some(quote_spanned! {field.ty.span()=>
                ::harden_runtime::__private::retain_visible(&mut #model.#name);
            })
        })
        .collect()
}

fn relation_fields(item: &ItemStruct) -> impl Iterator<Item = &Field> {
    item.fields
        .iter()
        .filter(|field| dense::is_relation_field(field))
}
