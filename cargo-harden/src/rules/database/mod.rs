//! §1 and §7, the database connection: how it is opened, secured, pooled and logged, and
//! who runs migrations.

pub(crate) mod connection_pool_defaults;
pub(crate) mod database_tls_disabled;
pub(crate) mod migration_at_startup;
pub(crate) mod orm_statement_logging;

use crate::facts::{DbSetup, Setup};
use crate::ids::{FileId, FnId};
use crate::model::{Main, Model};
use crate::rules::RuleInfo;

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

/// Every SeaORM connection and sqlx pool opened outside test code and outside command-line
/// tools: a
/// connection only binaries reach that start no server (a migration tool, a one-off
/// import) is theirs to configure. A binary is taken for such a tool only when it runs
/// migrations, or when another binary of the workspace is seen starting a server: not
/// seeing a server start where none is seen anywhere does not make a binary a tool.
pub(crate) fn connects<'m>(model: &'m Model) -> Vec<Connect<'m>> {
    let mains = model.mains();
    let servers_seen = mains.iter().any(|m| m.serves);
    let tool = |m: &Main| !m.serves && (m.migrates || servers_seen);
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
                        .any(|m| model.runs_with_server(m, &[(func, s.site)])[0])
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
