//! §8, soft delete: every entity annotated, every read filtered, no hard deletes.

pub(crate) mod entity_not_soft_delete_annotated;
pub(crate) mod hard_delete_of_soft_delete_entity;
pub(crate) mod raw_sql_on_soft_delete_table;
pub(crate) mod soft_delete_escape_hatch;
pub(crate) mod unannotated_repository;
pub(crate) mod unfiltered_soft_delete_read;

use crate::rules::RuleInfo;

pub(crate) const RULES: &[&RuleInfo] = &[
    &entity_not_soft_delete_annotated::RULE,
    &unannotated_repository::RULE,
    &unfiltered_soft_delete_read::RULE,
    &hard_delete_of_soft_delete_entity::RULE,
    &raw_sql_on_soft_delete_table::RULE,
    &soft_delete_escape_hatch::RULE,
];

use crate::facts::DbCall;

/// Whether the query's own `.filter(..)` calls mention the soft-delete column.
pub(crate) fn filters_column(call: &DbCall, column: &str) -> bool {
    let pascal = to_pascal(column);
    call.filter_idents
        .iter()
        .any(|i| *i == pascal || i == column)
}

/// "(guessed from the name)" when an entity was resolved by a guess.
pub(crate) fn guess_note(guessed: bool) -> &'static str {
    if guessed {
        " (entity resolved by name; the checker guessed)"
    } else {
        ""
    }
}

/// `is_active` → `IsActive`: the column variant `DeriveEntityModel` generates.
pub(crate) fn to_pascal(s: &str) -> String {
    s.split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}
