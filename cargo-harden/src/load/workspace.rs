//! Finds the workspace: `cargo metadata --no-deps` for packages and targets (falling back to
//! reading the manifests when cargo cannot run), then every `.rs` file of each package.

use std::path::{Path, PathBuf};

use toml::de::{DeTable, DeValue};

pub(crate) use crate::source::Role;

/// A package of the workspace.
#[derive(Clone, Debug)]
pub(crate) struct Package {
    pub name: String,
    pub manifest: PathBuf,
    pub dir: PathBuf,
    /// Binary and build-script roots, as cargo reports them.
    pub bin_roots: Vec<PathBuf>,
    pub build_roots: Vec<PathBuf>,
    /// Whether the package has a library target.
    pub has_lib: bool,
    /// The names of the packages it depends on (normal dependencies).
    pub deps: Vec<String>,
}

/// The workspace being checked.
#[derive(Clone, Debug)]
pub(crate) struct Workspace {
    pub root: PathBuf,
    pub manifest: PathBuf,
    pub packages: Vec<Package>,
    /// Things the checker could not do, said to the user.
    pub notes: Vec<String>,
}

/// A Rust file to check.
#[derive(Clone, Debug)]
pub(crate) struct RustFile {
    pub path: PathBuf,
    pub rel: String,
    pub package: usize,
    pub role: Role,
    pub module: Vec<String>,
}

/// The manifest to check: `manifest_path`, or the workspace's above the current directory.
pub(crate) fn locate(manifest_path: Option<&Path>) -> Result<PathBuf, String> {
    let manifest = match manifest_path {
        Some(p) => p.to_path_buf(),
        None => find_manifest()?,
    };
    if !manifest.is_file() {
        return Err(format!("manifest `{}` does not exist", manifest.display()));
    }
    // Absolute, as cargo reports paths: files parsed early are matched by path.
    Ok(std::path::absolute(&manifest).unwrap_or(manifest))
}

/// The workspace of `manifest`, from `cargo metadata` or, when cargo cannot run, the
/// manifests themselves.
pub(crate) fn discover_at(manifest: &Path) -> Result<Workspace, String> {
    let manifest = manifest.to_path_buf();
    let mut notes = Vec::new();
    match cargo_metadata(&manifest) {
        Ok(ws) => return Ok(ws),
        Err(e) => notes.push(format!(
            "`cargo metadata` failed ({e}); reading the manifests directly"
        )),
    }
    let mut ws = read_manifests(&manifest)?;
    ws.notes.splice(0..0, notes);
    Ok(ws)
}

fn find_manifest() -> Result<PathBuf, String> {
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?;
    let mut found = None;
    for dir in cwd.ancestors() {
        let m = dir.join("Cargo.toml");
        if m.is_file() {
            let is_ws = std::fs::read_to_string(&m).is_ok_and(|t| t.contains("[workspace]"));
            if found.is_none() || is_ws {
                found = Some(m);
            }
            if is_ws {
                break;
            }
        }
    }
    found.ok_or_else(|| {
        format!(
            "could not find `Cargo.toml` in `{}` or any parent directory",
            cwd.display()
        )
    })
}

/// The workspace as cargo sees it: `cargo metadata --no-deps --offline`, so nothing is
/// downloaded and no build script or proc macro runs.
fn cargo_metadata(manifest: &Path) -> Result<Workspace, String> {
    let mut command = cargo_metadata::MetadataCommand::new()
        .manifest_path(manifest)
        .no_deps()
        .other_options(vec!["--offline".to_string()])
        .cargo_command();
    // Not `MetadataCommand::exec`: cargo must not wait on (or read) the user's terminal.
    // Only its JSON is read: a failing cargo (or rustup proxy) need not symbolise a
    // backtrace first.
    let output = command
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| e.to_string())?;
    if !output.status.success() {
        let err = String::from_utf8_lossy(&output.stderr);
        let line = err
            .lines()
            .find(|l| l.contains("error"))
            .unwrap_or_else(|| err.lines().next().unwrap_or(""));
        return Err(line.trim().to_string());
    }
    let stdout = std::str::from_utf8(&output.stdout).map_err(|e| e.to_string())?;
    // Cargo prints the document on one line; anything else on stdout is not ours to parse.
    let json = stdout
        .lines()
        .find(|l| l.starts_with('{'))
        .ok_or("no JSON in the output")?;
    let metadata = cargo_metadata::MetadataCommand::parse(json).map_err(|e| e.to_string())?;
    Ok(from_metadata(&metadata))
}

fn from_metadata(metadata: &cargo_metadata::Metadata) -> Workspace {
    use cargo_metadata::TargetKind;
    let root = metadata.workspace_root.clone().into_std_path_buf();
    let packages = metadata
        .workspace_packages()
        .into_iter()
        .map(|p| {
            let manifest = p.manifest_path.clone().into_std_path_buf();
            let dir = manifest.parent().map(Path::to_path_buf).unwrap_or_default();
            let mut pkg = Package {
                name: p.name.to_string(),
                manifest,
                dir,
                bin_roots: Vec::new(),
                build_roots: Vec::new(),
                has_lib: false,
                deps: p
                    .dependencies
                    .iter()
                    .filter(|d| d.kind == cargo_metadata::DependencyKind::Normal)
                    .map(|d| d.name.clone())
                    .collect(),
            };
            for t in &p.targets {
                let src = t.src_path.clone().into_std_path_buf();
                if t.is_kind(TargetKind::Bin) {
                    pkg.bin_roots.push(src);
                } else if t.is_kind(TargetKind::CustomBuild) {
                    pkg.build_roots.push(src);
                } else if t.kind.iter().any(|k| {
                    matches!(
                        k,
                        TargetKind::Lib
                            | TargetKind::RLib
                            | TargetKind::DyLib
                            | TargetKind::CDyLib
                            | TargetKind::StaticLib
                            | TargetKind::ProcMacro
                    )
                }) {
                    pkg.has_lib = true;
                }
            }
            pkg
        })
        .collect();
    Workspace {
        manifest: root.join("Cargo.toml"),
        root,
        packages,
        notes: Vec::new(),
    }
}

fn read_manifests(manifest: &Path) -> Result<Workspace, String> {
    let text = std::fs::read_to_string(manifest)
        .map_err(|e| format!("cannot read `{}`: {e}", manifest.display()))?;
    let table =
        DeTable::parse(&text).map_err(|e| format!("cannot parse `{}`: {e}", manifest.display()))?;
    let root = manifest.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut ws = Workspace {
        root: root.clone(),
        manifest: manifest.to_path_buf(),
        packages: Vec::new(),
        notes: Vec::new(),
    };
    let table = table.get_ref();
    if get(table, "package").is_some() {
        ws.packages.push(package_from(manifest, table));
    }
    let members = get(table, "workspace")
        .and_then(as_table)
        .and_then(|w| get(w, "members"))
        .map(strings)
        .unwrap_or_default();
    for member in members {
        for dir in expand_member(&root, &member) {
            let m = dir.join("Cargo.toml");
            let Ok(text) = std::fs::read_to_string(&m) else {
                ws.notes.push(format!(
                    "skipped member `{member}`: cannot read `{}`",
                    m.display()
                ));
                continue;
            };
            match DeTable::parse(&text) {
                Ok(t) => ws.packages.push(package_from(&m, t.get_ref())),
                Err(e) => ws.notes.push(format!(
                    "skipped member `{member}`: {}",
                    e.to_string().lines().next().unwrap_or("")
                )),
            }
        }
    }
    if ws.packages.is_empty() && get(table, "workspace").is_none() {
        return Err(format!(
            "`{}` has neither [package] nor [workspace]",
            manifest.display()
        ));
    }
    Ok(ws)
}

fn expand_member(root: &Path, member: &str) -> Vec<PathBuf> {
    let Some(prefix) = member.strip_suffix("/*") else {
        return vec![root.join(member)];
    };
    let Ok(entries) = std::fs::read_dir(root.join(prefix)) else {
        return Vec::new();
    };
    let mut dirs: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("Cargo.toml").is_file())
        .collect();
    dirs.sort();
    dirs
}

fn package_from(manifest: &Path, table: &DeTable<'_>) -> Package {
    let dir = manifest.parent().map(Path::to_path_buf).unwrap_or_default();
    let name = get(table, "package")
        .and_then(|p| as_table(p))
        .and_then(|p| get(p, "name"))
        .and_then(|n| n.get_ref().as_str())
        .map_or_else(
            || {
                dir.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            },
            str::to_string,
        );
    // The targets cargo would find: `src/main.rs`, `src/bin/x.rs`, `src/bin/x/main.rs`,
    // and the `[[bin]]` paths.
    let mut bin_roots: Vec<PathBuf> = Some(dir.join("src/main.rs"))
        .filter(|m| m.is_file())
        .into_iter()
        .collect();
    if let Ok(entries) = std::fs::read_dir(dir.join("src/bin")) {
        for e in entries.flatten() {
            let path = e.path();
            if path.extension().is_some_and(|x| x == "rs") {
                bin_roots.push(path);
            } else if path.join("main.rs").is_file() {
                bin_roots.push(path.join("main.rs"));
            }
        }
    }
    for bin in get(table, "bin")
        .and_then(|b| b.get_ref().as_array())
        .into_iter()
        .flatten()
    {
        if let Some(path) = bin
            .get_ref()
            .as_table()
            .and_then(|t| get(t, "path"))
            .and_then(|p| p.get_ref().as_str())
        {
            bin_roots.push(dir.join(path));
        }
    }
    bin_roots.sort();
    bin_roots.dedup();
    let has_lib = get(table, "lib").is_some() || dir.join("src/lib.rs").is_file();
    // `build = "path"`, `build = false`, or `build.rs` when there is one.
    let build = get(table, "package")
        .and_then(as_table)
        .and_then(|p| get(p, "build"))
        .map(|b| b.get_ref().clone());
    let build_roots = match build {
        Some(DeValue::String(path)) => vec![dir.join(&*path)],
        Some(DeValue::Boolean(false)) => Vec::new(),
        _ => Some(dir.join("build.rs"))
            .filter(|b| b.is_file())
            .into_iter()
            .collect(),
    };
    // `name = ".."` or `renamed = { package = "name", .. }`.
    let deps = get(table, "dependencies")
        .and_then(as_table)
        .map(|t| {
            t.iter()
                .map(|(k, v)| {
                    v.get_ref()
                        .as_table()
                        .and_then(|t| get(t, "package"))
                        .and_then(|p| p.get_ref().as_str())
                        .map_or_else(|| k.get_ref().to_string(), str::to_string)
                })
                .collect()
        })
        .unwrap_or_default();
    Package {
        name,
        manifest: manifest.to_path_buf(),
        dir: dir.clone(),
        bin_roots,
        build_roots,
        has_lib,
        deps,
    }
}

pub(crate) fn get<'a, 'i>(t: &'a DeTable<'i>, key: &str) -> Option<&'a toml::Spanned<DeValue<'i>>> {
    t.iter().find(|(k, _)| k.get_ref() == key).map(|(_, v)| v)
}

pub(crate) fn as_table<'a, 'i>(v: &'a toml::Spanned<DeValue<'i>>) -> Option<&'a DeTable<'i>> {
    v.get_ref().as_table()
}

fn strings(v: &toml::Spanned<DeValue<'_>>) -> Vec<String> {
    v.get_ref()
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s.get_ref().as_str().map(str::to_string))
        .collect()
}

/// `path` relative to `root`, `/`-separated.
pub(crate) fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The Rust files the manifests name, read without cargo: what is worth parsing while
/// `cargo metadata` runs (`discover_at` has the final word).
pub(crate) fn likely_rust_files(manifest: &Path) -> Option<Listing> {
    let ws = read_manifests(manifest).ok()?;
    let mut notes = Vec::new();
    let files = rust_files(&ws, &mut notes);
    Some(Listing {
        packages: ws.packages.iter().map(ListedPackage::of).collect(),
        files,
        notes,
    })
}

/// The Rust files of a workspace as the manifests describe it, kept so that the walk is
/// not repeated when `cargo metadata` describes the same packages.
pub(crate) struct Listing {
    packages: Vec<ListedPackage>,
    pub files: Vec<RustFile>,
    pub notes: Vec<String>,
}

/// What `rust_files` reads of a package.
#[derive(PartialEq, Eq)]
struct ListedPackage {
    dir: PathBuf,
    has_lib: bool,
    bin_roots: Vec<PathBuf>,
    build_roots: Vec<PathBuf>,
}

impl ListedPackage {
    fn of(p: &Package) -> ListedPackage {
        let sorted = |v: &[PathBuf]| {
            let mut v = v.to_vec();
            v.sort();
            v
        };
        ListedPackage {
            dir: p.dir.clone(),
            has_lib: p.has_lib,
            bin_roots: sorted(&p.bin_roots),
            build_roots: sorted(&p.build_roots),
        }
    }
}

impl Listing {
    /// The listing's files for `ws`, if it has the same packages with the same targets
    /// (in any order), so that walking it again would find the same files.
    pub(crate) fn files_for(self, ws: &Workspace) -> Option<(Vec<RustFile>, Vec<String>)> {
        if self.packages.len() != ws.packages.len() {
            return None;
        }
        let mut index = Vec::with_capacity(self.packages.len());
        for listed in &self.packages {
            index.push(
                ws.packages
                    .iter()
                    .position(|p| ListedPackage::of(p) == *listed)?,
            );
        }
        let mut files = self.files;
        for f in &mut files {
            f.package = index[f.package];
        }
        Some((files, self.notes))
    }
}

/// Every `.rs` file of every package (not following symlinks, not entering `target/`, hidden
/// directories or nested packages).
pub(crate) fn rust_files(ws: &Workspace, notes: &mut Vec<String>) -> Vec<RustFile> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (idx, pkg) in ws.packages.iter().enumerate() {
        let mut files = Vec::new();
        walk(&pkg.dir, &pkg.dir, &mut files, notes, &mut |p| {
            p.extension().is_some_and(|e| e == "rs")
        });
        for path in files {
            if !seen.insert(path.clone()) {
                continue;
            }
            let in_pkg = relative(&pkg.dir, &path);
            let in_ws = relative(&ws.root, &path);
            let test_dirs = ["tests/", "benches/", "examples/"];
            let role = if pkg.build_roots.contains(&path) {
                Role::Build
            } else if pkg.bin_roots.contains(&path) {
                Role::BinRoot
            } else if test_dirs
                .iter()
                .any(|d| in_pkg.starts_with(d) || in_ws.starts_with(d))
            {
                Role::Test
            } else if !pkg.has_lib && !pkg.bin_roots.is_empty() {
                Role::BinModule
            } else {
                Role::Code
            };
            out.push(RustFile {
                rel: relative(&ws.root, &path),
                module: module_path(&in_pkg),
                path,
                package: idx,
                role,
            });
        }
    }
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    out
}

/// Config files (TOML, YAML, JSON) under the workspace root, for the hardcoded-secret scan.
pub(crate) fn config_files(root: &Path) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    walk_all(root, &mut files);
    let mut out: Vec<(PathBuf, String)> = files
        .into_iter()
        .filter(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let ext = p
                .extension()
                .map(|e| e.to_string_lossy().into_owned())
                .unwrap_or_default();
            (matches!(ext.as_str(), "toml" | "yaml" | "yml" | "json")
                && !name.ends_with(".lock")
                && name != "package-lock.json")
                || crate::source::docker_kind(&name).is_some()
        })
        .map(|p| {
            let rel = relative(root, &p);
            (p, rel)
        })
        .collect();
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

fn skip_dir(name: &str) -> bool {
    matches!(
        name,
        "target" | "node_modules" | "dist" | "vendor" | "coverage"
    ) || name.starts_with('.')
}

fn walk(
    root: &Path,
    dir: &Path,
    out: &mut Vec<PathBuf>,
    notes: &mut Vec<String>,
    want: &mut dyn FnMut(&Path) -> bool,
) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        notes.push(format!("cannot read directory `{}`", dir.display()));
        return;
    };
    let mut entries: Vec<_> = entries.flatten().collect();
    // A directory with its own manifest is another package (read from its listing, not with
    // a `stat` of each directory's `Cargo.toml`).
    if dir != root && entries.iter().any(|e| e.file_name() == "Cargo.toml") {
        return;
    }
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let path = entry.path();
        let Ok(ft) = entry.file_type() else { continue };
        let name = entry.file_name().to_string_lossy().into_owned();
        if ft.is_symlink() {
            continue;
        }
        if ft.is_dir() {
            if skip_dir(&name) {
                continue;
            }
            walk(root, &path, out, notes, want);
        } else if ft.is_file() && want(&path) {
            out.push(path);
        }
    }
}

fn walk_all(root: &Path, out: &mut Vec<PathBuf>) {
    fn go(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let Ok(ft) = entry.file_type() else { continue };
            let name = entry.file_name().to_string_lossy().into_owned();
            if ft.is_dir() && !skip_dir(&name) && depth < 32 {
                go(&entry.path(), out, depth + 1);
            } else if ft.is_file() {
                out.push(entry.path());
            }
        }
    }
    go(root, out, 0);
}

/// The module path of a file from its path inside the package (`src/a/b.rs` → `[a, b]`).
fn module_path(in_pkg: &str) -> Vec<String> {
    let Some(rest) = in_pkg.strip_prefix("src/") else {
        return Vec::new();
    };
    if rest.starts_with("bin/") {
        return Vec::new();
    }
    let rest = rest.strip_suffix(".rs").unwrap_or(rest);
    let mut parts: Vec<String> = rest.split('/').map(str::to_string).collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::{module_path, read_manifests};

    #[test]
    fn manifests_name_the_targets_cargo_would() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let root = dir.path();
        for f in ["src/main.rs", "src/bin/a.rs", "src/bin/b/main.rs", "gen.rs"] {
            std::fs::create_dir_all(root.join(f).parent().expect("parent")).expect("mkdir");
            std::fs::write(root.join(f), "fn main() {}\n").expect("write");
        }
        let manifest = root.join("Cargo.toml");
        std::fs::write(
            &manifest,
            "[package]\nname = \"app\"\nbuild = \"gen.rs\"\n\n[[bin]]\nname = \"app\"\npath = \"src/main.rs\"\n",
        )
        .expect("write");
        let ws = read_manifests(&manifest).expect("workspace");
        let p = &ws.packages[0];
        let bins = ["src/bin/a.rs", "src/bin/b/main.rs", "src/main.rs"].map(|b| root.join(b));
        assert_eq!(p.bin_roots, bins);
        assert_eq!(p.build_roots, [root.join("gen.rs")]);
        assert!(!p.has_lib);
        // No build script unless there is one.
        std::fs::write(&manifest, "[package]\nname = \"app\"\n").expect("write");
        assert!(
            read_manifests(&manifest).expect("workspace").packages[0]
                .build_roots
                .is_empty()
        );
    }

    #[test]
    fn module_paths() {
        assert_eq!(module_path("src/lib.rs"), Vec::<String>::new());
        assert_eq!(module_path("src/entities/user.rs"), ["entities", "user"]);
        assert_eq!(module_path("src/entities/mod.rs"), ["entities"]);
        assert_eq!(module_path("tests/it.rs"), Vec::<String>::new());
    }
}
