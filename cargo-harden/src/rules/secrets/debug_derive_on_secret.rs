//! `debug-derive-on-secret`: `#[derive(Debug)]` on a struct holding a plain secret.

use crate::findings::Findings;
use crate::model::Model;
use crate::rules::declare_rule;
use crate::rules::secrets::{VALUE_FIELDS, is_credential_type, is_dsn_field, is_secret_name};

declare_rule! {
    /// ## What it flags
    /// `#[derive(Debug)]` on a struct with a field of a plain type (`String`, `&str`,
    /// `Vec<u8>`, `Option<String>`, ...), whose `Debug` prints the value, that holds a
    /// secret: a secret-named field (`password`, `api_key`, `jwt_secret`, ...), a connection
    /// string (`database_url`, `dsn`, the `url` of a `DatabaseConfig`: it carries the
    /// password), or the value-like field
    /// (`value`, `0`, `raw`, ...) of a struct named like a credential (`Token`, `ApiKey`,
    /// `Credentials`). Pagination tokens (`next_page_token`) are not secrets.
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
    let extra = &model.config.secret_names;
    for (fi, file) in model.rust_files() {
        for s in file.facts.types.iter().filter(|t| !t.is_enum) {
            let Some(derive) = s.derive_debug else {
                continue;
            };
            let credential = is_credential_type(&s.name);
            let mut secret: Vec<_> = s
                .fields
                .iter()
                .filter(|f| {
                    f.plain
                        && (is_secret_name(&f.name, extra)
                            || is_dsn_field(&s.name, &f.name)
                            || (credential && VALUE_FIELDS.contains(&f.name.as_str())))
                })
                .collect();
            // An `access_key` is often the public half of a key pair (S3's key id): the
            // finding names the other secret when there is one.
            secret.sort_by_key(|f| f.name.eq_ignore_ascii_case("access_key"));
            let Some((first, others)) = secret.split_first() else {
                continue;
            };
            let what = if is_dsn_field(&s.name, &first.name) {
                format!("connection string `{}` (with its password)", first.name)
            } else if credential && !is_secret_name(&first.name, extra) {
                format!("the credential in field `{}`", first.name)
            } else {
                format!("secret field `{}`", first.name)
            };
            let also = match others {
                [] => String::new(),
                more => format!(
                    " (and `{}`)",
                    more.iter()
                        .map(|f| f.name.as_str())
                        .collect::<Vec<_>>()
                        .join("`, `")
                ),
            };
            out.report(ID, fi, first.span, format!("`{}` derives `Debug`, which prints {what}{also}", s.name))
                .help("wrap the field in `secrecy::SecretString` (its `Debug` is redacted) or implement `Debug` by hand")
                .label(fi, derive, "`Debug` derived here");
        }
    }
}
