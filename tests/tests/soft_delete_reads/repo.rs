//! Repositories written the way services write them, each annotated once:
//! every read below is rewritten by `#[soft_delete]`.

use crate::entities::{badge, remark, shelf, story, tag, writer};
use harden_runtime::{SoftDeleteScope, soft_delete};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityLoaderTrait, EntityTrait, LoaderTrait, ModelTrait,
    PrimaryKeyTrait, QueryOrder, Related, Select, SelectThree, SelectTwo, SelectTwoRequired,
    TopologyChain, TopologyStar,
};
use std::time::Duration;

pub struct Writers;

#[soft_delete]
impl Writers {
    /// A unique-key finder `#[sea_orm::model]` generates.
    pub async fn by_email<C: ConnectionTrait>(
        db: &C,
        email: &str,
    ) -> Result<Option<writer::Model>, DbErr> {
        writer::Entity::find_by_email(email).one(db).await
    }

    /// The same, on a unique foreign key.
    pub async fn badge_of<C: ConnectionTrait>(
        db: &C,
        writer_id: i32,
    ) -> Result<Option<badge::Model>, DbErr> {
        badge::Entity::find_by_writer_id(writer_id).one(db).await
    }

    /// The 2.0 loader, with a has-one and a nested has-many.
    pub async fn loaded<C: ConnectionTrait>(
        db: &C,
        id: i32,
    ) -> Result<Option<writer::ModelEx>, DbErr> {
        writer::Entity::load()
            .filter_by_id(id)
            .with(badge::Entity)
            .with((story::Entity, remark::Entity))
            .one(db)
            .await
    }

    pub async fn all_loaded<C: ConnectionTrait>(db: &C) -> Result<Vec<writer::ModelEx>, DbErr> {
        writer::Entity::load()
            .with(badge::Entity)
            .with((story::Entity, remark::Entity))
            .order_by_id_asc()
            .all(db)
            .await
    }

    /// A unique-key filter of the loader.
    pub async fn loaded_by_email<C: ConnectionTrait>(
        db: &C,
        email: &str,
    ) -> Result<Option<writer::ModelEx>, DbErr> {
        writer::Entity::load()
            .filter_by_email(email)
            .with(story::Entity)
            .one(db)
            .await
    }

    /// Belongs-to (joined by the loader) and many-to-many through the
    /// exempt junction.
    pub async fn stories_loaded<C: ConnectionTrait>(db: &C) -> Result<Vec<story::ModelEx>, DbErr> {
        story::Entity::load()
            .with(writer::Entity)
            .with(tag::Entity)
            .order_by_id_asc()
            .all(db)
            .await
    }

    /// The loader paginated: the count and the first page.
    pub async fn first_page<C: ConnectionTrait>(
        db: &C,
        size: u64,
    ) -> Result<(u64, Vec<writer::ModelEx>), DbErr> {
        let pages = writer::Entity::load()
            .with(story::Entity)
            .order_by_id_asc()
            .paginate(db, size);
        Ok((pages.num_items().await?, pages.fetch_page(0).await?))
    }

    /// A loader built by a helper and run here.
    pub async fn through_helper<C: ConnectionTrait>(db: &C) -> Result<Vec<writer::ModelEx>, DbErr> {
        Self::with_stories().order_by_id_asc().all(db).await
    }

    fn with_stories() -> writer::EntityLoader {
        writer::Entity::load().with(story::Entity)
    }

    /// `<X as EntityTrait>::find()`.
    pub async fn qualified<C: ConnectionTrait>(db: &C) -> Result<Vec<writer::Model>, DbErr> {
        <writer::Entity as EntityTrait>::find()
            .order_by_asc(writer::Column::Id)
            .all(db)
            .await
    }

    /// `<X>::find_by_id(k)`.
    pub async fn qualified_by_id<C: ConnectionTrait>(
        db: &C,
        id: i32,
    ) -> Result<Option<writer::Model>, DbErr> {
        <writer::Entity>::find_by_id(id).one(db).await
    }

    /// `ModelTrait::find_related(&model, X)`.
    pub async fn stories_path_form<C: ConnectionTrait>(
        db: &C,
        author: &writer::Model,
    ) -> Result<Vec<story::Model>, DbErr> {
        ModelTrait::find_related(author, story::Entity)
            .all(db)
            .await
    }

    /// `LoaderTrait::load_many(&models, X, db)`.
    pub async fn load_many_path_form<C: ConnectionTrait>(
        db: &C,
        authors: &[writer::Model],
    ) -> Result<Vec<Vec<story::Model>>, DbErr> {
        LoaderTrait::load_many(&authors, story::Entity, db).await
    }

    /// `<A as Related<B>>::find_related()`: a select of `B`.
    pub fn related_select() -> Select<story::Entity> {
        <writer::Entity as Related<story::Entity>>::find_related()
    }

    /// A generic read, the policy required by its bound.
    pub async fn generic_by_id<E, C>(db: &C, id: i32) -> Result<Option<E::Model>, DbErr>
    where
        E: EntityTrait + SoftDeleteScope,
        <E::PrimaryKey as PrimaryKeyTrait>::ValueType: From<i32>,
        C: ConnectionTrait,
    {
        E::find_by_id(id).one(db).await
    }

    /// A query raced against a timeout inside `tokio::select!`.
    pub async fn raced<C: ConnectionTrait>(
        db: &C,
        id: i32,
    ) -> Result<Option<writer::Model>, DbErr> {
        tokio::select! {
            biased;
            found = writer::Entity::find_by_id(id).one(db) => found,
            _ = tokio::time::sleep(Duration::from_secs(30)) => Ok(None),
        }
    }

    /// The same inside `futures::select!`, with a block handler.
    pub async fn raced_futures<C: ConnectionTrait>(
        db: &C,
        id: i32,
    ) -> Result<Option<writer::Model>, DbErr> {
        use futures_util::FutureExt;
        futures_util::select! {
            found = writer::Entity::find_by_id(id).one(db).fuse() => { found }
            complete => Ok(None),
        }
    }

    /// A query as the expression of `matches!`.
    pub async fn exists<C: ConnectionTrait>(db: &C, id: i32) -> Result<bool, DbErr> {
        Ok(matches!(
            writer::Entity::find_by_id(id).one(db).await?,
            Some(found) if found.id == id
        ))
    }
}

/// Query builders, for comparing SQL text.
pub mod joins {
    use super::*;

    #[soft_delete]
    pub fn inner_join() -> Select<writer::Entity> {
        writer::Entity::find().inner_join(story::Entity)
    }

    #[soft_delete]
    pub fn left_join() -> Select<writer::Entity> {
        writer::Entity::find().left_join(story::Entity)
    }

    #[soft_delete]
    pub fn right_join() -> Select<writer::Entity> {
        writer::Entity::find().right_join(story::Entity)
    }

    #[soft_delete]
    pub fn reverse_join() -> Select<story::Entity> {
        story::Entity::find().reverse_join(writer::Entity)
    }

    #[soft_delete]
    pub fn has_related(title: &str) -> Select<writer::Entity> {
        writer::Entity::find().has_related(story::Entity, story::Column::Title.eq(title))
    }

    #[soft_delete]
    pub fn find_both_related() -> SelectTwoRequired<writer::Entity, story::Entity> {
        writer::Entity::find().find_both_related(story::Entity)
    }

    #[soft_delete]
    pub fn find_also() -> SelectTwo<writer::Entity, story::Entity> {
        writer::Entity::find().find_also(writer::Entity, story::Entity)
    }

    /// `and_also_related`: the third entity related to the second.
    #[soft_delete]
    pub fn and_also_related()
    -> SelectThree<writer::Entity, story::Entity, remark::Entity, TopologyChain> {
        writer::Entity::find()
            .find_also_related(story::Entity)
            .and_also_related(remark::Entity)
    }

    /// Three-way `find_also_related`: the third entity related to the first.
    #[soft_delete]
    pub fn three_way() -> SelectThree<writer::Entity, story::Entity, badge::Entity, TopologyStar> {
        writer::Entity::find()
            .find_also_related(story::Entity)
            .find_also_related(badge::Entity)
    }

    /// A relation whose keys and own condition are OR-ed.
    #[soft_delete]
    pub fn any_relation() -> SelectTwo<shelf::Entity, story::Entity> {
        shelf::Entity::find().find_also_related(story::Entity)
    }

    /// `find_also(G, R)` on a two-entity select.
    #[soft_delete]
    pub fn find_also_of_second()
    -> SelectThree<writer::Entity, story::Entity, remark::Entity, TopologyStar> {
        writer::Entity::find()
            .find_also_related(story::Entity)
            .find_also(story::Entity, remark::Entity)
    }
}

/// Reads as builders, for comparing SQL text without a database.
pub mod sql {
    use super::*;

    #[soft_delete]
    pub fn by_email(email: &str) -> Select<writer::Entity> {
        writer::Entity::find_by_email(email)
    }
}
