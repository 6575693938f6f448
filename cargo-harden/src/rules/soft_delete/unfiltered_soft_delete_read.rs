//! `unfiltered-soft-delete-read`: a read of a soft-delete entity that sees deleted rows.

use crate::diag::Findings;
use crate::facts::DbOp;
use crate::model::Model;
use crate::rules::declare_rule;
use crate::rules::soft_delete::{filters_column, guess_note};

declare_rule! {
    /// ## What it flags
    /// `X::find()`, `X::find_by_id(..)`, `find_related(X)`, `find_also_related(X)`,
    /// `find_with_related(X)`, `load_one(X, ..)` or `load_many(X, ..)` of a soft-delete
    /// entity outside any `#[soft_delete]` scope and outside a repository (those are reported
    /// by `unannotated-repository`), unless the query filters on the soft-delete column itself.
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
    for (fi, file) in model.rust_files() {
        for call in &file.facts.db_calls {
            if call.op != DbOp::Read {
                continue;
            }
            if let Some(func) = call.func
                && (model.in_soft_delete_scope((fi, func)) || model.is_repository((fi, func)))
            {
                continue;
            }
            let Some(path) = &call.entity else { continue };
            let Some((eid, sd, guessed)) = model.soft_delete_entity(fi, path) else {
                continue;
            };
            if filters_column(call, &sd.column) {
                continue;
            }
            let name = model.entity_name(eid);
            let e = model.entity(eid);
            out.report(
                &RULE,
                fi,
                call.span,
                format!(
                    "`{}` of soft-delete `{name}` returns deleted rows{}",
                    call.method,
                    guess_note(guessed)
                ),
            )
            .help(format!(
                "read through a `#[soft_delete]` repository, or add `.filter({}::Column::{}.{})`",
                e.module.last().map_or("Entity", String::as_str),
                crate::model::to_pascal(&sd.column),
                if sd.column == "deleted_at" {
                    "is_null()"
                } else {
                    "eq(true)"
                }
            ))
            .label(eid.0, e.span, "entity marked soft-delete here");
        }
    }
}
