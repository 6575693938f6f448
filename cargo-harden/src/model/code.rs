//! Which code is test code (a module declared under `#[cfg(test)]` or a test-only feature,
//! anywhere on its path; a module named `test_utils`, `testing` and the like; `#[test]`
//! functions; `tests/`, `benches/`, `examples/`), and which
//! code may print (build scripts, command-line binaries, code before the logger exists).

use super::{FileKind, Model};
use crate::facts::MacroFact;
use crate::hash::FastMap as HashMap;
use crate::ids::FileId;
use crate::source::Role;

/// Modules that hold test support by their name, even when not `#[cfg(test)]`.
const TEST_MODULES: &[&str] = &[
    "tests",
    "test_utils",
    "test_util",
    "testutils",
    "test_helpers",
    "test_support",
    "testing",
];

/// Traits a logger is built of: their methods run inside it.
const LOGGER_TRAITS: &[&str] = &[
    "Layer",
    "Subscriber",
    "FormatEvent",
    "FormatFields",
    "MakeWriter",
    "Log",
];

/// Why printing is allowed somewhere (see `Model::may_print`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MayPrint {
    /// A build script: cargo reads its output.
    BuildScript,
    /// A command-line program: what it prints is its output.
    CommandLine,
    /// The logger's own code: logging there would re-enter it.
    InsideLogger,
    /// Code that runs before any logger exists.
    BeforeLogger,
}

#[derive(Default)]
pub(super) struct Code {
    /// Per file: the whole file is test code.
    test_file: Vec<bool>,
    /// Packages with a file that starts a server.
    server_packages: Vec<bool>,
    /// Packages that are command-line programs: no server starts in them or in a package
    /// that depends on them, and they have a binary (or only such programs depend on them).
    program_packages: Vec<bool>,
    /// Functions that start before any logger exists: `main`, and those every call of
    /// which comes before (or is) the caller's installing call, in another such function.
    no_logger_at_entry: Vec<bool>,
    /// Per function, where it first installs a logger (itself or through a call).
    first_init: Vec<Option<(u32, u32)>>,
}

impl Code {
    pub(super) fn compute(m: &Model) -> Code {
        // Modules declared as test code, by package and module path.
        let mut test_mods: HashMap<(usize, &[String]), bool> = HashMap::default();
        for f in &m.files {
            let Some(p) = f.package else { continue };
            for d in &f.facts.mods {
                let e = test_mods.entry((p, d.module.as_slice())).or_insert(false);
                *e |= d.test;
            }
        }
        let test_file = m
            .files
            .iter()
            .map(|f| {
                if f.role == Role::Test {
                    return true;
                }
                let Some(p) = f.package else { return false };
                if f.module.iter().any(|m| TEST_MODULES.contains(&m.as_str())) {
                    return true;
                }
                (1..=f.module.len()).any(|k| {
                    test_mods
                        .get(&(p, &f.module[..k]))
                        .copied()
                        .unwrap_or(false)
                })
            })
            .collect();
        let n = m.packages.len();
        let mut server_packages = vec![false; n];
        let mut has_bin = vec![false; n];
        for f in &m.files {
            let Some(p) = f.package else { continue };
            server_packages[p] |= f.facts.starts_server;
            has_bin[p] |= f.role == Role::BinRoot;
        }
        let inits = first_inits(m);
        Code {
            test_file,
            program_packages: programs(m, &server_packages, &has_bin),
            server_packages,
            no_logger_at_entry: no_logger_at_entry(m, &inits),
            first_init: inits,
        }
    }
}

/// Which packages are command-line programs (see `Code::program_packages`).
fn programs(m: &Model, serving: &[bool], has_bin: &[bool]) -> Vec<bool> {
    let n = serving.len();
    // Packages a server's code runs in.
    let mut served = serving.to_vec();
    let mut stack: Vec<usize> = (0..n).filter(|&p| serving[p]).collect();
    while let Some(p) = stack.pop() {
        for &d in m.deps.get(p).map_or(&[][..], Vec::as_slice) {
            if !served[d] {
                served[d] = true;
                stack.push(d);
            }
        }
    }
    let dependents =
        |p: usize| (0..n).filter(move |&q| m.deps.get(q).is_some_and(|d| d.contains(&p)));
    let mut program: Vec<bool> = (0..n).map(|p| !served[p] && has_bin[p]).collect();
    loop {
        let mut changed = false;
        for p in 0..n {
            if program[p] || served[p] {
                continue;
            }
            let mut users = dependents(p).peekable();
            if users.peek().is_some() && users.all(|q| program[q]) {
                program[p] = true;
                changed = true;
            }
        }
        if !changed {
            return program;
        }
    }
}

/// Where each function first installs a logger: a call that installs one itself
/// (`tracing_subscriber::fmt().init()`), or a call of a workspace function that does, at any
/// depth (`init_logging(&config)`).
fn first_inits(m: &Model) -> Vec<Option<(u32, u32)>> {
    let n = m.fns.len();
    let mut first: Vec<Option<(u32, u32)>> = vec![None; n];
    for (fi, f) in m.rust_files() {
        for (site, span) in &f.facts.logger_inits {
            if let Some(func) = site.func {
                let i = m.fn_id(fi, func).ix();
                let at = (span.line, span.column);
                first[i] = Some(first[i].map_or(at, |p| p.min(at)));
            }
        }
    }
    loop {
        let mut changed = false;
        for i in 0..n {
            let id = crate::ids::FnId::of(i);
            if first[i].is_none() {
                continue;
            }
            for &(caller, call) in m.call_sites(id) {
                let (file, _) = m.fn_location(caller);
                let span = m.file(file).facts.calls[call as usize].span;
                let at = (span.line, span.column);
                let c = caller.ix();
                if first[c].is_none_or(|p| at < p) {
                    first[c] = Some(at);
                    changed = true;
                }
            }
        }
        if !changed {
            return first;
        }
    }
}

/// Which functions start before any logger exists (see `Code::no_logger_at_entry`): a
/// `main` that installs one, and functions every call of which comes, in such a function, no later than the call
/// that installs its logger (the installing call itself runs before the logger exists).
fn no_logger_at_entry(m: &Model, first_init: &[Option<(u32, u32)>]) -> Vec<bool> {
    let n = m.fns.len();
    let mut entry: Vec<bool> = (0..n)
        .map(|i| {
            let id = crate::ids::FnId::of(i);
            let installs = first_init[i].is_some();
            if m.func(id).name == "main" {
                // A `main` that installs no logger the checker recognises may install one it
                // does not (a framework's builder): its code is taken to run with a logger,
                // unless it is a command-line binary's (its file starts no server).
                let (file, _) = m.fn_location(id);
                let src = m.file(file);
                return installs || (src.role == Role::BinRoot && !src.facts.starts_server);
            }
            // A function that installs the logger, and that nothing in the workspace calls,
            // is where some program outside it starts (a desktop shell's bootstrap): nothing
            // installs a logger twice, so none exists before it does.
            if installs {
                return m.call_sites(id).is_empty();
            }
            // A function that reads the command line with a parser from outside the workspace
            // (clap's `Cli::parse()`) and starts no server is a command-line program's entry,
            // also in a library that a binary elsewhere calls.
            let (file, idx) = m.fn_location(id);
            let src = m.file(file);
            src.facts.fns[idx as usize]
                .parses_args
                .is_some_and(|ci| m.call_target(file, ci as usize).is_none())
                && !src.facts.starts_server
        })
        .collect();
    loop {
        let mut changed = false;
        for i in 0..n {
            let id = crate::ids::FnId::of(i);
            let sites = m.call_sites(id);
            if entry[i] || sites.is_empty() {
                continue;
            }
            let all = sites.iter().all(|&(caller, call)| {
                let (file, _) = m.fn_location(caller);
                let span = m.file(file).facts.calls[call as usize].span;
                let at = (span.line, span.column);
                entry[caller.ix()] && first_init[caller.ix()].is_none_or(|init| at <= init)
            });
            if all {
                entry[i] = true;
                changed = true;
            }
        }
        if !changed {
            return entry;
        }
    }
}

impl Model {
    /// Whether line `line` of `file` is test code.
    pub(crate) fn is_test_code(&self, file: FileId, line: u32) -> bool {
        let f = &self.files[file.ix()];
        match f.kind {
            FileKind::Rust => {
                self.code.test_file[file.ix()]
                    || f.facts
                        .test_ranges
                        .iter()
                        .any(|&(a, b)| line >= a && line <= b)
            }
            _ => f.rel.split('/').any(|c| {
                matches!(
                    c,
                    "tests" | "benches" | "examples" | "fixtures" | "testdata"
                )
            }),
        }
    }

    /// Why a printing macro may print here, if it may: a build script, a command-line
    /// program (a binary whose root starts no server, a package none of whose files starts
    /// one), the logger's own code, or code that runs before the logger is installed.
    pub(crate) fn may_print(&self, file: FileId, m: &MacroFact) -> Option<MayPrint> {
        let f = &self.files[file.ix()];
        let serves = f
            .package
            .is_some_and(|p| self.code.server_packages.get(p).copied().unwrap_or(false));
        match f.role {
            Role::Build => return Some(MayPrint::BuildScript),
            Role::BinRoot if !f.facts.starts_server => return Some(MayPrint::CommandLine),
            Role::BinModule if !serves => return Some(MayPrint::CommandLine),
            _ => {}
        }
        if f.package
            .is_some_and(|p| self.code.program_packages.get(p).copied().unwrap_or(false))
        {
            return Some(MayPrint::CommandLine);
        }
        // Inside the logger itself (a `tracing` layer, a `log::Log`): logging there would
        // re-enter it, so a failure can only be printed.
        let func = &f.facts.fns[m.site.func? as usize];
        if let Some(imp) = func.impl_idx
            && f.facts.impls[imp as usize]
                .trait_
                .as_ref()
                .and_then(|t| t.last())
                .is_some_and(|t| LOGGER_TRAITS.contains(&t.as_str()))
        {
            return Some(MayPrint::InsideLogger);
        }
        // In a function that runs before any logger exists, or before the one it installs.
        let id = self.fn_id(file, m.site.func?).ix();
        let before =
            self.code.first_init[id].is_none_or(|init| (m.span.line, m.span.column) < init);
        (self.code.no_logger_at_entry[id] && before).then_some(MayPrint::BeforeLogger)
    }
}
