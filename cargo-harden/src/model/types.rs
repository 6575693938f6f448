//! Type hints → workspace types; calls → workspace functions; database calls → entities.
//!
//! A method call reaches a workspace function only when its receiver's type is known to be a
//! workspace type (or a generic bounded by a workspace trait: then every implementation), or
//! when the name is unique among workspace methods and no common dependency type has it —
//! and then the resolution says it was guessed.

use super::Model;
use super::names::{Def, Scope};
use crate::facts::calls::is_dependency_method;
use crate::facts::{CallFact, Callee, DbCall, NotRewritten, Path, RelatedVia, Ty};
use crate::ids::{EntityId, FileId, FnId, TraitId, TypeId};

/// How a call was resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum How {
    /// By path, or by the receiver's known type.
    Certain,
    /// Through a generic bound or `dyn`/`impl` trait: every workspace implementation.
    ViaTrait,
    /// By the method's name alone: the only workspace method so named.
    ByName,
}

/// The workspace functions a call may reach.
#[derive(Clone, Debug)]
pub(crate) struct Resolution {
    pub targets: Vec<FnId>,
    pub how: How,
}

/// What a type hint resolved to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum TyRes {
    Unknown,
    /// A type from outside the workspace (a dependency or std).
    External,
    Workspace(TypeId),
    /// A generic or trait object bounded by these workspace traits.
    Traits(Vec<TraitId>),
    Entity(EntityId),
}

/// Where a type hint is read: the scope of its paths and what `Self` is there.
#[derive(Clone, Copy)]
struct Cx<'a> {
    scope: Scope<'a>,
    self_ty: Option<TypeId>,
    self_trait: Option<TraitId>,
}

/// Methods of a SeaORM model or query that lead to another entity's rows.
const OTHER_ENTITY_METHODS: &[&str] = &[
    "find_related",
    "find_linked",
    "find_also_related",
    "find_with_related",
    "find_also_linked",
    "find_with_linked",
    "load_one",
    "load_many",
    "load_many_to_many",
    "into_model",
    "into_tuple",
    "into_json",
];

/// Wrapper types seen through when a method is looked up on the wrapped value.
const STD_TYPES: &[&str] = &[
    "String", "str", "Vec", "HashMap", "HashSet", "BTreeMap", "BTreeSet", "VecDeque", "Option",
    "Result", "Box", "Arc", "Rc", "i8", "i16", "i32", "i64", "i128", "u8", "u16", "u32", "u64",
    "u128", "usize", "isize", "f32", "f64", "bool", "char",
];

impl Model {
    fn cx_of_fn(&self, id: FnId) -> Cx<'_> {
        let n = self.fns[id.ix()];
        let f = &self.files[n.file.ix()];
        let func = &f.facts.fns[n.idx as usize];
        let _ = func;
        Cx {
            scope: Scope {
                here: &self.fn_here[id.ix()],
            },
            self_ty: n.self_ty,
            self_trait: if func.trait_idx.is_some() {
                n.trait_
            } else {
                None
            },
        }
    }

    fn cx_of_type(&self, id: TypeId) -> Cx<'_> {
        Cx {
            scope: Scope {
                here: &self.type_here[id.ix()],
            },
            self_ty: Some(id),
            self_trait: None,
        }
    }

    /// The context of the function a site in `file` belongs to, or of the file's module.
    fn cx_of_site(&self, file: FileId, func: Option<u32>) -> Cx<'_> {
        match func {
            Some(f) => self.cx_of_fn(self.fn_id(file, f)),
            None => Cx {
                scope: Scope {
                    here: &self.file_here[file.ix()],
                },
                self_ty: None,
                self_trait: None,
            },
        }
    }

    fn resolve_ty(&self, cx: Cx<'_>, ty: &Ty, depth: u8) -> TyRes {
        if depth > 6 {
            return TyRes::Unknown;
        }
        match ty {
            Ty::Unknown => TyRes::Unknown,
            Ty::OfSelf => match (cx.self_ty, cx.self_trait) {
                (Some(t), _) => self
                    .entity_of_type(t)
                    .map_or(TyRes::Workspace(t), TyRes::Entity),
                (None, Some(t)) => TyRes::Traits(vec![t]),
                (None, None) => TyRes::Unknown,
            },
            Ty::Named(path) => self.resolve_named(cx, path),
            Ty::Bounds(bounds) => {
                let traits: Vec<TraitId> = bounds
                    .iter()
                    .filter_map(|b| self.resolve_trait(cx.scope, b))
                    .collect();
                if traits.is_empty() {
                    TyRes::External
                } else {
                    TyRes::Traits(traits)
                }
            }
            Ty::Field(base, name) => match self.resolve_ty(cx, base, depth + 1) {
                TyRes::Workspace(t) => {
                    let Some(i) = self
                        .type_fact(t)
                        .fields
                        .iter()
                        .position(|f| &f.name == name)
                    else {
                        return TyRes::Unknown;
                    };
                    self.field_tys[t.ix()][i].clone()
                }
                TyRes::External => TyRes::External,
                _ => TyRes::Unknown,
            },
            Ty::Ret(base, method) => {
                let recv = self.resolve_ty(cx, base, depth + 1);
                // A model's conversions and writes hand back the same entity's (active) model.
                if let TyRes::Entity(e) = recv {
                    // The entity's own methods (`impl user::Model { .. }`) say what they
                    // return; SeaORM's conversions, queries and writes hand back the same
                    // entity's (active) model or query; its relations lead elsewhere.
                    if let Some(r) = self.methods_of(&recv, method) {
                        return self.ret_of(&r.targets, depth);
                    }
                    return if OTHER_ENTITY_METHODS.contains(&method.as_str()) {
                        TyRes::Unknown
                    } else {
                        TyRes::Entity(e)
                    };
                }
                let Some(r) = self.methods_of(&recv, method) else {
                    return match recv {
                        TyRes::External => TyRes::External,
                        _ => TyRes::Unknown,
                    };
                };
                self.ret_of(&r.targets, depth)
            }
            Ty::PathRet(path) => match self.resolve_fn_path(cx, path) {
                Some(r) => self.ret_of(&r.targets, depth),
                None => {
                    // `Type::new()`, `Type::default()` of a type outside the workspace.
                    let owner = &path[..path.len().saturating_sub(1)];
                    if owner.is_empty() {
                        return TyRes::Unknown;
                    }
                    match self.resolve_named(cx, owner) {
                        TyRes::Workspace(t) if path.last().is_some_and(|l| l == "default") => {
                            TyRes::Workspace(t)
                        }
                        // `X::find()`, `X::secure_find_by_id(..)`: a query of the entity.
                        TyRes::Entity(e) => TyRes::Entity(e),
                        TyRes::External => TyRes::External,
                        _ => TyRes::Unknown,
                    }
                }
            },
        }
    }

    /// Resolves the declared types of every struct field and the plain return types of every
    /// function once: receivers go through them again and again.
    pub(super) fn resolve_declared_types(&mut self) {
        // Each answer reads only the indexes, not the others: side by side.
        let field_tys = crate::par::map_range(self.types.len(), |i| {
            let t = TypeId::of(i);
            let cx = self.cx_of_type(t);
            self.type_fact(t)
                .fields
                .iter()
                .map(|f| self.resolve_ty(cx, &f.ty, 0))
                .collect()
        });
        self.field_tys = field_tys;
        let ret_tys = crate::par::map_range(self.fns.len(), |i| {
            let f = FnId::of(i);
            match &self.func(f).ret {
                ty @ (Ty::Named(_) | Ty::Bounds(_) | Ty::OfSelf) => {
                    Some(self.resolve_ty(self.cx_of_fn(f), ty, 0))
                }
                Ty::Unknown => Some(TyRes::Unknown),
                _ => None,
            }
        });
        self.ret_tys = ret_tys;
    }

    /// What the functions return, when they agree.
    fn ret_of(&self, targets: &[FnId], depth: u8) -> TyRes {
        let mut out = None;
        for &t in targets {
            let r = match self.ret_tys.get(t.ix()) {
                Some(Some(r)) => r.clone(),
                _ => self.resolve_ty(self.cx_of_fn(t), &self.func(t).ret, depth + 1),
            };
            match &out {
                None => out = Some(r),
                Some(prev) if *prev == r => {}
                Some(_) => return TyRes::Unknown,
            }
        }
        out.unwrap_or(TyRes::Unknown)
    }

    fn resolve_named(&self, cx: Cx<'_>, path: &[String]) -> TyRes {
        if path.len() == 1 && path[0] == "Self" {
            return self.resolve_ty(cx, &Ty::OfSelf, 0);
        }
        match self.index.resolve(&self.files, cx.scope, path) {
            Some(Def::Type(t)) => {
                return self
                    .entity_of_type(t)
                    .map_or(TyRes::Workspace(t), TyRes::Entity);
            }
            Some(Def::Entity(e)) => return TyRes::Entity(e),
            Some(Def::Trait(t)) => return TyRes::Traits(vec![t]),
            Some(Def::Alias(f, i)) => {
                let alias = &self.files[f.ix()].facts.aliases[i as usize];
                let here =
                    super::names::Index::module_path(&self.files[f.ix()].crate_name, &alias.module);
                let acx = Cx {
                    scope: Scope { here: &here },
                    self_ty: None,
                    self_trait: None,
                };
                return self.resolve_ty(acx, &alias.ty, 1);
            }
            Some(_) => return TyRes::Unknown,
            None => {}
        }
        let Some(last) = path.last() else {
            return TyRes::Unknown;
        };
        if STD_TYPES.contains(&last.as_str()) {
            return TyRes::External;
        }
        // A path into another crate, or a name no workspace type has.
        let first_is_crate = path.len() > 1 && !self.index.crates.contains(&path[0]);
        match self.index.types_by_name.get(last).map(Vec::as_slice) {
            _ if first_is_crate && path[0].starts_with(char::is_lowercase) => TyRes::External,
            None | Some([]) => TyRes::External,
            Some([only]) if path.len() == 1 => self
                .entity_of_type(*only)
                .map_or(TyRes::Workspace(*only), TyRes::Entity),
            Some(_) => TyRes::Unknown,
        }
    }

    /// The `Model` struct of an entity, when the workspace writes it out.
    pub(super) fn model_type_of(&self, e: EntityId) -> Option<TypeId> {
        match self.entity_models.get(e.ix()) {
            Some(known) => *known,
            None => self.find_model_type(e),
        }
    }

    /// `model_type_of`, looked up in the index (once per entity, when the model is built).
    pub(super) fn find_model_type(&self, e: EntityId) -> Option<TypeId> {
        let (f, i) = self.entities[e.ix()];
        let file = &self.files[f.ix()];
        let mut p = vec![file.crate_name.clone()];
        p.extend(file.facts.entities[i as usize].module.iter().cloned());
        p.push("Model".into());
        self.index.types.get(&p).copied()
    }

    /// The entity whose `Model` struct `t` is.
    fn entity_of_type(&self, t: TypeId) -> Option<EntityId> {
        let td = self.type_fact(t);
        if td.name != "Model" {
            return None;
        }
        let (f, _) = self.types[t.ix()];
        let file = &self.files[f.ix()];
        let mut p = vec![file.crate_name.clone()];
        p.extend(td.module.iter().cloned());
        self.index.entities.get(&p).copied()
    }

    /// The methods called `name` of a value of the resolved type.
    fn methods_of(&self, recv: &TyRes, name: &str) -> Option<Resolution> {
        match recv {
            TyRes::Workspace(t) => {
                let targets = self.methods.get(t)?.get(name)?.clone();
                Some(Resolution {
                    targets,
                    how: How::Certain,
                })
            }
            TyRes::Traits(traits) => {
                let targets: Vec<FnId> = traits
                    .iter()
                    .filter_map(|t| self.trait_methods.get(t)?.get(name))
                    .flatten()
                    .copied()
                    .collect();
                (!targets.is_empty()).then_some(Resolution {
                    targets,
                    how: How::ViaTrait,
                })
            }
            TyRes::Unknown => {
                if is_dependency_method(name) {
                    return None;
                }
                match self.methods_by_name.get(name)?.as_slice() {
                    [only] => Some(Resolution {
                        targets: vec![*only],
                        how: How::ByName,
                    }),
                    _ => None,
                }
            }
            TyRes::Entity(e) => {
                let t = self.model_type_of(*e)?;
                let targets = self.methods.get(&t)?.get(name)?.clone();
                Some(Resolution {
                    targets,
                    how: How::Certain,
                })
            }
            TyRes::External => None,
        }
    }

    /// The function a path names: `f`, `module::f`, `Type::f`, `Self::f`, `T::f` for a type
    /// parameter `T` bounded by a workspace trait.
    fn resolve_fn_path(&self, cx: Cx<'_>, path: &[String]) -> Option<Resolution> {
        let (name, owner) = path.split_last()?;
        if owner.len() == 1 && owner[0] == "Self" {
            let recv = self.resolve_ty(cx, &Ty::OfSelf, 0);
            return self.methods_of(&recv, name);
        }
        match self.index.resolve(&self.files, cx.scope, path) {
            Some(Def::Fns(targets)) => {
                return Some(Resolution {
                    targets,
                    how: How::Certain,
                });
            }
            Some(_) => return None,
            None => {}
        }
        if owner.is_empty() {
            return None;
        }
        // `Type::f` where the type resolves but the function is a trait's.
        match self.resolve_named(cx, owner) {
            recv @ (TyRes::Workspace(_) | TyRes::Traits(_)) => self.methods_of(&recv, name),
            _ => None,
        }
    }

    /// What a call reaches.
    pub(super) fn resolve_call(&self, file: FileId, call: &CallFact) -> Option<Resolution> {
        let cx = self.cx_of_site(file, call.site.func);
        match &call.callee {
            Callee::Path(path) => {
                // A generic parameter of the function: `T::create(..)`.
                let generic = self.generic_bounds(file, call.site.func, path);
                if let Some(bounds) = generic {
                    let recv = self.resolve_ty(cx, &Ty::Bounds(bounds), 0);
                    return self.methods_of(&recv, path.last()?);
                }
                self.resolve_fn_path(cx, path)
            }
            Callee::Method { name, recv } => {
                let recv = self.resolve_ty(cx, recv, 0);
                self.methods_of(&recv, name)
            }
        }
    }

    /// The bounds of `path[0]` when it is a type parameter of the function at the site.
    fn generic_bounds(
        &self,
        file: FileId,
        func: Option<u32>,
        path: &[String],
    ) -> Option<Vec<Path>> {
        if path.len() != 2 {
            return None;
        }
        let f = self.func(self.fn_id(file, func?));
        let param = f.params.iter().find_map(|p| match &p.ty {
            Ty::Bounds(b) if p.name == path[0] => Some(b.clone()),
            _ => None,
        });
        if param.is_some() {
            return param;
        }
        let imp = self.impl_of(self.fn_id(file, func?))?;
        imp.generics
            .iter()
            .find(|(n, _)| *n == path[0])
            .map(|(_, b)| b.clone())
    }

    /// The entity a database call works on, and whether that was a guess.
    pub(super) fn resolve_db_entity(
        &self,
        file: FileId,
        call: &DbCall,
    ) -> Option<(EntityId, bool)> {
        let cx = self.cx_of_site(file, call.site.func);
        if let (Some(path), Some(NotRewritten::RelationJoin { rev })) =
            (&call.entity, call.not_rewritten)
        {
            return self.relation_entity(cx, path, rev);
        }
        if let (Some(path), Some(NotRewritten::SelfVia)) = (&call.entity, call.not_rewritten) {
            let (junction, guessed) = self.resolve_entity_path(cx, path, false)?;
            return self
                .self_via_entity(junction)
                .map(|(e, also)| (e, guessed || also));
        }
        if let Some(path) = &call.entity {
            return self.resolve_entity_path(cx, path, true);
        }
        // `am.insert(db)`: the receiver's type, when it is an entity's model.
        match self.resolve_ty(cx, call.recv.as_ref()?, 0) {
            TyRes::Entity(e) => Some((e, false)),
            _ => None,
        }
    }

    /// The junction entity a `Related::via()` goes through, and whether that was a guess.
    pub(crate) fn via_junction(&self, file: FileId, via: &RelatedVia) -> Option<(EntityId, bool)> {
        let cx = self.cx_of_fn(self.fn_id(file, via.func));
        self.relation_entity(cx, &via.hop.0, via.hop.1)
    }

    /// The entity a self-referencing many-to-many junction links to itself: the one target
    /// of all the junction's relations (`follows` belongs to `user` twice).
    pub(crate) fn self_via_entity(&self, junction: EntityId) -> Option<(EntityId, bool)> {
        let j = self.entity(junction);
        let file = self.entity_file(junction);
        let cx = Cx {
            scope: Scope {
                here: &self.file_here[file.ix()],
            },
            self_ty: None,
            self_trait: None,
        };
        let mut targets = self.files[file.ix()]
            .facts
            .relations
            .iter()
            .filter(|r| r.module == j.module)
            .map(|r| self.resolve_entity_path(cx, &r.target, false));
        let first = targets.next()??;
        targets
            .all(|t| t.is_some_and(|(e, _)| e == first.0))
            .then_some(first)
    }

    /// The entities a `find_linked(L)` call joins on its way to `L`'s target, from `L`'s
    /// `link()` (its last hop, the target, left out), each with whether it was a guess.
    pub(crate) fn link_intermediates(&self, file: FileId, call: &DbCall) -> Vec<(EntityId, bool)> {
        let Some(path) = call.entity.as_ref() else {
            return Vec::new();
        };
        let Some(&(lf, li)) = path.last().and_then(|l| self.links.get(l)) else {
            return Vec::new();
        };
        let link = &self.files[lf.ix()].facts.links[li as usize];
        let Some((_, before_target)) = link.hops.split_last() else {
            return Vec::new();
        };
        // The link's hops are written in its own module (`Relation::Post` there).
        let cx = self.cx_of_site(file, call.site.func);
        let lcx = match self.index.resolve(&self.files, cx.scope, path) {
            Some(Def::Type(t)) => self.cx_of_type(t),
            _ => Cx {
                scope: Scope {
                    here: &self.file_here[lf.ix()],
                },
                self_ty: None,
                self_trait: None,
            },
        };
        before_target
            .iter()
            .filter_map(|(path, rev)| self.relation_entity(lcx, path, *rev))
            .collect()
    }

    /// The entity a join of the relation `path` (`post::Relation::User`) brings in: the
    /// relation's target, or with `rev` the entity the relation belongs to.
    fn relation_entity(&self, cx: Cx<'_>, path: &[String], rev: bool) -> Option<(EntityId, bool)> {
        let (variant, rest) = path.split_last()?;
        let module = rest.split_last()?.1;
        // `Relation::User` in the entity's own module: its `Entity`, which no item declares.
        let mut owner = if module.is_empty() {
            vec!["self".to_string()]
        } else {
            module.to_vec()
        };
        owner.push("Entity".to_string());
        let (id, guessed) = self.resolve_entity_path(cx, &owner, false)?;
        if rev {
            return Some((id, guessed));
        }
        let e = self.entity(id);
        let file = self.entity_file(id);
        let relation = self.files[file.ix()]
            .facts
            .relations
            .iter()
            .find(|r| r.module == e.module && &r.variant == variant)?;
        let ecx = Cx {
            scope: Scope {
                here: &self.file_here[file.ix()],
            },
            self_ty: None,
            self_trait: None,
        };
        let (target, also_guessed) = self.resolve_entity_path(ecx, &relation.target, false)?;
        Some((target, guessed || also_guessed))
    }

    /// The entity a path names (`user::Entity`, `User`, a link `CakeToFilling`), and whether
    /// that was a guess.
    fn resolve_entity_path(
        &self,
        cx: Cx<'_>,
        path: &[String],
        follow_link: bool,
    ) -> Option<(EntityId, bool)> {
        match self.index.resolve(&self.files, cx.scope, path) {
            Some(Def::Entity(e)) => return Some((e, false)),
            Some(Def::Type(t)) => {
                // A link (`find_linked(CakeToFilling)`) reads its `ToEntity`.
                let name = &self.type_fact(t).name;
                if follow_link && let Some(&(lf, li)) = self.links.get(name) {
                    let file = &self.files[lf.ix()];
                    let link = &file.facts.links[li as usize];
                    let lcx = self.cx_of_type(t);
                    return self.resolve_entity_path(lcx, &link.to_entity, false);
                }
                return self.entity_of_type(t).map(|e| (e, false));
            }
            Some(_) => return None,
            None => {}
        }
        if follow_link && let Some(&(lf, li)) = path.last().and_then(|l| self.links.get(l)) {
            let file = &self.files[lf.ix()];
            let link = &file.facts.links[li as usize];
            let lcx = Cx {
                scope: Scope {
                    here: &self.file_here[lf.ix()],
                },
                self_ty: None,
                self_trait: None,
            };
            return self
                .resolve_entity_path(lcx, &link.to_entity, false)
                .map(|(e, _)| (e, true));
        }
        // `user::Entity` whose module is not reachable from here: the entity module of that
        // name, when there is one.
        let (last, module) = path.split_last()?;
        let module_name = if matches!(last.as_str(), "Entity" | "Model" | "ActiveModel" | "Column")
        {
            module.last()?.clone()
        } else {
            crate::model::to_snake(last)
        };
        match self
            .index
            .entities_by_module_name
            .get(&module_name)?
            .as_slice()
        {
            [only] => Some((*only, true)),
            _ => None,
        }
    }

    /// When a value of type hint `ty` (at a site of `file`'s function `func`) is printed with
    /// `{:?}` and its type is a workspace struct whose derived `Debug` prints a field that
    /// `secret` names (also one struct further down): the path of that field
    /// (`Config.database.url`).
    pub(crate) fn debug_prints(
        &self,
        file: FileId,
        func: Option<u32>,
        ty: &Ty,
        secret: &dyn Fn(&str) -> bool,
    ) -> Option<String> {
        let cx = self.cx_of_site(file, func);
        let r = self.resolve_ty(cx, ty, 0);
        if let Some(path) = prints_url(&r, ty) {
            return Some(path.to_string());
        }
        let t = self.debug_struct(r, ty)?;
        self.debug_field(t, secret, 0)
    }

    /// The struct whose derived `Debug` prints a value of type `ty` (resolved to `r`): a
    /// workspace struct, or an entity's `Model` or `ActiveModel` named as such (their
    /// `Debug` prints every column).
    fn debug_struct(&self, r: TyRes, ty: &Ty) -> Option<TypeId> {
        match r {
            TyRes::Workspace(t) => Some(t),
            TyRes::Entity(e)
                if matches!(ty, Ty::Named(p)
                    if p.last().is_some_and(|l| l == "Model" || l == "ActiveModel")) =>
            {
                self.model_type_of(e)
            }
            _ => None,
        }
    }

    fn debug_field(&self, t: TypeId, secret: &dyn Fn(&str) -> bool, depth: u8) -> Option<String> {
        let td = self.type_fact(t);
        td.derive_debug?;
        if let Some(f) = td.fields.iter().find(|f| f.plain && secret(&f.name)) {
            return Some(format!("{}.{}", td.name, f.name));
        }
        if depth > 0 {
            return None;
        }
        td.fields.iter().find_map(|f| {
            let r = self.resolve_ty(self.cx_of_type(t), &f.ty, 0);
            if let Some(path) = prints_url(&r, &f.ty) {
                return Some(format!(
                    "{}.{}.{}",
                    td.name,
                    f.name,
                    path.split_once('.')?.1
                ));
            }
            let inner = self.debug_struct(r, &f.ty)?;
            let below = self.debug_field(inner, secret, depth + 1)?;
            let rest = below.split_once('.').map_or(below.as_str(), |(_, r)| r);
            Some(format!("{}.{}.{rest}", td.name, f.name))
        })
    }
}

/// SeaORM's `ConnectOptions` (not a workspace type of that name): its `Debug` prints the
/// connection URL, password included.
fn prints_url(r: &TyRes, ty: &Ty) -> Option<&'static str> {
    if !matches!(r, TyRes::External | TyRes::Unknown) {
        return None;
    }
    let named = match ty {
        Ty::Named(p) => p.last(),
        Ty::PathRet(p) => p.iter().rev().nth(1),
        _ => None,
    };
    named
        .is_some_and(|n| n == "ConnectOptions")
        .then_some("ConnectOptions.url")
}
