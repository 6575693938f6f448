//! `write-through-other-handle`: inside a transaction, a write that does not go through it.

use crate::facts::{FileFacts, FnFact, Site, TxRef};
use crate::findings::Findings;
use crate::model::Model;
use crate::rules::declare_rule;
use crate::span::Span;

declare_rule! {
    /// ## What it flags
    /// Inside a transaction, a write — `X::insert(..).exec(h)`, `X::delete_many().exec(h)`,
    /// `am.insert(h)`, `am.save(h)`, `model.delete(h)`, ... — or a call of a workspace
    /// function that writes, run on a handle `h` that is not the transaction:
    /// - in `db.transaction(|txn| ..)`, any handle but `txn`;
    /// - in a `#[transactional]` function, any handle but the one the macro turns into the
    ///   transaction (`conn = ..`, or its one connection parameter): with a connection
    ///   parameter `db`, a write through `self.db` or a state field bypasses it;
    /// - after `let txn = db.begin().await?` and before its `commit()`/`rollback()`, the
    ///   handle it was begun on (`db`).
    ///
    /// Handles are compared by what they name: `let conn = &txn;` makes `conn` the
    /// transaction, and `&self.db`, `self.db.as_ref()` and `self.db.clone()` are all
    /// `self.db`.
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
        let facts = &file.facts;
        for call in facts.db_calls.iter().filter(|c| c.op.writes()) {
            let Some(h) = &call.handle else { continue };
            let handle = &h.written;
            let Some((txn, begun)) = bypassed(facts, call.site, &h.names) else {
                continue;
            };
            let r = out
                .report(
                    ID,
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
            if let Some(span) = begun {
                r.label(fi, span, format!("transaction `{txn}` begun here"));
            }
        }
        for (ci, call) in facts.calls.iter().enumerate() {
            // A function takes one connection: handed the transaction, the call runs on it,
            // whatever its other arguments are called (`save(tx, &rows, &indexed_for_tx)`).
            if call.site.tx.is_some()
                && call
                    .handles
                    .iter()
                    .any(|h| bypassed(facts, call.site, &h.names).is_none())
            {
                continue;
            }
            for h in &call.handles {
                let handle = &h.written;
                let Some((txn, _)) = bypassed(facts, call.site, &h.names) else {
                    continue;
                };
                let Some(r) = model.call_target(fi, ci) else {
                    break;
                };
                let Some(&target) = r.targets.iter().find(|t| model.writes_anything(**t)) else {
                    break;
                };
                let callee = &model.func(target).name;
                let (tf, _) = model.fn_location(target);
                let what = match model.tables_written(target).next() {
                    Some(table) => {
                        let chain = model.write_chain(target, table).0;
                        let names: Vec<&str> =
                            chain.iter().map(|c| model.func(*c).name.as_str()).collect();
                        let via = if names.is_empty() {
                            String::new()
                        } else {
                            format!(" (through `{}`)", names.join("` → `"))
                        };
                        format!("`{callee}` writes `{}`{via}", model.entity_name(table))
                    }
                    None => format!("`{callee}` writes"),
                };
                out.report(
                    ID,
                    fi,
                    call.span,
                    format!(
                        "`{callee}` writes through `{handle}`, outside the transaction `{txn}`"
                    ),
                )
                .help(format!(
                    "pass the transaction `{txn}`; `{callee}` should take `&impl ConnectionTrait`"
                ))
                .label(tf, model.func(target).span, what);
                break;
            }
        }
    }
}

/// The transaction a write on `handle` at `site` bypasses, if it bypasses one, and where
/// that transaction was begun.
fn bypassed(facts: &FileFacts, site: Site, handle: &str) -> Option<(String, Option<Span>)> {
    match site.tx? {
        TxRef::Closure(i) => {
            let c = &facts.txn_closures[i as usize];
            let txn = c.param.as_deref()?;
            (handle != txn).then(|| (txn.to_string(), Some(c.span)))
        }
        TxRef::Manual(i) => {
            let b = &facts.begins[i as usize];
            // `let db = db.begin().await?` shadows the handle: `db` is the transaction now.
            if b.txn.as_deref() == Some(handle) {
                return None;
            }
            let txn = b.txn.clone().unwrap_or_else(|| "txn".into());
            (b.from == handle).then_some((txn, Some(b.span)))
        }
        TxRef::Transactional => {
            let func: &FnFact = &facts.fns[site.func? as usize];
            let conn = func.transactional.as_ref()?.as_deref()?;
            (handle != conn).then(|| (conn.to_string(), None))
        }
    }
}
