//! `hard-delete-of-soft-delete-entity`: a real `DELETE` of rows that should be soft-deleted.

use crate::facts::DbOp;
use crate::findings::Findings;
use crate::model::Model;
use crate::rules::declare_rule;
use crate::rules::soft_delete::guess_note;

declare_rule! {
    /// ## What it flags
    /// `X::delete_by_id(..)`, `X::delete_by_<key>(..)`, `X::delete_many()`, `X::delete(am)`,
    /// `am.delete(db)` and `ModelTrait::delete(m, db)` on a soft-delete entity outside a
    /// `#[soft_delete]` scope (inside one, the macro turns them into `UPDATE`s); and
    /// anywhere, the deletes built below the entity API that the macro does not rewrite,
    /// `sea_orm::Delete::many(X)`, `Delete::one(m)` and sea-query's
    /// `Query::delete().from_table(X)`.
    ///
    /// ## Why it matters
    /// The row is gone for good: no restore, no audit trail, and related rows may cascade.
    ///
    /// ## Example
    /// ```text
    /// user::Entity::delete_by_id(id).exec(&db).await?;
    /// ```
    ///
    /// ## Fix
    /// Delete through a `#[soft_delete]` repository. If the row really must go, use the
    /// explicit escape hatch `X::force_delete_many()` with a `// harden:allow(..): reason`.
    name: "hard-delete-of-soft-delete-entity", section: 8, level: Error, exempt_in_tests: true,
    run: hard_delete_of_soft_delete_entity,
}

pub(crate) fn hard_delete_of_soft_delete_entity(model: &Model, out: &mut Findings) {
    {
        for (fi, ci, call) in model.db_calls() {
            if call.op != DbOp::Delete {
                continue;
            }
            if call.not_rewritten.is_none()
                && call
                    .site
                    .func
                    .is_some_and(|f| model.in_soft_delete_scope(model.fn_id(fi, f)))
            {
                continue;
            }
            let Some((eid, _, guessed)) = model.soft_delete_call(fi, ci) else {
                continue;
            };
            let name = model.entity_name(eid);
            let (why, help) = if call.not_rewritten.is_some() {
                (
                    " (built below the entity API, which `#[soft_delete]` does not rewrite)",
                    format!(
                        "write it as `{name}::delete_many()` or `{name}::delete(am)` in a `#[soft_delete]` scope, which turns it into an UPDATE"
                    ),
                )
            } else {
                (
                    "",
                    "delete through a `#[harden_runtime::soft_delete]` repository, which turns this into an UPDATE".to_string(),
                )
            };
            out.report(
                ID,
                fi,
                call.span,
                format!(
                    "`{}` hard-deletes rows of soft-delete `{name}`{why}{}",
                    call.method,
                    guess_note(guessed)
                ),
            )
            .help(help)
            .label(
                model.entity_file(eid),
                model.entity(eid).span,
                "entity marked soft-delete here",
            );
        }
    }
}
