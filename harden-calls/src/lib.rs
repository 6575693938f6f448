//! Which SeaORM calls read, write and delete, start transactions and run raw SQL.
//!
//! `#[soft_delete]` rewrites these calls and `cargo harden check` flags them
//! where the macro is absent; both read this one table so they cannot drift.
//! Plain data, no dependencies: it costs a user's build nothing. It also
//! holds the one "did you mean" rule ([`closest`]), so a misspelled macro
//! option and a misspelled config key get the same suggestion. [`preflight`] is
//! the one list of checks of a production environment, which `cargo harden
//! preflight` and `harden_runtime::preflight()` both run.

pub mod preflight;

/// What a call does to an entity's rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// Starts a query that reads rows (`find`, `find_by_id`).
    Read,
    /// Inserts rows.
    Insert,
    /// Updates rows.
    Update,
    /// Deletes rows.
    Delete,
    /// A soft-delete escape hatch: reads deleted rows, restores or really
    /// deletes them, by name.
    EscapeHatch,
}

impl Op {
    /// Whether it changes rows (insert, update or delete).
    pub fn writes(self) -> bool {
        matches!(self, Op::Insert | Op::Update | Op::Delete)
    }
}

/// A static call on an entity: `X::method(args)`.
#[derive(Clone, Copy, Debug)]
pub struct EntityCall {
    /// The associated function.
    pub method: &'static str,
    /// How many arguments SeaORM's version takes; a call with another count
    /// is someone else's function.
    pub arity: usize,
    /// What it does.
    pub op: Op,
}

/// `EntityTrait`'s associated functions, and the escape hatches of
/// `harden_runtime::SoftDeleteExt`.
pub const ENTITY_CALLS: &[EntityCall] = &[
    EntityCall {
        method: "find",
        arity: 0,
        op: Op::Read,
    },
    EntityCall {
        method: "find_by_id",
        arity: 1,
        op: Op::Read,
    },
    EntityCall {
        method: "insert",
        arity: 1,
        op: Op::Insert,
    },
    EntityCall {
        method: "insert_many",
        arity: 1,
        op: Op::Insert,
    },
    EntityCall {
        method: "update",
        arity: 1,
        op: Op::Update,
    },
    EntityCall {
        method: "update_many",
        arity: 0,
        op: Op::Update,
    },
    EntityCall {
        method: "delete",
        arity: 1,
        op: Op::Delete,
    },
    EntityCall {
        method: "delete_by_id",
        arity: 1,
        op: Op::Delete,
    },
    EntityCall {
        method: "delete_many",
        arity: 0,
        op: Op::Delete,
    },
    EntityCall {
        method: "find_with_inactive",
        arity: 0,
        op: Op::EscapeHatch,
    },
    EntityCall {
        method: "find_inactive",
        arity: 0,
        op: Op::EscapeHatch,
    },
    EntityCall {
        method: "restore_by_id",
        arity: 1,
        op: Op::EscapeHatch,
    },
    EntityCall {
        method: "restore_many",
        arity: 0,
        op: Op::EscapeHatch,
    },
    EntityCall {
        method: "force_delete_by_id",
        arity: 1,
        op: Op::EscapeHatch,
    },
    EntityCall {
        method: "force_delete_many",
        arity: 0,
        op: Op::EscapeHatch,
    },
    EntityCall {
        method: "update_many_with_inactive",
        arity: 0,
        op: Op::EscapeHatch,
    },
    EntityCall {
        method: "restore_cascade_by_id",
        arity: 1,
        op: Op::EscapeHatch,
    },
];

/// The entity call `X::method(..)` with `arity` arguments, if it is one:
/// an entry of [`ENTITY_CALLS`], or one of [`DENSE_ENTITY_CALLS`], whose
/// `<key>` stands for any unique key (`find_by_email` is `find_by_<key>`).
pub fn entity_call(method: &str, arity: usize) -> Option<EntityCall> {
    ENTITY_CALLS
        .iter()
        .copied()
        .find(|call| call.method == method && call.arity == arity)
        .or_else(|| dense_entity_call(method, arity))
}

/// What `#[sea_orm::model]` adds to a dense entity that reads or deletes
/// rows: `X::find_by_<key>(v)` and `X::delete_by_<key>(v)` for each unique
/// key (a `#[sea_orm(unique)]` field or a `unique_key = "…"` group), and
/// `X::load()`, the entity loader whose `.with(..)` loads related rows.
pub const DENSE_ENTITY_CALLS: &[EntityCall] = &[
    EntityCall {
        method: "find_by_<key>",
        arity: 1,
        op: Op::Read,
    },
    EntityCall {
        method: "delete_by_<key>",
        arity: 1,
        op: Op::Delete,
    },
    EntityCall {
        method: "load",
        arity: 0,
        op: Op::Read,
    },
];

fn dense_entity_call(method: &str, arity: usize) -> Option<EntityCall> {
    let pattern = match unique_key_of(method) {
        Some((prefix, _)) => format!("{prefix}<key>"),
        None => method.to_owned(),
    };
    DENSE_ENTITY_CALLS
        .iter()
        .copied()
        .find(|call| call.method == pattern && call.arity == arity)
}

/// `("find_by_", "email")` for `find_by_email`, `("delete_by_", "email")`
/// for `delete_by_email`.
fn unique_key_of(method: &str) -> Option<(&'static str, &str)> {
    ["find_by_", "delete_by_"].into_iter().find_map(|prefix| {
        let key = method.strip_prefix(prefix)?;
        (!key.is_empty()).then_some((prefix, key))
    })
}

/// The unique key `X::delete_by_<key>(value)` deletes by, for the deleters
/// SeaORM 2.0 generates on dense entities (`delete_by_email`): `Some("email")`.
/// `delete_by_id` is [`ENTITY_CALLS`]' own entry, not a unique key.
pub fn unique_key_delete(method: &str, arity: usize) -> Option<&str> {
    let call = entity_call(method, arity)?;
    let (_, key) = unique_key_of(method)?;
    (call.method == "delete_by_<key>").then_some(key)
}

/// A stable 64-bit name for the unique key `key` (FNV-1a of its bytes), so a
/// rewritten `X::delete_by_<key>(v)` and the entity's `#[soft_delete]`
/// agree on which key is meant without either seeing the other.
pub const fn unique_key_id(key: &str) -> u64 {
    let bytes = key.as_bytes();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < bytes.len() {
        hash ^= bytes[i] as u64;
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        i += 1;
    }
    hash
}

/// Whether the path segment before the method (`Entity` in
/// `user::Entity::find()`) names a type rather than a module: `Self`, or an
/// upper-case initial. Only then is `a::b::find()` taken for SeaORM's.
pub fn names_a_type(segment: &str) -> bool {
    segment == "Self" || segment.starts_with(|c: char| c.is_ascii_uppercase())
}

/// A method call that reads another entity's rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RelatedRead {
    /// `model.find_related(X)`, `model.find_linked(L)`: a `Select` of the
    /// target, filtered in `WHERE`.
    Target,
    /// `select.find_also_related(X)`, `select.left_join(X)`,
    /// `select.has_related(X, cond)`, ...: a join of `X` (or an `EXISTS`
    /// subquery on it), filtered in the `ON` clause (in the subquery).
    Join,
    /// `models.load_one(X, db)` and friends: the first argument is the
    /// entity or select to load.
    Loader,
}

/// The related read `receiver.method(..)` with `arity` arguments, if it is one.
pub fn related_read(method: &str, arity: usize) -> Option<RelatedRead> {
    match (method, arity) {
        ("find_related" | "find_linked", 1) => Some(RelatedRead::Target),
        (
            "find_also_related" | "find_with_related" | "find_both_related" | "and_also_related"
            | "left_join" | "right_join" | "inner_join" | "reverse_join",
            1,
        )
        | ("find_also" | "has_related", 2) => Some(RelatedRead::Join),
        ("load_one" | "load_many" | "load_one_ex" | "load_many_ex", 2)
        | (
            "load_many_to_many"
            | "load_one_ex_with_rel"
            | "load_many_ex_with_rel"
            | "load_self"
            | "load_self_many"
            | "load_self_ex"
            | "load_self_many_ex",
            3,
        ) => Some(RelatedRead::Loader),
        _ => None,
    }
}

/// `EntityTrait::find_related_rev::<R>()` and `<X as Related<R>>::find_related()`:
/// associated functions returning a `Select` of another entity.
pub const RELATED_SELECTS: &[&str] = &["find_related", "find_related_rev"];

/// The methods that run a 2.0 entity loader (`X::load().with(Y)`), by arity;
/// in a `#[soft_delete]` scope they drop the hidden related rows it loaded.
pub fn runs_a_loader(method: &str, arity: usize) -> bool {
    matches!((method, arity), ("one" | "all", 1) | ("paginate", 2))
}

/// Macros whose bodies are not comma-separated expressions but whose
/// grammar `#[soft_delete]` knows: the arms of `tokio::select!` /
/// `futures::select!`, the pattern of `matches!`.
pub const ARM_MACROS: &[&str] = &["select", "select_biased"];

/// See [`ARM_MACROS`]: an expression, then a pattern.
pub const PATTERN_MACROS: &[&str] = &["matches", "assert_matches", "debug_assert_matches"];

/// Reads of related rows that `#[soft_delete]` cannot filter, by method and
/// arity: a join given a bare `RelationDef` (which names no entity type),
/// and the self-referencing many-to-many loaders (whose query is built from
/// the junction). `cargo harden check` flags them in annotated scopes.
pub const UNFILTERED_RELATION_READS: &[(&str, usize)] = &[
    ("join", 2),
    ("join_rev", 2),
    ("join_as", 3),
    ("join_as_rev", 3),
    ("load_self_via", 2),
    ("load_self_via_rev", 2),
    ("load_self_via_ex", 3),
];

/// Whether a call named `method` may be one `#[soft_delete]` rewrites:
/// what a macro body it cannot parse is searched for. `after_path` is true
/// for `X::method(..)`, false for `receiver.method(..)`.
pub fn rewritten_in_scope(method: &str, after_path: bool) -> bool {
    let related = (0..=3).any(|arity| related_read(method, arity).is_some());
    // `model.delete(db)`, `model.cascade_delete(db)`, and their path forms.
    let model_delete = model_call(method, 1).is_some_and(|call| call.op == Op::Delete);
    if !after_path {
        return related || model_delete;
    }
    let entity = (0..=1).any(|arity| {
        entity_call(method, arity).is_some_and(|call| matches!(call.op, Op::Read | Op::Delete))
    });
    entity
        || related
        || model_delete
        || method == "update_many"
        || RELATED_SELECTS.contains(&method)
}

/// Reads of linked entities that `#[soft_delete]` does not filter (the
/// intermediate hops have no single `ON` clause to extend).
pub const UNFILTERED_LINKED_READS: &[&str] = &["find_also_linked", "find_with_linked"];

/// A method on a model or active model that writes its row:
/// `am.insert(db)`, `am.update(db)`, `am.save(db)`, `model.delete(db)`.
#[derive(Clone, Copy, Debug)]
pub struct ModelCall {
    /// The method.
    pub method: &'static str,
    /// How many arguments it takes besides the receiver (the connection).
    pub arity: usize,
    /// What it does.
    pub op: Op,
}

/// `ActiveModelTrait`'s and `ModelTrait`'s writing methods. Whether the
/// receiver is a SeaORM model only types can tell: the macro asks the type
/// system, the checker looks at the connection argument and the receiver.
pub const MODEL_CALLS: &[ModelCall] = &[
    ModelCall {
        method: "insert",
        arity: 1,
        op: Op::Insert,
    },
    ModelCall {
        method: "update",
        arity: 1,
        op: Op::Update,
    },
    ModelCall {
        method: "save",
        arity: 1,
        op: Op::Update,
    },
    ModelCall {
        method: "delete",
        arity: 1,
        op: Op::Delete,
    },
    // SeaORM 2.0 dense entities: deletes the row and, first, its has-one /
    // has-many children and many-to-many links.
    ModelCall {
        method: "cascade_delete",
        arity: 1,
        op: Op::Delete,
    },
];

/// The model call `receiver.method(..)` with `arity` arguments, if it is one.
/// Called as a path (`user::ActiveModel::insert(am, db)`), the receiver is
/// one more argument.
pub fn model_call(method: &str, arity: usize) -> Option<ModelCall> {
    MODEL_CALLS
        .iter()
        .copied()
        .find(|call| call.method == method && call.arity == arity)
}

/// `model.delete(db)` / `active_model.delete(db)`: a delete when the
/// receiver is a SeaORM model, which only types can tell.
pub fn is_model_delete(method: &str, arity: usize) -> bool {
    model_call(method, arity).is_some_and(|call| call.op == Op::Delete)
        && !is_cascade_delete(method, arity)
}

/// `model.cascade_delete(db)`: SeaORM 2.0's delete of a dense entity's row
/// with its children, when the receiver is a model.
pub fn is_cascade_delete(method: &str, arity: usize) -> bool {
    method == "cascade_delete" && arity == 1
}

/// How a transaction is started or ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransactionCall {
    /// `db.begin()`, `db.begin_with_config(..)`: the caller commits.
    Begin,
    /// `db.transaction(|txn| ..)`: the closure runs inside, committed on `Ok`.
    Closure,
    /// `txn.commit()`.
    Commit,
    /// `txn.rollback()`.
    Rollback,
}

/// The `TransactionTrait` / `DatabaseTransaction` method `method`, if it is one.
pub fn transaction_call(method: &str) -> Option<TransactionCall> {
    match method {
        "begin" | "begin_with_config" => Some(TransactionCall::Begin),
        "transaction" | "transaction_with_config" => Some(TransactionCall::Closure),
        "commit" => Some(TransactionCall::Commit),
        "rollback" => Some(TransactionCall::Rollback),
        _ => None,
    }
}

/// Methods that run a built statement on the connection they are given:
/// `X::insert(am).exec(db)`.
pub const EXEC_METHODS: &[&str] = &[
    "exec",
    "exec_with_returning",
    "exec_with_returning_many",
    "exec_with_returning_keys",
    "exec_without_returning",
];

/// The connection types that are a transaction: code handed one of these
/// runs inside its caller's transaction.
pub const TRANSACTION_TYPES: &[&str] = &["DatabaseTransaction"];

/// The connection types that are a pool: `DatabaseConnection` and SeaORM's
/// own alias for it.
pub const CONNECTION_TYPES: &[&str] = &["DatabaseConnection", "DbConn"];

/// What a `#[transactional]` function's parameter is, by its type: the one
/// rule the macro picks its connection by and the checker reads it with.
pub mod connection {
    /// A parameter's kind, as far as transactions go.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Kind {
        /// `&DatabaseConnection` / `&DbConn`: a pool to begin on.
        Pool,
        /// `&DatabaseTransaction`: already a transaction.
        Transaction,
        /// `&impl TransactionTrait`, `&C` with `C: TransactionTrait`: begins
        /// through the trait.
        Generic,
        /// `&impl ConnectionTrait` (or `C: ConnectionTrait`) only: runs
        /// queries, cannot begin a transaction.
        QueriesOnly,
    }

    /// The kind of `&T` for a named type `T` (its last path segment, with no
    /// generic arguments).
    pub fn of_type_name(name: &str) -> Option<Kind> {
        if super::CONNECTION_TYPES.contains(&name) {
            Some(Kind::Pool)
        } else if super::TRANSACTION_TYPES.contains(&name) {
            Some(Kind::Transaction)
        } else {
            None
        }
    }

    /// The kind of `&impl B1 + B2` or `&C` with `C: B1 + B2`, from the last
    /// segments of the trait bounds.
    pub fn of_bounds<'a>(bounds: impl IntoIterator<Item = &'a str>) -> Option<Kind> {
        let mut queries = false;
        for bound in bounds {
            match bound {
                "TransactionTrait" => return Some(Kind::Generic),
                "ConnectionTrait" => queries = true,
                _ => {}
            }
        }
        queries.then_some(Kind::QueriesOnly)
    }

    /// Whether a parameter of this kind is a connection `#[transactional]`
    /// can run its transaction on.
    pub fn can_begin(kind: Kind) -> bool {
        !matches!(kind, Kind::QueriesOnly)
    }
}

/// Functions building a `Statement` from SQL text (`Statement::from_string`).
pub const RAW_SQL_CONSTRUCTORS: &[&str] = &["from_string", "from_sql_and_values"];

/// `ConnectionTrait` methods that run SQL text, which no macro can rewrite.
pub const RAW_SQL_METHODS: &[&str] = &[
    "query_all_raw",
    "query_one_raw",
    "execute_raw",
    "execute_unprepared",
];

/// The `#[soft_delete(..)]` attribute on an entity: its options, which column
/// marks rows deleted, and how, decided by the column's type.
pub mod soft_delete {
    /// The options `#[soft_delete(..)]` takes.
    pub const OPTIONS: &[&str] = &["deleted_at", "column", "exempt"];

    /// The column of `#[soft_delete]` without options: `true` while visible.
    pub const DEFAULT_COLUMN: &str = "is_active";

    /// The column `#[soft_delete(deleted_at)]` means: `NULL` while visible.
    pub const DELETED_AT_COLUMN: &str = "deleted_at";

    /// How a soft-delete column marks a row deleted.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Strategy {
        /// A `bool`: `true` while visible, `false` once deleted.
        Flag,
        /// An `Option<DateTime…>`: `NULL` while visible, the time of deletion after.
        Timestamp,
    }

    /// The column the options name: `column = ".."`, else `deleted_at` for the
    /// `deleted_at` flag, else [`DEFAULT_COLUMN`].
    pub fn column(deleted_at: bool, column: Option<&str>) -> &str {
        match column {
            Some(column) => column,
            None if deleted_at => DELETED_AT_COLUMN,
            None => DEFAULT_COLUMN,
        }
    }

    /// The strategy for a column of type `ty` (written without spaces:
    /// `bool`, `Option<DateTimeUtc>`), decided by the type and not the name:
    /// `bool` is a flag; an `Option` is a timestamp when the options chose
    /// the column (`deleted_at`, `column = ".."`). `None`: the type cannot
    /// mark rows deleted (and `deleted_at` asks for an `Option`).
    pub fn strategy(ty: &str, deleted_at: bool, explicit_column: bool) -> Option<Strategy> {
        let option = is_option(ty);
        if deleted_at {
            return option.then_some(Strategy::Timestamp);
        }
        if ty == "bool" {
            return Some(Strategy::Flag);
        }
        (explicit_column && option).then_some(Strategy::Timestamp)
    }

    /// `Option<..>`, also written with its path (`std::option::Option<..>`).
    fn is_option(ty: &str) -> bool {
        let head = ty.split('<').next().unwrap_or_default();
        head.rsplit("::").next() == Some("Option") && ty.ends_with('>')
    }
}

/// Suppressions: `#[harden_runtime::allow(rule-a, rule-b, reason = "..")]` on
/// an item, `// harden:allow(rule-a, rule-b): reason` on a line. The macro
/// checks the attribute's form; `cargo harden check` applies both.
pub mod allow {
    /// The attribute's name (`#[harden_runtime::allow(..)]`).
    pub const ATTRIBUTE: &str = "allow";
    /// The attribute's reason key: `reason = ".."`.
    pub const REASON: &str = "reason";
    /// What a suppression comment starts with.
    pub const COMMENT: &str = "harden:allow(";

    /// A suppression's rules and its reason (`None`: none given, or empty).
    #[derive(Clone, Debug, Default, PartialEq, Eq)]
    pub struct Allow {
        pub rules: Vec<String>,
        pub reason: Option<String>,
    }

    /// The attribute's arguments as text (`print-macro, reason = "CLI output"`;
    /// token spacing such as `print - macro` is tolerated).
    pub fn parse_args(text: &str) -> Allow {
        let mut out = Allow::default();
        for part in split_outside_quotes(text) {
            let part = part.trim();
            match part.strip_prefix(REASON).map(str::trim_start) {
                Some(rest) if rest.starts_with('=') => {
                    out.reason = reason(rest[1..].trim().trim_matches('"'));
                }
                _ if !part.is_empty() => out
                    .rules
                    .push(part.replace(' ', "").trim_matches('"').to_owned()),
                _ => {}
            }
        }
        out
    }

    /// A comment's text after `//` (`harden:allow(a, b): reason`), if it is a
    /// suppression.
    pub fn parse_comment(text: &str) -> Option<Allow> {
        let rest = text.trim_start().strip_prefix(COMMENT)?;
        let close = rest.find(')')?;
        let rules = rest[..close]
            .split(',')
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_owned)
            .collect();
        let after = rest[close + 1..].trim_start();
        Some(Allow {
            rules,
            reason: after.strip_prefix(':').and_then(reason),
        })
    }

    /// A reason, unless it is blank.
    pub fn reason(text: &str) -> Option<String> {
        let text = text.trim();
        (!text.is_empty()).then(|| text.to_owned())
    }

    /// `text` split at commas that are not inside a string literal.
    fn split_outside_quotes(text: &str) -> Vec<&str> {
        let mut parts = Vec::new();
        let (mut start, mut quoted, mut escaped) = (0, false, false);
        for (i, c) in text.char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' if quoted => escaped = true,
                '"' => quoted = !quoted,
                ',' if !quoted => {
                    parts.push(&text[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
        parts.push(&text[start..]);
        parts
    }
}

/// The `Column` variant `DeriveEntityModel` generates for the field `field`:
/// `#[sea_orm(enum_name = "..")]` when given, else [`upper_camel`].
pub fn column_variant(field: &str, enum_name: Option<&str>) -> String {
    match enum_name {
        Some(name) => name.to_owned(),
        None => upper_camel(field),
    }
}

/// The enum variant SeaORM derives from a field name (`is_active` →
/// `IsActive`, `r#type` → `Type`): a `Column` variant, or a dense entity's
/// `Relation` variant. `#[sea_orm(enum_name = "..")]` overrides it for columns.
pub fn upper_camel(name: &str) -> String {
    let name = name.strip_prefix("r#").unwrap_or(name);
    name.split('_')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
                None => String::new(),
            }
        })
        .collect()
}

/// The candidate closest to `name` by edit distance, if close enough to be a
/// likely typo: at most a third of the name's length plus one edit
/// (`retries` → `retry`, `exlude` → `exclude`).
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = name.chars().count().max(3) / 3 + 1;
    candidates
        .into_iter()
        .map(|candidate| (edit_distance(name, candidate), candidate))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn soft_delete_strategy_follows_the_type_not_the_name() {
        use soft_delete::{Strategy, column, strategy};
        assert_eq!(column(false, None), "is_active");
        assert_eq!(column(true, None), "deleted_at");
        assert_eq!(column(true, Some("removed_at")), "removed_at");
        assert_eq!(strategy("bool", false, false), Some(Strategy::Flag));
        assert_eq!(strategy("bool", false, true), Some(Strategy::Flag));
        assert_eq!(
            strategy("Option<DateTimeUtc>", false, true),
            Some(Strategy::Timestamp),
            "`column = \"removed_at\"` on a nullable timestamp"
        );
        assert_eq!(
            strategy("std::option::Option<DateTime>", true, false),
            Some(Strategy::Timestamp)
        );
        assert_eq!(
            strategy("bool", true, false),
            None,
            "`deleted_at` needs an Option"
        );
        assert_eq!(strategy("Option<DateTimeUtc>", false, false), None);
        assert_eq!(strategy("i32", false, true), None);
        assert_eq!(column_variant("is_active", None), "IsActive");
        assert_eq!(column_variant("removed", Some("Gone")), "Gone");
    }

    #[test]
    fn allow_attribute_and_comment_read_alike() {
        use allow::{Allow, parse_args, parse_comment};
        let want = Allow {
            rules: vec!["print-macro".into(), "dbg-macro".into()],
            reason: Some("CLI output, see main".into()),
        };
        assert_eq!(
            parse_args(r#"print - macro, dbg-macro, reason = "CLI output, see main""#),
            want
        );
        assert_eq!(
            parse_comment(" harden:allow(print-macro, dbg-macro): CLI output, see main"),
            Some(want)
        );
        assert_eq!(parse_args(r#"todo-comment, reason = "  ""#).reason, None);
        assert_eq!(
            parse_comment("harden:allow(todo-comment)").map(|a| a.reason),
            Some(None)
        );
        assert_eq!(parse_comment("an ordinary comment"), None);
    }

    #[test]
    fn variants_are_upper_camel_field_names() {
        assert_eq!(upper_camel("is_active"), "IsActive");
        assert_eq!(upper_camel("deleted_at"), "DeletedAt");
        assert_eq!(upper_camel("archived"), "Archived");
        assert_eq!(upper_camel("removed_at_2"), "RemovedAt2");
        assert_eq!(upper_camel("r#type"), "Type");
    }

    #[test]
    fn arity_separates_seaorm_from_other_functions() {
        assert_eq!(entity_call("find", 0).map(|c| c.op), Some(Op::Read));
        assert!(
            entity_call("find", 2).is_none(),
            "a two-argument `find` is not EntityTrait::find"
        );
        assert_eq!(
            entity_call("delete_many", 0).map(|c| c.op),
            Some(Op::Delete)
        );
        assert_eq!(
            entity_call("restore_by_id", 1).map(|c| c.op),
            Some(Op::EscapeHatch)
        );
    }

    #[test]
    fn dense_entities_add_unique_key_finders_and_the_loader() {
        assert_eq!(
            entity_call("find_by_email", 1).map(|c| c.op),
            Some(Op::Read)
        );
        assert_eq!(
            entity_call("find_by_email", 1).map(|c| c.method),
            Some("find_by_<key>")
        );
        assert_eq!(entity_call("load", 0).map(|c| c.op), Some(Op::Read));
        assert!(entity_call("find_by_", 1).is_none(), "no key, no finder");
        assert!(entity_call("load", 1).is_none());
        assert_eq!(
            entity_call("find_by_id", 1).map(|c| c.method),
            Some("find_by_id"),
            "the table's own entry wins"
        );
    }

    #[test]
    fn joins_and_exists_are_related_reads() {
        for join in [
            "left_join",
            "inner_join",
            "reverse_join",
            "find_both_related",
        ] {
            assert_eq!(related_read(join, 1), Some(RelatedRead::Join), "{join}");
        }
        assert_eq!(related_read("has_related", 2), Some(RelatedRead::Join));
        assert_eq!(related_read("find_also", 2), Some(RelatedRead::Join));
        assert_eq!(related_read("load_many_ex", 2), Some(RelatedRead::Loader));
        assert!(
            related_read("inner_join", 2).is_none(),
            "sea-query's two-argument join"
        );
    }

    #[test]
    fn macro_bodies_are_searched_for_rewritten_calls_only() {
        assert!(rewritten_in_scope("find_by_id", true));
        assert!(rewritten_in_scope("find_by_email", true));
        assert!(rewritten_in_scope("delete_many", true));
        assert!(rewritten_in_scope("find_related", false));
        assert!(rewritten_in_scope("delete", false));
        assert!(rewritten_in_scope("cascade_delete", false));
        assert!(rewritten_in_scope("cascade_delete", true));
        assert!(rewritten_in_scope("delete_by_email", true));
        assert!(!rewritten_in_scope("insert", true));
        assert!(!rewritten_in_scope("len", false));
        assert!(
            !rewritten_in_scope("all", false),
            "too common to search for"
        );
    }

    #[test]
    fn only_type_like_segments_own_entity_calls() {
        assert!(names_a_type("Entity"));
        assert!(names_a_type("Self"));
        assert!(!names_a_type("user"));
        assert!(!names_a_type("utils"));
    }

    #[test]
    fn model_calls_need_the_connection_argument() {
        assert_eq!(model_call("save", 1).map(|c| c.op), Some(Op::Update));
        assert!(model_call("save", 0).is_none());
        assert!(is_model_delete("delete", 1));
        assert!(!is_model_delete("insert", 1));
        assert!(!is_model_delete("cascade_delete", 1));
        assert!(is_cascade_delete("cascade_delete", 1));
        assert_eq!(
            model_call("cascade_delete", 1).map(|c| c.op),
            Some(Op::Delete)
        );
    }

    #[test]
    fn unique_key_deleters_are_told_from_delete_by_id() {
        assert_eq!(unique_key_delete("delete_by_email", 1), Some("email"));
        assert_eq!(unique_key_delete("delete_by_id", 1), None);
        assert_eq!(unique_key_delete("delete_by_email", 2), None);
        assert_eq!(unique_key_delete("delete_by_", 1), None);
        assert_eq!(unique_key_delete("delete_many", 0), None);
        assert_eq!(unique_key_delete("find_by_email", 1), None);
        assert_eq!(
            entity_call("delete_by_email", 1).map(|c| (c.method, c.op)),
            Some(("delete_by_<key>", Op::Delete))
        );
        assert_eq!(
            entity_call("delete_by_id", 1).map(|c| c.method),
            Some("delete_by_id"),
            "the table's own entry wins"
        );
        assert_ne!(unique_key_id("email"), unique_key_id("name"));
        assert_eq!(unique_key_id("email"), unique_key_id("email"));
    }

    #[test]
    fn transaction_calls_are_told_apart() {
        assert_eq!(transaction_call("begin"), Some(TransactionCall::Begin));
        assert_eq!(
            transaction_call("transaction_with_config"),
            Some(TransactionCall::Closure)
        );
        assert_eq!(transaction_call("commit"), Some(TransactionCall::Commit));
        assert_eq!(
            transaction_call("rollback"),
            Some(TransactionCall::Rollback)
        );
        assert_eq!(transaction_call("begin_nested"), None);
    }

    #[test]
    fn method_names_are_unique_per_arity() {
        for (i, a) in ENTITY_CALLS.iter().enumerate() {
            for b in &ENTITY_CALLS[i + 1..] {
                assert!(
                    a.method != b.method || a.arity != b.arity,
                    "{} listed twice",
                    a.method
                );
            }
        }
    }

    #[test]
    fn closest_suggests_likely_typos_only() {
        assert_eq!(
            closest("delete_at", ["deleted_at", "column", "exempt"]),
            Some("deleted_at")
        );
        assert_eq!(
            closest("colum", ["deleted_at", "column", "exempt"]),
            Some("column")
        );
        assert_eq!(
            closest("zzzzzzzz", ["deleted_at", "column", "exempt"]),
            None
        );
    }
}
