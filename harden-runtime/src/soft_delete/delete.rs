//! What a delete becomes in a `#[soft_delete]` scope: an `UPDATE` for a
//! soft-delete entity, a `DELETE` for an exempt one, with SeaORM's own result
//! types (`exec_with_returning` of a one-row delete is still an `Option`).

use super::{SoftDelete, SoftDeleteSpec};
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{
    Condition, ConnectionTrait, DbBackend, DbErr, DeleteMany, DeleteResult, EntityTrait,
    QueryFilter, QueryTrait, UpdateMany, Value,
};
use std::marker::PhantomData;
use std::time::SystemTime;

mod sealed {
    pub trait Sealed {}
}

/// How many rows a delete is about: SeaORM's `DeleteOne` / `ValidatedDeleteOne`
/// ([`One`]) or `DeleteMany` ([`Many`]). It decides what
/// `exec_with_returning` returns, so a rewritten delete keeps SeaORM's type.
pub trait Cardinality: sealed::Sealed + Send + 'static {
    /// What `exec_with_returning` returns: `Option<M>` or `Vec<M>`.
    type Rows<M>;
    /// The returned rows, in this shape.
    #[doc(hidden)]
    fn rows<M>(models: Vec<M>) -> Self::Rows<M>;
}

/// A delete of one row (`X::delete_by_id(k)`, `X::delete(am)`,
/// `X::delete_by_<unique key>(v)`).
#[derive(Clone, Copy, Debug)]
pub struct One;

/// A delete of the rows matching its filters (`X::delete_many()`).
#[derive(Clone, Copy, Debug)]
pub struct Many;

impl sealed::Sealed for One {}
impl sealed::Sealed for Many {}

impl Cardinality for One {
    type Rows<M> = Option<M>;
    fn rows<M>(models: Vec<M>) -> Option<M> {
        models.into_iter().next()
    }
}

impl Cardinality for Many {
    type Rows<M> = Vec<M>;
    fn rows<M>(models: Vec<M>) -> Vec<M> {
        models
    }
}

/// Runs a rewritten delete; lets generic code (`E: SoftDeleteScope`) run
/// [`SoftDeleteQuery`] and [`HardDeleteQuery`] alike.
#[allow(
    async_fn_in_trait,
    reason = "callers use concrete types, whose futures keep their auto traits"
)]
pub trait Execute<E: EntityTrait, N: Cardinality> {
    /// Runs the statement.
    async fn exec<C: ConnectionTrait>(self, db: &C) -> Result<DeleteResult, DbErr>;
    /// Runs the statement and returns the rows it deleted.
    async fn exec_with_returning<C: ConnectionTrait>(
        self,
        db: &C,
    ) -> Result<N::Rows<E::Model>, DbErr>;
}

/// A delete of a soft-delete entity rewritten by `#[soft_delete]`: an `UPDATE`
/// that marks the visible matching rows deleted.
///
/// It keeps the shape of SeaORM's delete builders: `.filter(..)` chains (it
/// implements [`QueryFilter`]), `.exec(db)` returns a [`DeleteResult`] whose
/// `rows_affected` counts the rows it deleted, and `.exec_with_returning(db)`
/// returns `Option<Model>` for a one-row delete ([`One`]) and `Vec<Model>`
/// for `delete_many` ([`Many`]), as SeaORM does.
#[must_use = "a delete does nothing until `.exec(db)` is awaited"]
pub struct SoftDeleteQuery<E: EntityTrait, N = Many> {
    update: UpdateMany<E>,
    /// An active model without its primary key set: reported at `exec`, as
    /// SeaORM's own `DeleteOne` does.
    error: Option<DbErr>,
    rows: PhantomData<N>,
}

impl<E: SoftDelete, N: Cardinality> SoftDeleteQuery<E, N> {
    pub(crate) fn new(condition: Result<Condition, DbErr>) -> Self {
        let spec = E::soft_delete_spec();
        let update = soft_update::<E>(
            &spec,
            (spec.deleted_value)(SystemTime::now()),
            spec.visible(),
        );
        let (update, error) = match condition {
            Ok(condition) => (update.filter(condition), None),
            Err(error) => (update, Some(error)),
        };
        Self {
            update,
            error,
            rows: PhantomData,
        }
    }
}

impl<E: EntityTrait, N: Cardinality> SoftDeleteQuery<E, N> {
    /// Runs the `UPDATE`.
    pub async fn exec<C: ConnectionTrait>(self, db: &C) -> Result<DeleteResult, DbErr> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let updated = self.update.exec(db).await?;
        // `DeleteResult` is non-exhaustive: start from SeaORM's empty one.
        let mut deleted = DeleteResult::empty();
        deleted.rows_affected = updated.rows_affected;
        Ok(deleted)
    }

    /// Runs the `UPDATE … RETURNING` and returns the rows it marked deleted,
    /// as they are now (with the deleted marker set). Where SeaORM cannot
    /// return rows from a `DELETE` on this connection, this fails with the
    /// same error SeaORM gives; MySQL and MariaDB have no `UPDATE …
    /// RETURNING` at all.
    pub async fn exec_with_returning<C: ConnectionTrait>(
        self,
        db: &C,
    ) -> Result<N::Rows<E::Model>, DbErr> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let backend = db.get_database_backend();
        if !db.support_returning() {
            return Err(not_supported(backend, "DELETE RETURNING"));
        }
        if backend == DbBackend::MySql {
            return Err(not_supported(backend, "UPDATE RETURNING"));
        }
        Ok(N::rows(self.update.exec_with_returning(db).await?))
    }
}

impl<E: EntityTrait> SoftDeleteQuery<E, One> {
    /// The query, or the error SeaORM's `DeleteOne::validate` reports (an
    /// active model without its primary key).
    pub fn validate(mut self) -> Result<Self, DbErr> {
        match self.error.take() {
            Some(error) => Err(error),
            None => Ok(self),
        }
    }
}

fn not_supported(backend: DbBackend, ctx: &'static str) -> DbErr {
    DbErr::BackendNotSupported {
        db: backend.as_str(),
        ctx,
    }
}

impl<E: EntityTrait, N> QueryFilter for SoftDeleteQuery<E, N> {
    type QueryStatement = sea_orm::sea_query::UpdateStatement;

    fn query(&mut self) -> &mut Self::QueryStatement {
        QueryFilter::query(&mut self.update)
    }
}

impl<E: EntityTrait, N> QueryTrait for SoftDeleteQuery<E, N> {
    type QueryStatement = sea_orm::sea_query::UpdateStatement;

    fn query(&mut self) -> &mut Self::QueryStatement {
        QueryFilter::query(&mut self.update)
    }
    fn as_query(&self) -> &Self::QueryStatement {
        self.update.as_query()
    }
    fn into_query(self) -> Self::QueryStatement {
        self.update.into_query()
    }
}

impl<E: EntityTrait, N: Cardinality> Execute<E, N> for SoftDeleteQuery<E, N> {
    async fn exec<C: ConnectionTrait>(self, db: &C) -> Result<DeleteResult, DbErr> {
        SoftDeleteQuery::exec(self, db).await
    }
    async fn exec_with_returning<C: ConnectionTrait>(
        self,
        db: &C,
    ) -> Result<N::Rows<E::Model>, DbErr> {
        SoftDeleteQuery::exec_with_returning(self, db).await
    }
}

/// A delete of an exempt entity in a `#[soft_delete]` scope: SeaORM's own
/// `DELETE`, with the same interface as [`SoftDeleteQuery`].
#[must_use = "a delete does nothing until `.exec(db)` is awaited"]
pub struct HardDeleteQuery<E: EntityTrait, N = Many> {
    delete: DeleteMany<E>,
    error: Option<DbErr>,
    rows: PhantomData<N>,
}

impl<E: EntityTrait, N: Cardinality> HardDeleteQuery<E, N> {
    pub(crate) fn new(condition: Result<Condition, DbErr>) -> Self {
        let (delete, error) = match condition {
            Ok(condition) => (E::delete_many().filter(condition), None),
            Err(error) => (E::delete_many(), Some(error)),
        };
        Self {
            delete,
            error,
            rows: PhantomData,
        }
    }

    /// Runs the `DELETE`.
    pub async fn exec<C: ConnectionTrait>(self, db: &C) -> Result<DeleteResult, DbErr> {
        if let Some(error) = self.error {
            return Err(error);
        }
        self.delete.exec(db).await
    }

    /// Runs the `DELETE` and returns the deleted rows (SeaORM's own
    /// `exec_with_returning`).
    pub async fn exec_with_returning<C: ConnectionTrait>(
        self,
        db: &C,
    ) -> Result<N::Rows<E::Model>, DbErr> {
        if let Some(error) = self.error {
            return Err(error);
        }
        Ok(N::rows(self.delete.exec_with_returning(db).await?))
    }
}

impl<E: EntityTrait> HardDeleteQuery<E, One> {
    /// The query, or the error SeaORM's `DeleteOne::validate` reports.
    pub fn validate(mut self) -> Result<Self, DbErr> {
        match self.error.take() {
            Some(error) => Err(error),
            None => Ok(self),
        }
    }
}

impl<E: EntityTrait, N> QueryFilter for HardDeleteQuery<E, N> {
    type QueryStatement = sea_orm::sea_query::DeleteStatement;

    fn query(&mut self) -> &mut Self::QueryStatement {
        QueryFilter::query(&mut self.delete)
    }
}

impl<E: EntityTrait, N> QueryTrait for HardDeleteQuery<E, N> {
    type QueryStatement = sea_orm::sea_query::DeleteStatement;

    fn query(&mut self) -> &mut Self::QueryStatement {
        QueryFilter::query(&mut self.delete)
    }
    fn as_query(&self) -> &Self::QueryStatement {
        self.delete.as_query()
    }
    fn into_query(self) -> Self::QueryStatement {
        self.delete.into_query()
    }
}

impl<E: EntityTrait, N: Cardinality> Execute<E, N> for HardDeleteQuery<E, N> {
    async fn exec<C: ConnectionTrait>(self, db: &C) -> Result<DeleteResult, DbErr> {
        HardDeleteQuery::exec(self, db).await
    }
    async fn exec_with_returning<C: ConnectionTrait>(
        self,
        db: &C,
    ) -> Result<N::Rows<E::Model>, DbErr> {
        HardDeleteQuery::exec_with_returning(self, db).await
    }
}

/// Used by the impl `#[soft_delete]` generates for a soft-delete entity.
#[doc(hidden)]
pub fn __soft_delete_where<E: SoftDelete, N: Cardinality>(
    condition: Result<Condition, DbErr>,
) -> SoftDeleteQuery<E, N> {
    SoftDeleteQuery::new(condition)
}

/// Used by the impl `#[soft_delete(exempt = "...")]` generates.
#[doc(hidden)]
pub fn __hard_delete_where<E: EntityTrait, N: Cardinality>(
    condition: Result<Condition, DbErr>,
) -> HardDeleteQuery<E, N> {
    HardDeleteQuery::new(condition)
}

/// `UPDATE <table> SET <column> = <value> WHERE <only>`.
pub(crate) fn soft_update<E: EntityTrait>(
    spec: &SoftDeleteSpec<E>,
    value: Value,
    only: SimpleExpr,
) -> UpdateMany<E> {
    E::update_many()
        .col_expr(spec.column, Expr::val(value))
        .filter(only)
}
