//! `unfiltered-soft-delete-read`: a read of a soft-delete entity that sees deleted rows.

use crate::facts::{DbCall, DbOp, NotRewritten};
use crate::findings::Findings;
use crate::model::Model;
use crate::rules::declare_rule;
use crate::rules::soft_delete::{Visible, filters_column, guess_note};

declare_rule! {
    /// ## What it flags
    /// `X::find()`, `X::find_by_id(..)`, `find_related(X)`, `find_linked(L)`,
    /// `find_also_related(X)`, `find_with_related(X)`, `load_one(X, ..)`, `load_many(X, ..)`
    /// or `load_many_to_many(X, ..)` of a soft-delete entity outside any `#[soft_delete]`
    /// scope and outside a repository (those are reported by `unannotated-repository`),
    /// unless the query filters on the soft-delete column itself.
    ///
    /// Also inside `#[soft_delete]` scopes, the reads the macro leaves as written:
    /// `find_also_linked(L)` / `find_with_linked(L)` whose link ends at a soft-delete entity;
    /// `.join(JoinType, rel)`, `.join_rev(..)`, `.join_as(..)`, `.join_as_rev(..)` given a
    /// `RelationDef` (`post::Relation::User.def()`, `.rev()` followed) that brings in a
    /// soft-delete entity; a read named as a value, not called (`ids.map(X::find_by_id)`);
    /// `load_self_via(J, db)`, `load_self_via_rev(..)`, `load_self_via_ex(..)` of a
    /// soft-delete entity linked to itself through the junction `J`;
    /// and, anywhere, `find_linked(L)` whose link joins a soft-delete entity before its
    /// target (the macro filters only the target), and the `via()` of a many-to-many
    /// `Related` impl whose junction is a soft-delete entity (reported at `via`).
    ///
    /// ## Why it matters
    /// It returns deleted rows: a "deleted" user can still log in, a deleted post still shows.
    ///
    /// ## Example
    /// ```text
    /// let user = user::Entity::find_by_id(id).one(&state.db).await?;
    /// ```
    ///
    /// ## Fix
    /// Move the query into a `#[soft_delete]` repository, or filter explicitly:
    /// ```text
    /// user::Entity::find_by_id(id).filter(user::Column::IsActive.eq(true))
    /// ```
    name: "unfiltered-soft-delete-read", section: 8, level: Error, exempt_in_tests: true, run: unfiltered_soft_delete_read,
}

pub(crate) fn unfiltered_soft_delete_read(model: &Model, out: &mut Findings) {
    soft_delete_junctions(model, out);
    {
        for (fi, ci, call) in model.db_calls() {
            if call.op != DbOp::Read {
                continue;
            }
            if call.method == "find_linked" {
                linked_hops(model, fi, call, out);
            }
            let scoped = call
                .site
                .func
                .map(|f| model.fn_id(fi, f))
                .is_some_and(|id| model.in_soft_delete_scope(id) || model.is_repository(id));
            if scoped && call.not_rewritten.is_none() {
                continue;
            }
            let Some((eid, sd, guessed)) = model.soft_delete_call(fi, ci) else {
                continue;
            };
            if filters_column(call, model.entity(eid), &sd.column) {
                continue;
            }
            let name = model.entity_name(eid);
            let e = model.entity(eid);
            let method = &call.method;
            let why = match call.not_rewritten {
                Some(NotRewritten::LinkedJoin) => {
                    " (`#[soft_delete]` does not filter linked joins)"
                }
                Some(NotRewritten::RelationJoin { .. }) => {
                    " (a join given a `RelationDef` names no entity, so `#[soft_delete]` cannot filter it)"
                }
                Some(NotRewritten::NamedAsValue) => {
                    " (named as a value, not called: `#[soft_delete]` rewrites calls only)"
                }
                Some(NotRewritten::SelfVia) => {
                    " (a self-referencing load is built from its junction, which `#[soft_delete]` cannot filter)"
                }
                Some(NotRewritten::BelowEntityApi) | None => "",
            };
            let r = out.report(
                ID,
                fi,
                call.span,
                format!(
                    "`{method}` of soft-delete `{name}` returns deleted rows{why}{}",
                    guess_note(guessed)
                ),
            );
            let module = e.module.last().map_or("Entity", String::as_str);
            let filter = Visible::of(e, sd).filter(module);
            let r = match call.not_rewritten {
                Some(NotRewritten::LinkedJoin) => r.help(format!(
                    "load the linked rows with `find_linked` or `load_many` (filtered), or add `.filter({filter})`"
                )),
                Some(NotRewritten::RelationJoin { .. }) => r.help(format!(
                    "join by entity, `.find_also_related({module}::Entity)` or `.inner_join({module}::Entity)`, which a `#[soft_delete]` scope filters, or add `.filter({filter})`"
                )),
                Some(NotRewritten::NamedAsValue) => r.help(format!(
                    "call it in a closure in a `#[soft_delete]` scope, `|id| {module}::Entity::{method}(id)`, so the macro filters it"
                )),
                Some(NotRewritten::SelfVia) => r.help(format!(
                    "keep only the visible rows of what it returns (by `{}`), or load them with a query that adds `.filter({filter})`",
                    sd.column
                )),
                Some(NotRewritten::BelowEntityApi) | None => r.help(format!(
                    "read through a `#[soft_delete]` repository, or add `.filter({filter})`"
                )),
            };
            r.label(
                model.entity_file(eid),
                e.span,
                "entity marked soft-delete here",
            );
        }
    }
}

/// `find_linked(L)`: `#[soft_delete]` filters the link's target, not the entities it joins
/// on the way; a deleted row there still links its neighbours.
fn linked_hops(model: &Model, fi: crate::ids::FileId, call: &DbCall, out: &mut Findings) {
    let link = call
        .entity
        .as_ref()
        .and_then(|p| p.last())
        .map_or("", String::as_str);
    for (eid, guessed) in model.link_intermediates(fi, call) {
        let e = model.entity(eid);
        let Some(sd) = e.soft_delete.as_ref().filter(|sd| sd.exempt.is_none()) else {
            continue;
        };
        if filters_column(call, e, &sd.column) {
            continue;
        }
        let name = model.entity_name(eid);
        let module = e.module.last().map_or("Entity", String::as_str);
        let filter = Visible::of(e, sd).filter(module);
        out.report(
            ID,
            fi,
            call.span,
            format!(
                "`find_linked` through soft-delete `{name}` (a hop of `{link}`) links through deleted rows{}",
                guess_note(guessed)
            ),
        )
        .help(format!(
            "filter the hop: add `.filter({filter})` (`#[soft_delete]` filters only the link's target)"
        ))
        .label(
            model.entity_file(eid),
            e.span,
            "entity marked soft-delete here",
        );
    }
}

/// A many-to-many relation whose `via()` junction is a soft-delete entity: every read
/// through it (`find_related`, `find_with_related`, `load_many_to_many`) sees the links
/// deleted rows of the junction still make; `#[soft_delete]` filters the target, not the
/// junction.
fn soft_delete_junctions(model: &Model, out: &mut Findings) {
    for (fi, file) in model.rust_files() {
        for via in &file.facts.related_vias {
            let Some((eid, guessed)) = model.via_junction(fi, via) else {
                continue;
            };
            let e = model.entity(eid);
            let Some(sd) = e.soft_delete.as_ref().filter(|sd| sd.exempt.is_none()) else {
                continue;
            };
            let name = model.entity_name(eid);
            let func = &file.facts.fns[via.func as usize];
            out.report(
                ID,
                fi,
                func.span,
                format!(
                    "this many-to-many relation goes through soft-delete `{name}`: reads through it return rows linked by deleted `{name}` rows{}",
                    guess_note(guessed)
                ),
            )
            .help(format!(
                "exempt the junction (`#[soft_delete(exempt = \"join table: rows are removed with their links\")]`) and delete its rows for real, or read through `{name}` with `.filter({})`",
                Visible::of(e, sd).filter(e.module.last().map_or("Entity", String::as_str))
            ))
            .label(
                model.entity_file(eid),
                e.span,
                "junction marked soft-delete here",
            );
        }
    }
}
