//! Helpers for the rules' unit tests: run one rule over inline YAML loaded by the real loader.

use std::path::Path;

use pactum_spec::Spec;

use crate::finding::Finding;
use crate::rule::{Context, Rule, Sink};

/// "Now" in unit tests: 2026-01-01T00:00:00Z.
pub const TEST_NOW: i64 = 1_767_225_600;

/// Loads `yaml` as if read from `api.yaml`.
pub fn spec_from_yaml(yaml: &str) -> Spec {
    pactum_spec::load_str(Path::new("api.yaml"), yaml, &Default::default()).unwrap_or_else(|e| {
        let messages: Vec<_> = e.iter().map(|e| e.message.as_str()).collect();
        panic!("test YAML does not load: {messages:?}")
    })
}

/// Runs `rule` at its default severity over `yaml`; the raw findings in report order.
pub fn check_yaml(rule: &dyn Rule, yaml: &str) -> Vec<Finding> {
    let spec = spec_from_yaml(yaml);
    let cx = Context::new(&spec).with_now(Some(TEST_NOW));
    let mut sink = Sink::new(rule.meta().id, rule.meta().default_severity);
    rule.check(&cx, &mut sink);
    sink.into_findings()
}
