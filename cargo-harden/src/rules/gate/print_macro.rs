//! `print-macro`: `println!` and friends in service code.

use crate::findings::Findings;
use crate::model::Model;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it flags
    /// `println!`, `print!`, `eprintln!` and `eprint!` outside test code, except where
    /// printing is the program's output or nothing else can report yet:
    /// - build scripts;
    /// - command-line binaries: a binary's root file that starts no server (`axum::serve`,
    ///   `HttpServer::new`), and the modules of a binary-only package none of whose files
    ///   starts one;
    /// - in `main`, before the first statement that installs a logger
    ///   (`tracing_subscriber::fmt().init()`, `env_logger::init()`, `set_global_default`):
    ///   until then a failure can only be printed. The same holds in functions every call
    ///   of which comes before that statement, in a command-line binary's `main`, or in
    ///   a function that installs the logger and that nothing in the workspace calls (a
    ///   bootstrap another program runs first);
    /// - in a function that reads the command line with a parser from a dependency
    ///   (`Cli::parse()`) and starts no server, and what only it calls: a command-line
    ///   program's entry, also when a library holds it;
    /// - in the methods of a logger's own traits (`tracing_subscriber::Layer`, `Subscriber`,
    ///   `FormatEvent`, `MakeWriter`, `log::Log`): logging there would re-enter the logger.
    ///
    /// Test code is a `#[cfg(test)]` item, a `#[test]` function, a module declared under
    /// `#[cfg(test)]` or a test-only feature (also `mod tests;` in another file), an inline
    /// `mod tests { .. }` (its `#[cfg(test)]` forgotten), a module
    /// named `test_utils`, `test_helpers`, `test_support` or `testing`, and the `tests/`,
    /// `benches/` and `examples/` of a package.
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
        for m in &file.facts.macros {
            if !matches!(m.name.as_str(), "println" | "print" | "eprintln" | "eprint") {
                continue;
            }
            if model.may_print(fi, m).is_some() {
                continue;
            }
            let level = if m.name.starts_with('e') {
                "warn"
            } else {
                "info"
            };
            out.report(
                ID,
                fi,
                m.span,
                format!("`{}!` prints outside the structured logger", m.name),
            )
            .help(format!("log with `tracing::{level}!(..)` instead"));
        }
    }
}
