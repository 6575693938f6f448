//! `dbg-macro`: `dbg!` left in code.

use crate::findings::Findings;
use crate::model::Model;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it flags
    /// Any `dbg!(..)` outside test code.
    ///
    /// ## Why it matters
    /// Debug code: it writes the `Debug` form of a value (secrets included) to stderr in
    /// production.
    ///
    /// ## Example
    /// ```text
    /// let user = dbg!(repo.find(id).await?);
    /// ```
    ///
    /// ## Fix
    /// Remove it, or log what you need with `tracing::debug!`.
    name: "dbg-macro", section: 12, level: Error, exempt_in_tests: true, run: dbg_macro,
}

pub(crate) fn dbg_macro(model: &Model, out: &mut Findings) {
    for (fi, file) in model.rust_files() {
        for m in file.facts.macros.iter().filter(|m| m.name == "dbg") {
            out.report(ID, fi, m.span, "`dbg!` left in code")
                .help("remove it, or use `tracing::debug!(..)`");
        }
    }
}
