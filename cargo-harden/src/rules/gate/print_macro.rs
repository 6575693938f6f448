//! `print-macro`: `println!` and friends in service code.

use std::collections::HashSet;

use crate::diag::Findings;
use crate::model::Model;
use crate::rules::declare_rule;
use crate::workspace::Role;

declare_rule! {
    /// ## What it flags
    /// `println!`, `print!`, `eprintln!` and `eprint!` outside test code, build scripts and
    /// command-line binaries (a binary's root file that does not start a server, and the
    /// modules of a binary-only package none of whose files starts one).
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
    let servers: HashSet<usize> = model
        .rust_files()
        .filter(|(_, f)| f.facts.starts_server)
        .filter_map(|(_, f)| f.package)
        .collect();
    for (fi, file) in model.rust_files() {
        let cli = match file.role {
            Role::Build => true,
            Role::BinRoot => !file.facts.starts_server,
            Role::BinModule => file.package.is_none_or(|p| !servers.contains(&p)),
            Role::Code | Role::Test => false,
        };
        if cli {
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
