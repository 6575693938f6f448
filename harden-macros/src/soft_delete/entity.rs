//! `#[soft_delete]` on an entity's `Model`: checks the column and implements
//! `SoftDelete` / `SoftDeleteScope` for the sibling `Entity`.

use super::args::Args;
use super::policy::{Policy, Strategy, is_bool, option_inner, unraw};
use super::{dense, relations};
use crate::internals::ctxt::Ctxt;
use proc_macro2::TokenStream;
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Field, Ident, ItemStruct, LitStr};

pub(crate) fn expand(cx: &Ctxt, args: &Args, item: &ItemStruct) -> TokenStream {
    // `#[sea_orm::model]` copies the attributes it does not know onto the
    // `ModelEx` struct it generates; when `#[soft_delete]` was written below
    // it, that copy reaches us too. The `Model` copy carries the impls; the
    // `ModelEx` copy is the one that still has the relation fields, so it
    // carries the cascade plan and the loader's hooks. Errors are the `Model`
    // copy's to report.
    if item.ident == "ModelEx" {
        let quiet = Ctxt::new();
        let policy = policy(&quiet, args, item);
        return match (policy, quiet.check()) {
            (Some(policy), Ok(())) => {
                let mut generated = dense::cascade_plan(item, &policy);
                generated.extend(relations::model_ex_copy(item));
                generated
            }
            _ => TokenStream::new(),
        };
    }
    if item.ident != "Model" {
        cx.error_spanned_by(
            &item.ident,
            format!(
                "`#[soft_delete]` on a struct goes on an entity's `Model`, not on `{}`\n\
                 help: put it above `#[derive(DeriveEntityModel)]` (or `#[sea_orm::model]`) on `pub struct Model`, \
                 or on the `impl` block or `fn` of a repository",
                item.ident
            ),
        );
        return TokenStream::new();
    }
    if !is_entity_model(item) {
        cx.error_spanned_by(
            &item.ident,
            "`#[soft_delete]` must be written above `#[derive(DeriveEntityModel)]` or `#[sea_orm::model]`, \
             which generate the `Entity` it implements soft delete for",
        );
        return TokenStream::new();
    }
    let Some(policy) = policy(cx, args, item) else {
        return TokenStream::new();
    };
    let shape = relations::shape(item);
    let prune = relations::prune_method(item, &shape);
    let mut generated = match &policy {
        Policy::Exempt(reason) => exempt(reason, &prune),
        Policy::Soft { strategy, column } => soft(strategy, column, &prune),
    };
    generated.extend(relations::loader_impls(&shape));
    if dense::is_dense(item) {
        generated.extend(dense::unique_keys(item));
    }
    if !dense::has_model_ex_copy(item) {
        generated.extend(dense::cascade_plan(item, &policy));
    }
    generated
}

/// The policy `args` declare for `item`, with its column checked; errors go
/// to `cx`.
fn policy(cx: &Ctxt, args: &Args, item: &ItemStruct) -> Option<Policy> {
    if args.malformed {
        return None;
    }
    if let Some(reason) = &args.exempt {
        return Some(Policy::Exempt(reason.clone()));
    }
    let wanted = wanted_column(args);
    let Some(field) = find_field(item, &wanted) else {
        missing_column(cx, args, item, &wanted);
        return None;
    };
    let strategy = strategy_of(cx, args, field, &wanted)?;
    let variant = column_variant(cx, field, &wanted);
    let column = quote_spanned!(field.span()=> Column::#variant);
    Some(Policy::Soft { strategy, column })
}

fn soft(strategy: &Strategy, column: &TokenStream, prune: &TokenStream) -> TokenStream {
    let private = quote!(::harden_runtime::__private);
    let (strategy, deleted, restored, deleted_at) = match strategy {
        Strategy::Flag => (
            quote!(::harden_runtime::Strategy::Flag),
            quote!(|_| #private::sea_orm::Value::from(false)),
            quote!(|| #private::sea_orm::Value::from(true)),
            quote!(|_| ::core::option::Option::None),
        ),
        Strategy::Timestamp(inner) => (
            quote!(::harden_runtime::Strategy::Timestamp),
            quote_spanned!(inner.span()=> #private::timestamp_at::<#inner>),
            quote_spanned!(inner.span()=> #private::timestamp_null::<#inner>),
            quote_spanned!(inner.span()=> #private::timestamp_of::<#inner>),
        ),
    };
    quote! {
        #[automatically_derived]
        impl ::harden_runtime::SoftDelete for Entity {
            fn soft_delete_spec() -> ::harden_runtime::SoftDeleteSpec<Self> {
                ::harden_runtime::SoftDeleteSpec {
                    column: #column,
                    strategy: #strategy,
                    deleted_value: #deleted,
                    restored_value: #restored,
                    deleted_at: #deleted_at,
                }
            }
        }
        #[automatically_derived]
        impl ::harden_runtime::SoftDeleteScope for Entity {
            type Delete<N: ::harden_runtime::Cardinality> = ::harden_runtime::SoftDeleteQuery<Self, N>;

            fn soft_delete_scope() -> ::harden_runtime::Scope<Self> {
                ::harden_runtime::Scope::SoftDelete(
                    <Self as ::harden_runtime::SoftDelete>::soft_delete_spec(),
                )
            }

            fn __delete_where<N: ::harden_runtime::Cardinality>(
                condition: ::core::result::Result<#private::sea_orm::Condition, #private::sea_orm::DbErr>,
            ) -> Self::Delete<N> {
                #private::__soft_delete_where(condition)
            }

            #prune
        }
    }
}

/// The field the options name: `column = ".."`, `deleted_at`, or `is_active`.
fn wanted_column(args: &Args) -> String {
    let column = args.column.as_ref().map(LitStr::value);
    harden_calls::soft_delete::column(args.deleted_at.is_some(), column.as_deref()).to_owned()
}

fn exempt(reason: &LitStr, prune: &TokenStream) -> TokenStream {
    let private = quote!(::harden_runtime::__private);
    quote! {
        #[automatically_derived]
        impl ::harden_runtime::SoftDeleteScope for Entity {
            type Delete<N: ::harden_runtime::Cardinality> = ::harden_runtime::HardDeleteQuery<Self, N>;

            fn soft_delete_scope() -> ::harden_runtime::Scope<Self> {
                ::harden_runtime::Scope::Exempt { reason: #reason }
            }

            fn __delete_where<N: ::harden_runtime::Cardinality>(
                condition: ::core::result::Result<#private::sea_orm::Condition, #private::sea_orm::DbErr>,
            ) -> Self::Delete<N> {
                #private::__hard_delete_where(condition)
            }

            #prune
        }
    }
}

/// Whether SeaORM generates an `Entity` for this struct: a visible
/// `#[derive(DeriveEntityModel)]` or `#[sea_orm::model]`, or, when the derive
/// is written above this attribute (rustc then hides it from us and applies
/// it to our output), its `#[sea_orm(table_name = ..)]` helper attribute.
fn is_entity_model(item: &ItemStruct) -> bool {
    item.attrs.iter().any(|attr| {
        let path = attr.path();
        let last = path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default();
        if last == "model" || last == "compact_model" {
            return path.segments.len() == 1
                || path.segments.first().is_some_and(|s| s.ident == "sea_orm");
        }
        if path.is_ident("derive") {
            let tokens = attr.meta.to_token_stream().to_string();
            return tokens.contains("DeriveEntityModel");
        }
        path.is_ident("sea_orm")
    })
}

pub(super) fn find_field<'a>(item: &'a ItemStruct, name: &str) -> Option<&'a Field> {
    item.fields.iter().find(|field| {
        field
            .ident
            .as_ref()
            .is_some_and(|ident| unraw(ident) == name)
    })
}

fn missing_column(cx: &Ctxt, args: &Args, item: &ItemStruct, wanted: &str) {
    let candidates: Vec<String> = item
        .fields
        .iter()
        .filter(|field| is_bool(&field.ty) || option_inner(&field.ty).is_some())
        .filter_map(|field| field.ident.as_ref().map(unraw))
        .collect();
    let hint = if candidates.is_empty() {
        match args.deleted_at {
            Some(_) => format!(
                "add `pub {wanted}: Option<DateTimeUtc>,` to `Model` (and the column to the table)"
            ),
            None => format!(
                "add `pub {wanted}: bool,` to `Model` (and the column to the table), or use `#[soft_delete(deleted_at)]` for a timestamp column"
            ),
        }
    } else {
        let list = candidates
            .iter()
            .map(|c| format!("`{c}`"))
            .collect::<Vec<_>>()
            .join(", ");
        format!("name the column with `#[soft_delete(column = \"...\")]`; candidates: {list}")
    };
    let message = format!("`Model` has no `{wanted}` field to mark rows deleted\nhelp: {hint}");
    match &args.column {
        Some(column) => cx.error_spanned_by(column, message),
        None => cx.error_spanned_by(&item.ident, message),
    }
}

fn strategy_of(cx: &Ctxt, args: &Args, field: &Field, name: &str) -> Option<Strategy> {
    use harden_calls::soft_delete::{Strategy as Decided, strategy};
    let ty = &field.ty;
    let mut written = ty.to_token_stream().to_string();
    written.retain(|c| !c.is_whitespace());
    let deleted_at = args.deleted_at.is_some();
    match (
        strategy(&written, deleted_at, args.column.is_some()),
        option_inner(ty),
    ) {
        (Some(Decided::Flag), _) => return Some(Strategy::Flag),
        (Some(Decided::Timestamp), Some(inner)) => {
            return Some(Strategy::Timestamp(Box::new(inner.clone())));
        }
        _ => {}
    }
    if deleted_at {
        cx.error_spanned_by(
            ty,
            format!("`{name}` must be `Option<DateTimeUtc>` (or another `Option<DateTime…>`) for `#[soft_delete(deleted_at)]`: NULL means visible"),
        );
        return None;
    }
    cx.error_spanned_by(
        ty,
        format!(
            "`{name}` must be `bool` (true = visible) to mark rows deleted\n\
             help: for a nullable timestamp column use `#[soft_delete(deleted_at)]` or `#[soft_delete(column = \"{name}\")]` on an `Option<DateTimeUtc>` field"
        ),
    );
    None
}

/// The `Column` variant: `#[sea_orm(enum_name = "...")]` or the field name in
/// UpperCamelCase, as `DeriveEntityModel` names it.
fn column_variant(cx: &Ctxt, field: &Field, name: &str) -> Ident {
    let mut enum_name = None;
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("sea_orm")) {
        // Other `sea_orm(...)` keys are SeaORM's business; skip their values.
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("enum_name") {
                enum_name = Some(meta.value()?.parse::<LitStr>()?);
            } else if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            } else if meta.input.peek(syn::token::Paren) {
                let _content;
                syn::parenthesized!(_content in meta.input);
            }
            Ok(())
        });
    }
    if let Some(enum_name) = enum_name {
        match syn::parse_str::<Ident>(&enum_name.value()) {
            Ok(ident) => return Ident::new(&ident.to_string(), enum_name.span()),
            Err(_) => cx.error_spanned_by(&enum_name, "`enum_name` is not a valid identifier"),
        }
    }
    format_ident!("{}", harden_calls::upper_camel(name), span = field.span())
}
