//! The walker's state: where the traversal is (module, impl, function, task, transaction,
//! branch, test code) and the local bindings with their type hints. `walk.rs` moves it
//! through the syntax tree; the extractors read it and record facts.

use std::sync::Arc;

use syn::visit::{self, Visit};
use syn::{Expr, Pat, Stmt};

use super::peel;
use super::{Cond, FileFacts, Path, Site, TxRef, Ty, ty};
use crate::hash::FastMap as HashMap;

/// A local variable.
#[derive(Clone, Debug, Default)]
pub(super) struct Local {
    pub ty: Ty,
    /// The connection it names, when it is bound to one (`let conn = &txn;`).
    pub alias: Option<String>,
    /// The string literals it was built from (`format!("SELECT ..", ..)`, `push_str("..")`):
    /// the SQL a raw statement made from it runs.
    pub text: Option<String>,
}

/// A manual transaction open in the current function.
pub(super) struct OpenTxn {
    pub(super) name: String,
    /// `site.tx` before it was opened.
    pub(super) prev: Option<TxRef>,
    /// The depth of `env` it was bound at: it ends (is dropped) with that block.
    pub(super) depth: usize,
}

pub(super) struct Walker<'f> {
    pub facts: &'f mut FileFacts,
    pub module: Vec<String>,
    pub(super) module_arc: Arc<[String]>,
    pub impl_idx: Option<u32>,
    pub trait_idx: Option<u32>,
    /// Type parameters in scope (impl, then fn) with their bounds.
    pub generics: Vec<(String, Vec<Path>)>,
    /// Where the node being visited runs.
    pub site: Site,
    pub(super) next_unit: u16,
    pub(super) next_point: u32,
    pub(super) next_seq: u32,
    /// Closures and async blocks around the node: a `return` there leaves only them.
    pub(super) closure_depth: u32,
    pub test_depth: u32,
    /// Walk the bodies of test functions too.
    pub test_bodies: bool,
    /// Local bindings, one frame per block.
    pub(super) env: Vec<Vec<(String, Local)>>,
    pub(super) open_txns: Vec<OpenTxn>,
    /// Transactions committed inside a nested block: (that block's depth, the transaction to
    /// resume when it ends).
    pub(super) suspended: Vec<(usize, Option<TxRef>)>,
    /// Identifiers in the `.filter(..)` calls of the chain being visited.
    pub filters: Vec<String>,
    /// Calls whose result is discarded, by where they start.
    pub swallow: HashMap<(u32, u32), &'static str>,
    /// The name a string literal being visited is bound to.
    pub lit_context: Option<String>,
    /// While visiting the receiver of `.exec(db)`: the handle the statement runs on.
    pub exec_handle: Option<super::Handle>,
    /// Enums of this file without variants (`enum Relation {}`).
    pub empty_enums: Vec<String>,
    /// Inside an `impl` for one of them: its methods can never be called.
    pub in_uninhabited_impl: bool,
    /// The branch point the last `if`/`match` visited was, and the arms that fall through.
    pub(super) last_branch: Option<(u32, u64, u64)>,
}

impl Walker<'_> {
    /// The current module path, shared with the facts already recorded in it.
    pub fn module_shared(&mut self) -> Arc<[String]> {
        if *self.module_arc != self.module[..] {
            self.module_arc = self.module.as_slice().into();
        }
        self.module_arc.clone()
    }

    /// The site of the node being visited, numbered in the order of events.
    pub fn here(&mut self) -> Site {
        self.next_seq += 1;
        Site {
            seq: self.next_seq,
            ..self.site
        }
    }

    /// An exit of the function at the current site (`return`, `panic!`), unless inside a
    /// closure or async block, whose `return` leaves only them.
    pub fn exit(&mut self) {
        if self.closure_depth == 0 {
            let site = self.here();
            self.facts.exits.push(super::Exit {
                func: site.func,
                unit: site.unit,
                cond: site.cond,
                seq: site.seq,
            });
        }
    }

    pub fn in_test(&self) -> bool {
        self.test_depth > 0
    }

    /// Binds a local variable in the innermost block.
    pub fn bind(&mut self, name: String, local: Local) {
        if let Some(frame) = self.env.last_mut() {
            frame.push((name, local));
        }
    }

    pub fn local_mut(&mut self, name: &str) -> Option<&mut Local> {
        self.env
            .iter_mut()
            .rev()
            .flat_map(|f| f.iter_mut().rev())
            .find(|(n, _)| n == name)
            .map(|(_, l)| l)
    }

    pub fn local(&self, name: &str) -> Option<&Local> {
        self.env
            .iter()
            .rev()
            .flat_map(|f| f.iter().rev())
            .find(|(n, _)| n == name)
            .map(|(_, l)| l)
    }

    /// Whether the root of a receiver chain is `self` or a variable the walker knows a type
    /// for: only then can its type hint say anything.
    pub fn knows_root(&self, mut e: &Expr) -> bool {
        loop {
            e = match e {
                Expr::MethodCall(m) => &m.receiver,
                Expr::Field(f) => &f.base,
                Expr::Reference(r) => &r.expr,
                Expr::Paren(p) => &p.expr,
                Expr::Await(a) => &a.base,
                Expr::Try(t) => &t.expr,
                Expr::Unary(u) => &u.expr,
                Expr::Call(_) | Expr::Struct(_) => return true,
                Expr::Path(p) => {
                    return match p.path.get_ident() {
                        Some(id) => id == "self" || self.local_known(id),
                        None => true,
                    };
                }
                _ => return false,
            };
        }
    }

    /// Whether a local variable with a type hint is called `id`.
    pub(super) fn local_known(&self, id: &proc_macro2::Ident) -> bool {
        self.env
            .iter()
            .rev()
            .flat_map(|f| f.iter().rev())
            .find(|(n, _)| id == n)
            .is_some_and(|(_, l)| l.ty != Ty::Unknown)
    }

    /// The type hint of an expression.
    pub fn ty_of(&self, e: &Expr) -> Ty {
        ty::of_expr(e, &|name| self.local(name).map(|l| l.ty.clone()))
    }

    /// The connection an expression names, aliases followed (`conn` after `let conn = &txn;`
    /// is `txn`).
    pub fn handle_names(&self, e: &Expr) -> String {
        let text = peel::handle_text(e);
        if let Some(alias) = self.local(&text).and_then(|l| l.alias.clone()) {
            return alias;
        }
        text
    }

    /// A connection argument, as written and as what it names.
    pub fn handle(&self, e: &Expr) -> super::Handle {
        super::Handle {
            written: peel::handle_text(e),
            names: self.handle_names(e),
            arg: None,
        }
    }

    /// Runs `f` with the site's transaction set to `tx` and, for a spawned task, a new unit.
    pub fn in_context(&mut self, tx: Option<TxRef>, spawned: bool, f: impl FnOnce(&mut Self)) {
        let saved = self.site;
        self.site.tx = tx;
        if spawned {
            self.next_unit = self.next_unit.saturating_add(1);
            self.site.unit = self.next_unit;
        }
        f(self);
        self.site = saved;
    }

    /// Opens a manual transaction bound to `name`, begun as `begins[begin]`.
    pub fn open_txn(&mut self, name: String, begin: u32) {
        self.open_txns.push(OpenTxn {
            name,
            prev: self.site.tx,
            depth: self.env.len(),
        });
        self.site.tx = Some(TxRef::Manual(begin));
    }

    /// Closes the manual transaction bound to `name` (its `commit()` or `rollback()`).
    /// A `commit()` in a block nested below the binding (`if done { txn.commit(); return }`)
    /// ends the transaction only for the rest of that block: after it, the code that did not
    /// take that branch still runs inside.
    pub fn close_txn(&mut self, name: &str) {
        let Some(i) = self.open_txns.iter().rposition(|t| t.name == name) else {
            return;
        };
        let depth = self.env.len();
        if self.open_txns[i].depth + 1 < depth {
            if i + 1 == self.open_txns.len() {
                self.suspended.push((depth, self.site.tx));
                self.site.tx = self.open_txns[i].prev;
            }
            return;
        }
        let t = self.open_txns.remove(i);
        if i == self.open_txns.len() {
            self.site.tx = t.prev;
        }
    }

    pub fn visit_with_context<F: FnOnce(&mut Self)>(&mut self, ctx: Option<String>, f: F) {
        let saved = std::mem::replace(&mut self.lit_context, ctx);
        f(self);
        self.lit_context = saved;
    }

    /// Visits a function body with a fresh function context.
    pub fn fn_body(&mut self, idx: u32, params: Vec<(String, Local)>, block: &syn::Block) {
        if self.test_depth > 0 && !self.test_bodies {
            self.facts.test_bodies_skipped = true;
            return;
        }
        let saved_site = self.site;
        let saved_env = std::mem::take(&mut self.env);
        let saved_txns = std::mem::take(&mut self.open_txns);
        let saved_suspended = std::mem::take(&mut self.suspended);
        let saved_unit = std::mem::replace(&mut self.next_unit, 0);
        let saved_exec = self.exec_handle.take();
        let saved_filters = std::mem::take(&mut self.filters);
        let saved_closures = std::mem::replace(&mut self.closure_depth, 0);
        let transactional = self.facts.fns[idx as usize].is_transactional();
        self.site = Site {
            func: Some(idx),
            unit: 0,
            tx: transactional.then_some(TxRef::Transactional),
            cond: 0,
            seq: 0,
        };
        self.env.push(params);
        self.visit_block(block);
        self.env = saved_env;
        self.open_txns = saved_txns;
        self.suspended = saved_suspended;
        self.next_unit = saved_unit;
        self.exec_handle = saved_exec;
        self.filters = saved_filters;
        self.closure_depth = saved_closures;
        self.site = saved_site;
    }

    /// A new branch point.
    pub(super) fn branch_point(&mut self) -> u32 {
        self.next_point += 1;
        self.next_point
    }

    /// Runs `f` under arm `arm` of branch point `point`.
    pub(super) fn in_arm(&mut self, point: u32, arm: usize, f: impl FnOnce(&mut Self)) {
        let saved = self.site.cond;
        self.site.cond = self.cond(point, 1u64 << arm.min(63));
        f(self);
        self.site.cond = saved;
    }

    pub(super) fn cond(&mut self, point: u32, arms: u64) -> u32 {
        self.facts.conds.push(Cond {
            parent: self.site.cond,
            point,
            arms,
        });
        (self.facts.conds.len() - 1) as u32
    }

    /// Binds the identifiers of a pattern; a lone `Some(x)` / `Ok(x)` / `State(x)` gets `ty`.
    pub fn bind_pat(&mut self, pat: &Pat, ty: Ty) {
        match pat {
            Pat::Ident(pi) => {
                if let Some((_, sub)) = &pi.subpat {
                    self.bind_pat(sub, Ty::Unknown);
                }
                self.bind(
                    pi.ident.to_string(),
                    Local {
                        ty,
                        ..Local::default()
                    },
                );
            }
            Pat::Type(pt) => {
                let ty = ty::of_type(&pt.ty, &self.generics);
                self.bind_pat(&pt.pat, ty);
            }
            Pat::TupleStruct(ts) if ts.elems.len() == 1 => {
                // `Err(e)` holds the error, not the value the hint describes.
                let ty = if is_err_pat(pat) { Ty::Unknown } else { ty };
                let inner = ts.elems.first().map(|p| (p, ty));
                if let Some((p, ty)) = inner {
                    self.bind_pat(p, ty);
                }
            }
            Pat::Reference(r) => self.bind_pat(&r.pat, ty),
            Pat::Paren(p) => self.bind_pat(&p.pat, ty),
            _ => {
                let mut idents = Vec::new();
                PatIdents(&mut idents).visit_pat(pat);
                for i in idents {
                    self.bind(i, Local::default());
                }
            }
        }
    }

    pub(super) fn visit_block_stmts(&mut self, stmts: &[Stmt]) {
        let saved_cond = self.site.cond;
        for stmt in stmts {
            self.last_branch = None;
            self.visit_stmt(stmt);
            let direct = match stmt {
                Stmt::Expr(e, _) => matches!(e, Expr::If(_) | Expr::Match(_)),
                Stmt::Local(l) => l.init.as_ref().is_some_and(|i| {
                    i.diverge.is_some() || matches!(&*i.expr, Expr::If(_) | Expr::Match(_))
                }),
                _ => false,
            };
            // After a branch whose arms return early, the rest of the block runs only on
            // the arms that fell through.
            if let Some((point, through, all)) = self.last_branch.take()
                && direct
                && through != all
            {
                self.site.cond = self.cond(point, through);
            }
        }
        self.site.cond = saved_cond;
    }

    /// Ends the manual transactions bound in frames deeper than `depth` (their variable is
    /// dropped: the transaction rolls back).
    pub(super) fn end_frame(&mut self, depth: usize) {
        while self.suspended.last().is_some_and(|(d, _)| *d > depth) {
            if let Some((_, tx)) = self.suspended.pop() {
                self.site.tx = tx;
            }
        }
        while self.open_txns.last().is_some_and(|t| t.depth > depth) {
            if let Some(t) = self.open_txns.pop() {
                self.site.tx = t.prev;
            }
        }
    }
}

/// `let Err(..) = expr` as an `if` condition.
pub(super) fn err_scrutinee(cond: &Expr) -> Option<&syn::ExprLet> {
    match cond {
        Expr::Let(l) if is_err_pat(&l.pat) => Some(l),
        _ => None,
    }
}

/// `Err(..)`.
pub(super) fn is_err_pat(p: &Pat) -> bool {
    matches!(p, Pat::TupleStruct(ts) if ts.path.segments.last().is_some_and(|s| s.ident == "Err"))
}

/// Collects the identifiers a pattern binds.
pub(super) struct PatIdents<'a>(&'a mut Vec<String>);

impl<'ast> Visit<'ast> for PatIdents<'_> {
    fn visit_pat_ident(&mut self, p: &'ast syn::PatIdent) {
        self.0.push(p.ident.to_string());
        visit::visit_pat_ident(self, p);
    }
}
