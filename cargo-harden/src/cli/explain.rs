//! `cargo harden explain RULE`: the rule's documentation.

use clap::Args;

use super::{Io, RuleName};

/// Explain a rule: what it flags, why it matters, an example, the fix
#[derive(Args)]
pub(crate) struct ExplainArgs {
    /// The rule (`cargo harden rules` lists them)
    #[arg(value_name = "RULE", value_parser = RuleName, hide_possible_values = true)]
    rule: &'static str,
}

pub(crate) fn run(args: &ExplainArgs, io: &mut Io<'_>) -> Result<i32, String> {
    let rule = crate::rules::by_name(args.rule).ok_or("unknown rule")?;
    let _ = writeln!(
        io.out,
        "# {} ({}, checklist section {})\n",
        rule.name(),
        rule.default_level.as_str(),
        rule.section
    );
    for line in rule.doc.lines() {
        let _ = writeln!(io.out, "{}", line.strip_prefix(' ').unwrap_or(line));
    }
    Ok(0)
}
