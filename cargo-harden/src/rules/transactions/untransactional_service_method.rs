//! `untransactional-service-method`: a service method that writes without a transaction.

use crate::findings::Findings;
use std::collections::BTreeSet;

use crate::hash::{FastMap as HashMap, FastSet as HashSet};
use crate::ids::{EntityId, FnId};
use crate::model::Model;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it flags
    /// A method of a service type (`*Service`, or functions in a `services` module;
    /// configurable with `service-patterns`) that writes to the database — directly or
    /// through the repositories it calls — outside a transaction: it is not
    /// `#[transactional]`, the writes are not inside a transaction it opens, and not every
    /// call of it runs inside one. Methods whose writes can half-succeed are reported by
    /// `multi-table-write-outside-transaction` instead, and a method that writes nothing
    /// itself, only calling service methods reported here, is left to them.
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
    let mut candidates: Vec<(FnId, BTreeSet<EntityId>)> = Vec::new();
    // Per candidate that writes nothing itself: the callees it hands its writes on to.
    let mut forwards: HashMap<FnId, Vec<FnId>> = HashMap::default();
    for (id, f) in model.fns() {
        if f.is_test
            || !model.is_service(id)
            || f.is_transactional()
            || model.always_in_transaction(id)
            || reported.contains(&id)
        {
            continue;
        }
        let (own, via) = model.loose_write_sources(id);
        let mut tables = own.clone();
        for (_, t) in &via {
            tables.extend(t.iter().copied());
        }
        if tables.is_empty() {
            continue;
        }
        if own.is_empty() {
            forwards.insert(id, via.iter().map(|(t, _)| *t).collect());
        }
        candidates.push((id, tables));
    }
    let wrappers = wrappers(&candidates, &forwards);
    for (id, tables) in candidates {
        if wrappers.contains(&id) {
            continue;
        }
        let f = model.func(id);
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

/// The candidates that only pass their writes on to other candidates which are reported
/// (directly, or through further such wrappers): the finding belongs where the writes
/// are, as with `multi-table-write-outside-transaction`, not on every method above it.
fn wrappers(
    candidates: &[(FnId, BTreeSet<EntityId>)],
    forwards: &HashMap<FnId, Vec<FnId>>,
) -> HashSet<FnId> {
    let is_candidate: HashSet<FnId> = candidates.iter().map(|(id, _)| *id).collect();
    let pure: HashSet<FnId> = forwards
        .iter()
        .filter(|(_, to)| !to.is_empty() && to.iter().all(|t| is_candidate.contains(t)))
        .map(|(id, _)| *id)
        .collect();
    // A wrapper is covered once one of its callees is reported or covered; a ring of
    // wrappers that reaches no reported method keeps its findings.
    let mut covered: HashSet<FnId> = HashSet::default();
    loop {
        let before = covered.len();
        for &id in &pure {
            if covered.contains(&id) {
                continue;
            }
            if forwards[&id]
                .iter()
                .any(|t| !pure.contains(t) || covered.contains(t))
            {
                covered.insert(id);
            }
        }
        if covered.len() == before {
            return covered;
        }
    }
}
