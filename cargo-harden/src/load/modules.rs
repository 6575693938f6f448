//! Which Rust files no `mod` declaration reaches: left-over files in `src/` that the
//! compiler never sees. Their code does not run, so nothing in them is a finding.

use std::collections::HashSet;

use crate::source::{Role, SourceFile};

/// Per file, whether it is certainly not compiled: its module's parent module has a file
/// here, every file of its package shows all its `mod` declarations, none declares this
/// module, or its parent module is itself not compiled.
///
/// Only files below `src/` (not `src/bin/`) have a module path; the roots (`lib.rs`,
/// `main.rs`, binaries, `tests/`, build scripts) are always compiled.
pub(super) fn undeclared(files: &[SourceFile]) -> Vec<bool> {
    // Per package: the module paths some file declares, the module paths that have a file,
    // and whether any file may declare modules that cannot be seen.
    let mut declared: HashSet<(usize, &[String])> = HashSet::new();
    let mut has_file: HashSet<(usize, &[String])> = HashSet::new();
    let mut unsure: HashSet<usize> = HashSet::new();
    for f in files {
        let Some(p) = f.package else { continue };
        has_file.insert((p, f.module.as_slice()));
        if f.facts.mods_unseen || f.facts.parse_error.is_some() {
            unsure.insert(p);
        }
        for d in &f.facts.mods {
            declared.insert((p, d.module.as_slice()));
        }
    }
    // Shorter module paths first, so a parent's verdict is known before its children's.
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by_key(|&i| files[i].module.len());
    let mut out = vec![false; files.len()];
    let mut dead: HashSet<(usize, &[String])> = HashSet::new();
    for i in order {
        let f = &files[i];
        let Some(p) = f.package else { continue };
        let root = matches!(f.role, Role::BinRoot | Role::Build | Role::Test);
        let Some((_, parent)) = f.module.split_last() else {
            continue;
        };
        if root || unsure.contains(&p) {
            continue;
        }
        let is_dead = dead.contains(&(p, parent))
            || (has_file.contains(&(p, parent)) && !declared.contains(&(p, f.module.as_slice())));
        if is_dead {
            dead.insert((p, f.module.as_slice()));
            out[i] = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::undeclared;
    use crate::facts::{FileFacts, ModDecl};
    use crate::source::{FileKind, Role, SourceFile};

    fn file(module: &[&str], mods: &[&[&str]], unseen: bool) -> SourceFile {
        SourceFile {
            rel: format!("src/{}.rs", module.join("/")),
            text: String::new(),
            kind: FileKind::Rust,
            role: Role::Code,
            package: Some(0),
            crate_name: "app".into(),
            module: module.iter().map(|s| s.to_string()).collect(),
            facts: FileFacts {
                mods: mods
                    .iter()
                    .map(|m| ModDecl {
                        module: m.iter().map(|s| s.to_string()).collect(),
                        test: false,
                    })
                    .collect(),
                mods_unseen: unseen,
                ..FileFacts::default()
            },
        }
    }

    #[test]
    fn a_module_nobody_declares_and_its_children_are_not_compiled() {
        let files = [
            file(&[], &[&["api"]], false),
            file(&["api"], &[&["api", "v2"]], false),
            file(&["api", "v1"], &[&["api", "v1", "library"]], false),
            file(&["api", "v1", "library"], &[], false),
            file(&["api", "v2"], &[], false),
        ];
        assert_eq!(undeclared(&files), [false, false, true, true, false]);
    }

    #[test]
    fn a_package_that_may_declare_modules_unseen_keeps_every_file() {
        let files = [file(&[], &[], true), file(&["generated"], &[], false)];
        assert_eq!(undeclared(&files), [false, false]);
    }

    #[test]
    fn a_module_whose_parent_has_no_file_here_is_kept() {
        // `[lib] path = "src/core/lib.rs"`: no file is module `[]`.
        let files = [
            file(&["core"], &[], false),
            file(&["core", "x"], &[], false),
        ];
        assert_eq!(undeclared(&files), [false, true]);
    }
}
