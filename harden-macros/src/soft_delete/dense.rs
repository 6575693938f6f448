//! What `#[soft_delete]` on a `Model` adds for the writes of a SeaORM 2.0
//! dense entity: a [`UniqueKey`] impl per `delete_by_<key>` SeaORM generates,
//! and the cascade plan (which relations `cascade_delete` follows), both read
//! from the fields the way SeaORM's own `#[sea_orm::model]` reads them. Which
//! struct is dense and which fields are relations is decided here for the
//! loader's hooks (`relations`) too.
//!
//! [`UniqueKey`]: https://docs.rs/harden-runtime

use super::policy::{Policy, Strategy, unraw};
use harden_calls::upper_camel;
use proc_macro2::TokenStream;
use quote::{ToTokens, format_ident, quote};
use std::collections::BTreeMap;
use syn::{Field, GenericArgument, Ident, ItemStruct, LitStr, PathArguments, Type, TypePath};

/// Whether SeaORM generates `ModelEx`, `delete_by_<key>` and
/// `cascade_delete` for this struct: it is under `#[sea_orm::model]` (or
/// `compact_model`), or is that macro's `Model` output.
pub(super) fn is_dense(item: &ItemStruct) -> bool {
    has_model_attribute(item) || has_model_ex_copy(item)
}

/// Whether `#[sea_orm::model]` (`#[model]`, `compact_model`) is still to run
/// on this struct: its relation fields are then on it.
pub(super) fn has_model_attribute(item: &ItemStruct) -> bool {
    item.attrs.iter().any(|attr| {
        let path = attr.path();
        let last = path.segments.last().map(|s| s.ident.to_string());
        matches!(last.as_deref(), Some("model" | "compact_model"))
            && (path.segments.len() == 1
                || path.segments.first().is_some_and(|s| s.ident == "sea_orm"))
    })
}

/// Whether this is the `Model` that `#[sea_orm::model]` emitted (marked
/// `#[sea_orm(model_ex)]`): its relation fields went to the `ModelEx` copy,
/// which then carries the cascade plan and the loader's hooks.
pub(super) fn has_model_ex_copy(item: &ItemStruct) -> bool {
    item.attrs
        .iter()
        .filter(|attr| attr.path().is_ident("sea_orm"))
        .any(|attr| {
            let mut found = false;
            let _ = attr.parse_nested_meta(|meta| {
                found |= meta.path.is_ident("model_ex");
                skip_value(&meta);
                Ok(())
            });
            found
        })
}

/// One `UniqueKey<id>` impl per unique key: a `#[sea_orm(unique)]` field, or
/// the fields sharing a `#[sea_orm(unique_key = "name")]`.
pub(super) fn unique_keys(item: &ItemStruct) -> TokenStream {
    // As SeaORM builds them: keyed by name, a later `unique` field replacing
    // an earlier group of the same name, columns in field order.
    let mut keys = BTreeMap::<String, Vec<&Field>>::new();
    for field in &item.fields {
        let Some(ident) = &field.ident else { continue };
        if relation_of(field).is_some() {
            continue;
        }
        let attrs = SeaOrmAttrs::of(field);
        if attrs.unique {
            keys.insert(unraw(ident), vec![field]);
        }
        for name in attrs.unique_keys {
            keys.entry(name).or_default().push(field);
        }
    }
    let private = quote!(::harden_runtime::__private);
    keys.iter()
        .map(|(name, fields)| {
            let id = harden_calls::unique_key_id(name);
            let columns = fields.iter().map(|field| column_of(field));
            let (value, condition) = match fields.as_slice() {
                [field] => {
                    let ty = &field.ty;
                    let column = column_of(field);
                    (
                        quote!(#ty),
                        quote!(.add(#private::sea_orm::ColumnTrait::eq(&#column, value))),
                    )
                }
                _ => {
                    let types = fields.iter().map(|field| &field.ty);
                    let index = (0..fields.len()).map(syn::Index::from);
                    (
                        quote!((#(#types),*)),
                        quote!(#(.add(#private::sea_orm::ColumnTrait::eq(&#columns, value.#index)))*),
                    )
                }
            };
            quote! {
                #[automatically_derived]
                impl ::harden_runtime::UniqueKey<#id> for Entity {
                    type Value = #value;
                    fn condition(value: Self::Value) -> #private::sea_orm::Condition {
                        #private::sea_orm::Condition::all() #condition
                    }
                }
            }
        })
        .collect()
}

/// `impl Cascade for Entity` (and `RestoreCascadeScope` when a restore can
/// undo its cascades), listing the relations SeaORM's `cascade_delete`
/// follows: has-one and has-many children, many-to-many links, and the
/// self-referencing forms.
pub(super) fn cascade_plan(item: &ItemStruct, policy: &Policy) -> TokenStream {
    let private = quote!(::harden_runtime::__private);
    let sea_orm = quote!(#private::sea_orm);
    let relations: Vec<(&Field, Relation)> = item
        .fields
        .iter()
        .filter_map(|field| Some((field, relation_of(field)?)))
        .collect();
    let targets = |entity: &TypePath| {
        let entity = entity.to_token_stream().to_string();
        relations
            .iter()
            .filter(|(_, r)| r.entity.to_token_stream().to_string() == entity)
            .count()
    };
    let mut steps = Vec::new();
    let mut reached = Vec::new();
    for (field, relation) in &relations {
        let attrs = SeaOrmAttrs::of(field);
        let entity = &relation.entity;
        let is_self = entity.path.is_ident("Entity");
        let junction = |via: &LitStr| {
            let module = via.value();
            let module = module
                .split("::")
                .next()
                .unwrap_or_default()
                .trim()
                .to_owned();
            let module = format_ident!("{}", module, span = via.span());
            quote!(super::#module::Entity)
        };
        // SeaORM's `RelationAttr::from_attr`, case by case, in its order.
        let step = match (&attrs.via, &attrs.relation_enum) {
            (Some(via), _) if attrs.self_ref && relation.kind == Kind::HasMany && is_self => {
                let junction = junction(via);
                reached.push(junction.clone());
                quote!(walk.links_self::<Self, #junction, K>(&rows))
            }
            (None, Some(variant))
                if attrs.self_ref
                    && attrs.relation_reverse
                    && !attrs.from_to
                    && relation.kind == Kind::HasMany
                    && is_self =>
            {
                let variant = Ident::new(&variant.value(), variant.span());
                quote!(walk.children::<Self, Self, K>(&rows, #sea_orm::RelationTrait::def(&Relation::#variant)))
            }
            _ if attrs.self_ref || attrs.belongs_to || attrs.relation_enum.is_some() => continue,
            // SeaORM skips a target that two fields point to.
            _ if targets(entity) != 1 => continue,
            _ if (attrs.has_one && relation.kind == Kind::HasOne)
                || (attrs.has_many && attrs.via.is_none() && relation.kind == Kind::HasMany) =>
            {
                if !is_self {
                    reached.push(entity.to_token_stream());
                }
                quote!(walk.children::<Self, #entity, K>(&rows, <Self as #sea_orm::Related<#entity>>::to()))
            }
            (Some(via), None) if attrs.has_many && relation.kind == Kind::HasMany => {
                let junction = junction(via);
                reached.push(junction.clone());
                quote!(walk.links::<Self, #junction, K>(&rows))
            }
            _ => continue,
        };
        steps.push(step);
    }
    let mut seen = Vec::new();
    reached.retain(|entity| {
        let key = entity.to_string();
        let new = !seen.contains(&key);
        seen.push(key);
        new
    });
    let walk = (!steps.is_empty()).then(|| {
        quote! {
            fn __walk<'w, T: #sea_orm::ConnectionTrait>(
                walk: &'w mut #private::Walk<'_, T>,
                rows: ::std::vec::Vec<<Self as #sea_orm::EntityTrait>::Model>,
            ) -> #private::Walked<'w> {
                ::std::boxed::Box::pin(async move {
                    #(#steps.await?;)*
                    ::core::result::Result::Ok(())
                })
            }
        }
    });
    let restore = match policy {
        Policy::Soft {
            strategy: Strategy::Flag,
            ..
        } => None,
        Policy::Soft { .. } => Some(quote! {
            #[automatically_derived]
            impl<K: 'static> ::harden_runtime::RestoreCascadeScope<K> for Entity
            where
                #(#reached: ::harden_runtime::RestoreCascadeScope<K>,)*
            {}
        }),
        // An exempt row the cascade reaches is gone: nothing below it to restore.
        Policy::Exempt(_) => Some(quote! {
            #[automatically_derived]
            impl<K: 'static> ::harden_runtime::RestoreCascadeScope<K> for Entity {}
        }),
    };
    quote! {
        #[automatically_derived]
        impl<K: 'static> ::harden_runtime::Cascade<K> for Entity
        where
            #(#reached: ::harden_runtime::Cascade<K>,)*
        {
            fn __scope() -> ::harden_runtime::Scope<Self> {
                <Self as ::harden_runtime::SoftDeleteScope>::soft_delete_scope()
            }
            #walk
        }
        #restore
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    HasOne,
    HasMany,
    BelongsTo,
}

/// A relation field: `HasOne<E>`, `HasMany<E>`, `BelongsTo<E>` (or
/// `BelongsTo<Option<E>>`).
struct Relation {
    kind: Kind,
    entity: TypePath,
}

/// Whether `field` is a relation field (`HasOne<..>`, `HasMany<..>`,
/// `BelongsTo<..>`), which SeaORM keeps on `ModelEx` only.
pub(super) fn is_relation_field(field: &Field) -> bool {
    relation_of(field).is_some()
}

fn relation_of(field: &Field) -> Option<Relation> {
    let Type::Path(ty) = &field.ty else {
        return None;
    };
    let last = ty.path.segments.last()?;
    let kind = match last.ident.to_string().as_str() {
        "HasOne" => Kind::HasOne,
        "HasMany" => Kind::HasMany,
        "BelongsTo" => Kind::BelongsTo,
        _ => return None,
    };
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    let Some(GenericArgument::Type(Type::Path(entity))) = args.args.first() else {
        return None;
    };
    let entity = match super::policy::option_inner(&Type::Path(entity.clone())) {
        Some(Type::Path(inner)) => inner.clone(),
        _ => entity.clone(),
    };
    Some(Relation { kind, entity })
}

/// The `#[sea_orm(..)]` keys of a field that matter here.
#[derive(Default)]
struct SeaOrmAttrs {
    unique: bool,
    unique_keys: Vec<String>,
    enum_name: Option<LitStr>,
    has_one: bool,
    has_many: bool,
    belongs_to: bool,
    self_ref: bool,
    relation_reverse: bool,
    from_to: bool,
    via: Option<LitStr>,
    relation_enum: Option<LitStr>,
}

impl SeaOrmAttrs {
    fn of(field: &Field) -> Self {
        let mut attrs = SeaOrmAttrs::default();
        for attr in field.attrs.iter().filter(|a| a.path().is_ident("sea_orm")) {
            // SeaORM reports malformed attributes; what does not parse here is
            // left to it.
            let _ = attr.parse_nested_meta(|meta| {
                let Some(key) = meta.path.get_ident().map(Ident::to_string) else {
                    skip_value(&meta);
                    return Ok(());
                };
                let text = || -> Option<LitStr> { meta.value().ok()?.parse::<LitStr>().ok() };
                match key.as_str() {
                    "unique" => attrs.unique = true,
                    "has_one" => attrs.has_one = true,
                    "has_many" => attrs.has_many = true,
                    "belongs_to" => attrs.belongs_to = true,
                    "self_ref" => attrs.self_ref = true,
                    "unique_key" => attrs.unique_keys.extend(text().map(|s| s.value())),
                    "enum_name" => attrs.enum_name = text(),
                    "via" => attrs.via = text(),
                    "relation_enum" => attrs.relation_enum = text(),
                    "relation_reverse" => {
                        attrs.relation_reverse = true;
                        skip_value(&meta);
                    }
                    "from" | "to" => {
                        attrs.from_to = true;
                        skip_value(&meta);
                    }
                    _ => skip_value(&meta),
                }
                Ok(())
            });
        }
        attrs
    }
}

/// Consumes `= value` or `(..)` after a key we do not read.
fn skip_value(meta: &syn::meta::ParseNestedMeta<'_>) {
    if meta.input.peek(syn::Token![=]) {
        let _ = meta.value().and_then(|v| v.parse::<syn::Expr>());
    } else if meta.input.peek(syn::token::Paren) {
        let _ = meta.input.parse::<proc_macro2::Group>();
    }
}

/// `Column::<Variant>` of a field: `enum_name`, or the field name in
/// UpperCamelCase.
fn column_of(field: &Field) -> TokenStream {
    let variant = match SeaOrmAttrs::of(field).enum_name {
        Some(name) => syn::parse_str::<Ident>(&name.value())
            .unwrap_or_else(|_| format_ident!("{}", upper_camel(&unraw_field(field)))),
        None => format_ident!("{}", upper_camel(&unraw_field(field))),
    };
    quote!(Column::#variant)
}

fn unraw_field(field: &Field) -> String {
    field.ident.as_ref().map(unraw).unwrap_or_default()
}
