//! `cargo harden check`.

use std::collections::HashMap;
use std::path::PathBuf;

use super::{Io, value};
use crate::findings::Level;
use crate::pipeline::{self, Failure, Options};
use crate::report::{self, Format, Summary};

pub(crate) fn run(args: &[String], io: &mut Io<'_>) -> Result<i32, String> {
    let mut opts = Options::default();
    let mut format = Format::Human;
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        let opt = a.split('=').next().unwrap_or(a);
        match opt {
            "--manifest-path" => {
                opts.manifest_path = Some(PathBuf::from(value(args, &mut i, opt)?))
            }
            "-p" | "--package" => opts.packages.push(value(args, &mut i, opt)?),
            "--format" => {
                let v = value(args, &mut i, opt)?;
                format = Format::parse(&v).ok_or_else(|| {
                    format!("unknown format `{v}` (use human, json, sarif or github)")
                })?;
            }
            "--changed-since" => opts.changed_since = Some(value(args, &mut i, opt)?),
            "--baseline" => opts.baseline = Some(PathBuf::from(value(args, &mut i, opt)?)),
            "--write-baseline" => {
                opts.write_baseline = Some(PathBuf::from(value(args, &mut i, opt)?))
            }
            "--deny" | "--warn" | "--allow" => {
                let level = match opt {
                    "--deny" => Level::Error,
                    "--warn" => Level::Warning,
                    _ => Level::Allow,
                };
                opts.overrides.push((value(args, &mut i, opt)?, level));
            }
            "-h" | "--help" => {
                let _ = write!(io.out, "{}", super::USAGE);
                return Ok(0);
            }
            _ if a.starts_with("-D") || a.starts_with("-W") || a.starts_with("-A") => {
                let level = match &a[..2] {
                    "-D" => Level::Error,
                    "-W" => Level::Warning,
                    _ => Level::Allow,
                };
                let name = &a[..2];
                opts.overrides.push((value(args, &mut i, name)?, level));
            }
            _ => {
                return Err(format!(
                    "unexpected argument `{a}` for `check`\n\n{}",
                    super::USAGE
                ));
            }
        }
        i += 1;
    }
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
    if let Some(n) = outcome.baseline_written {
        let _ = writeln!(
            io.err,
            "wrote {n} finding{} to the baseline",
            if n == 1 { "" } else { "s" }
        );
        return Ok(0);
    }
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
        reporter.finish(&Summary::of(&outcome.findings, outcome.files_checked))
    };
    write().map_err(|e| format!("cannot write the report: {e}"))?;
    let failed = outcome.findings.iter().any(|f| f.level == Level::Error);
    // Freeing every file's text and facts is a noticeable share of a large check, and
    // nothing reads them any more: let it happen off the caller's path.
    std::thread::spawn(move || drop(outcome));
    Ok(i32::from(failed))
}

fn print_config_errors(errors: &[crate::config::ConfigError], io: &mut Io<'_>) {
    use annotate_snippets::{AnnotationKind, Group, Level as ALevel, Renderer, Snippet};
    let renderer = if io.color {
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
