//! A small hand-built report (two source files, a load error, cross-file `$ref` usages) shared
//! by the renderer tests, so they need no loader.

#![allow(dead_code)]

use std::sync::Arc;

use pactum_lint::{Place, Report, Resolved, Severity};
use pactum_spec::{LoadError, LoadErrorKind, SourceFile, Span};

pub const API: &str = r#"openapi: 3.0.3
info:
  title: Pets
  version: 1.0.0
paths:
  /pets:
    post:
      requestBody:
        content:
          application/json:
            schema:
              $ref: 'common.yaml#/Pet'
      responses:
        '201':
          description: Created
    put:
      operationId: putPets
      requestBody:
        content:
          application/json:
            schema:
              $ref: 'common.yaml#/Pet'
      responses:
        '200':
          description: OK, 100% "done" <now>
"#;

pub const COMMON: &str = r#"Pet:
  type: object
  properties:
    name:
      type: string
"#;

fn span_of(text: &str, needle: &str, nth: usize) -> Span {
    let start = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle:?} not in text"))
        .0;
    Span::new(start, start + needle.len())
}

fn place(file: &Arc<SourceFile>, needle: &str, nth: usize, pointer: &str) -> Place {
    Place::in_file(file, span_of(&file.text, needle, nth), pointer)
}

/// The report every renderer test renders.
pub fn report() -> Report {
    let api = SourceFile::new("specs/pets.yaml", API.to_string());
    let common = SourceFile::new("specs/common.yaml", COMMON.to_string());
    let items = vec![
        Resolved {
            rule: "operation-id-missing".into(),
            severity: Severity::Warning,
            message: "Operation `POST /pets` has no `operationId`".into(),
            label: Some("this operation".into()),
            help: Some("Add a unique `operationId`, e.g. `listPets`".into()),
            place: place(&api, "post", 0, "/paths/~1pets/post"),
            labels: vec![],
            via: vec![],
            load_error: false,
            base: None,
            revision: None,
        },
        Resolved {
            rule: "string-without-max-length".into(),
            severity: Severity::Warning,
            message: "String in a request has no `maxLength`".into(),
            label: Some("unbounded string".into()),
            help: Some("Add `maxLength`, an `enum`, or a bounded `format`".into()),
            place: place(&common, "type: string", 0, "/Pet/properties/name"),
            labels: vec![],
            via: vec![
                place(
                    &api,
                    "$ref: 'common.yaml#/Pet'",
                    0,
                    "/paths/~1pets/post/requestBody/content/application~1json/schema",
                ),
                place(
                    &api,
                    "$ref: 'common.yaml#/Pet'",
                    1,
                    "/paths/~1pets/put/requestBody/content/application~1json/schema",
                ),
            ],
            load_error: false,
            base: None,
            revision: None,
        },
        Resolved {
            rule: "operation-id-unique".into(),
            severity: Severity::Info,
            message: "Odd text: 100%, a:b, <tag> & \"quotes\" | pipe".into(),
            label: None,
            help: Some("line one\nline two".into()),
            place: place(
                &api,
                "description: OK, 100% \"done\" <now>",
                0,
                "/paths/~1pets/put/responses/200/description",
            ),
            labels: vec![(
                place(
                    &api,
                    "operationId: putPets",
                    0,
                    "/paths/~1pets/put/operationId",
                ),
                "see also".into(),
            )],
            via: vec![],
            load_error: false,
            base: None,
            revision: None,
        },
        Resolved::from_load_error(&LoadError::without_source(
            LoadErrorKind::Io,
            "specs/missing.yaml",
            "cannot lint `specs/missing.yaml`: no such file or directory",
        )),
    ];
    let mut report = Report {
        items,
        files: vec![
            "specs/pets.yaml".into(),
            "specs/missing.yaml".into(),
            "specs/empty.yaml".into(),
        ],
        ..Report::default()
    };
    report.suppressed.push(report.items[0].clone());
    report.sort();
    report
}
