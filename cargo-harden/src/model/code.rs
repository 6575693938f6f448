//! Which code is test code (a module declared under `#[cfg(test)]` or a test-only feature,
//! anywhere on its path; a module named `test_utils`, `testing` and the like; `#[test]`
//! functions; `tests/`, `benches/`, `examples/`), and which
//! code may print (build scripts, command-line binaries, code before the logger exists).

use super::{FileKind, Model};
use crate::facts::MacroFact;
use crate::hash::FastMap as HashMap;
use crate::ids::FileId;
use crate::load::Role;

/// Modules that hold test support by their name, even when not `#[cfg(test)]`.
const TEST_MODULES: &[&str] = &[
    "test_utils",
    "test_util",
    "testutils",
    "test_helpers",
    "test_support",
    "testing",
];

#[derive(Default)]
pub(super) struct Code {
    /// Per file: the whole file is test code.
    test_file: Vec<bool>,
    /// Packages with a file that starts a server.
    server_packages: Vec<bool>,
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
        let mut server_packages = vec![false; m.packages.len()];
        for f in &m.files {
            if f.facts.starts_server
                && let Some(p) = f.package
            {
                server_packages[p] = true;
            }
        }
        Code {
            test_file,
            server_packages,
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
    /// binary (its root starts no server, or it belongs to a package none of whose files
    /// starts one), or `main` before it installs a logger.
    pub(crate) fn may_print(&self, file: FileId, m: &MacroFact) -> Option<&'static str> {
        let f = &self.files[file.ix()];
        let serves = f
            .package
            .is_some_and(|p| self.code.server_packages.get(p).copied().unwrap_or(false));
        match f.role {
            Role::Build => return Some("build script"),
            Role::BinRoot if !f.facts.starts_server => return Some("command-line binary"),
            Role::BinModule if !serves => return Some("command-line binary"),
            _ => {}
        }
        // In `main`, before the first logger is installed there.
        let func = m.site.func?;
        if f.facts.fns[func as usize].name != "main" {
            return None;
        }
        let first_init = f
            .facts
            .logger_inits
            .iter()
            .filter(|(site, _)| site.func == Some(func))
            .map(|(_, span)| (span.line, span.column))
            .min();
        match first_init {
            Some(init) if (m.span.line, m.span.column) < init => {
                Some("before the logger is installed")
            }
            _ => None,
        }
    }
}
