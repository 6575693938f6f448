//! The signatures `#[transactional]` accepts, each run once on SQLite: the
//! fn compiles with its signature untouched, and the body runs in the
//! transaction (a write followed by an Err is gone afterwards).

use crate::support::{AppError, Backend, count, fresh, insert, item, labels};
use harden_runtime::{soft_delete, transactional};
use harden_tests::entities::user;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    TransactionTrait,
};
use std::sync::Arc;

async fn sqlite() -> DatabaseConnection {
    fresh(Backend::Sqlite, "signatures", 1)
        .await
        .expect("sqlite always runs")
}

fn assert_send<T: Send>(_: &T) {}

/// A service holding its pool, as axum state usually does.
struct Accounts {
    db: DatabaseConnection,
    opened: u32,
}

impl Accounts {
    /// `conn = self.db`: every `self.db` in the body is the transaction,
    /// including inside macro calls.
    #[transactional(conn = self.db)]
    async fn open(&self, id: i32, fail: bool) -> Result<String, AppError> {
        insert(&self.db, id, "opened").await?;
        let described = format!("{:?}", self.db.get_database_backend());
        if fail {
            return Err(AppError::Rejected("after the insert"));
        }
        Ok(described)
    }

    /// `&mut self` and a field connection: the connection is borrowed only
    /// for `BEGIN`, so the body may mutate `self`.
    #[transactional(conn = self.db)]
    async fn open_and_count(&mut self, id: i32) -> Result<u32, AppError> {
        insert(&self.db, id, "counted").await?;
        self.opened += 1;
        Ok(self.opened)
    }
}

#[tokio::test]
async fn method_with_connection_field() {
    let mut accounts = Accounts {
        db: sqlite().await,
        opened: 0,
    };
    assert_eq!(
        accounts.open(1, false).await.expect("commits"),
        "Sqlite",
        "`self.db` inside format! was the transaction, which has the pool's backend"
    );
    assert!(accounts.open(2, true).await.is_err());
    assert_eq!(accounts.open_and_count(3).await.expect("commits"), 1);
    assert_eq!(labels(&accounts.db).await, ["opened", "counted"]);
    assert_send(&accounts.open(4, false));
}

struct Shared {
    db: Arc<DatabaseConnection>,
}

impl Shared {
    #[transactional(conn = self.db)]
    async fn add(&self, id: i32) -> Result<(), DbErr> {
        insert(&*self.db, id, "shared").await
    }

    /// `self.db.as_ref()` is the field too: the transaction, not the pool
    /// (the failure after it shows the insert rolled back).
    #[transactional(conn = self.db)]
    async fn add_as_ref(&self, id: i32) -> Result<String, AppError> {
        insert(self.db.as_ref(), id, "as_ref").await?;
        let seen = format!("{}", count(self.db.as_ref()).await);
        Err(AppError::Rejected(if seen == "3" {
            "saw its insert"
        } else {
            "did not"
        }))
    }
}

struct Borrowed<'a> {
    db: &'a DatabaseConnection,
}

impl Borrowed<'_> {
    #[transactional(conn = self.db)]
    async fn add(&self, id: i32) -> Result<(), DbErr> {
        insert(self.db, id, "borrowed").await
    }
}

#[tokio::test]
async fn field_behind_arc_or_reference() {
    let db = sqlite().await;
    Borrowed { db: &db }.add(1).await.expect("commits");
    let shared = Shared { db: Arc::new(db) };
    shared.add(2).await.expect("commits");
    let outcome = shared.add_as_ref(3).await;
    assert!(
        matches!(outcome, Err(AppError::Rejected("saw its insert"))),
        "the count inside format! ran in the transaction, after the insert: {outcome:?}"
    );
    assert_eq!(labels(&*shared.db).await, ["borrowed", "shared"]);
}

/// Native `async fn` in a trait, implemented with `#[transactional]`.
trait Store {
    async fn put(&self, db: &DatabaseConnection, id: i32) -> Result<(), AppError>;
}

struct SqlStore;

impl Store for SqlStore {
    /// Documented, and the attribute keeps the docs.
    #[transactional]
    async fn put(&self, db: &DatabaseConnection, id: i32) -> Result<(), AppError> {
        insert(db, id, "trait").await?;
        Err(AppError::Rejected("always rolls back"))
    }
}

#[tokio::test]
async fn trait_impl_method() {
    let db = sqlite().await;
    assert!(SqlStore.put(&db, 1).await.is_err());
    assert_eq!(count(&db).await, 0);
}

/// `&impl TransactionTrait` alone is enough: the transaction it begins is a
/// `ConnectionTrait`.
#[transactional]
async fn with_impl_trait(db: &impl TransactionTrait, id: i32) -> Result<(), DbErr> {
    insert(db, id, "impl").await
}

#[transactional]
async fn with_impl_both(
    db: &(impl ConnectionTrait + TransactionTrait),
    id: i32,
) -> Result<(), DbErr> {
    insert(db, id, "impl both").await
}

/// Lifetimes, a borrowed result, and an error type chosen by the caller.
#[transactional]
async fn first_label<'a, E>(db: &DatabaseConnection, candidates: &'a [String]) -> Result<&'a str, E>
where
    E: From<DbErr>,
{
    insert(db, 1, &candidates[0]).await?;
    Ok(&candidates[0])
}

/// `impl Trait` in the return type.
#[transactional]
async fn all_labels(db: &DatabaseConnection) -> Result<impl Iterator<Item = String>, DbErr> {
    Ok(item::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|item| item.label))
}

/// Two connection parameters: `conn` says which one the transaction runs
/// on; the other stays the pool.
#[transactional(conn = primary)]
async fn with_two_handles(
    primary: &DatabaseConnection,
    audit: &DatabaseConnection,
) -> Result<u64, DbErr> {
    insert(primary, 1, "primary").await?;
    let _ = audit;
    Ok(count(primary).await)
}

/// A boxed error is `From<DbErr>` too.
#[transactional]
async fn boxed_error(
    db: &DatabaseConnection,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    insert(db, 9, "boxed").await?;
    Err("boxed failure".into())
}

#[tokio::test]
async fn generic_and_borrowing_signatures() {
    let db = sqlite().await;
    with_impl_trait(&db, 10).await.expect("commits");
    with_impl_both(&db, 11).await.expect("commits");
    let candidates = vec!["chosen".to_owned()];
    let first: Result<&str, AppError> = first_label(&db, &candidates).await;
    assert_eq!(first.expect("commits"), "chosen");
    let all: Vec<String> = all_labels(&db).await.expect("reads").collect();
    assert_eq!(all, ["chosen", "impl", "impl both"]);
    assert!(boxed_error(&db).await.is_err());
    assert_eq!(count(&db).await, 3);
}

#[tokio::test]
async fn named_connection_among_two() {
    let db = sqlite().await;
    assert_eq!(with_two_handles(&db, &db).await.expect("commits"), 1);
}

/// Stacked with `#[tracing::instrument]`, above and below.
#[tracing::instrument(skip(db))]
#[transactional]
async fn instrumented_outside(db: &DatabaseConnection, id: i32) -> Result<(), DbErr> {
    insert(db, id, "outside").await
}

#[transactional]
#[tracing::instrument(skip(db), err)]
async fn instrumented_inside(db: &DatabaseConnection, id: i32) -> Result<(), DbErr> {
    insert(db, id, "inside").await?;
    Err(DbErr::Custom("instrumented failure".into()))
}

#[tokio::test]
async fn stacks_with_instrument() {
    let db = sqlite().await;
    instrumented_outside(&db, 1).await.expect("commits");
    assert!(instrumented_inside(&db, 2).await.is_err());
    assert_eq!(labels(&db).await, ["outside"]);
}

/// `#[soft_delete]` and `#[transactional]` on one repository: the delete is
/// rewritten into an UPDATE, and that UPDATE runs in the transaction.
struct Users {
    db: DatabaseConnection,
}

#[soft_delete]
impl Users {
    #[transactional(conn = self.db)]
    async fn deactivate(&self, id: i32, fail: bool) -> Result<u64, AppError> {
        let result = user::Entity::delete_by_id(id).exec(&self.db).await?;
        if fail {
            return Err(AppError::Rejected("after the delete"));
        }
        Ok(result.rows_affected)
    }

    async fn visible(&self) -> Result<Vec<String>, DbErr> {
        let users = user::Entity::find().all(&self.db).await?;
        Ok(users.into_iter().map(|user| user.name).collect())
    }
}

#[tokio::test]
async fn with_soft_delete_on_the_same_impl() {
    let db = sqlite().await;
    crate::support::create_table(&db, user::Entity)
        .await
        .expect("users table");
    for name in ["ada", "grace"] {
        user::ActiveModel {
            name: Set(name.to_owned()),
            is_active: Set(true),
            ..Default::default()
        }
        .insert(&db)
        .await
        .expect("user inserted");
    }
    let users = Users { db };
    assert!(users.deactivate(1, true).await.is_err());
    assert_eq!(users.visible().await.expect("reads"), ["ada", "grace"]);
    assert_eq!(users.deactivate(1, false).await.expect("commits"), 1);
    assert_eq!(users.visible().await.expect("reads"), ["grace"]);
    let rows = user::Entity::find()
        .all(&users.db)
        .await
        .expect("reads")
        .len();
    assert_eq!(rows, 2, "soft-deleted, not deleted");
}

#[tokio::test]
async fn futures_are_send() {
    let db = sqlite().await;
    let handle = db.clone();
    tokio::spawn(async move { with_impl_both(&handle, 1).await })
        .await
        .expect("task completes")
        .expect("commits");
    assert_eq!(count(&db).await, 1);
}
