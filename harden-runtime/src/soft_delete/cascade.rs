//! `cascade_delete` of a soft-delete entity, and the restore that undoes one
//! cascade.
//!
//! A cascade reads the tree first, then writes: starting at the row, it
//! follows the has-one / has-many relations and many-to-many links SeaORM's
//! own cascade follows (`#[soft_delete]` on each dense `Model` lists them in
//! its [`Cascade`] impl) through the rows it is about to delete, and notes,
//! per row, what that row's entity does with it: a visible row of a
//! soft-delete entity is marked, a row of an exempt entity is deleted, a row
//! already deleted is left as it is and not followed. Then it picks the
//! stamp: the current time in whole seconds, moved forward past the deletion
//! time of every already-deleted row it met, so the stamp belongs to this
//! cascade alone; every timestamp row it marks gets that stamp. All of it
//! runs in one transaction.
//!
//! A restore (`X::restore_cascade_by_id(k)`) starts at the row, reads its
//! stamp and follows the same relations through the rows it brings back,
//! restoring exactly the rows that carry that stamp. Whole seconds are stored
//! exactly by every backend (MySQL and MariaDB keep no fractions in a plain
//! `TIMESTAMP`), so the stamp read back is the stamp written.

use super::delete::soft_update;
use super::{Scope, SoftDeleteSpec};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, DeleteResult, EntityTrait, Identity, Iterable,
    ModelTrait, PrimaryKeyToColumn, QueryFilter, Related, RelatedSelfVia, RelationDef,
    TransactionSession, TransactionTrait, UpdateResult, Value,
};
use std::collections::HashSet;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Keys per statement: well under every backend's limit on bound values.
const CHUNK: usize = 500;

/// The future of one step of a cascade or restore.
pub type Walked<'w> = Pin<Box<dyn Future<Output = Result<(), DbErr>> + Send + 'w>>;

/// How a cascade passes through an entity's rows: the relations of a dense
/// entity that SeaORM's `cascade_delete` follows.
///
/// `#[soft_delete]` implements it on every entity it marks; a child entity
/// without `#[soft_delete]` makes a cascade through it a compile error at
/// the `cascade_delete` call. `K` is only there so that this check happens
/// at the call, not where the entity is defined.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no soft-delete policy, so a soft cascade cannot tell how to delete its rows",
    label = "this cascade reaches `{Self}`",
    note = "add `#[harden_runtime::soft_delete]` (or `#[soft_delete(deleted_at)]`, or `#[soft_delete(exempt = \"why\")]` for rows that must really go) to that entity's `Model`: a cascade deletes each row by its own entity's policy"
)]
pub trait Cascade<K: 'static = ()>: EntityTrait {
    /// This entity's policy (`SoftDeleteScope::soft_delete_scope`). Not a
    /// supertrait: the bound `Child: Cascade<K>` in a generated impl would
    /// then also demand `Child: SoftDeleteScope` where the entity is defined.
    #[doc(hidden)]
    fn __scope() -> Scope<Self>;

    /// Follows this entity's relations from `rows`. Generated.
    #[doc(hidden)]
    fn __walk<'w, T: ConnectionTrait>(
        walk: &'w mut Walk<'_, T>,
        rows: Vec<Self::Model>,
    ) -> Walked<'w> {
        let _ = (walk, rows);
        Box::pin(std::future::ready(Ok(())))
    }
}

/// An entity whose cascades a restore can undo exactly: it uses the
/// timestamp strategy and so does every soft-delete entity its cascade
/// reaches (exempt ones are fine: their rows are gone, nothing to restore).
#[diagnostic::on_unimplemented(
    message = "`{Self}` marks deleted rows with a flag, so a restore cannot tell which of its rows one cascade deleted",
    label = "`restore_cascade_by_id` needs the timestamp strategy on `{Self}`",
    note = "use `#[soft_delete(deleted_at)]` (an `Option<DateTimeUtc>` column) on `{Self}`: a cascade stamps every row it deletes with one time, and the restore brings back exactly the rows carrying that stamp",
    note = "rows of a flag entity can still be restored one by one with `restore_by_id` / `restore_many`"
)]
pub trait RestoreCascadeScope<K: 'static = ()> {}

/// `X::restore_cascade_by_id(k)`: undoes the cascade that deleted the row
/// with key `k`. Run it with `.exec(db)`, which needs a connection that can
/// begin a transaction.
///
/// The row comes back, and so does every row that carries the row's deletion
/// stamp and is reached from it through the relations the cascade followed;
/// rows deleted on their own, before or after the cascade, keep their own
/// stamp and stay deleted. Rows of exempt entities (join rows) that the
/// cascade removed are gone and are not recreated. Restoring a visible row
/// changes nothing.
///
/// ```
/// # use harden_runtime::soft_delete;
/// # mod author {
/// #     use sea_orm::entity::prelude::*;
/// #     #[harden_runtime::soft_delete(deleted_at)]
/// #     #[sea_orm::model]
/// #     #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
/// #     #[sea_orm(table_name = "authors")]
/// #     pub struct Model {
/// #         #[sea_orm(primary_key)]
/// #         pub id: i32,
/// #         pub deleted_at: Option<DateTimeUtc>,
/// #     }
/// #     impl ActiveModelBehavior for ActiveModel {}
/// # }
/// use harden_runtime::SoftDeleteExt;
/// use sea_orm::{DatabaseConnection, DbErr};
///
/// async fn undo(db: &DatabaseConnection, id: i32) -> Result<u64, DbErr> {
///     Ok(author::Entity::restore_cascade_by_id(id).exec(db).await?.rows_affected)
/// }
/// ```
#[must_use = "a restore does nothing until `.exec(db)` is awaited"]
pub struct RestoreCascade<E> {
    key: Condition,
    entity: PhantomData<fn() -> E>,
}

impl<E> RestoreCascade<E> {
    pub(crate) fn new(key: Condition) -> Self {
        RestoreCascade {
            key,
            entity: PhantomData,
        }
    }
}

impl<E: Cascade> RestoreCascade<E> {
    /// Runs the restore in one transaction; `rows_affected` counts the rows
    /// it brought back.
    pub async fn exec<C: TransactionTrait>(self, db: &C) -> Result<UpdateResult, DbErr> {
        let mut result = UpdateResult::default();
        let Scope::SoftDelete(spec) = E::__scope() else {
            return Ok(result);
        };
        let txn = db.begin().await?;
        let roots = E::find().filter(self.key).all(&txn).await?;
        let stamp = roots
            .iter()
            .find_map(|row| (spec.deleted_at)(row.get(spec.column)));
        if let Some(stamp) = stamp {
            let mut walk = Walk::new(&txn, Some(stamp));
            walk.visit::<E, ()>(roots).await?;
            result.rows_affected = walk.apply(stamp).await?;
        }
        txn.commit().await?;
        Ok(result)
    }
}

/// The soft cascade from the rows matching `key`.
pub(crate) async fn cascade<E: Cascade, C: TransactionTrait>(
    key: Result<Condition, DbErr>,
    db: &C,
) -> Result<DeleteResult, DbErr> {
    let key = key?;
    let txn = db.begin().await?;
    let roots = E::find().filter(key).all(&txn).await?;
    let mut walk = Walk::new(&txn, None);
    walk.visit::<E, ()>(roots).await?;
    let stamp = walk.stamp();
    let deleted = walk.apply(stamp).await?;
    txn.commit().await?;
    let mut result = DeleteResult::empty();
    result.rows_affected = deleted;
    Ok(result)
}

/// A cascade or restore in progress: what it will write, and what it met.
pub struct Walk<'t, T> {
    db: &'t T,
    /// `None` while cascading; the stamp being undone while restoring.
    restoring: Option<SystemTime>,
    writes: Vec<Box<dyn Write<T> + 't>>,
    /// Rows already noted (`table` + key), so a row reached twice is
    /// written, and followed, once.
    seen: HashSet<String>,
    /// Deletion times of the already-deleted rows the cascade met; its own
    /// stamp must differ from all of them.
    stamps: Vec<SystemTime>,
}

impl<'t, T: ConnectionTrait> Walk<'t, T> {
    fn new(db: &'t T, restoring: Option<SystemTime>) -> Self {
        Walk {
            db,
            restoring,
            writes: Vec::new(),
            seen: HashSet::new(),
            stamps: Vec::new(),
        }
    }

    /// Has-one / has-many children of `parents` along `relation` (from the
    /// parent's entity to `Ch`). Children whose foreign key is nullable are
    /// left as they are: SeaORM's cascade detaches them (sets the key to
    /// `NULL`) instead of deleting them, and a soft-deleted parent is still
    /// there to point to, so a restore finds them attached.
    pub fn children<'w, P, Ch, K>(
        &'w mut self,
        parents: &[P::Model],
        relation: RelationDef,
    ) -> impl Future<Output = Result<(), DbErr>> + Send + use<'w, 't, T, P, Ch, K>
    where
        P: EntityTrait,
        Ch: Cascade<K>,
        K: 'static,
    {
        let step = Follow::<P, Ch>::new(parents, &[(&relation.from_col, &relation.to_col)])
            .map(|follow| follow.detach_nullable());
        async move {
            let follow = step?;
            if follow.detached {
                return Ok(());
            }
            let rows = follow.load(self.db).await?;
            self.visit::<Ch, K>(rows).await
        }
    }

    /// Rows of the many-to-many junction `J` that link `parents` to the
    /// other side (SeaORM's `delete_links`).
    pub fn links<'w, P, J, K>(
        &'w mut self,
        parents: &[P::Model],
    ) -> impl Future<Output = Result<(), DbErr>> + Send + use<'w, 't, T, P, J, K>
    where
        P: EntityTrait,
        J: Cascade<K> + Related<P>,
        K: 'static,
    {
        let relation = <J as Related<P>>::to();
        let step = Follow::<P, J>::new(parents, &[(&relation.to_col, &relation.from_col)]);
        async move {
            let rows = step?.load(self.db).await?;
            self.visit::<J, K>(rows).await
        }
    }

    /// Rows of the self-referencing junction `J` on either side of `parents`
    /// (SeaORM's `delete_links_self`).
    pub fn links_self<'w, P, J, K>(
        &'w mut self,
        parents: &[P::Model],
    ) -> impl Future<Output = Result<(), DbErr>> + Send + use<'w, 't, T, P, J, K>
    where
        P: EntityTrait + RelatedSelfVia<J>,
        J: Cascade<K>,
        K: 'static,
    {
        let left = <P as RelatedSelfVia<J>>::via().rev();
        let right = <P as RelatedSelfVia<J>>::to();
        let step = Follow::<P, J>::new(
            parents,
            &[
                (&left.to_col, &left.from_col),
                (&left.to_col, &right.from_col),
            ],
        );
        async move {
            let rows = step?.load(self.db).await?;
            self.visit::<J, K>(rows).await
        }
    }

    /// Notes what happens to each of `rows` and follows the ones this walk
    /// writes.
    async fn visit<E: Cascade<K>, K: 'static>(&mut self, rows: Vec<E::Model>) -> Result<(), DbErr> {
        let table = E::default().table_name();
        let spec = match E::__scope() {
            Scope::SoftDelete(spec) => Some(spec),
            Scope::Exempt { .. } => None,
        };
        let action = match (&spec, self.restoring) {
            (Some(_), None) => Action::Mark,
            (None, None) => Action::Remove,
            (Some(_), Some(_)) => Action::Restore,
            // The cascade removed these rows; there is nothing to bring back.
            (None, Some(_)) => return Ok(()),
        };
        let mut keys = Vec::new();
        let mut next = Vec::new();
        for row in rows {
            if let Some(spec) = &spec {
                let marker = row.get(spec.column);
                let take = match self.restoring {
                    None if spec.is_visible(&marker) => true,
                    None => {
                        self.stamps.extend((spec.deleted_at)(marker));
                        false
                    }
                    Some(stamp) => (spec.deleted_at)(marker) == Some(stamp),
                };
                if !take {
                    continue;
                }
            }
            let key = primary_key_of::<E>(&row);
            if self.seen.insert(format!("{table}{key:?}")) {
                keys.push(key);
                next.push(row);
            }
        }
        if keys.is_empty() {
            return Ok(());
        }
        self.writes.push(Box::new(Rows::<E> { keys, action, spec }));
        E::__walk(self, next).await
    }

    /// The cascade's stamp: now, in whole seconds, past every deletion time
    /// it met.
    fn stamp(&self) -> SystemTime {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        let mut stamp = UNIX_EPOCH + Duration::from_secs(now.as_secs());
        while self.stamps.contains(&stamp) {
            stamp += Duration::from_secs(1);
        }
        stamp
    }

    /// Runs the noted writes: marks and restores, then the deletes of exempt
    /// rows, children before parents.
    async fn apply(self, stamp: SystemTime) -> Result<u64, DbErr> {
        let mut rows = 0;
        for write in self.writes.iter().filter(|w| !w.removes()) {
            rows += write.apply(self.db, stamp).await?;
        }
        for write in self.writes.iter().rev().filter(|w| w.removes()) {
            rows += write.apply(self.db, stamp).await?;
        }
        Ok(rows)
    }
}

/// A row's values of some columns (a primary or foreign key).
type Key = Vec<Value>;

/// One hop of a walk: per pair of columns OR-ed, the child columns and the
/// parents' values they must match.
struct Follow<P, Ch: EntityTrait> {
    hops: Vec<(Vec<Ch::Column>, Vec<Key>)>,
    detached: bool,
    entities: PhantomData<fn() -> P>,
}

impl<P: EntityTrait, Ch: EntityTrait> Follow<P, Ch> {
    fn new(parents: &[P::Model], pairs: &[(&Identity, &Identity)]) -> Result<Self, DbErr> {
        let mut hops = Vec::new();
        for (parent_columns, child_columns) in pairs {
            let parent_columns = columns::<P>(parent_columns)?;
            let child_columns = columns::<Ch>(child_columns)?;
            let mut keys: Vec<Vec<Value>> = Vec::new();
            for parent in parents {
                let key: Vec<Value> = parent_columns.iter().map(|c| parent.get(*c)).collect();
                if !keys.contains(&key) {
                    keys.push(key);
                }
            }
            hops.push((child_columns, keys));
        }
        Ok(Follow {
            hops,
            detached: false,
            entities: PhantomData,
        })
    }

    /// Marks the hop detached when every child column is nullable.
    fn detach_nullable(mut self) -> Self {
        self.detached = self
            .hops
            .iter()
            .all(|(columns, _)| columns.iter().all(|c| c.def().is_null()));
        self
    }

    async fn load<T: ConnectionTrait>(self, db: &T) -> Result<Vec<Ch::Model>, DbErr> {
        let mut rows = Vec::new();
        for (columns, keys) in &self.hops {
            for chunk in keys.chunks(CHUNK) {
                let found = Ch::find()
                    .filter(in_condition(columns, chunk))
                    .all(db)
                    .await?;
                rows.extend(found);
            }
        }
        Ok(rows)
    }
}

/// The columns of `E` named by `identity`.
fn columns<E: EntityTrait>(identity: &Identity) -> Result<Vec<E::Column>, DbErr> {
    identity
        .iter()
        .map(|iden| {
            let name = iden.inner();
            E::Column::from_str(&name).map_err(|_| {
                DbErr::Type(format!(
                    "`{}` has no column `{name}` for a cascade",
                    E::default().table_name()
                ))
            })
        })
        .collect()
}

/// `(c1, c2) IN ((k11, k12), ...)`, written so every backend takes it.
fn in_condition<C: ColumnTrait>(columns: &[C], keys: &[Vec<Value>]) -> Condition {
    if let [column] = columns {
        let values = keys.iter().filter_map(|key| key.first().cloned());
        return Condition::all().add(column.is_in(values));
    }
    keys.iter().fold(Condition::any(), |any, key| {
        let all = columns
            .iter()
            .zip(key)
            .fold(Condition::all(), |all, (column, value)| {
                all.add(column.eq(value.clone()))
            });
        any.add(all)
    })
}

fn primary_key_of<E: EntityTrait>(row: &E::Model) -> Vec<Value> {
    E::PrimaryKey::iter()
        .map(|key| row.get(key.into_column()))
        .collect()
}

fn primary_key_columns<E: EntityTrait>() -> Vec<E::Column> {
    E::PrimaryKey::iter().map(|key| key.into_column()).collect()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Action {
    Mark,
    Restore,
    Remove,
}

/// Rows of one entity a walk will write, by primary key.
struct Rows<E: EntityTrait> {
    keys: Vec<Vec<Value>>,
    action: Action,
    spec: Option<SoftDeleteSpec<E>>,
}

type Applied<'a> = Pin<Box<dyn Future<Output = Result<u64, DbErr>> + Send + 'a>>;

trait Write<T>: Send {
    fn removes(&self) -> bool;
    fn apply<'a>(&'a self, db: &'a T, stamp: SystemTime) -> Applied<'a>;
}

impl<E: EntityTrait, T: ConnectionTrait> Write<T> for Rows<E> {
    fn removes(&self) -> bool {
        self.action == Action::Remove
    }

    fn apply<'a>(&'a self, db: &'a T, stamp: SystemTime) -> Applied<'a> {
        Box::pin(async move {
            let columns = primary_key_columns::<E>();
            let mut rows = 0;
            for chunk in self.keys.chunks(CHUNK) {
                let only = in_condition(&columns, chunk);
                rows += match (self.action, self.spec) {
                    (Action::Mark, Some(spec)) => {
                        soft_update::<E>(&spec, (spec.deleted_value)(stamp), spec.visible())
                            .filter(only)
                            .exec(db)
                            .await?
                            .rows_affected
                    }
                    (Action::Restore, Some(spec)) => {
                        soft_update::<E>(&spec, (spec.restored_value)(), spec.deleted())
                            .filter(only)
                            .exec(db)
                            .await?
                            .rows_affected
                    }
                    (Action::Remove, _) => {
                        E::delete_many().filter(only).exec(db).await?.rows_affected
                    }
                    (Action::Mark | Action::Restore, None) => 0,
                };
            }
            Ok(rows)
        })
    }
}
