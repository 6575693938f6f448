//! `untransactional-service-method`: a service method that writes without a transaction.

use crate::findings::Findings;
use crate::hash::FastSet as HashSet;
use crate::ids::FnId;
use crate::model::Model;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it flags
    /// A method of a service type (`*Service`, or functions in a `services` module;
    /// configurable with `service-patterns`) that writes to the database — directly or
    /// through the repositories it calls — outside a transaction: it is not
    /// `#[transactional]`, the writes are not inside a transaction it opens, and not every
    /// call of it runs inside one. Methods whose writes can half-succeed are reported by
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
    let reported: HashSet<FnId> = model.conflicts().iter().map(|c| c.func).collect();
    for (id, f) in model.fns() {
        if f.is_test
            || !model.is_service(id)
            || f.is_transactional()
            || model.always_in_transaction(id)
            || reported.contains(&id)
        {
            continue;
        }
        let tables = model.loose_writes(id);
        if tables.is_empty() {
            continue;
        }
        let names: Vec<String> = tables.iter().map(|t| model.entity_name(*t)).collect();
        let (file, _) = model.fn_location(id);
        out.report(
            ID,
            file,
            f.span,
            format!(
                "service method `{}` writes `{}` outside a transaction",
                f.name,
                names.join("`, `")
            ),
        )
        .help("annotate it `#[harden_runtime::transactional]`");
    }
}
