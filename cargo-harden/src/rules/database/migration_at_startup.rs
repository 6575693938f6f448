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
        for start in &file.facts.server_starts {
            let site = start.site;
            if let Some(func) = site.func {
                servers.push((model.fn_id(fi, func), site));
            }
        }
    }
    if migrations.is_empty() || servers.is_empty() {
        return;
    }
    let mut reported = vec![false; migrations.len()];
    for main in mains(model).iter().filter(|m| m.serves) {
        let entries = entries(model, main, &migrations, &servers);
        let main_facts = &model.file(main.file).facts;
        for (k, &(at, mfile, idx)) in migrations.iter().enumerate() {
            if reported[k] || !main.reach.contains(at.0) {
                continue;
            }
            // Every way `main` gets to the migration against every way it gets to a server:
            // a `migrate` subcommand beside `serve` never runs with it.
            let together = entries
                .iter()
                .filter(|e| e.migrations.contains(&k))
                .any(|m| {
                    entries.iter().filter(|e| !e.servers.is_empty()).any(|s| {
                        if m.site == s.site {
                            // One call leads to both: where do they part below it?
                            s.servers
                                .iter()
                                .any(|&j| !apart(model, &main.reach, at, servers[j]))
                        } else {
                            !main_facts.exclusive_sites(m.site, s.site)
                        }
                    })
                });
            if together {
                reported[k] = true;
                report(model, out, main, at, mfile, idx);
            }
        }
    }
}

/// A site of `main` — one of its calls, or a migration or server start written in it — with
/// the migrations and server starts (by index) it leads to.
struct Entry {
    site: Site,
    migrations: Vec<usize>,
    servers: Vec<usize>,
}

fn entries(
    model: &Model,
    main: &Main,
    migrations: &[(At, FileId, usize)],
    servers: &[At],
) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    for (k, &((f, site), _, _)) in migrations.iter().enumerate() {
        if f == main.func {
            out.push(Entry {
                site,
                migrations: vec![k],
                servers: Vec::new(),
            });
        }
    }
    for (j, &(f, site)) in servers.iter().enumerate() {
        if f == main.func {
            out.push(Entry {
                site,
                migrations: Vec::new(),
                servers: vec![j],
            });
        }
    }
    let facts = &model.file(main.file).facts;
    for &call in model.calls_of(main.func) {
        let Some(r) = model.call_target(main.file, call as usize) else {
            continue;
        };
        let mut entry = Entry {
            site: facts.calls[call as usize].site,
            migrations: Vec::new(),
            servers: Vec::new(),
        };
        for &t in &r.targets {
            if t == main.func {
                continue;
            }
            let reach = model.reach(t);
            entry
                .migrations
                .extend((0..migrations.len()).filter(|&k| reach.contains(migrations[k].0.0)));
            entry
                .servers
                .extend((0..servers.len()).filter(|&j| reach.contains(servers[j].0)));
        }
        if !entry.migrations.is_empty() || !entry.servers.is_empty() {
            out.push(entry);
        }
    }
    out
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
