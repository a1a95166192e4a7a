//! `pactum-lint`: the rule engine.
//!
//! ```text
//! Spec ─▶ Linter::check (rules, pure) ─▶ Finding{rule, severity, pointer, via}
//!      ─▶ Linter::lint (SourceMap: pointer → place; merge same place; suppressions) ─▶ Report
//!      ─▶ render::{human, json, sarif, github, junit, markdown}
//! ```
//!
//! Adding a rule: see `README.md` of this crate.

pub mod baseline;
pub mod config;
pub mod docs;
pub mod engine;
pub mod finding;
pub(crate) mod http;
pub mod model;
pub mod oas;
pub mod registry;
pub mod render;
pub mod report;
pub mod rule;
pub mod rules;
pub mod schema_check;
pub mod schema_util;
pub mod suppress;
pub mod template;

#[cfg(test)]
mod testing;

pub use baseline::Baseline;
pub use config::{Config, ConfigError};
pub use engine::{apply_baseline, Linter};
pub use finding::{FailOn, Finding, Label, Severity};
pub use model::Direction;
pub use registry::RULES;
pub use render::{render, Format, RenderOptions};
pub use report::{Place, Report, Resolved, Summary};
pub use rule::{Context, Group, Rule, RuleMeta, Sink};
