//! All files' facts merged into resolved views rules read: entities by path, functions by
//! path, method calls resolved by the receiver's type (or marked unresolved or guessed),
//! each write with its entity and its transaction, and the tables each function writes.
//!
//! `names.rs` resolves paths, `types.rs` type hints and calls, `writes.rs` writes and
//! transactions, `code.rs` which code is test or command-line code.

mod code;
mod names;
mod reach;
mod startup;
mod types;
mod writes;

use std::sync::Arc;

use crate::config::Config;
use crate::facts::{Callee, DbCall, EntityFact, FnFact, ImplFact, TypeFact};
use crate::hash::FastMap as HashMap;
use crate::ids::{EntityId, FileId, FnId, TraitId, TypeId};
use crate::source::Role;

pub(crate) use crate::source::{FileKind, GitFacts, SourceFile};
pub(crate) use code::MayPrint;
pub(crate) use names::Scope;
pub(crate) use reach::{Reach, Step};
pub(crate) use startup::{At, Main};
pub(crate) use types::{How, Resolution};
pub(crate) use writes::{Unit, UnitKind};

/// A function of the workspace, where it is and what it belongs to.
#[derive(Clone, Copy, Debug)]
struct FnNode {
    file: FileId,
    idx: u32,
    /// The type of its impl block, resolved.
    self_ty: Option<TypeId>,
    /// The trait it implements or provides.
    trait_: Option<TraitId>,
}

/// The workspace-wide model rules read.
pub(crate) struct Model {
    pub files: Vec<SourceFile>,
    pub packages: Vec<String>,
    /// Per package, the workspace packages it depends on.
    pub deps: Vec<Vec<usize>>,
    pub config: Config,
    pub git: GitFacts,
    fns: Vec<FnNode>,
    /// Per file, the `FnId` of its first function.
    fn_base: Vec<u32>,
    entities: Vec<(FileId, u32)>,
    types: Vec<(FileId, u32)>,
    traits: Vec<(FileId, u32)>,
    index: names::Index,
    /// Methods (inherent and trait impls) by type, then name.
    methods: HashMap<TypeId, HashMap<String, Vec<FnId>>>,
    /// Implementations of a trait's method (and its provided default), by trait, then name.
    trait_methods: HashMap<TraitId, HashMap<String, Vec<FnId>>>,
    /// Non-test methods taking `self`, by name.
    methods_by_name: HashMap<String, Vec<FnId>>,
    /// `impl Linked for L`: the link's name → the file and `ToEntity` path.
    links: HashMap<String, (FileId, u32)>,
    /// Per file, per call: what it reaches.
    calls: Vec<Vec<Option<Resolution>>>,
    /// Per file, per db call: its entity and whether that was a guess; `None` also for a
    /// model-style call on something that is not a SeaORM model.
    db_entities: Vec<Vec<Option<(EntityId, bool)>>>,
    writes: writes::Writes,
    code: code::Code,
    /// The absolute path of each function's, type's and file's module: where their paths are
    /// resolved from.
    fn_here: Vec<Arc<[String]>>,
    type_here: Vec<Arc<[String]>>,
    file_here: Vec<Arc<[String]>>,
    /// Per function: the indexes of its database calls and calls in its file.
    fn_db_calls: Vec<Vec<u32>>,
    fn_calls: Vec<Vec<u32>>,
    /// Per entity: its `Model` struct, when the workspace writes it out.
    entity_models: Vec<Option<TypeId>>,
    /// Per type, per field: its declared type, resolved.
    field_tys: Vec<Vec<types::TyRes>>,
    /// Per function: its declared return type, resolved when it is a plain type.
    ret_tys: Vec<Option<types::TyRes>>,
    /// The binaries' mains and where servers start, computed on first use.
    startup: startup::Startup,
}

impl Model {
    pub(crate) fn new(
        files: Vec<SourceFile>,
        packages: Vec<String>,
        deps: Vec<Vec<usize>>,
        config: Config,
        git: GitFacts,
    ) -> Model {
        let mut m = Model {
            files,
            packages,
            deps,
            config,
            git,
            fns: Vec::new(),
            fn_base: Vec::new(),
            entities: Vec::new(),
            types: Vec::new(),
            traits: Vec::new(),
            index: names::Index::default(),
            methods: HashMap::default(),
            trait_methods: HashMap::default(),
            methods_by_name: HashMap::default(),
            links: HashMap::default(),
            calls: Vec::new(),
            db_entities: Vec::new(),
            writes: writes::Writes::default(),
            code: code::Code::default(),
            fn_here: Vec::new(),
            type_here: Vec::new(),
            file_here: Vec::new(),
            field_tys: Vec::new(),
            ret_tys: Vec::new(),
            fn_db_calls: Vec::new(),
            fn_calls: Vec::new(),
            entity_models: Vec::new(),
            startup: startup::Startup::default(),
        };
        names::Index::forget();
        m.index_items();
        m.entity_models = (0..m.entities.len())
            .map(|e| m.find_model_type(EntityId::of(e)))
            .collect();
        m.module_paths();
        // Impl blocks name their types by path: the names must be known first; the methods,
        // then indexed under their types, add their own.
        m.index.collect_names(&m.files);
        m.index_methods();
        m.resolve_declared_types();
        // Each file's calls and entities are resolved against the indexes on its own: in
        // parallel.
        let ids: Vec<usize> = (0..m.files.len()).collect();
        let resolved = crate::par::map(&ids, |&fi| m.resolve_file(FileId::of(fi)));
        for r in resolved {
            let (calls, entities) = r.unwrap_or_default();
            m.calls.push(calls);
            m.db_entities.push(entities);
        }
        m.index_sites();
        names::Index::forget();
        m.writes = writes::Writes::compute(&m);
        m.code = code::Code::compute(&m);
        names::Index::forget();
        m
    }

    /// Registers modules, types, traits, entities, free functions and `use`s by path.
    fn index_items(&mut self) {
        let mut fn_count = 0u32;
        for (fi, f) in self.files.iter().enumerate() {
            let file = FileId::of(fi);
            self.fn_base.push(fn_count);
            fn_count += f.facts.fns.len() as u32;
            if f.kind != FileKind::Rust {
                continue;
            }
            let ix = &mut self.index;
            if !ix.crates.contains(&f.crate_name) {
                ix.crates.insert(f.crate_name.clone());
            }
            let mut module = vec![f.crate_name.clone()];
            ix.modules.insert(module.clone());
            for seg in &f.module {
                module.push(seg.clone());
                ix.modules.insert(module.clone());
            }
            let abs = |m: &[String], name: &str| {
                let mut p = Vec::with_capacity(m.len() + 2);
                p.push(f.crate_name.clone());
                p.extend(m.iter().cloned());
                if !name.is_empty() {
                    p.push(name.to_string());
                }
                p
            };
            for (i, t) in f.facts.types.iter().enumerate() {
                let id = TypeId::of(self.types.len());
                self.types.push((file, i as u32));
                ix.modules.insert(abs(&t.module, ""));
                ix.types.insert(abs(&t.module, &t.name), id);
                push(&mut ix.types_by_name, &t.name, id);
            }
            for (i, t) in f.facts.traits.iter().enumerate() {
                let id = TraitId::of(self.traits.len());
                self.traits.push((file, i as u32));
                ix.traits.insert(abs(&t.module, &t.name), id);
                push(&mut ix.traits_by_name, &t.name, id);
            }
            for (i, a) in f.facts.aliases.iter().enumerate() {
                ix.aliases.insert(abs(&a.module, &a.name), (file, i as u32));
            }
            for (i, e) in f.facts.entities.iter().enumerate() {
                let id = EntityId::of(self.entities.len());
                self.entities.push((file, i as u32));
                let module = abs(&e.module, "");
                ix.modules.insert(module.clone());
                ix.entities.insert(module, id);
                let name = e
                    .module
                    .last()
                    .cloned()
                    .unwrap_or_else(|| f.crate_name.clone());
                ix.entities_by_module_name.entry(name).or_default().push(id);
            }
            // A file's `use`s mostly share one module: its path is built once.
            let mut last_use: Option<(*const [String], Vec<String>)> = None;
            for u in &f.facts.uses {
                let module = match &last_use {
                    Some((at, module)) if std::ptr::eq(*at, &*u.module) => module.clone(),
                    _ => {
                        let module = abs(&u.module, "");
                        last_use = Some((&*u.module, module.clone()));
                        module
                    }
                };
                // A binary's root shares its package's crate name with the library it
                // imports from: `use app::run;` there names the library's `run`, and as an
                // alias of `app::run` it would stand in for that very item.
                let names_itself = !u.glob
                    && u.path.len() == module.len() + 1
                    && u.path.starts_with(&module)
                    && u.path.last() == Some(&u.alias);
                if names_itself {
                    continue;
                }
                let m = match ix.uses.get_mut(&module) {
                    Some(m) => m,
                    None => ix.uses.entry(module).or_default(),
                };
                if u.glob {
                    m.globs.push(u.path.clone());
                } else {
                    m.aliases
                        .entry(u.alias.clone())
                        .or_insert_with(|| u.path.clone());
                }
            }
            for (i, l) in f.facts.links.iter().enumerate() {
                self.links.entry(l.name.clone()).or_insert((file, i as u32));
            }
            let mut last_module: *const [String] = &[];
            for (i, func) in f.facts.fns.iter().enumerate() {
                let id = FnId(self.fn_base[fi] + i as u32);
                self.fns.push(FnNode {
                    file,
                    idx: i as u32,
                    self_ty: None,
                    trait_: None,
                });
                // A file's functions mostly share one module path: registered once.
                if !std::ptr::eq(last_module, &*func.module) {
                    last_module = &*func.module;
                    let module = abs(&func.module, "");
                    if !ix.modules.contains(&module) {
                        ix.modules.insert(module);
                    }
                }
                if func.impl_idx.is_none() && func.trait_idx.is_none() {
                    ix.fns
                        .entry(abs(&func.module, &func.name))
                        .or_default()
                        .push(id);
                }
                if func.has_self && !func.is_test {
                    push(&mut self.methods_by_name, &func.name, id);
                }
            }
        }
    }

    /// Each function's database calls and calls, by index into its file's lists.
    fn index_sites(&mut self) {
        let mut db = vec![Vec::new(); self.fns.len()];
        let mut calls = vec![Vec::new(); self.fns.len()];
        for (fi, f) in self.files.iter().enumerate() {
            let base = self.fn_base[fi] as usize;
            for (i, c) in f.facts.db_calls.iter().enumerate() {
                if let Some(func) = c.site.func {
                    db[base + func as usize].push(i as u32);
                }
            }
            for (i, c) in f.facts.calls.iter().enumerate() {
                if let Some(func) = c.site.func {
                    calls[base + func as usize].push(i as u32);
                }
            }
        }
        self.fn_db_calls = db;
        self.fn_calls = calls;
    }

    /// The absolute module path of every function, type and file, shared between those of
    /// one module.
    fn module_paths(&mut self) {
        let mut interned: HashMap<Vec<String>, Arc<[String]>> = HashMap::default();
        // Items of one module share its path (`Arc`): the last one asked for is kept, so a
        // file's functions build their absolute path once, not once each.
        type Key = (*const [String], *const str);
        let mut last: Option<(Key, Arc<[String]>)> = None;
        let mut intern = |crate_name: &str, module: &[String]| -> Arc<[String]> {
            let key = (module as *const [String], crate_name as *const str);
            if let Some((k, here)) = &last
                && *k == key
            {
                return here.clone();
            }
            let p = names::Index::module_path(crate_name, module);
            let here = interned
                .entry(p)
                .or_insert_with_key(|p| p.as_slice().into())
                .clone();
            last = Some((key, here.clone()));
            here
        };
        self.file_here = self
            .files
            .iter()
            .map(|f| intern(&f.crate_name, &f.module))
            .collect();
        self.fn_here = self
            .fns
            .iter()
            .map(|n| {
                let f = &self.files[n.file.ix()];
                intern(&f.crate_name, &f.facts.fns[n.idx as usize].module)
            })
            .collect();
        self.type_here = self
            .types
            .iter()
            .map(|&(fi, t)| {
                let f = &self.files[fi.ix()];
                intern(&f.crate_name, &f.facts.types[t as usize].module)
            })
            .collect();
    }

    /// Resolves each impl block's type and trait, and registers its methods under them.
    fn index_methods(&mut self) {
        // What each function's impl block or trait names, side by side: resolving the
        // paths is the work; registering the answers is quick.
        let named = crate::par::map_range(self.fns.len(), |i| self.named_by(FnId::of(i)));
        let mut methods: HashMap<TypeId, HashMap<String, Vec<FnId>>> = HashMap::default();
        let mut trait_methods: HashMap<TraitId, HashMap<String, Vec<FnId>>> = HashMap::default();
        let mut assoc: Vec<(Vec<String>, FnId)> = Vec::new();
        for (i, named) in named.into_iter().enumerate() {
            let id = FnId::of(i);
            let node = self.fns[i];
            let f = &self.files[node.file.ix()];
            let func = &f.facts.fns[node.idx as usize];
            match named {
                Named::Nothing => {}
                Named::InTrait(tid) => {
                    self.fns[i].trait_ = tid;
                    if let Some(tid) = tid {
                        push(trait_methods.entry(tid).or_default(), &func.name, id);
                    }
                }
                Named::InImpl {
                    self_ty,
                    trait_,
                    test,
                    path,
                } => {
                    self.fns[i].self_ty = self_ty;
                    self.fns[i].trait_ = trait_;
                    if let Some(t) = self_ty
                        && !test
                    {
                        push(methods.entry(t).or_default(), &func.name, id);
                    }
                    if let Some(p) = path {
                        assoc.push((p, id));
                    }
                    if let Some(t) = trait_
                        && !test
                    {
                        push(trait_methods.entry(t).or_default(), &func.name, id);
                    }
                }
            }
        }
        for (p, id) in assoc {
            self.index.add_name(&p);
            self.index.fns.entry(p).or_default().push(id);
        }
        self.methods = methods;
        self.trait_methods = trait_methods;
    }

    /// The trait a trait's function is declared in, or the type and trait of the impl block
    /// a function is in.
    fn named_by(&self, id: FnId) -> Named {
        let node = self.fns[id.ix()];
        let f = &self.files[node.file.ix()];
        let func = &f.facts.fns[node.idx as usize];
        if let Some(t) = func.trait_idx {
            let tf = &f.facts.traits[t as usize];
            let mut p = vec![f.crate_name.clone()];
            p.extend(tf.module.iter().cloned());
            p.push(tf.name.clone());
            return Named::InTrait(self.index.traits.get(&p).copied());
        }
        let Some(imp) = func.impl_idx else {
            return Named::Nothing;
        };
        let imp = &f.facts.impls[imp as usize];
        let here = names::Index::module_path(&f.crate_name, &imp.module);
        let scope = Scope { here: &here };
        let self_ty = self.resolve_type_path(scope, &imp.self_ty);
        // Test doubles (`impl Store for MockStore` in test code) are not what the
        // service's calls reach.
        let test = func.is_test || f.role == Role::Test;
        let path = self_ty.filter(|_| !test).map(|t| {
            let (tf, ti) = self.types[t.ix()];
            let td = &self.files[tf.ix()].facts.types[ti as usize];
            let mut p = vec![self.files[tf.ix()].crate_name.clone()];
            p.extend(td.module.iter().cloned());
            p.push(td.name.clone());
            p.push(func.name.clone());
            p
        });
        Named::InImpl {
            self_ty,
            trait_: imp
                .trait_
                .as_ref()
                .and_then(|t| self.resolve_trait(scope, t)),
            test,
            path,
        }
    }

    /// The workspace type a type path written in `scope` names; a name alone that only one
    /// workspace type has is taken for that one.
    fn resolve_type_path(&self, scope: Scope<'_>, path: &[String]) -> Option<TypeId> {
        match self.index.resolve(&self.files, scope, path) {
            Some(names::Def::Type(t)) => Some(t),
            // `impl user::Model { .. }`: the methods of an entity's model.
            Some(names::Def::Entity(e)) if path.last().is_some_and(|l| l == "Model") => {
                self.model_type_of(e)
            }
            Some(_) => None,
            None if path.len() == 1 => match self.index.types_by_name.get(&path[0])?.as_slice() {
                [only] => Some(*only),
                _ => None,
            },
            None => None,
        }
    }

    fn resolve_trait(&self, scope: Scope<'_>, path: &[String]) -> Option<TraitId> {
        match self.index.resolve(&self.files, scope, path) {
            Some(names::Def::Trait(t)) => Some(t),
            Some(_) => None,
            None => match self.index.traits_by_name.get(path.last()?)?.as_slice() {
                [only] => Some(*only),
                _ => None,
            },
        }
    }

    /// Resolves one file's calls and the entities of its database calls.
    #[allow(clippy::type_complexity)]
    fn resolve_file(
        &self,
        file: FileId,
    ) -> (Vec<Option<Resolution>>, Vec<Option<(EntityId, bool)>>) {
        // Each file starts with a clean memory of resolved paths (see `Index::resolve`).
        names::Index::forget();
        let f = &self.files[file.ix()];
        let calls = f
            .facts
            .calls
            .iter()
            .map(|c| self.resolve_call(file, c))
            .collect();
        let entities = f
            .facts
            .db_calls
            .iter()
            .map(|c| self.resolve_db_entity(file, c))
            .collect();
        (calls, entities)
    }

    // ---- views ----

    /// All entities.
    pub(crate) fn entities(&self) -> impl Iterator<Item = (EntityId, &EntityFact)> {
        self.entities.iter().enumerate().map(|(i, &(f, e))| {
            (
                EntityId::of(i),
                &self.files[f.ix()].facts.entities[e as usize],
            )
        })
    }

    pub(crate) fn entity(&self, id: EntityId) -> &EntityFact {
        let (f, e) = self.entities[id.ix()];
        &self.files[f.ix()].facts.entities[e as usize]
    }

    pub(crate) fn entity_file(&self, id: EntityId) -> FileId {
        self.entities[id.ix()].0
    }

    /// The entity's display name (`user::Entity`).
    pub(crate) fn entity_name(&self, id: EntityId) -> String {
        let e = self.entity(id);
        match e.module.last() {
            Some(m) => format!("{m}::Entity"),
            None => format!(
                "{}::Entity",
                self.files[self.entity_file(id).ix()].crate_name
            ),
        }
    }

    /// All functions.
    pub(crate) fn fns(&self) -> impl Iterator<Item = (FnId, &FnFact)> {
        (0..self.fns.len()).map(|i| (FnId::of(i), self.func(FnId::of(i))))
    }

    pub(crate) fn func(&self, id: FnId) -> &FnFact {
        let n = self.fns[id.ix()];
        &self.files[n.file.ix()].facts.fns[n.idx as usize]
    }

    pub(crate) fn fn_file(&self, id: FnId) -> FileId {
        self.fns[id.ix()].file
    }

    /// Where function `id` is in its file's `fns`.
    pub(crate) fn func_index(&self, id: FnId) -> u32 {
        self.fns[id.ix()].idx
    }

    /// The function `file`'s `fns[idx]`.
    pub(crate) fn fn_id(&self, file: FileId, idx: u32) -> FnId {
        FnId(self.fn_base[file.ix()] + idx)
    }

    /// The impl block a method is in.
    pub(crate) fn impl_of(&self, id: FnId) -> Option<&ImplFact> {
        let n = self.fns[id.ix()];
        let f = &self.files[n.file.ix()].facts;
        f.fns[n.idx as usize].impl_idx.map(|i| &f.impls[i as usize])
    }

    /// The name of the type a method's impl block is for (`UserRepo`).
    pub(crate) fn impl_type_name(&self, id: FnId) -> Option<&str> {
        self.impl_of(id)
            .and_then(|i| i.self_ty.last())
            .map(String::as_str)
    }

    pub(crate) fn type_fact(&self, id: TypeId) -> &TypeFact {
        let (f, t) = self.types[id.ix()];
        &self.files[f.ix()].facts.types[t as usize]
    }

    /// What `file`'s `calls[call]` reaches, if anything of the workspace.
    pub(crate) fn call_target(&self, file: FileId, call: usize) -> Option<&Resolution> {
        self.calls.get(file.ix())?.get(call)?.as_ref()
    }

    /// The entity `file`'s `db_calls[call]` works on, and whether that was a guess.
    pub(crate) fn db_entity(&self, file: FileId, call: usize) -> Option<(EntityId, bool)> {
        self.db_entities
            .get(file.ix())?
            .get(call)
            .copied()
            .flatten()
    }

    /// The database calls of the workspace: file, index in its file, the call.
    pub(crate) fn db_calls(&self) -> impl Iterator<Item = (FileId, usize, &DbCall)> {
        self.rust_files().flat_map(|(fi, f)| {
            f.facts
                .db_calls
                .iter()
                .enumerate()
                .map(move |(i, c)| (fi, i, c))
        })
    }

    /// The soft-delete annotation of the entity `file`'s `db_calls[call]` works on, if it is
    /// soft-delete and not exempt; and whether the entity was a guess.
    pub(crate) fn soft_delete_call(
        &self,
        file: FileId,
        call: usize,
    ) -> Option<(EntityId, &crate::facts::SoftDeleteAttr, bool)> {
        let (id, guessed) = self.db_entity(file, call)?;
        let sd = self.entity(id).soft_delete.as_ref()?;
        if sd.exempt.is_some() {
            return None;
        }
        Some((id, sd, guessed))
    }

    /// What every caller of `id` passes as its parameter `param`, by name (see
    /// `facts::call_arg_names`); `None` when it has no known callers or a call cannot be
    /// read.
    pub(crate) fn passed_as(&self, id: FnId, param: &str) -> Option<Vec<Option<String>>> {
        let f = self.func(id);
        let index = f.params.iter().position(|p| p.name == param)?;
        let sites = self.call_sites(id);
        if sites.is_empty() {
            return None;
        }
        sites
            .iter()
            .map(|&(caller, call)| {
                let (file, _) = self.fn_location(caller);
                let file = self.file(file);
                let c = &file.facts.calls[call as usize];
                let args = crate::facts::call_arg_names(c.span.slice(&file.text)?)?;
                // `Self::f(self, a)`: the receiver is the first argument of a path call.
                let shift = usize::from(f.has_self && matches!(c.callee, Callee::Path(_)));
                Some(args.get(index + shift)?.clone())
            })
            .collect()
    }

    /// Whether the function is inside a `#[soft_delete]` scope (the fn or its impl block).
    pub(crate) fn in_soft_delete_scope(&self, id: FnId) -> bool {
        self.func(id).soft_delete || self.impl_of(id).is_some_and(|i| i.soft_delete)
    }

    fn matches_patterns(&self, id: FnId, patterns: &[String]) -> bool {
        let f = self.func(id);
        let ty = self.impl_type_name(id).unwrap_or("");
        patterns.iter().any(|p| {
            if p.chars().next().is_some_and(char::is_uppercase) {
                ty.ends_with(p.as_str())
            } else {
                f.module.iter().any(|m| m == p)
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

    /// Rust files with their facts.
    pub(crate) fn rust_files(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .filter(|(_, f)| f.kind == FileKind::Rust)
            .map(|(i, f)| (FileId::of(i), f))
    }

    pub(crate) fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.ix()]
    }
}

/// What a function's trait or impl block names (see `Model::named_by`).
enum Named {
    Nothing,
    InTrait(Option<TraitId>),
    InImpl {
        self_ty: Option<TypeId>,
        trait_: Option<TraitId>,
        test: bool,
        /// The method's path under its type, when it is indexed there.
        path: Option<Vec<String>>,
    },
}

/// Adds `id` under `name`, copying the name only the first time.
fn push<T>(map: &mut HashMap<String, Vec<T>>, name: &str, id: T) {
    match map.get_mut(name) {
        Some(v) => v.push(id),
        None => {
            map.insert(name.to_string(), vec![id]);
        }
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
