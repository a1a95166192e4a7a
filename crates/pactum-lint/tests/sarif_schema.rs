//! SARIF output validates against the SARIF 2.1.0 JSON schema (vendored under `tests/data/`,
//! OASIS; see `tests/data/README.md`).

mod common;

use pactum_lint::render::sarif;

#[test]
fn sarif_output_matches_the_2_1_0_schema() {
    let schema_text = include_str!("data/sarif-schema-2.1.0.json");
    // The published schema's `language` patterns have a stray `]` that strict regex engines
    // reject when the schema itself is checked; fix those patterns in memory.
    let fixed = schema_text.replace(
        r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#,
        r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#,
    );
    let schema: serde_json::Value = serde_json::from_str(&fixed).expect("schema is JSON");
    let validator = jsonschema::draft7::new(&schema).expect("schema compiles");
    // The validator really checks: a wrong level is rejected.
    let mut bad = sarif::to_value(&common::report());
    bad["runs"][0]["results"][0]["level"] = serde_json::json!("fatal");
    assert!(
        !validator.is_valid(&bad),
        "the schema check accepts anything"
    );
    let mut reports = vec![common::report(), pactum_lint::Report::default()];
    reports[1].files.push("empty.yaml".into());
    for report in reports {
        let log = sarif::to_value(&report);
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "SARIF invalid:\n{}", errors.join("\n"));
    }
}
