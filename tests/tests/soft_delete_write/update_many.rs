//! `X::update_many()` in a `#[soft_delete]` scope changes visible rows
//! only; `update_many_with_inactive()` is the named way to change all.

use crate::entities::{author, badge, club};
use crate::on_every_backend;
use crate::rows::{add_author, add_badge, add_club, all};
use crate::support::{Statements, sql};
use harden_runtime::{SoftDeleteExt, soft_delete};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};

#[soft_delete]
async fn rename_bio<C: ConnectionTrait>(db: &C, from: &str, to: &str) -> Result<u64, DbErr> {
    Ok(author::Entity::update_many()
        .col_expr(author::Column::Bio, Expr::value(to))
        .filter(author::Column::Bio.eq(from))
        .exec(db)
        .await?
        .rows_affected)
}

#[soft_delete]
async fn rename_bio_everywhere<C: ConnectionTrait>(
    db: &C,
    from: &str,
    to: &str,
) -> Result<u64, DbErr> {
    // harden:allow(soft-delete-escape-hatch): the test of the escape hatch itself
    Ok(author::Entity::update_many_with_inactive()
        .col_expr(author::Column::Bio, Expr::value(to))
        .filter(author::Column::Bio.eq(from))
        .exec(db)
        .await?
        .rows_affected)
}

#[soft_delete]
async fn rename_clubs<C: ConnectionTrait>(db: &C, to: &str) -> Result<u64, DbErr> {
    Ok(club::Entity::update_many()
        .col_expr(club::Column::Name, Expr::value(to))
        .exec(db)
        .await?
        .rows_affected)
}

#[soft_delete]
async fn recode_badges<C: ConnectionTrait>(db: &C) -> Result<u64, DbErr> {
    Ok(badge::Entity::update_many()
        .col_expr(badge::Column::Code, Expr::cust("code"))
        .exec(db)
        .await?
        .rows_affected)
}

async fn update_many_changes_visible_rows_only(mut db: DatabaseConnection) {
    let statements = Statements::record(&mut db);
    let ann = add_author(&db, "ann@example.com", "Ann", "Lee").await;
    let bob = add_author(&db, "bob@example.com", "Bob", "Ray").await;
    author::Entity::update_many()
        .col_expr(author::Column::Bio, Expr::value("poet"))
        .exec(&db)
        .await
        .unwrap();
    author::Entity::update_many()
        .col_expr(author::Column::DeletedAt, Expr::value(chrono::Utc::now()))
        .filter(author::Column::Id.eq(bob.id))
        .exec(&db)
        .await
        .unwrap();
    statements.take();

    assert_eq!(rename_bio(&db, "poet", "novelist").await.unwrap(), 1);
    let by_hand = author::Entity::update_many()
        .col_expr(author::Column::Bio, Expr::value("novelist"))
        .filter(author::Column::DeletedAt.is_null())
        .filter(author::Column::Bio.eq("poet"));
    assert_eq!(statements.take_writes(), [sql(&db, by_hand)]);
    let bios: Vec<(i32, String)> = all::<author::Entity>(&db)
        .await
        .into_iter()
        .map(|a| (a.id, a.bio))
        .collect();
    assert_eq!(
        bios,
        [(ann.id, "novelist".to_owned()), (bob.id, "poet".to_owned())],
        "the deleted row is not updated"
    );

    assert_eq!(
        rename_bio_everywhere(&db, "poet", "critic").await.unwrap(),
        1
    );
    let by_hand = author::Entity::update_many()
        .col_expr(author::Column::Bio, Expr::value("critic"))
        .filter(author::Column::Bio.eq("poet"));
    assert_eq!(
        statements.take_writes(),
        [sql(&db, by_hand)],
        "the escape hatch adds nothing"
    );
    assert_eq!(all::<author::Entity>(&db).await[1].bio, "critic");

    add_club(&db, "chess", &[]).await;
    add_club(&db, "go", &[]).await;
    club::Entity::update_many()
        .col_expr(club::Column::IsActive, Expr::value(false))
        .filter(club::Column::Name.eq("go"))
        .exec(&db)
        .await
        .unwrap();
    statements.take();
    assert_eq!(
        rename_clubs(&db, "games").await.unwrap(),
        1,
        "flag strategy"
    );
    let by_hand = club::Entity::update_many()
        .col_expr(club::Column::Name, Expr::value("games"))
        .filter(club::Column::IsActive.eq(true));
    assert_eq!(statements.take_writes(), [sql(&db, by_hand)]);
    let names: Vec<String> = all::<club::Entity>(&db)
        .await
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, ["games", "go"]);
}

async fn update_many_of_an_exempt_entity_is_unchanged(mut db: DatabaseConnection) {
    let statements = Statements::record(&mut db);
    add_badge(&db, "gold").await;
    add_badge(&db, "silver").await;
    statements.take();
    assert_eq!(recode_badges(&db).await.unwrap(), 2);
    let by_hand = badge::Entity::update_many().col_expr(badge::Column::Code, Expr::cust("code"));
    assert_eq!(statements.take_writes(), [sql(&db, by_hand)]);
}

on_every_backend!(
    update_many_changes_visible_rows_only,
    update_many_of_an_exempt_entity_is_unchanged,
);
