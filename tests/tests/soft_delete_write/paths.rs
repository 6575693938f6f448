//! Model deletes written as path calls (`ActiveModelTrait::delete(am, db)`,
//! `author::Model::delete(m, db)`, `<X as EntityTrait>::delete_by_id(k)`)
//! are the same soft `UPDATE` as their method forms; a repository's own
//! `Self::delete(..)` runs as written.

use crate::entities::{author, author_tag};
use crate::on_every_backend;
use crate::rows::{add_author, add_tag, all};
use crate::support::{Statements, sql};
use harden_runtime::soft_delete;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    IntoActiveModel, ModelTrait, QueryFilter,
};

pub struct Authors;

#[soft_delete]
impl Authors {
    pub async fn by_trait<C: ConnectionTrait>(
        db: &C,
        am: author::ActiveModel,
    ) -> Result<u64, DbErr> {
        Ok(ActiveModelTrait::delete(am, db).await?.rows_affected)
    }

    pub async fn by_active_model_type<C: ConnectionTrait>(
        db: &C,
        am: author::ActiveModel,
    ) -> Result<u64, DbErr> {
        Ok(author::ActiveModel::delete(am, db).await?.rows_affected)
    }

    pub async fn by_model_trait<C: ConnectionTrait>(
        db: &C,
        model: author::Model,
    ) -> Result<u64, DbErr> {
        Ok(ModelTrait::delete(model, db).await?.rows_affected)
    }

    pub async fn by_model_trait_turbofish<C: ConnectionTrait>(
        db: &C,
        model: author::Model,
    ) -> Result<u64, DbErr> {
        Ok(ModelTrait::delete::<author::ActiveModel, C>(model, db)
            .await?
            .rows_affected)
    }

    pub async fn by_model_type<C: ConnectionTrait>(
        db: &C,
        model: author::Model,
    ) -> Result<u64, DbErr> {
        Ok(sea_orm::ModelTrait::delete(model.clone(), db)
            .await?
            .rows_affected
            + author::Model::delete(model, db).await?.rows_affected)
    }

    pub async fn by_qualified_id<C: ConnectionTrait>(db: &C, id: i32) -> Result<u64, DbErr> {
        Ok(<author::Entity as EntityTrait>::delete_by_id(id)
            .exec(db)
            .await?
            .rows_affected)
    }

    pub async fn by_qualified_many<C: ConnectionTrait>(db: &C, bio: &str) -> Result<u64, DbErr> {
        Ok(<author::Entity as EntityTrait>::delete_many()
            .filter(author::Column::Bio.eq(bio))
            .exec(db)
            .await?
            .rows_affected)
    }

    /// An exempt entity's path delete is SeaORM's own `DELETE`.
    pub async fn unlink<C: ConnectionTrait>(
        db: &C,
        link: author_tag::ActiveModel,
    ) -> Result<u64, DbErr> {
        Ok(ActiveModelTrait::delete(link, db).await?.rows_affected)
    }

    /// The repository's own `delete` and `delete_many`, called as paths:
    /// not SeaORM's, left alone.
    pub async fn purge<C: ConnectionTrait>(db: &C, id: i32) -> Result<String, DbErr> {
        let removed = Self::delete(db, id).await?;
        Ok(format!("{removed} {}", Self::delete_many()))
    }

    async fn delete<C: ConnectionTrait>(_db: &C, id: i32) -> Result<String, DbErr> {
        Ok(format!("own delete of {id}"))
    }

    fn delete_many() -> &'static str {
        "own delete_many"
    }
}

fn soft_update_by_id(id: i32) -> sea_orm::UpdateMany<author::Entity> {
    author::Entity::update_many()
        .col_expr(author::Column::DeletedAt, Expr::value(chrono::Utc::now()))
        .filter(author::Column::DeletedAt.is_null())
        .filter(author::Column::Id.eq(id))
}

async fn path_deletes_are_soft(mut db: DatabaseConnection) {
    let statements = Statements::record(&mut db);
    let mut authors = Vec::new();
    for n in 0..8 {
        let author = add_author(&db, &format!("a{n}@example.com"), "A", &n.to_string()).await;
        authors.push(author);
    }
    statements.take();

    let am = |n: usize| authors[n].clone().into_active_model();
    assert_eq!(Authors::by_trait(&db, am(0)).await.unwrap(), 1);
    assert_eq!(
        statements.take(),
        [sql(&db, soft_update_by_id(authors[0].id))]
    );
    assert_eq!(Authors::by_active_model_type(&db, am(1)).await.unwrap(), 1);
    assert_eq!(
        statements.take(),
        [sql(&db, soft_update_by_id(authors[1].id))]
    );
    assert_eq!(
        Authors::by_model_trait(&db, authors[2].clone())
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        statements.take(),
        [sql(&db, soft_update_by_id(authors[2].id))]
    );
    assert_eq!(
        Authors::by_model_type(&db, authors[3].clone())
            .await
            .unwrap(),
        1,
        "the second delete of the same row finds it deleted"
    );
    assert_eq!(
        statements.take(),
        [
            sql(&db, soft_update_by_id(authors[3].id)),
            sql(&db, soft_update_by_id(authors[3].id))
        ]
    );
    assert_eq!(
        Authors::by_model_trait_turbofish(&db, authors[7].clone())
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        statements.take(),
        [sql(&db, soft_update_by_id(authors[7].id))]
    );
    assert_eq!(
        Authors::by_qualified_id(&db, authors[4].id).await.unwrap(),
        1
    );
    assert_eq!(
        statements.take(),
        [sql(&db, soft_update_by_id(authors[4].id))]
    );

    author::Entity::update_many()
        .col_expr(author::Column::Bio, Expr::value("retired"))
        .filter(author::Column::Id.eq(authors[5].id))
        .exec(&db)
        .await
        .unwrap();
    statements.take();
    assert_eq!(Authors::by_qualified_many(&db, "retired").await.unwrap(), 1);
    let by_hand = author::Entity::update_many()
        .col_expr(author::Column::DeletedAt, Expr::value(chrono::Utc::now()))
        .filter(author::Column::DeletedAt.is_null())
        .filter(author::Column::Bio.eq("retired"));
    assert_eq!(statements.take(), [sql(&db, by_hand)]);

    let rows = all::<author::Entity>(&db).await;
    assert_eq!(rows.len(), 8, "no row was removed");
    let deleted: Vec<bool> = rows.iter().map(|a| a.deleted_at.is_some()).collect();
    assert_eq!(deleted, [true, true, true, true, true, true, false, true]);
}

async fn exempt_and_foreign_path_calls_run_as_written(mut db: DatabaseConnection) {
    let statements = Statements::record(&mut db);
    let ann = add_author(&db, "ann@example.com", "Ann", "Lee").await;
    add_tag(&db, "poetry", &[&ann]).await;
    let link = all::<author_tag::Entity>(&db).await.remove(0);
    statements.take();

    assert_eq!(
        Authors::unlink(&db, link.clone().into_active_model())
            .await
            .unwrap(),
        1
    );
    let by_hand = author_tag::Entity::delete_many()
        .filter(author_tag::Column::AuthorId.eq(link.author_id))
        .filter(author_tag::Column::TagId.eq(link.tag_id));
    assert_eq!(statements.take(), [sql(&db, by_hand)]);
    assert!(
        all::<author_tag::Entity>(&db).await.is_empty(),
        "the join row is gone"
    );
    statements.take();

    assert_eq!(
        Authors::purge(&db, 7).await.unwrap(),
        "own delete of 7 own delete_many"
    );
    assert!(
        statements.take().is_empty(),
        "the repository's own functions ran"
    );
}

on_every_backend!(
    path_deletes_are_soft,
    exempt_and_foreign_path_calls_run_as_written
);
