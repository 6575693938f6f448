//! The command line, driven in-process: exit codes, formats, configuration errors,
//! suppressions, baselines and `--changed-since`.

mod common;

use common::{Ws, run};

const BAD: &str = "pub fn f() {\n    dbg!(1);\n}\n";
const CLEAN: &str = "pub fn f() -> u32 {\n    1\n}\n";

#[test]
fn exit_code_is_0_without_errors_and_1_with_errors() {
    assert_eq!(Ws::new(CLEAN).check(&[]).0, 0);
    let (code, out, _) = Ws::new(BAD).check(&[]);
    assert_eq!(code, 1);
    assert!(out.contains("error[dbg-macro]"), "{out}");
    assert!(out.contains("src/lib.rs:2:5"), "{out}");
}

#[test]
fn warnings_alone_do_not_fail() {
    let (code, out, _) = Ws::new("// TODO: later\npub fn f() {}\n").check(&[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("warning[todo-comment]"), "{out}");
}

#[test]
fn exit_code_is_2_when_it_cannot_run() {
    assert_eq!(
        run(&[
            "cargo-harden",
            "check",
            "--manifest-path",
            "/nonexistent/Cargo.toml"
        ])
        .0,
        2
    );
    assert_eq!(run(&["cargo-harden", "check", "--bogus"]).0, 2);
    assert_eq!(run(&["cargo-harden", "frobnicate"]).0, 2);
    assert_eq!(run(&["cargo-harden"]).0, 2);
    let ws = Ws::new(CLEAN);
    let (code, _, err) = ws.check(&["--format", "xml"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("invalid value 'xml' for '--format <FMT>'")
            && err.contains("[possible values: human, json, sarif, github]"),
        "{err}"
    );
    for spelling in [
        &["-D", "dbg-macros"][..],
        &["-Ddbg-macros"],
        &["--deny=dbg-macros"],
        &["--warn", "dbg-macros"],
        &["-A", "dbg-macros"],
    ] {
        let (code, _, err) = ws.check(spelling);
        assert_eq!(code, 2, "{spelling:?}");
        assert!(err.contains("did you mean `dbg-macro`"), "{err}");
    }
    let (code, _, err) = run(&["cargo-harden", "harden", "chek"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("a similar subcommand exists: 'check'"),
        "{err}"
    );
}

#[test]
fn level_flags_override_defaults() {
    let ws = Ws::new(BAD);
    assert_eq!(ws.check(&["-A", "dbg-macro"]).0, 0);
    assert_eq!(ws.check(&["-W", "dbg-macro"]).0, 0);
    assert_eq!(ws.check(&["--allow=dbg-macro"]).0, 0);
    let todo = Ws::new("// TODO: later\npub fn f() {}\n");
    assert_eq!(todo.check(&["-D", "todo-comment"]).0, 1);
    assert_eq!(todo.check(&["-Dtodo-comment"]).0, 1);
    assert_eq!(todo.check(&["--deny", "todo-comment"]).0, 1);
    // For one rule, the last level given wins, whichever flags were used.
    assert_eq!(ws.check(&["-A", "dbg-macro", "-D", "dbg-macro"]).0, 1);
    assert_eq!(ws.check(&["-D", "dbg-macro", "--allow", "dbg-macro"]).0, 0);
    assert_eq!(
        ws.check(&["-Wdbg-macro", "-D", "todo-comment", "-Adbg-macro"])
            .0,
        0
    );
    let (code, findings) = ws.findings(&["--allow", "dbg-macro", "-W", "dbg-macro"]);
    assert_eq!(code, 0);
    assert_eq!(findings[0]["level"], "warning");
}

#[test]
fn json_has_exactly_the_documented_fields() {
    let (code, findings) = Ws::new(BAD).findings(&[]);
    assert_eq!(code, 1);
    assert_eq!(findings.len(), 1);
    let f = &findings[0];
    let mut keys: Vec<&str> = f
        .as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "column",
            "end_column",
            "end_line",
            "file",
            "fingerprint",
            "help",
            "level",
            "line",
            "message",
            "rule",
            "section"
        ]
    );
    assert_eq!(f["rule"], "dbg-macro");
    assert_eq!(f["level"], "error");
    assert_eq!(f["section"], 12);
    assert_eq!(f["file"], "src/lib.rs");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(2), Some(5))
    );
    assert_eq!(
        (f["end_line"].as_u64(), f["end_column"].as_u64()),
        (Some(2), Some(12))
    );
}

#[test]
fn sarif_has_the_code_scanning_shape() {
    let (code, out, _) = Ws::new(BAD).check(&["--format", "sarif"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("SARIF is JSON");
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "cargo-harden");
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let result = &run["results"][0];
    let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
    assert_eq!(rules[index]["id"], "dbg-macro");
    assert!(rules[index]["properties"]["security-severity"].is_string());
    assert_eq!(result["level"], "error");
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(2), Some(5))
    );
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "src/lib.rs"
    );
    assert!(result["partialFingerprints"]["primaryLocationLineHash"].is_string());
}

#[test]
fn github_format_writes_workflow_annotations() {
    let (code, out, _) = Ws::new(BAD).check(&["--format", "github"]);
    assert_eq!(code, 1);
    assert!(out.starts_with("::error file=src/lib.rs,line=2,col=5,endLine=2,endColumn=12,title=cargo harden%3A dbg-macro::"), "{out}");
}

#[test]
fn config_errors_name_the_closest_key_and_rule() {
    let ws = Ws::new(CLEAN);
    ws.write(
        "Cargo.toml",
        "[package]\nname = \"fixture\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[workspace]\n\n[workspace.metadata.harden]\nexlude = [\"gen\"]\nrules = { dbg-macros = \"error\", todo-comment = \"loud\" }\n",
    );
    let (code, _, err) = ws.check(&[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("unknown key `exlude`"), "{err}");
    assert!(err.contains("did you mean `exclude`?"), "{err}");
    assert!(err.contains("unknown rule `dbg-macros`"), "{err}");
    assert!(err.contains("did you mean `dbg-macro`?"), "{err}");
    assert!(err.contains("invalid level for `todo-comment`"), "{err}");
    assert!(err.contains("Cargo.toml:9:1"), "{err}");
}

#[test]
fn config_sets_levels_and_excludes() {
    let ws = Ws::new(BAD);
    ws.write("src/gen/big.rs", "pub fn g() { dbg!(2); }\n");
    ws.write(
        "Cargo.toml",
        "[package]\nname = \"fixture\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[workspace]\n\n[workspace.metadata.harden]\nexclude = [\"src/gen\"]\nrules = { dbg-macro = \"warning\" }\n",
    );
    let (code, findings) = ws.findings(&[]);
    assert_eq!(code, 0);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0]["level"], "warning");
    assert_eq!(findings[0]["file"], "src/lib.rs");
}

#[test]
fn test_bodies_are_checked_only_when_asked() {
    const LIB: &str = "pub fn f() {}\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn t() {\n        dbg!(1);\n        // harden:allow(todo-macro): matched by nothing, but test bodies are not read\n        let _ = 2;\n    }\n}\n";
    let ws = Ws::new(LIB);
    let (code, findings) = ws.findings(&[]);
    assert_eq!((code, findings.len()), (0, 0), "{findings:?}");
    // With `include-tests`, the test body is read after all: its `dbg!` and its stale
    // suppression are reported.
    ws.write(
        "Cargo.toml",
        "[package]\nname = \"fixture\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[workspace]\n\n[workspace.metadata.harden]\ninclude-tests = true\n",
    );
    let (_, findings) = ws.findings(&[]);
    let rules: Vec<&str> = findings.iter().filter_map(|f| f["rule"].as_str()).collect();
    assert_eq!(rules, ["dbg-macro", "stale-suppression"], "{findings:?}");
}

#[test]
fn test_modules_are_parsed_only_when_tests_are_checked() {
    // A test module's body is not parsed by default: what does not parse there is not a
    // finding, and the code after it keeps its lines.
    const LIB: &str = "#[cfg(test)]\n#[allow(unused)]\npub(crate) mod tests {\n    fn helper() {\n        let s = \"}\";\n        this does not parse\n    }\n}\n\npub fn g() {\n    dbg!(2);\n}\n";
    let ws = Ws::new(LIB);
    let (code, findings) = ws.findings(&[]);
    let got: Vec<(&str, u64)> = findings
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or(""),
                f["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!((code, got), (1, vec![("dbg-macro", 11)]), "{findings:?}");
    ws.write(
        "Cargo.toml",
        "[package]\nname = \"fixture\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[workspace]\n\n[workspace.metadata.harden]\ninclude-tests = true\n",
    );
    let (_, findings) = ws.findings(&[]);
    let rules: Vec<&str> = findings.iter().filter_map(|f| f["rule"].as_str()).collect();
    assert_eq!(rules, ["parse-error"], "{findings:?}");
}

#[test]
fn suppression_with_reason_silences_the_finding() {
    let ws = Ws::new(
        "pub fn f() {\n    // harden:allow(dbg-macro): kept while chasing issue 12\n    dbg!(1);\n}\n",
    );
    let (code, findings) = ws.findings(&[]);
    assert_eq!((code, findings.len()), (0, 0), "{findings:?}");
    let trailing =
        Ws::new("pub fn f() {\n    dbg!(1); // harden:allow(dbg-macro): kept on purpose\n}\n");
    assert_eq!(trailing.findings(&[]).1.len(), 0);
    let item = Ws::new(
        "#[harden_runtime::allow(dbg-macro, reason = \"debug helper\")]\npub fn f() {\n    dbg!(1);\n}\n",
    );
    assert_eq!(item.findings(&[]).1.len(), 0);
}

#[test]
fn suppression_without_reason_is_reported_and_does_not_suppress() {
    let ws = Ws::new("pub fn f() {\n    // harden:allow(dbg-macro)\n    dbg!(1);\n}\n");
    let (code, findings) = ws.findings(&[]);
    assert_eq!(code, 1);
    let rules: Vec<&str> = findings.iter().filter_map(|f| f["rule"].as_str()).collect();
    assert_eq!(rules, ["suppression-without-reason", "dbg-macro"]);
}

#[test]
fn stale_suppression_is_reported() {
    let ws =
        Ws::new("pub fn f() -> u32 {\n    // harden:allow(dbg-macro): was needed once\n    1\n}\n");
    let (code, findings) = ws.findings(&[]);
    assert_eq!(code, 0);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0]["rule"], "stale-suppression");
    assert_eq!(findings[0]["line"], 2);
}

#[test]
fn baseline_survives_an_inserted_blank_line() {
    let ws = Ws::new(BAD);
    let baseline = ws.path("harden-baseline.json").display().to_string();
    let (code, _, err) = ws.check(&["--write-baseline", &baseline]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(ws.check(&["--baseline", &baseline]).0, 0);
    ws.write("src/lib.rs", &format!("\n\n{BAD}"));
    let (code, findings) = ws.findings(&["--baseline", &baseline]);
    assert_eq!((code, findings.len()), (0, 0));
    // A new finding is still reported.
    ws.write(
        "src/lib.rs",
        &format!("{BAD}pub fn g() {{\n    dbg!(2);\n}}\n"),
    );
    let (code, findings) = ws.findings(&["--baseline", &baseline]);
    assert_eq!(code, 1);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0]["line"], 5);
}

#[test]
fn missing_baseline_is_an_error() {
    let ws = Ws::new(CLEAN);
    assert_eq!(ws.check(&["--baseline", "/nonexistent/baseline.json"]).0, 2);
}

#[test]
fn changed_since_reports_only_changed_files() {
    let ws = Ws::new(&format!("mod other;\n{BAD}"));
    ws.write("src/other.rs", CLEAN);
    ws.git(&["init", "-q"]);
    ws.git(&["add", "-A"]);
    ws.git(&["commit", "-q", "-m", "initial"]);
    let (code, findings) = ws.findings(&["--changed-since", "HEAD"]);
    assert_eq!((code, findings.len()), (0, 0));
    ws.write("src/other.rs", "pub fn g() {\n    todo!()\n}\n");
    let (code, findings) = ws.findings(&["--changed-since", "HEAD"]);
    assert_eq!(code, 1);
    let files: Vec<&str> = findings.iter().filter_map(|f| f["file"].as_str()).collect();
    assert_eq!(files, ["src/other.rs"]);
    assert_eq!(ws.check(&["--changed-since", "no-such-rev"]).0, 2);
}

#[test]
fn unparsable_file_is_a_finding_and_the_rest_is_checked() {
    let ws = Ws::new("mod broken;\nmod fine;\n");
    ws.write("src/broken.rs", "pub fn f( {\n");
    ws.write("src/fine.rs", BAD);
    ws.write("src/latin1.rs", "");
    std::fs::write(ws.path("src/latin1.rs"), b"// caf\xe9\npub fn f() {}\n").expect("write");
    let (code, findings) = ws.findings(&[]);
    assert_eq!(code, 1);
    let got: Vec<(&str, &str)> = findings
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or(""),
                f["file"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert!(got.contains(&("parse-error", "src/broken.rs")), "{got:?}");
    assert!(got.contains(&("parse-error", "src/latin1.rs")), "{got:?}");
    assert!(got.contains(&("dbg-macro", "src/fine.rs")), "{got:?}");
}

#[test]
fn files_no_mod_declaration_reaches_are_left_out_and_named() {
    let ws = Ws::new("mod api;\n");
    ws.write("src/api/mod.rs", "mod v2;\n");
    ws.write("src/api/v2.rs", BAD);
    // Left over from before a move: never compiled, so nothing in them runs.
    ws.write("src/api/v1/mod.rs", "mod library;\n");
    ws.write("src/api/v1/library.rs", "pub fn f() {\n    todo!()\n}\n");
    ws.write("src/old.rs", "pub fn g() {\n    dbg!(2);\n}\n");
    let (code, out, err) = ws.check(&[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("src/api/v2.rs:2:5"), "{out}");
    assert!(
        !out.contains("todo-macro") && !out.contains("src/old.rs"),
        "{out}"
    );
    let said = format!("{out}{err}");
    assert!(
        said.contains(
            "not checked: `src/api/v1/library.rs` and 2 more; no `mod` declaration reaches them"
        ),
        "{said}"
    );
    // A macro that may declare modules (`cfg_if!`) leaves every file in.
    ws.write(
        "src/lib.rs",
        "mod api;\ncfg_if::cfg_if! { if #[cfg(unix)] { mod old; } }\n",
    );
    let (_, out, err) = ws.check(&[]);
    assert!(out.contains("src/old.rs:2:5"), "{out}{err}");
}

#[test]
fn works_when_cargo_cannot_load_the_workspace() {
    let ws = Ws::new(BAD);
    ws.write(
        "rust-toolchain.toml",
        "[toolchain]\nchannel = \"1.20.0-not-installed\"\n",
    );
    ws.write(
        "Cargo.toml",
        "[workspace]\nmembers = [\"app\", \"broken\"]\n",
    );
    ws.write(
        "app/Cargo.toml",
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2024\"\nthis is not toml\n",
    );
    ws.write(
        "app/Cargo.toml",
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2024\"\n",
    );
    ws.write("app/src/lib.rs", BAD);
    ws.write("broken/Cargo.toml", "[package\n");
    let (code, out, err) = ws.check(&["--format", "json"]);
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("\"file\":\"app/src/lib.rs\""), "{out}");
    assert!(
        err.contains("`cargo metadata` failed") && err.contains("reading the manifests directly"),
        "{err}"
    );
    assert!(err.contains("skipped member `broken`"), "{err}");
}

#[test]
fn workspace_comes_from_cargo_metadata_when_cargo_runs() {
    // Only cargo knows that `exclude` takes `crates/skipped` out of `crates/*`.
    let ws = Ws::empty();
    ws.write(
        "Cargo.toml",
        "[workspace]\nmembers = [\"crates/*\"]\nexclude = [\"crates/skipped\"]\n",
    );
    ws.write(".gitignore", "/target\n.env\n");
    for p in ["kept", "skipped"] {
        ws.write(
            &format!("crates/{p}/Cargo.toml"),
            &format!("[package]\nname = \"{p}\"\nversion = \"0.1.0\"\nedition = \"2024\"\n"),
        );
        ws.write(&format!("crates/{p}/src/lib.rs"), BAD);
    }
    let (code, out, err) = ws.check(&["--format", "json"]);
    assert_eq!(code, 1, "{err}");
    assert!(!err.contains("cargo metadata"), "{err}");
    assert!(out.contains("\"file\":\"crates/kept/src/lib.rs\""), "{out}");
    assert!(!out.contains("crates/skipped"), "{out}");
}

#[test]
fn package_filter_limits_the_report() {
    let ws = Ws::empty();
    ws.write("Cargo.toml", "[workspace]\nmembers = [\"a\", \"b\"]\n");
    for p in ["a", "b"] {
        ws.write(
            &format!("{p}/Cargo.toml"),
            &format!("[package]\nname = \"{p}\"\nversion = \"0.1.0\"\nedition = \"2024\"\n"),
        );
        ws.write(&format!("{p}/src/lib.rs"), BAD);
    }
    let (_, findings) = ws.findings(&["-p", "b"]);
    let files: Vec<&str> = findings.iter().filter_map(|f| f["file"].as_str()).collect();
    assert_eq!(files, ["b/src/lib.rs"]);
    assert_eq!(ws.check(&["-p", "c"]).0, 2);
}

#[test]
fn rules_and_explain_and_init() {
    let (code, out, _) = run(&["cargo-harden", "harden", "rules"]);
    assert_eq!(code, 0);
    assert!(out.contains("unfiltered-soft-delete-read"), "{out}");
    let (code, out, _) = run(&["cargo-harden", "explain", "secret-in-log"]);
    assert_eq!(code, 0);
    for heading in [
        "## What it flags",
        "## Why it matters",
        "## Example",
        "## Fix",
    ] {
        assert!(out.contains(heading), "{out}");
    }
    let (code, _, err) = run(&["cargo-harden", "explain", "secret-in-logs"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `secret-in-log`"), "{err}");
    let ws = Ws::new(CLEAN);
    let manifest = ws.manifest();
    assert_eq!(
        run(&["cargo-harden", "init", "--manifest-path", &manifest]).0,
        0
    );
    let text = std::fs::read_to_string(ws.path("Cargo.toml")).expect("manifest");
    assert!(text.contains("[workspace.metadata.harden]"), "{text}");
    // The written config is valid.
    assert_eq!(ws.check(&[]).0, 0);
}

#[test]
fn help_lists_the_interface() {
    let (code, out, _) = run(&["cargo-harden", "--help"]);
    assert_eq!(code, 0);
    for sub in ["check", "rules", "explain", "init", "completions"] {
        assert!(out.contains(&format!("\n  {sub} ")), "{sub}: {out}");
    }
    let (code, out, _) = run(&["cargo-harden", "check", "--help"]);
    assert_eq!(code, 0);
    for needle in [
        "--manifest-path <PATH>",
        "-p, --package <NAME>",
        "--format <FMT>",
        "--changed-since <GIT_REV>",
        "--baseline <FILE>",
        "--write-baseline <FILE>",
        "-D, --deny <RULE>",
        "-W, --warn <RULE>",
        "-A, --allow <RULE>",
    ] {
        assert!(out.contains(needle), "{needle}: {out}");
    }
}

#[test]
fn rules_init_and_explain_help_exit_0() {
    for sub in ["rules", "init", "explain", "check", "completions"] {
        let (code, out, err) = run(&["cargo-harden", "harden", sub, "--help"]);
        assert_eq!((code, err.as_str()), (0, ""), "{sub} --help");
        assert!(out.contains(&format!("Usage: cargo harden {sub}")), "{out}");
    }
}

#[test]
fn summary_says_file_and_files() {
    let (code, out, _) = Ws::new(CLEAN).check(&[]);
    assert_eq!(code, 0);
    assert!(
        out.ends_with("cargo harden: no findings in 1 file\n"),
        "{out}"
    );
    let (_, out, _) = Ws::new(BAD).check(&[]);
    assert!(
        out.ends_with("cargo harden: 1 error, 0 warnings, 0 notes in 1 file checked\n"),
        "{out}"
    );
    let two = Ws::new("mod other;\n");
    two.write("src/other.rs", CLEAN);
    let (_, out, _) = two.check(&[]);
    assert!(out.ends_with("no findings in 2 files\n"), "{out}");
}

#[test]
fn baseline_runs_say_how_many_findings_they_recorded_and_hid() {
    let ws = Ws::new("pub fn f() {\n    dbg!(1);\n    dbg!(2);\n}\n");
    let baseline = ws.path("harden-baseline.json").display().to_string();
    let (code, out, err) = ws.check(&["--write-baseline", &baseline]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(&format!("wrote 2 findings to the baseline `{baseline}`")),
        "{err}"
    );
    assert_eq!(out, "");
    let (code, out, _) = ws.check(&["--baseline", &baseline]);
    assert_eq!(code, 0);
    assert!(
        out.ends_with("no findings in 1 file; the baseline hid 2 findings\n"),
        "{out}"
    );
    let (code, findings, summary) = ws.findings_and_summary(&["--baseline", &baseline]);
    assert_eq!((code, findings.len()), (0, 0));
    assert_eq!(summary["baselined"], 2);
    let (_, _, err) = ws.check(&["--baseline", &baseline, "--format", "sarif"]);
    assert!(err.contains("the baseline hid 2 findings"), "{err}");
    // Without a baseline nothing is said about one.
    let (_, out, _) = ws.check(&[]);
    assert!(!out.contains("baseline"), "{out}");
    ws.write("src/lib.rs", "pub fn f() {\n    dbg!(1);\n}\n");
    let (_, out, _) = ws.check(&["--baseline", &baseline]);
    assert!(out.ends_with("; the baseline hid 1 finding\n"), "{out}");
}

#[test]
fn json_ends_with_a_summary_line_even_when_clean() {
    let (code, out, _) = Ws::new(CLEAN).check(&["--format", "json"]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1, "{out}");
    let summary: serde_json::Value = serde_json::from_str(lines[0]).expect("JSON");
    assert_eq!(
        summary,
        serde_json::json!({
            "reason": "check-finished",
            "success": true,
            "errors": 0,
            "warnings": 0,
            "notes": 0,
            "files_checked": 1,
            "baselined": 0,
        })
    );
    let (code, findings, summary) =
        Ws::new("// TODO: later\npub fn f() {\n    dbg!(1);\n}\n").findings_and_summary(&[]);
    assert_eq!(code, 1);
    assert_eq!(findings.len(), 2);
    assert_eq!(summary["success"], false);
    assert_eq!(
        (summary["errors"].as_u64(), summary["warnings"].as_u64()),
        (Some(1), Some(1))
    );
}

/// Uncomments every `# key = value` line `init` wrote, so the check reads every key.
fn uncomment_all(ws: &Ws, rel: &str) -> String {
    let text = std::fs::read_to_string(ws.path(rel)).expect("manifest");
    let at = text
        .find("# cargo harden:")
        .expect("init wrote its section");
    let tail: Vec<String> = text[at..]
        .lines()
        .map(|l| match l.strip_prefix("# ") {
            Some(kv) if kv.split_once(" = ").is_some_and(|(k, _)| !k.contains(' ')) => {
                kv.to_string()
            }
            _ => l.to_string(),
        })
        .collect();
    let text = format!("{}{}\n", &text[..at], tail.join("\n"));
    ws.write(rel, &text);
    text
}

#[test]
fn init_writes_only_keys_the_check_accepts() {
    // The workspace root: every key, in `[workspace.metadata.harden]`.
    let ws = Ws::new(CLEAN);
    let manifest = ws.manifest();
    let (code, out, err) = run(&[
        "cargo-harden",
        "harden",
        "init",
        "--manifest-path",
        &manifest,
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("added `[workspace.metadata.harden]`"), "{out}");
    assert_eq!(ws.check(&[]).0, 0, "init's commented config is valid");
    let text = uncomment_all(&ws, "Cargo.toml");
    for key in [
        "rules =",
        "exclude =",
        "secret-names =",
        "service-patterns =",
    ] {
        assert!(text.contains(&format!("\n{key}")), "{key}: {text}");
    }
    let (code, _, err) = ws.check(&[]);
    assert_eq!(code, 0, "every key init offers is accepted: {err}");
    // Run again: nothing is added twice.
    let (code, out, _) = run(&["cargo-harden", "init", "--manifest-path", &manifest]);
    assert_eq!(code, 0);
    assert!(out.contains("already has"), "{out}");

    // A member: only the keys a package may set, in `[package.metadata.harden]`.
    let ws = Ws::empty();
    ws.write("Cargo.toml", "[workspace]\nmembers = [\"app\"]\n");
    ws.write(
        "app/Cargo.toml",
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2024\"\n",
    );
    ws.write("app/src/lib.rs", CLEAN);
    ws.write(".gitignore", "/target\n.env\n");
    let member = ws.path("app/Cargo.toml").display().to_string();
    let (code, out, err) = run(&["cargo-harden", "init", "--manifest-path", &member]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("added `[package.metadata.harden]`"), "{out}");
    let text = uncomment_all(&ws, "app/Cargo.toml");
    assert!(!text.contains("\nsecret-names"), "{text}");
    let (code, _, err) = ws.check(&[]);
    assert_eq!(
        code, 0,
        "every key init offers a package is accepted: {err}"
    );
}

#[test]
fn preflight_lists_each_problem_without_the_secret_and_exits_1() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("prod.env");
    std::fs::write(
        &bad,
        "APP_ENV=production\nJWT_SECRET=changeme-now\n\
         DATABASE_URL=postgres://app:postgres@db.prod.internal/app?sslmode=disable\n\
         RUST_LOG=info,sea_orm=debug\n",
    )
    .expect("write");
    let (code, out, err) = run(&[
        "cargo-harden",
        "preflight",
        "--env-file",
        bad.to_str().expect("utf-8"),
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(out.is_empty(), "{out}");
    for says in [
        "JWT_SECRET: holds a placeholder word",
        "DATABASE_URL: uses a default password",
        "DATABASE_URL: connects to `db.prod.internal` without requiring TLS",
        "RUST_LOG: logs `sea_orm` at `debug`",
        "4 problems found",
    ] {
        assert!(err.contains(says), "missing `{says}` in:\n{err}");
    }
    assert!(
        !err.contains("changeme-now") && !err.contains("app:postgres"),
        "{err}"
    );
}

#[test]
fn preflight_passes_a_production_environment_and_refuses_a_broken_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = dir.path().join("prod.env");
    std::fs::write(
        &good,
        "APP_ENV=production\nJWT_SECRET='q8Z3vN1xR7tK0pLw5YbHc2Mf9DjS4gAe'\n\
         DATABASE_URL=postgres://app:Xk29fjQ0w@db.internal/app?sslmode=verify-full\n\
         RUST_LOG=info\n",
    )
    .expect("write");
    let (code, _, err) = run(&[
        "cargo-harden",
        "preflight",
        "--env-file",
        good.to_str().expect("utf-8"),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("ready for production"), "{err}");

    let broken = dir.path().join("broken.env");
    std::fs::write(&broken, "APP_ENV=production\nthis is not a pair\n").expect("write");
    let (code, _, err) = run(&[
        "cargo-harden",
        "preflight",
        "--env-file",
        broken.to_str().expect("utf-8"),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("line 2: expected `KEY=value`"), "{err}");
    let (code, _, err) = run(&[
        "cargo-harden",
        "preflight",
        "--env-file",
        "/nonexistent/prod.env",
    ]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn attestations_name_known_items_and_say_how() {
    let ws = Ws::new(CLEAN);
    ws.write(
        "Cargo.toml",
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[workspace]\n\n\
         [workspace.metadata.harden.attest]\nbackup = \"nightly\"\nhttps = \"\"\n",
    );
    let (code, _, err) = ws.check(&[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("unknown key `backup`"), "{err}");
    assert!(err.contains("did you mean `backups`?"), "{err}");
    assert!(
        err.contains("an attestation must say how the item is met"),
        "{err}"
    );
}
