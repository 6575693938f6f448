//! §1, secrets: never log them, never commit them.

pub(crate) mod debug_derive_on_secret;
pub(crate) mod env_not_gitignored;
pub(crate) mod instrument_without_skip;
pub(crate) mod jwt_secret_in_code;
pub(crate) mod secret_in_log;
pub(crate) mod tracked_env_file;

use crate::rules::RuleInfo;

pub(crate) const RULES: &[&RuleInfo] = &[
    &secret_in_log::RULE,
    &instrument_without_skip::RULE,
    &jwt_secret_in_code::RULE,
    &debug_derive_on_secret::RULE,
    &tracked_env_file::RULE,
    &env_not_gitignored::RULE,
];

/// Words that name a secret when they end an identifier (`user_password`, `access_token`).
const SECRET_WORDS: &[&str] = &[
    "password",
    "passwd",
    "pwd",
    "secret",
    "token",
    "apikey",
    "jwt",
    "credential",
    "credentials",
    "passphrase",
];
/// First words that make a name a flag, an action or a message about the secret
/// (`has_password`, `verify_token`, `no_token`).
const PREDICATE_WORDS: &[&str] = &[
    "has", "is", "needs", "requires", "missing", "should", "can", "verify", "check", "validate",
    "forgot", "change", "update", "no", "invalid", "expired", "empty", "wrong", "bad",
];
/// Words before `token` that make it a position in a listing, not a credential
/// (`next_page_token`, `continue_token`).
const LISTING_WORDS: &[&str] = &[
    "page",
    "next",
    "continue",
    "continuation",
    "pagination",
    "cursor",
    "sync",
    "resume",
];
/// Words before `url`/`uri` that make it a connection string, which carries credentials.
const CONNECTION_WORDS: &[&str] = &[
    "database",
    "db",
    "postgres",
    "postgresql",
    "pg",
    "mysql",
    "mariadb",
    "redis",
    "amqp",
    "rabbitmq",
    "mongo",
    "mongodb",
    "broker",
    "conn",
    "connection",
    "nats",
];
/// `*_key` names that are secrets.
const KEY_QUALIFIERS: &[&str] = &[
    "api",
    "private",
    "secret",
    "signing",
    "encryption",
    "access",
    "session",
];

/// Splits `userPassword` / `user_password` / `USER_PASSWORD` into lowercase words.
pub(crate) fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if c == '_' || c == '-' || c == '.' {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Whether `haystack` contains `needle` (lower-case ASCII), ignoring ASCII case.
fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    haystack
        .as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Whether an identifier names a secret; `extra` are configured `secret-names`.
pub(crate) fn is_secret_name(name: &str, extra: &[String]) -> bool {
    let has = |fragment: &str| contains_ignore_case(name, fragment);
    if !crate::facts::text::has_secret_fragment(name) && !extra.iter().any(|e| has(e)) {
        return false;
    }
    let w = words(name);
    let Some(last) = w.last() else { return false };
    let lower = name.to_lowercase();
    if extra.iter().any(|e| lower.contains(e.as_str())) {
        return true;
    }
    // `has_password`, `verify_password`: a flag or an action, not the secret itself.
    if w.len() > 1 && PREDICATE_WORDS.contains(&w[0].as_str()) {
        return false;
    }
    if last == "token"
        && w[..w.len() - 1]
            .iter()
            .any(|x| LISTING_WORDS.contains(&x.as_str()))
    {
        return false;
    }
    if SECRET_WORDS.contains(&last.as_str()) {
        return true;
    }
    let prev = w.len().checked_sub(2).map(|i| w[i].as_str());
    if last == "key" && prev.is_some_and(|p| KEY_QUALIFIERS.contains(&p)) {
        return true;
    }
    last == "hash"
        && w.iter()
            .any(|x| matches!(x.as_str(), "password" | "passwd" | "pwd" | "pw"))
}

/// Whether an identifier names a connection string, which carries the database's password:
/// `database_url`, `db_uri`, `redis_url`, `dsn`, `connection_string`.
pub(crate) fn is_dsn_name(name: &str) -> bool {
    // Every form below holds one of these: most names hold none, and need no splitting.
    if !["dsn", "conn", "url", "uri"]
        .iter()
        .any(|k| contains_ignore_case(name, k))
    {
        return false;
    }
    let w = words(name);
    match w.as_slice() {
        [.., last] if last == "dsn" => true,
        [.., a, b] if a == "connection" && (b == "string" || b == "str") => true,
        [.., a, b] if a == "conn" && b == "str" => true,
        [.., a, b] if (b == "url" || b == "uri") && CONNECTION_WORDS.contains(&a.as_str()) => true,
        _ => false,
    }
}

/// Whether field `field` of struct `owner` holds a connection string: one named like it
/// (`database_url`), or a bare `url`/`uri` of a struct named for a connection
/// (`DatabaseConfig { url }`, `RedisSettings { uri }`).
pub(crate) fn is_dsn_field(owner: &str, field: &str) -> bool {
    is_dsn_name(field)
        || (matches!(field, "url" | "uri")
            && words(owner)
                .iter()
                .any(|w| w == "connection" || CONNECTION_WORDS.contains(&w.as_str())))
}

/// A struct named like a credential (`Token`, `ApiKey`, `Credentials`, `Session`): its
/// value-like fields (`value`, `0`, `raw`) hold the secret itself.
pub(crate) fn is_credential_type(name: &str) -> bool {
    let w = words(name);
    let Some(last) = w.last() else { return false };
    if w.len() > 1
        && w[..w.len() - 1]
            .iter()
            .any(|x| LISTING_WORDS.contains(&x.as_str()))
    {
        return false;
    }
    matches!(
        last.as_str(),
        "token" | "secret" | "credential" | "credentials" | "password" | "apikey" | "jwt"
    ) || (last == "key" && w.len() > 1 && KEY_QUALIFIERS.contains(&w[w.len() - 2].as_str()))
        || (last == "session" && w.len() == 1)
}

/// Fields of a credential type that hold its secret.
pub(crate) const VALUE_FIELDS: &[&str] = &[
    "value", "0", "raw", "inner", "secret", "token", "key", "bytes", "data", "string", "jwt",
    "hash",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names() {
        for yes in [
            "password",
            "user_password",
            "password_hash",
            "accessToken",
            "JWT_SECRET",
            "api_key",
            "private_key",
        ] {
            assert!(is_secret_name(yes, &[]), "{yes}");
        }
        for no in [
            "password_set",
            "token_count",
            "user_id",
            "key",
            "tokens",
            "hash",
            "secret_name",
            "password_field",
            "has_password",
            "verify_token",
            "continue_token",
            "next_page_token",
            "no_token",
        ] {
            assert!(!is_secret_name(no, &[]), "{no}");
        }
    }

    #[test]
    fn connection_strings_and_credential_types() {
        for yes in [
            "database_url",
            "DATABASE_URL",
            "redisUrl",
            "dsn",
            "connection_string",
            "pg_uri",
        ] {
            assert!(is_dsn_name(yes), "{yes}");
        }
        for no in ["image_url", "callback_url", "url", "base_uri"] {
            assert!(!is_dsn_name(no), "{no}");
        }
        for yes in [
            "Token",
            "ApiKey",
            "AccessToken",
            "Credentials",
            "Session",
            "JwtSecret",
        ] {
            assert!(is_credential_type(yes), "{yes}");
        }
        for no in ["PageToken", "TokenKind", "SessionStore", "Key"] {
            assert!(!is_credential_type(no), "{no}");
        }
    }
}
