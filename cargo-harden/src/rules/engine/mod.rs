//! The tool's own findings: unparsable files and suppression hygiene.

pub(crate) mod parse_error;
pub(crate) mod stale_suppression;
pub(crate) mod suppression_without_reason;

use crate::rules::RuleInfo;

pub(crate) const RULES: &[&RuleInfo] = &[
    &parse_error::RULE,
    &stale_suppression::RULE,
    &suppression_without_reason::RULE,
];
