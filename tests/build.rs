//! Turns the database URLs CI provides into cfgs, so a test whose server is
//! not configured is reported as ignored, with the reason, instead of passing.
//! The URL itself is compiled in too: a test built as configured connects
//! (and fails when the server is gone) even if run without the variable.

fn main() {
    for (var, cfg, built) in [
        (
            "HARDEN_TEST_POSTGRES_URL",
            "harden_postgres",
            "HARDEN_BUILT_POSTGRES_URL",
        ),
        (
            "HARDEN_TEST_MYSQL_URL",
            "harden_mysql",
            "HARDEN_BUILT_MYSQL_URL",
        ),
    ] {
        println!("cargo::rerun-if-env-changed={var}");
        println!("cargo::rustc-check-cfg=cfg({cfg})");
        if let Ok(url) = std::env::var(var).map(|url| url.trim().to_owned())
            && !url.is_empty()
        {
            println!("cargo::rustc-cfg={cfg}");
            println!("cargo::rustc-env={built}={url}");
        }
    }
}
