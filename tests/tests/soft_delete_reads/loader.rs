//! The 2.0 entity loader: the parent query is filtered in SQL, and hidden
//! related rows are dropped at every depth of `.with(..)`.

use crate::entities::{badge, remark, story, tag, writer};
use crate::repo::Writers;
use crate::support::{record, seed, where_clause, writer_visible};
use harden_tests::on_every_backend;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityLoaderTrait, QueryFilter};

fn stories(writer: &writer::ModelEx) -> Vec<&str> {
    writer.stories.iter().map(|s| s.title.as_str()).collect()
}

fn remarks(story: &story::ModelEx) -> Vec<&str> {
    story.remarks.iter().map(|r| r.body.as_str()).collect()
}

fn badge(writer: &writer::ModelEx) -> Option<&str> {
    assert!(writer.badge.is_loaded(), "the badge was asked for");
    writer.badge.as_ref().map(|b| b.label.as_str())
}

async fn entity_loader_drops_deleted_parent_and_children(mut db: DatabaseConnection) {
    let seed = seed(&db).await;
    let backend = db.get_database_backend();
    let sql = record(&mut db);

    // Without the scope, SeaORM's loader returns the deleted children: what
    // the assertions below rule out.
    let unfiltered = writer::Entity::load()
        .filter_by_id(seed.ann.id)
        .with(badge::Entity)
        .with((story::Entity, remark::Entity))
        .one(&db)
        .await
        .unwrap()
        .expect("ann");
    assert_eq!(stories(&unfiltered), ["kept", "hidden"]);
    sql.take();

    let hand_filtered = |id: i32| {
        writer::Entity::load()
            .filter(writer::Column::IsActive.eq(true))
            .filter_by_id(id)
            .with(badge::Entity)
            .with((story::Entity, remark::Entity))
            .one(&db)
    };

    assert_eq!(
        Writers::loaded(&db, seed.gone.id).await.unwrap(),
        None,
        "deleted parent"
    );
    let ran = sql.take();
    assert!(
        where_clause(&ran[0]).contains(&writer_visible(backend)),
        "{}",
        ran[0]
    );
    assert_eq!(hand_filtered(seed.gone.id).await.unwrap(), None);
    assert_eq!(
        ran,
        sql.take(),
        "the statements of the hand-filtered loader"
    );

    let ann = Writers::loaded(&db, seed.ann.id)
        .await
        .unwrap()
        .expect("ann");
    let ran = sql.take();
    assert_eq!((ann.id, badge(&ann)), (seed.ann.id, Some("gold")));
    assert_eq!(stories(&ann), ["kept"], "the deleted story is dropped");
    assert_eq!(
        remarks(&ann.stories[0]),
        ["fine"],
        "and the deleted remark, one level down"
    );
    // The related rows are loaded by the loader's own queries (SeaORM's,
    // unchanged) and the hidden ones dropped after.
    let by_hand = hand_filtered(seed.ann.id).await.unwrap().expect("ann");
    assert_eq!(
        ran,
        sql.take(),
        "the statements of the hand-filtered loader"
    );
    assert_eq!(stories(&by_hand), ["kept", "hidden"]);

    let bob = Writers::loaded(&db, seed.bob.id)
        .await
        .unwrap()
        .expect("bob");
    assert_eq!(badge(&bob), None, "a deleted has-one reads as not found");
    assert!(stories(&bob).is_empty());
    sql.take();

    let all = Writers::all_loaded(&db).await.unwrap();
    let ran = sql.take();
    let shape: Vec<(&str, Option<&str>, Vec<&str>)> = all
        .iter()
        .map(|w| (w.name.as_str(), badge(w), stories(w)))
        .collect();
    assert_eq!(
        shape,
        [("ann", Some("gold"), vec!["kept"]), ("bob", None, vec![])]
    );
    let by_hand = writer::Entity::load()
        .filter(writer::Column::IsActive.eq(true))
        .with(badge::Entity)
        .with((story::Entity, remark::Entity))
        .order_by_id_asc()
        .all(&db)
        .await
        .unwrap();
    assert_eq!(
        ran,
        sql.take(),
        "the same statements as the hand-filtered loader"
    );
    assert_eq!(by_hand.len(), all.len());

    let by_email = Writers::loaded_by_email(&db, "gone@example.com")
        .await
        .unwrap();
    assert_eq!(by_email, None);
    let ann = Writers::loaded_by_email(&db, "ann@example.com")
        .await
        .unwrap()
        .expect("ann");
    assert_eq!(stories(&ann), ["kept"]);
}

async fn entity_loader_hides_deleted_belongs_to_and_many_to_many(mut db: DatabaseConnection) {
    let seed = seed(&db).await;
    let sql = record(&mut db);
    let loaded = Writers::stories_loaded(&db).await.unwrap();
    let ran = sql.take();
    let shape: Vec<(&str, Option<&str>, Vec<&str>)> = loaded
        .iter()
        .map(|s| {
            let writer = s.writer.as_ref().map(|w| w.name.as_str());
            let tags = s.tags.iter().map(|t| t.name.as_str()).collect();
            (s.title.as_str(), writer, tags)
        })
        .collect();
    assert_eq!(
        shape,
        [
            ("kept", Some("ann"), vec!["rust"]),
            ("orphan", None, vec![])
        ],
        "the orphan's writer is deleted: not loaded, as SeaORM leaves a missing one"
    );
    assert!(loaded[1].writer.is_unloaded());
    let by_hand = story::Entity::load()
        .filter(story::Column::DeletedAt.is_null())
        .with(writer::Entity)
        .with(tag::Entity)
        .order_by_id_asc()
        .all(&db)
        .await
        .unwrap();
    assert_eq!(
        ran,
        sql.take(),
        "the same statements as the hand-filtered loader"
    );
    let orphan = by_hand
        .iter()
        .find(|s| s.id == seed.orphan.id)
        .expect("orphan");
    assert!(
        orphan.writer.is_loaded(),
        "unfiltered, the deleted writer comes back"
    );
}

async fn entity_loader_pages_and_helpers_are_filtered(mut db: DatabaseConnection) {
    seed(&db).await;
    let sql = record(&mut db);
    let (count, page) = Writers::first_page(&db, 1).await.unwrap();
    assert_eq!(count, 2, "ann and bob: the deleted writer is not counted");
    let shape: Vec<(&str, Vec<&str>)> =
        page.iter().map(|w| (w.name.as_str(), stories(w))).collect();
    assert_eq!(shape, [("ann", vec!["kept"])]);
    let ran = sql.take();
    let backend = db.get_database_backend();
    assert!(
        ran[..2]
            .iter()
            .all(|s| where_clause(s).contains(&writer_visible(backend))),
        "{ran:?}"
    );

    let helped = Writers::through_helper(&db).await.unwrap();
    let shape: Vec<(&str, Vec<&str>)> = helped
        .iter()
        .map(|w| (w.name.as_str(), stories(w)))
        .collect();
    assert_eq!(shape, [("ann", vec!["kept"]), ("bob", vec![])]);
}

on_every_backend!(
    entity_loader_drops_deleted_parent_and_children,
    entity_loader_hides_deleted_belongs_to_and_many_to_many,
    entity_loader_pages_and_helpers_are_filtered,
);
