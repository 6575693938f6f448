//! `cargo harden rules`: the rule table.

use super::Io;

pub(crate) fn run(args: &[String], io: &mut Io<'_>) -> Result<i32, String> {
    if let Some(a) = args.first() {
        return Err(format!("unexpected argument `{a}` for `rules`"));
    }
    let width = crate::rules::all().map(|r| r.name().len()).max().unwrap_or(0);
    let _ = writeln!(
        io.out,
        "{:width$}  {:7}  {:>2}  what it flags",
        "rule", "level", "§"
    );
    for r in crate::rules::all() {
        let _ = writeln!(
            io.out,
            "{:width$}  {:7}  {:>2}  {}",
            r.name(),
            r.default_level.as_str(),
            r.section,
            r.summary()
        );
    }
    Ok(0)
}
