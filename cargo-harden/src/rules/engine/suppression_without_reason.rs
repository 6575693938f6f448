//! `suppression-without-reason`: a suppression that does not say why.

use crate::findings::Findings;
use crate::model::Model;
use crate::rules::{SuppressionUse, declare_rule};

declare_rule! {
    /// ## What it flags
    /// A `// harden:allow(rule)` comment without `: reason`, or a
    /// `#[harden_runtime::allow(rule)]` without `reason = "..."`. Such a suppression does not
    /// suppress anything.
    ///
    /// ## Why it matters
    /// The reason is the review trail: the next reader must be able to tell a deliberate
    /// exception from a silenced bug.
    ///
    /// ## Example
    /// ```text
    /// // harden:allow(print-macro)
    /// println!("{total}");
    /// ```
    ///
    /// ## Fix
    /// ```text
    /// // harden:allow(print-macro): the report is this binary's output
    /// println!("{total}");
    /// ```
    name: "suppression-without-reason", section: 12, level: Error, exempt_in_tests: false, after_suppressions: suppression_without_reason,
}

pub(crate) fn suppression_without_reason(model: &Model, _: &SuppressionUse, out: &mut Findings) {
    for (fi, f) in model.rust_files() {
        for a in f.facts.allows.iter().filter(|a| a.reason.is_none()) {
            out.report(ID, fi, a.span, format!("suppression of `{}` gives no reason", a.rules.join(", ")))
                .help("add the reason: `// harden:allow(rule): why this is fine` or `reason = \"..\"`; until then it suppresses nothing");
        }
    }
}
