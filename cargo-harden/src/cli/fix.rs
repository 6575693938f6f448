//! `cargo harden fix`: writes the lines the findings offer (the entity annotations).

use std::path::PathBuf;

use clap::Args;

use super::check::count;
use super::{Io, RuleName};
use crate::pipeline::{self, Failure, Options};

/// Write the annotations findings ask for: each entity's `#[soft_delete(..)]` or
/// `#[soft_delete(exempt = "..")]` line where its columns or name tell which (re-running
/// changes nothing)
#[derive(Args)]
pub(crate) struct FixArgs {
    /// Path to the workspace's (or a member's) `Cargo.toml`
    #[arg(long, value_name = "PATH")]
    manifest_path: Option<PathBuf>,
    /// Fix only this rule's findings (repeatable; default: every rule that offers fixes)
    #[arg(long = "rule", value_name = "RULE", value_parser = RuleName, hide_possible_values = true)]
    rules: Vec<&'static str>,
    /// Print what would change without writing
    #[arg(long)]
    dry_run: bool,
}

pub(crate) fn run(args: &FixArgs, io: &mut Io<'_>) -> Result<i32, String> {
    let opts = Options {
        manifest_path: args.manifest_path.clone(),
        ..Options::default()
    };
    let outcome = match pipeline::check(&opts) {
        Ok(o) => o,
        Err(Failure::Usage(msg)) => return Err(msg),
        Err(Failure::Config(errors)) => {
            super::check::print_config_errors(&errors, io);
            return Ok(2);
        }
    };
    let chosen = |rule: &str| args.rules.is_empty() || args.rules.contains(&rule);
    let fixes: Vec<_> = outcome
        .findings
        .iter()
        .filter(|f| chosen(f.rule))
        .filter_map(|f| f.fix.clone())
        .collect();
    let left = outcome
        .findings
        .iter()
        .filter(|f| {
            chosen(f.rule)
                && f.fix.is_none()
                && crate::rules::by_name(f.rule).is_some_and(|r| r.fixes)
        })
        .count();
    for f in &fixes {
        let _ = writeln!(io.out, "{}:{}: {}", f.file, f.line, f.text);
    }
    let files = if args.dry_run {
        fixes
            .iter()
            .map(|f| &f.file)
            .collect::<std::collections::BTreeSet<_>>()
            .len()
    } else {
        crate::fix::apply(&outcome.root, &fixes)?
    };
    let verb = if args.dry_run { "would write" } else { "wrote" };
    let _ = writeln!(
        io.err,
        "cargo harden fix: {verb} {} in {}",
        count(fixes.len(), "line"),
        count(files, "file")
    );
    if left > 0 {
        let _ = writeln!(
            io.err,
            "cargo harden fix: {} need a decision (`cargo harden check` shows each with its help)",
            count(left, "finding")
        );
    }
    Ok(0)
}
