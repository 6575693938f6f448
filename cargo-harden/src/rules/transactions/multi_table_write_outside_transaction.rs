//! `multi-table-write-outside-transaction`: writes to several tables that can half-succeed.

use std::collections::BTreeSet;

use crate::findings::Findings;
use crate::ids::EntityId;
use crate::model::{Model, Unit, UnitKind};
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it flags
    /// The innermost function where two writes to different tables can both run outside a
    /// transaction, so that one can succeed while the other fails. A write is a SeaORM write
    /// of an entity the checker resolved (by path and `use`), or a call of a workspace
    /// function that writes (resolved by the receiver's type; by a unique method name only
    /// when no common dependency type has that method — the message then says it guessed).
    ///
    /// Not flagged: writes inside one transaction (`#[transactional]`, `begin()` up to that
    /// binding's `commit()`/`rollback()`, a `transaction(|txn| ..)` closure); a function that
    /// takes a `&DatabaseTransaction` or whose every call runs inside a transaction; writes
    /// on branches that exclude each other (`if`/`else`, `match` arms, an early `return`);
    /// two separate transactions; and the callers of a reported function for the same writes.
    /// A task handed to `spawn` runs on its own: its writes are checked as a unit of their
    /// own, outside any transaction of the function that spawned it.
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
    for conflict in model.conflicts() {
        let id = conflict.func;
        let f = model.func(id);
        if f.is_test {
            continue;
        }
        let (file, _) = model.fn_location(id);
        let tables: BTreeSet<EntityId> = conflict
            .units
            .iter()
            .flat_map(|u| u.tables.iter().copied())
            .collect();
        let names: Vec<String> = tables.iter().map(|t| model.entity_name(*t)).collect();
        let note = conflict
            .units
            .iter()
            .find_map(|u| u.guess)
            .map(|why| format!(" (guessed: {why})"))
            .unwrap_or_default();
        let task = if conflict.task > 0 {
            " in the task it spawns"
        } else {
            ""
        };
        let outside = if conflict.units.iter().any(|u| u.atomic) {
            ", not all in one transaction"
        } else {
            " outside a transaction"
        };
        let r = out
            .report(
                ID,
                file,
                f.span,
                format!(
                    "`{}` writes to {} tables ({}){task}{outside}{note}",
                    f.name,
                    names.len(),
                    names.join(", ")
                ),
            )
            .help("annotate it `#[harden_runtime::transactional]` (or wrap the writes in `db.transaction(|txn| ..)`)");
        for unit in &conflict.units {
            r.label(file, unit.span, describe(model, file, unit));
        }
    }
}

/// What a unit writes, for its label.
fn describe(model: &Model, file: crate::ids::FileId, unit: &Unit) -> String {
    let tables: Vec<String> = unit.tables.iter().map(|t| model.entity_name(*t)).collect();
    let list = tables.join("`, `");
    match &unit.kind {
        UnitKind::Write { call } => {
            let c = &model.file(file).facts.db_calls[*call as usize];
            format!("writes `{list}` here (`{}`)", c.method)
        }
        UnitKind::Call { callees, .. } => {
            let Some(&first) = callees.first() else {
                return format!("writes `{list}`");
            };
            let name = &model.func(first).name;
            let via = unit
                .tables
                .iter()
                .next()
                .map(|t| model.write_chain(first, *t).0)
                .filter(|chain| !chain.is_empty())
                .map(|chain| {
                    let names: Vec<&str> =
                        chain.iter().map(|c| model.func(*c).name.as_str()).collect();
                    format!(" (through `{}`)", names.join("` → `"))
                })
                .unwrap_or_default();
            let atomic = if unit.atomic {
                ", in its own transaction"
            } else {
                ""
            };
            let more = if callees.len() > 1 {
                format!(" (and {} other implementations)", callees.len() - 1)
            } else {
                String::new()
            };
            format!("`{name}`{more} writes `{list}`{via}{atomic}")
        }
        UnitKind::Transaction { .. } => format!("writes `{list}` inside a transaction"),
    }
}
