//! `#[harden_runtime::allow(rule, reason = "...")]`: a suppression read by
//! `cargo harden check`. Compiles to nothing; only the reason is enforced.

use crate::internals::ctxt::Ctxt;
use proc_macro2::{TokenStream, TokenTree};
use quote::quote;

pub(crate) fn expand(args: TokenStream, input: TokenStream) -> TokenStream {
    let cx = Ctxt::new();
    check(&cx, &args);
    match cx.check() {
        Ok(()) => input,
        Err(err) => {
            let errors = err.to_compile_error();
            quote!(#input #errors)
        }
    }
}

/// Rule names are kebab-case (`permissive-cors`), which is not a Rust path,
/// so the arguments are read as raw tokens: names, then `reason = "..."`.
fn check(cx: &Ctxt, args: &TokenStream) {
    let tokens: Vec<TokenTree> = args.clone().into_iter().collect();
    let reason_at = tokens
        .iter()
        .position(|t| matches!(t, TokenTree::Ident(i) if i == harden_calls::allow::REASON));
    let Some(at) = reason_at else {
        cx.error_spanned_by(
            args,
            "a suppression needs a reason: `#[harden_runtime::allow(rule-name, reason = \"why this is safe\")]`",
        );
        return;
    };
    if at == 0 {
        cx.error_spanned_by(&tokens[at], "name the rule(s) to allow before `reason`, e.g. `allow(print-macro, reason = \"...\")`");
    }
    let value = match (tokens.get(at + 1), tokens.get(at + 2)) {
        (Some(TokenTree::Punct(eq)), Some(TokenTree::Literal(lit))) if eq.as_char() == '=' => {
            lit.to_string()
        }
        _ => {
            cx.error_spanned_by(&tokens[at], "expected `reason = \"...\"`");
            return;
        }
    };
    // The checker reads the reason with the same rule: a blank one is none.
    let reason = harden_calls::allow::reason(value.trim_matches('"'));
    if !value.starts_with('"') || reason.is_none() {
        cx.error_spanned_by(
            &tokens[at + 2],
            "the reason must be a non-empty string saying why the finding does not apply",
        );
    }
}
