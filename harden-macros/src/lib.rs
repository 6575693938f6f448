//! Attribute macros; users reach them through `harden-runtime`.
