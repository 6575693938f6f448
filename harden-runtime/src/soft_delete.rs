//! Soft delete: the traits `#[soft_delete]` implements and the query builders
//! its rewritten repository code calls.

use sea_orm::sea_query::{DynIden, Expr, ExprTrait, IntoIden, IntoValueTuple, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, DeleteResult, EntityTrait,
    Iterable, ModelTrait, PrimaryKeyToColumn, PrimaryKeyTrait, QueryFilter, Select, UpdateMany,
    Value,
};

mod joins;
mod loader;
mod probe;

/// How a soft-delete entity marks a row as deleted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Strategy {
    /// A `bool` column: `true` = visible, `false` = deleted (`is_active`).
    Flag,
    /// A nullable timestamp: `NULL` = visible, a time = deleted at that time
    /// (`deleted_at`).
    Timestamp,
}

/// Everything the runtime needs to know about a soft-delete entity.
///
/// Built by the code `#[soft_delete]` generates; users rarely touch it.
pub struct SoftDeleteSpec<E: EntityTrait> {
    /// The column that marks rows deleted.
    pub column: E::Column,
    /// Whether that column is a flag or a timestamp.
    pub strategy: Strategy,
    /// The value written on delete (`false`, or the current time).
    pub deleted_value: fn() -> Value,
    /// The value written on restore (`true`, or `NULL` of the column's type).
    pub restored_value: fn() -> Value,
}

impl<E: EntityTrait> Clone for SoftDeleteSpec<E> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<E: EntityTrait> Copy for SoftDeleteSpec<E> {}

impl<E: EntityTrait> SoftDeleteSpec<E> {
    /// `WHERE` predicate that keeps visible rows. For the flag strategy this is
    /// exactly `Column::IsActive.eq(true)`, so the SQL is the hand-written one.
    pub fn visible(&self) -> SimpleExpr {
        match self.strategy {
            Strategy::Flag => self.column.eq(true),
            Strategy::Timestamp => self.column.is_null(),
        }
    }

    /// `WHERE` predicate that keeps only deleted rows.
    pub fn deleted(&self) -> SimpleExpr {
        match self.strategy {
            Strategy::Flag => self.column.eq(false),
            Strategy::Timestamp => self.column.is_not_null(),
        }
    }

    /// The visible predicate on a joined table, referred to by `table`
    /// (its name or its join alias). Used in a JOIN's `ON` clause.
    pub fn visible_on(&self, table: DynIden) -> SimpleExpr {
        let column = Expr::col((table, self.column.into_iden()));
        match self.strategy {
            Strategy::Flag => column.eq(true),
            Strategy::Timestamp => column.is_null(),
        }
    }
}

/// An entity whose rows are hidden instead of removed.
///
/// Implemented by `#[soft_delete]` on the entity's `Model`; do not implement
/// it by hand.
pub trait SoftDelete: EntityTrait {
    /// The column, strategy and values of this entity's soft delete.
    fn soft_delete_spec() -> SoftDeleteSpec<Self>;
}

/// What a `#[soft_delete]` repository may do with an entity's rows.
pub enum Scope<E: EntityTrait> {
    /// Reads filter deleted rows; deletes become updates.
    SoftDelete(SoftDeleteSpec<E>),
    /// The entity keeps hard deletes (join tables, append-only logs).
    Exempt {
        /// Why, as written in `#[soft_delete(exempt = "...")]`.
        reason: &'static str,
    },
}

/// Every entity a `#[soft_delete]` repository touches must say whether its
/// rows are soft-deleted or exempt; this trait carries that answer.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no soft-delete policy, so a `#[soft_delete]` repository cannot read or delete it",
    label = "entity used in a `#[soft_delete]` scope",
    note = "add `#[harden_runtime::soft_delete]` above `#[derive(DeriveEntityModel)]` on this entity's `Model` (it needs an `is_active: bool` column, or use `#[soft_delete(deleted_at)]`)",
    note = "or, if rows of this entity must really be deleted (join tables, append-only logs), mark its `Model` with `#[harden_runtime::soft_delete(exempt = \"why\")]`",
    note = "in generic code (`E: EntityTrait`), require the policy with the bound `E: harden_runtime::SoftDeleteScope`"
)]
pub trait SoftDeleteScope: EntityTrait {
    /// What a delete becomes: [`SoftDeleteQuery`] (an `UPDATE`) for
    /// soft-delete entities, [`HardDeleteQuery`] (a `DELETE`) for exempt ones.
    type Delete: QueryFilter + Execute;

    /// This entity's policy.
    fn soft_delete_scope() -> Scope<Self>;

    /// The delete of the rows matching `condition` (or the error to report
    /// at `exec`).
    #[doc(hidden)]
    fn __delete_where(condition: Result<Condition, DbErr>) -> Self::Delete;

    /// Drops the hidden rows from the relations the 2.0 entity loader put
    /// in `model` (a dense entity's; others have none).
    #[doc(hidden)]
    fn __prune_relations(_model: &mut Self::ModelEx) {}
}

/// Runs a rewritten delete; lets generic code run [`SoftDeleteQuery`] and
/// [`HardDeleteQuery`] alike.
#[allow(
    async_fn_in_trait,
    reason = "callers use concrete types, whose futures keep their auto traits"
)]
pub trait Execute {
    /// Runs the statement.
    async fn exec<C: ConnectionTrait>(self, db: &C) -> Result<DeleteResult, DbErr>;
}

impl<E: SoftDelete> Execute for SoftDeleteQuery<E> {
    async fn exec<C: ConnectionTrait>(self, db: &C) -> Result<DeleteResult, DbErr> {
        SoftDeleteQuery::exec(self, db).await
    }
}

impl<E: EntityTrait> Execute for HardDeleteQuery<E> {
    async fn exec<C: ConnectionTrait>(self, db: &C) -> Result<DeleteResult, DbErr> {
        HardDeleteQuery::exec(self, db).await
    }
}

/// Used by the impl `#[soft_delete]` generates for a soft-delete entity.
#[doc(hidden)]
pub fn __soft_delete_where<E: SoftDelete>(
    condition: Result<Condition, DbErr>,
) -> SoftDeleteQuery<E> {
    SoftDeleteQuery::new(condition)
}

/// Used by the impl `#[soft_delete(exempt = "...")]` generates.
#[doc(hidden)]
pub fn __hard_delete_where<E: EntityTrait>(
    condition: Result<Condition, DbErr>,
) -> HardDeleteQuery<E> {
    HardDeleteQuery::new(condition)
}

fn spec<E: SoftDeleteScope>() -> Option<SoftDeleteSpec<E>> {
    match E::soft_delete_scope() {
        Scope::SoftDelete(spec) => Some(spec),
        Scope::Exempt { .. } => None,
    }
}

/// The primary-key predicate for key `values`, as `find_by_id` builds it.
fn primary_key_condition<E, T>(values: T) -> Condition
where
    E: EntityTrait,
    T: Into<<E::PrimaryKey as PrimaryKeyTrait>::ValueType>,
{
    let mut condition = Condition::all();
    let keys = E::PrimaryKey::iter();
    for (key, value) in keys.zip(values.into().into_value_tuple()) {
        condition = condition.add(key.into_column().eq(value));
    }
    condition
}

/// The primary-key predicate for a model's key columns, read with `get`.
fn key_condition_from<E: EntityTrait>(
    get: impl Fn(E::Column) -> Option<Value>,
) -> Result<Condition, DbErr> {
    let mut condition = Condition::all();
    for key in E::PrimaryKey::iter() {
        let column = key.into_column();
        let Some(value) = get(column) else {
            return Err(DbErr::RecordNotUpdated);
        };
        condition = condition.add(column.eq(value));
    }
    Ok(condition)
}

/// A delete of a soft-delete entity rewritten by `#[soft_delete]`: an `UPDATE`
/// that marks the visible matching rows deleted.
///
/// It keeps the shape of SeaORM's delete builders: `.filter(..)` chains
/// (it implements [`QueryFilter`]), and `.exec(db)` still returns a
/// [`DeleteResult`] whose `rows_affected` counts the rows it deleted.
#[must_use = "a delete does nothing until `.exec(db)` is awaited"]
pub struct SoftDeleteQuery<E: EntityTrait> {
    update: UpdateMany<E>,
    /// An active model without its primary key set: reported at `exec`, as
    /// SeaORM's own `DeleteOne` does.
    error: Option<DbErr>,
}

impl<E: SoftDelete> SoftDeleteQuery<E> {
    fn new(condition: Result<Condition, DbErr>) -> Self {
        let spec = E::soft_delete_spec();
        let update = soft_update::<E>(&spec, (spec.deleted_value)(), spec.visible());
        match condition {
            Ok(condition) => Self {
                update: update.filter(condition),
                error: None,
            },
            Err(error) => Self {
                update,
                error: Some(error),
            },
        }
    }

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

    /// Runs the `UPDATE` and returns the rows it marked deleted (needs
    /// `RETURNING`: PostgreSQL, SQLite).
    pub async fn exec_with_returning<C: ConnectionTrait>(
        self,
        db: &C,
    ) -> Result<Vec<E::Model>, DbErr> {
        if let Some(error) = self.error {
            return Err(error);
        }
        self.update.exec_with_returning(db).await
    }
}

impl<E: EntityTrait> QueryFilter for SoftDeleteQuery<E> {
    type QueryStatement = sea_orm::sea_query::UpdateStatement;

    fn query(&mut self) -> &mut Self::QueryStatement {
        self.update.query()
    }
}

impl<E: EntityTrait> sea_orm::QueryTrait for SoftDeleteQuery<E> {
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

/// A delete of an exempt entity in a `#[soft_delete]` scope: SeaORM's own
/// `DELETE`, with the same interface as [`SoftDeleteQuery`].
#[must_use = "a delete does nothing until `.exec(db)` is awaited"]
pub struct HardDeleteQuery<E: EntityTrait> {
    delete: sea_orm::DeleteMany<E>,
    error: Option<DbErr>,
}

impl<E: EntityTrait> HardDeleteQuery<E> {
    fn new(condition: Result<Condition, DbErr>) -> Self {
        match condition {
            Ok(condition) => Self {
                delete: E::delete_many().filter(condition),
                error: None,
            },
            Err(error) => Self {
                delete: E::delete_many(),
                error: Some(error),
            },
        }
    }

    /// Runs the `DELETE`.
    pub async fn exec<C: ConnectionTrait>(self, db: &C) -> Result<DeleteResult, DbErr> {
        if let Some(error) = self.error {
            return Err(error);
        }
        self.delete.exec(db).await
    }

    /// Runs the `DELETE` and returns the deleted rows.
    pub async fn exec_with_returning<C: ConnectionTrait>(
        self,
        db: &C,
    ) -> Result<Vec<E::Model>, DbErr> {
        if let Some(error) = self.error {
            return Err(error);
        }
        self.delete.exec_with_returning(db).await
    }
}

impl<E: EntityTrait> QueryFilter for HardDeleteQuery<E> {
    type QueryStatement = sea_orm::sea_query::DeleteStatement;

    fn query(&mut self) -> &mut Self::QueryStatement {
        self.delete.query()
    }
}

/// `UPDATE <table> SET <column> = <value> WHERE <only>`.
fn soft_update<E: EntityTrait>(
    spec: &SoftDeleteSpec<E>,
    value: Value,
    only: SimpleExpr,
) -> UpdateMany<E> {
    E::update_many()
        .col_expr(spec.column, Expr::val(value))
        .filter(only)
}

/// Explicit, visible escape hatches for soft-delete entities. They are plain
/// methods with their own names, so `#[soft_delete]` never rewrites them and
/// `cargo harden check` can ask for a reason where they are used.
pub trait SoftDeleteExt: SoftDelete {
    /// `find()` including deleted rows.
    fn find_with_inactive() -> Select<Self> {
        Self::find()
    }

    /// Only the deleted rows.
    fn find_inactive() -> Select<Self> {
        Self::find().filter(Self::soft_delete_spec().deleted())
    }

    /// Un-deletes the row with this primary key; `rows_affected` is 0 when it
    /// was not deleted.
    fn restore_by_id<T>(values: T) -> UpdateMany<Self>
    where
        T: Into<<Self::PrimaryKey as PrimaryKeyTrait>::ValueType>,
    {
        Self::restore_many().filter(primary_key_condition::<Self, T>(values))
    }

    /// Un-deletes every deleted row matching the filters added to it.
    fn restore_many() -> UpdateMany<Self> {
        let spec = Self::soft_delete_spec();
        soft_update::<Self>(&spec, (spec.restored_value)(), spec.deleted())
    }

    /// A real `DELETE` of the row with this primary key, deleted or not.
    fn force_delete_by_id<T>(values: T) -> sea_orm::DeleteMany<Self>
    where
        T: Into<<Self::PrimaryKey as PrimaryKeyTrait>::ValueType>,
    {
        Self::delete_many().filter(primary_key_condition::<Self, T>(values))
    }

    /// A real `DELETE` of every row matching the filters added to it.
    fn force_delete_many() -> sea_orm::DeleteMany<Self> {
        Self::delete_many()
    }
}

impl<E: SoftDelete> SoftDeleteExt for E {}

/// What the code generated by `#[soft_delete]` calls. Not a stable API.
#[doc(hidden)]
pub mod rewrite {
    pub use super::joins::Joins;
    pub use super::loader::{
        LoadedRelation, LoaderPaginator, LoaderRun, PruneRelations, ScopedLoader, ScopedSource,
        loader_fetch, loader_num_items, retain_visible,
    };
    pub use super::probe::{Kind, NotAnEntity, NotSeaOrm, RunWhereBuilt, Wrap};
    use super::*;
    use sea_orm::EntityOrSelect;

    /// A read of `E` in a `#[soft_delete]` scope: visible rows only.
    pub fn scoped<E: SoftDeleteScope>(select: Select<E>) -> Select<E> {
        match spec::<E>() {
            Some(spec) => select.filter(spec.visible()),
            None => select,
        }
    }

    /// A loader argument (`load_one` / `load_many`): the entity or a select,
    /// filtered like any other read.
    pub fn scoped_loader<R: SoftDeleteScope, S: EntityOrSelect<R>>(stmt: S) -> Select<R> {
        scoped(stmt.select())
    }

    /// `E::delete_by_id(values)` in a `#[soft_delete]` scope.
    pub fn delete_by_id<E, T>(values: T) -> E::Delete
    where
        E: SoftDeleteScope,
        T: Into<<E::PrimaryKey as PrimaryKeyTrait>::ValueType>,
    {
        E::__delete_where(Ok(primary_key_condition::<E, T>(values)))
    }

    /// `E::delete_many()` in a `#[soft_delete]` scope.
    pub fn delete_many<E: SoftDeleteScope>() -> E::Delete {
        E::__delete_where(Ok(Condition::all()))
    }

    /// `E::delete(active_model)` in a `#[soft_delete]` scope.
    pub fn delete<E, A>(model: A) -> E::Delete
    where
        E: SoftDeleteScope,
        A: ActiveModelTrait<Entity = E>,
    {
        E::__delete_where(key_condition_from::<E>(|column| {
            model.get(column).into_value()
        }))
    }

    // `recv.delete(arg)` is rewritten to
    // `(&&&Probe(&recv)).__harden_delete_probe().delete(arg)`. Method lookup
    // picks the first impl whose bounds hold (autoref specialisation): an
    // active model or a model gets a soft delete, anything else (an HTTP
    // client's `delete(url)`) gets `&recv` back and calls its own method.
    /// Wraps the receiver of a `.delete(..)` call.
    pub struct Probe<'a, T>(pub &'a T);

    impl<'a, T> Probe<'a, T> {
        /// `Probe(receiver)`, plus the original call in a closure that is
        /// never run; see [`resolves_like`].
        pub fn witnessed<F: FnOnce(&'a T) -> R, R>(receiver: &'a T, _original: F) -> Self {
            Probe(receiver)
        }
    }

    // The rewritten code no longer calls `X::delete_by_id` or `model.delete`
    // through the user's `use sea_orm::{EntityTrait, ModelTrait}`, so those
    // imports would turn "unused" and fail `-D warnings` builds. The original
    // call is kept, type-checked but never run, inside a closure that only
    // these functions see.
    /// Returns `value`; `_original` is never called.
    pub fn resolves_like<F: FnOnce() -> R, R, V>(_original: F, value: V) -> V {
        value
    }

    /// A value of the type `value` points to, for a call that is only
    /// type-checked (inside a closure passed to [`resolves_like`]).
    pub fn type_witness<T>(_value: &T) -> T {
        unreachable!("only called inside closures that are never run")
    }

    /// A primary-key value of `E`, for a call that is only type-checked.
    pub fn primary_key_of<E: EntityTrait>() -> <E::PrimaryKey as PrimaryKeyTrait>::ValueType {
        unreachable!("only called inside closures that are never run")
    }

    /// An active model of `E`, for a call that is only type-checked.
    pub fn active_model_of<E: EntityTrait>() -> E::ActiveModel {
        unreachable!("only called inside closures that are never run")
    }

    /// Receiver is a SeaORM active model.
    pub trait ProbeActiveModel<'a, A> {
        fn __harden_delete_probe(&self) -> ActiveModelDelete<A>;
    }
    impl<'a, A: ActiveModelTrait + Clone> ProbeActiveModel<'a, A> for &&Probe<'a, A> {
        fn __harden_delete_probe(&self) -> ActiveModelDelete<A> {
            ActiveModelDelete(self.0.clone())
        }
    }

    /// Receiver is a SeaORM model.
    pub trait ProbeModel<'a, M> {
        fn __harden_delete_probe(&self) -> ModelDelete<M>;
    }
    impl<'a, M: ModelTrait + Clone> ProbeModel<'a, M> for &Probe<'a, M> {
        fn __harden_delete_probe(&self) -> ModelDelete<M> {
            ModelDelete(self.0.clone())
        }
    }

    /// Receiver is anything else: left alone.
    pub trait ProbeOther<'a, T> {
        fn __harden_delete_probe(&self) -> &'a T;
    }
    impl<'a, T> ProbeOther<'a, T> for Probe<'a, T> {
        fn __harden_delete_probe(&self) -> &'a T {
            self.0
        }
    }

    /// `active_model.delete(db)` in a `#[soft_delete]` scope.
    pub struct ActiveModelDelete<A>(A);
    // The policy bound sits on the method, not the impl: then a missing
    // policy is reported through `SoftDeleteScope`'s own message (E0277)
    // instead of a generic "method exists but bounds not satisfied".
    impl<A: ActiveModelTrait> ActiveModelDelete<A> {
        /// Soft-deletes the row (hard-deletes it for exempt entities).
        pub async fn delete<C: ConnectionTrait>(self, db: &C) -> Result<DeleteResult, DbErr>
        where
            A::Entity: SoftDeleteScope,
        {
            Execute::exec(delete::<A::Entity, A>(self.0), db).await
        }
    }

    /// `model.delete(db)` in a `#[soft_delete]` scope.
    pub struct ModelDelete<M>(M);
    impl<M: ModelTrait> ModelDelete<M> {
        /// Soft-deletes the row (hard-deletes it for exempt entities).
        pub async fn delete<C: ConnectionTrait>(self, db: &C) -> Result<DeleteResult, DbErr>
        where
            M::Entity: SoftDeleteScope,
        {
            let model = &self.0;
            let condition = key_condition_from::<M::Entity>(|column| Some(model.get(column)));
            Execute::exec(M::Entity::__delete_where(condition), db).await
        }
    }
}
