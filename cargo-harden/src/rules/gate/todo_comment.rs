//! `todo-comment`: TODO/FIXME/XXX/HACK markers in comments.

use crate::facts::lexer::Comment;
use crate::findings::Findings;
use crate::model::Model;
use crate::rules::declare_rule;
use crate::span::Span;

declare_rule! {
    /// ## What it flags
    /// A comment with a `TODO`, `FIXME`, `XXX` or `HACK` marker: the word in capitals at the
    /// start of the comment, or followed by `:` or `(`. Strings are not comments, and a word
    /// that merely mentions a marker in prose is not one.
    ///
    /// ## Why it matters
    /// The checklist's final gate: a marker is a promise that something is unfinished, and
    /// unfinished code should not reach production unnoticed.
    ///
    /// ## Example
    /// ```text
    // harden:allow(todo-comment): an example of the marker in the rule's documentation
    /// // TODO: check the token expiry
    /// ```
    ///
    /// ## Fix
    /// Finish the work, or move it to the issue tracker and delete the marker.
    name: "todo-comment", section: 12, level: Warning, exempt_in_tests: true, run: todo_comment,
}

use crate::facts::lexer::TODO_MARKERS as MARKERS;

pub(crate) fn todo_comment(model: &Model, out: &mut Findings) {
    for (fi, file) in model.rust_files() {
        for c in &file.facts.comments {
            let Some((offset, marker)) = find_marker(&c.text) else {
                continue;
            };
            out.report(
                ID,
                fi,
                position(c, offset, marker.len()),
                format!("`{marker}` comment"),
            )
            .help("finish the work, or track it in an issue and remove the marker");
        }
    }
}

/// Byte offset and marker of the first real marker in `text`.
fn find_marker(text: &str) -> Option<(usize, &'static str)> {
    let first_word_at = text.len()
        - text
            .trim_start_matches(|c: char| c.is_whitespace() || c == '*' || c == '-')
            .len();
    let bytes = text.as_bytes();
    // Markers are ASCII: only a byte that starts one is worth comparing at (comments are
    // the bulk of some files, and every byte of them passes here).
    for (i, &b) in bytes.iter().enumerate() {
        if !MARKERS.iter().any(|m| m.as_bytes()[0] == b) {
            continue;
        }
        for m in MARKERS {
            if !bytes[i..].starts_with(m.as_bytes()) {
                continue;
            }
            let before = text[..i].chars().next_back();
            let after = text[i + m.len()..].chars().next();
            let word = !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
                && !after.is_some_and(|c| c.is_alphanumeric() || c == '_');
            if word && (i == first_word_at || matches!(after, Some(':' | '('))) {
                return Some((i, m));
            }
        }
    }
    None
}

fn position(c: &Comment, offset: usize, len: usize) -> Span {
    let prefix = if c.doc { 3 } else { 2 };
    let before = &c.text[..offset];
    match before.rfind('\n') {
        None => Span::on_line(
            c.span.line,
            c.span.column + prefix + before.chars().count() as u32,
            len as u32,
        ),
        Some(nl) => {
            let line = c.span.line + before.matches('\n').count() as u32;
            Span::on_line(
                line,
                before[nl + 1..].chars().count() as u32 + 1,
                len as u32,
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::find_marker;

    #[test]
    fn markers_need_position_or_punctuation() {
        assert!(find_marker(" TODO remove").is_some());
        assert!(find_marker(" later, FIXME: this").is_some());
        assert!(find_marker(" flags TODO/FIXME comments").is_none());
        assert!(find_marker(" TODOS are fine").is_none());
    }
}
