//! `parse-error`: a Rust file the checker could not parse.

use crate::rules::{declare_rule, no_op};

declare_rule! {
    /// ## What it flags
    /// A `.rs` file that does not parse as Rust (or is not UTF-8, or is nested too deeply to
    /// check safely), so none of the other rules could look at it.
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
    name: "parse-error", section: 12, level: Error, exempt_in_tests: false, run: no_op,
}
