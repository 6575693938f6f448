//! Type probes: how rewritten code tells a SeaORM entity, select or loader
//! from anything else of the same method name, so only SeaORM's are filtered
//! (reads) or turned into soft deletes (static write calls).
//!
//! A probe is an inherent method on [`Kind`] or [`Wrap`] that exists only for
//! SeaORM types, and a trait method of the same name ([`NotAnEntity`],
//! [`NotSeaOrm`]) that exists for every type and gives the value back
//! unchanged. Method lookup prefers an inherent method whose bounds hold, so
//! `Self::find()` on a repository, an enum's `find_by_id` or an iterator's
//! `all(..)` resolve to the pass-through. The bounds that decide are on the
//! `impl`; the policy bound (`SoftDeleteScope`) sits on the method, so an
//! entity without a policy is an error naming it instead of a silent
//! pass-through.

use super::dispatch::{Scoped, Untouched};
use super::joins::Joins;
use super::loader::{LoaderRun, ScopedLoader, ScopedSource};
use super::{SoftDeleteScope, rewrite::scoped};
use sea_orm::{EntityTrait, Select, SelectFive, SelectFour, SelectThree, SelectTwo, Topology};
use std::marker::PhantomData;

/// The type `X` of `X::find()`, as a value.
pub struct Kind<X: ?Sized>(PhantomData<fn() -> X>);

impl<X: ?Sized> Kind<X> {
    /// The probe for `X`.
    pub const NEW: Self = Kind(PhantomData);

    /// The probe for the type of `value`, which is only looked at.
    pub fn of(_value: &X) -> Self
    where
        X: Sized,
    {
        Kind(PhantomData)
    }
}

impl<X: EntityTrait> Kind<X> {
    /// `X::find()`, `X::find_by_id(k)`, `X::find_by_<key>(v)`, `X::load()`
    /// of an entity: visible rows only.
    pub fn __harden_read<S: ScopedSource<X>>(self, source: S) -> S
    where
        X: SoftDeleteScope,
    {
        source.__scoped()
    }

    /// `X::delete_by_id(k)`, `X::delete_many()`, `X::delete(am)`,
    /// `X::delete_by_<key>(v)`, `X::update_many()` of an entity: rewritten.
    pub fn __harden_write(self) -> Scoped<X> {
        Scoped::new()
    }
}

impl<L: ScopedLoader> Kind<L> {
    /// A 2.0 entity loader held in a variable and run there: refused, since
    /// moving it into the filtering runner here would change what the
    /// variable holds for the code after it.
    pub fn __harden_not_held(self)
    where
        L: RunWhereBuilt,
    {
    }
}

/// Never implemented: carries the message for a loader run from a variable.
#[diagnostic::on_unimplemented(
    message = "`#[soft_delete]` cannot filter the relations of an entity loader run from a variable",
    label = "this `{Self}` was built elsewhere; its `.with(..)` relations would come back unfiltered",
    note = "run the loader in the expression that builds it: `user::Entity::load().with(post::Entity).all(db)`, or call `.all(db)` on `loader.clone()`"
)]
pub trait RunWhereBuilt {}

/// The pass-through for every type that is not a SeaORM entity or loader.
pub trait NotAnEntity: Sized {
    /// Not an entity: `source` is returned as it is.
    fn __harden_read<S>(self, source: S) -> S {
        source
    }

    /// Not an entity loader: nothing to check.
    fn __harden_not_held(self) {}

    /// Not an entity: the write call runs as written.
    fn __harden_write(self) -> Untouched {
        Untouched
    }
}

impl<X: ?Sized> NotAnEntity for Kind<X> {}

/// A value whose type decides what happens to it; see the module docs.
pub struct Wrap<T>(pub T);

/// The pass-through for every value that is not a SeaORM select or loader.
pub trait NotSeaOrm<T>: Sized {
    /// Not a SeaORM select: its own join methods run.
    fn __harden_join(self) -> T;
    /// Not a SeaORM select: returned as it is.
    fn __harden_scoped(self) -> T;
    /// Not an entity loader: its own `one` / `all` / `paginate` run.
    fn __harden_run(self) -> T;
    /// [`Self::__harden_run`], with the original call in a closure that is
    /// never called (it keeps the caller's trait imports used).
    fn __harden_run_witnessed<F: FnOnce(T) -> R, R>(self, _original: F) -> T;
}

impl<T> NotSeaOrm<T> for Wrap<T> {
    fn __harden_join(self) -> T {
        self.0
    }
    fn __harden_scoped(self) -> T {
        self.0
    }
    fn __harden_run(self) -> T {
        self.0
    }
    fn __harden_run_witnessed<F: FnOnce(T) -> R, R>(self, _original: F) -> T {
        self.0
    }
}

impl<E: EntityTrait> Wrap<Select<E>> {
    /// `model.find_related(X)`, `model.find_linked(L)`: visible rows of `E`.
    pub fn __harden_scoped(self) -> Select<E>
    where
        E: SoftDeleteScope,
    {
        scoped(self.0)
    }

    /// The join helpers of `Select<E>`, filtering the joined entity.
    pub fn __harden_join(self) -> Joins<Select<E>> {
        Joins(self.0)
    }
}

impl<E: EntityTrait, F: EntityTrait> Wrap<SelectTwo<E, F>> {
    /// The join helpers of `SelectTwo`, filtering the joined entity.
    pub fn __harden_join(self) -> Joins<SelectTwo<E, F>> {
        Joins(self.0)
    }
}

impl<E, F, G, TOP> Wrap<SelectThree<E, F, G, TOP>>
where
    E: EntityTrait,
    F: EntityTrait,
    G: EntityTrait,
    TOP: Topology,
{
    /// The join helpers of `SelectThree`, filtering the joined entity.
    pub fn __harden_join(self) -> Joins<SelectThree<E, F, G, TOP>> {
        Joins(self.0)
    }
}

impl<E, F, G, H, TOP> Wrap<SelectFour<E, F, G, H, TOP>>
where
    E: EntityTrait,
    F: EntityTrait,
    G: EntityTrait,
    H: EntityTrait,
    TOP: Topology,
{
    /// The join helpers of `SelectFour`, filtering the joined entity.
    pub fn __harden_join(self) -> Joins<SelectFour<E, F, G, H, TOP>> {
        Joins(self.0)
    }
}

impl<E, F, G, H, I, TOP> Wrap<SelectFive<E, F, G, H, I, TOP>>
where
    E: EntityTrait,
    F: EntityTrait,
    G: EntityTrait,
    H: EntityTrait,
    I: EntityTrait,
    TOP: Topology,
{
    /// The join helpers of `SelectFive`, filtering the joined entity.
    pub fn __harden_join(self) -> Joins<SelectFive<E, F, G, H, I, TOP>> {
        Joins(self.0)
    }
}

impl<L: ScopedLoader> Wrap<L> {
    /// A 2.0 entity loader: run so that hidden related rows are dropped.
    pub fn __harden_run(self) -> LoaderRun<L> {
        LoaderRun(self.0)
    }

    /// [`Self::__harden_run`]; `_original` is never called.
    pub fn __harden_run_witnessed<F: FnOnce(L) -> R, R>(self, _original: F) -> LoaderRun<L> {
        LoaderRun(self.0)
    }
}
