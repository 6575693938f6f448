//! `parse-error`: a Rust file or Dockerfile the checker could not parse.

use crate::findings::Findings;
use crate::model::{FileKind, Model};
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it flags
    /// A `.rs` file that does not parse as Rust (or is not UTF-8, or is nested too deeply to
    /// check safely), or a Dockerfile that does not parse as BuildKit reads it, so none of
    /// the other rules could look at it. The body of a
    /// `#[cfg(test)]` module is parsed only when `include-tests` is on: test code is exempt
    /// from the other rules, so by default it is not read.
    ///
    /// ## Why it matters
    /// A file the checker cannot read is a file nobody verified; every other file is still
    /// checked, but this one is a blind spot.
    ///
    /// ## Example
    /// ```text
    /// fn main( {
    /// ```
    ///
    /// ## Fix
    /// Make the file compile, or exclude it in `[workspace.metadata.harden] exclude = [..]`
    /// if it is generated or not Rust at all.
    name: "parse-error", section: 12, level: Error, exempt_in_tests: false, run: parse_error,
}

pub(crate) fn parse_error(model: &Model, out: &mut Findings) {
    let parsed = model
        .files
        .iter()
        .enumerate()
        .filter(|(_, f)| matches!(f.kind, FileKind::Rust | FileKind::Docker));
    for (i, f) in parsed {
        let Some((span, msg)) = &f.facts.parse_error else {
            continue;
        };
        let fi = crate::ids::FileId::of(i);
        out.report(ID, fi, *span, format!("could not parse: {msg}"))
            .help("the rest of the workspace was checked; fix the file or exclude it");
    }
}
