//! Source locations: the leaf every layer may import.

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

    /// The span of byte range `range` of `text` (columns count characters; an empty range
    /// covers one character).
    pub(crate) fn of_bytes(text: &str, range: std::ops::Range<usize>) -> Span {
        let pos = |off: usize| {
            let off = off.min(text.len());
            let before = text.get(..off).unwrap_or("");
            let line = before.matches('\n').count() as u32 + 1;
            let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
            (line, col)
        };
        let (line, column) = pos(range.start);
        let (end_line, end_column) = pos(range.end.max(range.start + 1));
        Span {
            line,
            column,
            end_line,
            end_column,
        }
    }

    /// The text `self` covers in `text`, if it lies inside it.
    pub(crate) fn slice(self, text: &str) -> Option<&str> {
        let start = offset(text, self.line, self.column)?;
        let end = offset(text, self.end_line, self.end_column)?;
        text.get(start..end)
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

/// The byte offset of 1-based `line` and character `column` in `text`.
fn offset(text: &str, line: u32, column: u32) -> Option<usize> {
    let mut at = 0;
    for _ in 1..line {
        at += text.get(at..)?.find('\n')? + 1;
    }
    let rest = text.get(at..)?;
    let chars = column.checked_sub(1)? as usize;
    match rest.char_indices().nth(chars) {
        Some((i, _)) => Some(at + i),
        None if rest.chars().count() == chars => Some(text.len()),
        None => None,
    }
}
