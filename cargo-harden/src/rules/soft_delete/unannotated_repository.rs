//! `unannotated-repository`: a repository reading soft-delete entities without `#[soft_delete]`.

use std::collections::BTreeMap;

use crate::findings::Findings;
use crate::ids::FileId;
use crate::span::Span;

/// File, impl block (if any), function (for free functions): one repository.
type RepoKey = (FileId, Option<u32>, u32);
use crate::facts::DbOp;
use crate::model::Model;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it flags
    /// A repository — an `impl` of a `*Repository`/`*Repo` type, or functions in a
    /// `repositories` module (configurable with `repository-patterns`) — that reads a
    /// soft-delete entity but is not annotated `#[soft_delete]` (on the `impl` block or on
    /// each such `fn`).
    ///
    /// ## Why it matters
    /// Only an annotated repository has its reads rewritten to skip deleted rows; without it,
    /// `find_by_id` returns users who deleted their account.
    ///
    /// ## Example
    /// ```text
    /// impl UserRepository {
    ///     pub async fn by_id(db: &impl ConnectionTrait, id: i32) -> Result<Option<user::Model>, DbErr> {
    ///         user::Entity::find_by_id(id).one(db).await
    ///     }
    /// }
    /// ```
    ///
    /// ## Fix
    /// ```text
    /// #[harden_runtime::soft_delete]
    /// impl UserRepository { .. }
    /// ```
    name: "unannotated-repository", section: 8, level: Error, exempt_in_tests: true, run: unannotated_repository,
}

pub(crate) fn unannotated_repository(model: &Model, out: &mut Findings) {
    // Group unannotated reads by impl block (or by free function).
    let mut groups: BTreeMap<RepoKey, Vec<(Span, String)>> = BTreeMap::new();
    {
        for (fi, ci, call) in model.db_calls() {
            // Reads the macro would leave as written are `unfiltered-soft-delete-read`'s.
            if call.op != DbOp::Read || call.not_rewritten.is_some() {
                continue;
            }
            let Some(func) = call.site.func else { continue };
            let id = model.fn_id(fi, func);
            if !model.is_repository(id) || model.in_soft_delete_scope(id) {
                continue;
            }
            let Some((eid, _, _)) = model.soft_delete_call(fi, ci) else {
                continue;
            };
            let f = model.func(id);
            let key = (fi, f.impl_idx, if f.impl_idx.is_some() { 0 } else { func });
            groups
                .entry(key)
                .or_default()
                .push((call.span, model.entity_name(eid)));
        }
    }
    for ((fi, impl_idx, func), reads) in groups {
        let facts = &model.file(fi).facts;
        let (span, what, fix) = match impl_idx {
            Some(i) => (
                facts.impls[i as usize].span,
                format!(
                    "repository `{}`",
                    facts.impls[i as usize].self_ty.join("::")
                ),
                "the `impl` block",
            ),
            None => (
                facts.fns[func as usize].span,
                format!("repository function `{}`", facts.fns[func as usize].name),
                "the `fn`",
            ),
        };
        let mut entities: Vec<&str> = reads.iter().map(|(_, e)| e.as_str()).collect();
        entities.sort_unstable();
        entities.dedup();
        let r = out
            .report(ID, fi, span, format!("{what} reads soft-delete `{}` without `#[soft_delete]`", entities.join("`, `")))
            .help(format!("annotate {fix} with `#[harden_runtime::soft_delete]` so its reads skip deleted rows"));
        for (s, e) in reads {
            r.label(fi, s, format!("reads `{e}` here"));
        }
    }
}
