//! Findings: what rules produce and reporters print.

use std::fmt;

/// How serious a finding is. `Allow` turns a rule off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Reported, never fails the check.
    Note,
    /// Reported, does not fail the check.
    Warning,
    /// Reported and fails the check (exit code 1).
    Error,
    /// Not reported at all.
    Allow,
}

impl Level {
    /// The name used in JSON output and in configuration.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Note => "note",
            Level::Warning => "warning",
            Level::Error => "error",
            Level::Allow => "allow",
        }
    }

    /// Parses a configuration value (`"error"`, `"warn"`, `"warning"`, `"note"`, `"allow"`, `"off"`).
    pub fn parse(s: &str) -> Option<Level> {
        Some(match s {
            "error" | "deny" => Level::Error,
            "warning" | "warn" => Level::Warning,
            "note" => Level::Note,
            "allow" | "off" => Level::Allow,
            _ => return None,
        })
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A source range, 1-based lines and columns (columns count characters), end inclusive of the
/// last character's position + 1 (like rustc's JSON `column_end`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// First line, 1-based.
    pub line: u32,
    /// First column, 1-based.
    pub column: u32,
    /// Last line, 1-based.
    pub end_line: u32,
    /// Column just after the last character, 1-based.
    pub end_column: u32,
}

impl Span {
    /// A span covering one line from `column` for `len` characters.
    pub fn on_line(line: u32, column: u32, len: u32) -> Span {
        Span {
            line,
            column,
            end_line: line,
            end_column: column + len.max(1),
        }
    }

    /// The span of a syn/proc-macro2 token range.
    pub(crate) fn from_pm2(span: proc_macro2::Span) -> Span {
        let start = span.start();
        let end = span.end();
        let line = start.line.max(1) as u32;
        let end_line = (end.line.max(1) as u32).max(line);
        let column = start.column as u32 + 1;
        let mut end_column = end.column as u32 + 1;
        if end_line == line && end_column <= column {
            end_column = column + 1;
        }
        Span {
            line,
            column,
            end_line,
            end_column,
        }
    }

    /// The span from the start of `self` to the end of `other`.
    pub(crate) fn to(self, other: Span) -> Span {
        Span {
            line: self.line,
            column: self.column,
            end_line: other.end_line,
            end_column: other.end_column,
        }
    }
}

/// A secondary location that explains a finding ("entity marked soft-delete here").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// File, relative to the workspace root.
    pub file: String,
    /// Where.
    pub span: Span,
    /// What it shows.
    pub message: String,
}

/// One finding, after levels, suppressions and baselines were applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Kebab-case rule name.
    pub rule: &'static str,
    /// Effective level (never `Allow`).
    pub level: Level,
    /// Checklist section, 1–12 (12 = final gate; 0 for the tool's own findings).
    pub section: u8,
    /// File relative to the workspace root, `/`-separated.
    pub file: String,
    /// Primary location.
    pub span: Span,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// Content hash of rule, path and normalised snippet; stable across unrelated edits.
    pub fingerprint: String,
    /// Secondary locations.
    pub labels: Vec<Label>,
}

/// A finding as a rule reports it, before the sink applies levels and suppressions.
#[derive(Clone, Debug)]
pub(crate) struct RawFinding {
    pub rule: &'static crate::rules::RuleInfo,
    pub file: usize,
    pub span: Span,
    pub message: String,
    pub help: Option<String>,
    pub labels: Vec<(usize, Span, String)>,
}

/// Where rules put what they find.
#[derive(Default)]
pub(crate) struct Findings {
    pub raw: Vec<RawFinding>,
}

impl Findings {
    /// Reports a finding of `rule` at `span` in file number `file`.
    pub fn report(
        &mut self,
        rule: &'static crate::rules::RuleInfo,
        file: usize,
        span: Span,
        message: impl Into<String>,
    ) -> &mut RawFinding {
        self.raw.push(RawFinding {
            rule,
            file,
            span,
            message: message.into(),
            help: None,
            labels: Vec::new(),
        });
        let last = self.raw.len() - 1;
        &mut self.raw[last]
    }
}

impl RawFinding {
    /// Says how to fix it.
    pub fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a secondary location.
    pub fn label(&mut self, file: usize, span: Span, message: impl Into<String>) -> &mut Self {
        self.labels.push((file, span, message.into()));
        self
    }
}

/// FNV-1a, 64 bit: a stable hash for fingerprints (std's hasher is not stable across releases).
pub(crate) fn stable_hash(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain([0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}
