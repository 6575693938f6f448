//! Turns the database URLs CI provides into cfgs, so a test whose server is
//! not configured is reported as ignored, with the reason, instead of passing.

fn main() {
    for (var, cfg) in [
        ("HARDEN_TEST_POSTGRES_URL", "harden_postgres"),
        ("HARDEN_TEST_MYSQL_URL", "harden_mysql"),
    ] {
        println!("cargo::rerun-if-env-changed={var}");
        println!("cargo::rustc-check-cfg=cfg({cfg})");
        if std::env::var(var).is_ok_and(|url| !url.is_empty()) {
            println!("cargo::rustc-cfg={cfg}");
        }
    }
}
