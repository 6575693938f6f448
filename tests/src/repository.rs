//! A repository in the shape real services write, annotated once. Every read
//! and delete below is rewritten by `#[soft_delete]`.

use crate::entities::{membership, post, team, user};
use harden_runtime::soft_delete;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, LoaderTrait, ModelTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select,
};

/// Reads and deletes of users, posts and teams.
pub struct Repo;

#[soft_delete]
impl Repo {
    pub async fn users<C: ConnectionTrait>(db: &C) -> Result<Vec<user::Model>, DbErr> {
        user::Entity::find()
            .order_by_asc(user::Column::Id)
            .all(db)
            .await
    }

    pub async fn user<C: ConnectionTrait>(db: &C, id: i32) -> Result<Option<user::Model>, DbErr> {
        user::Entity::find_by_id(id).one(db).await
    }

    pub async fn count_users<C: ConnectionTrait>(db: &C) -> Result<u64, DbErr> {
        user::Entity::find().count(db).await
    }

    /// An aggregate: the highest visible id.
    pub async fn max_user_id<C: ConnectionTrait>(db: &C) -> Result<Option<i32>, DbErr> {
        let max = user::Entity::find()
            .select_only()
            .column_as(user::Column::Id.max(), "max_id")
            .into_tuple::<Option<i32>>()
            .one(db)
            .await?;
        Ok(max.flatten())
    }

    pub async fn posts_of<C: ConnectionTrait>(
        db: &C,
        author: &user::Model,
    ) -> Result<Vec<post::Model>, DbErr> {
        author
            .find_related(post::Entity)
            .order_by_asc(post::Column::Id)
            .all(db)
            .await
    }

    pub async fn teams_of<C: ConnectionTrait>(
        db: &C,
        member: &user::Model,
    ) -> Result<Vec<team::Model>, DbErr> {
        member
            .find_related(team::Entity)
            .order_by_asc(team::Column::Id)
            .all(db)
            .await
    }

    pub async fn users_with_posts<C: ConnectionTrait>(
        db: &C,
    ) -> Result<Vec<(user::Model, Vec<post::Model>)>, DbErr> {
        user::Entity::find()
            .find_with_related(post::Entity)
            .order_by_asc(user::Column::Id)
            .all(db)
            .await
    }

    pub async fn users_also_post<C: ConnectionTrait>(
        db: &C,
    ) -> Result<Vec<(user::Model, Option<post::Model>)>, DbErr> {
        user::Entity::find()
            .find_also_related(post::Entity)
            .order_by_asc(user::Column::Id)
            .order_by_asc(post::Column::Id)
            .all(db)
            .await
    }

    pub async fn load_posts<C: ConnectionTrait>(
        db: &C,
        users: &[user::Model],
    ) -> Result<Vec<Vec<post::Model>>, DbErr> {
        users.to_vec().load_many(post::Entity, db).await
    }

    pub async fn load_authors<C: ConnectionTrait>(
        db: &C,
        posts: &[post::Model],
    ) -> Result<Vec<Option<user::Model>>, DbErr> {
        posts.to_vec().load_one(user::Entity, db).await
    }

    /// Both lookups run concurrently inside a macro; both are rewritten.
    pub async fn user_and_count<C: ConnectionTrait>(
        db: &C,
        id: i32,
    ) -> Result<(Option<user::Model>, u64), DbErr> {
        let (found, count) = futures_util::try_join!(
            user::Entity::find_by_id(id).one(db),
            user::Entity::find().count(db)
        )?;
        Ok((found, count))
    }

    pub async fn delete_user<C: ConnectionTrait>(db: &C, id: i32) -> Result<u64, DbErr> {
        Ok(user::Entity::delete_by_id(id).exec(db).await?.rows_affected)
    }

    pub async fn delete_users_named<C: ConnectionTrait>(db: &C, name: &str) -> Result<u64, DbErr> {
        Ok(user::Entity::delete_many()
            .filter(user::Column::Name.eq(name))
            .exec(db)
            .await?
            .rows_affected)
    }

    pub async fn delete_user_model<C: ConnectionTrait>(
        db: &C,
        model: user::Model,
    ) -> Result<u64, DbErr> {
        Ok(model.delete(db).await?.rows_affected)
    }

    pub async fn delete_post<C: ConnectionTrait>(
        db: &C,
        post: post::ActiveModel,
    ) -> Result<u64, DbErr> {
        Ok(post::Entity::delete(post).exec(db).await?.rows_affected)
    }

    pub async fn delete_post_active_model<C: ConnectionTrait>(
        db: &C,
        post: post::ActiveModel,
    ) -> Result<u64, DbErr> {
        Ok(post.delete(db).await?.rows_affected)
    }

    /// An exempt entity keeps its hard delete.
    pub async fn leave_team<C: ConnectionTrait>(
        db: &C,
        user_id: i32,
        team_id: i32,
    ) -> Result<u64, DbErr> {
        Ok(membership::Entity::delete_by_id((user_id, team_id))
            .exec(db)
            .await?
            .rows_affected)
    }

    /// `active_model.delete(db)` on an exempt entity: a real delete.
    pub async fn remove_membership<C: ConnectionTrait>(
        db: &C,
        membership: membership::ActiveModel,
    ) -> Result<u64, DbErr> {
        Ok(membership.delete(db).await?.rows_affected)
    }

    /// An inner `#[soft_delete]` inside an annotated impl is not applied a
    /// second time (the filter would appear twice).
    #[soft_delete]
    pub fn nested_query() -> Select<user::Entity> {
        user::Entity::find()
    }

    /// A `.delete(..)` that is not SeaORM's is left alone.
    pub fn unrelated_delete(client: &HttpClient) -> String {
        client.delete("/users/1")
    }
}

/// A repository trait, implemented in an annotated trait impl.
pub trait UserReader {
    fn visible_users<C: ConnectionTrait>(
        &self,
        db: &C,
    ) -> impl std::future::Future<Output = Result<Vec<user::Model>, DbErr>> + Send;
}

#[soft_delete]
impl UserReader for Repo {
    async fn visible_users<C: ConnectionTrait>(&self, db: &C) -> Result<Vec<user::Model>, DbErr> {
        user::Entity::find()
            .order_by_asc(user::Column::Id)
            .all(db)
            .await
    }
}

/// Stands in for an HTTP client whose `delete` must never be rewritten.
pub struct HttpClient;

impl HttpClient {
    pub fn delete(&self, url: &str) -> String {
        format!("DELETE {url}")
    }
}

/// Query builders, for comparing the SQL the rewrite produces with the
/// hand-written filter.
pub mod queries {
    use super::*;

    #[soft_delete]
    pub fn all_users() -> Select<user::Entity> {
        user::Entity::find()
    }

    #[soft_delete]
    pub fn user_by_id(id: i32) -> Select<user::Entity> {
        user::Entity::find_by_id(id)
    }

    #[soft_delete]
    pub fn all_posts() -> Select<post::Entity> {
        post::Entity::find()
    }

    #[soft_delete]
    pub fn users_also_post() -> sea_orm::SelectTwo<user::Entity, post::Entity> {
        user::Entity::find().find_also_related(post::Entity)
    }
}
