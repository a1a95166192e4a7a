//! Generated tests: every schema keyword × action fires on both sides with the table's
//! severities, and swapping base and revision fires the inverse check.

use std::path::Path;

use pactum_lint::Severity;
use pactum_spec::Spec;

use crate::checks::{self, SCHEMA_KEYWORDS};
use crate::{diff, Finding, Settings};

fn spec(name: &str, schema: &str) -> Spec {
    let text = format!(
        r#"openapi: 3.0.3
info: {{title: t, version: 1.0.0}}
paths:
  /things:
    post:
      requestBody:
        content:
          application/json:
            schema: {schema}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {schema}
components:
  schemas:
    A: {{type: object}}
    B: {{type: object}}
"#
    );
    pactum_spec::load_str(Path::new(name), &text, &Default::default())
        .unwrap_or_else(|e| panic!("{name} does not load: {e:?}\n{text}"))
}

/// A whole document (not a schema fragment), which must load.
fn load(name: &str, text: &str) -> Spec {
    pactum_spec::load_str(Path::new(name), text, &Default::default())
        .unwrap_or_else(|e| panic!("{name} does not load: {e:?}\n{text}"))
}

fn settings() -> Settings {
    Settings {
        today: (2026, 1, 1),
        ..Settings::default()
    }
}

pub(crate) fn ids(f: &[Finding]) -> Vec<(String, Severity)> {
    f.iter()
        .map(|f| (f.change.check.id.clone(), f.severity))
        .collect()
}

#[test]
fn every_schema_check_fires_on_both_sides() {
    for k in SCHEMA_KEYWORDS {
        let base = spec("base.yaml", k.base);
        let rev = spec("revision.yaml", k.revision);
        let found = ids(&diff(&base, &rev, &settings()));
        for (side, sev) in [("request", k.severity.0), ("response", k.severity.1)] {
            let id = format!("{side}-{}-{}", k.key, k.action.name());
            assert!(
                found.contains(&(id.clone(), sev)),
                "{id} ({sev}) did not fire for {} -> {}; got {found:?}",
                k.base,
                k.revision
            );
        }
    }
}

#[test]
fn swapping_base_and_revision_fires_the_inverse() {
    for k in SCHEMA_KEYWORDS {
        let base = spec("base.yaml", k.base);
        let rev = spec("revision.yaml", k.revision);
        let swapped = ids(&diff(&rev, &base, &settings()));
        for side in ["request", "response"] {
            let id = format!("{side}-{}-{}", k.key, k.action.name());
            let Some(inv) = checks::find(&id).and_then(|c| c.inverse.clone()) else {
                continue;
            };
            assert!(
                swapped.iter().any(|(i, _)| *i == inv),
                "swapping {id} did not fire {inv}; got {swapped:?}"
            );
        }
    }
}

#[test]
fn recursive_schemas_terminate() {
    let text = |extra: &str| {
        format!(
            r#"openapi: 3.0.3
info: {{title: t, version: 1.0.0}}
paths:
  /nodes:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/Node'}}
components:
  schemas:
    Node:
      type: object
      properties:
        children: {{type: array, items: {{$ref: '#/components/schemas/Node'}}}}
        other: {{$ref: '#/components/schemas/Other'}}
    Other:
      type: object
      properties:
        back: {{$ref: '#/components/schemas/Node'}}
        name: {{type: string{extra}}}
"#
        )
    };
    let b = pactum_spec::load_str(Path::new("b.yaml"), &text(""), &Default::default()).unwrap();
    let r = pactum_spec::load_str(
        Path::new("r.yaml"),
        &text(", maxLength: 5"),
        &Default::default(),
    )
    .unwrap();
    let found = diff(&b, &r, &settings());
    let hits: Vec<_> = found
        .iter()
        .filter(|f| f.change.check.id == "response-max-length-added")
        .collect();
    assert_eq!(hits.len(), 1, "{:?}", ids(&found));
    assert_eq!(
        hits[0].change.revision.as_deref(),
        Some("/components/schemas/Other/properties/name/maxLength")
    );
}

fn removed_op(extra: &str, headers: &str) -> (Spec, Spec) {
    let text = |op: &str| {
        format!(
            r#"openapi: 3.0.3
info: {{title: t, version: 1.0.0}}
paths:
  /a:
    get:
      responses: {{'200': {{description: ok}}}}
{op}components:
  headers:
    Sunset:
      schema: {{type: string, example: 'Wed, 30 Jun 2027 23:59:59 GMT'}}
"#
        )
    };
    let op = format!(
        "    delete:\n      deprecated: true\n{extra}      responses:\n        '200':\n          description: ok\n{headers}"
    );
    (
        pactum_spec::load_str(Path::new("b.yaml"), &text(&op), &Default::default()).unwrap(),
        pactum_spec::load_str(Path::new("r.yaml"), &text(""), &Default::default()).unwrap(),
    )
}

#[test]
fn sunset_from_extension_or_header() {
    let before = |today| Settings {
        today,
        ..Settings::default()
    };
    let (b, r) = removed_op("      x-sunset: '2027-06-30'\n", "");
    let found = ids(&diff(&b, &r, &before((2026, 11, 28))));
    assert!(
        found
            .iter()
            .any(|(i, _)| i == "operation-removed-before-sunset"),
        "{found:?}"
    );
    let found = ids(&diff(&b, &r, &before((2027, 7, 1))));
    assert!(
        found
            .iter()
            .any(|(i, _)| i == "operation-removed-after-sunset"),
        "{found:?}"
    );
    // The Sunset header's example (an HTTP date, through a $ref).
    let (b, r) = removed_op(
        "",
        "          headers:\n            Sunset: {$ref: '#/components/headers/Sunset'}\n",
    );
    let found = ids(&diff(&b, &r, &before((2027, 7, 1))));
    assert!(
        found
            .iter()
            .any(|(i, _)| i == "operation-removed-after-sunset"),
        "{found:?}"
    );
    let (b, r) = removed_op("", "");
    let found = ids(&diff(&b, &r, &before((2027, 7, 1))));
    assert!(
        found
            .iter()
            .any(|(i, _)| i == "deprecated-operation-removed"),
        "{found:?}"
    );
}

#[test]
fn extensible_enum_and_sdk_profile() {
    let with = |s: &str| {
        let b = spec("b.yaml", s);
        let r = spec("r.yaml", &s.replace("[a, b]", "[a, b, c]"));
        (b, r)
    };
    let (b, r) = with("{type: string, enum: [a, b]}");
    let sev = |f: &[(String, Severity)]| {
        f.iter()
            .find(|(i, _)| i == "response-enum-value-added")
            .map(|(_, s)| *s)
    };
    assert_eq!(
        sev(&ids(&diff(&b, &r, &settings()))),
        Some(Severity::Warning)
    );
    let sdk = Settings {
        profile: crate::Profile::Sdk,
        ..settings()
    };
    assert_eq!(sev(&ids(&diff(&b, &r, &sdk))), Some(Severity::Error));
    let (b, r) = with("{type: string, enum: [a, b], x-extensible-enum: true}");
    assert_eq!(sev(&ids(&diff(&b, &r, &settings()))), Some(Severity::Info));
}

#[test]
fn headers_match_case_insensitively_and_paths_by_shape() {
    let text = |path: &str, header: &str| {
        format!(
            r#"openapi: 3.0.3
info: {{title: t, version: 1.0.0}}
paths:
  {path}:
    get:
      parameters:
        - {{name: id, in: path, required: true, schema: {{type: string}}}}
        - {{name: {header}, in: header, schema: {{type: string}}}}
      responses: {{'200': {{description: ok}}}}
"#
        )
    };
    let b = pactum_spec::load_str(
        Path::new("b.yaml"),
        &text("/v1/pets/{id}", "X-Trace"),
        &Default::default(),
    )
    .unwrap();
    let r = pactum_spec::load_str(
        Path::new("r.yaml"),
        &text("/v2/pets/{id}", "x-trace"),
        &Default::default(),
    )
    .unwrap();
    assert!(ids(&diff(&b, &r, &settings())).is_empty());
}

#[test]
fn nullable_spellings_are_equivalent() {
    let b = spec("b.yaml", "{type: string, nullable: true, maxLength: 5}");
    let text = |schema: &str| {
        format!(
            r#"openapi: 3.1.0
info: {{title: t, version: 1.0.0}}
paths:
  /things:
    post:
      requestBody:
        content:
          application/json:
            schema: {schema}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {schema}
components:
  schemas:
    A: {{type: object}}
    B: {{type: object}}
"#
        )
    };
    for s in [
        "{type: [string, 'null'], maxLength: 5}",
        "{oneOf: [{type: string, maxLength: 5}, {type: 'null'}]}",
    ] {
        let r = pactum_spec::load_str(Path::new("r.yaml"), &text(s), &Default::default()).unwrap();
        let found = ids(&diff(&b, &r, &settings()));
        assert!(found.is_empty(), "{s}: {found:?}");
    }
}

#[test]
fn property_removal_follows_the_deprecation_lifecycle() {
    let b = spec(
        "b.yaml",
        "{type: object, properties: {a: {type: string}, b: {type: string, deprecated: true, x-sunset: '2025-01-01'}}}",
    );
    let r = spec("r.yaml", "{type: object, properties: {a: {type: string}}}");
    let found = ids(&diff(&b, &r, &settings()));
    assert!(
        found.contains(&(
            "response-property-removed-after-sunset".into(),
            Severity::Info
        )),
        "{found:?}"
    );
    let early = Settings {
        today: (2024, 1, 1),
        ..settings()
    };
    let found = ids(&diff(&b, &r, &early));
    assert!(
        found.contains(&(
            "response-property-removed-before-sunset".into(),
            Severity::Error
        )),
        "{found:?}"
    );
    // Deprecated without a date: the contract cannot tell whether clients moved on.
    let b = spec(
        "b.yaml",
        "{type: object, properties: {a: {type: string}, b: {type: string, deprecated: true}}}",
    );
    let found = ids(&diff(&b, &r, &settings()));
    assert!(
        found.contains(&(
            "response-deprecated-property-removed".into(),
            Severity::Warning
        )),
        "{found:?}"
    );
    // Never deprecated: an error on both sides.
    let b = spec(
        "b.yaml",
        "{type: object, properties: {a: {type: string}, b: {type: string}}}",
    );
    let found = ids(&diff(&b, &r, &settings()));
    assert!(
        found.contains(&("response-property-removed".into(), Severity::Error))
            && found.contains(&("request-property-removed".into(), Severity::Error)),
        "{found:?}"
    );
}

#[test]
fn callbacks_flip_polarity() {
    let text = |props: &str| {
        format!(
            r#"openapi: 3.0.3
info: {{title: t, version: 1.0.0}}
paths:
  /subscriptions:
    post:
      responses: {{'201': {{description: ok}}}}
      callbacks:
        onEvent:
          '{{$request.body#/url}}':
            post:
              requestBody:
                content:
                  application/json:
                    schema: {{type: object, properties: {{{props}}}}}
              responses: {{'200': {{description: ok}}}}
"#
        )
    };
    let b = pactum_spec::load_str(
        Path::new("b.yaml"),
        &text("a: {type: string}, b: {type: string}"),
        &Default::default(),
    )
    .unwrap();
    let r = pactum_spec::load_str(
        Path::new("r.yaml"),
        &text("a: {type: string, maxLength: 5}"),
        &Default::default(),
    )
    .unwrap();
    let found = ids(&diff(&b, &r, &settings()));
    // The API owner sends the callback's request: it is the response side for subscribers.
    assert!(
        found.contains(&("response-property-removed".into(), Severity::Error)),
        "{found:?}"
    );
    assert!(
        found.contains(&("response-max-length-added".into(), Severity::Info)),
        "{found:?}"
    );
}

#[test]
fn deprecation_header_marks_an_operation_deprecated() {
    let text = |headers: &str| {
        format!(
            r#"openapi: 3.0.3
info: {{title: t, version: 1.0.0}}
paths:
  /a:
    get:
      responses:
        '200':
          description: ok
{headers}"#
        )
    };
    let r = load(
        "r.yaml",
        "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths: {}\n",
    );
    let announced = load(
        "b.yaml",
        &text(
            "          headers:\n            Deprecation:\n              schema: {type: string}\n",
        ),
    );
    let found = ids(&diff(&announced, &r, &settings()));
    assert!(
        found.contains(&("deprecated-operation-removed".into(), Severity::Warning)),
        "{found:?}"
    );
    let plain = load("b.yaml", &text(""));
    let found = ids(&diff(&plain, &r, &settings()));
    assert!(
        found.contains(&("operation-removed".into(), Severity::Error)),
        "{found:?}"
    );
}

#[test]
fn parameter_removal_follows_the_deprecation_lifecycle() {
    let text = |param: &str| {
        format!(
            r#"openapi: 3.0.3
info: {{title: t, version: 1.0.0}}
paths:
  /a:
    get:
      parameters:
        - {{name: keep, in: query, schema: {{type: string}}}}
{param}      responses: {{'200': {{description: ok}}}}
"#
        )
    };
    let r = load("r.yaml", &text(""));
    for (param, id, severity) in [
        ("{name: q, in: query, schema: {type: string}}", "request-parameter-removed", Severity::Error),
        (
            "{name: q, in: query, schema: {type: string}, deprecated: true}",
            "request-deprecated-parameter-removed",
            Severity::Warning,
        ),
        (
            "{name: q, in: query, schema: {type: string}, deprecated: true, x-sunset: '2099-12-31'}",
            "request-parameter-removed-before-sunset",
            Severity::Error,
        ),
        (
            "{name: q, in: query, schema: {type: string}, deprecated: true, x-sunset: 'Thu, 01 Jan 2026 00:00:00 GMT'}",
            "request-parameter-removed-after-sunset",
            Severity::Info,
        ),
    ] {
        let b = load("b.yaml", &text(&format!("        - {param}\n")));
        let found = ids(&diff(&b, &r, &settings()));
        assert!(found.contains(&(id.into(), severity)), "{param}: {found:?}");
    }
}

#[test]
fn a_shared_parameter_removed_is_one_change_listing_every_operation() {
    let text = |refs: &str, components: &str| {
        format!(
            r#"openapi: 3.0.3
info: {{title: t, version: 1.0.0}}
paths:
  /a:
    get:
      parameters: [{refs}]
      responses: {{'200': {{description: ok}}}}
  /b:
    get:
      parameters: [{refs}]
      responses: {{'200': {{description: ok}}}}
components:
  parameters:
    Keep: {{name: keep, in: query, schema: {{type: string}}}}
{components}"#
        )
    };
    let b = load(
        "b.yaml",
        &text(
            "{$ref: '#/components/parameters/Keep'}, {$ref: '#/components/parameters/Page'}",
            "    Page: {name: page, in: query, schema: {type: integer}}\n",
        ),
    );
    let r = load(
        "r.yaml",
        &text("{$ref: '#/components/parameters/Keep'}", ""),
    );
    let found = diff(&b, &r, &settings());
    let removed: Vec<&Finding> = found
        .iter()
        .filter(|f| f.change.check.id == "request-parameter-removed")
        .collect();
    assert_eq!(removed.len(), 1, "{:?}", ids(&found));
    assert_eq!(removed[0].change.operations, ["GET /a", "GET /b"]);
}
