//! Command-line parsing and dispatch, one file per subcommand.

mod check;
mod explain;
mod init;
mod rules;

use std::io::Write;

/// Where a command writes, and whether it may use colour.
pub(crate) struct Io<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    pub color: bool,
}

pub(crate) const USAGE: &str = "\
cargo harden: check a SeaORM web service against the production-hardening checklist

Usage:
  cargo harden check [--manifest-path PATH] [-p NAME]... [--format FMT]
                     [--changed-since GIT_REV] [--baseline FILE]
                     [--write-baseline FILE] [-D|-W|-A RULE]...
  cargo harden rules                 list rules: name, level, checklist section
  cargo harden explain RULE          why, bad and good example, how to fix
  cargo harden init [--manifest-path PATH]
                                     write a commented config into Cargo.toml

Formats: human (default), json, sarif, github
Exit codes: 0 no error-level finding, 1 error-level findings, 2 could not run
";

/// Runs the command line `args` (program name first; a leading `harden` from cargo is skipped).
pub(crate) fn main(args: Vec<String>, io: &mut Io<'_>) -> i32 {
    let mut args: Vec<String> = args.into_iter().skip(1).collect();
    if args.first().is_some_and(|a| a == "harden") {
        args.remove(0);
    }
    let Some(cmd) = args.first().cloned() else {
        let _ = write!(io.err, "{USAGE}");
        return 2;
    };
    let rest = &args[1..];
    let result = match cmd.as_str() {
        "check" => check::run(rest, io),
        "rules" => rules::run(rest, io),
        "explain" => explain::run(rest, io),
        "init" => init::run(rest, io),
        "-h" | "--help" | "help" => {
            let _ = write!(io.out, "{USAGE}");
            Ok(0)
        }
        "-V" | "--version" => {
            let _ = writeln!(io.out, "cargo-harden {}", env!("CARGO_PKG_VERSION"));
            Ok(0)
        }
        other => {
            let known = ["check", "rules", "explain", "init"];
            let hint = crate::config::closest(other, known.into_iter())
                .map(|c| format!("; did you mean `{c}`?"))
                .unwrap_or_default();
            Err(format!("unknown command `{other}`{hint}\n\n{USAGE}"))
        }
    };
    match result {
        Ok(code) => code,
        Err(msg) => {
            let _ = writeln!(io.err, "error: {msg}");
            2
        }
    }
}

/// Takes the value of an option given as `--opt VALUE` or `--opt=VALUE`.
pub(crate) fn value(args: &[String], i: &mut usize, name: &str) -> Result<String, String> {
    let arg = &args[*i];
    if let Some(v) = arg.strip_prefix(&format!("{name}=")) {
        return Ok(v.to_string());
    }
    if name.len() == 2
        && let Some(v) = arg.strip_prefix(name)
        && !v.is_empty()
    {
        return Ok(v.to_string());
    }
    *i += 1;
    args.get(*i)
        .cloned()
        .ok_or_else(|| format!("`{name}` needs a value"))
}
