//! The single syn traversal: tracks where it is and hands each node to its extractor.
//!
//! Where it is: the module, impl and function; the task (a closure handed to `spawn` runs on
//! its own); the transaction (a `#[transactional]` body, a `transaction(|txn| ..)` closure,
//! `begin()` up to that binding's commit or rollback); the branches (`if`/`else`, `match`
//! arms, arms that return early); test code; and the local bindings with their type hints.

use proc_macro2::TokenTree;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::visit::{self, Visit};
use syn::{Expr, Item, Pat};

use super::peel;
use super::walker::{Local, Walker, err_scrutinee, is_err_pat};
use super::{
    Cond, FileFacts, Site, TxRef, Ty, attrs, calls, conn, db, items, jwt, runtime, secrets, tx, ty,
};
use crate::hash::FastMap as HashMap;
use crate::span::Span;

pub(super) fn walk_file(
    file: &syn::File,
    module: &[String],
    test_bodies: bool,
    facts: &mut FileFacts,
) {
    facts.conds.push(Cond {
        parent: 0,
        point: u32::MAX,
        arms: u64::MAX,
    });
    let mut w = Walker {
        facts,
        module: module.to_vec(),
        module_arc: module.into(),
        impl_idx: None,
        trait_idx: None,
        generics: Vec::new(),
        site: Site::default(),
        next_unit: 0,
        next_point: 0,
        next_seq: 0,
        closure_depth: 0,
        test_depth: 0,
        test_bodies,
        env: Vec::new(),
        open_txns: Vec::new(),
        suspended: Vec::new(),
        filters: Vec::new(),
        swallow: HashMap::default(),
        lit_context: None,
        exec_handle: None,
        empty_enums: Vec::new(),
        in_uninhabited_impl: false,
        last_branch: None,
    };
    items::empty_enums(&file.items, &mut w.empty_enums);
    if file.attrs.iter().any(attrs::is_cfg_test) {
        w.facts.test_ranges.push((1, u32::MAX));
    }
    w.visit_file(file);
    items::entity_table_names(&file.items, module, w.facts);
}

/// Whether macro arguments may contain a call worth seeing: a path call (`f(..)`,
/// `X::find()`), or a method that is not a dependency's (`.len()`, `.to_string()` are not)
/// unless SeaORM's (`am.insert(db)`, `txn.commit()`), at any depth. Only then are they
/// worth parsing as expressions: most macro arguments are format arguments and fields.
fn may_hold_calls(tokens: &[TokenTree]) -> bool {
    tokens.iter().enumerate().any(|(i, tt)| match tt {
        TokenTree::Group(g) => {
            let called = g.delimiter() == proc_macro2::Delimiter::Parenthesis
                && match i.checked_sub(1).map(|j| &tokens[j]) {
                    Some(TokenTree::Ident(name)) => {
                        let method = i >= 2
                            && matches!(&tokens[i - 2], TokenTree::Punct(p) if p.as_char() == '.');
                        !method || worth_seeing(&name.to_string())
                    }
                    // `f::<T>(..)`, `(a)(b)`: a call of something.
                    Some(TokenTree::Punct(p)) => p.as_char() == '>',
                    _ => false,
                };
            called || may_hold_calls(&g.stream().into_iter().collect::<Vec<_>>())
        }
        _ => false,
    })
}

/// The expressions of a `tokio::select!` / `futures::select!`: each branch's future, its
/// `if` precondition and its handler (`biased;` and `else =>` included).
fn select_branches(input: syn::parse::ParseStream<'_>) -> syn::Result<Vec<Expr>> {
    let mut out = Vec::new();
    if input.peek(syn::Ident) && input.peek2(syn::Token![;]) {
        input.parse::<syn::Ident>()?;
        input.parse::<syn::Token![;]>()?;
    }
    while !input.is_empty() {
        if input.peek(syn::Token![else]) || input.peek(syn::Token![default]) {
            input.parse::<proc_macro2::TokenTree>()?;
        } else {
            Pat::parse_multi_with_leading_vert(input)?;
            input.parse::<syn::Token![=]>()?;
            out.push(input.call(Expr::parse_without_eager_brace)?);
            if input.peek(syn::Token![,]) && input.peek2(syn::Token![if]) {
                input.parse::<syn::Token![,]>()?;
                input.parse::<syn::Token![if]>()?;
                out.push(input.call(Expr::parse_without_eager_brace)?);
            }
        }
        input.parse::<syn::Token![=>]>()?;
        // A block handler ends the branch, as a block ends a `match` arm: `{ .. } () = x`
        // is two branches, not a call.
        if input.peek(syn::token::Brace) {
            out.push(Expr::Block(input.parse::<syn::ExprBlock>()?));
        } else {
            out.push(input.parse::<Expr>()?);
        }
        if input.peek(syn::Token![,]) {
            input.parse::<syn::Token![,]>()?;
        }
    }
    Ok(out)
}

/// A method call inside macro arguments that facts are made of.
fn worth_seeing(method: &str) -> bool {
    !calls::is_dependency_method(method)
        || harden_calls::model_call(method, 1).is_some()
        || harden_calls::transaction_call(method).is_some()
        || harden_calls::EXEC_METHODS.contains(&method)
        || harden_calls::RAW_SQL_METHODS.contains(&method)
        || (1..=3).any(|arity| harden_calls::related_read(method, arity).is_some())
}

/// An item's extent, attributes included, from its first and last tokens. `Spanned::span`
/// prints the whole item back into tokens to find it: for a test module, every token of it.
fn item_span(item: &Item) -> proc_macro2::Span {
    let last = match item {
        Item::Mod(m) => m
            .content
            .as_ref()
            .map(|(brace, _)| brace.span.close())
            .or(m.semi.as_ref().map(|s| s.span)),
        Item::Fn(f) => Some(f.block.brace_token.span.close()),
        Item::Impl(i) => Some(i.brace_token.span.close()),
        _ => None,
    };
    let first = attrs::of_item(item)
        .first()
        .map(|a| a.pound_token.span)
        .or(match item {
            Item::Mod(m) => Some(m.mod_token.span),
            Item::Fn(f) => Some(f.sig.fn_token.span),
            Item::Impl(i) => Some(i.impl_token.span),
            _ => None,
        });
    first
        .zip(last)
        .and_then(|(first, last)| first.join(last))
        .unwrap_or_else(|| item.span())
}

/// `item_span` for an item of an `impl` block.
fn impl_item_span(item: &syn::ImplItem, attrs: &[syn::Attribute]) -> proc_macro2::Span {
    match (item, attrs.first()) {
        (syn::ImplItem::Fn(f), Some(a)) => a
            .pound_token
            .span
            .join(f.block.brace_token.span.close())
            .unwrap_or_else(|| item.span()),
        _ => item.span(),
    }
}

impl<'ast> Visit<'ast> for Walker<'_> {
    fn visit_expr(&mut self, e: &'ast Expr) {
        secrets::expr(self, e, |w| visit::visit_expr(w, e));
    }

    fn visit_item(&mut self, item: &'ast Item) {
        // `mod tests { .. }` holds tests by convention, also when its `#[cfg(test)]` was
        // forgotten: its mocks and helpers are not production code.
        let named_tests = matches!(item, Item::Mod(m) if m.ident == "tests" && m.content.is_some());
        let test = items::common_attrs(self, attrs::of_item(item), named_tests, || item_span(item));
        self.test_depth += u32::from(test);
        visit::visit_item(self, item);
        self.test_depth -= u32::from(test);
    }

    fn visit_impl_item(&mut self, item: &'ast syn::ImplItem) {
        let attrs: &[syn::Attribute] = match item {
            syn::ImplItem::Fn(f) => &f.attrs,
            syn::ImplItem::Const(c) => &c.attrs,
            syn::ImplItem::Type(t) => &t.attrs,
            syn::ImplItem::Macro(m) => &m.attrs,
            _ => &[],
        };
        let test = items::common_attrs(self, attrs, false, || impl_item_span(item, attrs));
        self.test_depth += u32::from(test);
        visit::visit_impl_item(self, item);
        self.test_depth -= u32::from(test);
    }

    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        items::module(self, m);
        self.module.push(m.ident.to_string());
        visit::visit_item_mod(self, m);
        self.module.pop();
    }

    fn visit_item_macro(&mut self, m: &'ast syn::ItemMacro) {
        items::item_macro(self, m);
        visit::visit_item_macro(self, m);
    }

    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        items::uses(self, u);
    }

    fn visit_item_struct(&mut self, s: &'ast syn::ItemStruct) {
        items::structure(self, s);
        visit::visit_item_struct(self, s);
    }

    fn visit_item_type(&mut self, t: &'ast syn::ItemType) {
        let module = self.module_shared();
        let generics = ty::generics_of(&t.generics);
        self.facts.aliases.push(super::AliasFact {
            name: t.ident.to_string(),
            module,
            ty: ty::of_type(&t.ty, &generics),
        });
    }

    fn visit_item_enum(&mut self, e: &'ast syn::ItemEnum) {
        items::enumeration(self, e);
        visit::visit_item_enum(self, e);
    }

    fn visit_item_trait(&mut self, t: &'ast syn::ItemTrait) {
        let idx = items::trait_def(self, t);
        let saved = self.trait_idx.replace(idx);
        let saved_generics = std::mem::take(&mut self.generics);
        self.generics = ty::generics_of(&t.generics);
        for item in &t.items {
            self.visit_trait_item(item);
        }
        self.generics = saved_generics;
        self.trait_idx = saved;
    }

    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        let saved_impl = self.impl_idx.take();
        let saved_trait = self.trait_idx.take();
        let saved_generics = std::mem::take(&mut self.generics);
        let (idx, params) = items::function(self, &f.sig, &f.attrs);
        self.fn_body(idx, params, &f.block);
        self.generics = saved_generics;
        self.impl_idx = saved_impl;
        self.trait_idx = saved_trait;
    }

    fn visit_item_impl(&mut self, i: &'ast syn::ItemImpl) {
        let idx = items::implementation(self, i);
        let saved = self.impl_idx.replace(idx);
        let saved_trait = self.trait_idx.take();
        let saved_generics = std::mem::replace(&mut self.generics, ty::generics_of(&i.generics));
        let uninhabited = match &*i.self_ty {
            syn::Type::Path(p) => p
                .path
                .get_ident()
                .is_some_and(|id| self.empty_enums.iter().any(|e| id == e)),
            _ => false,
        };
        let saved_uninhabited = std::mem::replace(&mut self.in_uninhabited_impl, uninhabited);
        for item in &i.items {
            self.visit_impl_item(item);
        }
        self.in_uninhabited_impl = saved_uninhabited;
        self.generics = saved_generics;
        self.trait_idx = saved_trait;
        self.impl_idx = saved;
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        let n = self.generics.len();
        let (idx, params) = items::function(self, &f.sig, &f.attrs);
        items::related_via(self, idx, f);
        self.fn_body(idx, params, &f.block);
        self.generics.truncate(n);
    }

    fn visit_trait_item_fn(&mut self, f: &'ast syn::TraitItemFn) {
        if let Some(block) = &f.default {
            let n = self.generics.len();
            let (idx, params) = items::function(self, &f.sig, &f.attrs);
            self.fn_body(idx, params, block);
            self.generics.truncate(n);
        }
    }

    fn visit_item_const(&mut self, c: &'ast syn::ItemConst) {
        self.visit_with_context(Some(c.ident.to_string()), |w| w.visit_expr(&c.expr));
    }

    fn visit_item_static(&mut self, s: &'ast syn::ItemStatic) {
        self.visit_with_context(Some(s.ident.to_string()), |w| w.visit_expr(&s.expr));
    }

    fn visit_attribute(&mut self, _: &'ast syn::Attribute) {
        // Attributes are read where they matter; their literals (docs) are not code.
    }

    fn visit_block(&mut self, b: &'ast syn::Block) {
        let depth = self.env.len();
        self.env.push(Vec::new());
        self.visit_block_stmts(&b.stmts);
        self.env.pop();
        self.end_frame(depth);
    }

    fn visit_local(&mut self, l: &'ast syn::Local) {
        let Some(init) = &l.init else {
            self.bind_pat(&l.pat, Ty::Unknown);
            return;
        };
        let begins = self.facts.begins.len();
        let ctx = secrets::local_context(self, l, init);
        self.visit_with_context(ctx, |w| w.visit_expr(&init.expr));
        if let Some((_, diverge)) = &init.diverge {
            let point = self.branch_point();
            self.in_arm(point, 1, |w| w.visit_expr(diverge));
            self.last_branch = Some((point, 1, 0b11));
        }
        // The binding.
        let mut pat = &l.pat;
        let mut ty = match pat {
            Pat::Type(pt) => {
                pat = &pt.pat;
                ty::of_type(&pt.ty, &self.generics)
            }
            _ => Ty::Unknown,
        };
        if ty == Ty::Unknown && self.knows_root(&init.expr) {
            ty = self.ty_of(&init.expr);
        }
        if let Pat::Ident(pi) = pat {
            let name = pi.ident.to_string();
            // `let txn = db.begin().await?`: the transaction's name, open from here on.
            if self.facts.begins.len() > begins
                && matches!(peel::peel_error_mapping(&init.expr), Expr::MethodCall(m) if tx::is_begin(&m.method.to_string()))
            {
                let idx = self.facts.begins.len() - 1;
                self.facts.begins[idx].txn = Some(name.clone());
                self.bind(
                    name.clone(),
                    Local {
                        ty,
                        ..Local::default()
                    },
                );
                self.open_txn(name, idx as u32);
                return;
            }
            let alias = tx::alias_of(self, &init.expr);
            let text = db::text_of(self, &init.expr);
            self.bind(name, Local { ty, alias, text });
            return;
        }
        self.bind_pat(pat, ty);
    }

    fn visit_expr_async(&mut self, a: &'ast syn::ExprAsync) {
        self.closure_depth += 1;
        visit::visit_expr_async(self, a);
        self.closure_depth -= 1;
    }

    fn visit_expr_return(&mut self, r: &'ast syn::ExprReturn) {
        visit::visit_expr_return(self, r);
        self.exit();
    }

    fn visit_expr_closure(&mut self, c: &'ast syn::ExprClosure) {
        self.closure_depth += 1;
        let depth = self.env.len();
        self.env.push(Vec::new());
        for input in &c.inputs {
            self.bind_pat(input, Ty::Unknown);
        }
        self.visit_expr(&c.body);
        self.env.pop();
        self.end_frame(depth);
        self.closure_depth -= 1;
    }

    fn visit_expr_if(&mut self, i: &'ast syn::ExprIf) {
        let point = self.branch_point();
        let mut arm = 0usize;
        let mut through = 0u64;
        let mut current = i;
        loop {
            let depth = self.env.len();
            self.env.push(Vec::new());
            match err_scrutinee(&current.cond) {
                // `if let Err(e) = call() { .. }`: the arm handles the call's failure, so the
                // call's writes and the arm's never both succeed.
                Some(l) if arm == 0 => {
                    self.in_arm(point, 1, |w| w.visit_expr(&l.expr));
                    let ty = self.ty_of(&l.expr);
                    self.bind_pat(&l.pat, ty);
                }
                _ => self.visit_expr(&current.cond),
            }
            self.in_arm(point, arm, |w| w.visit_block(&current.then_branch));
            self.env.pop();
            self.end_frame(depth);
            if !peel::diverges(&current.then_branch) {
                through |= 1u64 << arm.min(63);
            }
            arm += 1;
            match current.else_branch.as_ref().map(|(_, e)| &**e) {
                Some(Expr::If(next)) => current = next,
                Some(other) => {
                    self.in_arm(point, arm, |w| w.visit_expr(other));
                    let diverged = matches!(other, Expr::Block(b) if peel::diverges(&b.block));
                    if !diverged {
                        through |= 1u64 << arm.min(63);
                    }
                    break;
                }
                None => {
                    // No `else`: falling through is the last arm.
                    through |= 1u64 << arm.min(63);
                    break;
                }
            }
        }
        let all = if arm >= 63 {
            u64::MAX
        } else {
            (1u64 << (arm + 1)) - 1
        };
        self.last_branch = Some((point, through, all));
    }

    fn visit_expr_match(&mut self, m: &'ast syn::ExprMatch) {
        let point = self.branch_point();
        // `match call() { Ok(..) => .., Err(e) => .. }`: the `Err` arms handle the call's
        // failure, so the call runs (for its writes' sake) on the other arms only.
        let ok_arms = m
            .arms
            .iter()
            .enumerate()
            .filter(|(_, a)| !is_err_pat(&a.pat))
            .fold(0u64, |mask, (i, _)| mask | 1u64 << i.min(63));
        if ok_arms.count_ones() as usize == m.arms.len() {
            self.visit_expr(&m.expr);
        } else {
            let saved = self.site.cond;
            self.site.cond = self.cond(point, ok_arms);
            self.visit_expr(&m.expr);
            self.site.cond = saved;
        }
        let scrutinee = self.ty_of(&m.expr);
        let mut through = 0u64;
        for (i, arm) in m.arms.iter().enumerate() {
            let depth = self.env.len();
            self.env.push(Vec::new());
            self.bind_pat(&arm.pat, scrutinee.clone());
            self.in_arm(point, i, |w| {
                if let Some((_, guard)) = &arm.guard {
                    w.visit_expr(guard);
                }
                w.visit_expr(&arm.body);
            });
            self.env.pop();
            self.end_frame(depth);
            let diverged = match &*arm.body {
                Expr::Block(b) => peel::diverges(&b.block),
                Expr::Return(_) | Expr::Break(_) | Expr::Continue(_) => true,
                Expr::Macro(mac) => mac
                    .mac
                    .path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == "panic" || s.ident == "unreachable"),
                _ => false,
            };
            if !diverged {
                through |= 1u64 << i.min(63);
            }
        }
        let n = m.arms.len();
        let all = if n >= 64 { u64::MAX } else { (1u64 << n) - 1 };
        self.last_branch = Some((point, through, all));
    }

    fn visit_expr_let(&mut self, l: &'ast syn::ExprLet) {
        self.visit_expr(&l.expr);
        let ty = self.ty_of(&l.expr);
        self.bind_pat(&l.pat, ty);
    }

    fn visit_expr_for_loop(&mut self, f: &'ast syn::ExprForLoop) {
        self.visit_expr(&f.expr);
        // `for row in X::find().all(db).await?`: each item is what iterating the value
        // gives (a query's rows are its entity's models); a pattern that takes items
        // apart is not typed.
        let item = match (&*f.pat, self.ty_of(&f.expr)) {
            (Pat::Ident(_), iterated) if iterated != Ty::Unknown => {
                Ty::Ret(Box::new(iterated), "into_iter".into())
            }
            _ => Ty::Unknown,
        };
        let depth = self.env.len();
        self.env.push(Vec::new());
        self.bind_pat(&f.pat, item);
        self.visit_block(&f.body);
        self.env.pop();
        self.end_frame(depth);
    }

    fn visit_expr_while(&mut self, wh: &'ast syn::ExprWhile) {
        let depth = self.env.len();
        self.env.push(Vec::new());
        self.visit_expr(&wh.cond);
        self.visit_block(&wh.body);
        self.env.pop();
        self.end_frame(depth);
    }

    fn visit_expr_binary(&mut self, b: &'ast syn::ExprBinary) {
        if matches!(b.op, syn::BinOp::AddAssign(_)) {
            db::append_text(self, &b.left, &b.right);
        }
        visit::visit_expr_binary(self, b);
    }

    fn visit_expr_assign(&mut self, a: &'ast syn::ExprAssign) {
        let ctx = secrets::assign_context(self, a);
        self.visit_expr(&a.left);
        self.visit_with_context(ctx, |w| w.visit_expr(&a.right));
    }

    fn visit_field_value(&mut self, fv: &'ast syn::FieldValue) {
        let ctx = match &fv.member {
            syn::Member::Named(n) => Some(n.to_string()),
            syn::Member::Unnamed(_) => None,
        };
        self.visit_with_context(ctx, |w| w.visit_expr(&fv.expr));
    }

    fn visit_expr_lit(&mut self, l: &'ast syn::ExprLit) {
        secrets::literal(self, l);
    }

    fn visit_expr_path(&mut self, p: &'ast syn::ExprPath) {
        db::value_path(self, p);
        visit::visit_expr_path(self, p);
    }

    fn visit_expr_call(&mut self, c: &'ast syn::ExprCall) {
        let Expr::Path(p) = &*c.func else {
            visit::visit_expr_call(self, c);
            return;
        };
        let segs = peel::segments(&p.path);
        let span = Span::from_pm2(peel::call_span(&c.func, c.paren_token.span.close()));
        db::path_call(self, p, &segs, c, span);
        calls::path_call(self, &segs, c, span);
        tx::path_call(self, &segs, c, span);
        conn::path_call(self, &segs, c, span);
        jwt::path_call(self, &segs, c, span);
        runtime::path_call(self, &segs, span);
        let ctx = secrets::call_args_context(self, &segs, c);
        let spawned = tx::spawns(&segs)
            || tx::registers_handler(segs.last().map_or("", String::as_str), &c.args);
        // The callee itself, past `visit_expr_path`: a called path is not a value.
        visit::visit_expr_path(self, p);
        let tx = if spawned { None } else { self.site.tx };
        self.in_context(tx, spawned, |w| {
            w.visit_with_context(ctx, |w| {
                for arg in &c.args {
                    w.visit_expr(arg);
                }
            });
        });
    }

    fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
        let method = m.method.to_string();
        let span = Span::from_pm2(peel::call_span(&m.receiver, m.paren_token.span.close()));
        secrets::swallowing(self, m, &method);
        let effect = tx::method_call(self, m, &method, span);
        db::method_call(self, m, &method, span);
        calls::method_call(self, m, &method, span);
        conn::method_call(self, m, &method, span);
        runtime::method_call(self, m, &method);
        // The receiver, with what the chain says about it.
        let saved_exec = db::enter_receiver(self, m, &method);
        if method == "filter" {
            let n = self.filters.len();
            let mut idents = Vec::new();
            for arg in &m.args {
                db::IdentCollector(&mut idents).visit_expr(arg);
            }
            self.filters.extend(idents);
            self.visit_expr(&m.receiver);
            self.filters.truncate(n);
        } else if secrets::TRANSPARENT_METHODS.contains(&method.as_str()) {
            self.visit_expr(&m.receiver);
        } else {
            self.visit_with_context(None, |w| w.visit_expr(&m.receiver));
        }
        self.exec_handle = saved_exec;
        // The arguments, in the transaction or task the call makes for them.
        let ctx = secrets::method_args_context(self, &method);
        let (txn, spawned) = match effect {
            tx::Effect::TxnClosure(idx) => (Some(TxRef::Closure(idx)), false),
            tx::Effect::Spawn => (None, true),
            tx::Effect::None if tx::registers_handler(&method, &m.args) => (None, true),
            tx::Effect::None => (self.site.tx, false),
        };
        self.in_context(txn, spawned, |w| {
            w.visit_with_context(ctx, |w| {
                for arg in &m.args {
                    w.visit_expr(arg);
                }
            });
        });
        tx::after_method_call(self, m, &method);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        if mac.path.segments.last().is_some_and(|s| {
            matches!(
                s.ident.to_string().as_str(),
                "panic" | "unreachable" | "bail" | "todo" | "unimplemented"
            )
        }) {
            self.exit();
        }
        let tokens: Vec<TokenTree> = mac.tokens.clone().into_iter().collect();
        secrets::macro_call(self, mac, &tokens);
        // Most macro arguments (format args, tracing fields) hold no call and no macro: their
        // string literals are all there is to see, read off the tokens without parsing.
        if !may_hold_calls(&tokens) {
            secrets::literals_in(self, &tokens);
            return;
        }
        // Look inside macro arguments that are expressions (vec!, assert!, join!, ..).
        let parser = Punctuated::<Expr, syn::Token![,]>::parse_terminated;
        let stream: proc_macro2::TokenStream = tokens.into_iter().collect();
        let select = mac
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "select" || s.ident == "select_biased");
        let parsed = if select {
            syn::parse::Parser::parse2(select_branches, stream)
        } else {
            syn::parse::Parser::parse2(parser, stream).map(|p| p.into_iter().collect())
        };
        match parsed {
            Ok(exprs) => {
                for e in &exprs {
                    self.visit_expr(e);
                }
            }
            Err(_) => secrets::unparsed_macro(self, mac),
        }
    }
}
