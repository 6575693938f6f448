//! Joins, `EXISTS` and multi-entity selects in a `#[soft_delete]` scope: the
//! joined entity's visible predicate goes into the join's `ON` clause (or the
//! `EXISTS` subquery), so a parent without visible children still comes back.
//!
//! [`Joins`] has the join helpers of SeaORM's selects, by the same names and
//! with the same result types. SeaORM builds the three- to six-entity selects
//! with constructors it keeps private, so for those SeaORM's own result is
//! kept and only its statement is replaced by one with the filtered join
//! ([`rejoin`]).

use super::{SoftDeleteScope, SoftDeleteSpec, spec};
use sea_orm::sea_query::{
    Condition, ConditionType, IntoCondition, JoinType, SelectStatement, TableRef,
};
use sea_orm::{
    EntityTrait, QueryFilter, QuerySelect, QueryTrait, Related, RelationDef, Select, SelectFive,
    SelectFour, SelectSix, SelectThree, SelectTwo, SelectTwoMany, SelectTwoRequired, Topology,
    TopologyChain, TopologyStar,
};

/// A SeaORM select whose join helpers filter the joined entity; made by the
/// code `#[soft_delete]` generates for `select.find_also_related(X)` and
/// the other join helpers.
pub struct Joins<S>(pub(crate) S);

/// Which side of the relation is the table being joined.
#[derive(Clone, Copy)]
enum Side {
    /// `select.join(rel)`: the relation's `to` table.
    To,
    /// `select.join_rev(rel)`: the relation's `from` table.
    From,
}

/// `select` joined to `R` through `relation`, `R`'s visible predicate in the
/// `ON` clause.
fn join_visible<S, R>(mut select: S, join: JoinType, relation: RelationDef, side: Side) -> S
where
    S: QuerySelect,
    R: SoftDeleteScope,
{
    let table = match side {
        Side::To => relation.to_tbl.clone(),
        Side::From => relation.from_tbl.clone(),
    };
    let condition = match spec::<R>() {
        None => Condition::from(relation),
        Some(spec) if relation.condition_type == ConditionType::All => {
            Condition::from(with_visible_on(relation, spec, side))
        }
        // An `any` relation OR-s its `on_condition` with the keys; the
        // predicate must be AND-ed around the whole of it instead.
        Some(spec) => Condition::all()
            .add(Condition::from(relation))
            .add(spec.visible_on(alias_or_name(&table))),
    };
    QuerySelect::query(&mut select).join(join, table, condition);
    select
}

/// `relation` with `R`'s visible predicate added to its `on_condition`, as
/// a hand-written `.on_condition(..)` would add it.
fn with_visible_on<R: SoftDeleteScope>(
    relation: RelationDef,
    spec: SoftDeleteSpec<R>,
    side: Side,
) -> RelationDef {
    let previous = relation.on_condition.clone();
    relation.on_condition(move |from, to| {
        let mut condition = Condition::all();
        if let Some(previous) = &previous {
            condition = condition.add(previous(from.clone(), to.clone()));
        }
        let table = match side {
            Side::To => to,
            Side::From => from,
        };
        condition.add(spec.visible_on(table))
    })
}

/// How the joined table is referred to in `ON`: its alias, else its name.
fn alias_or_name(table: &TableRef) -> sea_orm::sea_query::DynIden {
    table
        .sea_orm_table_alias()
        .unwrap_or_else(|| table.sea_orm_table())
        .clone()
}

/// `select` joined to `R` as `E: Related<R>` defines it (through the junction
/// table for many-to-many; the junction is not filtered).
fn join_related<S, E, R>(mut select: S, join: JoinType) -> S
where
    S: QuerySelect,
    E: Related<R>,
    R: SoftDeleteScope,
{
    if let Some(via) = E::via() {
        select = select.join(join, via);
    }
    join_visible::<S, R>(select, join, E::to(), Side::To)
}

/// SeaORM's own `theirs` (with its result type and its selected columns),
/// with the joins and filters of `ours`.
fn rejoin<S, T>(ours: S, mut theirs: T) -> T
where
    S: QueryTrait<QueryStatement = SelectStatement>,
    T: QueryTrait<QueryStatement = SelectStatement>,
{
    let mut statement = ours.into_query();
    statement.clear_selects();
    theirs.query().exprs_mut_for_each(|expr| {
        statement.expr(expr.clone());
    });
    *theirs.query() = statement;
    theirs
}

impl<E: EntityTrait> Joins<Select<E>> {
    /// `LEFT JOIN r ON .. AND <R visible>`.
    pub fn left_join<R>(self, _: R) -> Select<E>
    where
        R: SoftDeleteScope,
        E: Related<R>,
    {
        join_related::<_, E, R>(self.0, JoinType::LeftJoin)
    }

    /// `INNER JOIN r ON .. AND <R visible>`.
    pub fn inner_join<R>(self, _: R) -> Select<E>
    where
        R: SoftDeleteScope,
        E: Related<R>,
    {
        join_related::<_, E, R>(self.0, JoinType::InnerJoin)
    }

    /// `RIGHT JOIN r ON ..` with `R`'s visible predicate in `WHERE`: a right
    /// join keeps every row of `R`, so `ON` could not hide any.
    pub fn right_join<R>(self, _: R) -> Select<E>
    where
        R: SoftDeleteScope,
        E: Related<R>,
    {
        let mut select = self.0;
        if let Some(via) = E::via() {
            select = select.join(JoinType::RightJoin, via);
        }
        let select = select.join(JoinType::RightJoin, E::to());
        match spec::<R>() {
            Some(spec) => select.filter(spec.visible()),
            None => select,
        }
    }

    /// `INNER JOIN r ON .. AND <R visible>`, `R` being the entity related
    /// to `E`.
    pub fn reverse_join<R>(self, _: R) -> Select<E>
    where
        R: SoftDeleteScope + Related<E>,
    {
        join_visible::<_, R>(self.0, JoinType::InnerJoin, R::to(), Side::From)
    }

    /// `select.find_also(E, r)`: [`Self::find_also_related`].
    pub fn find_also<R>(self, _: E, r: R) -> SelectTwo<E, R>
    where
        R: SoftDeleteScope,
        E: Related<R>,
    {
        self.find_also_related(r)
    }

    /// `LEFT JOIN r ON .. AND <R visible>`, selecting both.
    pub fn find_also_related<R>(self, r: R) -> SelectTwo<E, R>
    where
        R: SoftDeleteScope,
        E: Related<R>,
    {
        join_related::<_, E, R>(self.0, JoinType::LeftJoin).select_also(r)
    }

    /// `INNER JOIN r ON .. AND <R visible>`, selecting both.
    pub fn find_both_related<R>(self, r: R) -> SelectTwoRequired<E, R>
    where
        R: SoftDeleteScope,
        E: Related<R>,
    {
        join_related::<_, E, R>(self.0, JoinType::InnerJoin).select_two_required(r)
    }

    /// `LEFT JOIN r ON .. AND <R visible>`, grouped by parent.
    pub fn find_with_related<R>(self, r: R) -> SelectTwoMany<E, R>
    where
        R: SoftDeleteScope,
        E: Related<R>,
    {
        join_related::<_, E, R>(self.0, JoinType::LeftJoin).select_with(r)
    }

    /// `WHERE EXISTS (SELECT 1 FROM r WHERE <condition> AND <R visible> ..)`.
    pub fn has_related<R, C>(self, r: R, condition: C) -> Select<E>
    where
        R: SoftDeleteScope,
        E: Related<R>,
        C: IntoCondition,
    {
        let condition = match spec::<R>() {
            Some(spec) => Condition::all()
                .add(condition.into_condition())
                .add(spec.visible()),
            None => condition.into_condition(),
        };
        self.0.has_related(r, condition)
    }
}

impl<E: EntityTrait, F: EntityTrait> Joins<SelectTwo<E, F>> {
    /// A third entity related to the first, filtered in its `ON`.
    pub fn find_also_related<R>(self, r: R) -> SelectThree<E, F, R, TopologyStar>
    where
        R: SoftDeleteScope,
        E: Related<R>,
    {
        let theirs = self.0.clone().find_also_related(r);
        rejoin(join_related::<_, E, R>(self.0, JoinType::LeftJoin), theirs)
    }

    /// A third entity related to the second, filtered in its `ON`.
    pub fn and_also_related<R>(self, r: R) -> SelectThree<E, F, R, TopologyChain>
    where
        R: SoftDeleteScope,
        F: Related<R>,
    {
        let theirs = self.0.clone().and_also_related(r);
        rejoin(join_related::<_, F, R>(self.0, JoinType::LeftJoin), theirs)
    }

    /// A third entity related to `G` (one of the two), filtered in its `ON`.
    pub fn find_also<G, R>(self, g: G, r: R) -> SelectThree<E, F, R, TopologyStar>
    where
        R: SoftDeleteScope,
        G: EntityTrait + Related<R>,
    {
        let theirs = self.0.clone().find_also(g, r);
        rejoin(join_related::<_, G, R>(self.0, JoinType::LeftJoin), theirs)
    }
}

impl<E, F, G, TOP> Joins<SelectThree<E, F, G, TOP>>
where
    E: EntityTrait,
    F: EntityTrait,
    G: EntityTrait,
    TOP: Topology + Clone,
{
    /// A fourth entity related to `T`, filtered in its `ON`.
    pub fn find_also<T, H>(self, t: T, h: H) -> SelectFour<E, F, G, H, TopologyStar>
    where
        H: SoftDeleteScope,
        T: EntityTrait + Related<H>,
    {
        let theirs = self.0.clone().find_also(t, h);
        rejoin(join_related::<_, T, H>(self.0, JoinType::LeftJoin), theirs)
    }
}

impl<E, F, G, H, TOP> Joins<SelectFour<E, F, G, H, TOP>>
where
    E: EntityTrait,
    F: EntityTrait,
    G: EntityTrait,
    H: EntityTrait,
    TOP: Topology + Clone,
{
    /// A fifth entity related to `T`, filtered in its `ON`.
    pub fn find_also<T, I>(self, t: T, i: I) -> SelectFive<E, F, G, H, I, TopologyStar>
    where
        I: SoftDeleteScope,
        T: EntityTrait + Related<I>,
    {
        let theirs = self.0.clone().find_also(t, i);
        rejoin(join_related::<_, T, I>(self.0, JoinType::LeftJoin), theirs)
    }
}

impl<E, F, G, H, I, TOP> Joins<SelectFive<E, F, G, H, I, TOP>>
where
    E: EntityTrait,
    F: EntityTrait,
    G: EntityTrait,
    H: EntityTrait,
    I: EntityTrait,
    TOP: Topology + Clone,
{
    /// A sixth entity related to `T`, filtered in its `ON`.
    pub fn find_also<T, J>(self, t: T, j: J) -> SelectSix<E, F, G, H, I, J, TopologyStar>
    where
        J: SoftDeleteScope,
        T: EntityTrait + Related<J>,
    {
        let theirs = self.0.clone().find_also(t, j);
        rejoin(join_related::<_, T, J>(self.0, JoinType::LeftJoin), theirs)
    }
}
