//! `database-tls-disabled`: a connection string that turns TLS off to a remote database.

use crate::findings::Findings;
use crate::ids::FileId;
use crate::model::{FileKind, Model};
use crate::rules::declare_rule;
use harden_calls::preflight::tls_turned_off;

declare_rule! {
    /// ## What it flags
    /// A PostgreSQL or MySQL/MariaDB connection string, in code or in a config file, to a host
    /// other than this machine that turns TLS off or leaves it optional:
    /// `sslmode=disable`, `allow` or `prefer`; `ssl-mode=DISABLED` or `PREFERRED`. The same
    /// check runs on the deployed `DATABASE_URL` in `cargo harden preflight`.
    ///
    /// ## Why it matters
    /// The checklist wants `DATABASE_URL` secured. Without TLS the password and every row
    /// cross the network in clear text; `prefer`/`allow` fall back to clear text whenever
    /// TLS cannot be set up, which an attacker on the path can arrange.
    ///
    /// ## Example
    /// ```text
    /// DATABASE_URL: "postgres://app:${DB_PASSWORD}@db.internal:5432/app?sslmode=disable"
    /// ```
    ///
    /// ## Fix
    /// Require TLS and check the server's certificate: `sslmode=verify-full`
    /// (`ssl-mode=VERIFY_IDENTITY` on MySQL/MariaDB), or at least `require`.
    name: "database-tls-disabled", section: 1, level: Error, exempt_in_tests: true,
    run: database_tls_disabled,
}

pub(crate) fn database_tls_disabled(model: &Model, out: &mut Findings) {
    for (i, f) in model.files.iter().enumerate() {
        let fi = FileId::of(i);
        let values: Vec<(crate::span::Span, &str)> = match f.kind {
            FileKind::Rust => f
                .facts
                .strings
                .iter()
                .map(|s| (s.span, s.value.as_str()))
                .collect(),
            FileKind::Config => f
                .facts
                .config_pairs
                .iter()
                .map(|p| (p.span, p.value.as_str()))
                .collect(),
            _ => continue,
        };
        for (span, value) in values {
            if !value.contains("ssl") {
                continue;
            }
            let Some((host, mode)) = tls_turned_off(value.trim_matches(['"', '\''])) else {
                continue;
            };
            out.report(
                ID,
                fi,
                span,
                format!("connection string to `{host}` with TLS `{mode}`: password and data cross the network in clear text"),
            )
            .help("require TLS: `sslmode=verify-full` (or `require`); on MySQL/MariaDB `ssl-mode=VERIFY_IDENTITY`");
        }
    }
}
