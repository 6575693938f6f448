//! Every rule fires on its `bad` fixtures (at the lines and columns in `bad*.snap`) and
//! stays silent on its `good` ones. A fixture is a file (`bad.rs`, `good-linked-scope.rs`)
//! that becomes `src/lib.rs`, or a directory holding a whole workspace. Adding a rule is
//! adding two fixtures; a false positive found later gets one more `good-*` fixture.
//! `HARDEN_BLESS=1` rewrites the snapshots.

mod common;

use std::path::Path;

use common::{Ws, copy_dir};

fn workspace_for(case: &Path) -> Ws {
    // A directory with its own `Cargo.toml` is a whole workspace; any other directory is
    // laid over the default one-package workspace.
    let ws = if case.join("Cargo.toml").is_file() {
        Ws::empty()
    } else {
        Ws::new("")
    };
    if case.is_dir() {
        copy_dir(case, ws.dir.path());
    } else {
        ws.write(
            "src/lib.rs",
            &std::fs::read_to_string(case).expect("fixture"),
        );
    }
    ws.git(&["init", "-q"]);
    ws.git(&["add", "-A", "-f"]);
    ws
}

fn render(findings: &[serde_json::Value]) -> String {
    findings
        .iter()
        .map(|f| {
            format!(
                "{}:{}-{}:{} {} {}\n",
                f["line"],
                f["column"],
                f["end_line"],
                f["end_column"],
                f["level"].as_str().unwrap_or(""),
                f["message"].as_str().unwrap_or("")
            )
        })
        .collect()
}

#[test]
fn every_rule_fires_on_bad_and_not_on_good_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let bless = std::env::var_os("HARDEN_BLESS").is_some();
    let mut failures = Vec::new();
    let mut covered = Vec::new();
    for family in std::fs::read_dir(&root).expect("fixtures").flatten() {
        for rule_dir in std::fs::read_dir(family.path()).expect("family").flatten() {
            let rule = rule_dir.file_name().to_string_lossy().into_owned();
            covered.push(rule.clone());
            let mut cases: Vec<(std::path::PathBuf, String, bool)> = Vec::new();
            for entry in std::fs::read_dir(rule_dir.path()).expect("rule").flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                let path = entry.path();
                let stem = match name.strip_suffix(".rs") {
                    Some(stem) => stem.to_string(),
                    None if path.is_dir() => name.clone(),
                    None => continue,
                };
                if stem.starts_with("bad") {
                    cases.push((path, stem, true));
                } else if stem.starts_with("good") {
                    cases.push((path, stem, false));
                }
            }
            cases.sort();
            for case in ["bad", "good"] {
                if !cases.iter().any(|(_, stem, _)| stem == case) {
                    failures.push(format!("{rule}: missing {case} fixture"));
                }
            }
            for (path, stem, must_fire) in cases {
                let ws = workspace_for(&path);
                let (_, all) = ws.findings(&[]);
                let mine: Vec<_> = all
                    .into_iter()
                    .filter(|f| f["rule"] == rule.as_str())
                    .collect();
                if !must_fire {
                    if !mine.is_empty() {
                        failures.push(format!(
                            "{rule}: fires on the quiet fixture `{stem}`:\n{}",
                            render(&mine)
                        ));
                    }
                    continue;
                }
                if mine.is_empty() {
                    failures.push(format!("{rule}: does not fire on `{stem}`"));
                    continue;
                }
                let got = render(&mine);
                let snap = rule_dir.path().join(format!("{stem}.snap"));
                if bless {
                    std::fs::write(&snap, &got).expect("write snapshot");
                } else {
                    let want = std::fs::read_to_string(&snap).unwrap_or_default();
                    if want != got {
                        failures.push(format!(
                            "{rule}: `{stem}` snapshot differs\n--- want\n{want}--- got\n{got}"
                        ));
                    }
                }
            }
        }
    }
    for rule in cargo_harden::rules::all() {
        if !covered.iter().any(|c| c == rule.name()) {
            failures.push(format!("{}: has no fixtures", rule.name()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn rule_names_are_unique_kebab_case_and_documented() {
    let mut names: Vec<&str> = cargo_harden::rules::all().map(|r| r.name()).collect();
    for r in cargo_harden::rules::all() {
        assert!(
            r.name().chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{}",
            r.name()
        );
        for heading in [
            "## What it flags",
            "## Why it matters",
            "## Example",
            "## Fix",
        ] {
            assert!(r.doc.contains(heading), "{} lacks `{heading}`", r.name());
        }
        assert!((0..=12).contains(&r.section));
    }
    let n = names.len();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), n, "duplicate rule names");
}
