//! `debug-derive-on-secret`: `#[derive(Debug)]` on a struct holding a plain secret.

use crate::findings::Findings;
use crate::model::Model;
use crate::rules::declare_rule;
use crate::rules::secrets::is_secret_name;

declare_rule! {
    /// ## What it flags
    /// `#[derive(Debug)]` on a struct with a secret-named field (`password`, `api_key`,
    /// `jwt_secret`, ...) of a plain type (`String`, `&str`, `Vec<u8>`, `Option<String>`, ...)
    /// whose `Debug` prints the value.
    ///
    /// ## Why it matters
    /// One `?config` or `{:?}` in a log line, an error message or a panic prints the secret.
    ///
    /// ## Example
    /// ```text
    /// #[derive(Debug)]
    /// struct LoginRequest { email: String, password: String }
    /// ```
    ///
    /// ## Fix
    /// Wrap the field in a type whose `Debug` redacts it (`secrecy::SecretString`), or write
    /// `impl Debug` by hand and leave the field out.
    name: "debug-derive-on-secret", section: 1, level: Warning, exempt_in_tests: true, run: debug_derive_on_secret,
}

pub(crate) fn debug_derive_on_secret(model: &Model, out: &mut Findings) {
    for (fi, file) in model.rust_files() {
        for s in file.facts.types.iter().filter(|t| !t.is_enum) {
            let Some(derive) = s.derive_debug else {
                continue;
            };
            let secret: Vec<_> = s
                .fields
                .iter()
                .filter(|f| f.plain && is_secret_name(&f.name, &model.config.secret_names))
                .collect();
            let Some(first) = secret.first() else {
                continue;
            };
            let r = out
                .report(ID, fi, first.span, format!("`{}` derives `Debug`, which prints secret field `{}`", s.name, first.name))
                .help("wrap the field in `secrecy::SecretString` (its `Debug` is redacted) or implement `Debug` by hand");
            r.label(fi, derive, "`Debug` derived here");
        }
    }
}
