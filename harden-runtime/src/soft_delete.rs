//! Soft delete: the traits `#[soft_delete]` implements and the query builders
//! its rewritten repository code calls.

mod cascade;
mod delete;
mod dispatch;
mod joins;
mod loader;
mod probe;

pub use cascade::{Cascade, RestoreCascade, RestoreCascadeScope};
pub use delete::{
    __hard_delete_where, __soft_delete_where, Cardinality, Execute, HardDeleteQuery, Many, One,
    SoftDeleteQuery,
};
pub use dispatch::UniqueKey;

use delete::soft_update;
use sea_orm::sea_query::{DynIden, Expr, ExprTrait, IntoIden, IntoValueTuple, SimpleExpr};
use sea_orm::{
    ColumnTrait, Condition, DbErr, EntityTrait, Iterable, PrimaryKeyToColumn, PrimaryKeyTrait,
    QueryFilter, Select, UpdateMany, Value,
};
use std::time::SystemTime;

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
    /// The value written on a delete at this instant (`false`, or that time).
    pub deleted_value: fn(SystemTime) -> Value,
    /// The value written on restore (`true`, or `NULL` of the column's type).
    pub restored_value: fn() -> Value,
    /// When a row holding this column value was deleted: `None` for a visible
    /// row, and always for the flag strategy, which does not record it.
    pub deleted_at: fn(Value) -> Option<SystemTime>,
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

    /// Whether a row whose column holds `value` is visible.
    pub fn is_visible(&self, value: &Value) -> bool {
        match self.strategy {
            Strategy::Flag => matches!(value, Value::Bool(Some(true))),
            Strategy::Timestamp => *value == value.as_null(),
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
    /// soft-delete entities, [`HardDeleteQuery`] (a `DELETE`) for exempt
    /// ones; `N` is [`One`] or [`Many`] rows, as in SeaORM.
    type Delete<N: Cardinality>: QueryFilter + Execute<Self, N>;

    /// This entity's policy.
    fn soft_delete_scope() -> Scope<Self>;

    /// The delete of the rows matching `condition` (or the error to report
    /// at `exec`).
    #[doc(hidden)]
    fn __delete_where<N: Cardinality>(condition: Result<Condition, DbErr>) -> Self::Delete<N>;

    /// Drops the hidden rows from the relations the 2.0 entity loader put
    /// in `model` (a dense entity's; others have none).
    #[doc(hidden)]
    fn __prune_relations(_model: &mut Self::ModelEx) {}
}

pub(crate) fn spec<E: SoftDeleteScope>() -> Option<SoftDeleteSpec<E>> {
    match E::soft_delete_scope() {
        Scope::SoftDelete(spec) => Some(spec),
        Scope::Exempt { .. } => None,
    }
}

/// The primary-key predicate for key `values`, as `find_by_id` builds it.
pub(crate) fn primary_key_condition<E, T>(values: T) -> Condition
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
pub(crate) fn key_condition_from<E: EntityTrait>(
    get: impl Fn(E::Column) -> Option<Value>,
) -> Result<Condition, DbErr> {
    let mut condition = Condition::all();
    for key in E::PrimaryKey::iter() {
        let column = key.into_column();
        let Some(value) = get(column) else {
            return Err(DbErr::PrimaryKeyNotSet { ctx: "DeleteOne" });
        };
        condition = condition.add(column.eq(value));
    }
    Ok(condition)
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

    /// `update_many()` that also changes deleted rows (inside a
    /// `#[soft_delete]` scope, `X::update_many()` changes visible rows only).
    ///
    /// ```
    /// # mod user {
    /// #     use sea_orm::entity::prelude::*;
    /// #     #[harden_runtime::soft_delete]
    /// #     #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    /// #     #[sea_orm(table_name = "users")]
    /// #     pub struct Model {
    /// #         #[sea_orm(primary_key)]
    /// #         pub id: i32,
    /// #         pub plan: String,
    /// #         pub is_active: bool,
    /// #     }
    /// #     #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    /// #     pub enum Relation {}
    /// #     impl ActiveModelBehavior for ActiveModel {}
    /// # }
    /// use harden_runtime::SoftDeleteExt;
    /// use sea_orm::sea_query::Expr;
    /// use sea_orm::{DatabaseConnection, DbErr};
    ///
    /// // The plan is renamed for deleted accounts too: a restore brings them
    /// // back on the new name.
    /// async fn rename_plan(db: &DatabaseConnection) -> Result<u64, DbErr> {
    ///     // harden:allow(soft-delete-escape-hatch): renames apply to archived accounts
    ///     let renamed = user::Entity::update_many_with_inactive()
    ///         .col_expr(user::Column::Plan, Expr::value("team"))
    ///         .exec(db)
    ///         .await?;
    ///     Ok(renamed.rows_affected)
    /// }
    /// ```
    fn update_many_with_inactive() -> UpdateMany<Self> {
        Self::update_many()
    }

    /// Undoes the `cascade_delete` that deleted the row with this primary
    /// key: the row and every row that cascade marked come back, rows
    /// deleted on their own (before or after) stay deleted. Needs the
    /// timestamp strategy (`#[soft_delete(deleted_at)]`) on this entity and
    /// on every soft-delete entity the cascade reaches; see
    /// [`RestoreCascade`].
    fn restore_cascade_by_id<T>(values: T) -> RestoreCascade<Self>
    where
        T: Into<<Self::PrimaryKey as PrimaryKeyTrait>::ValueType>,
        Self: RestoreCascadeScope,
    {
        RestoreCascade::new(primary_key_condition::<Self, T>(values))
    }
}

impl<E: SoftDelete> SoftDeleteExt for E {}

/// What the code generated by `#[soft_delete]` calls. Not a stable API.
#[doc(hidden)]
pub mod rewrite {
    pub use super::cascade::{Walk, Walked};
    pub use super::dispatch::{
        ActiveModelDelete, CascadeActiveModel, CascadeModel, Key, ModelDelete, PathActiveModel,
        PathCascadeActiveModel, PathCascadeModel, PathModel, PathOriginal, Probe, ProbeActiveModel,
        ProbeActiveModelEx, ProbeModel, ProbeModelEx, ProbeOther, Scoped, Untouched, type_witness,
    };
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
}
