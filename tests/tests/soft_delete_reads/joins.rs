//! Join helpers, `EXISTS` and multi-entity selects: the joined entity's
//! predicate is in its `ON` clause (in the `EXISTS` subquery), never in
//! `WHERE`, so parents without visible children still come back.

use crate::entities::{badge, remark, story, writer};
use crate::repo::joins;
use crate::support::{
    badge_visible, on_clause, quoted, record, remark_visible, seed, story_visible, where_clause,
    writer_visible,
};
use harden_tests::on_every_backend;
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbBackend, EntityTrait, QueryFilter, QueryOrder, QueryTrait,
};

const BACKENDS: [DbBackend; 3] = [DbBackend::Sqlite, DbBackend::Postgres, DbBackend::MySql];

/// `ours` is `theirs` (SeaORM's own join, of the hand-filtered parent) with
/// each `(table, predicate)` added to that table's `ON` clause and nowhere
/// else.
fn assert_filtered_in_on(backend: DbBackend, ours: &str, theirs: &str, joined: &[(&str, String)]) {
    let mut stripped = ours.to_owned();
    for (table, predicate) in joined {
        let on = on_clause(ours, &quoted(backend, table));
        assert!(
            on.contains(predicate.as_str()),
            "{table} not filtered in ON: {ours}"
        );
        assert!(
            !where_clause(ours).contains(predicate.as_str()),
            "{table} filtered in WHERE: {ours}"
        );
        stripped = stripped.replacen(&format!(" AND {predicate}"), "", 1);
    }
    assert_eq!(
        stripped, theirs,
        "{backend:?}: only the ON predicates were added"
    );
}

fn visible_writers() -> sea_orm::Select<writer::Entity> {
    writer::Entity::find().filter(writer::Column::IsActive.eq(true))
}

#[test]
fn join_helpers_put_the_predicate_in_on() {
    for backend in BACKENDS {
        let story = ("sr_stories", story_visible(backend));
        let ours = joins::inner_join().build(backend).to_string();
        let theirs = visible_writers()
            .inner_join(story::Entity)
            .build(backend)
            .to_string();
        assert_filtered_in_on(backend, &ours, &theirs, std::slice::from_ref(&story));

        let ours = joins::left_join().build(backend).to_string();
        let theirs = visible_writers()
            .left_join(story::Entity)
            .build(backend)
            .to_string();
        assert_filtered_in_on(backend, &ours, &theirs, std::slice::from_ref(&story));

        let ours = joins::reverse_join().build(backend).to_string();
        let theirs = story::Entity::find()
            .filter(story::Column::DeletedAt.is_null())
            .reverse_join(writer::Entity)
            .build(backend)
            .to_string();
        assert_filtered_in_on(
            backend,
            &ours,
            &theirs,
            &[("sr_writers", writer_visible(backend))],
        );

        let ours = joins::find_both_related().build(backend).to_string();
        let theirs = visible_writers()
            .find_both_related(story::Entity)
            .build(backend)
            .to_string();
        assert_filtered_in_on(backend, &ours, &theirs, std::slice::from_ref(&story));

        let ours = joins::find_also().build(backend).to_string();
        let theirs = visible_writers()
            .find_also(writer::Entity, story::Entity)
            .build(backend)
            .to_string();
        assert_filtered_in_on(backend, &ours, &theirs, std::slice::from_ref(&story));
    }
}

#[test]
fn right_join_filters_the_joined_entity_in_where() {
    for backend in BACKENDS {
        let ours = joins::right_join().build(backend).to_string();
        let predicate = story_visible(backend);
        assert!(where_clause(&ours).contains(&predicate), "{ours}");
        assert!(
            !on_clause(&ours, &quoted(backend, "sr_stories")).contains(&predicate),
            "{ours}"
        );
        let theirs = visible_writers()
            .right_join(story::Entity)
            .build(backend)
            .to_string();
        assert_eq!(
            ours.replacen(&format!(" AND {predicate}"), "", 1),
            theirs,
            "{backend:?}"
        );
    }
}

#[test]
fn three_entity_selects_filter_every_joined_entity() {
    for backend in BACKENDS {
        let story = ("sr_stories", story_visible(backend));
        let remark = ("sr_remarks", remark_visible(backend));
        let ours = joins::and_also_related().build(backend).to_string();
        let theirs = visible_writers()
            .find_also_related(story::Entity)
            .and_also_related(remark::Entity)
            .build(backend)
            .to_string();
        assert_filtered_in_on(backend, &ours, &theirs, &[story.clone(), remark.clone()]);

        let ours = joins::three_way().build(backend).to_string();
        let theirs = visible_writers()
            .find_also_related(story::Entity)
            .find_also_related(badge::Entity)
            .build(backend)
            .to_string();
        let badge = ("sr_badges", badge_visible(backend));
        assert_filtered_in_on(backend, &ours, &theirs, &[story.clone(), badge]);

        let ours = joins::find_also_of_second().build(backend).to_string();
        let theirs = visible_writers()
            .find_also_related(story::Entity)
            .find_also(story::Entity, remark::Entity)
            .build(backend)
            .to_string();
        assert_filtered_in_on(backend, &ours, &theirs, &[story, remark]);
    }
}

#[test]
fn an_any_relation_keeps_the_predicate_outside_its_or() {
    for backend in BACKENDS {
        let ours = joins::any_relation().build(backend).to_string();
        let on = on_clause(&ours, &quoted(backend, "sr_stories"));
        let (ored, added) = on
            .rsplit_once(") AND ")
            .expect("the OR-ed condition, then the predicate");
        assert!(ored.contains(" OR "), "{ours}");
        assert_eq!(added, story_visible(backend), "{backend:?}: {ours}");
    }
}

#[test]
fn has_related_filters_inside_exists() {
    for backend in BACKENDS {
        let ours = joins::has_related("kept").build(backend).to_string();
        let theirs = visible_writers()
            .has_related(story::Entity, story::Column::Title.eq("kept"))
            .build(backend)
            .to_string();
        let (outer, exists) = ours.split_once("EXISTS").expect("an EXISTS subquery");
        assert!(exists.contains(&story_visible(backend)), "{ours}");
        assert!(!outer.contains("deleted_at"), "{ours}");
        assert_eq!(
            ours.replacen(&format!(" AND {}", story_visible(backend)), "", 1),
            theirs
        );
    }
}

fn names(rows: &[writer::Model]) -> Vec<&str> {
    rows.iter().map(|w| w.name.as_str()).collect()
}

async fn joins_return_only_visible_rows(mut db: DatabaseConnection) {
    let seed = seed(&db).await;
    let backend = db.get_database_backend();
    let sql = record(&mut db);

    let inner = joins::inner_join()
        .order_by_asc(writer::Column::Id)
        .all(&db)
        .await
        .unwrap();
    assert_eq!(
        names(&inner),
        ["ann"],
        "bob's only story is deleted, gone is deleted"
    );
    let ran = sql.only();
    let theirs = visible_writers()
        .inner_join(story::Entity)
        .order_by_asc(writer::Column::Id);
    let unfiltered = theirs.clone().all(&db).await.unwrap();
    assert_eq!(
        names(&unfiltered),
        ["ann", "ann", "bob"],
        "unfiltered: deleted stories join"
    );
    let theirs_sql = sql.only();
    assert_filtered_in_on(
        backend,
        &ran,
        &theirs_sql,
        &[("sr_stories", story_visible(backend))],
    );

    let left = joins::left_join()
        .order_by_asc(writer::Column::Id)
        .all(&db)
        .await
        .unwrap();
    assert_eq!(
        names(&left),
        ["ann", "bob"],
        "bob comes back without his deleted story"
    );

    let reverse = joins::reverse_join().all(&db).await.unwrap();
    assert_eq!(
        reverse,
        std::slice::from_ref(&seed.kept),
        "the orphan's writer is deleted"
    );
    let ran = sql.take().pop().expect("ran");
    assert!(
        on_clause(&ran, &quoted(backend, "sr_writers")).contains(&writer_visible(backend)),
        "{ran}"
    );

    let having = joins::has_related("hidden").all(&db).await.unwrap();
    assert!(
        having.is_empty(),
        "ann's story \"hidden\" is deleted: {having:?}"
    );
    let having = joins::has_related("kept").all(&db).await.unwrap();
    assert_eq!(names(&having), ["ann"]);
    let ran = sql.take();
    assert!(
        ran.iter().all(|s| s
            .split_once("EXISTS")
            .is_some_and(|(_, e)| e.contains(&story_visible(backend)))),
        "{ran:?}"
    );

    let both = joins::find_both_related().all(&db).await.unwrap();
    assert_eq!(both, [(seed.ann.clone(), seed.kept.clone())]);

    let also = joins::find_also()
        .order_by_asc(writer::Column::Id)
        .all(&db)
        .await
        .unwrap();
    assert_eq!(
        also,
        [
            (seed.ann.clone(), Some(seed.kept.clone())),
            (seed.bob.clone(), None)
        ]
    );
    let ran = sql.take();
    assert!(
        ran.iter().all(|s| s.contains(&story_visible(backend))),
        "{ran:?}"
    );
}

async fn three_entity_selects_return_only_visible_rows(mut db: DatabaseConnection) {
    let seed = seed(&db).await;
    let backend = db.get_database_backend();
    let sql = record(&mut db);

    let chain = joins::and_also_related()
        .order_by_asc(writer::Column::Id)
        .order_by_asc(remark::Column::Id)
        .all(&db)
        .await
        .unwrap();
    let shape: Vec<(&str, Option<&str>, Option<&str>)> = chain
        .iter()
        .map(|(w, s, r)| {
            let story = s.as_ref().map(|s| s.title.as_str());
            (w.name.as_str(), story, r.as_ref().map(|r| r.body.as_str()))
        })
        .collect();
    assert_eq!(
        shape,
        [("ann", Some("kept"), Some("fine")), ("bob", None, None)]
    );
    let ran = sql.only();
    let theirs = visible_writers()
        .find_also_related(story::Entity)
        .and_also_related(remark::Entity)
        .order_by_asc(writer::Column::Id)
        .order_by_asc(remark::Column::Id);
    assert_eq!(
        theirs.all(&db).await.unwrap().len(),
        4,
        "unfiltered: deleted story and remark"
    );
    let theirs = sql.only();
    let joined = [
        ("sr_stories", story_visible(backend)),
        ("sr_remarks", remark_visible(backend)),
    ];
    assert_filtered_in_on(backend, &ran, &theirs, &joined);

    let star = joins::three_way()
        .order_by_asc(writer::Column::Id)
        .all(&db)
        .await
        .unwrap();
    let shape: Vec<(&str, Option<&str>, Option<&str>)> = star
        .iter()
        .map(|(w, s, b)| {
            let story = s.as_ref().map(|s| s.title.as_str());
            (w.name.as_str(), story, b.as_ref().map(|b| b.label.as_str()))
        })
        .collect();
    assert_eq!(
        shape,
        [("ann", Some("kept"), Some("gold")), ("bob", None, None)],
        "bob's badge is deleted"
    );
    assert_eq!(star[0].0, seed.ann);

    let second = joins::find_also_of_second()
        .order_by_asc(writer::Column::Id)
        .order_by_asc(remark::Column::Id)
        .all(&db)
        .await
        .unwrap();
    let bodies: Vec<Option<&str>> = second
        .iter()
        .map(|(_, _, r)| r.as_ref().map(|r| r.body.as_str()))
        .collect();
    assert_eq!(bodies, [Some("fine"), None]);
}

on_every_backend!(
    joins_return_only_visible_rows,
    three_entity_selects_return_only_visible_rows
);
