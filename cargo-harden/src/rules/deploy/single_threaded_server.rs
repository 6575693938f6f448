//! `single-threaded-server`: a server on a runtime with one worker thread.

use crate::findings::Findings;
use crate::model::Model;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it flags
    /// A server binary (its `main` reaches `axum::serve`, `HttpServer::new` and the like)
    /// whose `main` is `#[tokio::main(flavor = "current_thread")]` or
    /// `#[tokio::main(worker_threads = 1)]`, or that builds its runtime with
    /// `Builder::new_current_thread()` or `.worker_threads(1)` on the way. actix-web's own
    /// `#[actix_web::main]` is not flagged: `HttpServer` starts a worker per core itself.
    ///
    /// ## Why it matters
    /// The checklist wants the service to use every core (the Node advice is PM2 or cluster
    /// mode). On one thread a single slow handler, or CPU work such as password hashing,
    /// stalls every other request, and the machine's other cores sit idle.
    ///
    /// ## Example
    /// ```text
    /// #[tokio::main(flavor = "current_thread")]
    /// async fn main() -> anyhow::Result<()> {
    ///     axum::serve(listener, app).await?;
    ///     Ok(())
    /// }
    /// ```
    ///
    /// ## Fix
    /// Use the multi-threaded runtime (`#[tokio::main]`, one worker per core by default), or
    /// size it from the CPUs the container is given.
    name: "single-threaded-server", section: 11, level: Warning, exempt_in_tests: true,
    run: single_threaded_server,
}

pub(crate) fn single_threaded_server(model: &Model, out: &mut Findings) {
    let mut seen = Vec::new();
    for main in model.mains().iter().filter(|m| m.serves) {
        for (fi, file) in model.rust_files() {
            for r in &file.facts.runtimes {
                let Some(func) = r.site.func else { continue };
                let id = model.fn_id(fi, func);
                if !main.reach.contains(id) || seen.contains(&(fi, r.span)) {
                    continue;
                }
                seen.push((fi, r.span));
                out.report(
                    ID,
                    fi,
                    r.span,
                    format!("the server runs on one thread ({})", r.how),
                )
                .help("use the multi-threaded runtime (`#[tokio::main]`: a worker per core)");
            }
        }
    }
}
