//! The rule catalogue: one module per group, one file per rule.

pub mod security;
pub mod structure;
pub mod validation;
pub mod versioning;
