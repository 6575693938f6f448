//! `dockerfile-runs-as-root`: the shipped image runs its process as root.

use super::dockerfiles;
use crate::findings::Findings;
use crate::model::Model;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it flags
    /// A Dockerfile whose last stage sets no `USER`, or sets `root` / `0`. Distroless
    /// `:nonroot` images (their default user is not root), an entrypoint that drops root
    /// itself (`gosu`, `su-exec`, `setpriv`), and images that run nothing of their own (no
    /// `CMD`/`ENTRYPOINT`: a base image) or are development containers are not flagged.
    ///
    /// ## Why it matters
    /// A process that is compromised (a deserialisation bug, a path traversal) gets root in
    /// the container: it can rewrite the binary, read every mounted secret, and has a far
    /// shorter way out to the host.
    ///
    /// ## Example
    /// ```text
    /// FROM debian:12-slim
    /// COPY --from=build /app/target/release/api /usr/local/bin/api
    /// CMD ["api"]
    /// ```
    ///
    /// ## Fix
    /// Create an unprivileged user and switch to it before `CMD`:
    /// `RUN useradd --system --uid 10001 app` then `USER app` (or `USER 10001`), or start
    /// from `gcr.io/distroless/cc-debian12:nonroot`.
    name: "dockerfile-runs-as-root", section: 11, level: Warning, exempt_in_tests: true,
    run: dockerfile_runs_as_root,
}

pub(crate) fn dockerfile_runs_as_root(model: &Model, out: &mut Findings) {
    for d in dockerfiles(model) {
        let Some(last) = d.service_stage() else {
            continue;
        };
        if last.image.contains("nonroot") || last.drops_privileges {
            continue;
        }
        match &last.user {
            None => {
                out.report(
                    ID,
                    d.file,
                    last.from,
                    "the shipped image sets no `USER`: its process runs as root",
                )
                .help("add an unprivileged user and `USER` it in the last stage (`RUN useradd --system --uid 10001 app` then `USER app`)");
            }
            Some((span, user)) => {
                let name = user.split(':').next().unwrap_or(user).trim();
                if name == "root" || name == "0" {
                    out.report(
                        ID,
                        d.file,
                        *span,
                        format!("the shipped image runs as `{name}`"),
                    )
                    .help("switch to an unprivileged user before `CMD` (`USER 10001`)");
                }
            }
        }
    }
}
