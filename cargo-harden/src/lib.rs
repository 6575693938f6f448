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
mod fix;
mod hash;
mod ids;
mod load;
mod model;
mod par;
mod pipeline;
mod report;
pub mod rules;
mod sink;
mod source;
pub mod span;

use std::ffi::{OsStr, OsString};
use std::io::{IsTerminal, Write};

pub use report::Format;

/// Runs the command line `args` (program name first) with the process's stdout and stderr;
/// returns the exit code (0, 1 or 2).
pub fn run<I, S>(args: I) -> i32
where
    I: IntoIterator<Item = S>,
    S: Into<OsString>,
{
    let color = use_color(std::io::stdout().is_terminal());
    let err_color = use_color(std::io::stderr().is_terminal());
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    // Not locked for the whole run: a panic on a worker thread prints to stderr before it
    // is caught, and would wait forever for a lock this thread holds.
    let mut err = std::io::stderr();
    let args = args.into_iter().map(Into::into).collect();
    let mut io = cli::Io {
        out: &mut out,
        err: &mut err,
        color,
        err_color,
    };
    cli::main(args, &mut io)
}

/// Like [`run`], writing into `out` and `err`, never in colour (whatever `CARGO_TERM_COLOR`
/// says: what a test reads must not depend on its environment).
pub fn run_with<I, S>(args: I, out: &mut dyn Write, err: &mut dyn Write) -> i32
where
    I: IntoIterator<Item = S>,
    S: Into<OsString>,
{
    let args = args.into_iter().map(Into::into).collect();
    let mut io = cli::Io {
        out,
        err,
        color: false,
        err_color: false,
    };
    cli::main(args, &mut io)
}

/// Whether to colour a stream: `CARGO_TERM_COLOR` (`always`/`never`/`auto`) first, as cargo
/// does, then `NO_COLOR`, then whether the stream is a terminal.
fn use_color(tty: bool) -> bool {
    color_choice(
        std::env::var("CARGO_TERM_COLOR").ok().as_deref(),
        std::env::var_os("NO_COLOR").as_deref(),
        tty,
    )
}

fn color_choice(cargo_term_color: Option<&str>, no_color: Option<&OsStr>, tty: bool) -> bool {
    match cargo_term_color {
        Some("always") => true,
        Some("never") => false,
        _ => tty && no_color.is_none_or(OsStr::is_empty),
    }
}

/// The Rust files `check` reads in the workspace of `manifest`: what the benchmark parses
/// for its baseline when it is pointed at a real workspace.
#[doc(hidden)]
pub fn workspace_rust_files(manifest: &std::path::Path) -> Result<Vec<std::path::PathBuf>, String> {
    let ws = load::workspace::discover_at(manifest)?;
    let mut notes = Vec::new();
    Ok(load::workspace::rust_files(&ws, &mut notes)
        .into_iter()
        .map(|f| f.path)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::color_choice;
    use std::ffi::OsStr;

    #[test]
    fn colour_follows_cargo_term_color_then_no_color_then_the_terminal() {
        let set = Some(OsStr::new("1"));
        assert!(color_choice(None, None, true));
        assert!(!color_choice(None, None, false));
        assert!(!color_choice(None, set, true));
        assert!(color_choice(None, Some(OsStr::new("")), true));
        assert!(!color_choice(Some("auto"), set, true));
        assert!(color_choice(Some("always"), set, false));
        assert!(!color_choice(Some("never"), None, true));
    }
}
