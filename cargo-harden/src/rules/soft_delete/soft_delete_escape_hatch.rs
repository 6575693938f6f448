//! `soft-delete-escape-hatch`: a deliberate bypass of soft delete, which needs a reason.

use crate::facts::DbOp;
use crate::findings::Findings;
use crate::model::Model;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it flags
    /// The soft-delete escape hatches — `find_with_inactive()`, `find_inactive()`,
    /// `restore_by_id(..)`, `restore_cascade_by_id(..)`, `restore_many()`,
    /// `update_many_with_inactive()`, `force_delete_by_id(..)`, `force_delete_many()` —
    /// used without a suppression comment that gives the reason.
    ///
    /// ## Why it matters
    /// Each one deliberately sees or destroys deleted rows; a reviewer must be able to tell
    /// why (an admin screen, a GDPR erasure job) without reverse-engineering it.
    ///
    /// ## Example
    /// ```text
    /// let all = user::Entity::find_with_inactive().all(db).await?;
    /// ```
    ///
    /// ## Fix
    /// ```text
    /// // harden:allow(soft-delete-escape-hatch): admin audit screen lists deleted users
    /// let all = user::Entity::find_with_inactive().all(db).await?;
    /// ```
    name: "soft-delete-escape-hatch", section: 8, level: Warning, exempt_in_tests: true, run: soft_delete_escape_hatch,
}

pub(crate) fn soft_delete_escape_hatch(model: &Model, out: &mut Findings) {
    {
        for (fi, _, call) in model
            .db_calls()
            .filter(|(_, _, c)| c.op == DbOp::EscapeHatch)
        {
            out.report(
                ID,
                fi,
                call.span,
                format!(
                    "soft-delete escape hatch `{}` used without a reason",
                    call.method
                ),
            )
            .help(
                "say why on the line above: `// harden:allow(soft-delete-escape-hatch): <reason>`",
            );
        }
    }
}
