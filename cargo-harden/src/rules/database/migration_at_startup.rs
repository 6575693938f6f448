//! `migration-at-startup`: a server binary that runs migrations or schema sync as it starts.

use super::{Main, mains};
use crate::facts::{Setup, Site};
use crate::findings::Findings;
use crate::ids::{FileId, FnId};
use crate::model::{Model, Reach};
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it flags
    /// `Migrator::up`, `fresh`, `refresh` or `reset`, `sqlx::migrate!(..).run(..)`, or a
    /// SeaORM schema `sync` that a server binary's `main` reaches, directly or through any
    /// number of calls into other modules and crates. A binary is a server when its `main`
    /// reaches `axum::serve` or `HttpServer::new`. A migration on a branch that never runs
    /// together with the server (a `migrate` subcommand beside `serve`) stays quiet, and so
    /// does one in a separate binary. When a call on the chain was resolved by its method
    /// name alone, the message says the chain is guessed.
    ///
    /// ## Why it matters
    /// Every replica runs the migration as it starts: several at once race each other, a
    /// failed or slow migration takes the service down with it, and the service needs a
    /// database user allowed to change the schema. The checklist wants migrations run once,
    /// by CI/CD, before the new version starts.
    ///
    /// ## Example
    /// ```text
    /// #[tokio::main]
    /// async fn main() -> anyhow::Result<()> {
    ///     let db = Database::connect(opts).await?;
    ///     Migrator::up(&db, None).await?;
    ///     axum::serve(listener, app(db)).await?;
    ///     Ok(())
    /// }
    /// ```
    ///
    /// ## Fix
    /// Run migrations from a separate binary or subcommand (`sea-orm-cli migrate up`, a
    /// `migration` crate's own `main`, or `app migrate` beside `app serve`) as a CI/CD step,
    /// and have the server only check, if anything, that the schema is current.
    name: "migration-at-startup", section: 7, level: Error, exempt_in_tests: true,
    run: migration_at_startup,
}

/// Something done at a site of a function.
type At = (FnId, Site);

pub(crate) fn migration_at_startup(model: &Model, out: &mut Findings) {
    let mut migrations: Vec<(At, FileId, usize)> = Vec::new();
    let mut servers: Vec<At> = Vec::new();
    for (fi, file) in model.rust_files() {
        for (i, s) in file.facts.db_setup.iter().enumerate() {
            if let (Setup::Migrate(_), Some(func)) = (&s.kind, s.site.func) {
                migrations.push(((model.fn_id(fi, func), s.site), fi, i));
            }
        }
        for (site, _) in &file.facts.server_starts {
            if let Some(func) = site.func {
                servers.push((model.fn_id(fi, func), *site));
            }
        }
    }
    if migrations.is_empty() || servers.is_empty() {
        return;
    }
    let mut reported = vec![false; migrations.len()];
    for main in mains(model).iter().filter(|m| m.serves) {
        let serving: Vec<&At> = servers
            .iter()
            .filter(|s| main.reach.contains(s.0))
            .collect();
        for (k, &(at, mfile, idx)) in migrations.iter().enumerate() {
            if reported[k] || !main.reach.contains(at.0) {
                continue;
            }
            // A `migrate` subcommand beside `serve`: never both in one run.
            if serving.iter().all(|&&s| apart(model, &main.reach, at, s)) {
                continue;
            }
            reported[k] = true;
            report(model, out, main, at, mfile, idx);
        }
    }
}

/// Whether `a` and `b`, both reached from the root, can never both run: where their call
/// chains part, the two calls (or sites) are on disjoint branches.
fn apart(model: &Model, reach: &Reach, a: At, b: At) -> bool {
    let (ca, cb) = (reach.chain(a.0), reach.chain(b.0));
    let common = ca
        .iter()
        .zip(&cb)
        .take_while(|(x, y)| x.caller == y.caller && x.call == y.call)
        .count();
    // The function where they part, and the site in it that leads to each.
    let site_in = |chain: &[crate::model::Step], own: Site| match chain.get(common) {
        Some(step) => model.file(step.file).facts.calls[step.call as usize].site,
        None => own,
    };
    let parting = match ca.get(common).or(cb.get(common)) {
        Some(step) => step.caller,
        None => a.0,
    };
    let facts = &model.file(model.fn_file(parting)).facts;
    facts.exclusive_sites(site_in(&ca, a.1), site_in(&cb, b.1))
}

fn report(model: &Model, out: &mut Findings, main: &Main, at: At, mfile: FileId, idx: usize) {
    let (reach, main_file) = (&main.reach, main.file);
    let main_rel = &model.file(main_file).rel;
    let setup = &model.file(mfile).facts.db_setup[idx];
    let Setup::Migrate(what) = &setup.kind else {
        return;
    };
    let chain = reach.chain(at.0);
    let names: Vec<String> = chain
        .iter()
        .skip(1)
        .map(|s| format!("`{}`", model.func(s.caller).name))
        .chain(std::iter::once(format!("`{}`", model.func(at.0).name)))
        .collect();
    let guessed = chain.iter().any(|s| s.guessed);
    let route = if chain.is_empty() {
        format!("in `main` of `{main_rel}`")
    } else {
        format!(
            "reached from `main` of `{main_rel}` through {}",
            names.join(" → ")
        )
    };
    let note = if guessed {
        " (guessed: a call on the way was resolved by its method name alone)"
    } else {
        ""
    };
    let finding = out
        .report(
            ID,
            mfile,
            setup.span,
            format!("`{what}` runs when the server starts: {route}{note}"),
        )
        .help(
            "run migrations as a CI/CD step from a separate binary or a `migrate` subcommand \
             (e.g. `sea-orm-cli migrate up`), not in the server's start-up",
        );
    if let Some(first) = chain.first() {
        let span = model.file(first.file).facts.calls[first.call as usize].span;
        finding.label(main_file, span, "the server's `main` calls this");
    }
}
