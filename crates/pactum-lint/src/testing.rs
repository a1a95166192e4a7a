//! Helpers for the rules' unit tests: a spec from inline YAML (typed model only; no source
//! map, so only pointers can be checked here — locations are covered by the fixture harness).

use pactum_spec::{SourceMap, Spec, SpecVersion};

use crate::finding::Finding;
use crate::rule::{Context, Rule, Sink};

/// A spec whose model is `yaml` deserialised directly (3.0 only, no `$ref` resolution).
pub fn spec_from_yaml(yaml: &str) -> Spec {
    let openapi =
        serde_yaml::from_str(yaml).expect("test YAML must be a valid OpenAPI 3.0 document");
    Spec {
        openapi,
        version: SpecVersion::V30,
        webhooks: Default::default(),
        path_items: Default::default(),
        source_map: SourceMap::new(Vec::new(), Vec::new(), Vec::new()),
    }
}

/// Runs `rule` at its default severity over `yaml`.
pub fn check_yaml(rule: &dyn Rule, yaml: &str) -> Vec<Finding> {
    let spec = spec_from_yaml(yaml);
    let cx = Context::new(&spec);
    let mut sink = Sink::new(rule.meta().id, rule.meta().default_severity);
    rule.check(&cx, &mut sink);
    sink.into_findings()
}
