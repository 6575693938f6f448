//! `suppression-without-reason`: a suppression that does not say why.

use crate::rules::{declare_rule, no_op};

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
    name: "suppression-without-reason", section: 12, level: Error, exempt_in_tests: false, run: no_op,
}
