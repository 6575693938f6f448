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

use crate::facts::{DbCall, EntityFact, SoftDeleteAttr};

/// Whether the query's own `.filter(..)` calls mention the soft-delete column.
pub(crate) fn filters_column(call: &DbCall, e: &EntityFact, column: &str) -> bool {
    let variant = column_variant(e, column);
    call.filter_idents
        .iter()
        .any(|i| *i == variant || i == column)
}

/// How an entity's soft-delete column keeps visible rows, decided by the column's type as
/// `#[soft_delete]` decides it: a nullable timestamp is `NULL`, a flag is `true`.
pub(crate) struct Visible {
    /// `Column::IsActive`'s variant name (`#[sea_orm(enum_name)]` respected).
    pub variant: String,
    /// `true` for a timestamp column.
    pub timestamp: bool,
}

impl Visible {
    pub(crate) fn of(e: &EntityFact, sd: &SoftDeleteAttr) -> Visible {
        use harden_calls::soft_delete::{Strategy, strategy};
        // A column the checker did not see (an expanded entity's): the options decide.
        let timestamp = e
            .columns
            .iter()
            .find(|c| c.name == sd.column)
            .map_or(sd.deleted_at, |c| {
                strategy(&c.ty, sd.deleted_at, sd.explicit_column) == Some(Strategy::Timestamp)
            });
        Visible {
            variant: column_variant(e, &sd.column),
            timestamp,
        }
    }

    /// The query-builder predicate: `.filter(user::Column::IsActive.eq(true))`'s argument.
    pub(crate) fn filter(&self, module: &str) -> String {
        let test = if self.timestamp {
            "is_null()"
        } else {
            "eq(true)"
        };
        format!("{module}::Column::{}.{test}", self.variant)
    }

    /// The SQL predicate on `table.column`.
    pub(crate) fn sql(&self, table: &str, column: &str) -> String {
        if self.timestamp {
            format!("{table}.{column} IS NULL")
        } else {
            format!("{table}.{column} = true")
        }
    }
}

/// The `Column` variant `DeriveEntityModel` generates for `column`.
fn column_variant(e: &EntityFact, column: &str) -> String {
    let enum_name = e
        .columns
        .iter()
        .find(|c| c.name == column)
        .and_then(|c| c.enum_name.as_deref());
    harden_calls::column_variant(column, enum_name)
}

/// "(guessed from the name)" when an entity was resolved by a guess.
pub(crate) fn guess_note(guessed: bool) -> &'static str {
    if guessed {
        " (entity resolved by name; the checker guessed)"
    } else {
        ""
    }
}
