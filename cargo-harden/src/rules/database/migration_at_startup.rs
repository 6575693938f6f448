//! `migration-at-startup`: a server binary that runs migrations or schema sync as it starts.

use crate::facts::Setup;
use crate::findings::Findings;
use crate::ids::{FileId, FnId};
use crate::model::{At, Main, Model};
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

pub(crate) fn migration_at_startup(model: &Model, out: &mut Findings) {
    let mut migrations: Vec<(At, FileId, usize)> = Vec::new();
    for (fi, file) in model.rust_files() {
        for (i, s) in file.facts.db_setup.iter().enumerate() {
            if let (Setup::Migrate(_), Some(func)) = (&s.kind, s.site.func) {
                migrations.push(((model.fn_id(fi, func), s.site), fi, i));
            }
        }
    }
    if migrations.is_empty() || model.server_sites().is_empty() {
        return;
    }
    let mut reported = vec![false; migrations.len()];
    let targets: Vec<At> = migrations.iter().map(|(at, _, _)| *at).collect();
    for main in model.mains().iter().filter(|m| m.serves) {
        // Every way `main` gets to the migration against every way it gets to a server: a
        // `migrate` subcommand beside `serve` never runs with it.
        let together = model.runs_with_server(main, &targets);
        for (k, &(at, mfile, idx)) in migrations.iter().enumerate() {
            if !reported[k] && together[k] {
                reported[k] = true;
                report(model, out, main, at, mfile, idx);
            }
        }
    }
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
        .map(|s| format!("`{}`", qualified(model, s.caller)))
        .chain(std::iter::once(format!("`{}`", qualified(model, at.0))))
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

/// `Type::method` for a method, `module::name` for a free function outside a crate root.
fn qualified(model: &Model, id: FnId) -> String {
    let f = model.func(id);
    match model
        .impl_type_name(id)
        .or(f.module.last().map(String::as_str))
    {
        Some(owner) => format!("{owner}::{}", f.name),
        None => f.name.clone(),
    }
}
