//! Unique-key finders, qualified path calls and generic reads.

use crate::entities::{badge, story, writer};
use crate::repo::Writers;
use crate::support::{record, seed, story_visible, where_clause, writer_visible};
use harden_tests::on_every_backend;
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbBackend, EntityTrait, LoaderTrait, ModelTrait, QueryFilter,
    QueryOrder, QueryTrait,
};

async fn unique_key_finders_skip_deleted_rows(mut db: DatabaseConnection) {
    let seed = seed(&db).await;
    let sql = record(&mut db);

    let found = Writers::by_email(&db, "ann@example.com").await.unwrap();
    assert_eq!(found, Some(seed.ann.clone()));
    let ran = sql.only();
    let by_hand = writer::Entity::find_by_email("ann@example.com")
        .filter(writer::Column::IsActive.eq(true))
        .one(&db)
        .await
        .unwrap();
    assert_eq!(by_hand, found);
    assert_eq!(ran, sql.only(), "the hand-written filter, text for text");

    assert_eq!(
        Writers::by_email(&db, "gone@example.com").await.unwrap(),
        None
    );
    let ran = sql.only();
    assert!(
        where_clause(&ran).contains(&writer_visible(db.get_database_backend())),
        "{ran}"
    );
    let unfiltered = writer::Entity::find_by_email("gone@example.com")
        .one(&db)
        .await
        .unwrap();
    assert_eq!(
        unfiltered,
        Some(seed.gone.clone()),
        "the row is there, only hidden"
    );
    sql.take();

    let badge = Writers::badge_of(&db, seed.ann.id).await.unwrap();
    assert_eq!(badge.map(|b| b.label), Some("gold".to_owned()));
    assert_eq!(
        Writers::badge_of(&db, seed.bob.id).await.unwrap(),
        None,
        "bob's badge is deleted"
    );
    let ran = sql.take();
    let badge_visible = crate::support::badge_visible(db.get_database_backend());
    assert!(ran.iter().all(|s| s.contains(&badge_visible)), "{ran:?}");
}

async fn qualified_path_calls_are_filtered(mut db: DatabaseConnection) {
    let seed = seed(&db).await;
    let backend = db.get_database_backend();
    let sql = record(&mut db);

    let all = Writers::qualified(&db).await.unwrap();
    assert_eq!(all, [seed.ann.clone(), seed.bob.clone()]);
    let ran = sql.only();
    let by_hand = writer::Entity::find()
        .filter(writer::Column::IsActive.eq(true))
        .order_by_asc(writer::Column::Id)
        .all(&db)
        .await
        .unwrap();
    assert_eq!(by_hand, all);
    assert_eq!(ran, sql.only());

    assert_eq!(
        Writers::qualified_by_id(&db, seed.gone.id).await.unwrap(),
        None
    );
    assert_eq!(
        Writers::qualified_by_id(&db, seed.ann.id).await.unwrap(),
        Some(seed.ann.clone())
    );
    for ran in sql.take() {
        assert!(
            where_clause(&ran).contains(&writer_visible(backend)),
            "{ran}"
        );
    }

    let stories = Writers::stories_path_form(&db, &seed.ann).await.unwrap();
    assert_eq!(stories, std::slice::from_ref(&seed.kept));
    let ran = sql.only();
    let by_hand = seed
        .ann
        .find_related(story::Entity)
        .filter(story::Column::DeletedAt.is_null())
        .all(&db)
        .await
        .unwrap();
    assert_eq!(by_hand, stories);
    assert_eq!(ran, sql.only());

    let loaded = Writers::load_many_path_form(&db, &[seed.ann.clone(), seed.bob.clone()])
        .await
        .unwrap();
    assert_eq!(loaded, [vec![seed.kept.clone()], vec![]]);
    let ran = sql.only();
    assert!(
        where_clause(&ran).contains(&story_visible(backend)),
        "{ran}"
    );
    let unfiltered = vec![seed.ann.clone(), seed.bob.clone()]
        .load_many(story::Entity, &db)
        .await
        .unwrap();
    assert_eq!(unfiltered.iter().map(Vec::len).collect::<Vec<_>>(), [2, 1]);
    sql.take();

    let related = Writers::related_select()
        .order_by_asc(story::Column::Id)
        .all(&db)
        .await
        .unwrap();
    assert_eq!(related, [seed.kept.clone(), seed.orphan.clone()]);
    let ran = sql.only();
    assert!(
        where_clause(&ran).contains(&story_visible(backend)),
        "{ran}"
    );
}

async fn generic_reads_with_the_policy_bound_are_filtered(mut db: DatabaseConnection) {
    let seed = seed(&db).await;
    let backend = db.get_database_backend();
    let sql = record(&mut db);
    let gone = Writers::generic_by_id::<writer::Entity, _>(&db, seed.gone.id)
        .await
        .unwrap();
    assert_eq!(gone, None);
    let ann = Writers::generic_by_id::<writer::Entity, _>(&db, seed.ann.id)
        .await
        .unwrap();
    assert_eq!(ann, Some(seed.ann.clone()));
    let bob_badge = badge::Entity::find()
        .filter(badge::Column::WriterId.eq(seed.bob.id))
        .one(&db)
        .await
        .unwrap()
        .expect("bob's badge row");
    sql.take();
    let hidden = Writers::generic_by_id::<badge::Entity, _>(&db, bob_badge.id)
        .await
        .unwrap();
    assert_eq!(hidden, None, "the same generic fn, another entity's policy");
    let ran = sql.only();
    assert!(
        where_clause(&ran).contains(&crate::support::badge_visible(backend)),
        "{ran}"
    );
}

#[test]
fn unique_key_finder_sql_is_the_hand_written_filter() {
    for backend in [DbBackend::Sqlite, DbBackend::Postgres, DbBackend::MySql] {
        let rewritten = crate::repo::sql::by_email("a@b").build(backend).to_string();
        let by_hand = writer::Entity::find_by_email("a@b")
            .filter(writer::Column::IsActive.eq(true))
            .build(backend)
            .to_string();
        assert_eq!(rewritten, by_hand, "{backend:?}");
    }
}

on_every_backend!(
    unique_key_finders_skip_deleted_rows,
    qualified_path_calls_are_filtered,
    generic_reads_with_the_policy_bound_are_filtered,
);
