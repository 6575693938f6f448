//! §12, the final gate: leftovers that must not ship.

pub(crate) mod dbg_macro;
pub(crate) mod hardcoded_secret;
pub(crate) mod print_macro;
pub(crate) mod todo_comment;
pub(crate) mod todo_macro;

use crate::rules::RuleInfo;

pub(crate) const RULES: &[&RuleInfo] = &[
    &todo_comment::RULE,
    &print_macro::RULE,
    &dbg_macro::RULE,
    &todo_macro::RULE,
    &hardcoded_secret::RULE,
];
