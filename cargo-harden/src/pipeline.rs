//! `check()`: load → facts → model → rules → sink → findings.

use std::path::PathBuf;

use crate::config::ConfigError;
use crate::findings::{Finding, Findings, Level};
use crate::load::{self, LoadError};
use crate::model::Model;
use crate::rules::{self, Run};
use crate::{baseline, par, sink};

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
    /// The workspace root, which finding paths are relative to.
    pub root: PathBuf,
    pub model: Model,
    pub findings: Vec<Finding>,
    pub notes: Vec<String>,
    pub files_checked: usize,
    /// Set when `--write-baseline` wrote this many findings.
    pub baseline_written: Option<usize>,
    /// Findings a `--baseline` hid.
    pub baselined: usize,
}

/// Runs the whole check.
pub(crate) fn check(opts: &Options) -> Result<Outcome, Failure> {
    validate(opts)?;
    let loaded =
        load::load(opts.manifest_path.as_deref(), &rules::names()).map_err(|e| match e {
            LoadError::Usage(m) => Failure::Usage(m),
            LoadError::Config(c) => Failure::Config(c),
        })?;
    let files_checked = loaded
        .files
        .iter()
        .filter(|f| f.kind == crate::source::FileKind::Rust)
        .count();
    let root = loaded.root.clone();
    let mut notes = loaded.notes;
    let model = Model::new(
        loaded.files,
        loaded.packages,
        loaded.deps,
        loaded.config,
        loaded.git,
    );
    let raw = run_rules(&model, &mut notes);
    let (mut raw, used) = sink::suppress(&model, raw);
    for rule in rules::all() {
        if let Run::Suppressions(run) = rule.run {
            let mut found = Findings::default();
            run(&model, &used, &mut found);
            raw.extend(found.raw);
        }
    }
    let findings = sink::finalize(&model, raw, &rules::metadata(), &opts.overrides);
    let mut outcome = Outcome {
        root: root.clone(),
        model,
        findings,
        notes,
        files_checked,
        baseline_written: None,
        baselined: 0,
    };
    select(&mut outcome, opts, &root)?;
    Ok(outcome)
}

/// Unknown rule names and packages on the command line.
fn validate(opts: &Options) -> Result<(), Failure> {
    for (rule, _) in &opts.overrides {
        if rules::by_name(rule).is_none() {
            let hint = rules::closest_name(rule)
                .map(|c| format!("; did you mean `{c}`?"))
                .unwrap_or_default();
            return Err(Failure::Usage(format!("unknown rule `{rule}`{hint}")));
        }
    }
    Ok(())
}

/// The model rules, side by side, their order kept in the output.
fn run_rules(model: &Model, notes: &mut Vec<String>) -> Vec<crate::findings::RawFinding> {
    let all: Vec<&rules::RuleInfo> = rules::all().collect();
    let mut raw = Vec::new();
    for (rule, found) in all.iter().zip(par::map(&all, |rule| {
        let mut found = Findings::default();
        if let Run::Model(run) = rule.run {
            run(model, &mut found);
        }
        found
    })) {
        match found {
            Some(found) => raw.extend(found.raw),
            None => notes.push(format!("rule `{}` failed on this workspace", rule.name())),
        }
    }
    raw
}

/// Baseline (write or apply), `--changed-since` and `-p`: which findings are reported.
fn select(outcome: &mut Outcome, opts: &Options, root: &std::path::Path) -> Result<(), Failure> {
    let model = &outcome.model;
    for p in &opts.packages {
        if !model.packages.iter().any(|w| w == p) {
            return Err(Failure::Usage(format!(
                "package `{p}` is not a member of the workspace"
            )));
        }
    }
    if let Some(path) = &opts.write_baseline {
        baseline::write(path, &outcome.findings).map_err(Failure::Usage)?;
        outcome.baseline_written = Some(outcome.findings.len());
        outcome.findings.clear();
        return Ok(());
    }
    if let Some(rev) = &opts.changed_since {
        let changed = load::git::changed_files(root, rev).map_err(Failure::Usage)?;
        outcome.findings.retain(|f| changed.contains(&f.file));
    }
    if !opts.packages.is_empty() {
        let package_of: std::collections::HashMap<&str, usize> = model
            .files
            .iter()
            .filter_map(|s| Some((s.rel.as_str(), s.package?)))
            .collect();
        outcome.findings.retain(|f| {
            package_of
                .get(f.file.as_str())
                .is_some_and(|&p| opts.packages.contains(&model.packages[p]))
        });
    }
    // Last, so the count covers only findings the other filters would show.
    if let Some(path) = &opts.baseline {
        let base = baseline::read(path).map_err(Failure::Usage)?;
        let before = outcome.findings.len();
        outcome.findings.retain(|f| !base.contains(&f.fingerprint));
        outcome.baselined = before - outcome.findings.len();
    }
    Ok(())
}
