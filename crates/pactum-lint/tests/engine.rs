//! The engine over loaded specs: merging a schema reached through many `$ref`s into one
//! finding, inline suppressions, per-path ignores, severity overrides and the baseline.

use std::path::Path;

use pactum_lint::{apply_baseline, Baseline, Config, Linter, Report, Severity};

fn lint(config: &Config, yaml: &str) -> Report {
    let spec = pactum_spec::load_str(Path::new("api.yaml"), yaml, &Default::default())
        .unwrap_or_else(|e| {
            panic!(
                "does not load: {:?}",
                e.iter().map(|e| &e.message).collect::<Vec<_>>()
            )
        });
    Linter::new(config).lint(&spec)
}

fn config(toml: &str) -> Config {
    Config::parse("pactum.toml", toml).expect("valid config")
}

const SHARED: &str = r#"openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /a:
    post:
      operationId: a
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Pet'}
      responses: {'204': {description: done}}
  /b:
    post:
      operationId: b
      x-pactum-ignore: [string-without-max-length]
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Pet'}
      responses: {'204': {description: done}}
components:
  schemas:
    Pet:
      type: object
      properties:
        name:
          type: string
        tag:
          type: string
          x-pactum-ignore: [validation]
"#;

#[test]
fn a_shared_schema_is_one_finding_with_its_usages() {
    let report = lint(
        &config("[lint]\nselect = [\"string-without-max-length\"]"),
        SHARED,
    );
    assert_eq!(report.items.len(), 1, "{:#?}", report.items);
    let item = &report.items[0];
    assert_eq!(
        item.place.pointer,
        "/components/schemas/Pet/properties/name"
    );
    assert_eq!(item.place.start.line, 26);
    assert_eq!(item.via.len(), 2);
    assert_eq!(item.via[0].start.line, 10);
    // `tag` is silenced inline (by group name).
    assert_eq!(report.suppressed.len(), 1);
    assert_eq!(report.summary().suppressed, 1);
}

#[test]
fn silenced_at_every_usage_means_silenced() {
    let yaml = SHARED.replace(
        "      operationId: a\n",
        "      operationId: a\n      x-pactum-ignore: [string-without-max-length]\n",
    );
    let report = lint(
        &config("[lint]\nselect = [\"string-without-max-length\"]"),
        &yaml,
    );
    assert!(report.items.is_empty(), "{:#?}", report.items);
    assert_eq!(report.summary().suppressed, 2);
}

#[test]
fn per_path_ignores_and_severity_overrides() {
    let c = config(
        r#"
[lint]
select = ["structure", "validation"]
ignore = ["request-object-open", "string-without-pattern-or-format"]
[lint.severity]
string-without-max-length = "error"
operation-id-missing = "off"
[[lint.per-path-ignores]]
pointers = "/components/schemas/Pet/properties/tag"
"#,
    );
    let report = lint(&c, SHARED);
    // Other structure rules (tags, descriptions, servers) may report on this spec too.
    let got: Vec<_> = report
        .items
        .iter()
        .filter(|i| {
            matches!(
                i.rule.as_str(),
                "operation-id-missing" | "string-without-max-length"
            )
        })
        .map(|i| (i.rule.as_str(), i.severity))
        .collect();
    assert_eq!(got, [("string-without-max-length", Severity::Error)]);
}

#[test]
fn the_baseline_silences_known_findings_only() {
    let c = config("[lint]\nselect = [\"string-without-max-length\"]");
    let before = lint(&c, SHARED);
    let baseline = Baseline::parse(&Baseline::write(&before.items)).expect("baseline parses");
    // An edit above the finding moves its line; the baseline still matches.
    let edited = SHARED.replace("info:", "# a new comment line\ninfo:");
    let mut after = lint(&c, &edited);
    apply_baseline(&mut after, baseline);
    assert!(after.items.is_empty(), "{:#?}", after.items);
    assert_eq!(after.baselined.len(), 1);
}

#[test]
fn machine_output_lists_at_most_twenty_usages_with_the_total() {
    let mut yaml = String::from("openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths:\n");
    for n in 0..25 {
        yaml.push_str(&format!(
            "  /p{n}:\n    post:\n      operationId: p{n}\n      requestBody:\n        content:\n          application/json:\n            schema: {{$ref: '#/components/schemas/Pet'}}\n      responses: {{'204': {{description: done}}}}\n"
        ));
    }
    yaml.push_str("components:\n  schemas:\n    Pet:\n      type: object\n      properties:\n        name: {type: string}\n");
    let report = lint(
        &config("[lint]\nselect = [\"string-without-max-length\"]"),
        &yaml,
    );
    assert_eq!(report.items.len(), 1, "{:#?}", report.items);
    assert_eq!(report.items[0].via.len(), 25);
    let json = pactum_lint::render::json::to_value(&report);
    let finding = &json["findings"][0];
    assert_eq!(finding["via"].as_array().map(Vec::len), Some(20));
    assert_eq!(finding["via_total"], 25);
    let mut sarif = Vec::new();
    pactum_lint::render::sarif::render(&report, &mut sarif).expect("renders");
    let sarif: serde_json::Value = serde_json::from_slice(&sarif).expect("json");
    let related = &sarif["runs"][0]["results"][0]["relatedLocations"];
    assert_eq!(related.as_array().map(Vec::len), Some(20));
}
