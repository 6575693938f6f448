//! `#[soft_delete(...)]` arguments, parsed and checked before expansion.

use crate::internals::ctxt::Ctxt;
use crate::internals::suggest::did_you_mean;
use proc_macro2::{Span, TokenStream};
use syn::LitStr;
use syn::parse::Parser;

use harden_calls::soft_delete::OPTIONS;

/// What the attribute was asked to do.
#[derive(Default)]
pub(crate) struct Args {
    /// `deleted_at`: the timestamp strategy (its span, for errors).
    pub(crate) deleted_at: Option<Span>,
    /// `column = "name"`: the field that marks rows deleted.
    pub(crate) column: Option<LitStr>,
    /// `exempt = "reason"`: the entity keeps hard deletes.
    pub(crate) exempt: Option<LitStr>,
    /// The whole argument list, for "takes no arguments" errors.
    pub(crate) tokens: TokenStream,
    /// Parsing stopped at a malformed option: what follows from the options
    /// (which column to look for) is unknown, so it is not checked.
    pub(crate) malformed: bool,
}

impl Args {
    /// Parses the arguments, reporting every malformed or unknown one to `cx`
    /// and keeping what did parse.
    pub(crate) fn parse(cx: &Ctxt, tokens: TokenStream) -> Args {
        let mut args = Args {
            tokens: tokens.clone(),
            ..Args::default()
        };
        let parser = syn::meta::parser(|meta| {
            let Some(ident) = meta.path.get_ident() else {
                return Err(meta.error(format!("expected one of {}", list(OPTIONS))));
            };
            match ident.to_string().as_str() {
                "deleted_at" => {
                    if args.deleted_at.replace(ident.span()).is_some() {
                        cx.error_spanned_by(ident, "`deleted_at` given twice");
                    }
                }
                "column" => {
                    let value: LitStr = meta.value()?.parse()?;
                    if value.value().trim().is_empty() {
                        cx.error_spanned_by(
                            &value,
                            "`column` needs the name of a field of `Model`",
                        );
                    }
                    if args.column.replace(value.clone()).is_some() {
                        cx.error_spanned_by(&value, "`column` given twice");
                    }
                }
                "exempt" => {
                    let Ok(value) = meta.value().and_then(|v| v.parse::<LitStr>()) else {
                        return Err(meta.error(
                            "`exempt` needs a reason: `#[soft_delete(exempt = \"join table: rows are removed with their parents\")]`",
                        ));
                    };
                    if value.value().trim().is_empty() {
                        cx.error_spanned_by(&value, "the exemption reason is empty; say why rows of this entity must be hard-deleted");
                    }
                    args.exempt = Some(value);
                }
                other => {
                    return Err(meta.error(format!(
                        "unknown `#[soft_delete]` option `{other}`{}; expected one of {}",
                        did_you_mean(other, OPTIONS),
                        list(OPTIONS)
                    )));
                }
            }
            Ok(())
        });
        if let Err(err) = parser.parse2(tokens) {
            cx.syn_error(err);
            args.malformed = true;
        }
        if let (Some(exempt), true) = (
            &args.exempt,
            args.deleted_at.is_some() || args.column.is_some(),
        ) {
            cx.error_spanned_by(exempt, "an exempt entity has no soft-delete column: drop `deleted_at` / `column`, or drop `exempt`");
        }
        args
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }
}

fn list(options: &[&str]) -> String {
    options
        .iter()
        .map(|o| format!("`{o}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
