//! All files' facts merged, with the cross-file lookups rules need: entities by path,
//! workspace functions by name, and which tables each function writes.

use std::borrow::Cow;
use std::collections::BTreeSet;

use crate::hash::{FastMap as HashMap, FastSet as HashSet};

use crate::config::Config;
use crate::facts::{CallFact, CallTarget, EntityFact, FileFacts, FnFact, SoftDeleteAttr};
use crate::workspace::Role;

/// What a file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FileKind {
    Rust,
    Config,
    /// Files rules only point at (`.env`, `.gitignore`).
    Other,
}

/// One file of the workspace and its facts.
#[derive(Debug)]
pub(crate) struct SourceFile {
    pub rel: String,
    pub text: String,
    pub kind: FileKind,
    pub role: Role,
    pub package: Option<usize>,
    pub crate_name: String,
    pub module: Vec<String>,
    pub facts: FileFacts,
}

/// An entity: file index and index into that file's `entities`.
pub(crate) type EntityId = (usize, usize);
/// A function: file index and index into that file's `fns`.
pub(crate) type FnId = (usize, usize);

/// A table a function writes: a known entity, or a name the checker could not resolve.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Table {
    Entity(EntityId),
    Guess(String),
}

/// Git state of the workspace root.
#[derive(Debug, Default)]
pub(crate) struct GitFacts {
    /// Tracked files (relative to the workspace root), if the workspace is a git checkout.
    pub tracked: Option<Vec<String>>,
    /// Whether git ignores `.env` at the root; `None` when git could not tell.
    pub env_ignored: Option<bool>,
}

/// What one file's names resolved to (see `Model::resolve_file`).
#[derive(Default)]
struct FileResolution {
    /// Per `db_calls` entry.
    entities: Vec<Option<(EntityId, bool)>>,
    /// (function, table) for each write outside a transaction closure.
    writes: Vec<(usize, Table)>,
    /// (function, callee, resolved by name alone, inside a transaction closure).
    calls: Vec<(usize, FnId, bool, bool)>,
}

/// The workspace-wide model rules read.
#[derive(Debug)]
pub(crate) struct Model {
    pub files: Vec<SourceFile>,
    pub packages: Vec<String>,
    pub config: Config,
    pub git: GitFacts,
    entities: Vec<EntityId>,
    /// Entities by the last segment of their module path (`user` for `entities::user`).
    entities_by_module: HashMap<String, Vec<EntityId>>,
    /// `pub use ..::user::Entity as User` anywhere in the workspace: `User` → (file, path).
    entity_aliases: HashMap<String, (usize, Vec<String>)>,
    /// Entities by crate, then module path inside the crate.
    entities_by_path: HashMap<String, HashMap<Vec<String>, Vec<EntityId>>>,
    /// Methods taking `self` (not tests), by name.
    methods_by_name: HashMap<String, Vec<FnId>>,
    /// Associated functions and methods by `Self` type name, then name.
    fns_by_type: HashMap<String, HashMap<String, Vec<FnId>>>,
    /// Free functions by crate name and by the last segment of their module, then name.
    fns_by_module: HashMap<String, HashMap<String, Vec<FnId>>>,
    /// `impl Linked for L`: `L` → (file, `ToEntity` path as written there).
    links: HashMap<String, (usize, Vec<String>)>,
    /// Per function: tables written directly, and workspace functions called.
    direct_writes: HashMap<FnId, BTreeSet<Table>>,
    callees: HashMap<FnId, Vec<FnId>>,
    callers: HashMap<FnId, Vec<FnId>>,
    /// Functions called from inside a `transaction(|txn| ..)` closure somewhere.
    called_in_closure: HashSet<FnId>,
    /// Caller → callee edges resolved by a method's name alone.
    guessed_calls: HashSet<(FnId, FnId)>,
    /// Per file, per `db_calls` entry: the entity it resolved to, and whether that was a guess.
    call_entities: Vec<Vec<Option<(EntityId, bool)>>>,
}

impl Model {
    pub(crate) fn new(
        files: Vec<SourceFile>,
        packages: Vec<String>,
        config: Config,
        git: GitFacts,
    ) -> Model {
        let mut m = Model {
            files,
            packages,
            config,
            git,
            entities: Vec::new(),
            entities_by_module: HashMap::default(),
            entity_aliases: HashMap::default(),
            entities_by_path: HashMap::default(),
            methods_by_name: HashMap::default(),
            fns_by_type: HashMap::default(),
            fns_by_module: HashMap::default(),
            links: HashMap::default(),
            direct_writes: HashMap::default(),
            callees: HashMap::default(),
            callers: HashMap::default(),
            called_in_closure: HashSet::default(),
            guessed_calls: HashSet::default(),
            call_entities: Vec::new(),
        };
        for (fi, f) in m.files.iter().enumerate() {
            for (ei, e) in f.facts.entities.iter().enumerate() {
                m.entities.push((fi, ei));
                let key = e
                    .module
                    .last()
                    .cloned()
                    .unwrap_or_else(|| f.crate_name.clone());
                m.entities_by_module.entry(key).or_default().push((fi, ei));
                m.entities_by_path
                    .entry(f.crate_name.clone())
                    .or_default()
                    .entry(e.module.clone())
                    .or_default()
                    .push((fi, ei));
            }
            for u in &f.facts.uses {
                if u.path.last().is_some_and(|l| l == "Entity") && u.alias != "Entity" {
                    m.entity_aliases
                        .entry(u.alias.clone())
                        .or_insert((fi, u.path.clone()));
                }
            }
            for l in &f.facts.links {
                m.links
                    .entry(l.name.clone())
                    .or_insert((fi, l.to_entity.clone()));
            }
            for (i, func) in f.facts.fns.iter().enumerate() {
                let id = (fi, i);
                if func.has_self && !func.is_test {
                    push_id(&mut m.methods_by_name, &func.name, id);
                }
                match func.impl_idx {
                    Some(imp) => {
                        let ty = &f.facts.impls[imp].self_ty;
                        push_fn(&mut m.fns_by_type, ty, &func.name, id);
                    }
                    None => {
                        push_fn(&mut m.fns_by_module, &f.crate_name, &func.name, id);
                        if let Some(last) = func.module.last().filter(|l| **l != f.crate_name) {
                            push_fn(&mut m.fns_by_module, last, &func.name, id);
                        }
                    }
                }
            }
        }
        // Each file's names are resolved against the indexes on its own: in parallel.
        let file_ids: Vec<usize> = (0..m.files.len()).collect();
        let resolved = crate::par::map(&file_ids, |&fi| m.resolve_file(fi));
        let mut direct: HashMap<FnId, BTreeSet<Table>> = HashMap::default();
        let mut callees: HashMap<FnId, Vec<FnId>> = HashMap::default();
        let mut called_in_closure = HashSet::default();
        let mut guessed_calls = HashSet::default();
        let mut call_entities = Vec::with_capacity(m.files.len());
        for (fi, r) in resolved.into_iter().enumerate() {
            let r = r.unwrap_or_default();
            for (func, table) in r.writes {
                direct.entry((fi, func)).or_default().insert(table);
            }
            for (func, target, guessed, in_closure) in r.calls {
                if in_closure {
                    called_in_closure.insert(target);
                } else if target != (fi, func) {
                    callees.entry((fi, func)).or_default().push(target);
                    if guessed {
                        guessed_calls.insert(((fi, func), target));
                    }
                }
            }
            call_entities.push(r.entities);
        }
        m.call_entities = call_entities;
        let mut callers: HashMap<FnId, Vec<FnId>> = HashMap::default();
        for (from, tos) in &callees {
            for to in tos {
                callers.entry(*to).or_default().push(*from);
            }
        }
        m.direct_writes = direct;
        m.callees = callees;
        m.callers = callers;
        m.called_in_closure = called_in_closure;
        m.guessed_calls = guessed_calls;
        m
    }

    /// Resolves the entities and calls of one file against the workspace indexes.
    fn resolve_file(&self, fi: usize) -> FileResolution {
        let facts = &self.files[fi].facts;
        let entities: Vec<Option<(EntityId, bool)>> = facts
            .db_calls
            .iter()
            .map(|c| self.resolve_entity(fi, c.entity.as_deref()?))
            .collect();
        let mut writes = Vec::new();
        for (call, entity) in facts.db_calls.iter().zip(&entities) {
            let (Some(func), true) = (call.func, call.op.writes()) else {
                continue;
            };
            if call.in_transaction_closure {
                continue;
            }
            let table = match (entity, &call.entity, &call.receiver) {
                (Some((id, _)), _, _) => Table::Entity(*id),
                (None, Some(path), _) => Table::Guess(path.join("::")),
                (None, None, Some(r)) => Table::Guess(format!("`{r}`")),
                (None, None, None) => continue,
            };
            writes.push((func, table));
        }
        let calls = facts
            .calls
            .iter()
            .filter_map(|call| {
                let func = call.func?;
                let (target, guessed) = self.resolve_call(fi, call)?;
                Some((func, target, guessed, call.in_transaction_closure))
            })
            .collect();
        FileResolution {
            entities,
            writes,
            calls,
        }
    }

    /// All entities.
    pub(crate) fn entities(&self) -> impl Iterator<Item = (EntityId, &EntityFact)> {
        self.entities
            .iter()
            .map(|&(f, e)| ((f, e), &self.files[f].facts.entities[e]))
    }

    pub(crate) fn entity(&self, id: EntityId) -> &EntityFact {
        &self.files[id.0].facts.entities[id.1]
    }

    pub(crate) fn func(&self, id: FnId) -> &FnFact {
        &self.files[id.0].facts.fns[id.1]
    }

    /// The entity's display name (`user::Entity`).
    pub(crate) fn entity_name(&self, id: EntityId) -> String {
        let e = self.entity(id);
        match e.module.last() {
            Some(m) => format!("{m}::Entity"),
            None => format!("{}::Entity", self.files[id.0].crate_name),
        }
    }

    /// The entity `path` refers to in file `file`, and whether that was a guess.
    pub(crate) fn resolve_entity(&self, file: usize, path: &[String]) -> Option<(EntityId, bool)> {
        self.resolve_entity_via(file, path, true)
    }

    /// `resolve_entity`, following a link's `ToEntity` once when `follow_link`.
    fn resolve_entity_via(
        &self,
        file: usize,
        path: &[String],
        follow_link: bool,
    ) -> Option<(EntityId, bool)> {
        let mut path = self.expand_use(file, path);
        let mut guessed = false;
        let last = path.last()?.clone();
        if !matches!(last.as_str(), "Entity" | "Model" | "ActiveModel" | "Column") {
            // A link (`find_linked(CakeToFilling)`) reads its `ToEntity`.
            if let Some((fi, to)) = self.links.get(&last).filter(|_| follow_link) {
                return self.resolve_entity_via(*fi, to, false);
            }
            // An alias such as `User` re-exported elsewhere (`pub use super::user::Entity as User`).
            match self.entity_aliases.get(&last) {
                Some((fi, p)) => {
                    path = Cow::Owned(self.absolute(*fi, p));
                    guessed = true;
                }
                None => {
                    let hit = *self.entities_by_module.get(&to_snake(&last))?.first()?;
                    return Some((hit, true));
                }
            }
        }
        let module = &path[..path.len() - 1];
        if module.is_empty() {
            let f = &self.files[file];
            let hit = *self.entities_in(&f.crate_name, &f.module)?.first()?;
            return Some((hit, guessed));
        }
        // An absolute path names the crate first.
        if let Some(hits) = self.entities_in(&module[0], &module[1..]) {
            return hits.first().map(|&h| (h, guessed || hits.len() > 1));
        }
        let candidates = self.entities_by_module.get(module.last()?)?;
        let mut hits = candidates
            .iter()
            .copied()
            .filter(|&id| self.entity_path_ends_with(id, module));
        let first = hits.next()?;
        let ambiguous = hits.next().is_some();
        Some((first, guessed || ambiguous))
    }

    /// The entities of `crate_name` in module `module` (inline modules included).
    fn entities_in(&self, crate_name: &str, module: &[String]) -> Option<&[EntityId]> {
        self.entities_by_path
            .get(crate_name)?
            .get(module)
            .map(Vec::as_slice)
    }

    /// Whether `crate_name::module` of the entity ends with `suffix`.
    fn entity_path_ends_with(&self, id: EntityId, suffix: &[String]) -> bool {
        let module = &self.entity(id).module;
        if module.ends_with(suffix) {
            return true;
        }
        suffix.len() == module.len() + 1
            && suffix[1..] == module[..]
            && suffix[0] == self.files[id.0].crate_name
    }

    /// Replaces a leading alias by its `use` path, then makes the path absolute.
    fn expand_use<'p>(&self, file: usize, path: &'p [String]) -> Cow<'p, [String]> {
        let f = &self.files[file];
        let mut out = Cow::Borrowed(path);
        for _ in 0..4 {
            let Some(first) = out.first() else { break };
            if matches!(first.as_str(), "crate" | "self" | "super") {
                break;
            }
            let Some(u) = f.facts.uses.iter().find(|u| &u.alias == first) else {
                break;
            };
            let mut next = u.path.clone();
            next.extend(out.iter().skip(1).cloned());
            if next[..] == out[..] {
                break;
            }
            out = Cow::Owned(next);
        }
        match self.relative_to_absolute(file, &out) {
            Some(abs) => Cow::Owned(abs),
            None => out,
        }
    }

    fn absolute(&self, file: usize, path: &[String]) -> Vec<String> {
        self.relative_to_absolute(file, path)
            .unwrap_or_else(|| path.to_vec())
    }

    /// `crate::a`, `self::a`, `super::a` as `crate_name::..::a`; `None` for other paths.
    fn relative_to_absolute(&self, file: usize, path: &[String]) -> Option<Vec<String>> {
        if !path
            .first()
            .is_some_and(|h| matches!(h.as_str(), "crate" | "self" | "super"))
        {
            return None;
        }
        let f = &self.files[file];
        let mut module = f.module.clone();
        let mut rest = path;
        while let Some((head, tail)) = rest.split_first() {
            match head.as_str() {
                "crate" => module.clear(),
                "self" => {}
                "super" => {
                    module.pop();
                }
                _ => break,
            }
            rest = tail;
        }
        let mut out = vec![f.crate_name.clone()];
        out.extend(module);
        out.extend(rest.iter().cloned());
        Some(out)
    }

    /// The entity `file`'s `db_calls[call]` names, and whether that was a guess.
    pub(crate) fn call_entity(&self, file: usize, call: usize) -> Option<(EntityId, bool)> {
        self.call_entities.get(file)?.get(call).copied().flatten()
    }

    /// The soft-delete annotation of the entity `file`'s `db_calls[call]` names, if it is
    /// soft-delete and not exempt.
    pub(crate) fn soft_delete_call(
        &self,
        file: usize,
        call: usize,
    ) -> Option<(EntityId, &SoftDeleteAttr, bool)> {
        let (id, guessed) = self.call_entity(file, call)?;
        let sd = self.entity(id).soft_delete.as_ref()?;
        if sd.exempt.is_some() {
            return None;
        }
        Some((id, sd, guessed))
    }

    /// The workspace function a call reaches, if it can be told; the flag says it was a guess.
    pub(crate) fn resolve_call(&self, file: usize, call: &CallFact) -> Option<(FnId, bool)> {
        let name = call.target.last();
        match &call.target {
            CallTarget::Method(_) => match self.methods_by_name.get(name)?.as_slice() {
                [only] => Some((*only, true)),
                _ => None,
            },
            CallTarget::Path(path) => {
                let path = self.expand_use(file, path);
                let owner = path.len().checked_sub(2).map(|i| path[i].as_str());
                let hits = match owner {
                    Some("Self") => {
                        let ty = call.func.and_then(|f| self.impl_of((file, f)))?;
                        self.fns_by_type.get(ty)?.get(name)?
                    }
                    // `Type::f` or `module::f` / `crate_name::f`.
                    Some(o) => {
                        let by_type = self.fns_by_type.get(o).and_then(|m| m.get(name));
                        let by_module = self.fns_by_module.get(o).and_then(|m| m.get(name));
                        match (by_type, by_module) {
                            (Some(a), None) | (None, Some(a)) => a,
                            _ => return None,
                        }
                    }
                    // `f()`: a free function of the same crate.
                    None => self
                        .fns_by_module
                        .get(&self.files[file].crate_name)?
                        .get(name)?,
                };
                match hits.as_slice() {
                    [only] => Some((*only, false)),
                    _ => None,
                }
            }
        }
    }

    /// The `Self` type of the impl block a function is in.
    pub(crate) fn impl_of(&self, id: FnId) -> Option<&str> {
        let f = self.func(id);
        f.impl_idx
            .map(|i| self.files[id.0].facts.impls[i].self_ty.as_str())
    }

    /// Whether the function is inside a `#[soft_delete]` scope (the fn or its impl block).
    pub(crate) fn in_soft_delete_scope(&self, id: FnId) -> bool {
        let f = self.func(id);
        f.soft_delete
            || f.impl_idx
                .is_some_and(|i| self.files[id.0].facts.impls[i].soft_delete)
    }

    /// Whether the function's writes run in a transaction: one it owns, or its caller's
    /// (it takes a `&DatabaseTransaction`).
    pub(crate) fn is_transactional(&self, id: FnId) -> bool {
        let f = self.func(id);
        f.transactional || f.manual_transaction || f.takes_transaction
    }

    /// Whether some `transaction(|txn| ..)` closure calls the function.
    pub(crate) fn called_in_transaction_closure(&self, id: FnId) -> bool {
        self.called_in_closure.contains(&id)
    }

    fn matches_patterns(&self, id: FnId, patterns: &[String]) -> bool {
        let f = self.func(id);
        let ty = self.impl_of(id).unwrap_or("");
        patterns.iter().any(|p| {
            if p.chars().next().is_some_and(char::is_uppercase) {
                ty.ends_with(p.as_str())
            } else {
                f.module.iter().any(|m| m == p) || self.files[id.0].module.iter().any(|m| m == p)
            }
        })
    }

    /// A repository: `*Repository`/`*Repo` types and `repositories` modules (configurable).
    pub(crate) fn is_repository(&self, id: FnId) -> bool {
        self.matches_patterns(id, &self.config.repository_patterns)
    }

    /// A service: `*Service` types and `services` modules (configurable).
    pub(crate) fn is_service(&self, id: FnId) -> bool {
        self.matches_patterns(id, &self.config.service_patterns)
    }

    /// Tables `id` writes directly (outside transaction closures).
    pub(crate) fn direct_writes(&self, id: FnId) -> BTreeSet<Table> {
        self.direct_writes.get(&id).cloned().unwrap_or_default()
    }

    /// Workspace functions `id` calls (outside transaction closures).
    pub(crate) fn callees(&self, id: FnId) -> &[FnId] {
        self.callees.get(&id).map_or(&[], Vec::as_slice)
    }

    /// Whether `from` → `to` was resolved by the method's name alone.
    pub(crate) fn call_guessed(&self, from: FnId, to: FnId) -> bool {
        self.guessed_calls.contains(&(from, to))
    }

    /// Workspace functions that call `id`.
    pub(crate) fn callers(&self, id: FnId) -> &[FnId] {
        self.callers.get(&id).map_or(&[], Vec::as_slice)
    }

    /// Tables `id` writes, directly or through the functions it calls.
    pub(crate) fn all_writes(&self, id: FnId) -> BTreeSet<Table> {
        let mut seen = BTreeSet::new();
        let mut out = BTreeSet::new();
        let mut stack = vec![id];
        while let Some(f) = stack.pop() {
            if !seen.insert(f) {
                continue;
            }
            out.extend(self.direct_writes(f));
            stack.extend(self.callees(f).iter().copied());
        }
        out
    }

    pub(crate) fn table_name(&self, t: &Table) -> String {
        match t {
            Table::Entity(id) => self.entity_name(*id),
            Table::Guess(s) => s.clone(),
        }
    }

    /// All functions.
    pub(crate) fn fns(&self) -> impl Iterator<Item = (FnId, &FnFact)> {
        self.files.iter().enumerate().flat_map(|(fi, f)| {
            f.facts
                .fns
                .iter()
                .enumerate()
                .map(move |(i, func)| ((fi, i), func))
        })
    }

    /// Rust files with their facts.
    pub(crate) fn rust_files(&self) -> impl Iterator<Item = (usize, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .filter(|(_, f)| f.kind == FileKind::Rust)
    }
}

/// `UserProfile` → `user_profile`.
pub(crate) fn to_snake(s: &str) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if c.is_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `is_active` → `IsActive`.
pub(crate) fn to_pascal(s: &str) -> String {
    s.split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// Adds `id` under `owner` → `name`.
fn push_fn(
    index: &mut HashMap<String, HashMap<String, Vec<FnId>>>,
    owner: &str,
    name: &str,
    id: FnId,
) {
    // Most owners and names are already there: look up by `&str` before allocating a key.
    match index.get_mut(owner) {
        Some(by_name) => push_id(by_name, name, id),
        None => {
            index.insert(
                owner.to_string(),
                HashMap::from_iter([(name.to_string(), vec![id])]),
            );
        }
    }
}

/// Adds `id` under `name`.
fn push_id(index: &mut HashMap<String, Vec<FnId>>, name: &str, id: FnId) {
    match index.get_mut(name) {
        Some(ids) => ids.push(id),
        None => {
            index.insert(name.to_string(), vec![id]);
        }
    }
}
