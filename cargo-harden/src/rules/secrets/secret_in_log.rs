//! `secret-in-log`: logging or printing macros whose arguments name a secret.

use crate::findings::Findings;
use crate::model::Model;
use crate::rules::declare_rule;
use crate::rules::secrets::is_secret_name;

declare_rule! {
    /// ## What it flags
    /// A logging or printing macro (`tracing`/`log` macros, `println!`, `panic!`, `dbg!`, ...)
    /// whose arguments name a secret: a tracing field (`password = %p`, `%token`,
    /// `?user.password_hash`), a format argument, or an inline `{password}` in the format
    /// string. Names are matched by their last word (`access_token`, `password_hash`,
    /// `jwt_secret`); `token.len()` and `password.is_empty()` are fine.
    ///
    /// ## Why it matters
    /// Logs are copied to many places and kept for a long time; a secret or password hash in
    /// a log line is a leaked secret.
    ///
    /// ## Example
    /// ```text
    /// tracing::info!(email = %req.email, password = %req.password, "login attempt");
    /// ```
    ///
    /// ## Fix
    /// Log something that identifies the event without the secret:
    /// ```text
    /// tracing::info!(email = %req.email, "login attempt");
    /// ```
    name: "secret-in-log", section: 1, level: Error, exempt_in_tests: true, run: secret_in_log,
}

pub(crate) fn secret_in_log(model: &Model, out: &mut Findings) {
    for (fi, file) in model.rust_files() {
        for m in &file.facts.macros {
            let mut seen = Vec::new();
            for mention in &m.mentions {
                if !is_secret_name(&mention.name, &model.config.secret_names)
                    || seen.contains(&mention.name)
                {
                    continue;
                }
                seen.push(mention.name.clone());
                out.report(
                    ID,
                    fi,
                    mention.span,
                    format!("`{}!` logs `{}` ({})", m.name, mention.name, mention.how),
                )
                .help("remove it from the log call, or log a non-secret identifier instead");
            }
        }
    }
}
