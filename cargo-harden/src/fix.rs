//! Applying fixes: inserting lines into source files, indented like the line below them and
//! keeping the file's line endings.

use std::collections::BTreeMap;
use std::path::Path;

use crate::findings::Fix;

/// Writes `fixes` into the files under `root`; returns how many files changed.
pub(crate) fn apply(root: &Path, fixes: &[Fix]) -> Result<usize, String> {
    let mut by_file: BTreeMap<&str, Vec<&Fix>> = BTreeMap::new();
    for f in fixes {
        by_file.entry(&f.file).or_default().push(f);
    }
    for (file, mut list) in by_file.iter().map(|(f, l)| (*f, l.clone())) {
        let path = root.join(file);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        list.sort_by_key(|f| std::cmp::Reverse(f.line));
        list.dedup_by(|a, b| a.line == b.line && a.text == b.text);
        let out = insert_lines(&text, &list);
        std::fs::write(&path, out)
            .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
    }
    Ok(by_file.len())
}

/// `text` with each fix's line inserted above its line (fixes sorted by line, last first).
fn insert_lines(text: &str, fixes: &[&Fix]) -> String {
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_string).collect();
    for f in fixes {
        let at = (f.line as usize).saturating_sub(1).min(lines.len());
        let indent: String = lines
            .get(at)
            .map(|l| l.chars().take_while(|c| *c == ' ' || *c == '\t').collect())
            .unwrap_or_default();
        lines.insert(at, format!("{indent}{}{newline}", f.text));
    }
    lines.concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inserts_above_with_the_same_indentation_and_line_endings() {
        let fix = Fix {
            file: "a.rs".into(),
            line: 2,
            text: "#[x]".into(),
        };
        assert_eq!(
            insert_lines("mod m {\n    #[derive(D)]\n}\n", &[&fix]),
            "mod m {\n    #[x]\n    #[derive(D)]\n}\n"
        );
        assert_eq!(
            insert_lines("a\r\n\tb\r\n", &[&fix]),
            "a\r\n\t#[x]\r\n\tb\r\n"
        );
    }
}
