//! `cargo harden check`.

use std::collections::HashMap;
use std::path::PathBuf;

use clap::{ArgMatches, Args, ValueEnum};

use super::{Io, RuleName};
use crate::findings::Level;
use crate::pipeline::{self, Failure, Options};
use crate::report::{self, Format, Summary};

const AFTER_HELP: &str = "\
Exit codes: 0 no error-level finding, 1 error-level findings, 2 could not run.
With --format json the last line is {\"reason\":\"check-finished\", ...}, every other line a finding.";

/// Check the workspace against the production-hardening checklist
#[derive(Args)]
#[command(after_help = AFTER_HELP)]
pub(crate) struct CheckArgs {
    /// Path to Cargo.toml [default: the workspace around the current directory]
    #[arg(long, value_name = "PATH")]
    manifest_path: Option<PathBuf>,
    /// Report only findings in this package (repeatable)
    #[arg(short = 'p', long = "package", value_name = "NAME")]
    packages: Vec<String>,
    /// Output format
    #[arg(long, value_enum, value_name = "FMT", default_value_t = FormatArg::Human)]
    format: FormatArg,
    /// Report only findings in files changed since this git revision (and untracked files)
    #[arg(long, value_name = "GIT_REV")]
    changed_since: Option<String>,
    /// Hide the findings recorded in this baseline file, and say how many were hidden
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record every current finding in this baseline file (and exit 0)
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// Make RULE an error (repeatable; for one rule the last of -D/-W/-A wins)
    #[arg(
        short = 'D',
        long,
        value_name = "RULE",
        value_parser = RuleName,
        hide_possible_values = true,
        help_heading = "Rule levels"
    )]
    deny: Vec<&'static str>,
    /// Make RULE a warning (repeatable)
    #[arg(
        short = 'W',
        long,
        value_name = "RULE",
        value_parser = RuleName,
        hide_possible_values = true,
        help_heading = "Rule levels"
    )]
    warn: Vec<&'static str>,
    /// Turn RULE off (repeatable)
    #[arg(
        short = 'A',
        long,
        value_name = "RULE",
        value_parser = RuleName,
        hide_possible_values = true,
        help_heading = "Rule levels"
    )]
    allow: Vec<&'static str>,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    /// rustc-style diagnostics
    Human,
    /// one finding per line, then a `check-finished` summary line
    Json,
    /// SARIF 2.1.0, for GitHub code scanning
    Sarif,
    /// GitHub Actions workflow annotations
    Github,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Human => Format::Human,
            FormatArg::Json => Format::Json,
            FormatArg::Sarif => Format::Sarif,
            FormatArg::Github => Format::Github,
        }
    }
}

/// The level overrides in command-line order, so the last one given for a rule wins.
fn overrides(args: &CheckArgs, matches: &ArgMatches) -> Vec<(String, Level)> {
    let mut ordered = Vec::new();
    for (id, names, level) in [
        ("deny", &args.deny, Level::Error),
        ("warn", &args.warn, Level::Warning),
        ("allow", &args.allow, Level::Allow),
    ] {
        let at = matches.indices_of(id).into_iter().flatten();
        ordered.extend(at.zip(names).map(|(i, name)| (i, name.to_string(), level)));
    }
    ordered.sort_by_key(|(i, _, _)| *i);
    ordered.into_iter().map(|(_, n, l)| (n, l)).collect()
}

pub(crate) fn run(args: &CheckArgs, matches: &ArgMatches, io: &mut Io<'_>) -> Result<i32, String> {
    let opts = Options {
        manifest_path: args.manifest_path.clone(),
        packages: args.packages.clone(),
        changed_since: args.changed_since.clone(),
        baseline: args.baseline.clone(),
        write_baseline: args.write_baseline.clone(),
        overrides: overrides(args, matches),
    };
    let format = Format::from(args.format);
    let outcome = match pipeline::check(&opts) {
        Ok(o) => o,
        Err(Failure::Usage(msg)) => return Err(msg),
        Err(Failure::Config(errors)) => {
            print_config_errors(&errors, io);
            return Ok(2);
        }
    };
    for note in &outcome.notes {
        let _ = writeln!(io.err, "warning: {note}");
    }
    if let (Some(n), Some(path)) = (outcome.baseline_written, &args.write_baseline) {
        let _ = writeln!(
            io.err,
            "cargo harden: wrote {} to the baseline `{}`",
            count(n, "finding"),
            path.display()
        );
        return Ok(0);
    }
    let summary = Summary {
        baselined: args.baseline.as_ref().map(|_| outcome.baselined),
        ..Summary::of(&outcome.findings, outcome.files_checked)
    };
    let rules = crate::rules::metadata();
    let mut reporter = report::reporter(format, &mut *io.out, io.color, &rules);
    let mut write = || -> std::io::Result<()> {
        reporter.begin()?;
        let texts: HashMap<&str, &str> = if outcome.findings.is_empty() {
            HashMap::new()
        } else {
            outcome
                .model
                .files
                .iter()
                .map(|s| (s.rel.as_str(), s.text.as_str()))
                .collect()
        };
        for f in &outcome.findings {
            let source = texts.get(f.file.as_str()).copied().unwrap_or("");
            reporter.emit(f, source)?;
        }
        reporter.finish(&summary)
    };
    write().map_err(|e| format!("cannot write the report: {e}"))?;
    drop(reporter);
    // The human and JSON reports carry the count themselves; the others have no place for it.
    if let (Some(n), Format::Sarif | Format::Github) = (summary.baselined, format) {
        let _ = writeln!(
            io.err,
            "cargo harden: the baseline hid {}",
            count(n, "finding")
        );
    }
    let failed = outcome.findings.iter().any(|f| f.level == Level::Error);
    // Freeing every file's text and facts is a noticeable share of a large check, and
    // nothing reads them any more: let it happen off the caller's path.
    std::thread::spawn(move || drop(outcome));
    Ok(i32::from(failed))
}

/// `1 finding`, `2 findings`.
pub(crate) fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

pub(crate) fn print_config_errors(errors: &[crate::config::ConfigError], io: &mut Io<'_>) {
    use annotate_snippets::{AnnotationKind, Group, Level as ALevel, Renderer, Snippet};
    let renderer = if io.err_color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    for e in errors {
        let line_start = e
            .source
            .lines()
            .take(e.span.line as usize - 1)
            .map(|l| l.len() + 1)
            .sum::<usize>();
        let line = e.source[line_start.min(e.source.len())..]
            .lines()
            .next()
            .unwrap_or("");
        let a = line
            .char_indices()
            .nth(e.span.column as usize - 1)
            .map_or(line.len(), |(b, _)| b);
        let b = if e.span.end_line == e.span.line {
            line.char_indices()
                .nth(e.span.end_column as usize - 1)
                .map_or(line.len(), |(b, _)| b)
        } else {
            line.len()
        };
        let mut group = Group::with_title(ALevel::ERROR.primary_title(e.message.as_str())).element(
            Snippet::source(line)
                .line_start(e.span.line as usize)
                .path(e.file.as_str())
                .annotation(AnnotationKind::Primary.span(a..b.max(a))),
        );
        if let Some(help) = &e.help {
            group = group.element(ALevel::HELP.message(help.as_str()));
        }
        let _ = writeln!(io.err, "{}\n", renderer.render(&[group]));
    }
    let _ = writeln!(
        io.err,
        "error: invalid `cargo harden` configuration ({} problem{})",
        errors.len(),
        if errors.len() == 1 { "" } else { "s" }
    );
}
