//! `multi-table-write-outside-transaction`: writes to several tables that can half-succeed.

use std::collections::BTreeSet;

use crate::diag::Findings;
use crate::model::{Model, Table};
use crate::rules::declare_rule;
use crate::rules::transactions::only_called_in_transactions;

declare_rule! {
    /// ## What it flags
    /// A function that writes to two or more tables — directly, or through workspace
    /// functions it calls (resolved by path and `use`; method calls by a unique name) —
    /// outside a transaction. A transaction is `#[transactional]` on the function, a manual
    /// `begin()`/`commit()`, or a `transaction(|txn| ..)` closure around the writes. A
    /// function whose every caller is transactional is not flagged, nor one whose writes all
    /// come from a single callee (that callee is reported instead).
    ///
    /// ## Why it matters
    /// If the second write fails, the first stays: an order without its items, a user without
    /// a profile. The checklist requires every multi-table operation in a transaction.
    ///
    /// ## Example
    /// ```text
    /// async fn place(db: &DatabaseConnection, o: order::ActiveModel, i: item::ActiveModel) -> Result<(), DbErr> {
    ///     order::Entity::insert(o).exec(db).await?;
    ///     item::Entity::insert(i).exec(db).await?;
    ///     Ok(())
    /// }
    /// ```
    ///
    /// ## Fix
    /// ```text
    /// #[harden_runtime::transactional]
    /// async fn place(db: &DatabaseConnection, ..) -> Result<(), DbErr> { .. }
    /// ```
    name: "multi-table-write-outside-transaction", section: 9, level: Error, exempt_in_tests: true,
    run: multi_table_write_outside_transaction,
}

pub(crate) fn multi_table_write_outside_transaction(model: &Model, out: &mut Findings) {
    for (id, f) in model.fns() {
        if f.is_test || model.is_transactional(id) || only_called_in_transactions(model, id) {
            continue;
        }
        let direct = model.direct_writes(id);
        let mut tables: BTreeSet<Table> = direct.clone();
        let mut contributing = Vec::new();
        for &c in model.callees(id) {
            let t = model.all_writes(c);
            if !t.is_empty() {
                contributing.push((c, t.clone()));
                tables.extend(t);
            }
        }
        if tables.len() < 2 {
            continue;
        }
        if direct.is_empty() && contributing.iter().any(|(_, t)| t.len() == tables.len()) {
            continue;
        }
        let names: Vec<String> = tables.iter().map(|t| model.table_name(t)).collect();
        let guessed_table = tables.iter().any(|t| matches!(t, Table::Guess(_)));
        let guessed_call = contributing.iter().any(|(c, _)| model.call_guessed(id, *c));
        let note = match (guessed_table, guessed_call) {
            (true, _) => " (some tables guessed from the receiver's name)",
            (false, true) => " (method calls resolved by name; the checker guessed)",
            (false, false) => "",
        };
        let r = out
            .report(
                &RULE,
                id.0,
                f.span,
                format!("`{}` writes to {} tables ({}) outside a transaction{note}", f.name, names.len(), names.join(", ")),
            )
            .help("annotate it `#[harden_runtime::transactional]` (or wrap the writes in `db.transaction(|txn| ..)`)");
        for call in model.files[id.0]
            .facts
            .db_calls
            .iter()
            .filter(|c| c.func == Some(id.1) && c.op.writes() && !c.in_transaction_closure)
        {
            r.label(id.0, call.span, format!("writes here (`{}`)", call.method));
        }
        for (c, _) in contributing {
            let callee = model.func(c);
            r.label(c.0, callee.span, format!("`{}` writes too", callee.name));
        }
    }
}
