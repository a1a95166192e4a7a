//! The rule catalogue: one module per group, one file per rule.

pub mod errors;
pub mod structure;
pub mod validation;
