//! `stale-suppression`: a suppression that matches no finding.

use crate::findings::Findings;
use crate::model::Model;
use crate::rules::{SuppressionUse, by_name, closest_name, declare_rule};

declare_rule! {
    /// ## What it flags
    /// A `// harden:allow(rule): reason` comment or `#[harden_runtime::allow(rule, ..)]`
    /// attribute that suppresses nothing, or that names a rule that does not exist.
    /// Inside the body of a test function it is judged only when `include-tests` is on:
    /// otherwise test bodies are not read, and what it would match is unknown.
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
    name: "stale-suppression", section: 12, level: Warning, exempt_in_tests: false, after_suppressions: stale_suppression,
}

pub(crate) fn stale_suppression(model: &Model, used: &SuppressionUse, out: &mut Findings) {
    for (fi, f) in model.rust_files() {
        for (ai, a) in f.facts.allows.iter().enumerate() {
            if a.reason.is_none() {
                // `suppression-without-reason` reports it; it suppresses nothing.
                continue;
            }
            if a.rules.is_empty() {
                out.report(ID, fi, a.span, "suppression names no rule")
                    .help("name the rule: `harden:allow(rule-name): reason`");
                continue;
            }
            let mut all_known = true;
            for name in &a.rules {
                if by_name(name).is_some() {
                    continue;
                }
                all_known = false;
                let hint = closest_name(name)
                    .map(|c| format!("did you mean `{c}`?"))
                    .unwrap_or_else(|| "`cargo harden rules` lists them".into());
                out.report(
                    ID,
                    fi,
                    a.span,
                    format!("suppression names unknown rule `{name}`"),
                )
                .help(hint);
            }
            let was_used = used.used[fi.ix()].get(ai).copied().unwrap_or(false);
            // Test bodies that are not checked were not read: what a suppression there
            // matches is unknown.
            let unread = f.facts.test_bodies_skipped && model.is_test_code(fi, a.span.line);
            if all_known && !was_used && !unread {
                out.report(
                    ID,
                    fi,
                    a.span,
                    format!("suppression of `{}` matches no finding", a.rules.join(", ")),
                )
                .help("remove it; the code it was written for has changed");
            }
        }
    }
}
