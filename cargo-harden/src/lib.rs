//! `cargo harden`: checks a SeaORM web service against the production-hardening checklist.
//!
//! The binary is a thin wrapper around [`run`]; tests and benchmarks drive the same code
//! in-process through [`run_with`].
//!
//! ```no_run
//! let code = cargo_harden::run(["cargo-harden", "check", "--format", "json"]);
//! std::process::exit(code);
//! ```

mod baseline;
mod cli;
mod config;
mod facts;
pub mod findings;
mod hash;
mod ids;
mod load;
mod model;
mod par;
mod pipeline;
mod report;
pub mod rules;
mod sink;
pub mod span;
mod workspace;

use std::io::{IsTerminal, Write};

pub use report::Format;

/// Runs the command line `args` (program name first) with the process's stdout and stderr;
/// returns the exit code (0, 1 or 2).
pub fn run<I, S>(args: I) -> i32
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    let color = use_color(std::io::stdout().is_terminal());
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    // Not locked for the whole run: a panic on a worker thread prints to stderr before it
    // is caught, and would wait forever for a lock this thread holds.
    let mut err = std::io::stderr();
    run_inner(args, &mut out, &mut err, color)
}

/// Like [`run`], writing into `out` and `err` (never in colour unless `CARGO_TERM_COLOR=always`).
pub fn run_with<I, S>(args: I, out: &mut dyn Write, err: &mut dyn Write) -> i32
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    run_inner(args, out, err, use_color(false))
}

fn run_inner<I, S>(args: I, out: &mut dyn Write, err: &mut dyn Write, color: bool) -> i32
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    let args: Vec<String> = args.into_iter().map(Into::into).collect();
    let mut io = cli::Io { out, err, color };
    cli::main(args, &mut io)
}

fn use_color(tty: bool) -> bool {
    match std::env::var("CARGO_TERM_COLOR").as_deref() {
        Ok("always") => return true,
        Ok("never") => return false,
        _ => {}
    }
    tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Extracts facts from `sources` the way `check` does, but runs no rules: the baseline the
/// benchmark compares against is `syn::parse_file` alone.
#[doc(hidden)]
pub fn extract_facts_only(sources: &[String]) -> usize {
    let inputs: Vec<(&str, &[String])> = sources.iter().map(|s| (s.as_str(), &[][..])).collect();
    load::parse_all(&inputs)
        .iter()
        .filter(|f| f.parse_error.is_none())
        .count()
}
