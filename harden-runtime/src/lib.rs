//! What users depend on.
