//! The write calls of a `#[soft_delete]` scope, and which rewrite each gets,
//! decided by the types at the call site, so that a call that is not
//! SeaORM's keeps running as written.
//!
//! Static calls (`X::delete_by_id(k)`, `X::delete_many()`, `X::delete(am)`,
//! `X::delete_by_<key>(v)`, `X::update_many()`) become
//! `Kind::<X>::NEW.__harden_write().delete_by_id(k, |k| X::delete_by_id(k))`
//! (the `Kind` probe of the `probe` module, which reads use too): an entity
//! gets [`Scoped`], which ignores the closure, anything else gets
//! [`Untouched`], which calls it. The closure is the original call, so the
//! user's `use sea_orm::EntityTrait` stays used.
//!
//! Calls on a value (`am.delete(db)`, `model.cascade_delete(db)`) and their
//! path forms (`ActiveModelTrait::delete(am, db)`) go through [`Probe`],
//! whose levels (autoref specialisation) tell an active model, a model and
//! their `…Ex` forms apart.

use super::cascade::{Cascade, cascade};
use super::delete::{Execute, Many, One};
use super::{SoftDeleteScope, key_condition_from, primary_key_condition, spec};
use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait, Condition, ConnectionTrait, DbErr, DeleteResult,
    EntityTrait, IntoActiveModel, ModelTrait, PrimaryKeyTrait, QueryFilter, TransactionTrait,
    UpdateMany,
};
use std::marker::PhantomData;

/// A unique key of a dense entity, named by a 64-bit id of the key's name
/// (`harden_calls::unique_key_id`): `#[soft_delete]` on the `Model`
/// implements it for every `#[sea_orm(unique)]` field and every
/// `#[sea_orm(unique_key = "…")]` group, the keys SeaORM 2.0 generates
/// `delete_by_<key>` for. Implemented by the macro only.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no unique key that `#[soft_delete]` knows of for this `delete_by_…` call",
    label = "cannot be turned into a soft delete",
    note = "`#[soft_delete]` on the entity's `Model` turns the `delete_by_<key>` SeaORM generates for a `#[sea_orm(unique)]` field or a `#[sea_orm(unique_key = \"…\")]` group into an UPDATE; a hand-written `delete_by_…` it cannot see into",
    note = "write the delete as `Entity::delete_many().filter(..)`, which `#[soft_delete]` rewrites"
)]
pub trait UniqueKey<const KEY: u64>: EntityTrait {
    /// The key's value: the field's type, or a tuple for a composite key.
    type Value;
    /// `key = value`.
    fn condition(value: Self::Value) -> Condition;
}

/// Names the unique key `KEY` at a rewritten `delete_by_<key>` call.
pub struct Key<const KEY: u64>;

/// A static write call on entity `E` in a `#[soft_delete]` scope.
///
/// The policy bound sits on each method, not on the type: a missing policy
/// is then reported with `SoftDeleteScope`'s own message, at the call.
pub struct Scoped<E>(PhantomData<fn() -> E>);

impl<E> Scoped<E> {
    pub(super) fn new() -> Self {
        Scoped(PhantomData)
    }
}

impl<E: EntityTrait> Scoped<E> {
    /// `E::delete_by_id(values)`: one row, soft-deleted.
    pub fn delete_by_id<T, F, R>(self, values: T, _original: F) -> E::Delete<One>
    where
        E: SoftDeleteScope,
        T: Into<<E::PrimaryKey as PrimaryKeyTrait>::ValueType>,
        F: FnOnce(T) -> R,
    {
        E::__delete_where(Ok(primary_key_condition::<E, T>(values)))
    }

    /// `E::delete_many()`: the rows its filters match, soft-deleted.
    pub fn delete_many<F, R>(self, _original: F) -> E::Delete<Many>
    where
        E: SoftDeleteScope,
        F: FnOnce() -> R,
    {
        E::__delete_where(Ok(Condition::all()))
    }

    /// `E::delete(active_model)`: its row, soft-deleted.
    pub fn delete<A, F, R>(self, model: A, _original: F) -> E::Delete<One>
    where
        E: SoftDeleteScope,
        A: ActiveModelTrait<Entity = E>,
        F: FnOnce(A) -> R,
    {
        E::__delete_where(key_condition_from::<E>(|column| {
            model.get(column).into_value()
        }))
    }

    /// `E::delete_by_<key>(value)` of a dense entity: its row, soft-deleted.
    pub fn delete_by_key<const KEY: u64, V, F, R>(
        self,
        _key: Key<KEY>,
        value: V,
        _original: F,
    ) -> E::Delete<One>
    where
        E: SoftDeleteScope + UniqueKey<KEY>,
        V: Into<<E as UniqueKey<KEY>>::Value>,
        F: FnOnce(V) -> R,
    {
        E::__delete_where(Ok(<E as UniqueKey<KEY>>::condition(value.into())))
    }

    /// `E::update_many()`: only visible rows are updated.
    pub fn update_many<F, R>(self, _original: F) -> UpdateMany<E>
    where
        E: SoftDeleteScope,
        F: FnOnce() -> R,
    {
        match spec::<E>() {
            Some(spec) => E::update_many().filter(spec.visible()),
            None => E::update_many(),
        }
    }
}

/// A static call on something that is not an entity: runs as written.
pub struct Untouched;

impl Untouched {
    /// Calls `original(values)`.
    pub fn delete_by_id<T, F: FnOnce(T) -> R, R>(self, values: T, original: F) -> R {
        original(values)
    }
    /// Calls `original()`.
    pub fn delete_many<F: FnOnce() -> R, R>(self, original: F) -> R {
        original()
    }
    /// Calls `original(model)`.
    pub fn delete<T, F: FnOnce(T) -> R, R>(self, model: T, original: F) -> R {
        original(model)
    }
    /// Calls `original(value)`.
    pub fn delete_by_key<const KEY: u64, V, F: FnOnce(V) -> R, R>(
        self,
        _key: Key<KEY>,
        value: V,
        original: F,
    ) -> R {
        original(value)
    }
    /// Calls `original()`.
    pub fn update_many<F: FnOnce() -> R, R>(self, original: F) -> R {
        original()
    }
}

/// Wraps the receiver of `recv.delete(db)` / `recv.cascade_delete(db)`, or
/// the first argument of their path forms. Method lookup on
/// `&&&&&Probe(&recv)` picks the first level whose bounds hold: an active
/// model, a model, a dense entity's `ActiveModelEx`, its `ModelEx`, and
/// anything else (an HTTP client's `delete(url)`), which is left alone.
pub struct Probe<'a, T>(pub &'a T);

impl<'a, T> Probe<'a, T> {
    /// `Probe(receiver)`, plus the original call in a closure that is never
    /// run: it keeps the user's `use sea_orm::ModelTrait` used. The closure
    /// is handed the receiver, so the receiver is evaluated once and may
    /// hold `.await` or `?`.
    pub fn witnessed<F: FnOnce(&'a T) -> R, R>(receiver: &'a T, _original: F) -> Self {
        Probe(receiver)
    }
}

/// A value of the type `value` points to, for a call that is only
/// type-checked (inside a closure that is never run).
pub fn type_witness<T>(_value: &T) -> T {
    unreachable!("only called inside closures that are never run")
}

/// Level 1: a SeaORM active model.
pub trait ProbeActiveModel<A> {
    fn __harden_delete_probe(&self) -> ActiveModelDelete<A>;
    fn __harden_path_probe(&self) -> PathActiveModel;
}
impl<A> ProbeActiveModel<A> for &&&&Probe<'_, A>
where
    A: ActiveModelBehavior + Clone + Send,
    A::Entity: EntityTrait<ActiveModel = A>,
{
    fn __harden_delete_probe(&self) -> ActiveModelDelete<A> {
        ActiveModelDelete(self.0.clone())
    }
    fn __harden_path_probe(&self) -> PathActiveModel {
        PathActiveModel
    }
}

/// Level 2: a SeaORM model.
pub trait ProbeModel<M> {
    fn __harden_delete_probe(&self) -> ModelDelete<M>;
    fn __harden_path_probe(&self) -> PathModel;
    fn __harden_cascade_probe(&self) -> CascadeModel<M>;
    fn __harden_path_cascade_probe(&self) -> PathCascadeModel;
}
impl<M> ProbeModel<M> for &&&Probe<'_, M>
where
    M: ModelTrait + Clone + IntoActiveModel<<M::Entity as EntityTrait>::ActiveModel>,
    M::Entity: EntityTrait<Model = M>,
    <M::Entity as EntityTrait>::ActiveModel: Send,
{
    fn __harden_delete_probe(&self) -> ModelDelete<M> {
        ModelDelete(self.0.clone())
    }
    fn __harden_path_probe(&self) -> PathModel {
        PathModel
    }
    fn __harden_cascade_probe(&self) -> CascadeModel<M> {
        CascadeModel(self.0.clone())
    }
    fn __harden_path_cascade_probe(&self) -> PathCascadeModel {
        PathCascadeModel
    }
}

/// Level 3: a dense entity's `ActiveModelEx`, whose `delete` cascades.
pub trait ProbeActiveModelEx<A> {
    fn __harden_delete_probe(&self) -> CascadeActiveModel<A>;
    fn __harden_path_probe(&self) -> PathCascadeActiveModel;
}
impl<A: ActiveModelTrait + Clone> ProbeActiveModelEx<A> for &&Probe<'_, A> {
    fn __harden_delete_probe(&self) -> CascadeActiveModel<A> {
        CascadeActiveModel(self.0.clone())
    }
    fn __harden_path_probe(&self) -> PathCascadeActiveModel {
        PathCascadeActiveModel
    }
}

/// Level 4: a dense entity's `ModelEx`, whose `delete` cascades.
pub trait ProbeModelEx<M> {
    fn __harden_delete_probe(&self) -> CascadeModel<M>;
    fn __harden_path_probe(&self) -> PathCascadeModel;
}
impl<M: ModelTrait + Clone> ProbeModelEx<M> for &Probe<'_, M> {
    fn __harden_delete_probe(&self) -> CascadeModel<M> {
        CascadeModel(self.0.clone())
    }
    fn __harden_path_probe(&self) -> PathCascadeModel {
        PathCascadeModel
    }
}

/// Level 5: anything else, left alone.
pub trait ProbeOther<'a, T> {
    fn __harden_delete_probe(&self) -> &'a T;
    fn __harden_path_probe(&self) -> PathOriginal;
    fn __harden_cascade_probe(&self) -> &'a T;
    fn __harden_path_cascade_probe(&self) -> PathOriginal;
}
impl<'a, T> ProbeOther<'a, T> for Probe<'a, T> {
    fn __harden_delete_probe(&self) -> &'a T {
        self.0
    }
    fn __harden_path_probe(&self) -> PathOriginal {
        PathOriginal
    }
    fn __harden_cascade_probe(&self) -> &'a T {
        self.0
    }
    fn __harden_path_cascade_probe(&self) -> PathOriginal {
        PathOriginal
    }
}

/// `active_model.delete(db)` in a `#[soft_delete]` scope.
pub struct ActiveModelDelete<A>(A);

impl<A: ActiveModelBehavior + Send> ActiveModelDelete<A> {
    /// Soft-deletes the row; for an exempt entity, SeaORM's own delete (with
    /// its `before_delete` / `after_delete` hooks).
    pub async fn delete<C: ConnectionTrait>(self, db: &C) -> Result<DeleteResult, DbErr>
    where
        A::Entity: SoftDeleteScope,
    {
        if spec::<A::Entity>().is_none() {
            return ActiveModelTrait::delete(self.0, db).await;
        }
        let model = self.0;
        let condition = key_condition_from::<A::Entity>(|column| model.get(column).into_value());
        Execute::exec(
            <A::Entity as SoftDeleteScope>::__delete_where::<One>(condition),
            db,
        )
        .await
    }
}

/// `model.delete(db)` in a `#[soft_delete]` scope.
pub struct ModelDelete<M>(M);

impl<M> ModelDelete<M>
where
    M: ModelTrait + IntoActiveModel<<M::Entity as EntityTrait>::ActiveModel>,
    <M::Entity as EntityTrait>::ActiveModel: Send,
{
    /// Soft-deletes the row; for an exempt entity, SeaORM's own delete.
    pub async fn delete<C: ConnectionTrait>(self, db: &C) -> Result<DeleteResult, DbErr>
    where
        M::Entity: SoftDeleteScope,
    {
        if spec::<M::Entity>().is_none() {
            return ActiveModelTrait::delete(self.0.into_active_model(), db).await;
        }
        let model = &self.0;
        let condition = key_condition_from::<M::Entity>(|column| Some(model.get(column)));
        Execute::exec(
            <M::Entity as SoftDeleteScope>::__delete_where::<One>(condition),
            db,
        )
        .await
    }
}

/// `model.cascade_delete(db)`, `model_ex.delete(db)`: a soft cascade.
pub struct CascadeModel<M>(M);

impl<M: ModelTrait> CascadeModel<M> {
    /// The row and its children, each by its own entity's policy, in one
    /// transaction.
    pub async fn cascade_delete<C: TransactionTrait>(self, db: &C) -> Result<DeleteResult, DbErr>
    where
        M::Entity: Cascade,
    {
        let model = &self.0;
        cascade::<M::Entity, C>(
            key_condition_from::<M::Entity>(|column| Some(model.get(column))),
            db,
        )
        .await
    }

    /// `ModelEx::delete`, which cascades: see [`Self::cascade_delete`].
    pub async fn delete<C: TransactionTrait>(self, db: &C) -> Result<DeleteResult, DbErr>
    where
        M::Entity: Cascade,
    {
        self.cascade_delete(db).await
    }
}

/// `active_model_ex.delete(db)`: a soft cascade.
pub struct CascadeActiveModel<A>(A);

impl<A: ActiveModelTrait> CascadeActiveModel<A> {
    /// The row and its children, each by its own entity's policy, in one
    /// transaction.
    pub async fn delete<C: TransactionTrait>(self, db: &C) -> Result<DeleteResult, DbErr>
    where
        A::Entity: Cascade,
    {
        let model = &self.0;
        cascade::<A::Entity, C>(
            key_condition_from::<A::Entity>(|column| model.get(column).into_value()),
            db,
        )
        .await
    }
}

/// `ActiveModelTrait::delete(am, db)` and other path forms on an active model.
pub struct PathActiveModel;

impl PathActiveModel {
    /// [`ActiveModelDelete::delete`] of `model`.
    pub async fn delete_or<'c, A, C, F, R>(
        self,
        model: A,
        db: &'c C,
        _original: F,
    ) -> Result<DeleteResult, DbErr>
    where
        A: ActiveModelBehavior + Send,
        A::Entity: SoftDeleteScope,
        C: ConnectionTrait,
        F: FnOnce(A, &'c C) -> R,
    {
        ActiveModelDelete(model).delete(db).await
    }
}

/// `ModelTrait::delete(model, db)` and other path forms on a model.
pub struct PathModel;

impl PathModel {
    /// [`ModelDelete::delete`] of `model`.
    pub async fn delete_or<'c, M, C, F, R>(
        self,
        model: M,
        db: &'c C,
        _original: F,
    ) -> Result<DeleteResult, DbErr>
    where
        M: ModelTrait + IntoActiveModel<<M::Entity as EntityTrait>::ActiveModel>,
        <M::Entity as EntityTrait>::ActiveModel: Send,
        M::Entity: SoftDeleteScope,
        C: ConnectionTrait,
        F: FnOnce(M, &'c C) -> R,
    {
        ModelDelete(model).delete(db).await
    }
}

/// `ModelEx::delete(model, db)` and `Model::cascade_delete(model, db)`.
pub struct PathCascadeModel;

impl PathCascadeModel {
    /// [`CascadeModel::cascade_delete`] of `model`.
    pub async fn delete_or<'c, M, C, F, R>(
        self,
        model: M,
        db: &'c C,
        _original: F,
    ) -> Result<DeleteResult, DbErr>
    where
        M: ModelTrait,
        M::Entity: Cascade,
        C: TransactionTrait,
        F: FnOnce(M, &'c C) -> R,
    {
        CascadeModel(model).cascade_delete(db).await
    }
}

/// `ActiveModelEx::delete(active_model, db)`.
pub struct PathCascadeActiveModel;

impl PathCascadeActiveModel {
    /// [`CascadeActiveModel::delete`] of `model`.
    pub async fn delete_or<'c, A, C, F, R>(
        self,
        model: A,
        db: &'c C,
        _original: F,
    ) -> Result<DeleteResult, DbErr>
    where
        A: ActiveModelTrait,
        A::Entity: Cascade,
        C: TransactionTrait,
        F: FnOnce(A, &'c C) -> R,
    {
        CascadeActiveModel(model).delete(db).await
    }
}

/// A path call whose first argument is not a SeaORM model
/// (`Self::delete(db, id)` of a repository): runs as written.
pub struct PathOriginal;

impl PathOriginal {
    /// Calls `original(first, second)`.
    pub fn delete_or<T, D, F: FnOnce(T, D) -> R, R>(self, first: T, second: D, original: F) -> R {
        original(first, second)
    }
}
