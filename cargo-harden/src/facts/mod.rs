//! One syn traversal per file → `FileFacts`: everything rules may ask about that file.
//!
//! `walk.rs` is the traversal: it tracks where it is (module, impl, fn, spawned task,
//! transaction, branch, test code, local bindings) and hands each node to the extractor of
//! its concern: `items.rs` (types, entities, impls, fns, uses), `db.rs` (queries, writes,
//! raw SQL), `tx.rs` (transactions and side effects), `calls.rs` (calls that may reach the
//! workspace), `secrets.rs` (logging macros, literals), `attrs.rs` (attributes). `peel.rs` is
//! the one helper that sees through `&`, `*`, `()`, `.await`, `?` and friends; `ty.rs` turns
//! syntax into type hints the model resolves later.

mod attrs;
pub(crate) mod calls;
mod conn;
mod db;
pub(crate) mod docker;
mod items;
mod jwt;
pub(crate) mod lexer;
pub(crate) mod log_args;
mod peel;
mod runtime;
mod secrets;
pub(crate) mod text;
mod tx;
mod ty;
mod walk;
mod walker;

use std::sync::Arc;

use crate::span::Span;

pub(crate) use harden_calls::Op as DbOp;

/// Files nested deeper than this are reported as `parse-error` instead of being parsed:
/// syn parses nesting recursively, and a stack overflow would abort the whole run.
pub(crate) const MAX_NESTING: usize = 1_000;
/// Longest run of prefix operators accepted, for the same reason.
pub(crate) const MAX_PREFIX_RUN: usize = 2_000;

/// A path as written, one segment per element, generic arguments dropped.
pub(crate) type Path = Vec<String>;

/// Everything known about one Rust file.
#[derive(Debug, Default)]
pub(crate) struct FileFacts {
    pub parse_error: Option<(Span, String)>,
    /// Comments holding a marker of unfinished work or a suppression (the others are not
    /// kept).
    pub comments: Vec<lexer::Comment>,
    /// `// harden:allow(..)` comments and `#[harden_runtime::allow(..)]` attributes.
    pub allows: Vec<Allow>,
    /// Line ranges of `#[cfg(test)]` items and `#[test]` functions.
    pub test_ranges: Vec<(u32, u32)>,
    /// The bodies of test functions were not walked (see `extract`): their calls, writes
    /// and macros are not among these facts.
    pub test_bodies_skipped: bool,
    /// `mod x;` declarations of modules in other files.
    pub mods: Vec<ModDecl>,
    /// This file may declare modules `mods` does not list: a `#[path]` on a `mod`, or an
    /// item-level macro (`cfg_if!`, `include!`) whose tokens may hold one.
    pub mods_unseen: bool,
    pub uses: Vec<UseFact>,
    pub types: Vec<TypeFact>,
    pub entities: Vec<EntityFact>,
    pub traits: Vec<TraitFact>,
    /// `type Name = Type;`
    pub aliases: Vec<AliasFact>,
    pub impls: Vec<ImplFact>,
    pub fns: Vec<FnFact>,
    pub links: Vec<LinkFact>,
    pub relations: Vec<RelationFact>,
    pub related_vias: Vec<RelatedVia>,
    pub macros: Vec<MacroFact>,
    /// String literals in code that could hold a secret: 8 characters or more.
    pub strings: Vec<StrFact>,
    /// `env::var("JWT_SECRET").unwrap_or("..")`: literal fallbacks of environment variables.
    pub env_fallbacks: Vec<EnvFallback>,
    pub raw_sql: Vec<RawSqlFact>,
    pub db_calls: Vec<DbCall>,
    pub calls: Vec<CallFact>,
    pub side_effects: Vec<SideEffect>,
    /// Manual transactions (`let txn = db.begin().await?`), referred to by `TxRef::Manual`.
    pub begins: Vec<Begin>,
    /// `transaction(|txn| ..)` closures, referred to by `TxRef::Closure`.
    pub txn_closures: Vec<TxnClosure>,
    /// The branch tree: `Site::cond` points into it; entry 0 is "unconditional".
    pub conds: Vec<Cond>,
    /// Early exits, in order.
    pub exits: Vec<Exit>,
    /// Whether the file starts a server (`axum::serve`, `HttpServer::new`, ...).
    pub starts_server: bool,
    /// Where a server is started (`axum::serve`, `HttpServer::new`).
    pub server_starts: Vec<ServerStart>,
    /// Single-threaded async runtimes (`#[tokio::main(flavor = "current_thread")]`).
    pub runtimes: Vec<Runtime>,
    /// Where a server is told to shut down gracefully (`.with_graceful_shutdown(..)`).
    pub graceful_shutdowns: Vec<Site>,
    /// Connections opened, their options set, migrations run.
    pub db_setup: Vec<DbSetup>,
    /// Token signing keys made from a literal.
    pub jwt_keys: Vec<JwtKey>,
    /// A manifest's `"debug-print"` feature of sea-orm.
    pub orm_debug_print: Option<Span>,
    /// A Dockerfile's stages, or a `.dockerignore`'s patterns.
    pub docker: Option<Box<DockerFacts>>,
    /// Calls that install a logger (`tracing_subscriber::fmt().init()`, `env_logger::init()`).
    pub logger_inits: Vec<(Site, Span)>,
    /// Config files: their key/value pairs.
    pub config_pairs: Vec<text::Pair>,
    /// Config files: where a private key block starts.
    pub key_blocks: Vec<Span>,
}

/// Where an expression runs: in which function, in which task, in which transaction, under
/// which branches.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Site {
    /// Index into `FileFacts::fns` of the innermost named function.
    pub func: Option<u32>,
    /// 0: the function's own flow; n: the n-th task it spawns (`tokio::spawn(async { .. })`),
    /// which runs on its own, outside any transaction of the function.
    pub unit: u16,
    /// The transaction open here, if any.
    pub tx: Option<TxRef>,
    /// Index into `FileFacts::conds`: the branches this runs under.
    pub cond: u32,
    /// Where it comes in the file's order of events.
    pub seq: u32,
}

/// A `return` (or a macro that never returns) outside any closure or async block: what
/// comes after it in the function runs only when the branches leading to it were not taken.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Exit {
    pub func: Option<u32>,
    pub unit: u16,
    pub cond: u32,
    pub seq: u32,
}

/// A transaction a site is inside.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TxRef {
    /// The body of a `#[transactional]` function.
    Transactional,
    /// A `transaction(|txn| ..)` closure: index into `FileFacts::txn_closures`.
    Closure(u32),
    /// Between `let txn = db.begin()` and its commit/rollback: index into `FileFacts::begins`.
    Manual(u32),
}

/// A node of the branch tree: this site runs only when branch point `point` takes one of the
/// arms in `arms`, and the conditions of `parent` hold.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Cond {
    pub parent: u32,
    pub point: u32,
    /// Bit `i` set: arm `i` (arms past 63 share bit 63).
    pub arms: u64,
}

impl FileFacts {
    /// Whether sites `a` and `b` of one function can never both run: some branch point sends
    /// them down disjoint arms (`if`/`else`, `match` arms, an arm that returns early), or the
    /// first is on a path that returns before the second.
    pub(crate) fn exclusive_sites(&self, a: Site, b: Site) -> bool {
        if self.exclusive(a.cond, b.cond) {
            return true;
        }
        let (first, second) = if a.seq <= b.seq { (a, b) } else { (b, a) };
        self.exits.iter().any(|x| {
            x.func == first.func
                && x.unit == first.unit
                && first.seq < x.seq
                && x.seq < second.seq
                && self.under(first.cond, x.cond)
                && !self.under(second.cond, x.cond)
        })
    }

    /// Whether branch node `x` is `c` or below it.
    fn under(&self, mut x: u32, c: u32) -> bool {
        loop {
            if x == c {
                return true;
            }
            if x == 0 {
                return false;
            }
            x = self.conds[x as usize].parent;
        }
    }

    /// Whether the sites under `a` and `b` can never both run: some branch point sends them
    /// down disjoint arms.
    pub(crate) fn exclusive(&self, a: u32, b: u32) -> bool {
        let mut x = a;
        while x != 0 {
            let cx = self.conds[x as usize];
            let mut y = b;
            while y != 0 {
                let cy = self.conds[y as usize];
                if cy.point == cx.point && cy.arms & cx.arms == 0 {
                    return true;
                }
                y = cy.parent;
            }
            x = cx.parent;
        }
        false
    }
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

/// `mod name;` (its body in another file).
#[derive(Clone, Debug)]
pub(crate) struct ModDecl {
    /// Module path of the declared module inside the crate.
    pub module: Vec<String>,
    /// Declared under `#[cfg(test)]` or a test-only feature.
    pub test: bool,
}

/// `use a::b::C as D;` → alias `D`, path `[a, b, C]`, in the module it is written in.
#[derive(Clone, Debug)]
pub(crate) struct UseFact {
    pub module: Arc<[String]>,
    pub alias: String,
    pub path: Path,
    /// `use a::b::*`.
    pub glob: bool,
}

/// A type hint: what the traversal can tell about a value's type without type checking.
/// The model resolves it against the workspace's types and functions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) enum Ty {
    #[default]
    Unknown,
    /// `self`, or the `Self` type, of the impl the site is in.
    OfSelf,
    /// A named type as written (references, smart pointers, locks and `Option` seen through).
    Named(Path),
    /// A generic parameter, `impl Trait` or `dyn Trait`: its trait bounds as written.
    Bounds(Vec<Path>),
    /// Field `.1` of a value of type `.0`.
    Field(Box<Ty>, String),
    /// What method `.1` returns when called on a value of type `.0`.
    Ret(Box<Ty>, String),
    /// What the function at this path returns.
    PathRet(Path),
}

/// A struct or enum.
#[derive(Clone, Debug)]
pub(crate) struct TypeFact {
    pub name: String,
    pub module: Arc<[String]>,
    pub derive_debug: Option<Span>,
    pub fields: Vec<FieldFact>,
    pub is_enum: bool,
}

/// A struct field (`"0"`, `"1"` for tuple structs).
#[derive(Clone, Debug)]
pub(crate) struct FieldFact {
    pub name: String,
    pub span: Span,
    pub ty: Ty,
    /// The type is a plain string/bytes type whose `Debug` prints the value.
    pub plain: bool,
}

/// A SeaORM entity: `struct Model` with `DeriveEntityModel`, `DeriveModel` or `#[sea_orm::model]`.
#[derive(Clone, Debug)]
pub(crate) struct EntityFact {
    /// Module path of the entity inside its crate (inline modules included).
    pub module: Vec<String>,
    pub span: Span,
    pub table_name: Option<String>,
    pub soft_delete: Option<SoftDeleteAttr>,
    pub columns: Vec<ColumnFact>,
    /// Where `cargo harden fix` writes an annotation: the line of the struct's first
    /// attribute after its doc comment.
    pub insert_line: u32,
}

/// A column of an entity.
#[derive(Clone, Debug)]
pub(crate) struct ColumnFact {
    pub name: String,
    /// The field's type, as written without spaces (`Option<DateTimeUtc>`).
    pub ty: String,
    pub primary_key: bool,
    /// `#[sea_orm(enum_name = "..")]`.
    pub enum_name: Option<String>,
}

/// The arguments of `#[soft_delete(..)]` on an entity.
#[derive(Clone, Debug)]
pub(crate) struct SoftDeleteAttr {
    pub span: Span,
    /// The column that marks a row deleted (`is_active` by default, `deleted_at`, or `column = ".."`).
    pub column: String,
    /// The `deleted_at` option was given.
    pub deleted_at: bool,
    /// `column = ".."` was given.
    pub explicit_column: bool,
    /// `Some(reason)` for `exempt = "reason"`; `Some("")` when the reason is empty.
    pub exempt: Option<String>,
}

/// `type DbState = State<Arc<Db>>;`
#[derive(Clone, Debug)]
pub(crate) struct AliasFact {
    pub name: String,
    pub module: Arc<[String]>,
    pub ty: Ty,
}

/// A trait defined in the workspace.
#[derive(Clone, Debug)]
pub(crate) struct TraitFact {
    pub name: String,
    pub module: Arc<[String]>,
}

/// An `impl` block.
#[derive(Clone, Debug)]
pub(crate) struct ImplFact {
    /// The implementing type's path as written (`UserRepo`, `crate::repo::UserRepo`).
    pub self_ty: Path,
    /// `impl Trait for Type`: the trait's path as written.
    pub trait_: Option<Path>,
    pub module: Arc<[String]>,
    pub span: Span,
    pub soft_delete: bool,
    /// Type parameters of the impl and their trait bounds.
    pub generics: Vec<(String, Vec<Path>)>,
}

/// A function or method.
#[derive(Clone, Debug, Default)]
pub(crate) struct FnFact {
    pub name: String,
    pub span: Span,
    /// Module path inside the crate (shared by the functions of one module).
    pub module: Arc<[String]>,
    /// Index into `FileFacts::impls` when this is a method of an impl block.
    pub impl_idx: Option<u32>,
    /// Index into `FileFacts::traits` for a trait's provided method.
    pub trait_idx: Option<u32>,
    pub has_self: bool,
    pub is_test: bool,
    pub soft_delete: bool,
    /// `#[transactional]`: the handle the macro turns into the transaction (`conn = self.db`,
    /// or its one connection parameter), when it can be told.
    pub transactional: Option<Option<String>>,
    /// Takes a transaction (`&DatabaseTransaction`): runs inside its caller's transaction.
    pub takes_transaction: bool,
    /// Index in `calls` of a `Type::parse()` with no arguments (clap's `Parser::parse`, which
    /// reads the process's command line), if the body makes one.
    pub parses_args: Option<u32>,
    pub instrument: Option<InstrumentFact>,
    pub params: Vec<Param>,
    /// The declared return type.
    pub ret: Ty,
}

impl FnFact {
    pub(crate) fn is_transactional(&self) -> bool {
        self.transactional.is_some()
    }
}

/// A function parameter.
#[derive(Clone, Debug)]
pub(crate) struct Param {
    pub name: String,
    pub span: Span,
    pub ty: Ty,
}

/// `#[instrument(..)]` on a function.
#[derive(Clone, Debug)]
pub(crate) struct InstrumentFact {
    pub span: Span,
    pub skip_all: bool,
    pub skip: Vec<String>,
}

/// A relation of an entity: a variant of its `enum Relation` with
/// `#[sea_orm(belongs_to | has_one | has_many = "..")]`, or a 2.0 dense entity's
/// `HasOne<X>` / `HasMany<X>` field (whose variant is the field's name in `UpperCamelCase`).
#[derive(Clone, Debug)]
pub(crate) struct RelationFact {
    /// Module path of the entity it belongs to.
    pub module: Vec<String>,
    /// The `Relation` variant (`User`).
    pub variant: String,
    /// The related entity, as written (`super::user::Entity`).
    pub target: Path,
}

/// The `via()` of an `impl Related<X> for Entity`: the junction of a many-to-many relation.
#[derive(Clone, Debug)]
pub(crate) struct RelatedVia {
    /// The `via` function (its index in `FileFacts::fns`).
    pub func: u32,
    /// The relation it returns, and whether reversed (`.def().rev()`).
    pub hop: (Path, bool),
}

/// `impl Linked for CakeToFilling { type ToEntity = filling::Entity; .. }`.
#[derive(Clone, Debug)]
pub(crate) struct LinkFact {
    /// The link type's name (`CakeToFilling`).
    pub name: String,
    /// The entity the link reads, as written.
    pub to_entity: Path,
    /// The relations its `link()` joins, in order (`cake_filling::Relation::Cake`), and
    /// whether each is reversed (`.def().rev()`).
    pub hops: Vec<(Path, bool)>,
}

/// A macro invocation.
#[derive(Clone, Debug)]
pub(crate) struct MacroFact {
    /// Last segment of the macro path (`println`, `info`).
    pub name: String,
    pub span: Span,
    pub site: Site,
    /// What the macro's arguments log or print (for logging/printing macros only).
    pub mentions: Vec<Mention>,
    /// In a method of a type that has no values (`impl RelationTrait for Relation` with
    /// `enum Relation {}`): it can never run.
    pub unreachable: bool,
}

/// A value a logging or printing macro prints.
#[derive(Clone, Debug)]
pub(crate) struct Mention {
    /// What the value is called, by the last field, getter or variable of its path after
    /// `&`, `*`, `.as_ref()`, `.unwrap()`, `.clone()` and such (`password` for
    /// `req.password.as_str()`); `None` for anything else (a call, an operation) and for
    /// what says nothing about the value (`token.len()`).
    pub name: Option<String>,
    /// Printed as a variable itself (`x`, `&x`, `{x}`), not a field or getter of one.
    pub variable: bool,
    /// A tracing field's own name (`password` in `password = %p`).
    pub field: Option<(String, Span)>,
    pub span: Span,
    /// "field", "field value", "format argument", "inline format argument".
    pub how: &'static str,
    /// Printed with its `Debug` form (`?x`, `{:?}`).
    pub debug: bool,
    /// The printed value's type hint.
    pub ty: Ty,
    /// For a variable built from string literals (`let db_url = format!("sqlite://{p}")`):
    /// those literals.
    pub text: Option<String>,
}

/// A string literal in code, with the name it is bound to, if any.
#[derive(Clone, Debug)]
pub(crate) struct StrFact {
    pub value: String,
    pub span: Span,
    /// `let password = ".."`, `password: ".."`, `PASSWORD = ".."`, `.password("..")`, `from_secret(..)`.
    pub context: Option<String>,
}

/// `env::var("NAME").unwrap_or("fallback")` and its spellings.
#[derive(Clone, Debug)]
pub(crate) struct EnvFallback {
    pub var: String,
    pub value: String,
    pub span: Span,
}

/// Raw SQL passed to SeaORM.
#[derive(Clone, Debug)]
pub(crate) struct RawSqlFact {
    pub sql: String,
    pub span: Span,
    /// The call that runs it (`Statement::from_string`).
    pub via: String,
}

/// A SeaORM query or write.
#[derive(Clone, Debug)]
pub(crate) struct DbCall {
    pub op: DbOp,
    /// The method (`find_by_id`, `delete_many`, `insert`).
    pub method: String,
    /// Path of the entity type as written (`user::Entity`, `User`), when written.
    pub entity: Option<Path>,
    /// For `am.insert(db)`: the receiver's type hint, to find the entity from.
    pub recv: Option<Ty>,
    pub span: Span,
    pub site: Site,
    /// Identifiers used in `.filter(..)` calls applied to this query.
    pub filter_idents: Vec<String>,
    /// Why `#[soft_delete]` leaves this call as written, so an annotated scope does not
    /// make it safe: a linked join, a join given a `RelationDef`, a read named as a value.
    pub not_rewritten: Option<NotRewritten>,
    /// The connection it runs on: the argument of `.exec(..)` or of `am.insert(..)`, when
    /// written there.
    pub handle: Option<Handle>,
}

/// A connection argument.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Handle {
    /// As written, normalised (see `peel::handle_text`): `&self.db` is `self.db`.
    pub written: String,
    /// What it names, aliases followed: `conn` after `let conn = &txn;` is `txn`.
    pub names: String,
    /// Its position among a call's arguments (the receiver not counted), for a call's
    /// handles.
    pub arg: Option<u8>,
}

/// A form of a SeaORM call that `#[soft_delete]` does not rewrite.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NotRewritten {
    /// `find_also_linked` / `find_with_linked`: no single `ON` clause to extend.
    LinkedJoin,
    /// `.join(JoinType, rel)` and its `_rev` / `_as` forms: a `RelationDef` names no
    /// entity type. The call's entity path is the relation (`post::Relation::User`).
    RelationJoin {
        /// Joins the relation's own entity, not its target (`join_rev`, `.def().rev()`).
        rev: bool,
    },
    /// An entity read named as a value (`ids.map(X::find_by_id)`): not a call.
    NamedAsValue,
    /// `models.load_self_via(J, db)` and its `_rev` / `_ex` forms: a self-referencing
    /// many-to-many load built from the junction. The call's entity path is the junction.
    SelfVia,
    /// `Delete::many(X)`, `Delete::one(m)`: below the entity API the macro knows.
    BelowEntityApi,
}

/// A call that may reach a function of the workspace.
#[derive(Clone, Debug)]
pub(crate) struct CallFact {
    pub callee: Callee,
    pub span: Span,
    pub site: Site,
    /// How the result is discarded (`let _ =`, `.ok()`, `.unwrap_or(..)`), if it is.
    pub swallowed: Option<&'static str>,
    /// Arguments that look like database handles.
    pub handles: Vec<Handle>,
}

/// What the arguments of the call written `text` (`f(a, &b.c)`, `x.f(a)`) are called, by
/// the last field, getter or variable of each (see `Mention::name`); `None` for an argument
/// that is something else (a call, a literal, an operation). Read again from the source
/// when a rule needs it: few calls are ever asked about.
pub(crate) fn call_arg_names(text: &str) -> Option<Vec<Option<String>>> {
    let args = match syn::parse_str::<syn::Expr>(text).ok()? {
        syn::Expr::Call(c) => c.args,
        syn::Expr::MethodCall(m) => m.args,
        _ => return None,
    };
    Some(
        args.iter()
            .map(|a| match peel::peel(a) {
                syn::Expr::Index(i) => peel::last_name(&i.expr),
                other => peel::last_name(other),
            })
            .collect(),
    )
}

/// Who is called.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Callee {
    /// `f(..)`, `a::b::f(..)`, `Type::f(..)`, `Self::f(..)`.
    Path(Path),
    /// `recv.name(..)`.
    Method { name: String, recv: Ty },
}

impl Callee {
    pub fn name(&self) -> &str {
        match self {
            Callee::Path(p) => p.last().map_or("", String::as_str),
            Callee::Method { name, .. } => name,
        }
    }
}

/// A network, mail or spawn call.
#[derive(Clone, Debug)]
pub(crate) struct SideEffect {
    pub what: &'static str,
    pub call: String,
    pub span: Span,
    pub site: Site,
}

/// What a Dockerfile or `.dockerignore` holds.
#[derive(Clone, Debug, Default)]
pub(crate) struct DockerFacts {
    /// A Dockerfile's stages, in order: the last is the image that ships.
    pub stages: Vec<StageFact>,
    /// A `.dockerignore`'s patterns.
    pub ignores: Vec<String>,
}

/// One `FROM` stage of a Dockerfile.
#[derive(Clone, Debug, Default)]
pub(crate) struct StageFact {
    /// `FROM ... image`.
    pub from: Span,
    pub image: String,
    pub image_span: Span,
    /// `AS name`.
    pub alias: Option<String>,
    /// The last `USER` of the stage, and its argument.
    pub user: Option<(Span, String)>,
    /// `HEALTHCHECK CMD ..` (true) or `HEALTHCHECK NONE` (false).
    pub healthcheck: Option<bool>,
    /// Sources `COPY`/`ADD` take from the build context (not `--from` another stage).
    pub copies: Vec<(Span, String)>,
    /// `ARG`/`ENV` instructions: which, where, and their text (`KEY=value`).
    pub variables: Vec<(&'static str, Span, String)>,
    /// The first `RUN` that compiles Rust (`cargo build`, `cargo install`).
    pub builds_rust: Option<Span>,
    /// It says what to run (`CMD` or `ENTRYPOINT`): the image runs a service, not only
    /// serves as a base or a development environment.
    pub runs: bool,
    /// It drops root as it starts (`gosu`, `su-exec`, `setpriv` installed or called).
    pub drops_privileges: bool,
}

/// A call that starts a server.
#[derive(Clone, Debug)]
pub(crate) struct ServerStart {
    pub site: Site,
    pub span: Span,
    /// The call as written without its crate path (`axum::serve`, `HttpServer::new`).
    pub what: String,
    /// It stops gracefully on SIGTERM unless told otherwise (actix-web's `HttpServer`).
    pub graceful_by_default: bool,
    /// The server is built here and started elsewhere (tonic's `Server::builder()`): it
    /// makes its binary a server, but how it stops is decided where it is started.
    pub builds_only: bool,
}

/// A single-threaded async runtime.
#[derive(Clone, Debug)]
pub(crate) struct Runtime {
    pub site: Site,
    pub span: Span,
    /// How it is asked for (`flavor = "current_thread"`).
    pub how: String,
}

/// A token signing key made from a literal: `EncodingKey::from_secret(b"dev")`.
#[derive(Clone, Debug)]
pub(crate) struct JwtKey {
    /// `EncodingKey::from_secret`, as written without its crate path.
    pub constructor: String,
    pub span: Span,
    /// The literal's length in characters (bytes for a byte string).
    pub literal: u32,
}

/// A call that sets the database up.
#[derive(Clone, Debug)]
pub(crate) struct DbSetup {
    pub kind: Setup,
    pub span: Span,
    pub site: Site,
}

/// What a [`DbSetup`] call does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Setup {
    /// SeaORM's `Database::connect(..)`; `url`: given a URL, not `ConnectOptions`.
    Connect { url: bool },
    /// A `ConnectOptions` setter (`max_connections`), and the word it is given (`true`,
    /// `Debug`; empty for anything else).
    Option { name: String, arg: String },
    /// Migrations or schema sync run (`Migrator::up`), as written.
    Migrate(String),
    /// A sqlx PostgreSQL/MySQL pool opened: `PgPoolOptions::new()..connect(url)` with the
    /// settings its chain makes, or `PgPool::connect(url)` with none.
    SqlxPool { settings: Vec<String> },
}

/// A manual transaction: `let txn = db.begin().await?`.
#[derive(Clone, Debug)]
pub(crate) struct Begin {
    /// The variable holding the transaction (`txn`), when it is bound to one.
    pub txn: Option<String>,
    /// The handle it was begun on (`db`, `self.db`).
    pub from: String,
    pub span: Span,
}

/// `db.transaction(|txn| ..)`.
#[derive(Clone, Debug)]
pub(crate) struct TxnClosure {
    /// The closure's transaction parameter.
    pub param: Option<String>,
    pub span: Span,
}

/// `text` with the characters in `ranges` (byte ranges) turned into spaces, line breaks
/// kept: every other token stays on its line and column.
fn blank(text: &str, ranges: &[(usize, usize)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for &(start, end) in ranges {
        out.push_str(&text[at..start]);
        out.extend(text[start..end].chars().map(|c| match c {
            '\n' | '\r' => c,
            _ => ' ',
        }));
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

/// Extracts the facts of one Rust file. `module` is the file's module path in its crate.
/// The bodies of test functions (`#[test]`, inside `#[cfg(test)]`) are walked only when
/// `test_bodies` is set: every rule that reads them is exempt in test code unless
/// `include-tests` asks for it, and they are much of a workspace's code.
pub(crate) fn extract(text: &str, module: &[String], test_bodies: bool) -> FileFacts {
    let scan = lexer::scan(text);
    let mut facts = FileFacts {
        allows: text::line_allows(&scan.comments),
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
    // Test modules are test code, exempt unless tests are checked: their bodies are not
    // parsed at all (blanked, every line and column kept), often a third of the text.
    let blanked;
    let parsed = if !test_bodies && !scan.test_mods.is_empty() {
        blanked = blank(text, &scan.test_mods);
        facts.test_bodies_skipped = true;
        blanked.as_str()
    } else {
        text
    };
    match syn::parse_file(parsed) {
        Ok(file) => {
            walk::walk_file(&file, module, test_bodies, &mut facts);
            drop(file);
        }
        Err(e) => facts.parse_error = Some((Span::from_pm2(e.span()), e.to_string())),
    }
    // Every span is now a `span::Span`: let proc-macro2 forget this file's text and line
    // table, which it would otherwise keep (and search) for the rest of the thread's life.
    proc_macro2::extra::invalidate_current_thread_spans();
    facts
}
