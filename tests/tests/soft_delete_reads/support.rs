//! Seed data, the executed SQL, and the predicate texts the assertions
//! look for.

use crate::entities::{badge, remark, story, story_tag, tag, writer};
use sea_orm::sea_query::{Expr, ExprTrait, Query, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DbBackend, Schema,
};
use std::sync::{Arc, Mutex};

/// The seeded rows, by role.
pub struct Seed {
    /// Visible; a visible badge, stories "kept" (visible) and "hidden".
    pub ann: writer::Model,
    /// Visible; a deleted badge, one deleted story.
    pub bob: writer::Model,
    /// Deleted; one visible story "orphan".
    pub gone: writer::Model,
    pub kept: story::Model,
    pub orphan: story::Model,
}

/// Creates the `sr_` tables and the rows every scenario reads:
///
/// | writer | badge | stories | remarks on "kept" | tags on "kept" |
/// |---|---|---|---|---|
/// | ann | gold | kept, hidden (deleted) | fine, spam (deleted) | rust, secret (deleted) |
/// | bob | old (deleted) | bob's draft (deleted) | | |
/// | gone (deleted) | | orphan | | |
pub async fn seed(db: &DatabaseConnection) -> Seed {
    let backend = db.get_database_backend();
    let schema = Schema::new(backend);
    for statement in [
        schema.create_table_from_entity(writer::Entity),
        schema.create_table_from_entity(badge::Entity),
        schema.create_table_from_entity(story::Entity),
        schema.create_table_from_entity(remark::Entity),
        schema.create_table_from_entity(tag::Entity),
        schema.create_table_from_entity(story_tag::Entity),
    ] {
        db.execute(&statement).await.expect("create table");
    }
    let ann = add_writer(db, "ann", true).await;
    let bob = add_writer(db, "bob", true).await;
    let gone = add_writer(db, "gone", false).await;
    add_badge(db, &ann, "gold", true).await;
    add_badge(db, &bob, "old", false).await;
    let kept = add_story(db, &ann, "kept", false).await;
    add_story(db, &ann, "hidden", true).await;
    add_story(db, &bob, "bob's draft", true).await;
    let orphan = add_story(db, &gone, "orphan", false).await;
    add_remark(db, &kept, "fine", true).await;
    add_remark(db, &kept, "spam", false).await;
    let rust = add_tag(db, "rust", true).await;
    let secret = add_tag(db, "secret", false).await;
    for tag in [&rust, &secret] {
        story_tag::ActiveModel {
            story_id: Set(kept.id),
            tag_id: Set(tag.id),
        }
        .insert(db)
        .await
        .expect("insert story tag");
    }
    Seed {
        ann,
        bob,
        gone,
        kept,
        orphan,
    }
}

async fn add_writer(db: &DatabaseConnection, name: &str, active: bool) -> writer::Model {
    writer::ActiveModel {
        name: Set(name.to_owned()),
        email: Set(format!("{name}@example.com")),
        is_active: Set(active),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert writer")
}

async fn add_badge(db: &DatabaseConnection, writer: &writer::Model, label: &str, active: bool) {
    badge::ActiveModel {
        writer_id: Set(writer.id),
        label: Set(label.to_owned()),
        is_active: Set(active),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert badge");
}

async fn add_story(
    db: &DatabaseConnection,
    writer: &writer::Model,
    title: &str,
    deleted: bool,
) -> story::Model {
    story::ActiveModel {
        writer_id: Set(writer.id),
        title: Set(title.to_owned()),
        deleted_at: Set(deleted.then(chrono::Utc::now)),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert story")
}

async fn add_remark(db: &DatabaseConnection, story: &story::Model, body: &str, active: bool) {
    remark::ActiveModel {
        story_id: Set(story.id),
        body: Set(body.to_owned()),
        is_active: Set(active),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert remark");
}

async fn add_tag(db: &DatabaseConnection, name: &str, active: bool) -> tag::Model {
    tag::ActiveModel {
        name: Set(name.to_owned()),
        is_active: Set(active),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert tag")
}

/// The statements `db` runs from now on, as SQL text with the values in.
pub fn record(db: &mut DatabaseConnection) -> Recorder {
    let statements = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&statements);
    db.set_metric_callback(move |info| {
        if let Ok(mut sink) = sink.lock() {
            sink.push(info.statement.to_string());
        }
    });
    Recorder { statements }
}

/// See [`record`].
pub struct Recorder {
    statements: Arc<Mutex<Vec<String>>>,
}

impl Recorder {
    /// The statements run since the last call.
    pub fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.statements.lock().expect("recorder"))
    }

    /// The one statement run since the last call.
    pub fn only(&self) -> String {
        let mut statements = self.take();
        assert_eq!(
            statements.len(),
            1,
            "one statement expected: {statements:?}"
        );
        statements.remove(0)
    }
}

/// A predicate as `backend` writes it: what a rewritten query must contain.
pub fn predicate(backend: DbBackend, expr: SimpleExpr) -> String {
    let sql = backend
        .build(Query::select().expr(Expr::val(1)).and_where(expr))
        .to_string();
    let (_, predicate) = sql.split_once(" WHERE ").expect("a WHERE clause");
    predicate.to_owned()
}

pub fn writer_visible(backend: DbBackend) -> String {
    predicate(backend, writer::Column::IsActive.eq(true))
}

pub fn story_visible(backend: DbBackend) -> String {
    predicate(
        backend,
        Expr::col((story::Entity, story::Column::DeletedAt)).is_null(),
    )
}

pub fn badge_visible(backend: DbBackend) -> String {
    predicate(backend, badge::Column::IsActive.eq(true))
}

pub fn remark_visible(backend: DbBackend) -> String {
    predicate(backend, remark::Column::IsActive.eq(true))
}

/// The `ON` condition of the join of `table` in `sql` (up to the next join
/// or clause).
pub fn on_clause<'a>(sql: &'a str, table: &str) -> &'a str {
    let join = sql
        .find(&format!("JOIN {table} ON "))
        .unwrap_or_else(|| panic!("no join of {table} in {sql}"));
    let on = &sql[join..];
    let end = [
        " LEFT JOIN ",
        " INNER JOIN ",
        " RIGHT JOIN ",
        " WHERE ",
        " ORDER BY ",
        " LIMIT ",
    ]
    .iter()
    .filter_map(|clause| on[1..].find(clause).map(|at| at + 1))
    .min()
    .unwrap_or(on.len());
    &on[..end]
}

/// The `WHERE` clause of `sql`, if any (up to `ORDER BY` / `LIMIT`).
pub fn where_clause(sql: &str) -> &str {
    let Some((_, after)) = sql.rsplit_once(" WHERE ") else {
        return "";
    };
    let end = [" ORDER BY ", " LIMIT "]
        .iter()
        .filter_map(|clause| after.find(clause))
        .min()
        .unwrap_or(after.len());
    &after[..end]
}

/// A table name as `backend` quotes it.
pub fn quoted(backend: DbBackend, table: &str) -> String {
    match backend {
        DbBackend::MySql => format!("`{table}`"),
        _ => format!("\"{table}\""),
    }
}
