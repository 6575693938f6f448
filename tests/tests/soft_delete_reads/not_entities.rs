//! What is not a SeaORM entity is never rewritten: a repository's own
//! `find`, an enum's `find_by_id`, an iterator's `all`.

use crate::entities::writer;
use crate::support::{record, seed, writer_visible};
use harden_runtime::soft_delete;
use harden_tests::on_every_backend;
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbBackend, EntityTrait, QueryFilter, QueryTrait, Select,
};

#[derive(Debug, PartialEq, Eq)]
pub enum Role {
    Admin,
    Reader,
}

impl Role {
    pub fn find_by_id(id: i32) -> Option<Role> {
        match id {
            1 => Some(Role::Admin),
            2 => Some(Role::Reader),
            _ => None,
        }
    }
}

pub struct Catalog;

#[soft_delete]
impl Catalog {
    /// A helper named like `EntityTrait::find`; filtered once, here.
    pub fn find() -> Select<writer::Entity> {
        writer::Entity::find()
    }

    /// `Self::find()` is the helper above, not an entity's: no second
    /// predicate.
    pub fn visible() -> Select<writer::Entity> {
        Self::find()
    }

    /// An enum's `find_by_id` is left alone.
    pub fn role(id: i32) -> Option<Role> {
        Role::find_by_id(id)
    }

    /// `all` on an iterator, held in a variable, is left alone.
    pub fn all_positive(values: &[i32]) -> bool {
        let mut iter = values.iter();
        let all = iter.all(|v| *v > 0);
        all && iter.next().is_none()
    }
}

#[test]
fn a_repository_helper_named_find_gets_one_predicate() {
    for backend in [DbBackend::Sqlite, DbBackend::Postgres, DbBackend::MySql] {
        let ours = Catalog::visible().build(backend).to_string();
        let once = writer::Entity::find()
            .filter(writer::Column::IsActive.eq(true))
            .build(backend)
            .to_string();
        assert_eq!(ours, once, "{backend:?}");
    }
    assert_eq!(Catalog::role(1), Some(Role::Admin));
    assert_eq!(Catalog::role(3), None);
    assert!(Catalog::all_positive(&[1, 2]));
}

async fn non_entities_keep_their_own_calls(mut db: DatabaseConnection) {
    let seed = seed(&db).await;
    let sql = record(&mut db);
    let rows = Catalog::visible().all(&db).await.unwrap();
    assert_eq!(rows.len(), 2, "ann and bob");
    assert!(rows.iter().all(|w| w.id != seed.gone.id));
    let ran = sql.only();
    let predicate = writer_visible(db.get_database_backend());
    assert_eq!(ran.matches(&predicate).count(), 1, "one predicate: {ran}");
}

on_every_backend!(non_entities_keep_their_own_calls);
