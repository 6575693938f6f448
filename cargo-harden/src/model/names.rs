//! Paths → workspace items, the way rustc reads them: `crate::`, `self::`, `super::`, `use`
//! aliases and globs of the module the path is written in, other workspace crates, child
//! modules, and `pub use` re-exports followed to where the item is defined.

use super::SourceFile;
use crate::facts::Path;
use crate::hash::{FastMap as HashMap, FastSet as HashSet};
use crate::ids::{EntityId, FileId, FnId, TraitId, TypeId};

/// Where a path is written: the absolute path of the module (the crate's name first, inline
/// modules included).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Scope<'a> {
    pub here: &'a [String],
}

impl Scope<'_> {
    fn crate_name(&self) -> &str {
        self.here.first().map_or("", String::as_str)
    }
}

thread_local! {
    /// `resolve`'s answers by module (its path's address) and path.
    static RESOLVED: std::cell::RefCell<HashMap<usize, HashMap<Path, Option<Def>>>> =
        std::cell::RefCell::new(HashMap::default());
}

/// What an absolute path names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Def {
    Fns(Vec<FnId>),
    Type(TypeId),
    Trait(TraitId),
    /// An entity's `Entity`, `Model`, `ActiveModel`, `Column` or its module.
    Entity(EntityId),
    /// `type Name = ..;`: file and index of its `AliasFact`.
    Alias(FileId, u32),
    Module,
}

/// The workspace's items by absolute path (`crate_name::module::Name`).
#[derive(Default)]
pub(crate) struct Index {
    pub crates: HashSet<String>,
    pub modules: HashSet<Path>,
    pub fns: HashMap<Path, Vec<FnId>>,
    pub types: HashMap<Path, TypeId>,
    pub types_by_name: HashMap<String, Vec<TypeId>>,
    pub traits: HashMap<Path, TraitId>,
    pub traits_by_name: HashMap<String, Vec<TraitId>>,
    /// `type` aliases by path.
    pub aliases: HashMap<Path, (FileId, u32)>,
    /// Entities by the absolute path of their module.
    pub entities: HashMap<Path, EntityId>,
    /// Entities by the last segment of their module (`user`), for guesses.
    pub entities_by_module_name: HashMap<String, Vec<EntityId>>,
    /// `use` declarations by the absolute path of the module they are in.
    pub uses: HashMap<Path, ModuleUses>,
    /// The names each module path has below it (modules and items), for lookups that would
    /// otherwise build a path.
    pub children: HashMap<Path, HashSet<String>>,
    /// Every name a path can start with and reach the workspace: crates, modules, items and
    /// `use` aliases. A path whose first segment is none of these is not resolved at all.
    pub names: HashSet<String>,
}

/// The `use`s of one module.
#[derive(Default)]
pub(crate) struct ModuleUses {
    /// `use a::b::C as D;` → `D` → `[a, b, C]`.
    pub aliases: HashMap<String, Path>,
    /// `use a::b::*;` → `[a, b]`.
    pub globs: Vec<Path>,
}

/// Entity parts a path may end in.
const ENTITY_PARTS: &[&str] = &[
    "Entity",
    "Model",
    "ActiveModel",
    "Column",
    "PrimaryKey",
    "Relation",
    "ModelEx",
    "ActiveModelEx",
];

impl Index {
    /// Fills `names` from the other indexes and the `use`s of `files`.
    pub fn collect_names(&mut self, files: &[SourceFile]) {
        let mut names: HashSet<String> = HashSet::default();
        let keys = self
            .modules
            .iter()
            .chain(self.fns.keys())
            .chain(self.types.keys())
            .chain(self.traits.keys())
            .chain(self.aliases.keys())
            .chain(self.entities.keys());
        let mut children: HashMap<Path, HashSet<String>> = HashMap::default();
        // Most segments and parents repeat (crate and module names): copied once each.
        let add = |names: &mut HashSet<String>, name: &String| {
            if !names.contains(name) {
                names.insert(name.clone());
            }
        };
        for k in keys {
            for seg in k {
                add(&mut names, seg);
            }
            if let Some((last, parent)) = k.split_last() {
                let siblings = match children.get_mut(parent) {
                    Some(siblings) => siblings,
                    None => children.entry(parent.to_vec()).or_default(),
                };
                if !siblings.contains(last) {
                    siblings.insert(last.clone());
                }
            }
        }
        self.children = children;
        for f in files {
            for u in f.facts.uses.iter().filter(|u| !u.glob) {
                add(&mut names, &u.alias);
            }
        }
        self.names = names;
    }

    /// Adds `path`, an item just indexed, to `names` and `children`: what `collect_names`
    /// would add for it, without collecting everything again.
    pub fn add_name(&mut self, path: &[String]) {
        for seg in path {
            if !self.names.contains(seg) {
                self.names.insert(seg.clone());
            }
        }
        if let Some((last, parent)) = path.split_last() {
            let siblings = match self.children.get_mut(parent) {
                Some(siblings) => siblings,
                None => self.children.entry(parent.to_vec()).or_default(),
            };
            if !siblings.contains(last) {
                siblings.insert(last.clone());
            }
        }
    }

    /// The module path of `scope` as an absolute path.
    /// The absolute path of `module` in crate `crate_name`.
    pub fn module_path(crate_name: &str, module: &[String]) -> Path {
        let mut p = Vec::with_capacity(module.len() + 1);
        p.push(crate_name.to_string());
        p.extend(module.iter().cloned());
        p
    }

    /// What `path`, written in `scope`, names, if it is a workspace item.
    pub fn resolve(&self, files: &[SourceFile], scope: Scope<'_>, path: &[String]) -> Option<Def> {
        // The same paths are written again and again in one module: remember the answers
        // on this thread (`forget` clears them between files).
        // Looked up by the borrowed path: only an answer not known yet copies it.
        let module = scope.here.as_ptr() as usize;
        let hit = RESOLVED.with(|c| c.borrow().get(&module).and_then(|m| m.get(path)).cloned());
        if let Some(hit) = hit {
            return hit;
        }
        let found = self
            .absolute(files, scope, path, 0)
            .and_then(|abs| self.def(files, &abs, 0));
        RESOLVED.with(|c| {
            c.borrow_mut()
                .entry(module)
                .or_default()
                .insert(path.to_vec(), found.clone())
        });
        found
    }

    /// Forgets the answers `resolve` remembered on this thread.
    pub fn forget() {
        RESOLVED.with(|c| c.borrow_mut().clear());
    }

    /// The absolute form of `path` written in `scope`, as far as its first segment tells.
    pub fn absolute(
        &self,
        files: &[SourceFile],
        scope: Scope<'_>,
        path: &[String],
        depth: u8,
    ) -> Option<Path> {
        let (first, rest) = path.split_first()?;
        if depth > 8 {
            return None;
        }
        if !matches!(first.as_str(), "crate" | "self" | "super") && !self.names.contains(first) {
            return None;
        }
        match first.as_str() {
            "crate" => {
                let mut p = vec![scope.crate_name().to_string()];
                p.extend(rest.iter().cloned());
                return Some(p);
            }
            "self" | "super" => {
                let mut module = scope.here.get(1..).unwrap_or_default().to_vec();
                let mut rest = path;
                while let Some((head, tail)) = rest.split_first() {
                    match head.as_str() {
                        "self" => {}
                        "super" => {
                            module.pop();
                        }
                        _ => break,
                    }
                    rest = tail;
                }
                let mut p = vec![scope.crate_name().to_string()];
                p.extend(module);
                p.extend(rest.iter().cloned());
                return Some(p);
            }
            _ => {}
        }
        let here = scope.here;
        // A `use` in this module.
        if let Some(u) = self.use_alias(files, here, first) {
            let base = self.absolute(files, scope, &u, depth + 1)?;
            let mut p = base;
            p.extend(rest.iter().cloned());
            return Some(p);
        }
        // Another crate of the workspace.
        if self.crates.contains(first) {
            return Some(path.to_vec());
        }
        // A child of this module.
        if self.has_child(here, first) {
            let mut child = here.to_vec();
            child.extend(path.iter().cloned());
            return Some(child);
        }
        // A glob import of this module. A `use` path is itself resolved without globs: it
        // starts at `crate`, `self`, `super`, a crate or a name this module declares.
        if depth > 0 {
            return None;
        }
        for glob in self.globs(files, here) {
            let Some(mut base) = self.absolute(files, scope, &glob, depth + 1) else {
                continue;
            };
            base.push(first.clone());
            if self.known(&base)
                || self
                    .use_alias(files, &base[..base.len() - 1], first)
                    .is_some()
            {
                base.extend(rest.iter().cloned());
                return Some(base);
            }
        }
        None
    }

    /// What an absolute path names, following `pub use` re-exports.
    pub fn def(&self, files: &[SourceFile], abs: &[String], depth: u8) -> Option<Def> {
        if let Some(d) = self.direct(abs) {
            return Some(d);
        }
        // Re-exports of re-exports are followed a few steps: each step may try every glob of
        // every module on the path.
        if depth > 3 || abs.len() < 2 {
            return None;
        }
        // A re-export somewhere along the path: `crate::prelude::User` where `prelude` says
        // `pub use crate::entities::user::Entity as User`.
        for i in 1..abs.len() {
            let module = &abs[..i];
            if !self.modules.contains(module) {
                continue;
            }
            let scope = Scope { here: module };
            if let Some(target) = self.use_alias(files, module, &abs[i]) {
                let Some(mut p) = self.absolute(files, scope, &target, depth + 1) else {
                    continue;
                };
                p.extend(abs[i + 1..].iter().cloned());
                if p[..] != abs[..] {
                    return self.def(files, &p, depth + 1);
                }
            }
            for glob in self.globs(files, module) {
                let Some(mut p) = self.absolute(files, scope, &glob, depth + 1) else {
                    continue;
                };
                p.extend(abs[i..].iter().cloned());
                if p[..] != abs[..]
                    && let Some(d) = self.def(files, &p, depth + 1)
                {
                    return Some(d);
                }
            }
        }
        None
    }

    /// What an absolute path names without following re-exports.
    fn direct(&self, abs: &[String]) -> Option<Def> {
        if let Some(f) = self.fns.get(abs) {
            return Some(Def::Fns(f.clone()));
        }
        if let Some(t) = self.types.get(abs) {
            // The `Model` struct of an entity is the entity.
            if abs.last().is_some_and(|l| l == "Model")
                && let Some(e) = self.entities.get(&abs[..abs.len() - 1])
            {
                return Some(Def::Entity(*e));
            }
            return Some(Def::Type(*t));
        }
        if let Some(t) = self.traits.get(abs) {
            return Some(Def::Trait(*t));
        }
        if let Some(&(f, i)) = self.aliases.get(abs) {
            return Some(Def::Alias(f, i));
        }
        if let Some((last, module)) = abs.split_last()
            && ENTITY_PARTS.contains(&last.as_str())
            && let Some(e) = self.entities.get(module)
        {
            return Some(Def::Entity(*e));
        }
        if let Some(e) = self.entities.get(abs) {
            return Some(Def::Entity(*e));
        }
        self.modules.contains(abs).then_some(Def::Module)
    }

    /// Whether an absolute path names something of the workspace (not following re-exports).
    fn known(&self, abs: &[String]) -> bool {
        let Some((last, parent)) = abs.split_last() else {
            return false;
        };
        self.has_child(parent, last)
    }

    /// Whether module (or type) path `parent` has something called `name` below it.
    fn has_child(&self, parent: &[String], name: &str) -> bool {
        self.children.get(parent).is_some_and(|c| c.contains(name))
    }

    /// The path `alias` stands for in `module` (a non-glob `use`).
    fn use_alias(&self, _files: &[SourceFile], module: &[String], alias: &str) -> Option<Path> {
        self.uses.get(module)?.aliases.get(alias).cloned()
    }

    /// The paths `module` glob-imports.
    fn globs(&self, _files: &[SourceFile], module: &[String]) -> Vec<Path> {
        self.uses
            .get(module)
            .map(|u| u.globs.clone())
            .unwrap_or_default()
    }
}
