//! Helpers shared by the integration tests: temporary workspaces and in-process runs.

#![allow(dead_code, reason = "each test binary uses a different subset")]

use std::path::{Path, PathBuf};
use std::process::Command;

/// A throwaway workspace on disk.
pub struct Ws {
    pub dir: tempfile::TempDir,
}

impl Ws {
    /// A one-package workspace with `src/lib.rs` = `lib` and a `.gitignore` that covers `.env`.
    pub fn new(lib: &str) -> Ws {
        let ws = Ws::empty();
        ws.write("Cargo.toml", "[package]\nname = \"fixture\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[workspace]\n");
        ws.write("src/lib.rs", lib);
        ws.write(".gitignore", "/target\n.env\n");
        ws
    }

    pub fn empty() -> Ws {
        Ws {
            dir: tempfile::tempdir().expect("temporary directory"),
        }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.path(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("create directory");
        }
        std::fs::write(p, text).expect("write file");
    }

    pub fn manifest(&self) -> String {
        self.path("Cargo.toml").display().to_string()
    }

    /// Runs `git args` in the workspace.
    pub fn git(&self, args: &[&str]) {
        let ok = Command::new("git")
            .arg("-C")
            .arg(self.dir.path())
            .args([
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@t",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(args)
            .output()
            .expect("git runs")
            .status
            .success();
        assert!(ok, "git {args:?} failed");
    }

    /// `cargo harden check --manifest-path <ws> <extra>`: exit code, stdout, stderr.
    pub fn check(&self, extra: &[&str]) -> (i32, String, String) {
        let manifest = self.manifest();
        let mut args = vec![
            "cargo-harden",
            "harden",
            "check",
            "--manifest-path",
            manifest.as_str(),
        ];
        args.extend_from_slice(extra);
        run(&args)
    }

    /// Findings as JSON values (the summary line checked and left out).
    pub fn findings(&self, extra: &[&str]) -> (i32, Vec<serde_json::Value>) {
        let (code, findings, summary) = self.findings_and_summary(extra);
        assert_eq!(summary["success"], code == 0, "{summary}");
        (code, findings)
    }

    /// `--format json`: the finding lines and the final `check-finished` line.
    pub fn findings_and_summary(
        &self,
        extra: &[&str],
    ) -> (i32, Vec<serde_json::Value>, serde_json::Value) {
        let mut args = vec!["--format", "json"];
        args.extend_from_slice(extra);
        let (code, out, err) = self.check(&args);
        assert!(code != 2, "check could not run: {err}");
        let mut list: Vec<serde_json::Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
            .collect();
        let summary = list.pop().expect("a summary line");
        assert_eq!(summary["reason"], "check-finished", "last line: {summary}");
        assert!(
            list.iter().all(|f| f.get("reason").is_none()),
            "only the last line has `reason`: {out}"
        );
        (code, list, summary)
    }
}

/// Runs the CLI in-process.
pub fn run(args: &[&str]) -> (i32, String, String) {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let code = cargo_harden::run_with(args.iter().copied(), &mut out, &mut err);
    (
        code,
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
    )
}

/// Copies a fixture directory, renaming `dot-x` files to `.x`.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("fixture directory") {
        let entry = entry.expect("entry");
        let name = entry.file_name().to_string_lossy().replace("dot-", ".");
        let target = to.join(name);
        if entry.path().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}
