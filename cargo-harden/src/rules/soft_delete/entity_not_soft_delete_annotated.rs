//! `entity-not-soft-delete-annotated`: an entity that is neither soft-delete nor exempt.

use crate::findings::Findings;
use crate::model::Model;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it flags
    /// A SeaORM entity (`struct Model` with `#[derive(DeriveEntityModel)]` or
    /// `#[sea_orm::model]`) without `#[soft_delete]`, and `#[soft_delete(exempt = "")]` with
    /// an empty reason.
    ///
    /// ## Why it matters
    /// The checklist requires every read to skip deleted rows; an entity nobody decided about
    /// is one whose rows can be hard-deleted by accident or read after deletion.
    ///
    /// ## Example
    /// ```text
    /// #[derive(Clone, Debug, DeriveEntityModel)]
    /// #[sea_orm(table_name = "users")]
    /// pub struct Model { .. }
    /// ```
    ///
    /// ## Fix
    /// ```text
    /// #[harden_runtime::soft_delete]            // `is_active: bool` column
    /// #[harden_runtime::soft_delete(deleted_at)] // `deleted_at: Option<DateTime>` column
    /// #[harden_runtime::soft_delete(exempt = "append-only audit log")]
    /// ```
    name: "entity-not-soft-delete-annotated", section: 8, level: Error, exempt_in_tests: true,
    run: entity_not_soft_delete_annotated,
}

pub(crate) fn entity_not_soft_delete_annotated(model: &Model, out: &mut Findings) {
    for (eid, e) in model.entities() {
        let fi = model.entity_file(eid);
        let table = e
            .table_name
            .as_deref()
            .map(|t| format!(" (table `{t}`)"))
            .unwrap_or_default();
        let name = e
            .module
            .last()
            .map_or_else(|| "Model".to_string(), |m| format!("{m}::Model"));
        match &e.soft_delete {
            None => {
                out.report(ID, fi, e.span, format!("entity `{name}`{table} is neither soft-delete nor exempt"))
                    .help("add `#[harden_runtime::soft_delete]` above the derive, or `#[harden_runtime::soft_delete(exempt = \"why rows may be hard-deleted\")]`");
            }
            Some(sd) if sd.exempt.as_deref().is_some_and(|r| r.trim().is_empty()) => {
                out.report(
                    ID,
                    fi,
                    sd.span,
                    format!("entity `{name}`{table} is exempt from soft delete without a reason"),
                )
                .help("say why, e.g. `#[soft_delete(exempt = \"join table\")]`");
            }
            Some(_) => {}
        }
    }
}
