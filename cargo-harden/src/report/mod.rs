//! Output formats: one file each, behind one trait, generic over `W: Write`.

mod github;
mod human;
mod json;
mod sarif;

use std::io::{self, Write};

use crate::findings::{Finding, Level, RuleMeta};

/// Totals printed at the end.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
    pub files_checked: usize,
    /// How many findings `--baseline` hid; `None` without a baseline.
    pub baselined: Option<usize>,
}

impl Summary {
    pub(crate) fn of(findings: &[Finding], files_checked: usize) -> Summary {
        let count = |l| findings.iter().filter(|f| f.level == l).count();
        Summary {
            errors: count(Level::Error),
            warnings: count(Level::Warning),
            notes: count(Level::Note),
            files_checked,
            baselined: None,
        }
    }
}

/// An output format.
pub(crate) trait Reporter {
    /// Called once before the first finding.
    fn begin(&mut self) -> io::Result<()> {
        Ok(())
    }
    /// One finding; `source` is the text of its file (empty when not shown).
    fn emit(&mut self, finding: &Finding, source: &str) -> io::Result<()>;
    /// Called once at the end.
    fn finish(&mut self, summary: &Summary) -> io::Result<()>;
}

/// `--format` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// rustc-style text.
    Human,
    /// One JSON object per line.
    Json,
    /// SARIF 2.1.0.
    Sarif,
    /// GitHub Actions workflow annotations.
    Github,
}

impl Format {
    /// Parses a `--format` value.
    pub fn parse(s: &str) -> Option<Format> {
        Some(match s {
            "human" => Format::Human,
            "json" => Format::Json,
            "sarif" => Format::Sarif,
            "github" => Format::Github,
            _ => return None,
        })
    }
}

/// The reporter for `format`, writing into `w`; `rules` describe the rules (for SARIF).
pub(crate) fn reporter<'w, W: Write + 'w>(
    format: Format,
    w: W,
    color: bool,
    rules: &'w [&'w RuleMeta],
) -> Box<dyn Reporter + 'w> {
    match format {
        Format::Human => Box::new(human::Human::new(w, color)),
        Format::Json => Box::new(json::Json::new(w)),
        Format::Sarif => Box::new(sarif::Sarif::new(w, rules)),
        Format::Github => Box::new(github::Github::new(w)),
    }
}
