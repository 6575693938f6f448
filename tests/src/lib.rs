//! Shared entities and helpers for the end-to-end tests.
