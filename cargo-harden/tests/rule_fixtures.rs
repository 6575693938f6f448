//! Every rule fires on its `bad` fixture (at the lines and columns in `bad.snap`) and stays
//! silent on its `good` one. Adding a rule is adding two fixtures; `HARDEN_BLESS=1`
//! rewrites the snapshots.

mod common;

use std::path::Path;

use common::{Ws, copy_dir};

fn workspace_for(case: &Path) -> Ws {
    let ws = Ws::new("");
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
            let pick = |name: &str| {
                let file = rule_dir.path().join(format!("{name}.rs"));
                if file.exists() {
                    file
                } else {
                    rule_dir.path().join(name)
                }
            };
            for (case, must_fire) in [("bad", true), ("good", false)] {
                let path = pick(case);
                if !path.exists() {
                    failures.push(format!("{rule}: missing {case} fixture"));
                    continue;
                }
                let ws = workspace_for(&path);
                let (_, all) = ws.findings(&[]);
                let mine: Vec<_> = all
                    .into_iter()
                    .filter(|f| f["rule"] == rule.as_str())
                    .collect();
                if !must_fire {
                    if !mine.is_empty() {
                        failures.push(format!(
                            "{rule}: fires on the good fixture:\n{}",
                            render(&mine)
                        ));
                    }
                    continue;
                }
                if mine.is_empty() {
                    failures.push(format!("{rule}: does not fire on the bad fixture"));
                    continue;
                }
                let got = render(&mine);
                let snap = rule_dir.path().join("bad.snap");
                if bless {
                    std::fs::write(&snap, &got).expect("write snapshot");
                } else {
                    let want = std::fs::read_to_string(&snap).unwrap_or_default();
                    if want != got {
                        failures.push(format!(
                            "{rule}: snapshot differs\n--- want\n{want}--- got\n{got}"
                        ));
                    }
                }
            }
        }
    }
    for rule in cargo_harden::rules::all() {
        if !covered.iter().any(|c| c == rule.name) {
            failures.push(format!("{}: has no fixtures", rule.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn rule_names_are_unique_kebab_case_and_documented() {
    let mut names: Vec<&str> = cargo_harden::rules::all().map(|r| r.name).collect();
    for r in cargo_harden::rules::all() {
        assert!(
            r.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{}",
            r.name
        );
        for heading in [
            "## What it flags",
            "## Why it matters",
            "## Example",
            "## Fix",
        ] {
            assert!(r.doc.contains(heading), "{} lacks `{heading}`", r.name);
        }
        assert!((0..=12).contains(&r.section));
    }
    let n = names.len();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), n, "duplicate rule names");
}
