//! Facts read from plain text: suppression comments and key/value pairs of config files.

use super::Allow;
use super::lexer::Comment;
use crate::span::Span;

/// Parses `// harden:allow(rule, rule2): reason` comments. Each covers its own line and the next.
pub(crate) fn line_allows(comments: &[Comment]) -> Vec<Allow> {
    comments
        .iter()
        .filter(|c| !c.doc)
        .filter_map(|c| {
            let a = harden_calls::allow::parse_comment(&c.text)?;
            Some(Allow {
                rules: a.rules,
                reason: a.reason,
                span: c.span,
                lines: (c.span.line, c.span.end_line + 1),
            })
        })
        .collect()
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
    // Most strings hold no dash at all: one byte scan before the substring search.
    if !line.as_bytes().contains(&b'-') {
        return None;
    }
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
    // One search of the whole file before one per line: most files hold no key.
    // From each `-----BEGIN ` to its line, not line by line: most files hold none.
    let mut key_blocks = Vec::new();
    let (mut line_no, mut counted) = (1u32, 0usize);
    let mut last_line = usize::MAX;
    for (at, _) in text.match_indices("-----BEGIN ") {
        line_no += text[counted..at].matches('\n').count() as u32;
        counted = at;
        let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        if start == last_line {
            continue;
        }
        last_line = start;
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        if let Some(col) = private_key_header(&text[start..end]) {
            key_blocks.push(Span::on_line(line_no, col as u32 + 1, 10));
        }
    }
    super::FileFacts {
        config_pairs: config_pairs(text, secret_names),
        orm_debug_print: orm_debug_print(text),
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
    let key_bytes = key.as_bytes();
    // Besides a secret's own fragments, a config key for a connection or an auth setting.
    const KEY_EXTRA: &[&str] = &["auth", "dsn", "url"];
    // A connection string, a key block, or a known token format.
    const VALUE_MARKS: &[&str] = &["://", "PRIVATE KEY"];
    const KEY_EXTRA_FIRST: [u32; 256] = first_bytes(KEY_EXTRA, true);
    const VALUE_FIRST: [u32; 256] = first_bytes(VALUE_MARKS, false);
    const TOKEN_FIRST: [u32; 256] = first_bytes(TOKEN_PREFIXES, false);
    let head = &value.as_bytes()[..value.len().min(256)];
    has_secret_fragment(key)
        || contains_any(key_bytes, KEY_EXTRA, &KEY_EXTRA_FIRST, true)
        || secret_names.iter().any(|n| has(key, n))
        // A token's mark is where the value starts, or near it (`Bearer eyJ..`).
        || contains_any(head, VALUE_MARKS, &VALUE_FIRST, false)
        || contains_any(head, TOKEN_PREFIXES, &TOKEN_FIRST, false)
}

/// Where a known token format starts (AWS, GitHub, Slack, Stripe, Google keys, JWTs): a
/// value without one is no known token.
pub(crate) const TOKEN_PREFIXES: &[&str] = &[
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

/// Fragments one of which every secret name contains (ASCII, any case): most names are
/// ruled out by this scan without splitting them into words.
pub(crate) const SECRET_FRAGMENTS: &[&str] = &[
    "pass",
    "pwd",
    "secret",
    "token",
    "key",
    "jwt",
    "credential",
    "hash",
];

/// Whether `name` contains one of [`SECRET_FRAGMENTS`], in any case.
pub(crate) fn has_secret_fragment(name: &str) -> bool {
    const FIRST: [u32; 256] = first_bytes(SECRET_FRAGMENTS, true);
    contains_any(name.as_bytes(), SECRET_FRAGMENTS, &FIRST, true)
}

/// For each byte, the needles (by bit) that start with it (in either case when `fold`).
const fn first_bytes(needles: &[&str], fold: bool) -> [u32; 256] {
    assert!(needles.len() <= 32, "a needle per bit of a u32");
    let mut first = [0u32; 256];
    let mut i = 0;
    while i < needles.len() {
        let b = needles[i].as_bytes()[0];
        first[b as usize] |= 1 << i;
        if fold {
            first[b.to_ascii_uppercase() as usize] |= 1 << i;
        }
        i += 1;
    }
    first
}

/// Whether `hay` contains one of `needles` (ASCII case folded when `fold`; needles given in
/// lower case then), in one pass that compares only the needles that start with the byte at
/// hand (`first`, from [`first_bytes`]): a data file has millions of keys and values, and
/// most bytes start no needle.
fn contains_any(hay: &[u8], needles: &[&str], first: &[u32; 256], fold: bool) -> bool {
    hay.iter().enumerate().any(|(i, &b)| {
        let mut candidates = first[usize::from(b)];
        // A token's prefix starts a word (`Bearer eyJ..`, `AKIA..`); `://` is the one
        // mark inside a word, and `:` starts no word.
        if candidates == 0 || !(fold || b == b':' || i == 0 || !hay[i - 1].is_ascii_alphanumeric())
        {
            return false;
        }
        let rest = &hay[i..];
        while candidates != 0 {
            let n = needles[candidates.trailing_zeros() as usize].as_bytes();
            candidates &= candidates - 1;
            let found = rest.len() >= n.len()
                && if fold {
                    rest[..n.len()].eq_ignore_ascii_case(n)
                } else {
                    rest.starts_with(n)
                };
            if found {
                return true;
            }
        }
        false
    })
}

/// Finds key/value pairs line by line in TOML, YAML, JSON and `.env`-style files.
/// User-interface strings and their bookkeeping (`locales/en.json`, `i18n/..`): a config
/// file of words, not settings, whose pairs are not read. Front-ends keep megabytes of them.
pub(crate) fn is_translation(rel: &str) -> bool {
    rel.split('/').any(|c| {
        matches!(
            c,
            "locales" | "locale" | "i18n" | "l10n" | "lang" | "langs" | "translations"
        )
    })
}

/// The longest line read as a key/value pair.
const MAX_PAIR_LINE: usize = 16 * 1024;

pub(crate) fn config_pairs(text: &str, secret_names: &[String]) -> Vec<Pair> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        // A line this long is data (minified JSON, an embedded blob), not a setting: a
        // secret's line, a PEM key in one line included, is a few kilobytes at most.
        if line.len() > MAX_PAIR_LINE {
            continue;
        }
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') || trimmed.starts_with("//") {
            continue;
        }
        // A YAML list item: `- DB_URL=postgres://..` (compose `environment:`), `- key: v`.
        let trimmed = trimmed.strip_prefix("- ").map_or(trimmed, str::trim_start);
        let Some(sep) = trimmed.bytes().position(|b| b == b'=' || b == b':') else {
            continue;
        };
        // The value first: most lines of a data file end in a short one or a nested block.
        let raw = trimmed[sep + 1..].trim().trim_end_matches(',').trim();
        let value = raw.trim_matches(['"', '\'']);
        if value.len() < 8 || value.starts_with(['{', '[']) {
            continue;
        }
        let key = trimmed[..sep].trim().trim_matches(['"', '\'']);
        let key = key.strip_prefix("export ").unwrap_or(key).trim();
        if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_alphanumeric() || "_-.".contains(c))
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

/// Where a manifest turns on SeaORM's `debug-print` feature (which prints every statement,
/// with its values, to stdout): the feature's string in the text. Dependency tables of every
/// kind are read (`[dependencies]`, `[workspace.dependencies]`, `[target.'..'.dependencies]`),
/// renamed dependencies by their `package`.
pub(crate) fn orm_debug_print(text: &str) -> Option<Span> {
    if !text.contains("debug-print") {
        return None;
    }
    let doc: toml::Table = toml::from_str(text).ok()?;
    let mut tables: Vec<&toml::Table> = Vec::new();
    fn deps(t: &toml::Table) -> Vec<&toml::Table> {
        ["dependencies", "dev-dependencies", "build-dependencies"]
            .iter()
            .filter_map(|k| t.get(*k).and_then(toml::Value::as_table))
            .collect()
    }
    tables.extend(deps(&doc));
    if let Some(ws) = doc.get("workspace").and_then(toml::Value::as_table) {
        tables.extend(deps(ws));
    }
    if let Some(targets) = doc.get("target").and_then(toml::Value::as_table) {
        for t in targets.values().filter_map(toml::Value::as_table) {
            tables.extend(deps(t));
        }
    }
    let (name, _) = tables.iter().flat_map(|t| t.iter()).find(|(name, dep)| {
        let Some(dep) = dep.as_table() else {
            return false;
        };
        let package = dep
            .get("package")
            .and_then(toml::Value::as_str)
            .unwrap_or(name);
        package == "sea-orm"
            && dep
                .get("features")
                .and_then(toml::Value::as_array)
                .is_some_and(|f| f.iter().any(|v| v.as_str() == Some("debug-print")))
    })?;
    // The feature's string after the dependency's key (`sea-orm = {..}` or
    // `[dependencies.sea-orm]`), else the first one.
    let key = text
        .match_indices(name.as_str())
        .map(|(i, _)| i)
        .find(|&i| i == 0 || matches!(text.as_bytes()[i - 1], b'\n' | b'.' | b' '))
        .unwrap_or(0);
    let at = text[key..].find("\"debug-print\"").map(|i| key + i)?;
    Some(Span::of_bytes(text, at..at + "\"debug-print\"".len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_keys_are_found_on_their_lines() {
        let text = "name: app\n# -----BEGIN CERTIFICATE----- is public\nkey: |\n  -----BEGIN RSA PRIVATE KEY-----\n  MIIE\n";
        let facts = config_facts(text, &[]);
        assert_eq!(facts.key_blocks, [Span::on_line(4, 3, 10)]);
        assert!(config_facts("a: b\n", &[]).key_blocks.is_empty());
    }
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
