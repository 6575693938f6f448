//! `harden_runtime::preflight_with` refuses a production environment for each bad value,
//! names the variable and never the secret, and lets anything but production start.

use harden_runtime::preflight_with;

const GOOD: &[(&str, &str)] = &[
    ("APP_ENV", "production"),
    ("JWT_SECRET", "q8Z3vN1xR7tK0pLw5YbHc2Mf9DjS4gAe"),
    (
        "DATABASE_URL",
        "postgres://app:Xk29fjQ0w@db.internal:5432/app?sslmode=verify-full",
    ),
    ("RUST_LOG", "info"),
];

fn with(var: &str, value: Option<&str>) -> impl Fn(&str) -> Option<String> {
    let mut env: Vec<(String, String)> = GOOD
        .iter()
        .filter(|(k, _)| *k != var)
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    if let Some(v) = value {
        env.push((var.to_string(), v.to_string()));
    }
    move |name| env.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
}

#[test]
fn a_production_environment_starts() {
    preflight_with(with("", None)).expect("the good environment passes");
}

#[test]
fn each_bad_value_refuses_to_start() {
    for (var, value) in [
        ("JWT_SECRET", None),
        ("JWT_SECRET", Some("tooshort-9Qx")),
        ("JWT_SECRET", Some("your-jwt-secret-goes-here-please-0")),
        ("DATABASE_URL", None),
        (
            "DATABASE_URL",
            Some("postgres://app:Xk29fjQ0w@db.internal/app"),
        ),
        (
            "DATABASE_URL",
            Some("mysql://root:root@db.internal/app?ssl-mode=REQUIRED"),
        ),
        ("RUST_LOG", Some("trace")),
        ("RUST_LOG", Some("warn,sqlx::query=debug")),
    ] {
        let err = preflight_with(with(var, value)).expect_err(&format!("{var}={value:?}"));
        assert_eq!(err.problems().len(), 1, "{err}");
        assert_eq!(err.problems()[0].var, var, "{err}");
        let shown = err.to_string();
        assert!(
            shown.starts_with("refusing to start in production:"),
            "{shown}"
        );
        if let Some(v) = value
            && var != "RUST_LOG"
        {
            assert!(!shown.contains(v), "the value is printed: {shown}");
        }
    }
}

#[test]
fn outside_production_nothing_is_required() {
    for env in ["development", "staging", "test"] {
        preflight_with(|name| (name == "APP_ENV").then(|| env.to_string()))
            .expect("not production: not checked");
    }
    preflight_with(|_| None).expect("no environment variable: not production");
}
