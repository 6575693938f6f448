//! `hardcoded-secret`: credentials written into code or config files.

use crate::facts::text::{TOKEN_PREFIXES, private_key_header};
use crate::findings::Findings;
use crate::ids::FileId;
use crate::model::{FileKind, Model};
use crate::rules::declare_rule;
use crate::rules::secrets::is_secret_name;

declare_rule! {
    /// ## What it flags
    /// Secrets in string literals and config files (TOML, YAML, JSON): known token formats
    /// (AWS, GitHub, Slack, Stripe, Google keys, JWTs), private key blocks, connection strings
    /// with a password, and values of 8+ characters bound to a secret-named variable, field,
    /// constant or key (`password`, `jwt_secret`, `api_key`, ...), including fallback defaults
    /// such as `env::var("JWT_SECRET").unwrap_or("dev-secret-123".into())`.
    ///
    /// ## Why it matters
    /// A secret in the repository is shared with everyone who can read it, forever (git
    /// history keeps it after the line is deleted), and the same value usually ends up in
    /// production.
    ///
    /// ## Example
    /// ```text
    /// let jwt_secret = "k3y-for-dev-only-9f8e7d";
    /// ```
    ///
    /// ## Fix
    /// Read it from the environment or a secret store, with no default:
    /// ```text
    /// let jwt_secret = std::env::var("JWT_SECRET")?;
    /// ```
    /// and rotate the leaked value.
    name: "hardcoded-secret", section: 12, level: Error, exempt_in_tests: true, run: hardcoded_secret,
}

pub(crate) fn hardcoded_secret(model: &Model, out: &mut Findings) {
    let extra = &model.config.secret_names;
    for (i, file) in model.files.iter().enumerate() {
        let fi = FileId::of(i);
        match file.kind {
            FileKind::Rust => {
                let mut fallbacks = Vec::new();
                for f in &file.facts.env_fallbacks {
                    let Some(why) = fallback(&f.var, &f.value, extra) else {
                        continue;
                    };
                    fallbacks.push(f.span);
                    out.report(ID, fi, f.span, format!("hardcoded secret: {why}"))
                        .help(format!("fail at start-up when `{}` is not set (`std::env::var(\"{}\")?`), never fall back to a literal", f.var, f.var));
                }
                // A token key's literal is `jwt-secret-in-code`'s finding.
                let in_key = |span: crate::span::Span| {
                    file.facts.jwt_keys.iter().any(|k| {
                        (k.span.line, k.span.column) <= (span.line, span.column)
                            && (span.end_line, span.end_column)
                                <= (k.span.end_line, k.span.end_column)
                    })
                };
                for s in &file.facts.strings {
                    if fallbacks.contains(&s.span) || in_key(s.span) {
                        continue;
                    }
                    if let Some(why) = classify(s.context.as_deref(), &s.value, extra) {
                        out.report(ID, fi, s.span, format!("hardcoded secret: {why}"))
                            .help("read it from the environment or a secret store (no default value), and rotate it");
                    }
                }
            }
            // User-interface strings have no pairs (see `facts::text::is_translation`).
            FileKind::Config => {
                let mut lines_hit = std::collections::HashSet::new();
                for p in &file.facts.config_pairs {
                    if let Some(why) = classify(Some(&p.key), &p.value, extra) {
                        lines_hit.insert(p.span.line);
                        out.report(ID, fi, p.span, format!("hardcoded secret in config: {why}"))
                            .help("reference an environment variable or secret store instead, and rotate it");
                    }
                }
                for span in file
                    .facts
                    .key_blocks
                    .iter()
                    .filter(|s| !lines_hit.contains(&s.line))
                {
                    out.report(
                        ID,
                        fi,
                        *span,
                        "hardcoded secret in config: private key block",
                    )
                    .help("keep keys out of the repository; mount them at deploy time");
                }
            }
            FileKind::Other | FileKind::Docker => {}
        }
    }
}

/// Why the literal fallback `value` of environment variable `var` is a secret, or `None`: any
/// value of a secret's variable, and a connection string with a password.
fn fallback(var: &str, value: &str, extra: &[String]) -> Option<String> {
    if value.trim().is_empty() {
        return None;
    }
    if is_secret_name(var, extra) {
        return Some(format!("fallback value for `{var}`"));
    }
    (dsn_has_credentials(value))
        .then(|| format!("fallback connection string with a password for `{var}`"))
}

/// `scheme://user:password@host`, whatever the host (a fallback is used in production).
fn dsn_has_credentials(v: &str) -> bool {
    let Some(i) = v.find("://") else { return false };
    let rest = &v[i + 3..];
    let Some(at) = rest.find('@') else {
        return false;
    };
    rest[..at]
        .split_once(':')
        .is_some_and(|(_, pass)| !pass.is_empty() && !pass.starts_with('$'))
}

/// Why `value` (bound to `name`, if any) is a secret, or `None`.
pub(crate) fn classify(name: Option<&str>, value: &str, extra: &[String]) -> Option<String> {
    if let Some(kind) = token_pattern(value) {
        return Some(kind.to_string());
    }
    if has_private_key(value) {
        return Some("private key block".into());
    }
    if dsn_with_password(value) {
        return Some("connection string with a password".into());
    }
    let name = name?;
    // `read_secret("ssh_key")`, `get_password("smtp")`: the argument is what is looked up.
    if LOOKUP_VERBS
        .iter()
        .any(|v| name.to_lowercase().starts_with(v))
    {
        return None;
    }
    let bound_to_secret = is_secret_name(name, extra) || name.contains("from_secret");
    if bound_to_secret && looks_like_secret_value(value) && !is_a_name(value) {
        return Some(format!("literal value for `{name}`"));
    }
    None
}

/// Verbs of functions that look a secret up by the name they are given.
const LOOKUP_VERBS: &[&str] = &[
    "get_", "read_", "load_", "fetch_", "find_", "lookup_", "remove_", "delete_",
];

/// A value that names something rather than being a secret: a key or setting name
/// (`github-client-secret`, `config.session.key`), a header name (`X-Auth-Token`), a word.
/// Every part between `_`, `-`, `.` and `/` is made of letters only.
fn is_a_name(v: &str) -> bool {
    v.split(['_', '-', '.', '/', ':'])
        .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphabetic()))
}

/// A private key block with its key material, not just the marker a template prints around
/// a key it is given (`"-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----"`).
fn has_private_key(v: &str) -> bool {
    let Some(start) = private_key_header(v) else {
        return false;
    };
    let after = v
        .char_indices()
        .nth(start)
        .map_or("", |(b, _)| &v[b..])
        .trim_start_matches(|c| c != '\n');
    let body: usize = after
        .chars()
        .take_while(|c| *c != '-')
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '='))
        .count();
    body >= 64
}

fn looks_like_secret_value(v: &str) -> bool {
    let len = v.chars().count();
    if !(8..=512).contains(&len) || v.chars().any(char::is_whitespace) || is_placeholder(v) {
        return false;
    }
    // An environment variable's name, a path, a URL without credentials.
    if v.chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
    {
        return false;
    }
    if v.contains("://") || v.starts_with('/') || v.starts_with("./") {
        return false;
    }
    if v.chars().all(|c| c.is_ascii_lowercase()) && len < 12 {
        return false;
    }
    entropy(v) >= 2.5
}

fn is_placeholder(v: &str) -> bool {
    let l = v.to_lowercase();
    v.starts_with('$')
        || v.contains("***")
        || v.starts_with('<')
        || v.starts_with('{')
        || v.starts_with('%')
        || v.chars()
            .all(|c| c == '*' || c == 'x' || c == 'X' || c == '.' || c == '-')
        || [
            "example",
            "placeholder",
            "your_",
            "your-",
            "changeme",
            "redacted",
            "dummy",
            "<secret>",
        ]
        .iter()
        .any(|p| l.contains(p))
}

/// Shannon entropy in bits per character.
pub(crate) fn entropy(s: &str) -> f64 {
    let mut counts = std::collections::HashMap::new();
    let mut n = 0f64;
    for c in s.chars() {
        *counts.entry(c).or_insert(0f64) += 1.0;
        n += 1.0;
    }
    counts.values().map(|&c| -(c / n) * (c / n).log2()).sum()
}

fn token_pattern(v: &str) -> Option<&'static str> {
    // The shortest known token (a Slack one) has 15 characters.
    if v.len() < 15 || !TOKEN_PREFIXES.iter().any(|p| v.contains(p)) {
        return None;
    }
    let run = |s: &str, ok: &dyn Fn(char) -> bool| s.chars().take_while(|c| ok(*c)).count();
    let alnum = |c: char| c.is_ascii_alphanumeric();
    for (i, _) in v.char_indices() {
        let s = &v[i..];
        if let Some(r) = s.strip_prefix("AKIA")
            && run(r, &|c| c.is_ascii_uppercase() || c.is_ascii_digit()) >= 16
        {
            return Some("AWS access key id");
        }
        for p in ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"] {
            if let Some(r) = s.strip_prefix(p)
                && run(r, &alnum) >= 36
            {
                return Some("GitHub token");
            }
        }
        if let Some(r) = s.strip_prefix("github_pat_")
            && run(r, &|c| alnum(c) || c == '_') >= 22
        {
            return Some("GitHub token");
        }
        for p in ["xoxb-", "xoxp-", "xoxa-", "xoxr-"] {
            if let Some(r) = s.strip_prefix(p)
                && run(r, &|c| alnum(c) || c == '-') >= 10
            {
                return Some("Slack token");
            }
        }
        for p in ["sk_live_", "rk_live_"] {
            if let Some(r) = s.strip_prefix(p)
                && run(r, &alnum) >= 16
            {
                return Some("Stripe live key");
            }
        }
        if let Some(r) = s.strip_prefix("AIza")
            && run(r, &|c| alnum(c) || c == '_' || c == '-') >= 35
        {
            return Some("Google API key");
        }
    }
    let parts: Vec<&str> = v.split('.').collect();
    if v.starts_with("eyJ")
        && parts.len() == 3
        && v.len() > 40
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| alnum(c) || c == '_' || c == '-'))
    {
        return Some("JSON Web Token");
    }
    None
}

/// `scheme://user:password@host` with a real password, for a host other than this machine
/// (credentials of a database only a developer's machine serves are not secrets).
fn dsn_with_password(v: &str) -> bool {
    let Some(i) = v.find("://") else { return false };
    let rest = &v[i + 3..];
    let Some(at) = rest.find('@') else {
        return false;
    };
    let creds = &rest[..at];
    if creds.contains('/') {
        return false;
    }
    let Some((_, pass)) = creds.split_once(':') else {
        return false;
    };
    let authority = rest[at + 1..].split(['/', '?']).next().unwrap_or("");
    let host = match authority.find(']') {
        Some(end) if authority.starts_with('[') => &authority[..=end],
        _ => authority.split(':').next().unwrap_or(""),
    };
    let local = matches!(host, "localhost" | "127.0.0.1" | "[::1]" | "0.0.0.0");
    !pass.is_empty() && !is_placeholder(pass) && !creds.contains('$') && !local
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_token_patterns() {
        let aws = format!("AKIA{}", "Z7QX3B4N5M6L7K8J");
        assert_eq!(token_pattern(&aws), Some("AWS access key id"));
        assert_eq!(token_pattern("AKIA-not-a-key"), None);
        let pat = format!("github_pat_{}", "A1b2C3d4E5f6G7h8I9j0K1l2");
        assert_eq!(token_pattern(&pat), Some("GitHub token"));
    }

    #[test]
    fn finds_dsns_with_passwords() {
        assert!(dsn_with_password("postgres://app:s3cr3tPass@db:5432/app"));
        assert!(!dsn_with_password("postgres://app@db/app"));
        assert!(!dsn_with_password("postgres://app:${DB_PASSWORD}@db/app"));
        assert!(!dsn_with_password(
            "postgres://loco:loco@localhost:5432/loco_app"
        ));
        assert!(!dsn_with_password("mysql://root:root@127.0.0.1/app"));
        assert!(dsn_with_password(
            "mysql://root:r00tPass@mysql.prod:3306/app"
        ));
        assert!(!dsn_with_password("postgres://u:p4ssw0rd@[::1]:5432/app"));
    }

    #[test]
    fn keyword_values_need_substance() {
        assert!(classify(Some("jwt_secret"), "k3y-for-dev-only-9f8e7d", &[]).is_some());
        assert!(classify(Some("jwt_secret"), "JWT_SECRET", &[]).is_none());
        assert!(classify(Some("password"), "changeme", &[]).is_none());
        assert!(classify(Some("set_password"), "***PASSWORD***", &[]).is_none());
        assert!(classify(Some("user_id"), "k3y-for-dev-only-9f8e7d", &[]).is_none());
        assert!(classify(Some("password"), "must be at least 8 characters", &[]).is_none());
    }
}
