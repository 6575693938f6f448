//! `--format json`: one finding per line, with exactly the documented fields, then one
//! summary line (`"reason": "check-finished"`) that says the check ran to the end.

use std::io::{self, Write};

use serde::Serialize;

use super::{Reporter, Summary};
use crate::findings::Finding;

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    level: &'a str,
    section: u8,
    file: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    fingerprint: &'a str,
}

/// The last line. A finding line never has `reason`; like cargo's `build-finished`, this
/// line is how a consumer tells "ran, nothing found" from "did not run".
#[derive(Serialize)]
struct JsonSummary {
    reason: &'static str,
    success: bool,
    errors: usize,
    warnings: usize,
    notes: usize,
    files_checked: usize,
    baselined: usize,
}

pub(crate) struct Json<W> {
    w: W,
}

impl<W: Write> Json<W> {
    pub(crate) fn new(w: W) -> Self {
        Json { w }
    }
}

impl<W: Write> Reporter for Json<W> {
    fn emit(&mut self, f: &Finding, _: &str) -> io::Result<()> {
        let j = JsonFinding {
            rule: f.rule,
            level: f.level.as_str(),
            section: f.section,
            file: &f.file,
            line: f.span.line,
            column: f.span.column,
            end_line: f.span.end_line,
            end_column: f.span.end_column,
            message: &f.message,
            help: f.help.as_deref(),
            fingerprint: &f.fingerprint,
        };
        serde_json::to_writer(&mut self.w, &j)?;
        self.w.write_all(b"\n")
    }

    fn finish(&mut self, s: &Summary) -> io::Result<()> {
        let summary = JsonSummary {
            reason: "check-finished",
            success: s.errors == 0,
            errors: s.errors,
            warnings: s.warnings,
            notes: s.notes,
            files_checked: s.files_checked,
            baselined: s.baselined.unwrap_or(0),
        };
        serde_json::to_writer(&mut self.w, &summary)?;
        self.w.write_all(b"\n")?;
        self.w.flush()
    }
}
