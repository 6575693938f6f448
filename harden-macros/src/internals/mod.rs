//! The front end shared by every attribute: argument parsing and errors.

pub(crate) mod ctxt;
pub(crate) mod suggest;
