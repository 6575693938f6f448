//! `tracked-env-file`: a `.env` file committed to git.

use crate::findings::Findings;
use crate::model::Model;
use crate::rules::declare_rule;
use crate::source::is_env_file;
use crate::span::Span;

declare_rule! {
    /// ## What it flags
    /// A `.env` or `.env.*` file in the git index (`.env.example`, `.env.sample`,
    /// `.env.template` and `.env.dist` are fine: they are meant to be shared).
    ///
    /// ## Why it matters
    /// `.env` files hold the real secrets of an environment; once committed they are in the
    /// history of every clone.
    ///
    /// ## Example
    /// ```text
    /// git add .env
    /// ```
    ///
    /// ## Fix
    /// `git rm --cached .env`, add `.env` to `.gitignore`, and rotate every secret it held.
    name: "tracked-env-file", section: 1, level: Error, exempt_in_tests: true, run: tracked_env_file,
}

pub(crate) fn tracked_env_file(model: &Model, out: &mut Findings) {
    let Some(tracked) = &model.git.tracked else {
        return;
    };
    for (i, file) in model.files.iter().enumerate() {
        let fi = crate::ids::FileId::of(i);
        if !tracked.contains(&file.rel) || !is_env_file(&file.rel) {
            continue;
        }
        out.report(
            ID,
            fi,
            Span::on_line(1, 1, 1),
            format!("`{}` is committed to git", file.rel),
        )
        .help(format!(
            "`git rm --cached {}`, add it to `.gitignore`, and rotate its secrets",
            file.rel
        ));
    }
}
