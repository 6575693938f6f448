//! Every read path of a soft-delete entity inside a `#[soft_delete]` scope,
//! on SQLite, PostgreSQL and MariaDB: the rows that come back and the SQL
//! that ran.

mod entities;
mod finders;
mod joins;
mod loader;
mod macros;
mod not_entities;
mod repo;
mod support;
