//! Whether a deployment's environment is fit for production, checked without running the
//! service: `cargo harden preflight` reads it from the shell and an env file,
//! `harden_runtime::preflight()` from the process as the server starts. One list of checks,
//! so the two cannot disagree. No message ever holds a secret's value.

/// Variables that say which environment this is, in the order they are read.
pub const ENVIRONMENT_VARS: &[&str] = &["APP_ENV", "RUST_ENV", "ENVIRONMENT"];

/// Variables that hold the token signing secret, in the order they are read.
pub const JWT_VARS: &[&str] = &["JWT_SECRET", "JWT_SIGNING_KEY", "JWT_KEY", "AUTH_SECRET"];

/// The connection string's variable.
pub const DATABASE_URL: &str = "DATABASE_URL";

/// Fewest characters a signing secret may have.
pub const MIN_SECRET_LEN: usize = 32;

/// Something wrong with one variable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub var: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.var, self.message)
    }
}

/// The variable among `vars` that is set, with its value.
fn first_set(get: &dyn Fn(&str) -> Option<String>, vars: &[&str]) -> Option<(String, String)> {
    vars.iter()
        .find_map(|v| get(v).map(|value| (v.to_string(), value)))
}

/// Whether the environment says it is production.
pub fn is_production(get: &dyn Fn(&str) -> Option<String>) -> bool {
    first_set(get, ENVIRONMENT_VARS).is_some_and(|(_, v)| {
        matches!(
            v.trim().to_ascii_lowercase().as_str(),
            "production" | "prod"
        )
    })
}

/// Every problem with the environment `get` reads, in a fixed order: environment, secret,
/// database, log filter.
pub fn check(get: &dyn Fn(&str) -> Option<String>) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut problem = |var: &str, message: String| {
        out.push(Problem {
            var: var.to_string(),
            message,
        });
    };
    match first_set(get, ENVIRONMENT_VARS) {
        None => problem(
            ENVIRONMENT_VARS[0],
            "not set: set it to `production`".to_string(),
        ),
        Some((var, v)) if !is_production(&|k| (k == var).then(|| v.clone())) => {
            problem(&var, format!("is `{}`, not `production`", v.trim()));
        }
        Some(_) => {}
    }
    match first_set(get, JWT_VARS) {
        None => problem(
            JWT_VARS[0],
            format!(
                "not set: the service needs a signing secret of {MIN_SECRET_LEN}+ random characters"
            ),
        ),
        Some((var, v)) => {
            if let Some(why) = weak_secret(&v) {
                problem(&var, why);
            }
        }
    }
    match get(DATABASE_URL) {
        None => problem(DATABASE_URL, "not set".to_string()),
        Some(url) => {
            for why in database_url(&url) {
                problem(DATABASE_URL, why);
            }
        }
    }
    if let Some(filter) = get("RUST_LOG")
        && let Some(why) = verbose_log_filter(&filter)
    {
        problem("RUST_LOG", why);
    }
    out
}

/// Values teams leave in place of a secret.
const PLACEHOLDERS: &[&str] = &[
    "changeme",
    "change-me",
    "change_me",
    "secret",
    "your",
    "example",
    "default",
    "placeholder",
    "password",
    "test",
    "dev",
    "local",
    "insecure",
    "xxx",
    "todo",
    "replace",
];

/// Why `v` is a weak signing secret, if it is (the value itself is never repeated).
pub fn weak_secret(v: &str) -> Option<String> {
    let len = v.chars().count();
    let lower = v.to_ascii_lowercase();
    if PLACEHOLDERS.iter().any(|p| lower.contains(p)) {
        return Some("holds a placeholder word (`secret`, `changeme`, `example`, ...)".into());
    }
    if len < MIN_SECRET_LEN {
        return Some(format!(
            "{len} characters; use at least {MIN_SECRET_LEN} random characters"
        ));
    }
    let bits = entropy_bits_per_char(v);
    if bits < 3.5 {
        return Some(format!(
            "too little randomness ({bits:.1} bits per character; random base64 has about 6)"
        ));
    }
    None
}

/// Shannon entropy of the characters of `v`, in bits per character.
fn entropy_bits_per_char(v: &str) -> f64 {
    let mut counts = std::collections::BTreeMap::new();
    let mut n = 0f64;
    for c in v.chars() {
        *counts.entry(c).or_insert(0f64) += 1.0;
        n += 1.0;
    }
    counts
        .values()
        .map(|&k| {
            let p = k / n;
            -p * p.log2()
        })
        .sum()
}

/// Passwords databases are installed with, and what tutorials use.
const DEFAULT_PASSWORDS: &[&str] = &[
    "postgres", "root", "password", "admin", "mysql", "mariadb", "secret", "changeme", "123456",
    "pass",
];

/// A connection string's parts the checks read.
struct DbUrl<'a> {
    scheme: String,
    password: Option<&'a str>,
    host: &'a str,
    /// Query parameters, names and values lower-cased.
    params: Vec<(String, String)>,
}

impl<'a> DbUrl<'a> {
    /// `scheme://[user[:password]@]host[:port][/db][?k=v&..]`; `None` for anything else
    /// (SQLite's `sqlite::memory:` included).
    fn parse(url: &'a str) -> Option<Self> {
        let (scheme, rest) = url.split_once("://")?;
        let (authority, query) = match rest.split_once('?') {
            Some((a, q)) => (a.split('/').next().unwrap_or(a), q),
            None => (rest.split('/').next().unwrap_or(rest), ""),
        };
        let (credentials, host_port) = match authority.rsplit_once('@') {
            Some((c, h)) => (Some(c), h),
            None => (None, authority),
        };
        let host = host_port
            .strip_prefix('[')
            .and_then(|h| h.split_once(']').map(|(h, _)| h))
            .unwrap_or_else(|| host_port.split(':').next().unwrap_or(host_port));
        Some(DbUrl {
            scheme: scheme.to_ascii_lowercase(),
            password: credentials.and_then(|c| c.split_once(':')).map(|(_, p)| p),
            host,
            params: query
                .split('&')
                .filter_map(|p| p.split_once('='))
                .map(|(k, v)| (k.to_ascii_lowercase(), v.to_ascii_lowercase()))
                .collect(),
        })
    }

    fn is_loopback(&self) -> bool {
        let h = self.host;
        h.is_empty() || h == "localhost" || h.starts_with("127.") || h == "::1"
    }

    fn postgres(&self) -> bool {
        self.scheme.starts_with("postgres")
    }

    fn mysql(&self) -> bool {
        self.scheme.starts_with("mysql") || self.scheme.starts_with("mariadb")
    }

    fn param(&self, names: &[&str]) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| names.contains(&k.as_str()))
            .map(|(_, v)| v.as_str())
    }

    /// The TLS mode the URL asks for, when it names one.
    fn tls_mode(&self) -> Option<&str> {
        if self.postgres() {
            self.param(&["sslmode"])
        } else if self.mysql() {
            self.param(&["ssl-mode", "sslmode"])
        } else {
            None
        }
    }
}

/// What is wrong with a connection string: no TLS to a host that is not this machine, a
/// default password.
pub fn database_url(url: &str) -> Vec<String> {
    let mut out = Vec::new();
    let Some(u) = DbUrl::parse(url) else {
        if !url.starts_with("sqlite:") {
            out.push("not a URL (`postgres://USER@HOST/DATABASE` and the like)".to_string());
        }
        return out;
    };
    if u.scheme.starts_with("sqlite") {
        return out;
    }
    if u.password
        .is_some_and(|p| DEFAULT_PASSWORDS.contains(&p.to_ascii_lowercase().as_str()))
    {
        out.push("uses a default password".to_string());
    }
    if u.is_loopback() || !(u.postgres() || u.mysql()) {
        return out;
    }
    let required = matches!(
        u.tls_mode(),
        Some(
            "require" | "verify-ca" | "verify-full" | "required" | "verify_ca" | "verify_identity"
        )
    );
    if !required {
        let fix = if u.postgres() {
            "`?sslmode=verify-full` (or `require`)"
        } else {
            "`?ssl-mode=VERIFY_IDENTITY` (or `REQUIRED`)"
        };
        out.push(format!(
            "connects to `{}` without requiring TLS: add {fix}",
            u.host
        ));
    }
    out
}

/// When a PostgreSQL or MySQL/MariaDB URL to a host other than this machine turns TLS off
/// or makes it optional (`sslmode=disable|allow|prefer`, `ssl-mode=DISABLED|PREFERRED`):
/// the host and the mode it names.
pub fn tls_turned_off(url: &str) -> Option<(String, String)> {
    let u = DbUrl::parse(url)?;
    if u.is_loopback() {
        return None;
    }
    let mode = u.tls_mode()?;
    matches!(
        mode,
        "disable" | "allow" | "prefer" | "disabled" | "preferred"
    )
    .then(|| (u.host.to_string(), mode.to_string()))
}

/// Why a `RUST_LOG` filter logs too much for production: `debug` or `trace` for everything,
/// or for the crates that log SQL (`sqlx`, `sea_orm`).
pub fn verbose_log_filter(filter: &str) -> Option<String> {
    for directive in filter.split(',').map(str::trim).filter(|d| !d.is_empty()) {
        let (target, level) = match directive.split_once('=') {
            Some((t, l)) => (Some(t.trim()), l.trim()),
            None => (None, directive),
        };
        let level = level.to_ascii_lowercase();
        if !matches!(level.as_str(), "debug" | "trace") {
            continue;
        }
        match target {
            None => {
                return Some(format!(
                    "logs everything at `{level}`: request data and SQL reach the logs"
                ));
            }
            Some(t) if t.starts_with("sqlx") || t.starts_with("sea_orm") => {
                return Some(format!(
                    "logs `{t}` at `{level}`: every SQL statement reaches the logs"
                ));
            }
            Some(_) => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    const GOOD_SECRET: &str = "q8Z3vN1xR7tK0pLw5YbHc2Mf9DjS4gAe";

    fn good() -> Vec<(&'static str, &'static str)> {
        vec![
            ("APP_ENV", "production"),
            ("JWT_SECRET", GOOD_SECRET),
            (
                "DATABASE_URL",
                "postgres://app:Xk29fjQ0w@db.internal:5432/app?sslmode=verify-full",
            ),
            ("RUST_LOG", "info,tower_http=info"),
        ]
    }

    #[test]
    fn a_production_environment_passes() {
        assert_eq!(check(&env(&good())), vec![]);
        assert!(is_production(&env(&good())));
    }

    #[test]
    fn each_bad_value_is_one_problem_naming_its_variable() {
        let cases: &[(&str, &str, &str)] = &[
            ("APP_ENV", "development", "not `production`"),
            ("JWT_SECRET", "short-but-random-Q9x", "characters"),
            (
                "JWT_SECRET",
                "my-super-secret-key-for-jwt-tokens",
                "placeholder",
            ),
            (
                "JWT_SECRET",
                "abababababababababababababababab",
                "randomness",
            ),
            (
                "DATABASE_URL",
                "postgres://app:Xk29fjQ0w@db.internal:5432/app",
                "without requiring TLS",
            ),
            (
                "DATABASE_URL",
                "postgres://app:Xk29fjQ0w@db.internal/app?sslmode=disable",
                "without requiring TLS",
            ),
            (
                "DATABASE_URL",
                "mysql://root:root@10.0.0.5:3306/app?ssl-mode=REQUIRED",
                "default password",
            ),
            ("RUST_LOG", "debug", "everything"),
            ("RUST_LOG", "info,sqlx=debug", "`sqlx`"),
            ("RUST_LOG", "info,sea_orm::query=trace", "`sea_orm::query`"),
        ];
        for (var, value, says) in cases {
            let mut pairs = good();
            pairs.retain(|(k, _)| k != var);
            pairs.push((var, value));
            let problems = check(&env(&pairs));
            assert_eq!(problems.len(), 1, "{var}={value}: {problems:?}");
            assert_eq!(problems[0].var, *var);
            assert!(
                problems[0].message.contains(says),
                "{var}={value}: {}",
                problems[0]
            );
            if matches!(*var, "JWT_SECRET" | "DATABASE_URL") {
                assert!(
                    !problems[0].message.contains(value),
                    "a secret is never printed"
                );
            }
        }
    }

    #[test]
    fn missing_variables_are_problems() {
        let problems = check(&env(&[]));
        let vars: Vec<&str> = problems.iter().map(|p| p.var.as_str()).collect();
        assert_eq!(vars, ["APP_ENV", "JWT_SECRET", "DATABASE_URL"]);
        assert!(!is_production(&env(&[])));
    }

    #[test]
    fn local_and_file_databases_need_no_tls() {
        for url in [
            "postgres://app:Xk29fjQ0w@localhost/app",
            "postgres://app:Xk29fjQ0w@127.0.0.1:5432/app",
            "mysql://app:Xk29fjQ0w@[::1]:3306/app",
            "sqlite://data/app.db?mode=rwc",
            "sqlite::memory:",
        ] {
            assert_eq!(database_url(url), Vec::<String>::new(), "{url}");
        }
    }

    #[test]
    fn tls_turned_off_names_the_host_and_mode() {
        assert_eq!(
            tls_turned_off("postgres://app:x@db.internal:5432/app?sslmode=disable"),
            Some(("db.internal".to_string(), "disable".to_string()))
        );
        assert_eq!(
            tls_turned_off("mysql://app@10.0.0.5/app?ssl-mode=PREFERRED"),
            Some(("10.0.0.5".to_string(), "preferred".to_string()))
        );
        for quiet in [
            "postgres://app@localhost/app?sslmode=disable",
            "postgres://app@db.internal/app?sslmode=require",
            "postgres://app@db.internal/app",
            "sqlite://app.db",
        ] {
            assert_eq!(tls_turned_off(quiet), None, "{quiet}");
        }
    }

    #[test]
    fn quiet_filters_pass() {
        for f in ["info", "warn,my_app=debug", "info,sqlx=warn", ""] {
            assert_eq!(verbose_log_filter(f), None, "{f}");
        }
    }
}
