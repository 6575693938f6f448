//! How the workspace's binaries start: each `main`, what it reaches, whether it starts a
//! server or runs migrations, and whether something it reaches can run in the same run as
//! a server (not on a `migrate`-beside-`serve` branch). Computed once, read by the database
//! and deployment rules.

use std::sync::OnceLock;

use super::{Model, Reach};
use crate::facts::{Setup, Site};
use crate::ids::{FileId, FnId};
use crate::source::Role;

/// The binaries' mains, computed on first use.
#[derive(Default)]
pub(super) struct Startup {
    mains: OnceLock<Vec<Main>>,
    servers: OnceLock<Vec<At>>,
}

impl Model {
    /// The `main` of every binary of the workspace.
    pub(crate) fn mains(&self) -> &[Main] {
        self.startup.mains.get_or_init(|| compute(self))
    }

    /// Where servers start.
    pub(crate) fn server_sites(&self) -> &[At] {
        self.startup.servers.get_or_init(|| server_sites(self))
    }
}

/// A binary's `main`, what it reaches, and whether it starts a server or runs migrations.
pub(crate) struct Main {
    pub file: FileId,
    pub func: FnId,
    pub reach: Reach,
    pub serves: bool,
    pub migrates: bool,
}

/// The `main` of every binary of the workspace.
fn compute(model: &Model) -> Vec<Main> {
    let servers: Vec<FnId> = model.server_sites().iter().map(|&(f, _)| f).collect();
    let mut migrations: Vec<FnId> = Vec::new();
    for (fi, file) in model.rust_files() {
        for s in &file.facts.db_setup {
            if let (Setup::Migrate(_), Some(func)) = (&s.kind, s.site.func) {
                migrations.push(model.fn_id(fi, func));
            }
        }
    }
    let mut out = Vec::new();
    for (fi, file) in model.rust_files().filter(|(_, f)| f.role == Role::BinRoot) {
        let Some(main) = file.facts.fns.iter().position(|f| {
            f.name == "main" && f.impl_idx.is_none() && f.trait_idx.is_none() && !f.is_test
        }) else {
            continue;
        };
        let func = model.fn_id(fi, main as u32);
        let reach = model.reach(func);
        let serves = servers.iter().any(|&s| reach.contains(s));
        let migrates = migrations.iter().any(|&s| reach.contains(s));
        out.push(Main {
            file: fi,
            func,
            reach,
            serves,
            migrates,
        });
    }
    out
}

/// Something done at a site of a function.
pub(crate) type At = (FnId, Site);

/// Where servers start.
fn server_sites(model: &Model) -> Vec<At> {
    let mut out = Vec::new();
    for (fi, file) in model.rust_files() {
        for start in &file.facts.server_starts {
            if let Some(func) = start.site.func {
                out.push((model.fn_id(fi, func), start.site));
            }
        }
    }
    out
}

impl Model {
    /// For each of `targets`, whether `main` can run it in the same run as a server start:
    /// some way `main` reaches it is not on a branch apart from every way `main` reaches a
    /// server (a `migrate` subcommand beside `serve` is apart, also when the two part below
    /// `main`).
    pub(crate) fn runs_with_server(&self, main: &Main, targets: &[At]) -> Vec<bool> {
        with_server(self, main, targets, self.server_sites())
    }
}

fn with_server(model: &Model, main: &Main, targets: &[At], servers: &[At]) -> Vec<bool> {
    let entries = entries(model, main, targets, servers);
    let main_facts = &model.file(main.file).facts;
    targets
        .iter()
        .enumerate()
        .map(|(k, &at)| {
            main.reach.contains(at.0)
                && entries
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| e.targets.contains(&k))
                    .any(|(ti, t)| {
                        entries
                            .iter()
                            .enumerate()
                            .filter(|(_, e)| !e.servers.is_empty())
                            .any(|(si, s)| {
                                match (&t.reach, ti == si) {
                                    // One callee leads to both: where do they part below it?
                                    (Some(reach), true) => s
                                        .servers
                                        .iter()
                                        .any(|&j| !apart(model, reach, at, servers[j])),
                                    _ => !main_facts.exclusive_sites(t.site, s.site),
                                }
                            })
                    })
        })
        .collect()
}

/// A site of `main` — one of its calls, or a target or server start written in it — with
/// the targets and server starts (by index) it leads to.
struct Entry {
    site: Site,
    targets: Vec<usize>,
    servers: Vec<usize>,
    /// For a call, what its callee reaches (the chains below it start there).
    reach: Option<Reach>,
}

fn entries(model: &Model, main: &Main, targets: &[At], servers: &[At]) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    for (k, &(f, site)) in targets.iter().enumerate() {
        if f == main.func {
            out.push(Entry {
                site,
                targets: vec![k],
                servers: Vec::new(),
                reach: None,
            });
        }
    }
    for (j, &(f, site)) in servers.iter().enumerate() {
        if f == main.func {
            out.push(Entry {
                site,
                targets: Vec::new(),
                servers: vec![j],
                reach: None,
            });
        }
    }
    let facts = &model.file(main.file).facts;
    for &call in model.calls_of(main.func) {
        let Some(r) = model.call_target(main.file, call as usize) else {
            continue;
        };
        // One entry per callee (a trait call may reach several).
        for &t in &r.targets {
            if t == main.func {
                continue;
            }
            let reach = model.reach(t);
            let entry = Entry {
                site: facts.calls[call as usize].site,
                targets: (0..targets.len())
                    .filter(|&k| reach.contains(targets[k].0))
                    .collect(),
                servers: (0..servers.len())
                    .filter(|&j| reach.contains(servers[j].0))
                    .collect(),
                reach: Some(reach),
            };
            if !entry.targets.is_empty() || !entry.servers.is_empty() {
                out.push(entry);
            }
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
