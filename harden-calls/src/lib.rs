//! Which SeaORM calls read, write and delete, start transactions and run raw SQL.
//!
//! `#[soft_delete]` rewrites these calls and `cargo harden check` flags them
//! where the macro is absent; both read this one table so they cannot drift.
//! Plain data, no dependencies: it costs a user's build nothing. It also
//! holds the one "did you mean" rule ([`closest`]), so a misspelled macro
//! option and a misspelled config key get the same suggestion.

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
];

/// The entity call `X::method(..)` with `arity` arguments, if it is one.
pub fn entity_call(method: &str, arity: usize) -> Option<EntityCall> {
    ENTITY_CALLS
        .iter()
        .copied()
        .find(|call| call.method == method && call.arity == arity)
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
    /// `select.find_also_related(X)`, `select.find_with_related(X)`: a join,
    /// filtered in the `ON` clause.
    Join,
    /// `models.load_one(X, db)` and friends: the first argument is the
    /// entity or select to load.
    Loader,
}

/// The related read `receiver.method(..)` with `arity` arguments, if it is one.
pub fn related_read(method: &str, arity: usize) -> Option<RelatedRead> {
    match (method, arity) {
        ("find_related" | "find_linked", 1) => Some(RelatedRead::Target),
        ("find_also_related" | "find_with_related", 1) => Some(RelatedRead::Join),
        ("load_one" | "load_many", 2) | ("load_many_to_many", 3) => Some(RelatedRead::Loader),
        _ => None,
    }
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

/// Functions building a `Statement` from SQL text (`Statement::from_string`).
pub const RAW_SQL_CONSTRUCTORS: &[&str] = &["from_string", "from_sql_and_values"];

/// `ConnectionTrait` methods that run SQL text, which no macro can rewrite.
pub const RAW_SQL_METHODS: &[&str] = &[
    "query_all_raw",
    "query_one_raw",
    "execute_raw",
    "execute_unprepared",
];

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
