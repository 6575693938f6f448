//! `swallowed-transaction-error`: the result of a transaction thrown away.

use crate::findings::Findings;
use harden_calls::TransactionCall;

use crate::facts::Callee;
use crate::model::Model;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it flags
    /// The `Result` of a transaction discarded with `let _ =`, `_ =`, `.ok()`,
    /// `.unwrap_or(..)`, `.unwrap_or_default()` or `.unwrap_or_else(..)`: a call of a
    /// `#[transactional]` workspace function, `.transaction(..)` or `.commit()`.
    ///
    /// ## Why it matters
    /// The transaction rolled back, but the caller carries on as if it committed: the user
    /// sees "saved", the data is not there.
    ///
    /// ## Example
    /// ```text
    /// let _ = service.transfer(from, to, amount).await;
    /// ```
    ///
    /// ## Fix
    /// Propagate it (`?`) or handle the error explicitly (log and return an error response).
    name: "swallowed-transaction-error", section: 9, level: Error, exempt_in_tests: true,
    run: swallowed_transaction_error,
}

pub(crate) fn swallowed_transaction_error(model: &Model, out: &mut Findings) {
    for (fi, file) in model.rust_files() {
        for (ci, call) in file.facts.calls.iter().enumerate() {
            let Some(how) = call.swallowed else { continue };
            let name = call.callee.name();
            let ends_transaction = matches!(&call.callee, Callee::Method { name, .. } if matches!(
                harden_calls::transaction_call(name),
                Some(TransactionCall::Closure | TransactionCall::Commit)
            ));
            let what = if ends_transaction {
                format!("`.{name}()`")
            } else {
                match model.call_target(fi, ci) {
                    Some(r) if r.targets.iter().any(|t| model.func(*t).is_transactional()) => {
                        format!("transactional `{name}`")
                    }
                    _ => continue,
                }
            };
            out.report(ID, fi, call.span, format!("the result of {what} is discarded with {how}"))
                .help("propagate the error with `?` or handle it; a rolled-back transaction must not look like success");
        }
    }
}
