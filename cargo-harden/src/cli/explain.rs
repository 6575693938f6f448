//! `cargo harden explain RULE`: the rule's documentation.

use super::Io;

pub(crate) fn run(args: &[String], io: &mut Io<'_>) -> Result<i32, String> {
    let [name] = args else {
        return Err("usage: cargo harden explain RULE".into());
    };
    let Some(rule) = crate::rules::by_name(name) else {
        let hint = crate::rules::closest_name(name)
            .map(|c| format!("; did you mean `{c}`?"))
            .unwrap_or_default();
        return Err(format!("unknown rule `{name}`{hint}"));
    };
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
