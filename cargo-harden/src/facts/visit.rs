//! The single syn traversal that fills `FileFacts`.

use crate::hash::FastMap as HashMap;

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::visit::{self, Visit};
use syn::{Attribute, Expr, ImplItem, Item, Pat, Type};

use super::*;

const HTTP_VERBS: &[&str] = &["get", "post", "put", "patch", "delete", "head", "request"];
const HTTP_CRATES: &[&str] = &[
    "reqwest",
    "ureq",
    "hyper",
    "surf",
    "isahc",
    "attohttpc",
    "awc",
];
const NOT_ENTITIES: &[&str] = &[
    "Vec", "HashMap", "HashSet", "BTreeMap", "BTreeSet", "VecDeque", "String", "Option", "str",
    "Regex", "Self", "self", "std", "core", "alloc", "Cow", "IndexMap", "IndexSet",
];

pub(super) fn visit_file(file: &syn::File, module: &[String], facts: &mut FileFacts) {
    let mut v = Visitor {
        facts,
        module: module.to_vec(),
        current_fn: None,
        current_impl: None,
        in_test: 0,
        txn_closure: 0,
        filters: Vec::new(),
        swallow: HashMap::default(),
        lit_context: None,
        locals: HashMap::default(),
        empty_enums: Vec::new(),
        in_uninhabited_impl: false,
        exec_handle: None,
        txn_params: Vec::new(),
        module_arc: module.into(),
    };
    empty_enums(&file.items, &mut v.empty_enums);
    let mut entity_names = Vec::new();
    entity_name_impls(&file.items, module, &mut entity_names);
    for attr in &file.attrs {
        if is_cfg_test(attr) {
            v.facts.test_ranges.push((1, u32::MAX));
        }
    }
    v.visit_file(file);
    // The expanded entity format names its table in `impl EntityName for Entity`.
    for e in &mut v.facts.entities {
        if e.table_name.is_none()
            && let Some((_, name)) = entity_names.iter().find(|(m, _)| *m == e.module)
        {
            e.table_name = Some(name.clone());
        }
    }
}

/// `impl EntityName for Entity { fn table_name(&self) -> &str { "users" } }` among `items`
/// and their inline modules: (module path, table name).
fn entity_name_impls(items: &[Item], module: &[String], out: &mut Vec<(Vec<String>, String)>) {
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
                        out.push((module.to_vec(), s.value()));
                    }
                }
            }
            Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    let mut inner_module = module.to_vec();
                    inner_module.push(m.ident.to_string());
                    entity_name_impls(inner, &inner_module, out);
                }
            }
            _ => {}
        }
    }
}

struct Visitor<'f> {
    facts: &'f mut FileFacts,
    module: Vec<String>,
    current_fn: Option<usize>,
    current_impl: Option<usize>,
    in_test: usize,
    txn_closure: usize,
    filters: Vec<String>,
    swallow: HashMap<(u32, u32), &'static str>,
    lit_context: Option<String>,
    /// Local variable → type path, in the current function.
    locals: HashMap<String, Vec<String>>,
    /// Enums of this file without variants (`enum Relation {}`).
    empty_enums: Vec<String>,
    /// Inside an `impl` for one of them: its methods can never be called.
    in_uninhabited_impl: bool,
    /// While visiting the receiver of `.exec(db)`: the handle the statement runs on.
    exec_handle: Option<String>,
    /// The parameters of the `transaction(|txn| ..)` closures being visited.
    txn_params: Vec<Option<String>>,
    /// `module`, shared by the functions recorded in it.
    module_arc: std::sync::Arc<[String]>,
}

/// Names of the variant-less enums among `items` and their inline modules.
fn empty_enums(items: &[Item], out: &mut Vec<String>) {
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

/// Where a call starts (`diag::Span` line and column): how a swallowed result finds its call.
fn key(span: proc_macro2::Span) -> (u32, u32) {
    let s = Span::from_pm2(span);
    (s.line, s.column)
}

fn path_segments(path: &syn::Path) -> Vec<String> {
    path.segments.iter().map(|s| s.ident.to_string()).collect()
}

/// `#[..]` from `#` to `]`, without printing the attribute into tokens.
fn attr_span(attr: &Attribute) -> proc_macro2::Span {
    let start = attr.pound_token.span;
    start.join(attr.bracket_token.span.close()).unwrap_or(start)
}

/// Collects every identifier of an expression (paths, methods, fields).
struct IdentCollector<'a>(&'a mut Vec<String>);

impl<'ast> Visit<'ast> for IdentCollector<'_> {
    fn visit_ident(&mut self, i: &'ast proc_macro2::Ident) {
        self.0.push(i.to_string());
    }
}

fn attr_last(attr: &Attribute) -> String {
    attr.path()
        .segments
        .last()
        .map(|s| s.ident.to_string())
        .unwrap_or_default()
}

fn attr_tokens(attr: &Attribute) -> TokenStream {
    match &attr.meta {
        syn::Meta::List(l) => l.tokens.clone(),
        syn::Meta::NameValue(nv) => nv.value.to_token_stream(),
        syn::Meta::Path(_) => TokenStream::new(),
    }
}

fn idents_in(tokens: TokenStream, out: &mut Vec<String>) {
    for tt in tokens {
        match tt {
            TokenTree::Ident(i) => out.push(i.to_string()),
            TokenTree::Group(g) => idents_in(g.stream(), out),
            _ => {}
        }
    }
}

fn has_ident(tokens: TokenStream, name: &str) -> bool {
    any_ident(tokens, &|i| i == name)
}

/// Whether some identifier in `tokens` (nested groups included) satisfies `f`.
fn any_ident(tokens: TokenStream, f: &dyn Fn(&proc_macro2::Ident) -> bool) -> bool {
    tokens.into_iter().any(|tt| match tt {
        TokenTree::Ident(i) => f(&i),
        TokenTree::Group(g) => any_ident(g.stream(), f),
        _ => false,
    })
}

fn is_cfg_test(attr: &Attribute) -> bool {
    attr.path().is_ident("cfg") && has_ident(attr_tokens(attr), "test")
}

/// `#[harden_runtime::allow(..)]` (or through another `harden*` path).
fn is_allow_attr(attr: &Attribute) -> bool {
    let segs = &attr.path().segments;
    segs.len() == 2 && segs[1].ident == "allow" && segs[0].ident.to_string().starts_with("harden")
}

fn is_test_attr(attr: &Attribute) -> bool {
    matches!(attr_last(attr).as_str(), "test" | "rstest" | "bench")
}

/// Whether a string literal token spanning `span` can hold 8 characters (quotes aside):
/// no secret is shorter, so shorter literals are neither decoded nor recorded.
fn could_hold_a_secret(span: Span) -> bool {
    span.end_line > span.line || span.end_column.saturating_sub(span.column) >= 10
}

/// The value of a string or byte-string literal token.
pub(crate) fn lit_str_value(l: &proc_macro2::Literal) -> Option<String> {
    match syn::Lit::new(l.clone()) {
        syn::Lit::Str(s) => Some(s.value()),
        syn::Lit::ByteStr(b) => Some(String::from_utf8_lossy(&b.value()).into_owned()),
        _ => None,
    }
}

fn string_lits(tokens: TokenStream, out: &mut Vec<(String, Span)>) {
    for tt in tokens {
        match tt {
            TokenTree::Literal(l) => {
                if let Some(value) = lit_str_value(&l) {
                    out.push((value, Span::from_pm2(l.span())));
                }
            }
            TokenTree::Group(g) => string_lits(g.stream(), out),
            _ => {}
        }
    }
}

/// Whether macro arguments may contain a call or a macro (a parenthesised group, a `!`):
/// only then are they worth parsing as expressions.
fn may_hold_calls(tokens: &[TokenTree]) -> bool {
    tokens.iter().any(|tt| match tt {
        TokenTree::Group(g) => {
            g.delimiter() == proc_macro2::Delimiter::Parenthesis
                || may_hold_calls(&g.stream().into_iter().collect::<Vec<_>>())
        }
        TokenTree::Punct(p) => p.as_char() == '!',
        _ => false,
    })
}

fn item_attrs(item: &Item) -> &[Attribute] {
    match item {
        Item::Const(i) => &i.attrs,
        Item::Enum(i) => &i.attrs,
        Item::ExternCrate(i) => &i.attrs,
        Item::Fn(i) => &i.attrs,
        Item::ForeignMod(i) => &i.attrs,
        Item::Impl(i) => &i.attrs,
        Item::Macro(i) => &i.attrs,
        Item::Mod(i) => &i.attrs,
        Item::Static(i) => &i.attrs,
        Item::Struct(i) => &i.attrs,
        Item::Trait(i) => &i.attrs,
        Item::TraitAlias(i) => &i.attrs,
        Item::Type(i) => &i.attrs,
        Item::Union(i) => &i.attrs,
        Item::Use(i) => &i.attrs,
        _ => &[],
    }
}

/// Strips `.await`, parentheses and references to find the call whose result is used.
fn core_call(mut e: &Expr) -> Option<proc_macro2::Span> {
    loop {
        match e {
            Expr::Await(a) => e = &a.base,
            Expr::Paren(p) => e = &p.expr,
            Expr::Call(c) => return Some(call_span(&c.func, c.paren_token.span.close())),
            Expr::MethodCall(m) => {
                return Some(call_span(&m.receiver, m.paren_token.span.close()));
            }
            _ => return None,
        }
    }
}

/// The span from the start of `head` to `end`. `Spanned::span` would print the whole
/// expression into tokens, once per call in a chain: quadratic in the chain's length.
fn call_span(head: &Expr, end: proc_macro2::Span) -> proc_macro2::Span {
    let start = expr_start(head);
    start.join(end).unwrap_or(start)
}

/// The span of the first token of `e`, without printing it.
fn expr_start(mut e: &Expr) -> proc_macro2::Span {
    loop {
        match e {
            Expr::MethodCall(m) if m.attrs.is_empty() => e = &m.receiver,
            Expr::Call(c) if c.attrs.is_empty() => e = &c.func,
            Expr::Field(f) if f.attrs.is_empty() => e = &f.base,
            Expr::Await(a) if a.attrs.is_empty() => e = &a.base,
            Expr::Try(t) if t.attrs.is_empty() => e = &t.expr,
            Expr::Index(i) if i.attrs.is_empty() => e = &i.expr,
            Expr::Cast(c) if c.attrs.is_empty() => e = &c.expr,
            Expr::Binary(b) if b.attrs.is_empty() => e = &b.left,
            Expr::Paren(p) if p.attrs.is_empty() => return p.paren_token.span.open(),
            Expr::Reference(r) if r.attrs.is_empty() => return r.and_token.span,
            Expr::Path(p) if p.attrs.is_empty() => {
                return match (&p.qself, &p.path.leading_colon) {
                    (Some(q), _) => q.lt_token.span,
                    (None, Some(c)) => c.spans[0],
                    (None, None) => p
                        .path
                        .segments
                        .first()
                        .map_or_else(|| e.span(), |s| s.ident.span()),
                };
            }
            Expr::Macro(m) if m.attrs.is_empty() => {
                return m
                    .mac
                    .path
                    .segments
                    .first()
                    .map_or_else(|| e.span(), |s| s.ident.span());
            }
            _ => return e.span(),
        }
    }
}

/// The variable at the root of a receiver chain (`self.client.post(..)` → `client`).
fn receiver_name(mut e: &Expr) -> Option<String> {
    loop {
        match e {
            Expr::MethodCall(m) => e = &m.receiver,
            Expr::Field(f) => {
                if let syn::Member::Named(n) = &f.member {
                    return Some(n.to_string());
                }
                e = &f.base;
            }
            Expr::Reference(r) => e = &r.expr,
            Expr::Paren(p) => e = &p.expr,
            Expr::Await(a) => e = &a.base,
            Expr::Try(t) => e = &t.expr,
            Expr::Path(p) => return p.path.get_ident().map(ToString::to_string),
            _ => return None,
        }
    }
}

fn chain_methods(mut e: &Expr) -> Vec<String> {
    let mut out = Vec::new();
    loop {
        match e {
            Expr::MethodCall(m) => {
                out.push(m.method.to_string());
                e = &m.receiver;
            }
            Expr::Await(a) => e = &a.base,
            Expr::Try(t) => e = &t.expr,
            Expr::Paren(p) => e = &p.expr,
            Expr::Field(f) => e = &f.base,
            _ => return out,
        }
    }
}

/// `X::find()`, `<X as EntityTrait>::find()`, `user::ActiveModel::insert(am, db)`: the
/// operation, the entity path and whether `#[soft_delete]` leaves the call as written.
fn static_db_call(
    p: &syn::ExprPath,
    segs: &[String],
    arity: usize,
) -> Option<(DbOp, Vec<String>, Option<NotRewritten>)> {
    let (method, prefix) = segs.split_last()?;
    if let Some(q) = &p.qself {
        // `<X as EntityTrait>::find()` or `<X>::find()`: the entity is the qualified self type.
        let call = harden_calls::entity_call(method, arity)?;
        let Type::Path(tp) = &*q.ty else { return None };
        let entity = path_segments(&tp.path);
        let head = entity.last()?;
        if !harden_calls::names_a_type(head) || head == "Self" {
            return None;
        }
        return Some((call.op, entity, Some(NotRewritten::QualifiedPath)));
    }
    let owner = prefix.last()?;
    if NOT_ENTITIES.contains(&prefix[0].as_str())
        || !harden_calls::names_a_type(owner)
        || owner == "Self"
    {
        return None;
    }
    if let Some(call) = harden_calls::entity_call(method, arity) {
        return Some((call.op, prefix.to_vec(), None));
    }
    // A model method called as a path: `user::ActiveModel::insert(am, db)`.
    let call = harden_calls::model_call(method, arity.checked_sub(1)?)?;
    owner
        .ends_with("Model")
        .then(|| (call.op, prefix.to_vec(), None))
}

/// A connection argument as text, without what does not change which connection it is:
/// `&self.db`, `self.db.as_ref()` and `(*self.db)` are all `self.db`.
pub(crate) fn handle_text(mut e: &Expr) -> String {
    loop {
        match e {
            Expr::Reference(r) => e = &r.expr,
            Expr::Paren(p) => e = &p.expr,
            Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => e = &u.expr,
            Expr::MethodCall(m)
                if m.args.is_empty()
                    && ["as_ref", "clone", "deref", "borrow"]
                        .iter()
                        .any(|n| m.method == n) =>
            {
                e = &m.receiver
            }
            _ => break,
        }
    }
    let mut text = String::new();
    if !push_path_text(e, &mut text) {
        text = e.to_token_stream().to_string();
        text.retain(|c| !c.is_whitespace());
    }
    text
}

/// Writes `a::b`, `self.db`, `state.pool()` as their tokens would read without spaces;
/// `false` for any other expression.
fn push_path_text(e: &Expr, out: &mut String) -> bool {
    match e {
        Expr::Path(p) if p.qself.is_none() => {
            if p.path.leading_colon.is_some() {
                out.push_str("::");
            }
            for (i, seg) in p.path.segments.iter().enumerate() {
                if !seg.arguments.is_none() {
                    return false;
                }
                if i > 0 {
                    out.push_str("::");
                }
                out.push_str(&seg.ident.to_string());
            }
            true
        }
        Expr::Field(f) => {
            if !push_path_text(&f.base, out) {
                return false;
            }
            out.push('.');
            match &f.member {
                syn::Member::Named(n) => out.push_str(&n.to_string()),
                syn::Member::Unnamed(i) => out.push_str(&i.index.to_string()),
            }
            true
        }
        Expr::MethodCall(m) if m.args.is_empty() && m.turbofish.is_none() => {
            if !push_path_text(&m.receiver, out) {
                return false;
            }
            out.push('.');
            out.push_str(&m.method.to_string());
            out.push_str("()");
            true
        }
        _ => false,
    }
}

/// `conn = self.db` in `#[transactional(..)]`, as `handle_text` writes it.
fn explicit_conn(tokens: TokenStream) -> Option<String> {
    let mut iter = tokens.into_iter().peekable();
    while let Some(tt) = iter.next() {
        let TokenTree::Ident(i) = &tt else { continue };
        if i != "conn" || !matches!(iter.peek(), Some(TokenTree::Punct(p)) if p.as_char() == '=') {
            continue;
        }
        iter.next();
        // The tokens without spaces: what `handle_text` writes for the same expression.
        let mut text = String::new();
        for t in iter.take_while(|t| !matches!(t, TokenTree::Punct(p) if p.as_char() == ',')) {
            text.push_str(&t.to_string());
        }
        text.retain(|c| !c.is_whitespace());
        let text = text.trim_start_matches('&').to_string();
        return (!text.is_empty()).then_some(text);
    }
    None
}

/// The one connection parameter `#[transactional]` takes as its handle: `&DatabaseConnection`,
/// `&DatabaseTransaction`, `&impl TransactionTrait`/`ConnectionTrait`, or `&C` for a type
/// parameter `C`. `None` when there is none or several (the macro refuses those).
fn connection_param(sig: &syn::Signature) -> Option<String> {
    let generic = |name: &syn::Ident| sig.generics.type_params().any(|p| p.ident == *name);
    let mut found = sig.inputs.iter().filter_map(|input| {
        let syn::FnArg::Typed(pt) = input else { return None };
        let Pat::Ident(pi) = &*pt.pat else { return None };
        let Type::Reference(r) = &*pt.ty else { return None };
        let is_conn = match &*r.elem {
            Type::Path(p) => p.path.segments.last().is_some_and(|s| {
                s.ident == "DatabaseConnection"
                    || s.ident == "DatabaseTransaction"
                    || (p.path.segments.len() == 1 && generic(&s.ident))
            }),
            Type::ImplTrait(t) => t.bounds.iter().any(|b| {
                matches!(b, syn::TypeParamBound::Trait(t) if t.path.segments.last().is_some_and(|s| {
                    s.ident == "TransactionTrait" || s.ident == "ConnectionTrait"
                }))
            }),
            _ => false,
        };
        is_conn.then(|| pi.ident.to_string())
    });
    let first = found.next()?;
    found.next().is_none().then_some(first)
}

/// The first parameter of a closure (`txn` in `|txn| ..`).
fn closure_param(e: &Expr) -> Option<String> {
    let Expr::Closure(c) = e else { return None };
    let mut pat = c.inputs.first()?;
    if let Pat::Type(pt) = pat {
        pat = &pt.pat;
    }
    match pat {
        Pat::Ident(pi) => Some(pi.ident.to_string()),
        _ => None,
    }
}

/// The name a connection argument ends in: `db` for `&self.db`, `state.db.as_ref()`,
/// `self.db()`.
fn handle_name(mut e: &Expr) -> Option<String> {
    loop {
        match e {
            Expr::Reference(r) => e = &r.expr,
            Expr::Paren(p) => e = &p.expr,
            Expr::Unary(u) => e = &u.expr,
            Expr::MethodCall(m) if m.args.is_empty() => {
                if ["as_ref", "clone", "deref", "borrow"]
                    .iter()
                    .any(|n| m.method == n)
                {
                    e = &m.receiver;
                } else {
                    return Some(m.method.to_string());
                }
            }
            Expr::Field(f) => {
                return match &f.member {
                    syn::Member::Named(n) => Some(n.to_string()),
                    syn::Member::Unnamed(_) => None,
                };
            }
            Expr::Path(p) => return p.path.segments.last().map(|s| s.ident.to_string()),
            _ => return None,
        }
    }
}

fn looks_like_db_handle(e: &Expr) -> bool {
    let Some(name) = handle_name(e) else {
        return false;
    };
    let last = name.to_lowercase();
    [
        "db",
        "conn",
        "txn",
        "tx",
        "trx",
        "pool",
        "transaction",
        "database",
        "executor",
        "connection",
    ]
    .iter()
    .any(|k| {
        last == *k
            || last
                .strip_prefix(k)
                .is_some_and(|rest| rest.starts_with('_'))
            || last.strip_suffix(k).is_some_and(|rest| rest.ends_with('_'))
    })
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

impl Visitor<'_> {
    fn allow_attrs(&mut self, attrs: &[Attribute], lines: (u32, u32)) {
        for attr in attrs {
            if !is_allow_attr(attr) {
                continue;
            }
            let mut rules = Vec::new();
            let mut reason = None;
            for seg in attr_tokens(attr).to_string().split(',') {
                let seg = seg.trim();
                if let Some(r) = seg.strip_prefix("reason") {
                    let r = r
                        .trim_start()
                        .trim_start_matches('=')
                        .trim()
                        .trim_matches('"')
                        .trim();
                    if !r.is_empty() {
                        reason = Some(r.to_string());
                    }
                } else if !seg.is_empty() {
                    rules.push(seg.replace(' ', "").trim_matches('"').to_string());
                }
            }
            let span = Span::from_pm2(attr_span(attr));
            self.facts.item_allows.push(Allow {
                rules,
                reason,
                span,
                lines,
            });
        }
    }

    /// Records attributes shared by all items; returns whether the item is test code.
    /// `span` is asked for only when an attribute needs the item's lines: `Spanned::span`
    /// prints the whole item into tokens.
    fn common_attrs(
        &mut self,
        attrs: &[Attribute],
        span: impl FnOnce() -> proc_macro2::Span,
    ) -> bool {
        let test = attrs.iter().any(|a| is_cfg_test(a) || is_test_attr(a));
        if !test && !attrs.iter().any(is_allow_attr) {
            return false;
        }
        let s = Span::from_pm2(span());
        let lines = (s.line, s.end_line);
        self.allow_attrs(attrs, lines);
        if test {
            self.facts.test_ranges.push(lines);
        }
        test
    }

    fn new_fn(&mut self, sig: &syn::Signature, attrs: &[Attribute]) -> usize {
        let mut f = FnFact {
            name: sig.ident.to_string(),
            span: Span::from_pm2(sig.ident.span()),
            module: self.module_shared(),
            impl_idx: self.current_impl,
            is_test: self.in_test > 0,
            ..FnFact::default()
        };
        for attr in attrs {
            match attr_last(attr).as_str() {
                "soft_delete" => f.soft_delete = true,
                "transactional" => {
                    f.transactional = true;
                    f.transactional_conn =
                        explicit_conn(attr_tokens(attr)).or_else(|| connection_param(sig));
                }
                "instrument" => {
                    let tokens = attr_tokens(attr);
                    let mut skip = Vec::new();
                    let mut skip_all = false;
                    let mut iter = tokens.into_iter().peekable();
                    while let Some(tt) = iter.next() {
                        if let TokenTree::Ident(i) = &tt {
                            if i == "skip_all" {
                                skip_all = true;
                            } else if i == "skip"
                                && let Some(TokenTree::Group(g)) = iter.peek()
                            {
                                idents_in(g.stream(), &mut skip);
                            }
                        }
                    }
                    f.instrument = Some(InstrumentFact {
                        span: Span::from_pm2(attr_span(attr)),
                        skip_all,
                        skip,
                    });
                }
                _ => {}
            }
        }
        for input in &sig.inputs {
            match input {
                syn::FnArg::Receiver(_) => f.has_self = true,
                syn::FnArg::Typed(pt) => {
                    f.takes_transaction |= is_transaction_type(&pt.ty);
                    if let Pat::Ident(pi) = &*pt.pat {
                        f.params
                            .push((pi.ident.to_string(), Span::from_pm2(pi.ident.span())));
                        let ty = match &*pt.ty {
                            Type::Reference(r) => &*r.elem,
                            ty => ty,
                        };
                        if let Type::Path(p) = ty {
                            self.local_type(&pi.ident, &p.path);
                        }
                    }
                }
            }
        }
        self.facts.fns.push(f);
        self.facts.fns.len() - 1
    }

    /// Visits a function body; `saved_locals` are the caller's locals, restored afterwards
    /// (the parameters `new_fn` recorded are visible only inside).
    fn with_fn(
        &mut self,
        idx: usize,
        block: &syn::Block,
        saved_locals: HashMap<String, Vec<String>>,
    ) {
        let saved_fn = self.current_fn.replace(idx);
        let saved_txn = std::mem::replace(&mut self.txn_closure, 0);
        let saved_params = std::mem::take(&mut self.txn_params);
        let saved_exec = self.exec_handle.take();
        self.visit_block(block);
        self.current_fn = saved_fn;
        self.locals = saved_locals;
        self.txn_closure = saved_txn;
        self.txn_params = saved_params;
        self.exec_handle = saved_exec;
    }

    /// The current module path, shared with the functions already recorded in it.
    fn module_shared(&mut self) -> std::sync::Arc<[String]> {
        if *self.module_arc != self.module[..] {
            self.module_arc = self.module.as_slice().into();
        }
        self.module_arc.clone()
    }

    /// Remembers the type of a local or parameter; only qualified types (`user::ActiveModel`)
    /// can name the entity a later `am.insert(db)` writes.
    fn local_type(&mut self, name: &proc_macro2::Ident, ty: &syn::Path) {
        if ty.segments.len() >= 2 {
            self.locals.insert(name.to_string(), path_segments(ty));
        } else if !self.locals.is_empty() {
            // A shadowing binding of another type.
            self.locals.remove(&name.to_string());
        }
    }

    fn db_call(
        &mut self,
        op: DbOp,
        method: &str,
        entity: Option<Vec<String>>,
        receiver: Option<String>,
        span: Span,
        not_rewritten: Option<NotRewritten>,
    ) {
        // A statement runs on the `.exec(db)` its chain ends in (a model write sets it to
        // its own argument, `am.insert(db)`).
        let handle = self.exec_handle.clone();
        self.facts.db_calls.push(DbCall {
            op,
            method: method.to_string(),
            entity,
            receiver,
            span,
            func: self.current_fn,
            in_transaction_closure: self.txn_closure > 0,
            filter_idents: self.filters.clone(),
            not_rewritten,
            handle,
            txn_param: self.txn_params.last().cloned().flatten(),
        });
    }

    fn side_effect(&mut self, what: &'static str, call: String, span: Span) {
        self.facts.side_effects.push(SideEffect {
            what,
            call,
            span,
            func: self.current_fn,
            in_transaction_closure: self.txn_closure > 0,
        });
    }

    /// A call, with the database handles among its `args`.
    fn call_fact(
        &mut self,
        target: CallTarget,
        span: Span,
        args: &Punctuated<Expr, syn::Token![,]>,
    ) {
        let swallowed = self.swallow.get(&(span.line, span.column)).copied();
        // Handles passed along matter only inside a transaction (for
        // `write-through-other-handle`): look at the arguments only there.
        let in_transaction = self.txn_closure > 0
            || self.current_fn.is_some_and(|f| {
                let f = &self.facts.fns[f];
                f.transactional || !f.begins.is_empty()
            });
        let handles = if in_transaction {
            args.iter()
                .filter(|a| looks_like_db_handle(a))
                .map(handle_text)
                .collect()
        } else {
            Vec::new()
        };
        self.facts.calls.push(CallFact {
            target,
            span,
            func: self.current_fn,
            in_transaction_closure: self.txn_closure > 0,
            swallowed,
            handles,
            txn_param: self.txn_params.last().cloned().flatten(),
        });
    }

    fn raw_sql(&mut self, args: TokenStream, span: Span, via: String) {
        let mut lits = Vec::new();
        string_lits(args, &mut lits);
        let sql = lits
            .into_iter()
            .map(|(s, _)| s)
            .collect::<Vec<_>>()
            .join(" ");
        if !sql.is_empty() {
            self.facts.raw_sql.push(RawSqlFact { sql, span, via });
        }
    }

    /// The string literals of macro arguments that are not parsed, each named by the
    /// `name = ".."` or `name: ".."` it is bound to, as parsing would have named it.
    fn literals_in(&mut self, tokens: &[TokenTree]) {
        let mut bound: Option<String> = None;
        let mut ident: Option<&proc_macro2::Ident> = None;
        for tt in tokens {
            match tt {
                TokenTree::Group(g) => {
                    let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                    self.literals_in(&inner);
                    (bound, ident) = (None, None);
                }
                TokenTree::Ident(i) => (bound, ident) = (None, Some(i)),
                TokenTree::Punct(p) if matches!(p.as_char(), '=' | ':') && ident.is_some() => {
                    bound = ident.take().map(ToString::to_string);
                }
                TokenTree::Punct(_) => (bound, ident) = (None, None),
                TokenTree::Literal(l) => {
                    let span = Span::from_pm2(l.span());
                    if could_hold_a_secret(span)
                        && let Some(value) = lit_str_value(l)
                    {
                        self.facts.strings.push(StrFact {
                            value,
                            span,
                            context: bound.take(),
                        });
                    }
                    (bound, ident) = (None, None);
                }
            }
        }
    }

    fn visit_with_context<F: FnOnce(&mut Self)>(&mut self, ctx: Option<String>, f: F) {
        let saved = std::mem::replace(&mut self.lit_context, ctx);
        f(self);
        self.lit_context = saved;
    }
}

/// Methods through which a literal still is "the value" of the binding it is assigned to.
const TRANSPARENT_METHODS: &[&str] = &[
    "to_string",
    "to_owned",
    "into",
    "unwrap_or",
    "unwrap_or_else",
    "unwrap_or_default",
    "as_bytes",
    "as_str",
    "clone",
];
/// Functions through which a literal still is "the value" of its binding.
const TRANSPARENT_FNS: &[&str] = &[
    "from", "new", "Some", "Ok", "Box", "Arc", "Rc", "Cow", "Borrowed", "Owned",
];

impl<'ast> Visit<'ast> for Visitor<'_> {
    fn visit_expr(&mut self, e: &'ast Expr) {
        // The binding's name describes a literal only while the literal is its value.
        let transparent = matches!(
            e,
            Expr::Lit(_)
                | Expr::Paren(_)
                | Expr::Reference(_)
                | Expr::Group(_)
                | Expr::Closure(_)
                | Expr::MethodCall(_)
                | Expr::Call(_)
                | Expr::Await(_)
                | Expr::Try(_)
                | Expr::Cast(_)
        );
        if transparent || self.lit_context.is_none() {
            visit::visit_expr(self, e);
        } else {
            let saved = self.lit_context.take();
            visit::visit_expr(self, e);
            self.lit_context = saved;
        }
    }

    fn visit_item(&mut self, item: &'ast Item) {
        let test = self.common_attrs(item_attrs(item), || item.span());
        self.in_test += usize::from(test);
        visit::visit_item(self, item);
        self.in_test -= usize::from(test);
    }

    fn visit_impl_item(&mut self, item: &'ast ImplItem) {
        let attrs: &[Attribute] = match item {
            ImplItem::Fn(f) => &f.attrs,
            ImplItem::Const(c) => &c.attrs,
            ImplItem::Type(t) => &t.attrs,
            ImplItem::Macro(m) => &m.attrs,
            _ => &[],
        };
        let test = self.common_attrs(attrs, || item.span());
        self.in_test += usize::from(test);
        visit::visit_impl_item(self, item);
        self.in_test -= usize::from(test);
    }

    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        self.module.push(m.ident.to_string());
        visit::visit_item_mod(self, m);
        self.module.pop();
    }

    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        let mut stack = Vec::new();
        collect_use(&u.tree, &mut stack, &mut self.facts.uses);
    }

    fn visit_item_struct(&mut self, s: &'ast syn::ItemStruct) {
        let mut derive_debug = None;
        let mut entity = false;
        let mut table_name = None;
        let mut soft_delete = None;
        for attr in &s.attrs {
            let segs = path_segments(attr.path());
            let last = segs.last().map_or("", String::as_str);
            match last {
                "derive" => {
                    let tokens = attr_tokens(attr);
                    if any_ident(tokens.clone(), &|i| i == "Debug") {
                        derive_debug = Some(Span::from_pm2(attr_span(attr)));
                    }
                    // `DeriveModel`: the expanded entity format (`struct Entity` beside it).
                    entity |=
                        any_ident(tokens, &|i| i == "DeriveEntityModel" || i == "DeriveModel");
                }
                "model" if segs.first().is_some_and(|f| f == "sea_orm") => entity = true,
                "sea_orm" => {
                    let text = attr_tokens(attr);
                    let mut iter = text.into_iter().peekable();
                    while let Some(tt) = iter.next() {
                        if let TokenTree::Ident(i) = &tt
                            && i == "table_name"
                        {
                            iter.next();
                            if let Some(TokenTree::Literal(l)) = iter.next() {
                                table_name = lit_str_value(&l);
                            }
                        }
                    }
                }
                "soft_delete" => soft_delete = Some(parse_soft_delete(attr)),
                _ => {}
            }
        }
        let mut fields = Vec::new();
        for field in &s.fields {
            let Some(ident) = &field.ident else { continue };
            fields.push(FieldFact {
                name: ident.to_string(),
                span: Span::from_pm2(ident.span()),
                plain: is_plain_secret_type(&field.ty),
            });
        }
        if entity && s.ident == "Model" {
            self.facts.entities.push(EntityFact {
                module: self.module.clone(),
                span: Span::from_pm2(s.ident.span()),
                table_name,
                soft_delete,
            });
        }
        self.facts.structs.push(StructFact {
            name: s.ident.to_string(),
            derive_debug,
            fields,
        });
        visit::visit_item_struct(self, s);
    }

    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        let saved_impl = self.current_impl.take();
        let saved = std::mem::take(&mut self.locals);
        let idx = self.new_fn(&f.sig, &f.attrs);
        self.with_fn(idx, &f.block, saved);
        self.current_impl = saved_impl;
    }

    fn visit_item_impl(&mut self, i: &'ast syn::ItemImpl) {
        let self_ty = match &*i.self_ty {
            Type::Path(p) => p
                .path
                .segments
                .last()
                .map(|s| s.ident.to_string())
                .unwrap_or_default(),
            other => other.to_token_stream().to_string(),
        };
        if let Some((_, trait_path, _)) = &i.trait_
            && trait_path
                .segments
                .last()
                .is_some_and(|s| s.ident == "Linked")
        {
            for item in &i.items {
                if let ImplItem::Type(t) = item
                    && t.ident == "ToEntity"
                    && let Type::Path(tp) = &t.ty
                {
                    self.facts.links.push(LinkFact {
                        name: self_ty.clone(),
                        to_entity: path_segments(&tp.path),
                    });
                }
            }
        }
        self.facts.impls.push(ImplFact {
            self_ty,
            span: Span::from_pm2(i.self_ty.span()),
            soft_delete: i.attrs.iter().any(|a| attr_last(a) == "soft_delete"),
        });
        let saved = self.current_impl.replace(self.facts.impls.len() - 1);
        let uninhabited = match &*i.self_ty {
            Type::Path(p) => p
                .path
                .get_ident()
                .is_some_and(|id| self.empty_enums.iter().any(|e| id == e)),
            _ => false,
        };
        let saved_uninhabited = std::mem::replace(&mut self.in_uninhabited_impl, uninhabited);
        for item in &i.items {
            self.visit_impl_item(item);
        }
        self.in_uninhabited_impl = saved_uninhabited;
        self.current_impl = saved;
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        let saved = std::mem::take(&mut self.locals);
        let idx = self.new_fn(&f.sig, &f.attrs);
        self.with_fn(idx, &f.block, saved);
    }

    fn visit_trait_item_fn(&mut self, f: &'ast syn::TraitItemFn) {
        if let Some(block) = &f.default {
            let saved_impl = self.current_impl.take();
            let saved = std::mem::take(&mut self.locals);
            let idx = self.new_fn(&f.sig, &f.attrs);
            self.with_fn(idx, block, saved);
            self.current_impl = saved_impl;
        }
    }

    fn visit_item_const(&mut self, c: &'ast syn::ItemConst) {
        self.visit_with_context(Some(c.ident.to_string()), |v| v.visit_expr(&c.expr));
    }

    fn visit_item_static(&mut self, s: &'ast syn::ItemStatic) {
        self.visit_with_context(Some(s.ident.to_string()), |v| v.visit_expr(&s.expr));
    }

    fn visit_attribute(&mut self, _: &'ast Attribute) {
        // Attributes are read where they matter; their literals (docs) are not code.
    }

    fn visit_local(&mut self, l: &'ast syn::Local) {
        let Some(init) = &l.init else { return };
        let mut pat = &l.pat;
        if let Pat::Type(pt) = pat {
            if let (Pat::Ident(pi), Type::Path(tp)) = (&*pt.pat, &*pt.ty) {
                self.local_type(&pi.ident, &tp.path);
            }
            pat = &pt.pat;
        }
        let ctx = match pat {
            Pat::Wild(_) => {
                if let Some(span) = core_call(&init.expr) {
                    self.swallow.insert(key(span), "`let _ =`");
                }
                None
            }
            Pat::Ident(pi) => {
                // `let am = user::Model { .. }.into_active_model();` is a `user` model too.
                let mut value = &*init.expr;
                while let Expr::MethodCall(m) = value
                    && m.args.is_empty()
                    && ["into_active_model", "into", "clone", "to_owned"]
                        .iter()
                        .any(|n| m.method == n)
                {
                    value = &m.receiver;
                }
                if let Expr::Struct(s) = value {
                    self.local_type(&pi.ident, &s.path);
                }
                Some(pi.ident.to_string())
            }
            _ => None,
        };
        let begins = self.current_fn.map(|f| self.facts.fns[f].begins.len());
        let binding = match pat {
            Pat::Ident(pi) => Some(&pi.ident),
            _ => None,
        };
        self.visit_with_context(ctx, |v| {
            v.visit_expr(&init.expr);
            if let Some((_, diverge)) = &init.diverge {
                v.visit_expr(diverge);
            }
        });
        // `let txn = db.begin().await?`: the transaction's name.
        if let (Some(f), Some(n)) = (self.current_fn, begins)
            && let Some(begin) = self.facts.fns[f].begins.get_mut(n)
        {
            begin.txn = binding.map(ToString::to_string);
        }
    }

    fn visit_expr_assign(&mut self, a: &'ast syn::ExprAssign) {
        if matches!(&*a.left, Expr::Infer(_))
            && let Some(span) = core_call(&a.right)
        {
            self.swallow.insert(key(span), "`_ =`");
        }
        let ctx = match &*a.left {
            Expr::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
            Expr::Field(f) => match &f.member {
                syn::Member::Named(n) => Some(n.to_string()),
                syn::Member::Unnamed(_) => None,
            },
            _ => None,
        };
        self.visit_expr(&a.left);
        self.visit_with_context(ctx, |v| v.visit_expr(&a.right));
    }

    fn visit_field_value(&mut self, fv: &'ast syn::FieldValue) {
        let ctx = match &fv.member {
            syn::Member::Named(n) => Some(n.to_string()),
            syn::Member::Unnamed(_) => None,
        };
        self.visit_with_context(ctx, |v| v.visit_expr(&fv.expr));
    }

    fn visit_expr_lit(&mut self, l: &'ast syn::ExprLit) {
        if !matches!(l.lit, syn::Lit::Str(_) | syn::Lit::ByteStr(_)) {
            return;
        }
        let span = Span::from_pm2(l.lit.span());
        if !could_hold_a_secret(span) {
            return;
        }
        let value = match &l.lit {
            syn::Lit::Str(s) => s.value(),
            syn::Lit::ByteStr(b) => String::from_utf8_lossy(&b.value()).into_owned(),
            _ => return,
        };
        self.facts.strings.push(StrFact {
            value,
            span,
            context: self.lit_context.clone(),
        });
    }

    fn visit_expr_call(&mut self, c: &'ast syn::ExprCall) {
        let Expr::Path(p) = &*c.func else {
            visit::visit_expr_call(self, c);
            return;
        };
        let segs = path_segments(&p.path);
        let last = segs.last().cloned().unwrap_or_default();
        let pm2_span = call_span(&c.func, c.paren_token.span.close());
        let span = Span::from_pm2(pm2_span);
        let prefix = &segs[..segs.len().saturating_sub(1)];
        match static_db_call(p, &segs, c.args.len()) {
            Some((op, entity, not_rewritten)) => {
                self.db_call(op, &last, Some(entity), None, span, not_rewritten);
            }
            None => self.call_fact(CallTarget::Path(segs.clone()), span, &c.args),
        }
        if harden_calls::RAW_SQL_CONSTRUCTORS.contains(&last.as_str()) {
            let args: TokenStream = c.args.iter().map(ToTokens::to_token_stream).collect();
            self.raw_sql(args, span, format!("{}::{last}", prefix.join("::")));
        }
        if matches!(last.as_str(), "spawn" | "spawn_blocking" | "spawn_local") && !prefix.is_empty()
        {
            self.side_effect("spawns a task", segs.join("::"), span);
        } else if segs.iter().any(|s| HTTP_CRATES.contains(&s.as_str())) {
            self.side_effect("makes a network call", segs.join("::"), span);
        } else if segs.iter().any(|s| s == "lettre")
            || last.contains("send_mail")
            || last.contains("send_email")
        {
            self.side_effect("sends mail", segs.join("::"), span);
        }
        if (segs.first().is_some_and(|s| s == "axum") && last == "serve")
            || (segs.len() >= 2
                && segs[segs.len() - 2] == "HttpServer"
                && segs[segs.len() - 1] == "new")
        {
            self.facts.starts_server = true;
        }
        let ctx = if last.contains("secret") {
            Some(last.clone())
        } else if TRANSPARENT_FNS.contains(&last.as_str()) {
            self.lit_context.clone()
        } else {
            None
        };
        self.visit_expr(&c.func);
        self.visit_with_context(ctx, |v| {
            for arg in &c.args {
                v.visit_expr(arg);
            }
        });
    }

    fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
        let method = m.method.to_string();
        let pm2_span = call_span(&m.receiver, m.paren_token.span.close());
        let span = Span::from_pm2(pm2_span);
        match method.as_str() {
            "ok" | "unwrap_or" | "unwrap_or_default" | "unwrap_or_else" => {
                if let Some(s) = core_call(&m.receiver) {
                    self.swallow.insert(
                        key(s),
                        match method.as_str() {
                            "ok" => "`.ok()`",
                            "unwrap_or" => "`.unwrap_or(..)`",
                            "unwrap_or_default" => "`.unwrap_or_default()`",
                            _ => "`.unwrap_or_else(..)`",
                        },
                    );
                }
            }
            // `db.begin()`, not `reporter.begin()`.
            _ if harden_calls::transaction_call(&method)
                == Some(harden_calls::TransactionCall::Begin)
                && looks_like_db_handle(&m.receiver) =>
            {
                if let Some(f) = self.current_fn {
                    let func = &mut self.facts.fns[f];
                    func.manual_transaction = true;
                    func.begins.push(Begin {
                        txn: None,
                        from: handle_text(&m.receiver),
                        line: span.line,
                    });
                }
            }
            _ if matches!(
                harden_calls::transaction_call(&method),
                Some(
                    harden_calls::TransactionCall::Commit | harden_calls::TransactionCall::Rollback
                )
            ) =>
            {
                if let Some(f) = self.current_fn {
                    self.facts.fns[f].commit_lines.push(span.line);
                }
            }
            _ => {}
        }
        // The receiver's name matters for the few methods below; lower-case it only then.
        let recv = if matches!(method.as_str(), "send" | "send_async")
            || harden_calls::model_call(&method, m.args.len()).is_some()
        {
            receiver_name(&m.receiver)
                .unwrap_or_default()
                .to_lowercase()
        } else {
            String::new()
        };
        let http_receiver = recv.contains("client") || recv.contains("http");
        let arity = m.args.len();
        if harden_calls::related_read(&method, arity).is_some() {
            // The loader's entity, the related entity or the link (a select argument is
            // visited as its own query).
            if let Some(Expr::Path(p)) = m.args.first() {
                let target = path_segments(&p.path);
                self.db_call(DbOp::Read, &method, Some(target), None, span, None);
            }
        } else if harden_calls::UNFILTERED_LINKED_READS.contains(&method.as_str()) && arity == 1 {
            if let Some(Expr::Path(p)) = m.args.first() {
                let link = path_segments(&p.path);
                let not_rewritten = Some(NotRewritten::LinkedJoin);
                self.db_call(DbOp::Read, &method, Some(link), None, span, not_rewritten);
            }
        } else if let Some(call) = harden_calls::model_call(&method, arity)
            && !http_receiver
            && m.args.first().is_some_and(looks_like_db_handle)
        {
            let (entity, receiver) = match &*m.receiver {
                Expr::Struct(s) => (Some(path_segments(&s.path)), None),
                _ => match receiver_name(&m.receiver) {
                    Some(name) => match self.locals.get(&name) {
                        Some(ty) if ty.len() >= 2 => (Some(ty.clone()), None),
                        _ => (None, Some(name)),
                    },
                    None => (None, None),
                },
            };
            let handle = m.args.first().map(handle_text);
            let saved = std::mem::replace(&mut self.exec_handle, handle);
            self.db_call(call.op, &method, entity, receiver, span, None);
            self.exec_handle = saved;
        }
        match method.as_str() {
            _ if harden_calls::RAW_SQL_METHODS.contains(&method.as_str()) => {
                let args: TokenStream = m.args.iter().map(ToTokens::to_token_stream).collect();
                self.raw_sql(args, span, format!(".{method}(..)"));
            }
            "send_email" | "send_mail" => {
                self.side_effect("sends mail", format!(".{method}(..)"), span)
            }
            "send" | "send_async" => {
                let chain = chain_methods(&m.receiver);
                if recv.contains("mail") || recv.contains("smtp") {
                    self.side_effect("sends mail", format!("{recv}.send(..)"), span);
                } else if http_receiver
                    || chain.iter().any(|c| HTTP_VERBS.contains(&c.as_str())) && !chain.is_empty()
                {
                    self.side_effect("makes a network call", format!("{recv}...send()"), span);
                }
            }
            "spawn" | "spawn_blocking" => {
                self.side_effect("spawns a task", format!(".{method}(..)"), span)
            }
            _ => {}
        }
        self.call_fact(CallTarget::Method(method.clone()), span, &m.args);
        let exec = harden_calls::EXEC_METHODS.contains(&method.as_str()) && m.args.len() == 1;
        let saved_exec = match m.args.first() {
            Some(handle) if exec => self.exec_handle.replace(handle_text(handle)),
            _ => self.exec_handle.clone(),
        };
        if method == "filter" {
            let n = self.filters.len();
            let mut idents = IdentCollector(&mut self.filters);
            for arg in &m.args {
                idents.visit_expr(arg);
            }
            self.visit_expr(&m.receiver);
            self.filters.truncate(n);
        } else if TRANSPARENT_METHODS.contains(&method.as_str()) {
            self.visit_expr(&m.receiver);
        } else {
            self.visit_with_context(None, |v| v.visit_expr(&m.receiver));
        }
        self.exec_handle = saved_exec;
        let in_txn =
            harden_calls::transaction_call(&method) == Some(harden_calls::TransactionCall::Closure);
        self.txn_closure += usize::from(in_txn);
        if in_txn {
            self.txn_params.push(m.args.iter().find_map(closure_param));
        }
        let ctx =
            if method.contains("password") || method.contains("secret") || method.contains("token")
            {
                Some(method.clone())
            } else if TRANSPARENT_METHODS.contains(&method.as_str()) {
                self.lit_context.clone()
            } else {
                None
            };
        self.visit_with_context(ctx, |v| {
            for arg in &m.args {
                v.visit_expr(arg);
            }
        });
        self.txn_closure -= usize::from(in_txn);
        if in_txn {
            self.txn_params.pop();
        }
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        let segs = path_segments(&mac.path);
        let name = segs.last().cloned().unwrap_or_default();
        let span = Span::from_pm2(mac.path.span()).to(Span::from_pm2(mac.delimiter.span().join()));
        // The arguments' tokens, copied out once for all the reading below.
        let tokens: Vec<TokenTree> = mac.tokens.clone().into_iter().collect();
        let mentions = if log_args::LOGGING_MACROS.contains(&name.as_str()) {
            log_args::mentions_in(&tokens)
        } else {
            Vec::new()
        };
        self.facts.macros.push(MacroFact {
            name: name.clone(),
            span,
            mentions,
            unreachable: self.in_uninhabited_impl,
        });
        if name == "raw_sql" {
            self.raw_sql(mac.tokens.clone(), span, "raw_sql!".into());
        }
        // Most macro arguments (format args, tracing fields) hold no call and no macro: their
        // string literals are all there is to see, read off the tokens without parsing.
        if !may_hold_calls(&tokens) {
            self.literals_in(&tokens);
            return;
        }
        // Look inside macro arguments that are expressions (vec!, assert!, join!, ..).
        let parser = Punctuated::<Expr, syn::Token![,]>::parse_terminated;
        match syn::parse::Parser::parse2(parser, mac.tokens.clone()) {
            Ok(exprs) => {
                for e in &exprs {
                    self.visit_expr(e);
                }
            }
            Err(_) => {
                let mut lits = Vec::new();
                string_lits(mac.tokens.clone(), &mut lits);
                for (value, span) in lits {
                    self.facts.strings.push(StrFact {
                        value,
                        span,
                        context: None,
                    });
                }
            }
        }
    }
}

fn parse_soft_delete(attr: &Attribute) -> SoftDeleteAttr {
    let mut out = SoftDeleteAttr {
        span: Span::from_pm2(attr_span(attr)),
        column: "is_active".into(),
        exempt: None,
    };
    let tokens: Vec<TokenTree> = attr_tokens(attr).into_iter().collect();
    let mut i = 0;
    while i < tokens.len() {
        if let TokenTree::Ident(id) = &tokens[i] {
            let name = id.to_string();
            let value = match (tokens.get(i + 1), tokens.get(i + 2)) {
                (Some(TokenTree::Punct(p)), Some(TokenTree::Literal(l))) if p.as_char() == '=' => {
                    lit_str_value(l)
                }
                _ => None,
            };
            match name.as_str() {
                "deleted_at" if value.is_none() => out.column = "deleted_at".into(),
                "column" => out.column = value.clone().unwrap_or_default(),
                "exempt" => out.exempt = Some(value.clone().unwrap_or_default()),
                _ => {}
            }
            if value.is_some() {
                i += 2;
            }
        }
        i += 1;
    }
    out
}

fn collect_use(tree: &syn::UseTree, stack: &mut Vec<String>, out: &mut Vec<UseAlias>) {
    match tree {
        syn::UseTree::Path(p) => {
            stack.push(p.ident.to_string());
            collect_use(&p.tree, stack, out);
            stack.pop();
        }
        syn::UseTree::Name(n) => {
            let name = n.ident.to_string();
            if name == "self" {
                if let Some(last) = stack.last() {
                    out.push(UseAlias {
                        alias: last.clone(),
                        path: stack.clone(),
                    });
                }
            } else {
                let mut path = stack.clone();
                path.push(name.clone());
                out.push(UseAlias { alias: name, path });
            }
        }
        syn::UseTree::Rename(r) => {
            let mut path = stack.clone();
            if r.ident != "self" {
                path.push(r.ident.to_string());
            }
            out.push(UseAlias {
                alias: r.rename.to_string(),
                path,
            });
        }
        syn::UseTree::Glob(_) => {
            out.push(UseAlias {
                alias: "*".into(),
                path: stack.clone(),
            });
        }
        syn::UseTree::Group(g) => {
            for t in &g.items {
                collect_use(t, stack, out);
            }
        }
    }
}
