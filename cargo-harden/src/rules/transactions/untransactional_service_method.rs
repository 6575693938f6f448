//! `untransactional-service-method`: a service method that writes without a transaction.

use crate::diag::Findings;
use crate::model::Model;
use crate::rules::declare_rule;
use crate::rules::transactions::only_called_in_transactions;

declare_rule! {
    /// ## What it flags
    /// A method of a service type (`*Service`, or functions in a `services` module;
    /// configurable with `service-patterns`) that writes to the database — directly or
    /// through the repositories it calls — but is neither `#[transactional]` nor inside a
    /// transaction. Methods writing two or more tables are reported by
    /// `multi-table-write-outside-transaction` instead.
    ///
    /// ## Why it matters
    /// Service methods are the unit of business work. Making each one transactional keeps
    /// the next change (a second write, an audit row) atomic without anyone remembering to.
    ///
    /// ## Example
    /// ```text
    /// impl AccountService {
    ///     pub async fn rename(&self, id: i32, name: String) -> Result<(), AppError> { .. }
    /// }
    /// ```
    ///
    /// ## Fix
    /// ```text
    /// #[harden_runtime::transactional]
    /// pub async fn rename(&self, id: i32, name: String) -> Result<(), AppError> { .. }
    /// ```
    name: "untransactional-service-method", section: 9, level: Warning, exempt_in_tests: true,
    run: untransactional_service_method,
}

pub(crate) fn untransactional_service_method(model: &Model, out: &mut Findings) {
    for (id, f) in model.fns() {
        if f.is_test
            || !model.is_service(id)
            || model.is_transactional(id)
            || only_called_in_transactions(model, id)
        {
            continue;
        }
        let writes = model.all_writes(id);
        if writes.len() != 1 {
            continue;
        }
        let table = writes
            .iter()
            .next()
            .map(|t| model.table_name(t))
            .unwrap_or_default();
        out.report(
            &RULE,
            id.0,
            f.span,
            format!(
                "service method `{}` writes `{table}` outside a transaction",
                f.name
            ),
        )
        .help("annotate it `#[harden_runtime::transactional]`");
    }
}
