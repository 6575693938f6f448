//! `cargo harden rules`: the rule table, as text or as the Markdown table in the README.

use clap::{Args, ValueEnum};

use super::Io;
use crate::rules::RuleInfo;

/// List the rules: name, default level, checklist section, what each flags
#[derive(Args)]
pub(crate) struct RulesArgs {
    /// Output format
    #[arg(long, value_enum, value_name = "FMT", default_value_t = RulesFormat::Human)]
    format: RulesFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum RulesFormat {
    /// a table for the terminal, wrapped at 100 columns
    Human,
    /// a Markdown table (the one in the README)
    Markdown,
}

/// Total width of the text table: summaries wrap at word boundaries to fit.
const WIDTH: usize = 100;

pub(crate) fn run(args: &RulesArgs, io: &mut Io<'_>) -> Result<i32, String> {
    let text = match args.format {
        RulesFormat::Human => table(),
        RulesFormat::Markdown => markdown(),
    };
    io.out
        .write_all(text.as_bytes())
        .map_err(|e| format!("cannot write the rule list: {e}"))?;
    Ok(0)
}

fn section(rule: &RuleInfo) -> String {
    match rule.section {
        0 => "-".to_string(),
        n => n.to_string(),
    }
}

fn table() -> String {
    let name_w = crate::rules::all()
        .map(|r| r.name().len())
        .max()
        .unwrap_or(0);
    let indent = name_w + 2 + 7 + 2 + 2 + 2;
    let mut out = format!(
        "{:name_w$}  {:7}  {:>2}  what it flags\n",
        "rule", "level", "§"
    );
    for r in crate::rules::all() {
        let lines = wrap(&r.summary(), WIDTH.saturating_sub(indent).max(20));
        let mut lines = lines.iter();
        out.push_str(&format!(
            "{:name_w$}  {:7}  {:>2}  {}\n",
            r.name(),
            r.default_level.as_str(),
            section(r),
            lines.next().map_or("", String::as_str)
        ));
        for line in lines {
            out.push_str(&format!("{:indent$}{line}\n", ""));
        }
    }
    out
}

fn markdown() -> String {
    let mut out = String::from("| rule | level | § | what it flags |\n|---|---|---|---|\n");
    for r in crate::rules::all() {
        let section = match r.section {
            0 => "—".to_string(),
            n => n.to_string(),
        };
        out.push_str(&format!(
            "| `{}` | {} | {section} | {} |\n",
            r.name(),
            r.default_level.as_str(),
            r.summary().replace('|', "\\|")
        ));
    }
    out
}

/// `text` broken into lines of at most `width` characters, at spaces (a longer word gets a
/// line of its own).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let len = line.chars().count();
        if len > 0 && len + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces_and_keeps_every_word() {
        let text = "a finding that is long enough to wrap around twice here";
        let lines = wrap(text, 20);
        assert!(lines.iter().all(|l| l.chars().count() <= 20), "{lines:?}");
        assert_eq!(lines.join(" "), text);
        assert_eq!(
            wrap("unbreakable-very-long-word x", 5),
            ["unbreakable-very-long-word", "x"]
        );
    }

    #[test]
    fn every_rule_says_what_it_flags_in_whole_sentences() {
        for r in crate::rules::all() {
            let s = r.summary();
            assert!(!s.is_empty(), "{} has no \"What it flags\" text", r.name());
            assert!(
                s.ends_with('.') || s.ends_with(')') || s.ends_with('`'),
                "{}: the summary stops mid-sentence: {s}",
                r.name()
            );
        }
    }
}
