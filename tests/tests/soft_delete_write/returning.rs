//! `exec_with_returning` on a rewritten delete keeps SeaORM's type:
//! `Option<Model>` for a one-row delete, `Vec<Model>` for `delete_many`.
//! Where the connection cannot return rows (SQLite without SeaORM's
//! `sqlite-use-returning-for-3_35`, MySQL and MariaDB), it fails exactly
//! like SeaORM's own delete, before touching a row.

use crate::entities::{author, badge};
use crate::on_every_backend;
use crate::rows::{add_author, add_badge, all};
use crate::support::{Statements, sql};
use harden_runtime::soft_delete;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter,
};

pub struct Returning;

// The return types are SeaORM's: these only compile if the rewrite keeps them.
#[soft_delete]
impl Returning {
    pub async fn by_id<C: ConnectionTrait>(
        db: &C,
        id: i32,
    ) -> Result<Option<author::Model>, DbErr> {
        author::Entity::delete_by_id(id)
            .exec_with_returning(db)
            .await
    }

    pub async fn by_email<C: ConnectionTrait>(
        db: &C,
        email: &str,
    ) -> Result<Option<author::Model>, DbErr> {
        author::Entity::delete_by_email(email)
            .exec_with_returning(db)
            .await
    }

    pub async fn by_active_model<C: ConnectionTrait>(
        db: &C,
        am: author::ActiveModel,
    ) -> Result<Option<author::Model>, DbErr> {
        author::Entity::delete(am).exec_with_returning(db).await
    }

    pub async fn many<C: ConnectionTrait>(db: &C, bio: &str) -> Result<Vec<author::Model>, DbErr> {
        author::Entity::delete_many()
            .filter(author::Column::Bio.eq(bio))
            .exec_with_returning(db)
            .await
    }

    pub async fn badge<C: ConnectionTrait>(db: &C, id: i32) -> Result<Option<badge::Model>, DbErr> {
        badge::Entity::delete_by_id(id)
            .exec_with_returning(db)
            .await
    }
}

async fn exec_with_returning_keeps_seaorm_types(mut db: DatabaseConnection) {
    let statements = Statements::record(&mut db);
    let authors = [
        add_author(&db, "a@example.com", "A", "A").await,
        add_author(&db, "b@example.com", "B", "B").await,
        add_author(&db, "c@example.com", "C", "C").await,
        add_author(&db, "d@example.com", "D", "D").await,
    ];
    let gold = add_badge(&db, "gold").await;
    statements.take();

    // What SeaORM's own delete does on this connection (on a key no row has).
    let seaorm = author::Entity::delete_by_id(-1)
        .exec_with_returning(&db)
        .await;
    statements.take();

    let by_id = Returning::by_id(&db, authors[0].id).await;
    let by_email = Returning::by_email(&db, "b@example.com").await;
    let by_am = Returning::by_active_model(&db, authors[2].clone().into_active_model()).await;
    let many = Returning::many(&db, "").await;
    let badge = Returning::badge(&db, gold.id).await;
    let ran = statements.take();

    if let Err(seaorm) = seaorm {
        for err in [
            by_id.unwrap_err(),
            by_email.unwrap_err(),
            by_am.unwrap_err(),
            many.unwrap_err(),
        ] {
            assert_eq!(
                format!("{err:?}"),
                format!("{seaorm:?}"),
                "SeaORM's own error"
            );
        }
        assert_eq!(format!("{:?}", badge.unwrap_err()), format!("{seaorm:?}"));
        assert!(ran.is_empty(), "nothing ran: {ran:?}");
        assert!(
            all::<author::Entity>(&db)
                .await
                .iter()
                .all(|a| a.deleted_at.is_none())
        );
        assert_eq!(all::<badge::Entity>(&db).await.len(), 1);
        return;
    }

    let returned = [by_id.unwrap(), by_email.unwrap(), by_am.unwrap()];
    for (row, author) in returned.iter().zip(&authors) {
        let row = row.as_ref().expect("the deleted row is returned");
        assert_eq!(row.id, author.id);
        assert!(row.deleted_at.is_some(), "returned as it is now: {row:?}");
    }
    let many = many.unwrap();
    assert_eq!(
        many.len(),
        1,
        "only the visible row is deleted and returned"
    );
    assert_eq!(many[0].id, authors[3].id);
    assert_eq!(
        badge.unwrap(),
        Some(gold.clone()),
        "exempt: SeaORM's DELETE … RETURNING"
    );

    let soft = |only: sea_orm::sea_query::SimpleExpr| {
        let update = author::Entity::update_many()
            .col_expr(author::Column::DeletedAt, Expr::value(chrono::Utc::now()))
            .filter(author::Column::DeletedAt.is_null())
            .filter(only);
        sql(&db, update)
    };
    let expected = [
        soft(author::Column::Id.eq(authors[0].id)),
        soft(author::Column::Email.eq("b@example.com")),
        soft(author::Column::Id.eq(authors[2].id)),
        soft(author::Column::Bio.eq("")),
    ];
    assert_eq!(ran.len(), 5, "{ran:?}");
    for (ran, expected) in ran.iter().zip(&expected) {
        let (update, returning) = ran.split_once(" RETURNING ").expect("RETURNING");
        assert_eq!(update, expected);
        assert!(returning.contains("deleted_at"), "{ran}");
    }
    assert!(ran[4].starts_with(&sql(
        &db,
        badge::Entity::delete_many().filter(badge::Column::Id.eq(gold.id))
    )));
    assert_eq!(
        all::<author::Entity>(&db).await.len(),
        4,
        "no author row was removed"
    );
    assert!(all::<badge::Entity>(&db).await.is_empty());
}

on_every_backend!(exec_with_returning_keeps_seaorm_types);
