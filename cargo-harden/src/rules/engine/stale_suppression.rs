//! `stale-suppression`: a suppression that matches no finding.

use crate::rules::{declare_rule, no_op};

declare_rule! {
    /// ## What it flags
    /// A `// harden:allow(rule): reason` comment or `#[harden_runtime::allow(rule, ..)]`
    /// attribute that suppresses nothing, or that names a rule that does not exist.
    ///
    /// ## Why it matters
    /// Suppressions outlive the code they were written for. A stale one hides the next real
    /// finding on that line, and a misspelt rule name suppresses nothing at all.
    ///
    /// ## Example
    /// ```text
    /// // harden:allow(print-macro): CLI output
    /// let total = a + b;
    /// ```
    ///
    /// ## Fix
    /// Delete the suppression, or correct the rule name.
    name: "stale-suppression", section: 12, level: Warning, exempt_in_tests: false, run: no_op,
}
