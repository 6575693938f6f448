//! §12, the final gate: leftovers that must not ship.

pub(crate) mod dbg_macro;
pub(crate) mod hardcoded_secret;
pub(crate) mod print_macro;
pub(crate) mod todo_comment;
pub(crate) mod todo_macro;
