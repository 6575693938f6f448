//! The command line: clap definitions and dispatch, one file per subcommand.

mod check;
mod completions;
mod explain;
mod fix;
mod init;
mod preflight;
mod rules;

use std::ffi::OsString;
use std::io::Write;

use clap::builder::styling::{AnsiColor, Style};
use clap::builder::{PossibleValue, StyledStr, TypedValueParser};
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

/// Where a command writes, and whether each stream may use colour.
pub(crate) struct Io<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    /// Colour on `out`.
    pub color: bool,
    /// Colour on `err`.
    pub err_color: bool,
}

const AFTER_HELP: &str = "\
Exit codes: 0 no error-level finding, 1 error-level findings, 2 could not run.
`cargo harden explain RULE` says why a rule matters and how to fix what it flags.";

/// Checks a SeaORM web service against the production-hardening checklist.
#[derive(Parser)]
#[command(
    name = "cargo-harden",
    bin_name = "cargo harden",
    version,
    about = "Check a SeaORM web service against the production-hardening checklist",
    arg_required_else_help = true,
    after_help = AFTER_HELP,
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Check(check::CheckArgs),
    Rules(rules::RulesArgs),
    Explain(explain::ExplainArgs),
    Init(init::InitArgs),
    Fix(fix::FixArgs),
    Preflight(preflight::PreflightArgs),
    Completions(completions::CompletionsArgs),
}

/// The whole command-line interface, for help and completions.
pub(crate) fn command() -> clap::Command {
    Cli::command()
}

/// Runs the command line `args` (program name first; the `harden` cargo inserts when it runs
/// `cargo harden` is skipped) and returns the exit code.
pub(crate) fn main(mut args: Vec<OsString>, io: &mut Io<'_>) -> i32 {
    if args.get(1).is_some_and(|a| a == "harden") {
        args.remove(1);
    }
    let parsed = command()
        .try_get_matches_from(args)
        .and_then(|m| Cli::from_arg_matches(&m).map(|cli| (cli, m)));
    let (cli, matches) = match parsed {
        Ok(parsed) => parsed,
        Err(e) => return clap_exit(&e, io),
    };
    let none = clap::ArgMatches::default();
    let sub = matches.subcommand().map_or(&none, |(_, m)| m);
    let result = match cli.command {
        Command::Check(args) => check::run(&args, sub, io),
        Command::Rules(args) => rules::run(&args, io),
        Command::Explain(args) => explain::run(&args, io),
        Command::Init(args) => init::run(&args, io),
        Command::Fix(args) => fix::run(&args, io),
        Command::Preflight(args) => preflight::run(&args, io),
        Command::Completions(args) => completions::run(&args, io),
    };
    match result {
        Ok(code) => code,
        Err(msg) => {
            error(io, &msg);
            2
        }
    }
}

/// Prints what clap has to say (help, version or a usage error) where it belongs.
fn clap_exit(e: &clap::Error, io: &mut Io<'_>) -> i32 {
    let text = e.render();
    let (w, color) = if e.use_stderr() {
        (&mut *io.err, io.err_color)
    } else {
        (&mut *io.out, io.color)
    };
    let _ = if color {
        write!(w, "{}", text.ansi())
    } else {
        write!(w, "{text}")
    };
    e.exit_code()
}

/// `error: msg` on stderr, styled as clap styles its errors.
pub(crate) fn error(io: &mut Io<'_>, msg: &str) {
    let style = if io.err_color {
        Style::new().fg_color(Some(AnsiColor::Red.into())).bold()
    } else {
        Style::new()
    };
    let _ = writeln!(io.err, "{style}error:{style:#} {msg}");
}

/// A rule name: completes to the rule names, and a typo gets the closest one.
#[derive(Clone, Copy)]
pub(crate) struct RuleName;

impl TypedValueParser for RuleName {
    type Value = &'static str;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<&'static str, clap::Error> {
        let name = value.to_string_lossy();
        if let Some(rule) = crate::rules::by_name(&name) {
            return Ok(rule.name());
        }
        let mut e = clap::Error::new(ErrorKind::InvalidValue).with_cmd(cmd);
        let arg = arg.map_or_else(|| "RULE".to_string(), ToString::to_string);
        e.insert(ContextKind::InvalidArg, ContextValue::String(arg));
        e.insert(
            ContextKind::InvalidValue,
            ContextValue::String(name.clone().into()),
        );
        let tip = match crate::rules::closest_name(&name) {
            Some(c) => format!("did you mean `{c}`?"),
            None => "`cargo harden rules` lists the rules".to_string(),
        };
        e.insert(
            ContextKind::Suggested,
            ContextValue::StyledStrs(vec![StyledStr::from(tip)]),
        );
        Err(e)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            crate::rules::all().map(|r| PossibleValue::new(r.name())),
        ))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_command_line_is_well_formed() {
        super::command().debug_assert();
    }
}
