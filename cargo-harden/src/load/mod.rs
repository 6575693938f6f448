//! Reading the workspace from disk: packages, targets and files.

pub(crate) mod workspace;
