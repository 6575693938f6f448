//! Loading: the workspace (`cargo metadata`, or the manifests), its configuration, its Rust
//! files parsed into facts (starting while `cargo metadata` still runs), its config files,
//! and what git says about it.

mod files;
pub(crate) mod git;
mod modules;
pub(crate) mod workspace;

use std::path::{Path, PathBuf};

use crate::config::{self, Config, ConfigError};
use crate::source::{GitFacts, SourceFile};

/// Why loading failed.
pub(crate) enum LoadError {
    Usage(String),
    Config(Vec<ConfigError>),
}

/// The loaded workspace.
pub(crate) struct Loaded {
    pub root: PathBuf,
    pub files: Vec<SourceFile>,
    pub packages: Vec<String>,
    /// Per package, the workspace packages it depends on.
    pub deps: Vec<Vec<usize>>,
    pub config: Config,
    pub git: GitFacts,
    /// Things the checker could not do, said to the user.
    pub notes: Vec<String>,
}

/// Loads the workspace whose manifest is `manifest_path` (or the one above the current
/// directory); `rule_names` are the names the configuration may use.
pub(crate) fn load(
    manifest_path: Option<&Path>,
    rule_names: &[&'static str],
) -> Result<Loaded, LoadError> {
    let manifest = workspace::locate(manifest_path).map_err(LoadError::Usage)?;
    // `cargo metadata` takes a while to start: parse the files the manifests name meanwhile,
    // and read config files and git at the manifest's directory (the workspace root, unless
    // a member's manifest was given).
    let guessed_root = manifest.parent().map(Path::to_path_buf).unwrap_or_default();
    let (ws, (mut early, listing), side) = std::thread::scope(|s| {
        let ws = s.spawn(|| workspace::discover_at(&manifest));
        let side = s.spawn(|| {
            (
                files::config_files(&guessed_root),
                git::facts(&guessed_root),
            )
        });
        let early = files::parse_early(&manifest);
        let ws = ws
            .join()
            .unwrap_or_else(|_| Err("internal error while reading the workspace".into()));
        (ws, early, side.join().ok())
    });
    let ws = ws.map_err(LoadError::Usage)?;
    let mut notes = ws.notes.clone();
    let pkgs: Vec<(String, PathBuf)> = ws
        .packages
        .iter()
        .map(|p| (p.name.clone(), p.manifest.clone()))
        .collect();
    let config =
        config::load(&ws.root, &ws.manifest, &pkgs, rule_names).map_err(LoadError::Config)?;
    let exclude = config.all_excludes();
    let mut files = files::rust_files(&ws, &config, &exclude, &mut notes, &mut early, listing);
    drop_undeclared(&mut files, &mut notes);
    let (mut config_files, (git, git_files)) = match side {
        Some(side) if ws.root == guessed_root => side,
        _ => (files::config_files(&ws.root), git::facts(&ws.root)),
    };
    config_files.retain(|f| !config::excluded(&f.rel, &exclude));
    files::config_file_facts(&mut config_files, &config.secret_names);
    files.extend(config_files);
    files.extend(git_files);
    Ok(Loaded {
        root: ws.root.clone(),
        files,
        packages: ws.packages.iter().map(|p| p.name.clone()).collect(),
        deps: ws
            .packages
            .iter()
            .map(|p| {
                p.deps
                    .iter()
                    .filter_map(|d| ws.packages.iter().position(|q| &q.name == d))
                    .collect()
            })
            .collect(),
        config,
        git,
        notes,
    })
}

/// Leaves out the files no `mod` declaration reaches, and says which.
fn drop_undeclared(files: &mut Vec<SourceFile>, notes: &mut Vec<String>) {
    let undeclared = modules::undeclared(files);
    let mut dropped = Vec::new();
    let mut keep = undeclared.iter();
    files.retain(|f| {
        let gone = keep.next().copied().unwrap_or(false);
        if gone {
            dropped.push(f.rel.clone());
        }
        !gone
    });
    if let Some(first) = dropped.first() {
        let (more, them) = match dropped.len() {
            1 => (String::new(), "it"),
            n => (format!(" and {} more", n - 1), "them"),
        };
        notes.push(format!(
            "not checked: `{first}`{more}; no `mod` declaration reaches {them}, so the \
             compiler never sees {them}"
        ));
    }
}
