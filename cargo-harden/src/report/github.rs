//! `--format github`: workflow commands that GitHub Actions shows as annotations.

use std::io::{self, Write};

use super::{Reporter, Summary};
use crate::findings::{Finding, Level};

pub(crate) struct Github<W> {
    w: W,
}

impl<W: Write> Github<W> {
    pub(crate) fn new(w: W) -> Self {
        Github { w }
    }
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

impl<W: Write> Reporter for Github<W> {
    fn emit(&mut self, f: &Finding, _: &str) -> io::Result<()> {
        let kind = match f.level {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note | Level::Allow => "notice",
        };
        let mut message = f.message.clone();
        if let Some(help) = &f.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        writeln!(
            self.w,
            "::{kind} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&f.file),
            f.span.line,
            f.span.column,
            f.span.end_line,
            f.span.end_column,
            escape_property(&format!("cargo harden: {}", f.rule)),
            escape_data(&message)
        )
    }

    fn finish(&mut self, _: &Summary) -> io::Result<()> {
        self.w.flush()
    }
}
