//! One syn visit per file → `FileFacts`: everything rules may ask about that file.

pub(crate) mod lexer;
pub(crate) mod log_args;
pub(crate) mod text;
mod visit;

use crate::diag::Span;

/// Files nested deeper than this are reported as `parse-error` instead of being parsed:
/// syn parses nesting recursively, and a stack overflow would abort the whole run.
pub(crate) const MAX_NESTING: usize = 1_000;
/// Longest run of prefix operators accepted, for the same reason.
pub(crate) const MAX_PREFIX_RUN: usize = 2_000;

/// Everything known about one Rust file.
#[derive(Debug, Default)]
pub(crate) struct FileFacts {
    pub parse_error: Option<(Span, String)>,
    pub comments: Vec<lexer::Comment>,
    pub line_allows: Vec<Allow>,
    pub item_allows: Vec<Allow>,
    /// Line ranges of `#[cfg(test)]` items and `#[test]` functions.
    pub test_ranges: Vec<(u32, u32)>,
    pub uses: Vec<UseAlias>,
    pub entities: Vec<EntityFact>,
    pub structs: Vec<StructFact>,
    pub fns: Vec<FnFact>,
    pub impls: Vec<ImplFact>,
    pub links: Vec<LinkFact>,
    pub macros: Vec<MacroFact>,
    /// String literals in code that could hold a secret: 8 characters or more (see
    /// `visit::could_hold_a_secret`).
    pub strings: Vec<StrFact>,
    pub raw_sql: Vec<RawSqlFact>,
    pub db_calls: Vec<DbCall>,
    pub calls: Vec<CallFact>,
    pub side_effects: Vec<SideEffect>,
    /// Whether the file starts a server (`axum::serve`, `HttpServer::new`, ...).
    pub starts_server: bool,
}

/// A suppression: `// harden:allow(rule): reason` or `#[harden_runtime::allow(rule, reason = "..")]`.
#[derive(Clone, Debug)]
pub(crate) struct Allow {
    pub rules: Vec<String>,
    pub reason: Option<String>,
    pub span: Span,
    /// Lines it covers.
    pub lines: (u32, u32),
}

/// `use a::b::C as D;` → alias `D`, path `[a, b, C]`.
#[derive(Clone, Debug)]
pub(crate) struct UseAlias {
    pub alias: String,
    pub path: Vec<String>,
}

/// A SeaORM entity: `struct Model` with `DeriveEntityModel` or `#[sea_orm::model]`.
#[derive(Clone, Debug)]
pub(crate) struct EntityFact {
    /// Module path of the entity inside its crate (inline modules included).
    pub module: Vec<String>,
    pub span: Span,
    pub table_name: Option<String>,
    pub soft_delete: Option<SoftDeleteAttr>,
}

/// The arguments of `#[soft_delete(..)]` on an entity.
#[derive(Clone, Debug)]
pub(crate) struct SoftDeleteAttr {
    pub span: Span,
    /// The column that marks a row deleted (`is_active` by default, `deleted_at`, or `column = ".."`).
    pub column: String,
    /// `Some(reason)` for `exempt = "reason"`; `Some("")` when the reason is empty.
    pub exempt: Option<String>,
}

/// A struct, for rules about derives and fields.
#[derive(Clone, Debug)]
pub(crate) struct StructFact {
    pub name: String,
    pub derive_debug: Option<Span>,
    pub fields: Vec<FieldFact>,
}

/// A named struct field.
#[derive(Clone, Debug)]
pub(crate) struct FieldFact {
    pub name: String,
    pub span: Span,
    /// The type is a plain string/bytes type whose `Debug` prints the value.
    pub plain: bool,
}

/// A function or method.
#[derive(Clone, Debug, Default)]
pub(crate) struct FnFact {
    pub name: String,
    pub span: Span,
    /// Module path inside the crate (shared by the functions of one module).
    pub module: std::sync::Arc<[String]>,
    /// Index into `FileFacts::impls` when this is a method.
    pub impl_idx: Option<usize>,
    pub has_self: bool,
    pub soft_delete: bool,
    pub transactional: bool,
    /// Calls `.begin()` or `.transaction(..)`: manages a transaction itself.
    pub manual_transaction: bool,
    /// Takes a transaction (`&DatabaseTransaction`): runs inside its caller's transaction.
    pub takes_transaction: bool,
    /// For `#[transactional]`: the handle the macro turns into the transaction
    /// (`conn = self.db`, or the one connection parameter), when it can be told.
    pub transactional_conn: Option<String>,
    /// `let txn = db.begin().await?`: where manual transactions start.
    pub begins: Vec<Begin>,
    /// Lines of `.commit()` / `.rollback()` calls.
    pub commit_lines: Vec<u32>,
    pub instrument: Option<InstrumentFact>,
    pub params: Vec<(String, Span)>,
    pub is_test: bool,
}

/// A manual transaction: `let txn = db.begin().await?`.
#[derive(Clone, Debug)]
pub(crate) struct Begin {
    /// The variable holding the transaction (`txn`), when it is bound to one.
    pub txn: Option<String>,
    /// The handle it was begun on (`db`, `self.db`).
    pub from: String,
    pub line: u32,
}

/// `#[instrument(..)]` on a function.
#[derive(Clone, Debug)]
pub(crate) struct InstrumentFact {
    pub span: Span,
    pub skip_all: bool,
    pub skip: Vec<String>,
}

/// An `impl` block.
#[derive(Clone, Debug)]
pub(crate) struct ImplFact {
    pub self_ty: String,
    pub span: Span,
    pub soft_delete: bool,
}

/// `impl Linked for CakeToFilling { type ToEntity = filling::Entity; .. }`.
#[derive(Clone, Debug)]
pub(crate) struct LinkFact {
    /// The link type's name (`CakeToFilling`).
    pub name: String,
    /// The entity the link reads, as written.
    pub to_entity: Vec<String>,
}

/// A macro invocation.
#[derive(Clone, Debug)]
pub(crate) struct MacroFact {
    /// Last segment of the macro path (`println`, `info`).
    pub name: String,
    pub span: Span,
    /// Identifiers the macro's arguments log or print (for logging/printing macros only).
    pub mentions: Vec<log_args::Mention>,
    /// In a method of a type that has no values (`impl RelationTrait for Relation` with
    /// `enum Relation {}`): it can never run.
    pub unreachable: bool,
}

/// A string literal in code, with the name it is bound to, if any.
#[derive(Clone, Debug)]
pub(crate) struct StrFact {
    pub value: String,
    pub span: Span,
    /// `let password = ".."`, `password: ".."`, `PASSWORD = ".."`, `.password("..")`, `from_secret(..)`.
    pub context: Option<String>,
}

/// Raw SQL passed to SeaORM.
#[derive(Clone, Debug)]
pub(crate) struct RawSqlFact {
    pub sql: String,
    pub span: Span,
    /// The call that runs it (`Statement::from_string`).
    pub via: String,
}

/// What a SeaORM call does to the database: the shared table's own enum.
pub(crate) use harden_calls::Op as DbOp;

/// A SeaORM query or write.
#[derive(Clone, Debug)]
pub(crate) struct DbCall {
    pub op: DbOp,
    /// The method (`find_by_id`, `delete_many`, `insert`).
    pub method: String,
    /// Path of the entity type as written (`user::Entity`, `User`), when known.
    pub entity: Option<Vec<String>>,
    /// For `am.insert(db)`: the receiver variable, when the entity is not known.
    pub receiver: Option<String>,
    pub span: Span,
    pub func: Option<usize>,
    pub in_transaction_closure: bool,
    /// Identifiers used in `.filter(..)` calls applied to this query.
    pub filter_idents: Vec<String>,
    /// Why `#[soft_delete]` leaves this call as written, so an annotated scope does not
    /// make it safe: a fully-qualified path, a linked join it does not filter.
    pub not_rewritten: Option<NotRewritten>,
    /// The connection it runs on (`db`, `self.db`, `txn`), normalised (see `handle_text`):
    /// the argument of `.exec(..)` or of `am.insert(..)`, when it is written there.
    pub handle: Option<String>,
    /// Inside `transaction(|txn| ..)`: the closure's transaction parameter.
    pub txn_param: Option<String>,
}

/// A form of a SeaORM call that `#[soft_delete]` does not rewrite.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NotRewritten {
    /// `<X as EntityTrait>::find()`: the macro rewrites only plain paths.
    QualifiedPath,
    /// `find_also_linked` / `find_with_linked`: no single `ON` clause to extend.
    LinkedJoin,
}

/// A call that may reach a function of the workspace.
#[derive(Clone, Debug)]
pub(crate) struct CallFact {
    pub target: CallTarget,
    pub span: Span,
    pub func: Option<usize>,
    pub in_transaction_closure: bool,
    /// How the result is discarded (`let _ =`, `.ok()`, `.unwrap_or(..)`), if it is.
    pub swallowed: Option<&'static str>,
    /// Arguments that look like database handles, normalised (see `handle_text`).
    pub handles: Vec<String>,
    /// Inside `transaction(|txn| ..)`: the closure's transaction parameter.
    pub txn_param: Option<String>,
}

/// Who is called.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum CallTarget {
    Path(Vec<String>),
    Method(String),
}

impl CallTarget {
    pub fn last(&self) -> &str {
        match self {
            CallTarget::Path(p) => p.last().map_or("", String::as_str),
            CallTarget::Method(m) => m,
        }
    }
}

/// A network, mail or spawn call.
#[derive(Clone, Debug)]
pub(crate) struct SideEffect {
    pub what: &'static str,
    pub call: String,
    pub span: Span,
    pub func: Option<usize>,
    pub in_transaction_closure: bool,
}

/// Extracts the facts of one Rust file. `module` is the file's module path in its crate.
pub(crate) fn extract(text: &str, module: &[String]) -> FileFacts {
    let scan = lexer::scan(text);
    let mut facts = FileFacts {
        line_allows: text::line_allows(&scan.comments),
        ..FileFacts::default()
    };
    if scan.max_depth > MAX_NESTING || scan.max_prefix_run > MAX_PREFIX_RUN {
        facts.parse_error = Some((
            Span::on_line(1, 1, 1),
            format!(
                "nesting too deep to check safely ({} levels of brackets, limit {MAX_NESTING})",
                scan.max_depth
            ),
        ));
        facts.comments = scan.comments;
        return facts;
    }
    facts.comments = scan.comments;
    match syn::parse_file(text) {
        Ok(file) => {
            visit::visit_file(&file, module, &mut facts);
            drop(file);
        }
        Err(e) => facts.parse_error = Some((Span::from_pm2(e.span()), e.to_string())),
    }
    // Every span is now a `diag::Span`: let proc-macro2 forget this file's text and line
    // table, which it would otherwise keep (and search) for the rest of the thread's life.
    proc_macro2::extra::invalidate_current_thread_spans();
    facts
}
