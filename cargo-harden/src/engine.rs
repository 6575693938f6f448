//! The check pipeline: workspace → files → facts (in parallel) → model → rules → sink.
//!
//! The sink is the one place where test-code exemptions, suppressions, levels, baselines and
//! `--changed-since` are applied; rules never see any of them.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::config::{self, Config, ConfigError};
use crate::diag::{Finding, Findings, Label, Level, RawFinding, Span, stable_hash};
use crate::facts::{self, Allow, FileFacts};
use crate::model::{FileKind, GitFacts, Model, SourceFile};
use crate::par;
use crate::rules::{self, RuleInfo};
use crate::workspace::{self, Role};

/// What `cargo harden check` was asked to do.
#[derive(Clone, Debug, Default)]
pub(crate) struct Options {
    pub manifest_path: Option<PathBuf>,
    pub packages: Vec<String>,
    pub changed_since: Option<String>,
    pub baseline: Option<PathBuf>,
    pub write_baseline: Option<PathBuf>,
    pub overrides: Vec<(String, Level)>,
}

/// Why the check could not run (exit code 2).
#[derive(Debug)]
pub(crate) enum Failure {
    Usage(String),
    Config(Vec<ConfigError>),
}

/// The result of a check.
pub(crate) struct Outcome {
    pub model: Model,
    pub findings: Vec<Finding>,
    pub notes: Vec<String>,
    pub files_checked: usize,
    /// Set when `--write-baseline` wrote this many findings.
    pub baseline_written: Option<usize>,
    /// How many findings `--baseline` hid (of those the other filters kept).
    pub baselined: usize,
}

/// Runs the whole check.
pub(crate) fn check(opts: &Options) -> Result<Outcome, Failure> {
    let manifest = workspace::locate(opts.manifest_path.as_deref()).map_err(Failure::Usage)?;
    // `cargo metadata` takes a while to start: parse the files the manifests name meanwhile,
    // and read config files and git at the manifest's directory (the workspace root, unless
    // a member's manifest was given).
    let guessed_root = manifest.parent().map(Path::to_path_buf).unwrap_or_default();
    let (ws, mut early, side) = std::thread::scope(|s| {
        let ws = s.spawn(|| workspace::discover_at(&manifest));
        let side = s.spawn(|| (read_config_files(&guessed_root), git_facts(&guessed_root)));
        let early = parse_early(&manifest);
        let ws = ws
            .join()
            .unwrap_or_else(|_| Err("internal error while reading the workspace".into()));
        (ws, early, side.join().ok())
    });
    let ws = ws.map_err(Failure::Usage)?;
    let mut notes = ws.notes.clone();
    let pkgs: Vec<(String, PathBuf)> = ws
        .packages
        .iter()
        .map(|p| (p.name.clone(), p.manifest.clone()))
        .collect();
    let config = config::load(&ws.root, &ws.manifest, &pkgs).map_err(Failure::Config)?;
    for (rule, _) in &opts.overrides {
        if rules::by_name(rule).is_none() {
            let hint = rules::closest_name(rule)
                .map(|c| format!("; did you mean `{c}`?"))
                .unwrap_or_default();
            return Err(Failure::Usage(format!("unknown rule `{rule}`{hint}")));
        }
    }
    for p in &opts.packages {
        if !ws.packages.iter().any(|w| &w.name == p) {
            return Err(Failure::Usage(format!(
                "package `{p}` is not a member of the workspace"
            )));
        }
    }
    let changed = match &opts.changed_since {
        Some(rev) => Some(changed_files(&ws.root, rev).map_err(Failure::Usage)?),
        None => None,
    };
    let baseline = match &opts.baseline {
        Some(path) => Some(read_baseline(path).map_err(Failure::Usage)?),
        None => None,
    };

    let mut files = load_files(&ws, &config, &mut notes, &mut early);
    let (config_files, (git, git_files)) = match side {
        Some(side) if ws.root == guessed_root => side,
        _ => (read_config_files(&ws.root), git_facts(&ws.root)),
    };
    let exclude = excludes(&config);
    files.extend(
        config_files
            .into_iter()
            .filter(|f| !config::excluded(&f.rel, &exclude)),
    );
    files.extend(git_files);
    let files_checked = files.iter().filter(|f| f.kind == FileKind::Rust).count();
    let packages = ws.packages.iter().map(|p| p.name.clone()).collect();
    let model = Model::new(files, packages, config, git);

    let mut raw = Findings::default();
    for (fi, f) in model.files.iter().enumerate() {
        if let Some((span, msg)) = &f.facts.parse_error {
            raw.report(
                &rules::engine::parse_error::RULE,
                fi,
                *span,
                format!("could not parse: {msg}"),
            )
            .help("the rest of the workspace was checked; fix the file or exclude it");
        }
    }
    // Rules only read the model: run them side by side, and keep their order in the output.
    for (rule, found) in rules::RULES.iter().zip(par::map(rules::RULES, |rule| {
        let mut found = Findings::default();
        (rule.run)(&model, &mut found);
        found
    })) {
        match found {
            Some(found) => raw.raw.extend(found.raw),
            None => notes.push(format!("rule `{}` failed on this workspace", rule.name)),
        }
    }
    let mut findings = sink(&model, raw.raw, opts);
    if let Some(path) = &opts.write_baseline {
        write_baseline(path, &findings).map_err(Failure::Usage)?;
        let n = findings.len();
        return Ok(Outcome {
            model,
            findings: Vec::new(),
            notes,
            files_checked,
            baseline_written: Some(n),
            baselined: 0,
        });
    }
    if let Some(changed) = changed {
        findings.retain(|f| changed.contains(&f.file));
    }
    if !opts.packages.is_empty() {
        let package_of: HashMap<&str, usize> = model
            .files
            .iter()
            .filter_map(|s| Some((s.rel.as_str(), s.package?)))
            .collect();
        findings.retain(|f| {
            package_of
                .get(f.file.as_str())
                .is_some_and(|&p| opts.packages.contains(&model.packages[p]))
        });
    }
    let before = findings.len();
    if let Some(base) = baseline {
        findings.retain(|f| !base.contains(&f.fingerprint));
    }
    let baselined = before - findings.len();
    Ok(Outcome {
        model,
        findings,
        notes,
        files_checked,
        baseline_written: None,
        baselined,
    })
}

/// One Rust file, as a worker left it.
enum Loaded {
    Read(String, Box<FileFacts>),
    TooBig(u64),
    Unreadable(String),
}

/// Files parsed before the workspace was known, by path: their module path and contents.
type Early = HashMap<PathBuf, (Vec<String>, Loaded)>;

/// Reads and extracts the files the manifests name, with the default size limit.
fn parse_early(manifest: &Path) -> Early {
    let files = workspace::likely_rust_files(manifest);
    let max = Config::default().max_file_size;
    let loaded = par::map(&files, |f| load_one(f, max));
    files
        .into_iter()
        .zip(loaded)
        .filter_map(|(f, l)| Some((f.path, (f.module, l?))))
        .collect()
}

/// Reads one Rust file and extracts its facts, in a worker: reading is part of the parallel
/// work, as it is for a plain parse.
fn load_one(f: &workspace::RustFile, max: u64) -> Loaded {
    let size = std::fs::metadata(&f.path).map(|m| m.len()).unwrap_or(0);
    if size > max {
        return Loaded::TooBig(size);
    }
    match std::fs::read(&f.path).map(String::from_utf8) {
        Ok(Ok(text)) => {
            let facts = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                facts::extract(&text, &f.module)
            }))
            .unwrap_or_else(|_| internal_error());
            Loaded::Read(text, Box::new(facts))
        }
        Ok(Err(_)) => Loaded::Unreadable("file is not valid UTF-8".to_string()),
        Err(e) => Loaded::Unreadable(format!("cannot read file: {e}")),
    }
}

fn load_files(
    ws: &workspace::Workspace,
    config: &Config,
    notes: &mut Vec<String>,
    early: &mut Early,
) -> Vec<SourceFile> {
    let exclude = excludes(config);
    let rust: Vec<workspace::RustFile> = workspace::rust_files(ws, notes)
        .into_iter()
        .filter(|f| !config::excluded(&f.rel, &exclude))
        .collect();
    let max = config.max_file_size;
    // What was parsed early stands if it was read as this module under this size limit.
    let mut loaded: Vec<Option<Loaded>> = rust
        .iter()
        .map(|f| {
            let (module, l) = early.remove(&f.path)?;
            let fits = match &l {
                Loaded::Read(text, _) => text.len() as u64 <= max,
                Loaded::TooBig(size) => *size > max,
                Loaded::Unreadable(_) => true,
            };
            (module == f.module && fits).then_some(l)
        })
        .collect();
    let todo: Vec<usize> = (0..rust.len()).filter(|&i| loaded[i].is_none()).collect();
    for (i, l) in todo
        .iter()
        .zip(par::map(&todo, |&i| load_one(&rust[i], max)))
    {
        loaded[*i] = l;
    }
    let mut out = Vec::new();
    for (f, loaded) in rust.into_iter().zip(loaded) {
        let (text, facts) = match loaded {
            Some(Loaded::Read(text, facts)) => (text, *facts),
            Some(Loaded::TooBig(size)) => {
                notes.push(format!(
                    "skipped `{}`: {size} bytes is over `max-file-size` ({max})",
                    f.rel
                ));
                continue;
            }
            Some(Loaded::Unreadable(e)) => (
                String::new(),
                FileFacts {
                    parse_error: Some((Span::on_line(1, 1, 1), e)),
                    ..FileFacts::default()
                },
            ),
            None => (String::new(), internal_error()),
        };
        let crate_name = ws.packages[f.package].name.replace('-', "_");
        out.push(SourceFile {
            rel: f.rel,
            text,
            kind: FileKind::Rust,
            role: f.role,
            package: Some(f.package),
            crate_name,
            module: f.module,
            facts,
        });
    }
    out
}

/// The files to exclude by configuration, workspace-wide and per package.
fn excludes(config: &Config) -> Vec<String> {
    let mut exclude = config.exclude.clone();
    for pc in config.packages.values() {
        exclude.extend(pc.exclude.iter().cloned());
    }
    exclude
}

/// TOML, YAML and JSON files under `root`, for the secret scan (before exclusions).
fn read_config_files(root: &Path) -> Vec<SourceFile> {
    let mut out = Vec::new();
    for (path, rel) in workspace::config_files(root) {
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        if size > 1024 * 1024 {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        out.push(SourceFile {
            rel,
            text,
            kind: FileKind::Config,
            role: Role::Code,
            package: None,
            crate_name: String::new(),
            module: Vec::new(),
            facts: FileFacts::default(),
        });
    }
    out
}

/// Extracts facts from every file, on threads with large stacks.
pub(crate) fn parse_all(inputs: &[(&str, &[String])]) -> Vec<FileFacts> {
    par::map(inputs, |(text, module)| facts::extract(text, module))
        .into_iter()
        .map(|r| r.unwrap_or_else(internal_error))
        .collect()
}

/// The facts of a file whose reading panicked.
fn internal_error() -> FileFacts {
    FileFacts {
        parse_error: Some((
            Span::on_line(1, 1, 1),
            "internal error while reading this file".into(),
        )),
        ..FileFacts::default()
    }
}

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
fn git_facts(root: &Path) -> (GitFacts, Vec<SourceFile>) {
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
            if rules::secrets::tracked_env_file::is_env_file(t) {
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
    files.push(other_file(
        ".gitignore".into(),
        gitignore.unwrap_or_default(),
    ));
    (facts, files)
}

fn other_file(rel: String, text: String) -> SourceFile {
    SourceFile {
        rel,
        text,
        kind: FileKind::Other,
        role: Role::Code,
        package: None,
        crate_name: String::new(),
        module: Vec::new(),
        facts: FileFacts::default(),
    }
}

fn changed_files(root: &Path, rev: &str) -> Result<HashSet<String>, String> {
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

fn read_baseline(path: &Path) -> Result<Vec<String>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read baseline `{}`: {e}", path.display()))?;
    let v: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| format!("baseline `{}` is not valid JSON: {e}", path.display()))?;
    let list = v["findings"]
        .as_array()
        .ok_or_else(|| format!("baseline `{}` has no `findings` array", path.display()))?;
    Ok(list
        .iter()
        .filter_map(|f| f["fingerprint"].as_str().map(str::to_string))
        .collect())
}

fn write_baseline(path: &Path, findings: &[Finding]) -> Result<(), String> {
    let list: Vec<serde_json::Value> = findings
        .iter()
        .map(|f| serde_json::json!({"rule": f.rule, "file": f.file, "fingerprint": f.fingerprint, "message": f.message}))
        .collect();
    let doc = serde_json::json!({"version": 1, "findings": list});
    let text = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?;
    std::fs::write(path, text + "\n")
        .map_err(|e| format!("cannot write baseline `{}`: {e}", path.display()))
}

fn is_test_path(rel: &str) -> bool {
    rel.split('/').any(|c| {
        matches!(
            c,
            "tests" | "benches" | "examples" | "fixtures" | "testdata"
        )
    })
}

fn is_test_code(file: &SourceFile, line: u32) -> bool {
    match file.kind {
        FileKind::Rust => {
            file.role == Role::Test
                || file
                    .facts
                    .test_ranges
                    .iter()
                    .any(|&(a, b)| line >= a && line <= b)
        }
        _ => is_test_path(&file.rel),
    }
}

/// Applies suppressions, test-code exemptions and levels; computes fingerprints.
fn sink(model: &Model, raw: Vec<RawFinding>, opts: &Options) -> Vec<Finding> {
    let mut used: HashSet<(usize, bool, usize)> = HashSet::new();
    let mut out = Vec::new();
    let mut extra = Findings::default();
    for r in raw {
        let file = &model.files[r.file];
        let facts = &file.facts;
        let mut suppressed = false;
        for (item, list) in [(false, &facts.line_allows), (true, &facts.item_allows)] {
            for (ai, a) in list.iter().enumerate() {
                if a.rules.iter().any(|n| n == r.rule.name)
                    && r.span.line >= a.lines.0
                    && r.span.line <= a.lines.1
                {
                    used.insert((r.file, item, ai));
                    suppressed |= a.reason.is_some();
                }
            }
        }
        if suppressed {
            continue;
        }
        let include_tests = file
            .package
            .and_then(|p| model.config.packages.get(&model.packages[p]))
            .and_then(|pc| pc.include_tests)
            .unwrap_or(model.config.include_tests);
        if r.rule.exempt_in_tests && !include_tests && is_test_code(file, r.span.line) {
            continue;
        }
        out.push(r);
    }
    for (fi, file) in model.files.iter().enumerate() {
        for (item, list) in [
            (false, &file.facts.line_allows),
            (true, &file.facts.item_allows),
        ] {
            for (ai, a) in list.iter().enumerate() {
                suppression_hygiene(fi, a, used.contains(&(fi, item, ai)), &mut extra);
            }
        }
    }
    out.extend(extra.raw);
    finalize(model, out, opts)
}

fn suppression_hygiene(fi: usize, a: &Allow, used: bool, out: &mut Findings) {
    use rules::engine::{stale_suppression, suppression_without_reason};
    if a.reason.is_none() {
        out.report(&suppression_without_reason::RULE, fi, a.span, format!("suppression of `{}` gives no reason", a.rules.join(", ")))
            .help("add the reason: `// harden:allow(rule): why this is fine` or `reason = \"..\"`; until then it suppresses nothing");
        return;
    }
    if a.rules.is_empty() {
        out.report(
            &stale_suppression::RULE,
            fi,
            a.span,
            "suppression names no rule",
        )
        .help("name the rule: `harden:allow(rule-name): reason`");
        return;
    }
    for name in &a.rules {
        if rules::by_name(name).is_none() {
            let hint = rules::closest_name(name)
                .map(|c| format!("did you mean `{c}`?"))
                .unwrap_or_else(|| "`cargo harden rules` lists them".into());
            out.report(
                &stale_suppression::RULE,
                fi,
                a.span,
                format!("suppression names unknown rule `{name}`"),
            )
            .help(hint);
        }
    }
    if !used && a.rules.iter().all(|n| rules::by_name(n).is_some()) {
        out.report(
            &stale_suppression::RULE,
            fi,
            a.span,
            format!("suppression of `{}` matches no finding", a.rules.join(", ")),
        )
        .help("remove it; the code it was written for has changed");
    }
}

fn level_of(model: &Model, rule: &RuleInfo, file: &SourceFile, opts: &Options) -> Level {
    let mut level = rule.default_level;
    if let Some(l) = model.config.levels.get(rule.name) {
        level = *l;
    }
    if let Some(l) = file
        .package
        .and_then(|p| model.config.packages.get(&model.packages[p]))
        .and_then(|pc| pc.levels.get(rule.name))
    {
        level = *l;
    }
    for (name, l) in &opts.overrides {
        if name == rule.name {
            level = *l;
        }
    }
    level
}

fn finalize(model: &Model, raw: Vec<RawFinding>, opts: &Options) -> Vec<Finding> {
    let mut counts: HashMap<(String, &'static str, u64), usize> = HashMap::new();
    let mut raw = raw;
    raw.sort_by(|a, b| {
        (&model.files[a.file].rel, a.span, a.rule.name).cmp(&(
            &model.files[b.file].rel,
            b.span,
            b.rule.name,
        ))
    });
    raw.dedup_by(|a, b| {
        a.file == b.file && a.span == b.span && a.rule.name == b.rule.name && a.message == b.message
    });
    let mut out = Vec::new();
    for r in raw {
        let file = &model.files[r.file];
        let level = level_of(model, r.rule, file, opts);
        if level == Level::Allow {
            continue;
        }
        let snippet = normalised_snippet(&file.text, r.span);
        let h = stable_hash(&[r.rule.name, &file.rel, &snippet]);
        let n = counts
            .entry((file.rel.clone(), r.rule.name, h))
            .or_default();
        *n += 1;
        let fingerprint = format!(
            "{:016x}",
            stable_hash(&[&format!("{h:016x}"), &n.to_string()])
        );
        out.push(Finding {
            rule: r.rule.name,
            level,
            section: r.rule.section,
            file: file.rel.clone(),
            span: r.span,
            message: r.message,
            help: r.help,
            fingerprint,
            labels: r
                .labels
                .into_iter()
                .map(|(f, span, message)| Label {
                    file: model.files[f].rel.clone(),
                    span,
                    message,
                })
                .collect(),
        });
    }
    out
}

/// The finding's source lines with whitespace collapsed: the content part of a fingerprint.
fn normalised_snippet(text: &str, span: Span) -> String {
    let first = span.line.saturating_sub(1) as usize;
    let count = (span.end_line.saturating_sub(span.line) as usize + 1).min(5);
    text.lines()
        .skip(first)
        .take(count)
        .flat_map(str::split_whitespace)
        .collect::<Vec<_>>()
        .join(" ")
}
