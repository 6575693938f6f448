//! `X::delete_by_<unique key>(v)`, which SeaORM 2.0 generates for dense
//! entities: a soft `UPDATE` of the one row, a real `DELETE` for an exempt
//! entity.

use crate::entities::{author, badge};
use crate::on_every_backend;
use crate::rows::{add_author, add_badge, all};
use crate::support::{Statements, sql};
use harden_runtime::soft_delete;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};

#[soft_delete]
async fn remove_by_email<C: ConnectionTrait>(db: &C, email: &str) -> Result<u64, DbErr> {
    Ok(author::Entity::delete_by_email(email)
        .exec(db)
        .await?
        .rows_affected)
}

#[soft_delete]
async fn remove_by_pen_name<C: ConnectionTrait>(
    db: &C,
    first: &str,
    last: &str,
) -> Result<u64, DbErr> {
    let pen_name = (first.to_owned(), last.to_owned());
    Ok(author::Entity::delete_by_pen(pen_name)
        .exec(db)
        .await?
        .rows_affected)
}

#[soft_delete]
async fn remove_badge<C: ConnectionTrait>(db: &C, code: &str) -> Result<u64, DbErr> {
    Ok(badge::Entity::delete_by_code(code)
        .exec(db)
        .await?
        .rows_affected)
}

fn soft_update_of_authors() -> sea_orm::UpdateMany<author::Entity> {
    author::Entity::update_many()
        .col_expr(author::Column::DeletedAt, Expr::value(chrono::Utc::now()))
        .filter(author::Column::DeletedAt.is_null())
}

async fn delete_by_unique_key_marks_the_row(mut db: DatabaseConnection) {
    let statements = Statements::record(&mut db);
    let ann = add_author(&db, "ann@example.com", "Ann", "Lee").await;
    let bob = add_author(&db, "bob@example.com", "Bob", "Ray").await;
    let cy = add_author(&db, "cy@example.com", "Cy", "Ode").await;
    statements.take();

    assert_eq!(remove_by_email(&db, "ann@example.com").await.unwrap(), 1);
    let by_hand = soft_update_of_authors().filter(author::Column::Email.eq("ann@example.com"));
    assert_eq!(statements.take(), [sql(&db, by_hand)]);
    assert_eq!(
        remove_by_email(&db, "ann@example.com").await.unwrap(),
        0,
        "an already deleted row is not deleted again"
    );
    statements.take();

    assert_eq!(remove_by_pen_name(&db, "Bob", "Ray").await.unwrap(), 1);
    let by_hand = soft_update_of_authors()
        .filter(author::Column::PenFirst.eq("Bob"))
        .filter(author::Column::PenLast.eq("Ray"));
    assert_eq!(statements.take(), [sql(&db, by_hand)]);

    let rows = all::<author::Entity>(&db).await;
    assert_eq!(rows.len(), 3, "no row was removed");
    let deleted: Vec<bool> = rows.iter().map(|a| a.deleted_at.is_some()).collect();
    assert_eq!(deleted, [true, true, false], "{rows:?}");
    assert_eq!(rows[2], cy);
    assert_eq!((rows[0].id, rows[1].id), (ann.id, bob.id));
}

async fn delete_by_unique_key_of_an_exempt_entity_is_a_delete(mut db: DatabaseConnection) {
    let statements = Statements::record(&mut db);
    add_badge(&db, "gold").await;
    let silver = add_badge(&db, "silver").await;
    statements.take();

    assert_eq!(remove_badge(&db, "gold").await.unwrap(), 1);
    let by_hand = badge::Entity::delete_many().filter(badge::Column::Code.eq("gold"));
    assert_eq!(statements.take(), [sql(&db, by_hand)]);
    assert_eq!(all::<badge::Entity>(&db).await, [silver]);
}

on_every_backend!(
    delete_by_unique_key_marks_the_row,
    delete_by_unique_key_of_an_exempt_entity_is_a_delete,
);
