//! The files of a workspace as the checker holds them: what each is, its text and its
//! facts. Loading fills these in and the model reads them; both import them from here.

use crate::facts::FileFacts;

/// What kind of code a file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    /// Library or module code.
    Code,
    /// The root file of a binary target.
    BinRoot,
    /// A module of a package that has binaries and no library.
    BinModule,
    /// A build script.
    Build,
    /// `tests/`, `benches/`, `examples/` of a package.
    Test,
}

/// What a file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FileKind {
    Rust,
    Config,
    /// Files rules only point at (`.env`, `.gitignore`).
    Other,
    /// A Dockerfile (`Dockerfile`, `Dockerfile.prod`, `api.Dockerfile`, `Containerfile`) or a
    /// `.dockerignore`.
    Docker,
}

/// Whether a file name is a Dockerfile (`Some(false)`) or a `.dockerignore` (`Some(true)`).
pub(crate) fn docker_kind(name: &str) -> Option<bool> {
    let lower = name.to_ascii_lowercase();
    if lower == ".dockerignore" || lower.ends_with(".dockerignore") {
        return Some(true);
    }
    (lower == "dockerfile"
        || lower == "containerfile"
        || lower.starts_with("dockerfile.")
        || lower.ends_with(".dockerfile"))
    .then_some(false)
}

/// One file of the workspace and its facts.
#[derive(Debug)]
pub(crate) struct SourceFile {
    pub rel: String,
    pub text: String,
    pub kind: FileKind,
    pub role: Role,
    pub package: Option<usize>,
    pub crate_name: String,
    pub module: Vec<String>,
    pub facts: FileFacts,
}

/// Git state of the workspace root.
#[derive(Debug, Default)]
pub(crate) struct GitFacts {
    /// Tracked files (relative to the workspace root), if the workspace is a git checkout.
    pub tracked: Option<Vec<String>>,
    /// Whether git ignores `.env` at the root; `None` when git could not tell.
    pub env_ignored: Option<bool>,
}

/// `.env`, `.env.production`, but not `.env.example` and friends.
pub(crate) fn is_env_file(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let shared = [".example", ".sample", ".template", ".dist"];
    (name == ".env" || name.starts_with(".env.")) && !shared.iter().any(|s| name.ends_with(s))
}
