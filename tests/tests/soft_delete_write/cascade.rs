//! `cascade_delete` of a soft-delete entity is a soft cascade in one
//! transaction, and `restore_cascade_by_id` undoes exactly that cascade.

use crate::entities::{
    author, author_tag, badge, book, chapter, club, follow, member, memo, person, profile, tag,
};
use crate::on_every_backend;
use crate::rows::{
    add_author, add_badge, add_book, add_chapter, add_club, add_memo, add_profile, add_tag, all,
};
use crate::support::{Statements, sql};
use chrono::{DateTime, Utc};
use harden_runtime::{SoftDeleteExt, soft_delete};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbErr,
    EntityTrait, IntoActiveModel, QueryFilter, TransactionTrait,
};
use std::time::Duration;

#[soft_delete]
async fn cascade<C: TransactionTrait>(db: &C, author: author::Model) -> Result<u64, DbErr> {
    Ok(author.cascade_delete(db).await?.rows_affected)
}

#[soft_delete]
async fn cascade_person<C: TransactionTrait>(db: &C, person: person::Model) -> Result<u64, DbErr> {
    Ok(person.cascade_delete(db).await?.rows_affected)
}

#[soft_delete]
async fn cascade_badge<C: TransactionTrait>(db: &C, badge: badge::Model) -> Result<u64, DbErr> {
    Ok(badge.cascade_delete(db).await?.rows_affected)
}

#[soft_delete]
async fn cascade_club<C: TransactionTrait>(db: &C, club: club::Model) -> Result<u64, DbErr> {
    Ok(club.cascade_delete(db).await?.rows_affected)
}

/// SeaORM's `ModelEx::delete` and `ActiveModelEx::delete` cascade too.
#[soft_delete]
async fn delete_model_ex<C: TransactionTrait>(db: &C, author: author::Model) -> Result<u64, DbErr> {
    Ok(author.into_ex().delete(db).await?.rows_affected)
}

#[soft_delete]
async fn delete_active_model_ex<C: TransactionTrait>(
    db: &C,
    author: author::ActiveModel,
) -> Result<u64, DbErr> {
    Ok(author.into_ex().delete(db).await?.rows_affected)
}

/// A chapter deleted on its own, the way a repository deletes it.
#[soft_delete]
async fn delete_chapter<C: ConnectionTrait>(db: &C, id: i32) -> Result<u64, DbErr> {
    Ok(chapter::Entity::delete_by_id(id)
        .exec(db)
        .await?
        .rows_affected)
}

#[soft_delete]
async fn delete_book<C: ConnectionTrait>(db: &C, id: i32) -> Result<u64, DbErr> {
    Ok(book::Entity::delete_by_id(id).exec(db).await?.rows_affected)
}

async fn restore<C: TransactionTrait>(db: &C, author: i32) -> u64 {
    // harden:allow(soft-delete-escape-hatch): the restore under test
    author::Entity::restore_cascade_by_id(author)
        .exec(db)
        .await
        .expect("restore")
        .rows_affected
}

async fn find<E: EntityTrait>(db: &DatabaseConnection, id: i32) -> E::Model
where
    i32: Into<<E::PrimaryKey as sea_orm::PrimaryKeyTrait>::ValueType>,
{
    E::find_by_id(id)
        .one(db)
        .await
        .expect("read")
        .expect("the row is kept")
}

fn naive(at: DateTime<Utc>) -> chrono::NaiveDateTime {
    at.naive_utc()
}

/// `UPDATE <E> SET deleted_at = ? WHERE deleted_at IS NULL AND id IN (..)`.
fn mark<E, C>(db: &DatabaseConnection, column: C, id: E::Column, ids: &[i32]) -> String
where
    E: EntityTrait,
    C: ColumnTrait,
    E::Column: From<C>,
{
    let update = E::update_many()
        .col_expr(E::Column::from(column), Expr::value(Utc::now()))
        .filter(E::Column::from(column).is_null())
        .filter(id.is_in(ids.iter().copied()));
    sql(db, update)
}

struct Tree {
    ann: author::Model,
    bob: author::Model,
    books: [book::Model; 3],
    chapters: [chapter::Model; 4],
    profile: profile::Model,
    memo: memo::Model,
    tags: [tag::Model; 2],
    bobs_book: book::Model,
}

/// Ann: books 0 (chapters 0, 1) and 1 (chapter 2), book 2 (chapter 3), a
/// profile, a memo, tags 0 and 1. Bob: a book, and tag 0 too.
async fn tree(db: &DatabaseConnection) -> Tree {
    let ann = add_author(db, "ann@example.com", "Ann", "Lee").await;
    let bob = add_author(db, "bob@example.com", "Bob", "Ray").await;
    let books = [
        add_book(db, &ann, "first").await,
        add_book(db, &ann, "second").await,
        add_book(db, &ann, "third").await,
    ];
    let chapters = [
        add_chapter(db, &books[0], "1.1").await,
        add_chapter(db, &books[0], "1.2").await,
        add_chapter(db, &books[1], "2.1").await,
        add_chapter(db, &books[2], "3.1").await,
    ];
    let profile = add_profile(db, &ann).await;
    let memo = add_memo(db, &ann).await;
    let tags = [
        add_tag(db, "poetry", &[&ann, &bob]).await,
        add_tag(db, "prose", &[&ann]).await,
    ];
    let bobs_book = add_book(db, &bob, "bob's").await;
    Tree {
        ann,
        bob,
        books,
        chapters,
        profile,
        memo,
        tags,
        bobs_book,
    }
}

async fn cascade_then_restore_undoes_exactly_that_cascade(mut db: DatabaseConnection) {
    let statements = Statements::record(&mut db);
    let t = tree(&db).await;
    // Deleted on their own just before the cascade, in the same second more
    // often than not: a chapter of a book the cascade reaches, and a book.
    assert_eq!(delete_chapter(&db, t.chapters[2].id).await.unwrap(), 1);
    assert_eq!(delete_book(&db, t.books[2].id).await.unwrap(), 1);
    let own_chapter = find::<chapter::Entity>(&db, t.chapters[2].id)
        .await
        .deleted_at;
    let own_book = find::<book::Entity>(&db, t.books[2].id).await.deleted_at;
    statements.take();

    assert_eq!(
        cascade(&db, t.ann.clone()).await.unwrap(),
        8,
        "ann, 2 books, 2 chapters, the profile and 2 join rows"
    );
    let ran = statements.take();

    let ann = find::<author::Entity>(&db, t.ann.id).await;
    let stamp = ann.deleted_at.expect("ann is deleted");
    assert_eq!(stamp.timestamp_subsec_nanos(), 0, "whole seconds: {stamp}");
    for book in &t.books[..2] {
        assert_eq!(
            find::<book::Entity>(&db, book.id).await.deleted_at,
            Some(stamp)
        );
    }
    for chapter in &t.chapters[..2] {
        let deleted_at = find::<chapter::Entity>(&db, chapter.id).await.deleted_at;
        assert_eq!(
            deleted_at,
            Some(naive(stamp)),
            "one stamp across column types"
        );
    }
    assert_eq!(
        find::<profile::Entity>(&db, t.profile.id).await.deleted_at,
        Some(stamp)
    );
    assert_eq!(
        find::<chapter::Entity>(&db, t.chapters[2].id)
            .await
            .deleted_at,
        own_chapter,
        "deleted before: keeps its own stamp"
    );
    assert_ne!(own_chapter, Some(naive(stamp)));
    assert_eq!(
        find::<book::Entity>(&db, t.books[2].id).await.deleted_at,
        own_book
    );
    assert_eq!(
        find::<chapter::Entity>(&db, t.chapters[3].id).await,
        t.chapters[3],
        "below a row deleted before the cascade: not reached"
    );
    assert_eq!(
        all::<author_tag::Entity>(&db).await,
        [author_tag::Model {
            author_id: t.bob.id,
            tag_id: t.tags[0].id
        }],
        "ann's join rows are really deleted, bob's stays"
    );
    assert_eq!(
        all::<tag::Entity>(&db).await,
        t.tags,
        "the tags themselves stay"
    );
    assert_eq!(
        find::<memo::Entity>(&db, t.memo.id).await,
        t.memo,
        "a nullable key is not cascaded: the memo stays, still pointing at ann"
    );
    assert_eq!(find::<author::Entity>(&db, t.bob.id).await, t.bob);
    assert_eq!(find::<book::Entity>(&db, t.bobs_book.id).await, t.bobs_book);

    let writes: Vec<&String> = ran
        .iter()
        .filter(|sql| !sql.starts_with("SELECT"))
        .collect();
    let links = author_tag::Entity::delete_many().filter(
        Condition::any()
            .add(
                Condition::all()
                    .add(author_tag::Column::AuthorId.eq(t.ann.id))
                    .add(author_tag::Column::TagId.eq(t.tags[0].id)),
            )
            .add(
                Condition::all()
                    .add(author_tag::Column::AuthorId.eq(t.ann.id))
                    .add(author_tag::Column::TagId.eq(t.tags[1].id)),
            ),
    );
    assert_eq!(
        writes,
        [
            &mark::<author::Entity, _>(
                &db,
                author::Column::DeletedAt,
                author::Column::Id,
                &[t.ann.id]
            ),
            &mark::<book::Entity, _>(
                &db,
                book::Column::DeletedAt,
                book::Column::Id,
                &[t.books[0].id, t.books[1].id]
            ),
            &mark::<chapter::Entity, _>(
                &db,
                chapter::Column::DeletedAt,
                chapter::Column::Id,
                &[t.chapters[0].id, t.chapters[1].id]
            ),
            &mark::<profile::Entity, _>(
                &db,
                profile::Column::DeletedAt,
                profile::Column::Id,
                &[t.profile.id]
            ),
            &sql(&db, links),
        ],
        "marks first, then the deletes of exempt rows"
    );
    assert_eq!(ran.len(), writes.len() + 5, "one read per hop: {ran:#?}");

    assert_eq!(
        restore(&db, t.ann.id).await,
        6,
        "ann, 2 books, 2 chapters, the profile"
    );
    let ran = statements.take();
    assert_eq!(find::<author::Entity>(&db, t.ann.id).await, t.ann);
    for book in &t.books[..2] {
        assert_eq!(&find::<book::Entity>(&db, book.id).await, book);
    }
    for chapter in &t.chapters[..2] {
        assert_eq!(&find::<chapter::Entity>(&db, chapter.id).await, chapter);
    }
    assert_eq!(find::<profile::Entity>(&db, t.profile.id).await, t.profile);
    assert_eq!(
        find::<chapter::Entity>(&db, t.chapters[2].id)
            .await
            .deleted_at,
        own_chapter,
        "deleted on its own before the cascade: stays deleted"
    );
    assert_eq!(
        find::<book::Entity>(&db, t.books[2].id).await.deleted_at,
        own_book
    );
    assert_eq!(
        find::<chapter::Entity>(&db, t.chapters[3].id).await,
        t.chapters[3]
    );
    assert_eq!(
        all::<author_tag::Entity>(&db).await.len(),
        1,
        "removed join rows are not recreated"
    );

    let writes: Vec<&String> = ran
        .iter()
        .filter(|sql| !sql.starts_with("SELECT"))
        .collect();
    let unmark = |table: &str| {
        writes
            .iter()
            .find(|sql| sql.contains(table))
            .map(|sql| sql.to_string())
            .unwrap_or_default()
    };
    let restored = author::Entity::update_many()
        .col_expr(
            author::Column::DeletedAt,
            Expr::value(None::<DateTime<Utc>>),
        )
        .filter(author::Column::DeletedAt.is_not_null())
        .filter(author::Column::Id.is_in([t.ann.id]));
    assert_eq!(writes.len(), 4, "{writes:#?}");
    assert_eq!(unmark("sw_authors"), sql(&db, restored));
    let restored = chapter::Entity::update_many()
        .col_expr(
            chapter::Column::DeletedAt,
            Expr::value(None::<chrono::NaiveDateTime>),
        )
        .filter(chapter::Column::DeletedAt.is_not_null())
        .filter(chapter::Column::Id.is_in([t.chapters[0].id, t.chapters[1].id]));
    assert_eq!(unmark("sw_chapters"), sql(&db, restored));

    assert_eq!(
        restore(&db, t.ann.id).await,
        0,
        "restoring a visible row changes nothing"
    );
    assert_eq!(
        cascade(&db, t.ann.clone()).await.unwrap(),
        6,
        "again, without the join rows the first one removed"
    );
    assert_eq!(
        cascade(&db, t.ann.clone()).await.unwrap(),
        0,
        "a deleted row is not cascaded again"
    );
}

async fn the_stamp_of_a_cascade_is_its_own(db: DatabaseConnection) {
    let ann = add_author(&db, "ann@example.com", "Ann", "Lee").await;
    let book = add_book(&db, &ann, "first").await;
    let live = add_chapter(&db, &book, "live").await;
    // Chapters deleted on their own at exactly the whole seconds a cascade
    // run now would pick first.
    let now = Utc::now().timestamp();
    let mut taken = Vec::new();
    for offset in 0..3 {
        let at = DateTime::from_timestamp(now + offset, 0).expect("a time");
        let mut chapter = add_chapter(&db, &book, "old").await.into_active_model();
        chapter.deleted_at = Set(Some(naive(at)));
        taken.push(chapter.update(&db).await.expect("stamp"));
    }

    assert_eq!(
        cascade(&db, ann.clone()).await.unwrap(),
        3,
        "ann, the book, the live chapter"
    );
    let stamp = find::<author::Entity>(&db, ann.id)
        .await
        .deleted_at
        .expect("deleted");
    for old in &taken {
        assert_ne!(
            old.deleted_at,
            Some(naive(stamp)),
            "the cascade skipped a taken second"
        );
    }
    assert_eq!(
        find::<chapter::Entity>(&db, live.id).await.deleted_at,
        Some(naive(stamp))
    );
    assert!(
        stamp - Utc::now() < chrono::Duration::from_std(Duration::from_secs(5)).expect("5 s"),
        "at most a few seconds ahead: {stamp}"
    );

    assert_eq!(restore(&db, ann.id).await, 3);
    assert_eq!(find::<chapter::Entity>(&db, live.id).await, live);
    for old in &taken {
        assert_eq!(
            &find::<chapter::Entity>(&db, old.id).await,
            old,
            "still deleted, same stamp"
        );
    }
}

async fn flag_strategy_cascades_mark_the_flag(mut db: DatabaseConnection) {
    let statements = Statements::record(&mut db);
    let chess = add_club(&db, "chess", &[("ann", true), ("bob", false), ("cy", true)]).await;
    let go = add_club(&db, "go", &[("dee", true)]).await;
    statements.take();

    assert_eq!(
        cascade_club(&db, chess.clone()).await.unwrap(),
        3,
        "the club, ann and cy"
    );
    let members: Vec<(i32, bool)> = all::<member::Entity>(&db)
        .await
        .into_iter()
        .map(|m| (m.club_id, m.is_active))
        .collect();
    assert_eq!(
        members,
        [
            (chess.id, false),
            (chess.id, false),
            (chess.id, false),
            (go.id, true)
        ]
    );
    let clubs: Vec<bool> = all::<club::Entity>(&db)
        .await
        .into_iter()
        .map(|c| c.is_active)
        .collect();
    assert_eq!(clubs, [false, true]);

    let flag = |update: sea_orm::UpdateMany<club::Entity>| sql(&db, update);
    let clubs = flag(
        club::Entity::update_many()
            .col_expr(club::Column::IsActive, Expr::value(false))
            .filter(club::Column::IsActive.eq(true))
            .filter(club::Column::Id.is_in([chess.id])),
    );
    let members = sql(
        &db,
        member::Entity::update_many()
            .col_expr(member::Column::IsActive, Expr::value(false))
            .filter(member::Column::IsActive.eq(true))
            .filter(member::Column::Id.is_in([1, 3])),
    );
    assert_eq!(statements.take_writes(), [clubs, members]);
}

async fn model_ex_deletes_cascade(db: DatabaseConnection) {
    let ann = add_author(&db, "ann@example.com", "Ann", "Lee").await;
    let bob = add_author(&db, "bob@example.com", "Bob", "Ray").await;
    let anns = add_book(&db, &ann, "ann's").await;
    let bobs = add_book(&db, &bob, "bob's").await;

    assert_eq!(delete_model_ex(&db, ann.clone()).await.unwrap(), 2);
    let stamp = find::<author::Entity>(&db, ann.id).await.deleted_at;
    assert!(stamp.is_some());
    assert_eq!(find::<book::Entity>(&db, anns.id).await.deleted_at, stamp);

    assert_eq!(
        delete_active_model_ex(&db, bob.clone().into_active_model())
            .await
            .unwrap(),
        2
    );
    let stamp = find::<author::Entity>(&db, bob.id).await.deleted_at;
    assert!(stamp.is_some());
    assert_eq!(find::<book::Entity>(&db, bobs.id).await.deleted_at, stamp);
    assert_eq!(
        all::<author::Entity>(&db).await.len(),
        2,
        "nothing was removed"
    );
}

async fn add_person(
    db: &DatabaseConnection,
    name: &str,
    manager: Option<&person::Model>,
) -> person::Model {
    person::ActiveModel {
        name: Set(name.to_owned()),
        manager_id: Set(manager.map(|m| m.id)),
        deleted_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert person")
}

async fn self_referencing_relations(mut db: DatabaseConnection) {
    let statements = Statements::record(&mut db);
    let ann = add_person(&db, "ann", None).await;
    let bob = add_person(&db, "bob", Some(&ann)).await;
    let cy = add_person(&db, "cy", Some(&ann)).await;
    let dee = add_person(&db, "dee", None).await;
    for (person, follower) in [(&ann, &bob), (&cy, &ann), (&bob, &cy), (&dee, &bob)] {
        follow::ActiveModel {
            person_id: Set(person.id),
            follower_id: Set(follower.id),
        }
        .insert(&db)
        .await
        .expect("insert follow");
    }
    statements.take();

    assert_eq!(
        cascade_person(&db, ann.clone()).await.unwrap(),
        3,
        "ann and her 2 follow links"
    );
    let people = all::<person::Entity>(&db).await;
    assert!(people[0].deleted_at.is_some());
    assert_eq!(
        people[1..],
        [bob.clone(), cy.clone(), dee.clone()],
        "reports keep their nullable manager key and stay"
    );
    let follows: Vec<(i32, i32)> = all::<follow::Entity>(&db)
        .await
        .into_iter()
        .map(|f| (f.person_id, f.follower_id))
        .collect();
    assert_eq!(
        follows,
        [(bob.id, cy.id), (dee.id, bob.id)],
        "links on either side of ann are gone"
    );

    let ran = statements.take();
    let writes: Vec<&String> = ran
        .iter()
        .filter(|sql| !sql.starts_with("SELECT"))
        .collect();
    let link = |person: i32, follower: i32| {
        Condition::all()
            .add(follow::Column::PersonId.eq(person))
            .add(follow::Column::FollowerId.eq(follower))
    };
    let links = follow::Entity::delete_many().filter(
        Condition::any()
            .add(link(ann.id, bob.id))
            .add(link(cy.id, ann.id)),
    );
    assert_eq!(
        writes,
        [
            &mark::<person::Entity, _>(
                &db,
                person::Column::DeletedAt,
                person::Column::Id,
                &[ann.id]
            ),
            &sql(&db, links),
        ]
    );

    // harden:allow(soft-delete-escape-hatch): the restore under test
    let restored = person::Entity::restore_cascade_by_id(ann.id)
        .exec(&db)
        .await
        .unwrap();
    assert_eq!(restored.rows_affected, 1);
    assert_eq!(all::<person::Entity>(&db).await, [ann, bob, cy, dee]);
    assert_eq!(
        all::<follow::Entity>(&db).await.len(),
        2,
        "removed links are not recreated"
    );
}

async fn cascade_of_an_exempt_row_is_a_delete(mut db: DatabaseConnection) {
    let statements = Statements::record(&mut db);
    let gold = add_badge(&db, "gold").await;
    let silver = add_badge(&db, "silver").await;
    statements.take();
    assert_eq!(cascade_badge(&db, gold.clone()).await.unwrap(), 1);
    let by_hand = badge::Entity::delete_many().filter(badge::Column::Id.is_in([gold.id]));
    assert_eq!(statements.take_writes(), [sql(&db, by_hand)]);
    assert_eq!(all::<badge::Entity>(&db).await, [silver]);
}

on_every_backend!(
    cascade_of_an_exempt_row_is_a_delete,
    self_referencing_relations,
    cascade_then_restore_undoes_exactly_that_cascade,
    the_stamp_of_a_cascade_is_its_own,
    flag_strategy_cascades_mark_the_flag,
    model_ex_deletes_cascade,
);
