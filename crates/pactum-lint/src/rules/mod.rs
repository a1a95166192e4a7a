//! The rule catalogue: one module per group, one file per rule.

pub mod cors;
pub mod errors;
pub mod rate_limit;
pub mod structure;
pub mod validation;
pub mod webhooks;
