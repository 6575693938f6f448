//! `dockerfile-no-healthcheck`: the shipped image never says whether the service is up.

use super::dockerfiles;
use crate::findings::Findings;
use crate::model::Model;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it flags
    /// A Dockerfile whose last stage has no `HEALTHCHECK CMD ..`, or turns it off with
    /// `HEALTHCHECK NONE`; images that run nothing of their own (no `CMD`/`ENTRYPOINT`) and
    /// development containers are not judged. Where an orchestrator probes the service itself (Kubernetes
    /// liveness and readiness probes), suppress it with that as the reason.
    ///
    /// ## Why it matters
    /// Docker and Compose only know that the process exists: a service that deadlocked, lost
    /// its database or never finished starting keeps receiving traffic and is never
    /// restarted.
    ///
    /// ## Example
    /// ```text
    /// FROM debian:12-slim
    /// USER 10001
    /// CMD ["api"]
    /// ```
    ///
    /// ## Fix
    /// Probe the health route: `HEALTHCHECK --interval=30s --timeout=3s CMD ["api",
    /// "healthcheck"]` (a subcommand that calls `/health`), or `CMD curl -fsS
    /// http://localhost:8080/health || exit 1` where the image has curl.
    name: "dockerfile-no-healthcheck", section: 11, level: Warning, exempt_in_tests: true,
    run: dockerfile_no_healthcheck,
}

pub(crate) fn dockerfile_no_healthcheck(model: &Model, out: &mut Findings) {
    for d in dockerfiles(model) {
        let Some(last) = d.service_stage() else {
            continue;
        };
        let message = match last.healthcheck {
            Some(true) => continue,
            Some(false) => "the shipped image turns its health check off (`HEALTHCHECK NONE`)",
            None => "the shipped image has no `HEALTHCHECK`",
        };
        out.report(ID, d.file, last.from, message).help(
            "add `HEALTHCHECK CMD ..` that calls the health route (or suppress this where the orchestrator probes it)",
        );
    }
}
