//! `print-macro`: `println!` and friends in service code.

use crate::diag::Findings;
use crate::model::Model;
use crate::rules::declare_rule;
use crate::workspace::Role;

declare_rule! {
    /// ## What it flags
    /// `println!`, `print!`, `eprintln!` and `eprint!` outside test code, build scripts and
    /// command-line binaries (a binary's root file that does not start a server).
    ///
    /// ## Why it matters
    /// Printing bypasses the structured logger: no level, no timestamp, no request context,
    /// and it cannot be turned off in production.
    ///
    /// ## Example
    /// ```text
    /// println!("created user {}", user.id);
    /// ```
    ///
    /// ## Fix
    /// ```text
    /// tracing::info!(user_id = user.id, "created user");
    /// ```
    name: "print-macro", section: 12, level: Error, exempt_in_tests: true, run: print_macro,
}

pub(crate) fn print_macro(model: &Model, out: &mut Findings) {
    for (fi, file) in model.rust_files() {
        if file.role == Role::Build || (file.role == Role::BinRoot && !file.facts.starts_server) {
            continue;
        }
        for m in &file.facts.macros {
            if !matches!(m.name.as_str(), "println" | "print" | "eprintln" | "eprint") {
                continue;
            }
            let level = if m.name.starts_with('e') {
                "warn"
            } else {
                "info"
            };
            out.report(
                &RULE,
                fi,
                m.span,
                format!("`{}!` prints outside the structured logger", m.name),
            )
            .help(format!("log with `tracing::{level}!(..)` instead"));
        }
    }
}
