//! Items: types, entities and their columns, traits, impls, functions, `use`s and `mod`s.

use quote::ToTokens;
use syn::{Attribute, Expr, ImplItem, Item, Pat, Type};

use super::peel::segments;
use super::walker::{Local, Walker};
use super::{
    ColumnFact, EntityFact, FieldFact, FileFacts, FnFact, ImplFact, LinkFact, ModDecl, Param,
    RelatedVia, RelationFact, TraitFact, Ty, TypeFact, UseFact, attrs, runtime, ty,
};
use crate::span::Span;

/// Records the attributes every item may carry (suppressions, test markers); returns whether
/// the item is test code. `span` is asked for only when an attribute needs the item's lines:
/// `Spanned::span` prints the whole item into tokens.
pub(super) fn common_attrs(
    w: &mut Walker<'_>,
    list: &[Attribute],
    named_tests: bool,
    span: impl FnOnce() -> proc_macro2::Span,
) -> bool {
    let test = named_tests
        || list
            .iter()
            .any(|a| attrs::is_cfg_test(a) || attrs::is_test_fn(a));
    if !test && !list.iter().any(attrs::is_allow) {
        return false;
    }
    let s = Span::from_pm2(span());
    let lines = (s.line, s.end_line);
    attrs::allows(list, lines, &mut w.facts.allows);
    if test {
        w.facts.test_ranges.push(lines);
    }
    test
}

/// `mod name;`: a module whose body is another file.
pub(super) fn module(w: &mut Walker<'_>, m: &syn::ItemMod) {
    if m.attrs.iter().any(|a| a.path().is_ident("path")) {
        w.facts.mods_unseen = true;
    }
    if m.content.is_some() {
        return;
    }
    let mut module = w.module.clone();
    module.push(m.ident.to_string());
    let test = w.in_test() || m.attrs.iter().any(attrs::is_cfg_test);
    w.facts.mods.push(ModDecl { module, test });
}

/// An item-level macro: `cfg_if! { mod x; }` and `include!("x.rs")` declare modules, or
/// bring in files, that `mods` cannot list.
pub(super) fn item_macro(w: &mut Walker<'_>, m: &syn::ItemMacro) {
    fn holds_mod(tokens: proc_macro2::TokenStream) -> bool {
        tokens.into_iter().any(|t| match t {
            proc_macro2::TokenTree::Ident(i) => i == "mod",
            proc_macro2::TokenTree::Group(g) => holds_mod(g.stream()),
            _ => false,
        })
    }
    if m.mac.path.is_ident("include") || holds_mod(m.mac.tokens.clone()) {
        w.facts.mods_unseen = true;
    }
}

pub(super) fn uses(w: &mut Walker<'_>, u: &syn::ItemUse) {
    let module = w.module_shared();
    let mut stack = Vec::new();
    collect_use(&u.tree, &mut stack, &module, &mut w.facts.uses);
}

fn collect_use(
    tree: &syn::UseTree,
    stack: &mut Vec<String>,
    module: &std::sync::Arc<[String]>,
    out: &mut Vec<UseFact>,
) {
    let mut push = |alias: String, path: Vec<String>, glob: bool| {
        out.push(UseFact {
            module: module.clone(),
            alias,
            path,
            glob,
        });
    };
    match tree {
        syn::UseTree::Path(p) => {
            stack.push(p.ident.to_string());
            collect_use(&p.tree, stack, module, out);
            stack.pop();
        }
        syn::UseTree::Name(n) => {
            let name = n.ident.to_string();
            if name == "self" {
                if let Some(last) = stack.last() {
                    push(last.clone(), stack.clone(), false);
                }
            } else {
                let mut path = stack.clone();
                path.push(name.clone());
                push(name, path, false);
            }
        }
        syn::UseTree::Rename(r) => {
            let mut path = stack.clone();
            if r.ident != "self" {
                path.push(r.ident.to_string());
            }
            push(r.rename.to_string(), path, false);
        }
        syn::UseTree::Glob(_) => push("*".into(), stack.clone(), true),
        syn::UseTree::Group(g) => {
            for t in &g.items {
                collect_use(t, stack, module, out);
            }
        }
    }
}

/// A struct: its fields for type resolution and secret rules; an entity when SeaORM derives it.
pub(super) fn structure(w: &mut Walker<'_>, s: &syn::ItemStruct) {
    let mut derive_debug = None;
    let mut entity = false;
    let mut soft_delete = None;
    for attr in &s.attrs {
        let segs = segments(attr.path());
        match segs.last().map_or("", String::as_str) {
            "derive" => {
                let tokens = attrs::tokens(attr);
                if attrs::any_ident(tokens.clone(), &|i| i == "Debug") {
                    derive_debug = Some(Span::from_pm2(attrs::span(attr)));
                }
                // `DeriveModel`: the expanded entity format (`struct Entity` beside it).
                entity |=
                    attrs::any_ident(tokens, &|i| i == "DeriveEntityModel" || i == "DeriveModel");
            }
            "model" if segs.first().is_some_and(|f| f == "sea_orm") => entity = true,
            "soft_delete" => soft_delete = Some(attrs::soft_delete(attr)),
            _ => {}
        }
    }
    let generics = ty::generics_of(&s.generics);
    let fields: Vec<FieldFact> = s
        .fields
        .iter()
        .enumerate()
        .map(|(i, field)| {
            let (name, span) = match &field.ident {
                Some(id) => (id.to_string(), Span::from_pm2(id.span())),
                None => (i.to_string(), Span::from_pm2(field_start(field))),
            };
            FieldFact {
                name,
                span,
                ty: ty::of_type(&field.ty, &generics),
                plain: is_plain_secret_type(&field.ty),
            }
        })
        .collect();
    if entity && s.ident == "Model" {
        dense_relations(w, s);
        let columns = s
            .fields
            .iter()
            .filter_map(|f| {
                let name = f.ident.as_ref()?.to_string();
                let mut ty = f.ty.to_token_stream().to_string();
                ty.retain(|c| !c.is_whitespace());
                Some(ColumnFact {
                    name,
                    ty,
                    primary_key: attrs::sea_orm_flag(&f.attrs, "primary_key"),
                    enum_name: attrs::sea_orm_value(&f.attrs, "enum_name"),
                })
            })
            .collect();
        let first_attr = s
            .attrs
            .iter()
            .filter(|a| !a.path().is_ident("doc"))
            .map(|a| Span::from_pm2(a.pound_token.span))
            .next()
            .unwrap_or_else(|| Span::from_pm2(s.struct_token.span));
        let module = w.module.clone();
        w.facts.entities.push(EntityFact {
            module,
            span: Span::from_pm2(s.ident.span()),
            table_name: attrs::sea_orm_value(&s.attrs, "table_name"),
            soft_delete,
            columns,
            insert_line: first_attr.line,
        });
    }
    let module = w.module_shared();
    w.facts.types.push(TypeFact {
        name: s.ident.to_string(),
        module,
        derive_debug,
        fields,
        is_enum: false,
    });
}

fn field_start(f: &syn::Field) -> proc_macro2::Span {
    match &f.ty {
        Type::Path(p) => p
            .path
            .segments
            .first()
            .map_or_else(proc_macro2::Span::call_site, |s| s.ident.span()),
        _ => proc_macro2::Span::call_site(),
    }
}

/// A 2.0 dense entity's relation fields: `pub user: HasOne<super::user::Entity>`.
fn dense_relations(w: &mut Walker<'_>, s: &syn::ItemStruct) {
    for field in &s.fields {
        let (Some(name), Type::Path(tp)) = (&field.ident, &field.ty) else {
            continue;
        };
        let Some(last) = tp.path.segments.last() else {
            continue;
        };
        if !matches!(
            last.ident.to_string().as_str(),
            "HasOne" | "HasMany" | "BelongsTo"
        ) {
            continue;
        }
        let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
            continue;
        };
        if let Some(syn::GenericArgument::Type(Type::Path(target))) = args.args.first() {
            w.facts.relations.push(RelationFact {
                module: w.module.clone(),
                variant: harden_calls::upper_camel(&name.to_string()),
                target: segments(&target.path),
            });
        }
    }
}

/// `enum Relation { #[sea_orm(belongs_to = "super::user::Entity", ..)] User }`.
fn relation_variants(w: &mut Walker<'_>, e: &syn::ItemEnum) {
    for v in &e.variants {
        let target = ["belongs_to", "has_one", "has_many"]
            .iter()
            .find_map(|key| attrs::sea_orm_value(&v.attrs, key));
        if let Some(target) = target {
            w.facts.relations.push(RelationFact {
                module: w.module.clone(),
                variant: v.ident.to_string(),
                target: target.split("::").map(|s| s.trim().to_string()).collect(),
            });
        }
    }
}

pub(super) fn enumeration(w: &mut Walker<'_>, e: &syn::ItemEnum) {
    if e.ident == "Relation" {
        relation_variants(w, e);
    }
    let module = w.module_shared();
    w.facts.types.push(TypeFact {
        name: e.ident.to_string(),
        module,
        derive_debug: None,
        fields: Vec::new(),
        is_enum: true,
    });
}

pub(super) fn trait_def(w: &mut Walker<'_>, t: &syn::ItemTrait) -> u32 {
    let module = w.module_shared();
    w.facts.traits.push(TraitFact {
        name: t.ident.to_string(),
        module,
    });
    (w.facts.traits.len() - 1) as u32
}

/// An `impl` block; `impl Linked for L` also records the link's target entity.
pub(super) fn implementation(w: &mut Walker<'_>, i: &syn::ItemImpl) -> u32 {
    let self_ty = match &*i.self_ty {
        Type::Path(p) => segments(&p.path),
        other => vec![other.to_token_stream().to_string()],
    };
    let trait_ = i.trait_.as_ref().map(|(_, p, _)| segments(p));
    if trait_
        .as_ref()
        .and_then(|t| t.last())
        .is_some_and(|t| t == "Linked")
        && let Some(name) = self_ty.last()
    {
        let hops = i
            .items
            .iter()
            .find_map(|item| match item {
                ImplItem::Fn(f) if f.sig.ident == "link" => Some(super::db::link_hops(&f.block)),
                _ => None,
            })
            .unwrap_or_default();
        for item in &i.items {
            if let ImplItem::Type(t) = item
                && t.ident == "ToEntity"
                && let Type::Path(tp) = &t.ty
            {
                w.facts.links.push(LinkFact {
                    name: name.clone(),
                    to_entity: segments(&tp.path),
                    hops: hops.clone(),
                });
            }
        }
    }
    let module = w.module_shared();
    let span = match &*i.self_ty {
        Type::Path(p) => p
            .path
            .segments
            .last()
            .map_or(i.impl_token.span, |s| s.ident.span()),
        _ => i.impl_token.span,
    };
    w.facts.impls.push(ImplFact {
        self_ty,
        trait_,
        module,
        span: Span::from_pm2(span),
        soft_delete: i.attrs.iter().any(|a| attrs::last(a) == "soft_delete"),
        generics: ty::generics_of(&i.generics),
    });
    (w.facts.impls.len() - 1) as u32
}

/// A function or method: its signature and attributes. Returns its index and its parameters
/// as local bindings. The fn's generics are pushed onto the walker's (the caller truncates).
/// `impl Related<X> for Entity { fn via() -> Option<RelationDef> { Some(j::Relation::V.def().rev()) } }`:
/// the junction a many-to-many relation goes through.
pub(super) fn related_via(w: &mut Walker<'_>, idx: u32, f: &syn::ImplItemFn) {
    if f.sig.ident != "via" {
        return;
    }
    let related = w
        .impl_idx
        .and_then(|i| w.facts.impls[i as usize].trait_.as_ref())
        .and_then(|t| t.last())
        .is_some_and(|t| t == "Related");
    let Some(syn::Stmt::Expr(tail, None)) = f.block.stmts.last() else {
        return;
    };
    // `Some(def)`.
    let Expr::Call(some) = tail else { return };
    if !related || some.args.len() != 1 {
        return;
    }
    if let Some(hop) = super::db::relation_def(&some.args[0]) {
        w.facts.related_vias.push(RelatedVia { func: idx, hop });
    }
}

pub(super) fn function(
    w: &mut Walker<'_>,
    sig: &syn::Signature,
    list: &[Attribute],
) -> (u32, Vec<(String, Local)>) {
    w.generics.extend(ty::generics_of(&sig.generics));
    let module = w.module_shared();
    let mut f = FnFact {
        name: sig.ident.to_string(),
        span: Span::from_pm2(sig.ident.span()),
        module,
        impl_idx: w.impl_idx,
        trait_idx: w.trait_idx,
        is_test: w.in_test() || list.iter().any(attrs::is_test_fn),
        ret: match &sig.output {
            syn::ReturnType::Type(_, t) => ty::of_type(t, &w.generics),
            syn::ReturnType::Default => Ty::Unknown,
        },
        ..FnFact::default()
    };
    for attr in list {
        match attrs::last(attr).as_str() {
            "soft_delete" => f.soft_delete = true,
            "transactional" => {
                f.transactional =
                    Some(attrs::explicit_conn(attr).or_else(|| connection_param(sig)));
            }
            "instrument" => f.instrument = Some(attrs::instrument(attr)),
            _ => {}
        }
    }
    let mut params = Vec::new();
    for input in &sig.inputs {
        match input {
            syn::FnArg::Receiver(_) => f.has_self = true,
            syn::FnArg::Typed(pt) => {
                f.takes_transaction |= is_transaction_type(&pt.ty);
                let ty = ty::of_type(&pt.ty, &w.generics);
                match &*pt.pat {
                    Pat::Ident(pi) => {
                        let name = pi.ident.to_string();
                        f.params.push(Param {
                            name: name.clone(),
                            span: Span::from_pm2(pi.ident.span()),
                            ty: ty.clone(),
                        });
                        params.push((
                            name,
                            Local {
                                ty,
                                ..Local::default()
                            },
                        ));
                    }
                    // `State(state): State<AppState>`, `Json(body): Json<T>`.
                    Pat::TupleStruct(ts) if ts.elems.len() == 1 => {
                        if let Some(Pat::Ident(pi)) = ts.elems.first() {
                            let name = pi.ident.to_string();
                            f.params.push(Param {
                                name: name.clone(),
                                span: Span::from_pm2(pi.ident.span()),
                                ty: ty.clone(),
                            });
                            params.push((
                                name,
                                Local {
                                    ty,
                                    ..Local::default()
                                },
                            ));
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    w.facts.fns.push(f);
    let idx = (w.facts.fns.len() - 1) as u32;
    if sig.ident == "main" {
        for attr in list {
            runtime::main_attr(w, idx, attr);
        }
    }
    (idx, params)
}

/// The one connection parameter `#[transactional]` takes as its handle, classified as the
/// macro classifies it (`harden_calls::connection`): `&DatabaseConnection`, `&DbConn`,
/// `&DatabaseTransaction`, `&impl TransactionTrait`, or `&C` with `C: TransactionTrait`.
/// `None` when there is none or several (the macro refuses those).
fn connection_param(sig: &syn::Signature) -> Option<String> {
    use harden_calls::connection::{can_begin, of_bounds, of_type_name};
    let last_names = |bounds: &mut dyn Iterator<Item = &syn::TypeParamBound>| -> Vec<String> {
        bounds
            .filter_map(|b| match b {
                syn::TypeParamBound::Trait(t) => {
                    t.path.segments.last().map(|s| s.ident.to_string())
                }
                _ => None,
            })
            .collect()
    };
    // The bounds of a type parameter, inline and in `where`.
    let generic_bounds = |name: &syn::Ident| -> Option<Vec<String>> {
        let param = sig.generics.type_params().find(|p| p.ident == *name)?;
        let mut names = last_names(&mut param.bounds.iter());
        for pred in sig.generics.where_clause.iter().flat_map(|w| &w.predicates) {
            if let syn::WherePredicate::Type(pt) = pred
                && let Type::Path(bounded) = &pt.bounded_ty
                && bounded.path.is_ident(name)
            {
                names.extend(last_names(&mut pt.bounds.iter()));
            }
        }
        Some(names)
    };
    let mut found = sig.inputs.iter().filter_map(|input| {
        let syn::FnArg::Typed(pt) = input else {
            return None;
        };
        let Pat::Ident(pi) = &*pt.pat else {
            return None;
        };
        let Type::Reference(r) = &*pt.ty else {
            return None;
        };
        if r.mutability.is_some() {
            return None;
        }
        let kind = match &*r.elem {
            Type::Path(p) if p.qself.is_none() => {
                let last = p.path.segments.last()?;
                let named = last
                    .arguments
                    .is_none()
                    .then(|| of_type_name(&last.ident.to_string()))
                    .flatten();
                match (named, p.path.get_ident()) {
                    (Some(kind), _) => Some(kind),
                    (None, Some(ident)) => {
                        let names = generic_bounds(ident)?;
                        of_bounds(names.iter().map(String::as_str))
                    }
                    (None, None) => None,
                }
            }
            Type::ImplTrait(t) => {
                let names = last_names(&mut t.bounds.iter());
                of_bounds(names.iter().map(String::as_str))
            }
            _ => None,
        }?;
        can_begin(kind).then(|| pi.ident.to_string())
    });
    let first = found.next()?;
    found.next().is_none().then_some(first)
}

/// `&DatabaseTransaction`, `&sea_orm::DatabaseTransaction`, `&mut DatabaseTransaction`.
fn is_transaction_type(ty: &Type) -> bool {
    match ty {
        Type::Reference(r) => is_transaction_type(&r.elem),
        Type::Paren(p) => is_transaction_type(&p.elem),
        Type::Path(p) => p
            .path
            .segments
            .last()
            .is_some_and(|s| harden_calls::TRANSACTION_TYPES.iter().any(|t| s.ident == t)),
        _ => false,
    }
}

/// A plain string or bytes type, whose `Debug` prints the value.
fn is_plain_secret_type(ty: &Type) -> bool {
    match ty {
        Type::Reference(r) => is_plain_secret_type(&r.elem),
        Type::Slice(_) | Type::Array(_) => true,
        Type::Path(p) => {
            let Some(last) = p.path.segments.last() else {
                return false;
            };
            let name = last.ident.to_string();
            match name.as_str() {
                "String" | "str" | "Bytes" | "BytesMut" | "Vec" => true,
                "Option" | "Box" | "Arc" | "Rc" | "Cow" => match &last.arguments {
                    syn::PathArguments::AngleBracketed(a) => a.args.iter().any(|arg| match arg {
                        syn::GenericArgument::Type(t) => is_plain_secret_type(t),
                        _ => false,
                    }),
                    _ => false,
                },
                _ => false,
            }
        }
        _ => false,
    }
}

/// Names of the variant-less enums among `items` and their inline modules.
pub(super) fn empty_enums(items: &[Item], out: &mut Vec<String>) {
    for item in items {
        match item {
            Item::Enum(e) if e.variants.is_empty() => out.push(e.ident.to_string()),
            Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    empty_enums(inner, out);
                }
            }
            _ => {}
        }
    }
}

/// The expanded entity format names its table in `impl EntityName for Entity { fn
/// table_name(&self) -> &str { "users" } }`: fills in the entities of `items` that had none.
pub(super) fn entity_table_names(items: &[Item], module: &[String], facts: &mut FileFacts) {
    for item in items {
        match item {
            Item::Impl(i)
                if i.trait_.as_ref().is_some_and(|(_, p, _)| {
                    p.segments.last().is_some_and(|s| s.ident == "EntityName")
                }) =>
            {
                for item in &i.items {
                    let ImplItem::Fn(f) = item else { continue };
                    if f.sig.ident != "table_name" {
                        continue;
                    }
                    if let Some(syn::Stmt::Expr(Expr::Lit(l), None)) = f.block.stmts.last()
                        && let syn::Lit::Str(s) = &l.lit
                    {
                        for e in &mut facts.entities {
                            if e.table_name.is_none() && e.module == module {
                                e.table_name = Some(s.value());
                            }
                        }
                    }
                }
            }
            Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    let mut inner_module = module.to_vec();
                    inner_module.push(m.ident.to_string());
                    entity_table_names(inner, &inner_module, facts);
                }
            }
            _ => {}
        }
    }
}
