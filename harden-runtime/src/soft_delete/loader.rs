//! The 2.0 entity loader (`X::load().with(Y)`) in a `#[soft_delete]` scope.
//!
//! The parent query is filtered in SQL like any other read. The related rows
//! are loaded by queries the loader SeaORM generates builds itself, which
//! nothing outside it can extend; so the loader is run through
//! [`LoaderRun`], which drops the related rows that are not visible, at every
//! depth of `.with(..)`, before the caller sees them. A hidden `belongs_to`
//! or `has_one` target reads as not found, as a filtered join would return it.

use super::{SoftDeleteScope, spec};
use sea_orm::compound::{BelongsTo, EntityLoaderTrait, HasMany, HasOne};
use sea_orm::{
    ConnectionTrait, DbErr, EntityTrait, ItemsAndPagesNumber, ModelTrait, QueryFilter, Select,
};
use std::future::Future;

/// A query that starts a read of `E`: a `Select<E>`, or a 2.0 dense
/// entity's `EntityLoader`. `#[soft_delete]` adds `E`'s visible predicate to
/// it.
#[diagnostic::on_unimplemented(
    message = "`#[soft_delete]` reads this call as a SeaORM query of `{E}`, but it returns `{Self}`",
    label = "not a `Select<{E}>` or an entity loader, so it cannot be filtered",
    note = "an associated function of an entity named `find`, `find_by_…` or `load` must be SeaORM's; rename a helper of your own, or define it outside the `#[soft_delete]` scope"
)]
pub trait ScopedSource<E: EntityTrait>: QueryFilter + Sized {
    /// `self` with `E`'s visible predicate in `WHERE`.
    #[doc(hidden)]
    fn __scoped(self) -> Self
    where
        E: SoftDeleteScope,
    {
        match spec::<E>() {
            Some(spec) => self.filter(spec.visible()),
            None => self,
        }
    }
}

impl<E: EntityTrait> ScopedSource<E> for Select<E> {}

/// A dense entity's `ModelEx`, when `#[soft_delete]` was written below
/// `#[sea_orm::model]` and so saw the relation fields on it: what the
/// entity's `SoftDeleteScope::__prune_relations` forwards to.
pub trait PruneRelations {
    /// Drops the hidden rows from the relations loaded into `self`.
    #[doc(hidden)]
    fn __prune_relations(&mut self);
}

/// A dense entity's generated `EntityLoader`, as `#[soft_delete]` sees it.
/// Implemented by `#[soft_delete]` on a `#[sea_orm::model]` entity.
pub trait ScopedLoader: Clone + Send + Sync + Sized {
    /// The entity loaded.
    type Entity: SoftDeleteScope;

    /// The loader's own `one(db)`.
    #[doc(hidden)]
    fn __one<C: ConnectionTrait>(
        self,
        db: &C,
    ) -> impl Future<Output = Result<Option<ModelEx<Self>>, DbErr>> + Send;

    /// `EntityLoaderTrait::fetch`: a page (`page_size` 0: every row).
    #[doc(hidden)]
    fn __fetch<C: ConnectionTrait>(
        self,
        db: &C,
        page: u64,
        page_size: u64,
    ) -> impl Future<Output = Result<Vec<ModelEx<Self>>, DbErr>> + Send;

    /// `EntityLoaderTrait::num_items`.
    #[doc(hidden)]
    fn __num_items<C: ConnectionTrait>(
        self,
        db: &C,
        page_size: u64,
    ) -> impl Future<Output = Result<u64, DbErr>> + Send;
}

/// The `ModelEx` a loader returns.
pub type ModelEx<L> = <<L as ScopedLoader>::Entity as EntityTrait>::ModelEx;

/// A loaded relation of a `ModelEx`, whose hidden rows can be dropped.
pub trait LoadedRelation {
    /// Drops the hidden rows, and the hidden rows of their relations.
    #[doc(hidden)]
    fn __retain_visible(&mut self);
}

/// `__private::retain_visible(&mut model.posts)`: what `#[soft_delete]`
/// writes for each relation field of a dense entity.
pub fn retain_visible<R: LoadedRelation>(relation: &mut R) {
    relation.__retain_visible();
}

/// Whether `model`'s row is visible (always, for an exempt entity).
fn is_visible<E: SoftDeleteScope>(model: &E::ModelEx) -> bool {
    spec::<E>().is_none_or(|spec| spec.is_visible(&model.get(spec.column)))
}

/// A boxed related row: dropped when hidden, pruned when kept.
fn keep<E: SoftDeleteScope>(model: &mut E::ModelEx) -> bool {
    if !is_visible::<E>(model) {
        return false;
    }
    E::__prune_relations(model);
    true
}

impl<E> LoadedRelation for HasMany<E>
where
    E: SoftDeleteScope,
{
    fn __retain_visible(&mut self) {
        if let HasMany::Loaded(models) = self {
            models.retain_mut(keep::<E>);
        }
    }
}

impl<E> LoadedRelation for HasOne<E>
where
    E: SoftDeleteScope,
{
    fn __retain_visible(&mut self) {
        if let HasOne::Loaded(slot) = self
            && slot.as_deref_mut().is_some_and(|model| !keep::<E>(model))
        {
            *slot = None;
        }
    }
}

impl<E> LoadedRelation for BelongsTo<E>
where
    E: SoftDeleteScope,
{
    fn __retain_visible(&mut self) {
        // SeaORM's loader leaves a required `belongs_to` it did not find
        // unloaded; a hidden one reads the same.
        if let BelongsTo::Loaded(model) = self
            && !keep::<E>(model)
        {
            *self = BelongsTo::Unloaded;
        }
    }
}

impl<E> LoadedRelation for BelongsTo<Option<E>>
where
    E: SoftDeleteScope,
{
    fn __retain_visible(&mut self) {
        if let BelongsTo::Loaded(slot) = self
            && slot.as_deref_mut().is_some_and(|model| !keep::<E>(model))
        {
            *slot = None;
        }
    }
}

/// A 2.0 entity loader run in a `#[soft_delete]` scope: `one`, `all` and
/// `paginate` as the loader has them, with hidden related rows dropped.
#[must_use = "a loader does nothing until `.one(db)`, `.all(db)` or a page is awaited"]
pub struct LoaderRun<L>(pub(crate) L);

impl<L: ScopedLoader> LoaderRun<L> {
    /// The first visible row, with its visible related rows.
    pub async fn one<C: ConnectionTrait>(self, db: &C) -> Result<Option<ModelEx<L>>, DbErr> {
        let mut model = self.0.__one(db).await?;
        if let Some(model) = &mut model {
            L::Entity::__prune_relations(model);
        }
        Ok(model)
    }

    /// Every visible row, with its visible related rows.
    pub async fn all<C: ConnectionTrait>(self, db: &C) -> Result<Vec<ModelEx<L>>, DbErr> {
        pruned::<L::Entity>(self.0.__fetch(db, 0, 0).await)
    }

    /// Pages of visible rows, with their visible related rows.
    pub fn paginate<C: ConnectionTrait>(self, db: &C, page_size: u64) -> LoaderPaginator<'_, C, L> {
        LoaderPaginator {
            loader: self.0,
            page: 0,
            page_size,
            db,
        }
    }
}

fn pruned<E: SoftDeleteScope>(
    models: Result<Vec<E::ModelEx>, DbErr>,
) -> Result<Vec<E::ModelEx>, DbErr> {
    let mut models = models?;
    for model in &mut models {
        E::__prune_relations(model);
    }
    Ok(models)
}

/// SeaORM's `EntityLoaderPaginator`, with hidden related rows dropped from
/// every page; the same methods.
#[derive(Debug)]
pub struct LoaderPaginator<'db, C, L> {
    loader: L,
    page: u64,
    page_size: u64,
    db: &'db C,
}

impl<C, L> LoaderPaginator<'_, C, L>
where
    C: ConnectionTrait,
    L: ScopedLoader,
{
    /// Fetch a specific page; page index starts from zero.
    pub async fn fetch_page(&self, page: u64) -> Result<Vec<ModelEx<L>>, DbErr> {
        let loader = self.loader.clone();
        pruned::<L::Entity>(loader.__fetch(self.db, page, self.page_size).await)
    }

    /// Fetch the current page.
    pub async fn fetch(&self) -> Result<Vec<ModelEx<L>>, DbErr> {
        self.fetch_page(self.page).await
    }

    /// The number of visible rows.
    pub async fn num_items(&self) -> Result<u64, DbErr> {
        let loader = self.loader.clone();
        loader.__num_items(self.db, self.page_size).await
    }

    /// The number of pages.
    pub async fn num_pages(&self) -> Result<u64, DbErr> {
        let items = self.num_items().await?;
        Ok(self.pages_for(items))
    }

    /// The number of visible rows and of pages.
    pub async fn num_items_and_pages(&self) -> Result<ItemsAndPagesNumber, DbErr> {
        let number_of_items = self.num_items().await?;
        Ok(ItemsAndPagesNumber {
            number_of_items,
            number_of_pages: self.pages_for(number_of_items),
        })
    }

    fn pages_for(&self, items: u64) -> u64 {
        items.div_ceil(self.page_size)
    }

    /// Move to the next page.
    pub fn next(&mut self) {
        self.page += 1;
    }

    /// The current page number.
    pub fn cur_page(&self) -> u64 {
        self.page
    }

    /// Fetch the current page and move to the next; `None` once empty.
    pub async fn fetch_and_next(&mut self) -> Result<Option<Vec<ModelEx<L>>>, DbErr> {
        let page = self.fetch().await?;
        self.next();
        Ok((!page.is_empty()).then_some(page))
    }
}

/// Forwards [`ScopedLoader`] to a generated loader's methods; what the impl
/// `#[soft_delete]` writes for a dense entity calls.
#[doc(hidden)]
pub fn loader_fetch<'a, L, E, C>(
    loader: L,
    db: &'a C,
    page: u64,
    page_size: u64,
) -> impl Future<Output = Result<Vec<E::ModelEx>, DbErr>> + Send + 'a
where
    L: EntityLoaderTrait<E, ModelEx = E::ModelEx> + 'a,
    E: EntityTrait,
    C: ConnectionTrait,
{
    EntityLoaderTrait::fetch(loader, db, page, page_size)
}

/// See [`loader_fetch`].
#[doc(hidden)]
pub fn loader_num_items<'a, L, E, C>(
    loader: L,
    db: &'a C,
    page_size: u64,
) -> impl Future<Output = Result<u64, DbErr>> + Send + 'a
where
    L: EntityLoaderTrait<E> + 'a,
    E: EntityTrait,
    C: ConnectionTrait,
{
    EntityLoaderTrait::num_items(loader, db, page_size)
}

/// The impls `#[soft_delete]` writes beside a `#[sea_orm::model]` entity:
/// its `EntityLoader` as a [`ScopedSource`] and a [`ScopedLoader`].
#[doc(hidden)]
#[macro_export]
macro_rules! __soft_delete_loader {
    () => {
        #[automatically_derived]
        impl $crate::__private::ScopedSource<Entity> for EntityLoader {}
        #[automatically_derived]
        impl $crate::__private::ScopedLoader for EntityLoader {
            type Entity = Entity;
            fn __one<C: $crate::__private::sea_orm::ConnectionTrait>(
                self,
                db: &C,
            ) -> impl ::core::future::Future<
                Output = ::core::result::Result<
                    ::core::option::Option<ModelEx>,
                    $crate::__private::sea_orm::DbErr,
                >,
            > + ::core::marker::Send {
                EntityLoader::one(self, db)
            }
            fn __fetch<C: $crate::__private::sea_orm::ConnectionTrait>(
                self,
                db: &C,
                page: u64,
                page_size: u64,
            ) -> impl ::core::future::Future<
                Output = ::core::result::Result<
                    ::std::vec::Vec<ModelEx>,
                    $crate::__private::sea_orm::DbErr,
                >,
            > + ::core::marker::Send {
                $crate::__private::loader_fetch(self, db, page, page_size)
            }
            fn __num_items<C: $crate::__private::sea_orm::ConnectionTrait>(
                self,
                db: &C,
                page_size: u64,
            ) -> impl ::core::future::Future<
                Output = ::core::result::Result<u64, $crate::__private::sea_orm::DbErr>,
            > + ::core::marker::Send {
                $crate::__private::loader_num_items(self, db, page_size)
            }
        }
    };
}
