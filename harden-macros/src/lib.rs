//! Attribute macros; users reach them through `harden-runtime`.
//!
//! `internals/` is the front end every attribute shares (argument parsing,
//! the error accumulator); each attribute has its own expansion module.

mod allow;
mod internals;
mod soft_delete;
mod transactional;

use proc_macro::TokenStream;

/// Soft delete, declared on an entity and enforced in repositories.
///
/// See the `harden-runtime` documentation for the full reference.
#[proc_macro_attribute]
pub fn soft_delete(args: TokenStream, input: TokenStream) -> TokenStream {
    soft_delete::expand(args.into(), input.into()).into()
}

/// `#[allow(rule-name, reason = "...")]`: tells `cargo harden check` not to
/// flag this item for that rule. The macro only checks that a reason is
/// given; the item is emitted unchanged.
#[proc_macro_attribute]
pub fn allow(args: TokenStream, input: TokenStream) -> TokenStream {
    allow::expand(args.into(), input.into()).into()
}

/// Runs an `async fn` in one database transaction: commit on `Ok`, roll back
/// on `Err`, panic or cancellation; nested calls become savepoints.
///
/// See the `harden-runtime` documentation for the full reference.
#[proc_macro_attribute]
pub fn transactional(args: TokenStream, input: TokenStream) -> TokenStream {
    transactional::expand(args.into(), input.into()).into()
}
