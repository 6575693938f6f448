//! `#[soft_delete]` on the write side, on SQLite, PostgreSQL and MariaDB:
//! each delete and update path of SeaORM 2.0 inside an annotated scope, the
//! rows it leaves and the SQL it runs.

mod cascade;
#[allow(
    dead_code,
    reason = "SeaORM generates a `ModelEx` per dense entity; not every test builds one"
)]
mod entities;
mod model;
mod paths;
mod returning;
mod rows;
mod support;
mod unique;
mod update_many;
