//! `no-graceful-shutdown`: a server that stops mid-request when it is told to stop.

use crate::findings::Findings;
use crate::model::Model;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it flags
    /// A server started with `axum::serve`, hyper's or axum 0.6's `Server::bind`,
    /// `axum_server::bind` or tonic's `Server::builder()..serve(..)` in a binary whose `main` never
    /// reaches a graceful shutdown: `.with_graceful_shutdown(..)`,
    /// `.serve_with_shutdown(..)`, or axum-server's `Handle::graceful_shutdown(..)`.
    /// actix-web's `HttpServer` shuts down gracefully on SIGTERM by itself and is not
    /// flagged.
    ///
    /// ## Why it matters
    /// Every deploy stops the old process. Without a graceful shutdown the requests in
    /// flight are cut off (and their transactions rolled back half-way through the user's
    /// action), and the orchestrator's SIGTERM is ignored until it sends SIGKILL.
    ///
    /// ## Example
    /// ```text
    /// axum::serve(listener, app).await?;
    /// ```
    ///
    /// ## Fix
    /// Finish the requests in flight on SIGTERM and Ctrl-C:
    /// `axum::serve(listener, app).with_graceful_shutdown(shutdown_signal()).await?`, where
    /// `shutdown_signal` waits for `tokio::signal::ctrl_c()` or SIGTERM.
    name: "no-graceful-shutdown", section: 11, level: Warning, exempt_in_tests: true,
    run: no_graceful_shutdown,
}

pub(crate) fn no_graceful_shutdown(model: &Model, out: &mut Findings) {
    let mut graceful = Vec::new();
    for (fi, file) in model.rust_files() {
        for site in &file.facts.graceful_shutdowns {
            if let Some(func) = site.func {
                graceful.push(model.fn_id(fi, func));
            }
        }
    }
    let mut seen = Vec::new();
    for main in model.mains().iter().filter(|m| m.serves) {
        if graceful.iter().any(|&g| main.reach.contains(g)) {
            continue;
        }
        for (fi, file) in model.rust_files() {
            for s in file
                .facts
                .server_starts
                .iter()
                .filter(|s| !s.graceful_by_default && !s.builds_only)
            {
                let Some(func) = s.site.func else { continue };
                if !main.reach.contains(model.fn_id(fi, func)) || seen.contains(&(fi, s.span)) {
                    continue;
                }
                seen.push((fi, s.span));
                out.report(
                    ID,
                    fi,
                    s.span,
                    format!(
                        "`{}` without a graceful shutdown: a deploy cuts off the requests in flight",
                        s.what
                    ),
                )
                .help("add `.with_graceful_shutdown(signal)` (tonic: `serve_with_shutdown`), where `signal` waits for Ctrl-C or SIGTERM");
            }
        }
    }
}
