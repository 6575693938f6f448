//! Random sequences of insert / soft delete / restore / read, run against an
//! in-memory model and a real database: they must always agree.

use harden_runtime::SoftDeleteExt;
use harden_tests::db::{Backend, fresh};
use harden_tests::entities::user;
use harden_tests::repository::Repo;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection};

#[derive(Clone, Debug)]
enum Op {
    Insert,
    SoftDelete(usize),
    Restore(usize),
    Read(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => Just(Op::Insert),
        2 => any::<usize>().prop_map(Op::SoftDelete),
        1 => any::<usize>().prop_map(Op::Restore),
        2 => any::<usize>().prop_map(Op::Read),
    ]
}

/// The model: every row ever inserted, with whether it is visible.
#[derive(Default)]
struct Model {
    rows: Vec<(i32, bool)>,
}

impl Model {
    fn pick(&self, index: usize) -> Option<(usize, i32, bool)> {
        if self.rows.is_empty() {
            return None;
        }
        let at = index % self.rows.len();
        Some((at, self.rows[at].0, self.rows[at].1))
    }
    fn visible(&self) -> Vec<i32> {
        self.rows
            .iter()
            .filter(|(_, visible)| *visible)
            .map(|(id, _)| *id)
            .collect()
    }
}

async fn run(db: &DatabaseConnection, ops: &[Op]) -> Result<(), TestCaseError> {
    let mut model = Model::default();
    for (step, op) in ops.iter().enumerate() {
        match *op {
            Op::Insert => {
                let row = user::ActiveModel {
                    name: Set(format!("u{step}")),
                    is_active: Set(true),
                    ..Default::default()
                }
                .insert(db)
                .await
                .map_err(fail)?;
                model.rows.push((row.id, true));
            }
            Op::SoftDelete(index) => {
                let Some((at, id, visible)) = model.pick(index) else {
                    continue;
                };
                let affected = Repo::delete_user(db, id).await.map_err(fail)?;
                prop_assert_eq!(
                    affected,
                    u64::from(visible),
                    "step {}: delete of {}",
                    step,
                    id
                );
                model.rows[at].1 = false;
            }
            Op::Restore(index) => {
                let Some((at, id, visible)) = model.pick(index) else {
                    continue;
                };
                let affected = user::Entity::restore_by_id(id)
                    .exec(db)
                    .await
                    .map_err(fail)?
                    .rows_affected;
                prop_assert_eq!(
                    affected,
                    u64::from(!visible),
                    "step {}: restore of {}",
                    step,
                    id
                );
                model.rows[at].1 = true;
            }
            Op::Read(index) => {
                let ids: Vec<i32> = Repo::users(db)
                    .await
                    .map_err(fail)?
                    .iter()
                    .map(|u| u.id)
                    .collect();
                prop_assert_eq!(&ids, &model.visible(), "step {}: find()", step);
                prop_assert_eq!(
                    Repo::count_users(db).await.map_err(fail)?,
                    ids.len() as u64,
                    "step {}: count",
                    step
                );
                if let Some((_, id, visible)) = model.pick(index) {
                    let found = Repo::user(db, id).await.map_err(fail)?;
                    prop_assert_eq!(
                        found.is_some(),
                        visible,
                        "step {}: find_by_id({})",
                        step,
                        id
                    );
                }
            }
        }
    }
    let ids: Vec<i32> = Repo::users(db)
        .await
        .map_err(fail)?
        .iter()
        .map(|u| u.id)
        .collect();
    prop_assert_eq!(ids, model.visible(), "final find()");
    Ok(())
}

fn fail(err: sea_orm::DbErr) -> TestCaseError {
    TestCaseError::fail(err.to_string())
}

fn agree_with_model(backend: Backend, cases: u32) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let result = runner.run(&proptest::collection::vec(op(), 1..40), |ops| {
        runtime.block_on(async {
            let name = format!("model_{backend:?}").to_lowercase();
            let Some(db) = fresh(backend, &name).await.map_err(fail)? else {
                return Ok(());
            };
            run(&db, &ops).await
        })
    });
    if let Err(err) = result {
        panic!("{err}");
    }
}

#[test]
fn sqlite_agrees_with_the_model() {
    agree_with_model(Backend::Sqlite, 128);
}

#[test]
#[cfg_attr(
    not(harden_postgres),
    ignore = "HARDEN_TEST_POSTGRES_URL not set: PostgreSQL not tested"
)]
fn postgres_agrees_with_the_model() {
    agree_with_model(Backend::Postgres, 24);
}

#[test]
#[cfg_attr(
    not(harden_mysql),
    ignore = "HARDEN_TEST_MYSQL_URL not set: MariaDB not tested"
)]
fn mariadb_agrees_with_the_model() {
    agree_with_model(Backend::MySql, 24);
}
