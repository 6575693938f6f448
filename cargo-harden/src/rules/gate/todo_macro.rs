//! `todo-macro`: `todo!()` and `unimplemented!()` in code.

use crate::findings::Findings;
use crate::model::Model;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it flags
    /// `todo!()` and `unimplemented!()` outside test code, except in methods of an enum
    /// without variants (such as the `enum Relation {}` that sea-orm-cli generates), which
    /// can never run.
    ///
    /// ## Why it matters
    /// Each one is a panic waiting for the first request that reaches it.
    ///
    /// ## Example
    /// ```text
    /// async fn refund(&self, id: i64) -> Result<(), AppError> { todo!() }
    /// ```
    ///
    /// ## Fix
    /// Implement it, or return a proper error (`Err(AppError::NotSupported)`).
    name: "todo-macro", section: 12, level: Error, exempt_in_tests: true, run: todo_macro,
}

pub(crate) fn todo_macro(model: &Model, out: &mut Findings) {
    for (fi, file) in model.rust_files() {
        for m in file
            .facts
            .macros
            .iter()
            .filter(|m| matches!(m.name.as_str(), "todo" | "unimplemented") && !m.unreachable)
        {
            out.report(ID, fi, m.span, format!("`{}!` panics when reached", m.name))
                .help("implement it, or return an error the caller can handle");
        }
    }
}
