//! `env-not-gitignored`: `.gitignore` does not cover `.env`.

use crate::findings::Findings;
use crate::model::Model;
use crate::rules::declare_rule;
use crate::span::Span;

declare_rule! {
    /// ## What it flags
    /// A workspace whose `.gitignore` (as git evaluates it, or the root `.gitignore` outside a
    /// git checkout) does not ignore `.env`.
    ///
    /// ## Why it matters
    /// Without the entry, the next `git add .` commits the environment's secrets.
    ///
    /// ## Example
    /// A `.gitignore` with only `/target`.
    ///
    /// ## Fix
    /// ```text
    /// .env
    /// .env.*
    /// !.env.example
    /// ```
    name: "env-not-gitignored", section: 1, level: Error, exempt_in_tests: false, run: env_not_gitignored,
}

pub(crate) fn env_not_gitignored(model: &Model, out: &mut Findings) {
    if model.git.env_ignored != Some(false) {
        return;
    }
    let at = |rel: &str| {
        model
            .files
            .iter()
            .position(|f| f.rel == rel)
            .map(crate::ids::FileId::of)
    };
    if let Some(fi) = at(".gitignore") {
        out.report(
            ID,
            fi,
            Span::on_line(1, 1, 1),
            "`.gitignore` does not ignore `.env`",
        )
        .help("add `.env` and `.env.*` (with `!.env.example`) to `.gitignore`");
    } else if let Some(fi) = at("Cargo.toml") {
        // No `.gitignore` of its own (a workspace inside a larger repository): the finding
        // goes on the workspace's manifest, which is there.
        out.report(
            ID,
            fi,
            Span::on_line(1, 1, 1),
            "no `.gitignore` ignores `.env` in this workspace",
        )
        .help("create `.gitignore` here, or edit the repository's, with `.env` and `.env.*` (and `!.env.example`)");
    }
}
