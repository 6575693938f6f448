//! Keys that sign or verify tokens: `EncodingKey::from_secret(..)` and its kin, with what
//! they are given when that is a literal.

use syn::Expr;

use super::JwtKey;
use super::peel::peel;
use super::walker::Walker;
use crate::span::Span;

/// `(type, constructor)` pairs that make an HMAC signing key from the bytes they are given:
/// jsonwebtoken, jwt-simple, hmac (which the `jwt` crate signs with).
const KEY_CONSTRUCTORS: &[(&str, &str)] = &[
    ("EncodingKey", "from_secret"),
    ("DecodingKey", "from_secret"),
    ("EncodingKey", "from_base64_secret"),
    ("DecodingKey", "from_base64_secret"),
    ("HS256Key", "from_bytes"),
    ("HS384Key", "from_bytes"),
    ("HS512Key", "from_bytes"),
    ("Hmac", "new_from_slice"),
];

pub(super) fn path_call(w: &mut Walker<'_>, segs: &[String], c: &syn::ExprCall, span: Span) {
    let [.., ty, f] = segs else { return };
    if !KEY_CONSTRUCTORS.contains(&(ty.as_str(), f.as_str())) {
        return;
    }
    let Some(literal) = c.args.first().and_then(literal_len) else {
        return;
    };
    w.facts.jwt_keys.push(JwtKey {
        constructor: format!("{ty}::{f}"),
        span,
        literal,
    });
}

/// The length in characters of a literal key: `"..."`, `b"..."`, `"...".as_bytes()`.
fn literal_len(e: &Expr) -> Option<u32> {
    match peel(e) {
        Expr::Lit(l) => match &l.lit {
            syn::Lit::Str(s) => Some(s.value().chars().count() as u32),
            syn::Lit::ByteStr(b) => Some(b.value().len() as u32),
            _ => None,
        },
        Expr::MethodCall(m)
            if m.args.is_empty()
                && ["as_bytes", "into_bytes", "to_vec", "as_ref", "to_string"]
                    .iter()
                    .any(|n| m.method == n) =>
        {
            literal_len(&m.receiver)
        }
        _ => None,
    }
}
