//! `raw-sql-on-soft-delete-table`: raw SQL that ignores the soft-delete column.

use crate::findings::Findings;
use crate::model::Model;
use crate::rules::declare_rule;
use crate::rules::soft_delete::Visible;

declare_rule! {
    /// ## What it flags
    /// Raw SQL (`Statement::from_string`, `Statement::from_sql_and_values`, `*_raw` methods,
    /// `execute_unprepared`, `raw_sql!`) that reads or updates a soft-delete table without
    /// filtering on its soft-delete column, or that `DELETE`s from it. The column must appear
    /// in a `WHERE` or `ON` condition (as `alias.column`, or bare); naming it in the select
    /// list filters nothing. SQL built with `format!`, `concat!`, `push_str` or `+=` into a
    /// variable is read from the literals it was built from.
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
                Visible::of(e, sd),
            ))
        })
        .collect();
    for (fi, file) in model.rust_files() {
        for raw in &file.facts.raw_sql {
            let tokens = tokenize(&raw.sql);
            for (table, column, entity, visible) in &tables {
                let message = match verdict(&tokens, table, column) {
                    Verdict::Untouched | Verdict::Filtered => continue,
                    Verdict::Delete => format!(
                        "raw SQL (`{}`) hard-deletes from soft-delete table `{table}` ({entity})",
                        raw.via
                    ),
                    Verdict::Unfiltered => format!(
                        "raw SQL (`{}`) on soft-delete table `{table}` ({entity}) does not filter on `{column}`",
                        raw.via
                    ),
                };
                let help = if message.contains("hard-deletes") {
                    format!("set the column instead: `UPDATE {table} SET {column} = ...`")
                } else {
                    format!(
                        "add `{}` to the WHERE clause (or the JOIN's ON clause)",
                        visible.sql(table, column)
                    )
                };
                out.report(ID, fi, raw.span, message).help(help);
            }
        }
    }
}

/// What a statement does with a table.
#[derive(Debug, PartialEq, Eq)]
enum Verdict {
    Untouched,
    Delete,
    /// Read or updated, and a condition names the soft-delete column.
    Filtered,
    Unfiltered,
}

/// Words (lower-cased, quotes removed) and punctuation of SQL text; string literals dropped.
fn tokenize(sql: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\'' {
            for c in chars.by_ref() {
                if c == '\'' {
                    break;
                }
            }
        } else if c.is_alphanumeric() || c == '_' {
            let mut w = c.to_lowercase().to_string();
            while let Some(&n) = chars.peek() {
                if !(n.is_alphanumeric() || n == '_') {
                    break;
                }
                w.extend(n.to_lowercase());
                chars.next();
            }
            out.push(w);
        } else if matches!(c, '"' | '`') {
            let mut w = String::new();
            for n in chars.by_ref() {
                if n == c {
                    break;
                }
                w.extend(n.to_lowercase());
            }
            out.push(w);
        } else if !c.is_whitespace() {
            out.push(c.to_string());
        }
    }
    out
}

/// Words that end a condition or cannot be an alias.
const KEYWORDS: &[&str] = &[
    "select",
    "from",
    "where",
    "join",
    "inner",
    "left",
    "right",
    "full",
    "outer",
    "cross",
    "natural",
    "on",
    "using",
    "group",
    "order",
    "by",
    "having",
    "limit",
    "offset",
    "union",
    "returning",
    "set",
    "values",
    "and",
    "or",
    "not",
    "as",
    "for",
    "window",
    "into",
    "update",
    "delete",
    "insert",
    "lateral",
];

/// How the statement in `tokens` uses `table`, and whether a `WHERE`/`ON` condition names
/// `column`.
fn verdict(tokens: &[String], table: &str, column: &str) -> Verdict {
    let mut names: Vec<&str> = Vec::new();
    let mut used = false;
    for (i, t) in tokens.iter().enumerate() {
        // `schema.table` counts as `table`.
        let qualified = tokens.get(i + 1).is_some_and(|d| d == ".");
        if t != table || qualified {
            continue;
        }
        let mut before = i;
        if i >= 2 && tokens[i - 1] == "." {
            before = i - 2;
        }
        let Some(prev) = before.checked_sub(1).map(|j| tokens[j].as_str()) else {
            continue;
        };
        match prev {
            "from" if before >= 2 && tokens[before - 2] == "delete" => return Verdict::Delete,
            "from" | "join" | "update" | "," => {}
            _ => continue,
        }
        used = true;
        names.push(table);
        let mut next = i + 1;
        if tokens.get(next).is_some_and(|t| t == "as") {
            next += 1;
        }
        if let Some(alias) = tokens.get(next)
            && alias.chars().all(|c| c.is_alphanumeric() || c == '_')
            && !KEYWORDS.contains(&alias.as_str())
        {
            names.push(alias);
        }
    }
    if !used {
        return Verdict::Untouched;
    }
    let mut in_condition = false;
    for (i, t) in tokens.iter().enumerate() {
        match t.as_str() {
            "where" | "on" => in_condition = true,
            "group" | "order" | "limit" | "having" | "union" | "returning" | "join" | "offset"
            | "select" | "from" | "set" | ";" => in_condition = false,
            _ if in_condition && t == column => {
                let qualifier = (i >= 2 && tokens[i - 1] == ".").then(|| tokens[i - 2].as_str());
                if qualifier.is_none_or(|q| names.contains(&q)) {
                    return Verdict::Filtered;
                }
            }
            _ => {}
        }
    }
    Verdict::Unfiltered
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(sql: &str) -> Verdict {
        verdict(&tokenize(sql), "users", "is_active")
    }

    #[test]
    fn the_column_must_be_in_a_condition() {
        assert_eq!(
            check("SELECT * FROM users WHERE email = $1"),
            Verdict::Unfiltered
        );
        assert_eq!(
            check("SELECT is_active FROM users WHERE id = 1"),
            Verdict::Unfiltered
        );
        assert_eq!(
            check("SELECT * FROM users u WHERE u.is_active = true"),
            Verdict::Filtered
        );
        assert_eq!(
            check("SELECT p.* FROM posts p JOIN users AS u ON u.id = p.author AND u.is_active"),
            Verdict::Filtered
        );
        assert_eq!(
            check("SELECT * FROM public.\"users\" WHERE \"is_active\" AND id = 1"),
            Verdict::Filtered
        );
        assert_eq!(
            check("SELECT * FROM posts p WHERE p.is_active"),
            Verdict::Untouched
        );
        assert_eq!(
            check("SELECT * FROM posts p, users u WHERE p.is_active AND u.id = 1"),
            Verdict::Unfiltered
        );
    }

    #[test]
    fn deletes_and_inserts() {
        assert_eq!(check("DELETE FROM users WHERE id = 1"), Verdict::Delete);
        assert_eq!(
            check("INSERT INTO users (id) VALUES (1)"),
            Verdict::Untouched
        );
        assert_eq!(
            check("UPDATE users SET name = 'x' WHERE id = 1"),
            Verdict::Unfiltered
        );
        assert_eq!(check("SELECT 'FROM users' FROM posts"), Verdict::Untouched);
    }
}
