//! Findings the engine itself produces: unparsable files and suppression hygiene.

pub(crate) mod parse_error;
pub(crate) mod stale_suppression;
pub(crate) mod suppression_without_reason;
