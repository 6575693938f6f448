//! §1 and §7, the database connection: how it is opened, secured, pooled and logged, and
//! who runs migrations.

pub(crate) mod connection_pool_defaults;
pub(crate) mod database_tls_disabled;
pub(crate) mod migration_at_startup;
pub(crate) mod orm_statement_logging;

use crate::facts::{DbSetup, Setup, Site};
use crate::ids::{FileId, FnId};
use crate::model::{Model, Reach};
use crate::rules::RuleInfo;
use crate::source::Role;

pub(crate) const RULES: &[&RuleInfo] = &[
    &orm_statement_logging::RULE,
    &connection_pool_defaults::RULE,
    &database_tls_disabled::RULE,
    &migration_at_startup::RULE,
];

/// A connection pool opened: SeaORM's `Database::connect(..)` or a sqlx pool.
pub(crate) struct Connect<'m> {
    pub file: FileId,
    pub func: FnId,
    pub fact: &'m DbSetup,
    /// SeaORM given a URL rather than options.
    pub url: bool,
    /// A sqlx pool, with the settings its builder chain makes.
    pub sqlx: Option<&'m [String]>,
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
pub(crate) fn mains(model: &Model) -> Vec<Main> {
    let (mut servers, mut migrations): (Vec<FnId>, Vec<FnId>) = (Vec::new(), Vec::new());
    for (fi, file) in model.rust_files() {
        for start in &file.facts.server_starts {
            let site = start.site;
            if let Some(func) = site.func {
                servers.push(model.fn_id(fi, func));
            }
        }
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

/// Every SeaORM connection and sqlx pool opened outside test code and outside command-line
/// tools: a
/// connection only binaries reach that start no server (a migration tool, a one-off
/// import) is theirs to configure. A binary is taken for such a tool only when it runs
/// migrations, or when another binary of the workspace is seen starting a server: not
/// seeing a server start where none is seen anywhere does not make a binary a tool.
pub(crate) fn connects<'m>(model: &'m Model, mains: &[Main]) -> Vec<Connect<'m>> {
    let servers_seen = mains.iter().any(|m| m.serves);
    let tool = |m: &Main| !m.serves && (m.migrates || servers_seen);
    let servers = server_sites(model);
    let mut out: Vec<Connect<'m>> = Vec::new();
    for (fi, file) in model.rust_files() {
        for s in &file.facts.db_setup {
            let (url, sqlx) = match &s.kind {
                Setup::Connect { url } => (*url, None),
                Setup::SqlxPool { settings } => (false, Some(settings.as_slice())),
                _ => continue,
            };
            if let Some(func) = s.site.func {
                let func = model.fn_id(fi, func);
                if model.func(func).is_test || model.is_test_code(fi, s.span.line) {
                    continue;
                }
                let mut reaching = mains.iter().filter(|m| m.reach.contains(func)).peekable();
                if reaching.peek().is_some() && reaching.all(tool) {
                    continue;
                }
                // Reached by a server binary only on a branch that never serves (an admin
                // subcommand): that run is a one-off tool's.
                let serving: Vec<&Main> = mains
                    .iter()
                    .filter(|m| m.serves && m.reach.contains(func))
                    .collect();
                if !serving.is_empty()
                    && mains
                        .iter()
                        .filter(|m| !m.serves && m.reach.contains(func))
                        .all(tool)
                    && !serving
                        .iter()
                        .any(|m| with_server(model, m, &[(func, s.site)], &servers)[0])
                {
                    continue;
                }
                out.push(Connect {
                    file: fi,
                    func,
                    fact: s,
                    url,
                    sqlx,
                });
            }
        }
    }
    out
}

/// The `ConnectOptions` settings a connection given options is seen to get: those made in
/// its own function, or else in the functions that function calls (a helper that builds
/// the options). `None` when no settings are seen anywhere: the options come from
/// somewhere the checker does not follow (a parameter, a field).
pub(crate) fn settings<'m>(
    model: &'m Model,
    c: &Connect<'_>,
) -> Option<Vec<(FileId, &'m DbSetup)>> {
    let own = settings_in(model, c.func);
    if !own.is_empty() {
        return Some(own);
    }
    let reach = model.reach(c.func);
    let mut found = Vec::new();
    for (id, _) in model
        .fns()
        .filter(|&(id, _)| id != c.func && reach.contains(id))
    {
        found.extend(settings_in(model, id));
    }
    (!found.is_empty()).then_some(found)
}

/// The `ConnectOptions` setters called in function `id`.
fn settings_in(model: &Model, id: FnId) -> Vec<(FileId, &DbSetup)> {
    let file = model.fn_file(id);
    let idx = model.func_index(id);
    model
        .file(file)
        .facts
        .db_setup
        .iter()
        .filter(|s| matches!(s.kind, Setup::Option { .. }) && s.site.func == Some(idx))
        .map(|s| (file, s))
        .collect()
}

/// Whether a setter named `name` is among `settings`, and the word it was given.
pub(crate) fn setting<'a>(settings: &'a [(FileId, &DbSetup)], name: &str) -> Option<&'a str> {
    settings.iter().find_map(|(_, s)| match &s.kind {
        Setup::Option { name: n, arg } if n == name => Some(arg.as_str()),
        _ => None,
    })
}

/// Something done at a site of a function.
pub(crate) type At = (FnId, Site);

/// Where servers start.
pub(crate) fn server_sites(model: &Model) -> Vec<At> {
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

/// For each of `targets`, whether `main` can run it in the same run as a server start: some
/// way `main` reaches it is not on a branch apart from every way `main` reaches a server (a
/// `migrate` subcommand beside `serve` is apart, also when the two part below `main`).
pub(crate) fn with_server(model: &Model, main: &Main, targets: &[At], servers: &[At]) -> Vec<bool> {
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
