//! `--format human`: rustc-style diagnostics with source snippets.

use std::io::{self, Write};

use annotate_snippets::{AnnotationKind, Group, Level as ALevel, Origin, Renderer, Snippet};

use super::{Reporter, Summary};
use crate::findings::{Finding, Level};
use crate::span::Span;

pub(crate) struct Human<W> {
    w: W,
    renderer: Renderer,
}

impl<W: Write> Human<W> {
    pub(crate) fn new(w: W, color: bool) -> Self {
        Human {
            w,
            renderer: if color {
                Renderer::styled()
            } else {
                Renderer::plain()
            },
        }
    }
}

/// The source lines a span covers (at most 6), and the span's byte range inside them.
fn excerpt(source: &str, span: Span) -> Option<(&str, std::ops::Range<usize>)> {
    let first = span.line.checked_sub(1)? as usize;
    let count = (span.end_line.saturating_sub(span.line) as usize + 1).min(6);
    let mut starts = vec![0];
    starts.extend(source.match_indices('\n').map(|(i, _)| i + 1));
    let start = *starts.get(first)?;
    let end = starts
        .get(first + count)
        .map_or(source.len(), |e| e.saturating_sub(1))
        .max(start);
    let text = source.get(start..end)?;
    let byte_at = |line_off: usize, col: u32| {
        let line_start = starts.get(first + line_off).map_or(end, |s| *s) - start;
        let line = text.get(line_start..).unwrap_or("");
        let line = line.split('\n').next().unwrap_or("");
        line_start
            + line
                .char_indices()
                .nth(col.saturating_sub(1) as usize)
                .map_or(line.len(), |(b, _)| b)
    };
    let a = byte_at(0, span.column);
    let last = count - 1;
    let b = if (span.end_line as usize) - 1 > first + last {
        text.len()
    } else {
        byte_at(last, span.end_column)
    };
    Some((
        text,
        a.min(text.len())..b.clamp(a.min(text.len()), text.len()),
    ))
}

impl<W: Write> Reporter for Human<W> {
    fn emit(&mut self, f: &Finding, source: &str) -> io::Result<()> {
        let level = match f.level {
            Level::Error => ALevel::ERROR,
            Level::Warning => ALevel::WARNING,
            Level::Note | Level::Allow => ALevel::NOTE,
        };
        let title = level.primary_title(f.message.as_str()).id(f.rule);
        let mut group = match excerpt(source, f.span) {
            Some((text, range)) if !text.is_empty() => Group::with_title(title).element(
                Snippet::source(text)
                    .line_start(f.span.line as usize)
                    .path(f.file.as_str())
                    .annotation(AnnotationKind::Primary.span(range)),
            ),
            _ => Group::with_title(title).element(
                Origin::path(f.file.as_str())
                    .line(f.span.line as usize)
                    .char_column(f.span.column as usize),
            ),
        };
        for l in &f.labels {
            group = group.element(ALevel::NOTE.message(format!(
                "{} ({}:{}:{})",
                l.message, l.file, l.span.line, l.span.column
            )));
        }
        if let Some(help) = &f.help {
            group = group.element(ALevel::HELP.message(help.as_str()));
        }
        writeln!(self.w, "{}\n", self.renderer.render(&[group]))
    }

    fn finish(&mut self, s: &Summary) -> io::Result<()> {
        let plural = |n: usize, noun: &str| format!("{n} {noun}{}", if n == 1 { "" } else { "s" });
        let files = plural(s.files_checked, "file");
        if s.errors + s.warnings + s.notes == 0 {
            write!(self.w, "cargo harden: no findings in {files}")?;
        } else {
            write!(
                self.w,
                "cargo harden: {}, {}, {} in {files} checked",
                plural(s.errors, "error"),
                plural(s.warnings, "warning"),
                plural(s.notes, "note"),
            )?;
        }
        if let Some(n) = s.baselined {
            write!(self.w, "; the baseline hid {}", plural(n, "finding"))?;
        }
        writeln!(self.w)?;
        self.w.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_covers_the_span() {
        let src = "fn a() {}\nlet x = dbg!(1);\nmore";
        let (text, range) = excerpt(
            src,
            Span {
                line: 2,
                column: 9,
                end_line: 2,
                end_column: 16,
            },
        )
        .unwrap_or_default();
        assert_eq!(text, "let x = dbg!(1);");
        assert_eq!(&text[range], "dbg!(1)");
    }
}
