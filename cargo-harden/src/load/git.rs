//! What git says: tracked files (for committed `.env` files), whether `.env` is ignored, and
//! the files changed since a revision.

use std::collections::HashSet;
use std::path::Path;
use std::process::Command;

use super::files::other_file;
use crate::source::is_env_file;
use crate::source::{GitFacts, SourceFile};

fn git(root: &Path, args: &[&str]) -> Option<std::process::Output> {
    Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .ok()
}

/// What git says about the workspace, and the files rules point at because of it (tracked
/// `.env` files, `.gitignore`).
pub(super) fn facts(root: &Path) -> (GitFacts, Vec<SourceFile>) {
    let mut files = Vec::new();
    let mut facts = GitFacts::default();
    if let Some(o) = git(root, &["ls-files", "-z"]).filter(|o| o.status.success()) {
        let tracked: Vec<String> = o
            .stdout
            .split(|b| *b == 0)
            .filter(|s| !s.is_empty())
            .map(|s| String::from_utf8_lossy(s).into_owned())
            .collect();
        for t in &tracked {
            if is_env_file(t) {
                files.push(other_file(t.clone(), String::new()));
            }
        }
        facts.env_ignored =
            git(root, &["check-ignore", "-q", "--no-index", ".env"]).and_then(|o| {
                match o.status.code() {
                    Some(0) => Some(true),
                    Some(1) => Some(false),
                    _ => None,
                }
            });
        facts.tracked = Some(tracked);
    }
    let gitignore = std::fs::read_to_string(root.join(".gitignore")).ok();
    if facts.tracked.is_none() {
        facts.env_ignored = gitignore.as_deref().map(|g| {
            g.lines().map(str::trim).any(|l| {
                matches!(
                    l,
                    ".env" | "/.env" | ".env*" | "/.env*" | "*.env" | "**/.env" | ".env/"
                )
            })
        });
    }
    if let Some(text) = gitignore {
        files.push(other_file(".gitignore".into(), text));
    }
    (facts, files)
}

/// The files changed since `rev` (and untracked ones), relative to the workspace root.
pub(crate) fn changed_files(root: &Path, rev: &str) -> Result<HashSet<String>, String> {
    if rev.starts_with('-') {
        return Err(format!("--changed-since: `{rev}` is not a revision"));
    }
    let diff = git(root, &["diff", "--name-only", "--relative", rev, "--"])
        .ok_or("--changed-since: cannot run git")?;
    if !diff.status.success() {
        let err = String::from_utf8_lossy(&diff.stderr);
        return Err(format!(
            "--changed-since {rev}: {}",
            err.lines().next().unwrap_or("git diff failed")
        ));
    }
    let mut out: HashSet<String> = String::from_utf8_lossy(&diff.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    if let Some(o) = git(root, &["ls-files", "--others", "--exclude-standard"]) {
        out.extend(
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .map(str::to_string),
        );
    }
    Ok(out)
}
