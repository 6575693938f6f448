//! Facts read from plain text: suppression comments and key/value pairs of config files.

use super::Allow;
use super::lexer::Comment;
use crate::span::Span;

/// Parses `// harden:allow(rule, rule2): reason` comments. Each covers its own line and the next.
pub(crate) fn line_allows(comments: &[Comment]) -> Vec<Allow> {
    let mut out = Vec::new();
    for c in comments {
        if c.doc {
            continue;
        }
        let text = c.text.trim_start();
        let Some(rest) = text.strip_prefix("harden:allow(") else {
            continue;
        };
        let Some(close) = rest.find(')') else {
            continue;
        };
        let rules: Vec<String> = rest[..close]
            .split(',')
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty())
            .collect();
        let after = rest[close + 1..].trim_start();
        let reason = after
            .strip_prefix(':')
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_string);
        out.push(Allow {
            rules,
            reason,
            span: c.span,
            lines: (c.span.line, c.span.end_line + 1),
        });
    }
    out
}

/// A `key = value` / `key: value` / `"key": "value"` pair in a config file.
#[derive(Clone, Debug)]
pub(crate) struct Pair {
    pub key: String,
    pub value: String,
    pub span: Span,
}

/// Column of a `-----BEGIN ... PRIVATE KEY-----` header in `line`.
pub(crate) fn private_key_header(line: &str) -> Option<usize> {
    let dashes = "-----";
    let start = line.find("-----BEGIN ")?;
    let rest = &line[start..];
    let end = rest[5..].find(dashes)?;
    rest[..end + 5]
        .ends_with("PRIVATE KEY")
        .then(|| line[..start].chars().count())
}

/// The facts of a config file (TOML, YAML, JSON, `.env`): its key/value pairs and the
/// private key blocks it holds.
/// `secret_names` are the configured extra names of secrets.
pub(crate) fn config_facts(text: &str, secret_names: &[String]) -> super::FileFacts {
    let key_blocks = text
        .lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let col = private_key_header(line)?;
            Some(Span::on_line(i as u32 + 1, col as u32 + 1, 10))
        })
        .collect();
    super::FileFacts {
        config_pairs: config_pairs(text, secret_names),
        key_blocks,
        ..super::FileFacts::default()
    }
}

/// Whether a pair can be a secret at all: a value long enough, under a key that names a
/// secret (built-in or configured), or that looks like a token or a connection string.
/// Config files can be large data files: most of their lines are dropped here, before
/// anything is copied.
fn may_be_secret(key: &str, value: &str, secret_names: &[String]) -> bool {
    if value.len() < 8 {
        return false;
    }
    let has = |hay: &str, needle: &str| {
        hay.as_bytes()
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
    };
    const KEY_FRAGMENTS: &[&str] = &[
        "pass",
        "pwd",
        "secret",
        "token",
        "key",
        "jwt",
        "credential",
        "auth",
        "dsn",
        "url",
    ];
    const VALUE_MARKS: &[&str] = &[
        "://",
        "PRIVATE KEY",
        "AKIA",
        "ghp_",
        "gho_",
        "ghu_",
        "ghs_",
        "ghr_",
        "github_pat_",
        "xox",
        "sk_live_",
        "rk_live_",
        "AIza",
        "eyJ",
    ];
    KEY_FRAGMENTS.iter().any(|f| has(key, f))
        || secret_names.iter().any(|n| has(key, n))
        || VALUE_MARKS.iter().any(|m| value.contains(m))
}

/// Finds key/value pairs line by line in TOML, YAML, JSON and `.env`-style files.
pub(crate) fn config_pairs(text: &str, secret_names: &[String]) -> Vec<Pair> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') || trimmed.starts_with("//") {
            continue;
        }
        let Some(sep) = trimmed.find(['=', ':']) else {
            continue;
        };
        let key = trimmed[..sep]
            .trim()
            .trim_matches(['"', '\''])
            .trim_start_matches("export ")
            .trim();
        if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_alphanumeric() || "_-.".contains(c))
        {
            continue;
        }
        let raw = trimmed[sep + 1..].trim().trim_end_matches(',').trim();
        let value = raw.trim_matches(['"', '\'']);
        if value.is_empty()
            || value.starts_with(['{', '['])
            || !may_be_secret(key, value, secret_names)
        {
            continue;
        }
        let indent = line.chars().count() - trimmed.chars().count();
        let value_col = line
            .find(value)
            .map_or(indent, |b| line[..b].chars().count());
        out.push(Pair {
            key: key.to_string(),
            value: value.to_string(),
            span: Span::on_line(
                i as u32 + 1,
                value_col as u32 + 1,
                value.chars().count() as u32,
            ),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::lexer::scan;

    #[test]
    fn parses_allow_with_and_without_reason() {
        let s = scan(
            "// harden:allow(print-macro, dbg-macro): CLI output\n// harden:allow(todo-comment)\n",
        );
        let a = line_allows(&s.comments);
        assert_eq!(a[0].rules, ["print-macro", "dbg-macro"]);
        assert_eq!(a[0].reason.as_deref(), Some("CLI output"));
        assert_eq!(a[0].lines, (1, 2));
        assert_eq!(a[1].reason, None);
    }

    #[test]
    fn reads_pairs_that_may_be_secrets() {
        let p = config_pairs(
            "a = \"bbbbbbbbbb\"\n  password: hunter2hunter\n\"token\": \"xxxxxxxx\",\n# c = d\n\"pin\": \"12345678\"\n",
            &["pin".to_string()],
        );
        let keys: Vec<_> = p
            .iter()
            .map(|p| (p.key.as_str(), p.value.as_str()))
            .collect();
        assert_eq!(
            keys,
            [
                ("password", "hunter2hunter"),
                ("token", "xxxxxxxx"),
                ("pin", "12345678")
            ]
        );
        assert_eq!(p[0].span.column, 13);
    }
}
