//! `entity-not-soft-delete-annotated`: an entity that is neither soft-delete nor exempt.

use crate::facts::{ColumnFact, EntityFact};
use crate::findings::Findings;
use crate::model::Model;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it flags
    /// A SeaORM entity (`struct Model` with `#[derive(DeriveEntityModel)]` or
    /// `#[sea_orm::model]`) without `#[soft_delete]`, and `#[soft_delete(exempt = "")]` with
    /// an empty reason.
    ///
    /// The help names the exact line to add when the entity tells: a soft-delete column
    /// (`is_active`/`active`/`enabled: bool`; `deleted_at`/`removed_at`/`archived_at:
    /// Option<timestamp>`), a pure join table (its primary key is two or more `*_id`
    /// columns and it has no other data), or a table of short-lived or append-only rows by
    /// its name (tokens, sessions, queues, jobs, logs, audit trails, events; a token table
    /// only when its rows expire, `expires_at`, and are not revoked by a flag).
    /// `cargo harden fix --rule entity-not-soft-delete-annotated` writes those lines.
    ///
    /// ## Why it matters
    /// The checklist requires every read to skip deleted rows; an entity nobody decided about
    /// is one whose rows can be hard-deleted by accident or read after deletion.
    ///
    /// ## Example
    /// ```text
    /// #[derive(Clone, Debug, DeriveEntityModel)]
    /// #[sea_orm(table_name = "users")]
    /// pub struct Model { .. }
    /// ```
    ///
    /// ## Fix
    /// ```text
    /// #[harden_runtime::soft_delete]            // `is_active: bool` column
    /// #[harden_runtime::soft_delete(deleted_at)] // `deleted_at: Option<DateTime>` column
    /// #[harden_runtime::soft_delete(exempt = "append-only audit log")]
    /// ```
    name: "entity-not-soft-delete-annotated", section: 8, level: Error, exempt_in_tests: true,
    run: entity_not_soft_delete_annotated, fixes: true,
}

pub(crate) fn entity_not_soft_delete_annotated(model: &Model, out: &mut Findings) {
    for (eid, e) in model.entities() {
        let fi = model.entity_file(eid);
        let table = e
            .table_name
            .as_deref()
            .map(|t| format!(" (table `{t}`)"))
            .unwrap_or_default();
        let name = e
            .module
            .last()
            .map_or_else(|| "Model".to_string(), |m| format!("{m}::Model"));
        match &e.soft_delete {
            None => {
                let r = out.report(
                    ID,
                    fi,
                    e.span,
                    format!("entity `{name}`{table} is neither soft-delete nor exempt"),
                );
                match suggestion(e) {
                    Suggestion::Line { attr, why } => {
                        r.help(format!(
                            "{why}: add `{attr}` above the derive (`cargo harden fix` does)"
                        ))
                        .fix(fi, e.insert_line, attr);
                    }
                    Suggestion::Inverted(column) => {
                        r.help(format!(
                            "`{column}` is true for deleted rows; `#[soft_delete]` needs a flag that is true for visible rows (`is_active: bool`) or a nullable timestamp (`deleted_at: Option<DateTimeUtc>`): add one, then `#[harden_runtime::soft_delete]` or `#[harden_runtime::soft_delete(deleted_at)]`"
                        ));
                    }
                    Suggestion::Decide => {
                        r.help("add `#[harden_runtime::soft_delete]` with an `is_active: bool` column (or `(deleted_at)` with a `deleted_at: Option<DateTimeUtc>` column), or `#[harden_runtime::soft_delete(exempt = \"why rows may be hard-deleted\")]`");
                    }
                }
            }
            Some(sd) if sd.exempt.as_deref().is_some_and(|r| r.trim().is_empty()) => {
                out.report(
                    ID,
                    fi,
                    sd.span,
                    format!("entity `{name}`{table} is exempt from soft delete without a reason"),
                )
                .help("say why, e.g. `#[soft_delete(exempt = \"join table\")]`");
            }
            Some(_) => {}
        }
    }
}

/// What an entity's columns and name say it should be annotated with.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Suggestion {
    /// This exact attribute, for this reason.
    Line { attr: String, why: String },
    /// A column that is true for deleted rows, which `#[soft_delete]` cannot use as is.
    Inverted(String),
    /// Nothing tells: the author decides.
    Decide,
}

/// Boolean columns that are true while the row is visible. Only the convention's own name:
/// `enabled`, `visible` and `active` are as often on/off switches a user or an admin flips.
const VISIBLE_FLAGS: &[&str] = &["is_active"];
/// Boolean columns that are true once the row is deleted.
const DELETED_FLAGS: &[&str] = &[
    "deleted",
    "is_deleted",
    "removed",
    "is_removed",
    "archived",
    "is_archived",
];
/// Nullable timestamps set when the row is deleted (`archived_at` is a state, not a
/// deletion).
const DELETED_AT: &[&str] = &["deleted_at", "removed_at", "deleted_on", "trashed_at"];
/// Last words of a table name that say what its rows are, and why they need no soft delete.
/// The table's name must end with one (`refresh_tokens`, `job_queue`, `audit_log`): a word
/// in the middle (`coaching_sessions`, `event_registrations`) says nothing.
const EXEMPT_KINDS: &[(&[&str], &str)] = &[
    (
        &["token", "tokens", "nonce", "nonces", "otp", "otps"],
        "credentials: revoked or expired rows are deleted",
    ),
    (
        &["queue", "queues", "outbox"],
        "work queue: processed rows are deleted",
    ),
    (
        &["log", "logs", "audit", "audits"],
        "log: rows are kept or pruned, never soft-deleted",
    ),
];

/// Columns that keep a credential's row after it is revoked: its rows are not deleted, so
/// the credentials exemption would say something false.
const REVOKE_COLUMNS: &[&str] = &[
    "revoked",
    "is_revoked",
    "revoked_at",
    "disabled",
    "is_disabled",
];
/// Columns that say a row expires: what makes a `tokens` table hold credentials rather than,
/// say, a blockchain's token contracts.
const EXPIRY_COLUMNS: &[&str] = &[
    "expires_at",
    "expire_at",
    "expired_at",
    "expires",
    "expiry",
    "expiration",
    "expires_on",
    "valid_until",
];

/// The annotation an entity's columns and name call for.
pub(crate) fn suggestion(e: &EntityFact) -> Suggestion {
    let column = |names: &[&str], ok: &dyn Fn(&ColumnFact) -> bool| {
        names
            .iter()
            .find_map(|n| e.columns.iter().find(|c| c.name == *n && ok(c)))
    };
    if let Some(c) = column(VISIBLE_FLAGS, &|c| c.ty == "bool") {
        let attr = if c.name == "is_active" {
            "#[harden_runtime::soft_delete]".to_string()
        } else {
            format!("#[harden_runtime::soft_delete(column = \"{}\")]", c.name)
        };
        return Suggestion::Line {
            attr,
            why: format!("`{}: bool` marks visible rows", c.name),
        };
    }
    if let Some(c) = column(DELETED_AT, &|c| is_nullable_timestamp(&c.ty)) {
        let attr = if c.name == "deleted_at" {
            "#[harden_runtime::soft_delete(deleted_at)]".to_string()
        } else {
            format!("#[harden_runtime::soft_delete(column = \"{}\")]", c.name)
        };
        return Suggestion::Line {
            attr,
            why: format!("`{}: {}` marks deleted rows", c.name, c.ty),
        };
    }
    if let Some(c) = column(DELETED_FLAGS, &|c| c.ty == "bool") {
        return Suggestion::Inverted(c.name.clone());
    }
    let keys: Vec<&ColumnFact> = e.columns.iter().filter(|c| c.primary_key).collect();
    let data = e
        .columns
        .iter()
        .filter(|c| !c.primary_key && !matches!(c.name.as_str(), "created_at" | "updated_at"))
        .count();
    if keys.len() >= 2 && keys.iter().all(|c| c.name.ends_with("_id")) && data == 0 {
        return Suggestion::Line {
            attr: "#[harden_runtime::soft_delete(exempt = \"join table\")]".into(),
            why: "its primary key is its foreign keys".into(),
        };
    }
    let table = e
        .table_name
        .clone()
        .or_else(|| e.module.last().cloned())
        .unwrap_or_default()
        .to_lowercase();
    let last = table.rsplit(['_', '-']).next().unwrap_or("");
    if table == "sessions" || table == "session" {
        return Suggestion::Line {
            attr: "#[harden_runtime::soft_delete(exempt = \"login sessions: expired rows are deleted\")]".into(),
            why: format!("table `{table}` holds login sessions"),
        };
    }
    let has = |names: &[&str]| e.columns.iter().any(|c| names.contains(&c.name.as_str()));
    // Credentials the exemption fits expire and are deleted, not revoked by a flag.
    let expiring_credentials = has(EXPIRY_COLUMNS) && !has(REVOKE_COLUMNS);
    for (kinds, reason) in EXEMPT_KINDS {
        if kinds.contains(&last) && (expiring_credentials || !reason.starts_with("credentials")) {
            return Suggestion::Line {
                attr: format!("#[harden_runtime::soft_delete(exempt = \"{reason}\")]"),
                why: format!(
                    "table `{table}` holds {}",
                    reason.split(':').next().unwrap_or(reason)
                ),
            };
        }
    }
    Suggestion::Decide
}

/// `Option<DateTimeUtc>`, `Option<chrono::DateTime<Utc>>`, `Option<OffsetDateTime>`, ...
fn is_nullable_timestamp(ty: &str) -> bool {
    let Some(inner) = ty.strip_prefix("Option<").and_then(|t| t.strip_suffix('>')) else {
        return false;
    };
    let last = inner.rsplit("::").next().unwrap_or(inner);
    last.starts_with("DateTime")
        || last.starts_with("NaiveDateTime")
        || last.starts_with("TimeDateTime")
        || last.starts_with("OffsetDateTime")
        || last.starts_with("PrimitiveDateTime")
}
