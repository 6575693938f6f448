//! `secret-in-log`: logging or printing macros whose arguments name a secret.

use crate::facts::{MacroFact, Mention};
use crate::findings::Findings;
use crate::ids::FileId;
use crate::model::{MayPrint, Model};
use crate::rules::declare_rule;
use crate::rules::secrets::{is_dsn_name, is_secret_name};

declare_rule! {
    /// ## What it flags
    /// A logging or printing macro (`tracing`/`log` macros, `println!`, `panic!`, `dbg!`, ...)
    /// that prints a secret: a tracing field named like one (`password = %p`), or a value
    /// whose path ends in one (`%token`, `?user.password_hash`, `req.api_key.as_str()`, an
    /// inline `{password}`). The value is named by the last field, getter or variable of its
    /// path, so `token.user` is a user name and `token.len()` says nothing; names are
    /// matched by their last word (`access_token`, `password_hash`, `jwt_secret`).
    ///
    /// A connection string is a secret too (`database_url`, `redis_url`, `dsn`,
    /// `connection_string`): it carries the database's password. So is a struct printed with
    /// `{:?}` or `?` whose derived `Debug` prints such a field (`info!(?config)` where
    /// `Config` holds `database_url`; an entity's `Model` with a `password_hash` column;
    /// SeaORM's `ConnectOptions`, whose `Debug` prints its URL, or a struct holding one),
    /// when the checker can tell the value's type. A
    /// connection string built in the function from literals without credentials
    /// (`format!("sqlite://{path}")`) is not.
    ///
    /// `println!`/`print!` in a command-line program (a binary that starts no server, see
    /// `print-macro`) is its output to the person who ran it: a key it was asked to
    /// generate is printed on purpose. `eprintln!` there, and every print in a server, is
    /// still a log line.
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
    let extra = &model.config.secret_names;
    let secret = |name: &str| is_secret_name(name, extra) || is_dsn_name(name);
    for (fi, file) in model.rust_files() {
        for m in &file.facts.macros {
            if matches!(m.name.as_str(), "println" | "print") && is_cli_output(model, fi, m) {
                continue;
            }
            let mut seen: Vec<String> = Vec::new();
            for mention in &m.mentions {
                let what = if let Some((field, span)) = &mention.field
                    && secret(field)
                {
                    Some((field.clone(), *span, describe(field, "field")))
                } else if let Some(name) = &mention.name
                    && secret(name)
                    && !mention
                        .text
                        .as_deref()
                        .is_some_and(|t| is_dsn_name(name) && !has_credentials(t))
                    && !named_by_callers_as_no_secret(model, fi, m, mention, &secret)
                {
                    Some((name.clone(), mention.span, describe(name, mention.how)))
                } else if mention.debug
                    && let Some(path) = model.debug_prints(fi, m.site.func, &mention.ty, &secret)
                {
                    let shown = mention.name.clone().unwrap_or_else(|| "a value".into());
                    Some((
                        path.clone(),
                        mention.span,
                        format!("`{shown}` with `Debug`, which prints `{path}`"),
                    ))
                } else {
                    None
                };
                let Some((key, span, text)) = what else {
                    continue;
                };
                if seen.contains(&key) {
                    continue;
                }
                seen.push(key);
                out.report(ID, fi, span, format!("`{}!` logs {text}", m.name))
                    .help("leave it out of the log call, or log a non-secret identifier instead (a user id, a host name, the key's id)");
            }
        }
    }
}

/// Whether the macro prints a command-line program's output (not a server's, not a build
/// script's: cargo shows those in build logs).
fn is_cli_output(model: &Model, file: FileId, m: &MacroFact) -> bool {
    model.may_print(file, m) == Some(MayPrint::CommandLine)
}

/// Whether the mention is a parameter that every caller fills with a value whose own name
/// is no secret (`add_cache_data(&ctx.path)` for a parameter called `api_key`): the name
/// at the source wins over the parameter's.
fn named_by_callers_as_no_secret(
    model: &Model,
    file: FileId,
    m: &MacroFact,
    mention: &Mention,
    secret: &dyn Fn(&str) -> bool,
) -> bool {
    let (Some(name), Some(func)) = (&mention.name, m.site.func) else {
        return false;
    };
    // Only the variable itself, not a field or getter of that name.
    if !mention.variable {
        return false;
    }
    model
        .passed_as(model.fn_id(file, func), name)
        .is_some_and(|args| {
            args.iter()
                .all(|a| a.as_deref().is_some_and(|a| !secret(a)))
        })
}

/// Whether a URL built from these literals can carry a password: `user:pass@` (or
/// placeholders in their place) before the host.
fn has_credentials(text: &str) -> bool {
    let Some(i) = text.find("://") else {
        return true;
    };
    let rest = &text[i + 3..];
    rest.split(['/', '?'])
        .next()
        .is_some_and(|authority| authority.contains('@'))
}

/// "`password` (field)", "`database_url` (a connection string, with its password)".
fn describe(name: &str, how: &str) -> String {
    if is_dsn_name(name) {
        format!("`{name}`, a connection string with its password ({how})")
    } else {
        format!("`{name}` ({how})")
    }
}
