//! A raw-text scan that tells comments, strings and code apart, without parsing.
//!
//! It runs on every file, even one syn cannot parse, and before syn: it measures nesting
//! so that pathological input is refused instead of overflowing the parser's stack.

use crate::span::Span;

/// A comment, with its text (without the `//` or `/* */` markers).
#[derive(Clone, Debug)]
pub(crate) struct Comment {
    pub span: Span,
    pub text: String,
    /// `///`, `//!`, `/** */`, `/*! */`.
    pub doc: bool,
}

/// Markers of unfinished work in a comment.
pub(crate) const TODO_MARKERS: &[&str] = &["TODO", "FIXME", "XXX", "HACK"];

/// Whether a comment's text can matter to a rule: a marker of unfinished work or a
/// `harden:allow(..)`. Most comments are neither, and are not copied.
fn worth_keeping(text: &str) -> bool {
    text.contains(harden_calls::allow::COMMENT) || TODO_MARKERS.iter().any(|m| text.contains(m))
}

/// What the scan found.
#[derive(Debug, Default)]
pub(crate) struct Scan {
    /// The comments that hold a marker of unfinished work or a suppression.
    pub comments: Vec<Comment>,
    /// Deepest nesting of `()[]{}` outside comments and strings.
    pub max_depth: usize,
    /// Longest run of prefix operators (`!`, `-`, `*`, `&`) that syn parses recursively.
    pub max_prefix_run: usize,
    /// Byte ranges of the bodies of `#[cfg(test)] mod name { .. }` blocks (inside the
    /// braces), outermost ones only.
    pub test_mods: Vec<(usize, usize)>,
}

/// Where the `{` of the module an attribute at `at` (`#[cfg(test)]`) is on opens, when the
/// item is `mod name {` (after other attributes and a visibility): read off the raw text.
fn test_mod_brace(text: &str, at: usize) -> Option<usize> {
    const ATTR: &str = "#[cfg(test)]";
    let bytes = text.as_bytes();
    let mut i = at + ATTR.len();
    let skip_ws = |i: &mut usize| {
        while bytes.get(*i).is_some_and(u8::is_ascii_whitespace) {
            *i += 1;
        }
    };
    let eat = |i: &mut usize, word: &str| {
        let end = *i + word.len();
        let whole = bytes
            .get(end)
            .is_none_or(|b| !(b.is_ascii_alphanumeric() || *b == b'_'));
        let hit = text.get(*i..end) == Some(word) && whole;
        if hit {
            *i = end;
        }
        hit
    };
    skip_ws(&mut i);
    // Other attributes on the same item, each on its brackets.
    while text[i..].starts_with("#[") {
        let mut level = 0usize;
        while let Some(&b) = bytes.get(i) {
            i += 1;
            match b {
                b'[' => level += 1,
                b']' => {
                    level -= 1;
                    if level == 0 {
                        break;
                    }
                }
                b'"' | b'\n' => return None,
                _ => {}
            }
        }
        skip_ws(&mut i);
    }
    if eat(&mut i, "pub") {
        skip_ws(&mut i);
        if bytes.get(i) == Some(&b'(') {
            i += text[i..].find(')')? + 1;
            skip_ws(&mut i);
        }
    }
    if !eat(&mut i, "mod") {
        return None;
    }
    skip_ws(&mut i);
    let name = bytes[i..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
        .count();
    if name == 0 {
        return None;
    }
    i += name;
    skip_ws(&mut i);
    (bytes.get(i) == Some(&b'{')).then_some(i)
}

/// Walks the text a character at a time, reading ASCII straight from the bytes.
struct Cursor<'a> {
    text: &'a str,
    pos: usize,
    line: u32,
    /// Where the current line starts: a column is counted only for a comment that is kept.
    line_start: usize,
}

impl Cursor<'_> {
    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        if c == '\n' {
            self.line += 1;
            self.line_start = self.pos;
        }
        Some(c)
    }
    /// Skips ASCII bytes (never a newline) while `keep` holds.
    fn skip_ascii_while(&mut self, keep: impl Fn(u8) -> bool) {
        let rest = &self.text.as_bytes()[self.pos..];
        let n = rest.iter().take_while(|&&b| keep(b)).count();
        self.pos += n;
    }

    /// The column (in characters, from 1) of byte `pos` on a line starting at `line_start`.
    fn column(&self, line_start: usize, pos: usize) -> u32 {
        count_chars(&self.text[line_start..pos]) + 1
    }

    fn peek(&mut self) -> Option<char> {
        match *self.text.as_bytes().get(self.pos)? {
            b if b.is_ascii() => Some(char::from(b)),
            _ => self.text[self.pos..].chars().next(),
        }
    }
}

/// Scans `text`.
pub(crate) fn scan(text: &str) -> Scan {
    let mut out = Scan::default();
    let mut cur = Cursor {
        text,
        pos: 0,
        line: 1,
        line_start: 0,
    };
    let mut depth = 0usize;
    let mut prefix_run = 0usize;
    let mut prev_ident_char = false;
    // The `{` of a `#[cfg(test)]` module seen ahead, and the open test module: where its
    // body starts and the depth inside it.
    let mut test_brace: Option<usize> = None;
    let mut test_open: Option<(usize, usize)> = None;
    while let Some(c) = cur.peek() {
        let (line, line_start, start) = (cur.line, cur.line_start, cur.pos);
        match c {
            '/' => {
                cur.bump();
                match cur.peek() {
                    Some('/') => {
                        cur.bump();
                        // The rest of the line, taken as one slice: comments are much of
                        // some files' text.
                        let rest = &cur.text[cur.pos..];
                        let body = &rest[..rest.find('\n').unwrap_or(rest.len())];
                        cur.pos += body.len();
                        if worth_keeping(body) {
                            let col = cur.column(line_start, start);
                            let doc = (body.starts_with('/') && !body.starts_with("//"))
                                || body.starts_with('!');
                            let text = if doc { &body[1..] } else { body };
                            let len = count_chars(body) + 2;
                            out.comments.push(Comment {
                                span: Span::on_line(line, col, len),
                                text: text.to_string(),
                                doc,
                            });
                        }
                    }
                    Some('*') => {
                        cur.bump();
                        // The text between the outer markers, nested ones included.
                        let body_start = cur.pos;
                        let mut end = cur.text.len();
                        let mut nest = 1usize;
                        while let Some(c) = cur.bump() {
                            if c == '*' && cur.peek() == Some('/') {
                                cur.bump();
                                nest -= 1;
                                if nest == 0 {
                                    end = cur.pos - 2;
                                    break;
                                }
                            } else if c == '/' && cur.peek() == Some('*') {
                                cur.bump();
                                nest += 1;
                            }
                        }
                        let body = &cur.text[body_start..end];
                        if worth_keeping(body) {
                            let doc = (body.starts_with('*') && !body.starts_with("**"))
                                || body.starts_with('!');
                            let text = if doc { &body[1..] } else { body };
                            let span = Span {
                                line,
                                column: cur.column(line_start, start),
                                end_line: cur.line,
                                end_column: cur.column(cur.line_start, cur.pos),
                            };
                            out.comments.push(Comment {
                                span,
                                text: text.to_string(),
                                doc,
                            });
                        }
                    }
                    _ => prefix_run = 0,
                }
                prev_ident_char = false;
                continue;
            }
            '"' => {
                cur.bump();
                skip_string(&mut cur);
            }
            'r' | 'b' | 'c' if !prev_ident_char => {
                cur.bump();
                // b"..", br"..", r"..", r#".."#, c"..", cr".."
                if c != 'r' && cur.peek() == Some('r') {
                    cur.bump();
                    if matches!(cur.peek(), Some('"' | '#')) {
                        skip_raw_string(&mut cur);
                    } else {
                        prev_ident_char = true;
                    }
                } else if c == 'r' && matches!(cur.peek(), Some('"' | '#')) {
                    skip_raw_string(&mut cur);
                } else if cur.peek() == Some('"') {
                    cur.bump();
                    skip_string(&mut cur);
                } else if c == 'b' && cur.peek() == Some('\'') {
                    cur.bump();
                    skip_char(&mut cur);
                } else {
                    prev_ident_char = true;
                }
                prefix_run = 0;
                continue;
            }
            '\'' => {
                cur.bump();
                skip_char_or_lifetime(&mut cur);
            }
            '(' | '[' | '{' => {
                cur.bump();
                depth += 1;
                out.max_depth = out.max_depth.max(depth);
                if test_brace == Some(start) && test_open.is_none() {
                    test_open = Some((cur.pos, depth));
                }
            }
            ')' | ']' | '}' => {
                if let Some((body, inside)) = test_open
                    && inside == depth
                {
                    out.test_mods.push((body, start));
                    test_open = None;
                    test_brace = None;
                }
                cur.bump();
                depth = depth.saturating_sub(1);
            }
            '#' if test_open.is_none() && cur.text[start..].starts_with("#[cfg(test)]") => {
                test_brace = test_mod_brace(cur.text, start).or(test_brace);
                cur.bump();
            }
            '!' | '-' | '*' | '&' => {
                cur.bump();
                prefix_run += 1;
                out.max_prefix_run = out.max_prefix_run.max(prefix_run);
                prev_ident_char = false;
                continue;
            }
            c if c.is_whitespace() => {
                cur.bump();
                cur.skip_ascii_while(|b| b == b' ' || b == b'\t');
                continue;
            }
            c => {
                cur.bump();
                prev_ident_char = c.is_alphanumeric() || c == '_';
                if prev_ident_char {
                    // The rest of an identifier or number: nothing in it opens a comment,
                    // a string or a bracket.
                    cur.skip_ascii_while(|b| b.is_ascii_alphanumeric() || b == b'_');
                }
                prefix_run = 0;
                continue;
            }
        }
        prev_ident_char = false;
        prefix_run = 0;
    }
    out
}

fn skip_string(cur: &mut Cursor<'_>) {
    loop {
        // Straight to the next byte that ends, escapes or breaks the string.
        let rest = &cur.text.as_bytes()[cur.pos..];
        let Some(n) = rest.iter().position(|&b| matches!(b, b'"' | b'\\' | b'\n')) else {
            cur.pos = cur.text.len();
            return;
        };
        cur.pos += n;
        match cur.bump() {
            Some('\\') => {
                cur.bump();
            }
            Some('"') | None => return,
            _ => {}
        }
    }
}

/// Characters in `s`, counted from its bytes (a column counts characters).
fn count_chars(s: &str) -> u32 {
    if s.is_ascii() {
        s.len() as u32
    } else {
        s.chars().count() as u32
    }
}

fn skip_raw_string(cur: &mut Cursor<'_>) {
    let mut hashes = 0usize;
    while cur.peek() == Some('#') {
        cur.bump();
        hashes += 1;
    }
    if cur.peek() != Some('"') {
        return;
    }
    cur.bump();
    while let Some(c) = cur.bump() {
        if c == '"' {
            let mut n = 0;
            while n < hashes && cur.peek() == Some('#') {
                cur.bump();
                n += 1;
            }
            if n == hashes {
                return;
            }
        }
    }
}

fn skip_char(cur: &mut Cursor<'_>) {
    // After the opening quote of a byte/char literal.
    if cur.bump() == Some('\\') {
        cur.bump();
    }
    for _ in 0..10 {
        match cur.peek() {
            Some('\'') => {
                cur.bump();
                return;
            }
            Some('\n') | None => return,
            _ => {
                cur.bump();
            }
        }
    }
}

fn skip_char_or_lifetime(cur: &mut Cursor<'_>) {
    // 'a' is a char, 'a (no closing quote right after one char) is a lifetime or label.
    match cur.peek() {
        Some('\\') => skip_char(cur),
        Some(_) => {
            cur.bump();
            if cur.peek() == Some('\'') {
                cur.bump();
            }
        }
        None => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_comments_from_strings() {
        let s = scan(
            "let a = \"// TODO not\"; // TODO yes\nlet b = r#\"/* TODO no */\"#; /* TODO also /* FIXME nested */ */ 'x'; 'a: loop {}",
        );
        let texts: Vec<_> = s
            .comments
            .iter()
            .map(|c| c.text.trim().to_string())
            .collect();
        assert_eq!(texts, ["TODO yes", "TODO also /* FIXME nested */"]);
        assert_eq!(s.comments[0].span.line, 1);
        assert_eq!(s.comments[1].span.line, 2);
    }

    #[test]
    fn doc_comments_are_marked() {
        let s = scan("/// TODO doc\n//// TODO not doc\n//! TODO inner\n");
        let docs: Vec<_> = s.comments.iter().map(|c| c.doc).collect();
        assert_eq!(docs, [true, false, true]);
    }

    #[test]
    fn finds_the_bodies_of_test_modules() {
        let text = "#[cfg(test)]\n#[allow(dead_code)]\npub(crate) mod tests {\n    fn f() { let s = \"}\"; }\n}\nfn g() {}\n";
        let s = scan(text);
        assert_eq!(s.test_mods.len(), 1);
        let (a, b) = s.test_mods[0];
        assert_eq!(&text[a..b], "\n    fn f() { let s = \"}\"; }\n");
        for not_a_body in [
            "#[cfg(test)]\nfn f() {}\n",
            "#[cfg(test)]\nmod tests;\n",
            "const S: &str = \"#[cfg(test)] mod t { }\";\n",
            "// #[cfg(test)] mod t { }\n",
        ] {
            assert!(scan(not_a_body).test_mods.is_empty(), "{not_a_body}");
        }
    }

    #[test]
    fn only_comments_a_rule_reads_are_kept() {
        let s = scan(
            "// plain\n// harden:allow(dbg-macro): why\n/* XXX: later */\n// todo lowercase\n",
        );
        let texts: Vec<_> = s.comments.iter().map(|c| c.text.trim()).collect();
        assert_eq!(texts, ["harden:allow(dbg-macro): why", "XXX: later"]);
    }

    #[test]
    fn measures_depth() {
        assert_eq!(scan("fn f() { ((1)) }").max_depth, 3);
        assert_eq!(scan("\"(((\"").max_depth, 0);
    }
}
