//! SeaORM queries and writes, and raw SQL, as the shared call table names them.

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;
use syn::visit::Visit;
use syn::{Expr, Type};

use super::peel::{self, segments};
use super::walker::Walker;
use super::{DbCall, DbOp, NotRewritten, Path, RawSqlFact, Ty, attrs};
use crate::span::Span;

/// First segments that never start an entity path.
const NOT_ENTITIES: &[&str] = &[
    "Vec", "HashMap", "HashSet", "BTreeMap", "BTreeSet", "VecDeque", "String", "Option", "str",
    "Regex", "std", "core", "alloc", "Cow", "IndexMap", "IndexSet", "Box", "Arc", "Rc",
];

/// Collects every identifier of an expression (paths, methods, fields).
pub(super) struct IdentCollector<'a>(pub &'a mut Vec<String>);

impl<'ast> Visit<'ast> for IdentCollector<'_> {
    fn visit_ident(&mut self, i: &'ast proc_macro2::Ident) {
        self.0.push(i.to_string());
    }
}

fn record(
    w: &mut Walker<'_>,
    op: DbOp,
    method: &str,
    entity: Option<Path>,
    recv: Option<Ty>,
    span: Span,
    not_rewritten: Option<NotRewritten>,
) {
    // A statement runs on the `.exec(db)` its chain ends in (a model write sets it to its
    // own argument, `am.insert(db)`).
    let handle = w.exec_handle.clone();
    let site = w.here();
    let call = DbCall {
        op,
        method: method.to_string(),
        entity,
        recv,
        span,
        site,
        filter_idents: w.filters.clone(),
        not_rewritten,
        handle,
    };
    w.facts.db_calls.push(call);
}

/// `X::find()`, `<X as EntityTrait>::find()`, `user::ActiveModel::insert(am, db)`, and raw
/// SQL given to `Statement::from_string(..)`.
pub(super) fn path_call(
    w: &mut Walker<'_>,
    p: &syn::ExprPath,
    segs: &[String],
    c: &syn::ExprCall,
    span: Span,
) {
    if let Some((op, entity, not_rewritten)) = static_db_call(p, segs, c.args.len()) {
        let method = segs.last().map_or("", String::as_str);
        if entity.is_empty() {
            // `Delete::many(user::Entity)`, `Delete::one(model)`,
            // `ModelTrait::delete(model, db)`: the entity is the first argument's.
            let Some(first) = c.args.first() else { return };
            let (entity, recv) = match peel::peel(first) {
                Expr::Path(p) if method == "many" => (Some(segments(&p.path)), None),
                Expr::Struct(s) => (Some(segments(&s.path)), None),
                _ => (None, Some(w.ty_of(first))),
            };
            let saved = w.exec_handle.clone();
            if c.args.len() == 2 {
                w.exec_handle = c.args.last().map(|a| w.handle(a));
            }
            let owner = segs.len().checked_sub(2).map_or("", |i| segs[i].as_str());
            let method = format!("{owner}::{method}");
            record(w, op, &method, entity, recv, span, not_rewritten);
            w.exec_handle = saved;
            return;
        }
        // A model method called as a path runs on its last argument.
        let saved = if op.writes() && entity.last().is_some_and(|e| e.ends_with("Model")) {
            let handle = c.args.last().map(|a| w.handle(a));
            std::mem::replace(&mut w.exec_handle, handle)
        } else {
            w.exec_handle.clone()
        };
        record(w, op, method, Some(entity), None, span, not_rewritten);
        w.exec_handle = saved;
    }
    let last = segs.last().map_or("", String::as_str);
    if harden_calls::RAW_SQL_CONSTRUCTORS.contains(&last) {
        let args: TokenStream = c.args.iter().map(ToTokens::to_token_stream).collect();
        let prefix = segs[..segs.len().saturating_sub(1)].join("::");
        raw_sql(w, args, span, format!("{prefix}::{last}"));
    }
}

fn static_db_call(
    p: &syn::ExprPath,
    segs: &[String],
    arity: usize,
) -> Option<(DbOp, Path, Option<NotRewritten>)> {
    let (method, prefix) = segs.split_last()?;
    if let Some(q) = &p.qself {
        // `<X as EntityTrait>::find()` or `<X>::find()`: the entity is the qualified self type.
        let call = harden_calls::entity_call(method, arity)?;
        let Type::Path(tp) = &*q.ty else { return None };
        let entity = segments(&tp.path);
        let head = entity.last()?;
        if !harden_calls::names_a_type(head) || head == "Self" {
            return None;
        }
        return Some((call.op, entity, None));
    }
    let owner = prefix.last()?;
    if let Some(op) = first_arg_delete(owner, method, arity) {
        // An empty path: the entity is the first argument's (see `path_call`).
        let nr = (owner == "Delete").then_some(NotRewritten::BelowEntityApi);
        return Some((op, Vec::new(), nr));
    }
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

/// Static calls that delete rows without the entity API: `Delete::many(X)` and
/// `Delete::one(m)` (which `#[soft_delete]` leaves as written), and the trait-path forms
/// of a model's delete, `ModelTrait::delete(m, db)` / `ActiveModelTrait::delete(am, db)`
/// (which it rewrites in a scope). The entity is the first argument's.
fn first_arg_delete(owner: &str, method: &str, arity: usize) -> Option<DbOp> {
    match (owner, method, arity) {
        ("Delete", "many" | "one", 1) => Some(DbOp::Delete),
        ("ModelTrait" | "ActiveModelTrait", "delete", 2) => Some(DbOp::Delete),
        _ => None,
    }
}

/// Related reads (`find_related(X)`, loaders), linked joins, joins given a `RelationDef`,
/// model writes (`am.insert(db)`) and raw SQL methods.
pub(super) fn method_call(w: &mut Walker<'_>, m: &syn::ExprMethodCall, method: &str, span: Span) {
    let arity = m.args.len();
    if harden_calls::related_read(method, arity).is_some() {
        // The loader's entity, the related entity or the link (a select argument is visited
        // as its own query).
        if let Some(Expr::Path(p)) = m.args.first() {
            record(
                w,
                DbOp::Read,
                method,
                Some(segments(&p.path)),
                None,
                span,
                None,
            );
        }
    } else if harden_calls::UNFILTERED_RELATION_READS.contains(&(method, arity))
        && method.starts_with("join")
    {
        if let Some((relation, rev)) = relation_def(&m.args[1]) {
            let rev = rev != method.ends_with("_rev");
            let nr = Some(NotRewritten::RelationJoin { rev });
            record(w, DbOp::Read, method, Some(relation), None, span, nr);
        }
    } else if harden_calls::UNFILTERED_RELATION_READS.contains(&(method, arity))
        && method.starts_with("load_self_via")
        && let Some(Expr::Path(p)) = m.args.first().map(peel::peel)
    {
        let nr = Some(NotRewritten::SelfVia);
        record(
            w,
            DbOp::Read,
            method,
            Some(segments(&p.path)),
            None,
            span,
            nr,
        );
    } else if method == "from_table"
        && arity == 1
        && builds_delete_statement(&m.receiver)
        && let Expr::Path(p) = peel::peel(&m.args[0])
    {
        // `Query::delete().from_table(user::Entity)`: sea-query's `DELETE`, below SeaORM.
        let nr = Some(NotRewritten::BelowEntityApi);
        let entity = Some(segments(&p.path));
        record(w, DbOp::Delete, "Query::delete", entity, None, span, nr);
    } else if harden_calls::UNFILTERED_LINKED_READS.contains(&method) && arity == 1 {
        if let Some(Expr::Path(p)) = m.args.first() {
            let link = segments(&p.path);
            let nr = Some(NotRewritten::LinkedJoin);
            record(w, DbOp::Read, method, Some(link), None, span, nr);
        }
    } else if let Some(call) = harden_calls::model_call(method, arity)
        && m.args.first().is_some_and(peel::looks_like_db_handle)
    {
        let (entity, recv) = match peel::peel(&m.receiver) {
            Expr::Struct(s) => (Some(segments(&s.path)), None),
            _ => (None, Some(w.ty_of(&m.receiver))),
        };
        let handle = m.args.first().map(|a| w.handle(a));
        let saved = std::mem::replace(&mut w.exec_handle, handle);
        record(w, call.op, method, entity, recv, span, None);
        w.exec_handle = saved;
    }
    if matches!(method, "push_str" | "push") && arity == 1 {
        append_text(w, &m.receiver, &m.args[0]);
    }
    if harden_calls::RAW_SQL_METHODS.contains(&method) {
        // A `Statement::from_string(..)` argument is recorded as its own raw SQL.
        let args: TokenStream = m
            .args
            .iter()
            .filter(|a| !is_statement(a))
            .map(ToTokens::to_token_stream)
            .collect();
        raw_sql(w, args, span, format!(".{method}(..)"));
    }
}

/// The relations a `Linked::link()` body joins: the elements of its `vec![..]` (or array)
/// that are written `x::Relation::V.def()` (`.rev()` followed).
pub(super) fn link_hops(body: &syn::Block) -> Vec<(Path, bool)> {
    let Some(syn::Stmt::Expr(tail, None)) = body.stmts.last() else {
        return Vec::new();
    };
    match peel::peel(tail) {
        Expr::Array(a) => a.elems.iter().filter_map(relation_def).collect(),
        Expr::Macro(m) if m.mac.path.is_ident("vec") => m
            .mac
            .parse_body_with(syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated)
            .map(|p| p.iter().filter_map(relation_def).collect())
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// Whether a receiver chain starts at `Query::delete()` or `DeleteStatement::new()`.
fn builds_delete_statement(mut e: &Expr) -> bool {
    loop {
        match peel::peel(e) {
            Expr::MethodCall(m) => e = &m.receiver,
            Expr::Call(c) => {
                let Expr::Path(p) = &*c.func else {
                    return false;
                };
                let segs = &p.path.segments;
                let n = segs.len();
                return n >= 2
                    && matches!(
                        (
                            segs[n - 2].ident.to_string().as_str(),
                            segs[n - 1].ident.to_string().as_str()
                        ),
                        ("Query", "delete") | ("DeleteStatement", "new")
                    );
            }
            _ => return false,
        }
    }
}

/// The relation a `RelationDef` argument is built from — `post::Relation::User.def()`,
/// `Relation::User.def().rev()` — and whether it was reversed.
pub(super) fn relation_def(e: &Expr) -> Option<(Path, bool)> {
    let mut rev = false;
    let mut e = peel::peel(e);
    loop {
        match e {
            Expr::MethodCall(m) => {
                match m.method.to_string().as_str() {
                    "rev" => rev = !rev,
                    "def" | "into" | "on_condition" | "condition_type" => {}
                    _ => return None,
                }
                e = peel::peel(&m.receiver);
            }
            Expr::Path(p) if p.qself.is_none() => {
                let segs = segments(&p.path);
                let n = segs.len();
                return (n >= 2 && segs[n - 2] == "Relation").then_some((segs, rev));
            }
            _ => return None,
        }
    }
}

/// An entity read named as a value, not called: `ids.map(user::Entity::find_by_id)`.
pub(super) fn value_path(w: &mut Walker<'_>, p: &syn::ExprPath) {
    if p.qself.is_some() || p.path.segments.len() < 2 {
        return;
    }
    let Some(last) = p.path.segments.last() else {
        return;
    };
    // Cheap test first: most paths are not SeaORM reads.
    if !last.ident.to_string().starts_with("find") {
        return;
    }
    let segs = segments(&p.path);
    let Some((method, prefix)) = segs.split_last() else {
        return;
    };
    let Some(owner) = prefix.last() else { return };
    let read = (0..=1)
        .any(|arity| harden_calls::entity_call(method, arity).is_some_and(|c| c.op == DbOp::Read));
    if read
        && harden_calls::names_a_type(owner)
        && owner != "Self"
        && !NOT_ENTITIES.contains(&prefix[0].as_str())
    {
        let start = p
            .path
            .segments
            .first()
            .map_or(last.ident.span(), |s| s.ident.span());
        let span = Span::from_pm2(start).to(Span::from_pm2(last.ident.span()));
        let nr = Some(NotRewritten::NamedAsValue);
        record(w, DbOp::Read, method, Some(prefix.to_vec()), None, span, nr);
    }
}

/// Before the receiver of `method` is visited: the handle its statement runs on, for
/// `.exec(db)` and friends. Returns the handle to restore afterwards.
pub(super) fn enter_receiver(
    w: &mut Walker<'_>,
    m: &syn::ExprMethodCall,
    method: &str,
) -> Option<super::Handle> {
    let exec = harden_calls::EXEC_METHODS.contains(&method) && m.args.len() == 1;
    match m.args.first() {
        Some(handle) if exec => {
            let h = w.handle(handle);
            w.exec_handle.replace(h)
        }
        _ => w.exec_handle.clone(),
    }
}

/// `Statement::from_string(..)` and the other SQL-text constructors.
fn is_statement(e: &Expr) -> bool {
    matches!(peel::peel(e), Expr::Call(c) if matches!(&*c.func, Expr::Path(p)
        if p.path.segments.last().is_some_and(|s| harden_calls::RAW_SQL_CONSTRUCTORS.iter().any(|k| s.ident == k))))
}

/// Raw SQL: the string literals of `args`, and the text of the variables they name that
/// were built from literals (`let sql = format!("SELECT ..")`), joined.
pub(super) fn raw_sql(w: &mut Walker<'_>, args: TokenStream, span: Span, via: String) {
    let mut lits = Vec::new();
    string_lits(args.clone(), &mut lits);
    for tt in args {
        if let TokenTree::Ident(i) = tt
            && let Some(text) = w.local(&i.to_string()).and_then(|l| l.text.clone())
        {
            lits.push(text);
        }
    }
    let sql = lits.join(" ");
    if !sql.is_empty() {
        w.facts.raw_sql.push(RawSqlFact { sql, span, via });
    }
}

/// The literal text an expression builds a string from: a literal, `format!(..)`,
/// `concat!(..)`, `String::from(..)`, `"..".to_string()`.
pub(super) fn text_of(w: &Walker<'_>, e: &Expr) -> Option<String> {
    match peel::peel(e) {
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => Some(s.value()),
        Expr::Macro(m) => {
            let name = m.mac.path.segments.last()?.ident.to_string();
            if !matches!(name.as_str(), "format" | "concat") {
                return None;
            }
            let mut lits = Vec::new();
            string_lits(m.mac.tokens.clone(), &mut lits);
            let text = lits.join(" ");
            // Only what may become SQL or a URL is kept: most formatted strings are neither.
            worth_keeping(&text).then_some(text)
        }
        Expr::MethodCall(m)
            if m.args.is_empty()
                && matches!(
                    m.method.to_string().as_str(),
                    "to_string" | "to_owned" | "into"
                ) =>
        {
            text_of(w, &m.receiver)
        }
        Expr::Call(c) if c.args.len() == 1 => match &*c.func {
            Expr::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "from") => {
                text_of(w, &c.args[0])
            }
            _ => None,
        },
        Expr::Path(p) => w.local(&p.path.get_ident()?.to_string())?.text.clone(),
        _ => None,
    }
}

/// Whether built text may be SQL or a URL (the only uses of the text kept for variables).
fn worth_keeping(text: &str) -> bool {
    let t = text.as_bytes();
    text.contains("://")
        || [
            "select", "insert", "update", "delete", "from", "where", "join",
        ]
        .iter()
        .any(|k| {
            t.windows(k.len())
                .any(|w| w.eq_ignore_ascii_case(k.as_bytes()))
        })
}

/// `sql.push_str("..")`, `sql += ".."`: adds the literal text to the variable's.
pub(super) fn append_text(w: &mut Walker<'_>, target: &Expr, added: &Expr) {
    let Expr::Path(p) = peel::peel(target) else {
        return;
    };
    let Some(name) = p.path.get_ident().map(ToString::to_string) else {
        return;
    };
    let Some(more) = text_of(w, added) else {
        return;
    };
    if let Some(local) = w.local_mut(&name) {
        let text = local.text.get_or_insert_with(String::new);
        text.push(' ');
        text.push_str(&more);
    }
}

fn string_lits(tokens: TokenStream, out: &mut Vec<String>) {
    for tt in tokens {
        match tt {
            TokenTree::Literal(l) => {
                if let Some(value) = attrs::lit_str_value(&l) {
                    out.push(value);
                }
            }
            TokenTree::Group(g) => string_lits(g.stream(), out),
            _ => {}
        }
    }
}
