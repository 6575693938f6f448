//! Writes and transactions: which tables each function writes when called (its write
//! closure, computed once), whether a call of it is one atomic write, whether it only ever
//! runs inside a transaction, and where two writes that can half-succeed meet.

use std::collections::{BTreeMap, BTreeSet};

use super::{How, Model};
use crate::facts::{Site, TxRef};
use crate::ids::{EntityId, FileId, FnId};
use crate::span::Span;

/// How a table ends up in a function's write closure.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Witness {
    /// A database call of the function itself.
    Direct { guessed: bool },
    /// A call of another function that writes it.
    Via { callee: FnId, guessed: bool },
}

impl Witness {
    fn guessed(self) -> bool {
        match self {
            Witness::Direct { guessed, .. } | Witness::Via { guessed, .. } => guessed,
        }
    }
}

/// What makes up a write unit of a function.
#[derive(Clone, Debug)]
pub(crate) enum UnitKind {
    /// One database write of the function (`db_calls[call]`).
    Write { call: u32 },
    /// A call of workspace functions that write.
    Call { callees: Vec<FnId> },
    /// Everything inside one transaction of the function.
    Transaction { tx: TxRef },
}

/// Writes that succeed or fail together: one write, one call of a writing function, or one
/// transaction.
#[derive(Clone, Debug)]
pub(crate) struct Unit {
    pub kind: UnitKind,
    pub tables: BTreeSet<EntityId>,
    /// Atomic on its own: a transaction, or a call of a transactional function.
    pub atomic: bool,
    pub span: Span,
    /// Where its first write is.
    pub site: Site,
    /// What was guessed on the way to its tables, if anything.
    pub guess: Option<&'static str>,
    /// A call through a trait: the tables of each implementation it may reach (empty: the
    /// tables are certain).
    pub alternatives: Vec<BTreeSet<EntityId>>,
}

/// Two or more units of one function that can half-succeed: they write different tables,
/// not all of them are atomic, and no branch separates them.
#[derive(Clone, Debug)]
pub(crate) struct Conflict {
    pub func: FnId,
    /// 0: the function's own flow; n: its n-th spawned task.
    pub task: u16,
    pub units: Vec<Unit>,
}

#[derive(Default)]
pub(super) struct Writes {
    closure: Vec<BTreeMap<EntityId, Witness>>,
    atomic: Vec<bool>,
    always_in_tx: Vec<bool>,
    /// Per function: its own flow is several write units (writes, calls, transactions).
    compound: Vec<bool>,
    /// Per function, its non-test call sites: (caller, index into the caller file's calls).
    callers: Vec<Vec<(FnId, u32)>>,
    conflicts: Vec<Conflict>,
}

/// What a unit's tables may rest on.
const GUESSED_ENTITY: &str = "an entity was resolved by its module's name alone";
const GUESSED_BY_NAME: &str = "a method was resolved by its name alone";
const GUESSED_DEEPER: &str = "a call further down was resolved by its name alone";

/// A writing site of a function, before grouping into units.
struct SiteWrite {
    site: Site,
    span: Span,
    kind: UnitKind,
    tables: BTreeSet<EntityId>,
    /// A call through a trait: the tables of each implementation it may reach.
    alternatives: Vec<BTreeSet<EntityId>>,
    atomic: bool,
    guess: Option<&'static str>,
}

impl Writes {
    pub(super) fn compute(m: &Model) -> Writes {
        let n = m.fns.len();
        let mut w = Writes {
            closure: vec![BTreeMap::new(); n],
            atomic: vec![false; n],
            always_in_tx: vec![false; n],
            compound: vec![false; n],
            callers: vec![Vec::new(); n],
            conflicts: Vec::new(),
        };
        // Edges of the function's own flow (not its spawned tasks), and direct writes.
        let mut edges: Vec<Vec<(FnId, bool)>> = vec![Vec::new(); n];
        for (fi, file) in m.rust_files() {
            for (ci, call) in file.facts.db_calls.iter().enumerate() {
                let (Some(func), true) = (call.site.func, call.op.writes()) else {
                    continue;
                };
                if call.site.unit != 0 {
                    continue;
                }
                let Some((e, guessed)) = m.db_entity(fi, ci) else {
                    continue;
                };
                let id = m.fn_id(fi, func);
                w.closure[id.ix()]
                    .entry(e)
                    .or_insert(Witness::Direct { guessed });
            }
            let test_file = file.role == crate::source::Role::Test;
            for (ci, call) in file.facts.calls.iter().enumerate() {
                let Some(func) = call.site.func else { continue };
                let Some(r) = m.call_target(fi, ci) else {
                    continue;
                };
                let caller = m.fn_id(fi, func);
                let test = test_file || m.func(caller).is_test;
                for &t in &r.targets {
                    if t == caller {
                        continue;
                    }
                    if !test {
                        w.callers[t.ix()].push((caller, ci as u32));
                    }
                    if call.site.unit == 0 {
                        edges[caller.ix()].push((t, r.how == How::ByName));
                    }
                }
            }
        }
        w.close_over(&edges);
        // A call is one atomic write when the function is transactional, or its own flow is
        // one unit that is: one transaction, or one call of an atomic function (a wrapper).
        for i in 0..n {
            w.atomic[i] = m.func(FnId::of(i)).is_transactional();
        }
        let mut sites: Vec<Vec<SiteWrite>>;
        loop {
            // Each function's sites read only what the last round decided: side by side.
            sites = crate::par::map_range(n, |i| w.sites_of(m, FnId::of(i)));
            let mut changed = false;
            for (atomic, own) in w.atomic.iter_mut().zip(&sites) {
                if *atomic {
                    continue;
                }
                let units = group(own.iter().filter(|x| x.site.unit == 0));
                if let [only] = units.as_slice()
                    && only.atomic
                {
                    *atomic = true;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        w.compute_always_in_tx(m);
        w.compound = sites
            .iter()
            .map(|s| {
                let units = group(s.iter().filter(|x| x.site.unit == 0));
                let tables: BTreeSet<EntityId> = units
                    .iter()
                    .flat_map(|u| u.tables.iter().copied())
                    .collect();
                units.len() > 1 && tables.len() > 1
            })
            .collect();
        w.conflicts = (0..n)
            .flat_map(|i| w.conflicts_of(m, FnId::of(i), &sites[i]))
            .collect();
        w
    }

    /// Adds to each function's closure the tables of the functions it calls, strongly
    /// connected components first (Tarjan, iteratively: call graphs can be deep).
    fn close_over(&mut self, edges: &[Vec<(FnId, bool)>]) {
        let n = edges.len();
        let mut index = vec![u32::MAX; n];
        let mut low = vec![0u32; n];
        let mut on_stack = vec![false; n];
        let mut stack: Vec<usize> = Vec::new();
        let mut next = 0u32;
        for root in 0..n {
            if index[root] != u32::MAX {
                continue;
            }
            // (node, next edge to look at)
            let mut work: Vec<(usize, usize)> = vec![(root, 0)];
            while let Some(&(v, ei)) = work.last() {
                if ei == 0 && index[v] == u32::MAX {
                    index[v] = next;
                    low[v] = next;
                    next += 1;
                    stack.push(v);
                    on_stack[v] = true;
                }
                if let Some(&(t, _)) = edges[v].get(ei) {
                    if let Some(top) = work.last_mut() {
                        top.1 += 1;
                    }
                    let t = t.ix();
                    if index[t] == u32::MAX {
                        work.push((t, 0));
                    } else if on_stack[t] {
                        low[v] = low[v].min(index[t]);
                    }
                    continue;
                }
                work.pop();
                if let Some(&(parent, _)) = work.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == index[v] {
                    let mut component = Vec::new();
                    while let Some(x) = stack.pop() {
                        on_stack[x] = false;
                        component.push(x);
                        if x == v {
                            break;
                        }
                    }
                    // Callees outside the component are complete: merge them in, then share
                    // the union across the component.
                    let mut union: BTreeMap<EntityId, Witness> = BTreeMap::new();
                    for &x in &component {
                        for (e, wit) in &self.closure[x] {
                            union.entry(*e).or_insert(*wit);
                        }
                    }
                    for &x in &component {
                        let mut mine = std::mem::take(&mut self.closure[x]);
                        for &(t, by_name) in &edges[x] {
                            if component.contains(&t.ix()) {
                                continue;
                            }
                            for (e, wit) in &self.closure[t.ix()] {
                                let guessed = by_name || wit.guessed();
                                let candidate = Witness::Via { callee: t, guessed };
                                match mine.get(e) {
                                    Some(old) if !old.guessed() || guessed => {}
                                    _ => {
                                        mine.insert(*e, candidate);
                                    }
                                }
                            }
                        }
                        for (e, wit) in &mine {
                            union.entry(*e).or_insert(*wit);
                        }
                        self.closure[x] = mine;
                    }
                    if component.len() > 1 {
                        for &x in &component {
                            for (e, wit) in &union {
                                self.closure[x].entry(*e).or_insert(*wit);
                            }
                        }
                    }
                }
            }
        }
    }

    /// Whether every non-test call of each function runs inside a transaction: in one of
    /// the caller's transactions, or in the caller's own flow when the caller itself always
    /// runs in one (least fixpoint).
    fn compute_always_in_tx(&mut self, m: &Model) {
        let n = self.always_in_tx.len();
        for i in 0..n {
            self.always_in_tx[i] = m.func(FnId::of(i)).takes_transaction;
        }
        loop {
            let mut changed = false;
            for i in 0..n {
                if self.always_in_tx[i] || self.callers[i].is_empty() {
                    continue;
                }
                let all = self.callers[i].iter().all(|&(caller, call)| {
                    let file = m.fn_file(caller);
                    let site = m.file(file).facts.calls[call as usize].site;
                    site.tx.is_some() || (site.unit == 0 && self.always_in_tx[caller.ix()])
                });
                if all {
                    self.always_in_tx[i] = true;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
    }

    /// The writing sites of one function: its own writes with a resolved entity, and its
    /// calls of functions that write.
    fn sites_of(&self, m: &Model, id: FnId) -> Vec<SiteWrite> {
        let file = m.fn_file(id);
        let facts = &m.file(file).facts;
        let mut sites: Vec<SiteWrite> = Vec::new();
        for &ci in &m.fn_db_calls[id.ix()] {
            let c = &facts.db_calls[ci as usize];
            if !c.op.writes() {
                continue;
            }
            let Some((e, guessed)) = m.db_entity(file, ci as usize) else {
                continue;
            };
            sites.push(SiteWrite {
                site: c.site,
                span: c.span,
                kind: UnitKind::Write { call: ci },
                tables: BTreeSet::from([e]),
                alternatives: Vec::new(),
                atomic: false,
                guess: guessed.then_some(GUESSED_ENTITY),
            });
        }
        for &ci in &m.fn_calls[id.ix()] {
            let c = &facts.calls[ci as usize];
            let Some(r) = m.call_target(file, ci as usize) else {
                continue;
            };
            let callees: Vec<FnId> = r.targets.iter().copied().filter(|t| *t != id).collect();
            let tables: BTreeSet<EntityId> = callees
                .iter()
                .flat_map(|t| self.closure[t.ix()].keys().copied())
                .collect();
            if tables.is_empty() {
                continue;
            }
            let alternatives = if r.how == How::ViaTrait && callees.len() > 1 {
                callees
                    .iter()
                    .map(|t| self.closure[t.ix()].keys().copied().collect())
                    .collect()
            } else {
                Vec::new()
            };
            let guess = match r.how {
                How::ByName => Some(GUESSED_BY_NAME),
                How::ViaTrait | How::Certain => callees
                    .iter()
                    .any(|t| self.closure[t.ix()].values().any(|w| w.guessed()))
                    .then_some(GUESSED_DEEPER),
            };
            sites.push(SiteWrite {
                site: c.site,
                span: c.span,
                atomic: callees.iter().all(|t| self.atomic[t.ix()]),
                kind: UnitKind::Call { callees },
                tables,
                alternatives,
                guess,
            });
        }
        sites
    }

    /// The conflicts of one function: per task, its units that can half-succeed together.
    /// A call of a compound function (one whose own flow is several write units) takes no
    /// part: its writes meet inside it, and are reported there if they can half-succeed.
    fn conflicts_of(&self, m: &Model, id: FnId, sites: &[SiteWrite]) -> Vec<Conflict> {
        let f = m.func(id);
        let facts = &m.file(m.fn_file(id)).facts;
        let simple = |s: &&SiteWrite| match &s.kind {
            UnitKind::Call { callees } => !callees.iter().any(|c| self.compound[c.ix()]),
            _ => true,
        };
        let mut out = Vec::new();
        let mut tasks: Vec<u16> = sites.iter().map(|s| s.site.unit).collect();
        tasks.sort_unstable();
        tasks.dedup();
        for task in tasks {
            // The function's own flow runs in a transaction when it is transactional, takes
            // one, or is only ever called inside one.
            if task == 0 && (f.is_transactional() || self.always_in_tx[id.ix()]) {
                continue;
            }
            let units = group(sites.iter().filter(|s| s.site.unit == task).filter(simple));
            let involved = conflicting(facts, &units);
            if !involved.is_empty() {
                out.push(Conflict {
                    func: id,
                    task,
                    units: involved,
                });
            }
        }
        out
    }
}

/// Groups sites into units: everything inside one transaction is one atomic unit.
fn group<'a>(sites: impl Iterator<Item = &'a SiteWrite>) -> Vec<Unit> {
    let mut units: Vec<Unit> = Vec::new();
    for s in sites {
        if let Some(tx) = s.site.tx {
            if let Some(u) = units
                .iter_mut()
                .find(|u| matches!(u.kind, UnitKind::Transaction { tx: t } if t == tx))
            {
                u.tables.extend(s.tables.iter().copied());
                u.guess = u.guess.or(s.guess);
                continue;
            }
            units.push(Unit {
                kind: UnitKind::Transaction { tx },
                tables: s.tables.clone(),
                atomic: true,
                span: s.span,
                site: s.site,
                guess: s.guess,
                alternatives: Vec::new(),
            });
            continue;
        }
        units.push(Unit {
            kind: s.kind.clone(),
            tables: s.tables.clone(),
            atomic: s.atomic,
            span: s.span,
            site: s.site,
            guess: s.guess,
            alternatives: s.alternatives.clone(),
        });
    }
    units
}

/// Whether two units write different tables, for every implementation a call through a
/// trait may reach.
fn differ(a: &Unit, b: &Unit) -> bool {
    let options = |u: &Unit| -> Vec<BTreeSet<EntityId>> {
        if u.alternatives.is_empty() {
            vec![u.tables.clone()]
        } else {
            u.alternatives.clone()
        }
    };
    let (xs, ys) = (options(a), options(b));
    xs.iter()
        .all(|x| ys.iter().all(|y| !x.is_empty() && !y.is_empty() && x != y))
}

/// The units that take part in a half-success: a pair that can both run, not both atomic,
/// writing different tables.
fn conflicting(facts: &crate::facts::FileFacts, units: &[Unit]) -> Vec<Unit> {
    let mut involved = vec![false; units.len()];
    for (i, a) in units.iter().enumerate() {
        for (j, b) in units.iter().enumerate().skip(i + 1) {
            if a.atomic && b.atomic {
                continue;
            }
            if facts.exclusive_sites(a.site, b.site) {
                continue;
            }
            // The same tables twice (the same operation on two rows) is not a multi-table
            // write; a table only one of them writes is. Through a trait, whichever
            // implementation runs.
            if differ(a, b) {
                involved[i] = true;
                involved[j] = true;
            }
        }
    }
    units
        .iter()
        .zip(involved)
        .filter(|(_, i)| *i)
        .map(|(u, _)| u.clone())
        .collect()
}

impl Model {
    /// The tables a call of `id` may write (outside the tasks it spawns).
    pub(crate) fn write_closure(&self, id: FnId) -> impl Iterator<Item = EntityId> + '_ {
        self.writes.closure[id.ix()].keys().copied()
    }

    /// Whether a call of `id` writes anything.
    pub(crate) fn writes_anything(&self, id: FnId) -> bool {
        !self.writes.closure[id.ix()].is_empty()
    }

    /// The tables `id` writes, itself or through its callees.
    pub(crate) fn tables_written(&self, id: FnId) -> impl Iterator<Item = EntityId> + '_ {
        self.writes.closure[id.ix()].keys().copied()
    }

    /// Whether every non-test call of `id` runs inside a transaction (or it takes one).
    pub(crate) fn always_in_transaction(&self, id: FnId) -> bool {
        self.writes.always_in_tx[id.ix()]
    }

    /// Whether a call of `id` is one atomic write.
    pub(crate) fn is_atomic(&self, id: FnId) -> bool {
        self.writes.atomic[id.ix()]
    }

    /// Where two writes that can half-succeed meet, innermost function first.
    pub(crate) fn conflicts(&self) -> &[Conflict] {
        &self.writes.conflicts
    }

    /// The non-test call sites of `id`: (caller, index into the caller file's calls).
    pub(crate) fn call_sites(&self, id: FnId) -> &[(FnId, u32)] {
        &self.writes.callers[id.ix()]
    }

    /// How `from` reaches a write of `table`: the functions on the way (`from` excluded,
    /// the writing function last) and whether any step was guessed.
    pub(crate) fn write_chain(&self, from: FnId, table: EntityId) -> (Vec<FnId>, bool) {
        let mut chain = Vec::new();
        let mut guessed = false;
        let mut at = from;
        while let Some(w) = self.writes.closure[at.ix()].get(&table) {
            guessed |= w.guessed();
            match *w {
                Witness::Direct { .. } => break,
                Witness::Via { callee, .. } => {
                    if chain.contains(&callee) || chain.len() > 16 {
                        break;
                    }
                    chain.push(callee);
                    at = callee;
                }
            }
        }
        (chain, guessed)
    }

    /// The file a function's facts are in, and its index there.
    pub(crate) fn fn_location(&self, id: FnId) -> (FileId, u32) {
        let n = self.fns[id.ix()];
        (n.file, n.idx)
    }
}

impl Model {
    /// The tables `id` writes in its own flow outside any transaction: those its own
    /// database calls write, and each callee (with the tables it writes) that is not one
    /// atomic write, called outside any transaction.
    pub(crate) fn loose_write_sources(
        &self,
        id: FnId,
    ) -> (BTreeSet<EntityId>, Vec<(FnId, BTreeSet<EntityId>)>) {
        let (file, _) = self.fn_location(id);
        let facts = &self.file(file).facts;
        let mut own = BTreeSet::new();
        for &ci in &self.fn_db_calls[id.ix()] {
            let (ci, c) = (ci as usize, &facts.db_calls[ci as usize]);
            if c.site.unit == 0
                && c.site.tx.is_none()
                && c.op.writes()
                && let Some((e, _)) = self.db_entity(file, ci)
            {
                own.insert(e);
            }
        }
        let mut via = Vec::new();
        for &ci in &self.fn_calls[id.ix()] {
            let (ci, c) = (ci as usize, &facts.calls[ci as usize]);
            if c.site.unit != 0 || c.site.tx.is_some() {
                continue;
            }
            let Some(r) = self.call_target(file, ci) else {
                continue;
            };
            for &t in &r.targets {
                if t != id && !self.is_atomic(t) {
                    let tables: BTreeSet<EntityId> = self.write_closure(t).collect();
                    if !tables.is_empty() {
                        via.push((t, tables));
                    }
                }
            }
        }
        (own, via)
    }
}
