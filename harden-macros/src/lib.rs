//! Attribute macros; users reach them through `harden-runtime`.
use proc_macro::TokenStream;

#[proc_macro_attribute]
pub fn soft_delete(_args: TokenStream, input: TokenStream) -> TokenStream { input }
#[proc_macro_attribute]
pub fn allow(_args: TokenStream, input: TokenStream) -> TokenStream { input }
