//! `write-through-other-handle`: inside a transaction, a write that does not go through it.

use crate::diag::{Findings, Span};
use crate::facts::FnFact;
use crate::model::Model;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it flags
    /// Inside a transaction, a write — `X::insert(..).exec(h)`, `X::delete_many().exec(h)`,
    /// `am.insert(h)`, `am.save(h)`, `model.delete(h)`, ... — or a call of a workspace
    /// function that writes, run on a handle `h` that is not the transaction:
    /// - in `db.transaction(|txn| ..)`, any handle but `txn`;
    /// - in a `#[transactional]` function, any handle but the one the macro turns into the
    ///   transaction (`conn = ..`, or its one connection parameter);
    /// - after `let txn = db.begin().await?` and before its `commit()`/`rollback()`, the
    ///   handle it was begun on (`db`).
    ///
    /// ## Why it matters
    /// That write is not part of the transaction: it commits on its own even when the
    /// transaction rolls back, and it cannot see the transaction's uncommitted rows. On a
    /// pool with one connection left it can also wait for the transaction forever.
    ///
    /// ## Example
    /// ```text
    /// db.transaction::<_, (), DbErr>(|txn| Box::pin(async move {
    ///     order::Entity::insert(o).exec(txn).await?;
    ///     audit::Entity::insert(a).exec(db).await?;   // outside the transaction
    ///     Ok(())
    /// }))
    /// ```
    ///
    /// ## Fix
    /// Run it on the transaction: `.exec(txn)`. A helper that writes should take
    /// `&impl ConnectionTrait` and be handed `txn`.
    name: "write-through-other-handle", section: 9, level: Error, exempt_in_tests: true,
    run: write_through_other_handle,
}

pub(crate) fn write_through_other_handle(model: &Model, out: &mut Findings) {
    for (fi, file) in model.rust_files() {
        for call in file.facts.db_calls.iter().filter(|c| c.op.writes()) {
            let Some(handle) = &call.handle else { continue };
            let func = call.func.map(|f| model.func((fi, f)));
            let Some(txn) = bypassed(func, call.txn_param.as_deref(), handle, call.span) else {
                continue;
            };
            out.report(
                &RULE,
                fi,
                call.span,
                format!(
                    "`{}` writes through `{handle}`, outside the transaction `{txn}`",
                    call.method
                ),
            )
            .help(format!(
                "run it on the transaction: pass `{txn}` instead of `{handle}`"
            ));
        }
        for call in file.facts.calls.iter().filter(|c| !c.handles.is_empty()) {
            let func = call.func.map(|f| model.func((fi, f)));
            for handle in &call.handles {
                let Some(txn) = bypassed(func, call.txn_param.as_deref(), handle, call.span) else {
                    continue;
                };
                // Resolved only for a bypassing handle: most calls pass the transaction.
                let Some((target, _)) = model.resolve_call(fi, call) else {
                    break;
                };
                if model.all_writes(target).is_empty() {
                    break;
                }
                let callee = &model.func(target).name;
                out.report(
                    &RULE,
                    fi,
                    call.span,
                    format!(
                        "`{callee}` writes through `{handle}`, outside the transaction `{txn}`"
                    ),
                )
                .help(format!(
                    "pass the transaction `{txn}`; `{callee}` should take `&impl ConnectionTrait`"
                ))
                .label(
                    target.0,
                    model.func(target).span,
                    format!("`{callee}` writes"),
                );
            }
        }
    }
}

/// The transaction a write on `handle` at `span` bypasses, if it bypasses one.
fn bypassed(
    func: Option<&FnFact>,
    txn_param: Option<&str>,
    handle: &str,
    span: Span,
) -> Option<String> {
    // Innermost first: a `transaction(|txn| ..)` closure.
    if let Some(txn) = txn_param {
        return (handle != txn).then(|| txn.to_string());
    }
    let func = func?;
    if func.transactional {
        let conn = func.transactional_conn.as_deref()?;
        return (handle != conn).then(|| conn.to_string());
    }
    // A manual transaction open at this line, begun on this very handle.
    func.begins.iter().rev().find_map(|b| {
        let open = b.line < span.line
            && !func
                .commit_lines
                .iter()
                .any(|&c| c > b.line && c < span.line);
        (open && b.from == handle).then(|| b.txn.clone().unwrap_or_else(|| "txn".into()))
    })
}
