//! `jwt-secret-in-code`: a token signing key written into the code.

use crate::findings::Findings;
use crate::model::Model;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it flags
    /// A literal given to a constructor of an HMAC token key: `EncodingKey::from_secret`,
    /// `DecodingKey::from_secret` (and their `from_base64_secret`) of jsonwebtoken,
    /// jwt-simple's `HS256Key::from_bytes`, and `Hmac::new_from_slice` — as a string, a byte
    /// string or `"..".as_bytes()`, whatever it says (`"secret"`, `"dev-key"`). A literal
    /// fallback for the secret's environment variable is `hardcoded-secret`'s.
    ///
    /// ## Why it matters
    /// Whoever reads the code (or the binary) can sign tokens for any user. The checklist
    /// wants a JWT secret of 32 or more random characters, kept out of the code and set per
    /// environment; a short one can be brute-forced from a single token.
    ///
    /// ## Example
    /// ```text
    /// let key = EncodingKey::from_secret(b"my-secret");
    /// ```
    ///
    /// ## Fix
    /// Read it from the environment or a secret store at start-up and refuse to start
    /// without it: `EncodingKey::from_secret(config.jwt_secret.as_bytes())`.
    name: "jwt-secret-in-code", section: 1, level: Error, exempt_in_tests: true,
    run: jwt_secret_in_code,
}

pub(crate) fn jwt_secret_in_code(model: &Model, out: &mut Findings) {
    for (fi, file) in model.rust_files() {
        for k in &file.facts.jwt_keys {
            let short = if k.literal < 32 {
                format!(
                    ", {} characters where 32 random ones is the least",
                    k.literal
                )
            } else {
                String::new()
            };
            out.report(
                ID,
                fi,
                k.span,
                format!("`{}` is given a key written in the code{short}", k.constructor),
            )
            .help("read the secret from the environment or a secret store at start-up (32+ random characters), and refuse to start without it");
        }
    }
}
