//! `unfiltered-soft-delete-read`: a read of a soft-delete entity that sees deleted rows.

use crate::facts::{DbOp, NotRewritten};
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
    /// `find_also_linked(L)` / `find_with_linked(L)` whose link ends at a soft-delete entity,
    /// and fully-qualified reads such as `<X as EntityTrait>::find()`.
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
    {
        for (fi, ci, call) in model.db_calls() {
            if call.op != DbOp::Read {
                continue;
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
            let why = match call.not_rewritten {
                Some(NotRewritten::QualifiedPath) => {
                    " (`#[soft_delete]` does not rewrite a qualified path)"
                }
                Some(NotRewritten::LinkedJoin) => {
                    " (`#[soft_delete]` does not filter linked joins)"
                }
                None => "",
            };
            let r = out.report(
                ID,
                fi,
                call.span,
                format!(
                    "`{}` of soft-delete `{name}` returns deleted rows{why}{}",
                    call.method,
                    guess_note(guessed)
                ),
            );
            let module = e.module.last().map_or("Entity", String::as_str);
            let filter = Visible::of(e, &sd.column).filter(module);
            let r = match call.not_rewritten {
                Some(NotRewritten::QualifiedPath) => r.help(format!(
                    "write it as `{module}::Entity::{}(..)` so the macro filters it",
                    call.method
                )),
                Some(NotRewritten::LinkedJoin) => r.help(format!(
                    "load the linked rows with `find_linked` or `load_many` (filtered), or add `.filter({filter})`"
                )),
                None => r.help(format!(
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
