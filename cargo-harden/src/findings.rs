//! Findings: what rules report, what the sink turns them into, and what reporters print.
//!
//! Rules are named here only by id ([`RuleId`]); their metadata ([`RuleMeta`]) is handed to
//! whoever needs it (the sink, SARIF), so nothing below the rule table imports it.

use std::fmt;

use crate::ids::FileId;
use crate::span::Span;

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

/// A rule, by its kebab-case name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RuleId(pub &'static str);

impl RuleId {
    /// The kebab-case name.
    pub fn name(self) -> &'static str {
        self.0
    }
}

/// What the sink and the reporters know about a rule.
#[derive(Debug)]
pub struct RuleMeta {
    /// The rule.
    pub id: RuleId,
    /// Checklist section (1–12; 0 for the tool's own findings).
    pub section: u8,
    /// Level unless configured otherwise.
    pub default_level: Level,
    /// Whether test code (tests/, benches/, examples/, `#[cfg(test)]`, `#[test]`) is exempt.
    pub exempt_in_tests: bool,
    /// The rule's documentation: what `cargo harden explain` prints.
    pub doc: &'static str,
}

impl RuleMeta {
    /// The kebab-case name.
    pub fn name(&self) -> &'static str {
        self.id.0
    }

    /// The "What it flags" section's first paragraph, for `cargo harden rules` and SARIF.
    pub fn summary(&self) -> String {
        let mut lines = self.doc.lines().map(str::trim);
        for line in lines.by_ref() {
            if line.starts_with("## What it flags") {
                break;
            }
        }
        let mut out = String::new();
        for line in lines.skip_while(|l| l.is_empty()) {
            if line.is_empty() || line.starts_with("##") {
                break;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            // A list inside the paragraph reads as one sentence once its items end in `;`.
            out.push_str(line.strip_prefix("- ").unwrap_or(line));
        }
        out
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
    /// A line `cargo harden fix` can insert to resolve it.
    pub fix: Option<Fix>,
}

/// An edit that resolves a finding: a line inserted before line `line` of `file`, indented
/// like that line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// File relative to the workspace root.
    pub file: String,
    /// The line the new one goes above, 1-based.
    pub line: u32,
    /// The new line, without indentation or line break.
    pub text: String,
}

/// A finding as a rule reports it, before the sink applies levels and suppressions.
#[derive(Clone, Debug)]
pub(crate) struct RawFinding {
    pub rule: RuleId,
    pub file: FileId,
    pub span: Span,
    pub message: String,
    pub help: Option<String>,
    pub labels: Vec<(FileId, Span, String)>,
    pub fix: Option<(FileId, u32, String)>,
}

/// Where rules put what they find.
#[derive(Default)]
pub(crate) struct Findings {
    pub raw: Vec<RawFinding>,
}

impl Findings {
    /// Reports a finding of `rule` at `span` in `file`.
    pub fn report(
        &mut self,
        rule: RuleId,
        file: FileId,
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
            fix: None,
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

    /// Offers a line to insert above line `line` of `file` that resolves the finding.
    pub fn fix(&mut self, file: FileId, line: u32, text: impl Into<String>) -> &mut Self {
        self.fix = Some((file, line, text.into()));
        self
    }

    /// Adds a secondary location.
    pub fn label(&mut self, file: FileId, span: Span, message: impl Into<String>) -> &mut Self {
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
