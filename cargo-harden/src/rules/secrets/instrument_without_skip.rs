//! `instrument-without-skip`: `#[instrument]` recording a secret parameter.

use crate::findings::Findings;
use crate::model::Model;
use crate::rules::declare_rule;
use crate::rules::secrets::is_secret_name;

declare_rule! {
    /// ## What it flags
    /// `#[instrument]` / `#[tracing::instrument]` on a function with a secret-named parameter
    /// (`password`, `token`, ...) that is not listed in `skip(..)` (and no `skip_all`).
    ///
    /// ## Why it matters
    /// `#[instrument]` records every argument with its `Debug` form on the span, so the
    /// secret lands in every log line and trace inside the function.
    ///
    /// ## Example
    /// ```text
    /// #[tracing::instrument]
    /// async fn login(email: String, password: String) -> Result<Token, AuthError> { .. }
    /// ```
    ///
    /// ## Fix
    /// ```text
    /// #[tracing::instrument(skip(password))]
    /// ```
    name: "instrument-without-skip", section: 1, level: Error, exempt_in_tests: true, run: instrument_without_skip,
}

pub(crate) fn instrument_without_skip(model: &Model, out: &mut Findings) {
    for (fi, file) in model.rust_files() {
        for f in &file.facts.fns {
            let Some(inst) = &f.instrument else { continue };
            if inst.skip_all {
                continue;
            }
            let leaked: Vec<&str> = f
                .params
                .iter()
                .map(|p| p.name.as_str())
                .filter(|n| {
                    is_secret_name(n, &model.config.secret_names)
                        && !inst.skip.iter().any(|s| s == n)
                })
                .collect();
            if leaked.is_empty() {
                continue;
            }
            let list = leaked.join(", ");
            let mut skip = inst.skip.clone();
            skip.extend(leaked.iter().map(|s| s.to_string()));
            let r = out
                .report(
                    ID,
                    fi,
                    inst.span,
                    format!(
                        "`#[instrument]` on `{}` records secret parameter `{list}`",
                        f.name
                    ),
                )
                .help(format!(
                    "skip it: `#[tracing::instrument(skip({}))]`",
                    skip.join(", ")
                ));
            for p in &f.params {
                if leaked.contains(&p.name.as_str()) {
                    r.label(fi, p.span, "recorded with its `Debug` form");
                }
            }
        }
    }
}
