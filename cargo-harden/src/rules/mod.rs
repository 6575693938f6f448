//! The rule table: one folder per checklist family, one file per rule.

use crate::diag::{Findings, Level};
use crate::model::Model;

pub(crate) mod engine;
pub(crate) mod gate;
pub(crate) mod secrets;
pub(crate) mod soft_delete;
pub(crate) mod transactions;

/// A rule: its name, where it sits in the checklist, its default level and its documentation.
pub struct RuleInfo {
    /// Kebab-case name, used in config, suppressions and output.
    pub name: &'static str,
    /// Checklist section (1–12; 0 for the tool's own findings).
    pub section: u8,
    /// Level unless configured otherwise.
    pub default_level: Level,
    /// Whether test code (tests/, benches/, examples/, `#[cfg(test)]`, `#[test]`) is exempt.
    pub exempt_in_tests: bool,
    /// The rule's documentation: what `cargo harden explain` prints.
    pub doc: &'static str,
    pub(crate) run: fn(&Model, &mut Findings),
}

impl std::fmt::Debug for RuleInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

impl RuleInfo {
    /// The first line of the "What it flags" section, for `cargo harden rules`.
    pub fn summary(&self) -> &'static str {
        let mut lines = self.doc.lines().map(str::trim);
        for line in lines.by_ref() {
            if line.starts_with("## What it flags") {
                break;
            }
        }
        lines.find(|l| !l.is_empty()).unwrap_or("")
    }
}

/// Declares a rule from its doc comment (the text `explain` prints) and its metadata.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        name: $name:literal, section: $section:literal, level: $level:ident,
        exempt_in_tests: $exempt:literal, run: $run:path $(,)?
    ) => {
        $(#[doc = $doc])*
        pub(crate) static RULE: $crate::rules::RuleInfo = $crate::rules::RuleInfo {
            name: $name,
            section: $section,
            default_level: $crate::diag::Level::$level,
            exempt_in_tests: $exempt,
            doc: concat!($($doc, "\n"),*),
            run: $run,
        };
    };
}
pub(crate) use declare_rule;

/// Every rule, in the order `cargo harden rules` lists them.
pub(crate) static RULES: &[&RuleInfo] = &[
    &engine::parse_error::RULE,
    &engine::stale_suppression::RULE,
    &engine::suppression_without_reason::RULE,
    &secrets::secret_in_log::RULE,
    &secrets::instrument_without_skip::RULE,
    &secrets::debug_derive_on_secret::RULE,
    &secrets::tracked_env_file::RULE,
    &secrets::env_not_gitignored::RULE,
    &soft_delete::entity_not_soft_delete_annotated::RULE,
    &soft_delete::unannotated_repository::RULE,
    &soft_delete::unfiltered_soft_delete_read::RULE,
    &soft_delete::hard_delete_of_soft_delete_entity::RULE,
    &soft_delete::raw_sql_on_soft_delete_table::RULE,
    &soft_delete::soft_delete_escape_hatch::RULE,
    &transactions::multi_table_write_outside_transaction::RULE,
    &transactions::untransactional_service_method::RULE,
    &transactions::write_through_other_handle::RULE,
    &transactions::swallowed_transaction_error::RULE,
    &transactions::side_effect_in_transaction::RULE,
    &gate::todo_comment::RULE,
    &gate::print_macro::RULE,
    &gate::dbg_macro::RULE,
    &gate::todo_macro::RULE,
    &gate::hardcoded_secret::RULE,
];

/// Every rule, for callers outside the crate (documentation, tests).
pub fn all() -> impl Iterator<Item = &'static RuleInfo> {
    RULES.iter().copied()
}

/// The rule called `name`.
pub fn by_name(name: &str) -> Option<&'static RuleInfo> {
    all().find(|r| r.name == name)
}

/// The valid rule name closest to `name`, for "did you mean" messages.
pub fn closest_name(name: &str) -> Option<&'static str> {
    crate::config::closest(name, all().map(|r| r.name))
}

/// A rule that is produced by the engine itself rather than by walking the model.
pub(crate) fn no_op(_: &Model, _: &mut Findings) {}
