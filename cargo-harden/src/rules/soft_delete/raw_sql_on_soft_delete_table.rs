//! `raw-sql-on-soft-delete-table`: raw SQL that ignores the soft-delete column.

use crate::findings::Findings;
use crate::model::Model;
use crate::rules::declare_rule;
use crate::rules::soft_delete::Visible;

declare_rule! {
    /// ## What it flags
    /// Raw SQL (`Statement::from_string`, `Statement::from_sql_and_values`, `*_raw` methods,
    /// `execute_unprepared`, `raw_sql!`) that reads or updates a soft-delete table without
    /// mentioning its soft-delete column, or that `DELETE`s from it.
    ///
    /// ## Why it matters
    /// The macros cannot rewrite SQL text: a raw query silently returns deleted rows, and a
    /// raw `DELETE` destroys them.
    ///
    /// ## Example
    /// ```text
    /// Statement::from_string(backend, "SELECT * FROM users WHERE email = 'a@b.c'")
    /// ```
    ///
    /// ## Fix
    /// Add the predicate (`AND is_active = true` / `AND deleted_at IS NULL`), or use the
    /// query builder inside a `#[soft_delete]` repository.
    name: "raw-sql-on-soft-delete-table", section: 8, level: Error, exempt_in_tests: true,
    run: raw_sql_on_soft_delete_table,
}

pub(crate) fn raw_sql_on_soft_delete_table(model: &Model, out: &mut Findings) {
    let tables: Vec<(String, String, String, Visible)> = model
        .entities()
        .filter_map(|(id, e)| {
            let sd = e.soft_delete.as_ref().filter(|sd| sd.exempt.is_none())?;
            let table = e.table_name.clone().or_else(|| e.module.last().cloned())?;
            Some((
                table.to_lowercase(),
                sd.column.to_lowercase(),
                model.entity_name(id),
                Visible::of(e, &sd.column),
            ))
        })
        .collect();
    for (fi, file) in model.rust_files() {
        for raw in &file.facts.raw_sql {
            let sql = raw.sql.to_lowercase();
            let words: Vec<&str> = sql
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .filter(|w| !w.is_empty())
                .collect();
            for (table, column, entity, visible) in &tables {
                let Some(verb) = touches(&words, table) else {
                    continue;
                };
                let message = if verb == "delete" {
                    format!(
                        "raw SQL (`{}`) hard-deletes from soft-delete table `{table}` ({entity})",
                        raw.via
                    )
                } else if !words.contains(&column.as_str()) {
                    format!(
                        "raw SQL (`{}`) on soft-delete table `{table}` ({entity}) does not filter on `{column}`",
                        raw.via
                    )
                } else {
                    continue;
                };
                let predicate = visible.sql(table, column);
                out.report(ID, fi, raw.span, message)
                    .help(if verb == "delete" {
                        format!("set the column instead: `UPDATE {table} SET {column} = ...`")
                    } else {
                        format!("add `{predicate}` to the WHERE clause (or the JOIN's ON clause)")
                    });
            }
        }
    }
}

/// How the statement uses `table`: `"delete"`, `"read"` (FROM/JOIN/UPDATE/INTO), or not at all.
fn touches(words: &[&str], table: &str) -> Option<&'static str> {
    let mut found = None;
    for (i, w) in words.iter().enumerate() {
        if *w != table || i == 0 {
            continue;
        }
        match words[i - 1] {
            "from" if i >= 2 && words[i - 2] == "delete" => return Some("delete"),
            "from" | "join" | "update" => found = Some("read"),
            _ => {}
        }
    }
    found
}
