//! `dockerignore-incomplete`: a build context that sends `.env` and `target/` to the builder.

use super::dockerfiles;
use crate::findings::Findings;
use crate::model::{FileKind, Model};
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it flags
    /// A Dockerfile whose shipped (last) stage copies the whole build context (`COPY . .`,
    /// `ADD . /app`) while the `.dockerignore` beside it (or at the workspace root) is
    /// missing or does not exclude `.env` files and `target`. A builder stage's `COPY . .`
    /// is not flagged: only the binary leaves it.
    ///
    /// ## Why it matters
    /// Everything in the context is sent to the builder and `COPY . .` puts it in a layer:
    /// the developer's `.env` with its secrets ships in the image, and `target/` makes every
    /// build upload gigabytes and miss the cache.
    ///
    /// ## Example
    /// ```text
    /// COPY . .
    /// ```
    /// with no `.dockerignore`.
    ///
    /// ## Fix
    /// Add a `.dockerignore` with `.env`, `.env.*`, `!.env.example`, `target/` and `.git/`.
    name: "dockerignore-incomplete", section: 1, level: Warning, exempt_in_tests: true,
    run: dockerignore_incomplete,
}

pub(crate) fn dockerignore_incomplete(model: &Model, out: &mut Findings) {
    for d in dockerfiles(model) {
        // Only the shipped stage keeps what it copies: a builder's `COPY . .` stays in the
        // builder.
        let Some((span, src)) = d
            .final_stage()
            .into_iter()
            .flat_map(|s| &s.copies)
            .find(|(_, src)| matches!(src.as_str(), "." | "./" | "*"))
        else {
            continue;
        };
        let dir = d.rel.rsplit_once('/').map_or("", |(dir, _)| dir);
        let ignore = [format!("{dir}/.dockerignore"), ".dockerignore".to_string()]
            .into_iter()
            .map(|p| p.trim_start_matches('/').to_string())
            .find_map(|p| {
                model
                    .files
                    .iter()
                    .find(|f| f.kind == FileKind::Docker && f.rel == p)
            });
        let missing: Vec<&str> = match ignore.and_then(|f| f.facts.docker.as_deref()) {
            None => vec![".env", "target"],
            Some(facts) => {
                // `target`, `/target`, `target/`, `target/*`, `**/target/**`; `.env`,
                // `.env*`, `*.env`, `**/.env`.
                let covers = |what: &str| {
                    facts.ignores.iter().any(|p| {
                        let mut p = p.trim_start_matches("**/").trim_start_matches('/');
                        for tail in ["/**", "/*", "/"] {
                            p = p.strip_suffix(tail).unwrap_or(p);
                        }
                        p == what
                            || p == format!("{what}*")
                            || (what == ".env" && matches!(p, "*.env" | ".env.*"))
                    })
                };
                [".env", "target"]
                    .into_iter()
                    .filter(|w| !covers(w))
                    .collect()
            }
        };
        if missing.is_empty() {
            continue;
        }
        let why = match ignore {
            None => "there is no `.dockerignore`".to_string(),
            Some(f) => format!(
                "`{}` does not exclude {}",
                f.rel,
                missing
                    .iter()
                    .map(|m| format!("`{m}`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
        };
        out.report(
            ID,
            d.file,
            *span,
            format!("`COPY {src}` sends the whole build context, and {why}"),
        )
        .help("list `.env`, `.env.*`, `!.env.example`, `target/` and `.git/` in `.dockerignore`");
    }
}
