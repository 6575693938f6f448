//! `dockerfile-secret-baked-in`: secrets written into an image's layers.

use super::dockerfiles;
use crate::findings::Findings;
use crate::model::Model;
use crate::rules::declare_rule;
use crate::rules::secrets::{is_dsn_name, is_secret_name};
use crate::source::is_env_file;

declare_rule! {
    /// ## What it flags
    /// In any stage of a Dockerfile: `COPY`/`ADD` of a `.env` file (`.env.example` and such
    /// are fine), an `ARG` named like a secret or a connection string (`ARG JWT_SECRET`,
    /// `ARG DB_PASSWORD`, `ARG DATABASE_URL`), and an
    /// `ENV` that sets a secret-named variable to a value written in the Dockerfile or passed
    /// through from an `ARG`.
    ///
    /// ## Why it matters
    /// Every layer, and the build arguments in the image's history, can be read by anyone
    /// who can pull the image (`docker history`, `docker save`): the secret ships to every
    /// registry and machine the image reaches, and stays there after it is rotated.
    ///
    /// ## Example
    /// ```text
    /// ARG DATABASE_PASSWORD
    /// ENV DATABASE_PASSWORD=$DATABASE_PASSWORD
    /// COPY .env /app/.env
    /// ```
    ///
    /// ## Fix
    /// Give secrets to the container when it runs (the orchestrator's secrets, environment
    /// variables set at deploy time), and a build secret to `RUN` with
    /// `RUN --mount=type=secret,id=..`, which no layer keeps.
    name: "dockerfile-secret-baked-in", section: 1, level: Error, exempt_in_tests: true,
    run: dockerfile_secret_baked_in,
}

pub(crate) fn dockerfile_secret_baked_in(model: &Model, out: &mut Findings) {
    let extra = &model.config.secret_names;
    for d in dockerfiles(model) {
        for stage in &d.facts.stages {
            for (span, src) in &stage.copies {
                let name = src.trim_end_matches('/').rsplit('/').next().unwrap_or(src);
                if is_env_file(name) {
                    out.report(
                        ID,
                        d.file,
                        *span,
                        format!("`{src}` is copied into the image, with every secret in it"),
                    )
                    .help("pass the variables when the container starts, not in the image");
                }
            }
            for (which, span, text) in &stage.variables {
                for (key, value) in assignments(text) {
                    let lower = key.to_ascii_lowercase();
                    if !is_secret_name(&lower, extra) && !is_dsn_name(&lower) {
                        continue;
                    }
                    let message = match (*which, value) {
                        ("ARG", _) => format!(
                            "build argument `{key}` is kept in the image's history (`docker history`)"
                        ),
                        ("ENV", Some(v)) if !v.is_empty() => {
                            format!("`ENV {key}` writes the secret into the image's configuration")
                        }
                        _ => continue,
                    };
                    out.report(ID, d.file, *span, message)
                        .help("give it at run time, or to one `RUN` with `--mount=type=secret`");
                }
            }
        }
    }
}

/// The `KEY=value` (or `KEY value`, `KEY`) assignments of an `ARG`/`ENV` argument text.
fn assignments(text: &str) -> Vec<(String, Option<String>)> {
    let text = text.trim();
    if !text.contains('=') {
        // `ENV KEY value` (legacy form), `ARG KEY`.
        let mut parts = text.splitn(2, char::is_whitespace);
        let key = parts.next().unwrap_or("").to_string();
        let value = parts.next().map(|v| v.trim().to_string());
        return vec![(key, value)];
    }
    text.split_whitespace()
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) => (k.to_string(), Some(v.trim_matches('"').to_string())),
            None => (pair.to_string(), None),
        })
        .collect()
}
