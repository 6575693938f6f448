//! SeaORM queries and writes, and raw SQL, as the shared call table names them.

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;
use syn::visit::Visit;
use syn::{Expr, Type};

use super::peel::{self, segments};
use super::walk::Walker;
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
    let call = DbCall {
        op,
        method: method.to_string(),
        entity,
        recv,
        span,
        site: w.site,
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

/// Related reads (`find_related(X)`, loaders), linked joins, model writes (`am.insert(db)`)
/// and raw SQL methods.
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
    if harden_calls::RAW_SQL_METHODS.contains(&method) {
        let args: TokenStream = m.args.iter().map(ToTokens::to_token_stream).collect();
        raw_sql(w, args, span, format!(".{method}(..)"));
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

/// Raw SQL: the string literals of `args`, joined.
pub(super) fn raw_sql(w: &mut Walker<'_>, args: TokenStream, span: Span, via: String) {
    let mut lits = Vec::new();
    string_lits(args, &mut lits);
    let sql = lits.join(" ");
    if !sql.is_empty() {
        w.facts.raw_sql.push(RawSqlFact { sql, span, via });
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
