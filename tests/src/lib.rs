//! Shared entities, a repository and database helpers for the end-to-end
//! tests. Tables are prefixed `sd_` so they never meet other suites' tables.

pub mod db;
pub mod entities;
pub mod repository;
