//! Multi-file specs on disk (a temporary folder), read with the real parsers. Files are found
//! by [`open`] (a stand-in for the loader until it lands).

use std::path::Path;

use openapiv3::{ReferenceOr, SchemaKind, StatusCode, Type};

use super::lower_with;
use super::testutil::open;
use super::testutil::summary;
use crate::loader::FileId;
use crate::LoadErrorKind as K;

fn write(dir: &Path, files: &[(&str, &str)]) {
    for (name, text) in files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(path, text).expect("write");
    }
}

#[test]
fn multi_file_spec_keeps_bundles_and_inlines() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        &[
            (
                "openapi.yaml",
                "openapi: 3.0.3
info: {title: t, version: '1'}
tags:
  - name: pets
    description:
      $ref: 'docs/text.yaml#/pets'
paths:
  /pets:
    $ref: paths/pets.yaml
  /pets/{id}:
    get:
      $ref: 'paths/ops.yaml#/getPet'
components:
  schemas:
    Pet:
      $ref: schemas/Pet.yaml
  responses:
    NotFound:
      description: nf
",
            ),
            (
                "paths/pets.yaml",
                "get:
  responses:
    '200':
      description: ok
      content:
        application/json:
          schema:
            type: array
            items:
              $ref: '../schemas/Pet.yaml'
    '404':
      $ref: '../openapi.yaml#/components/responses/NotFound'
",
            ),
            (
                "paths/ops.yaml",
                "getPet:
  parameters:
    - $ref: '../parameters.yaml#/id'
  responses:
    '200':
      description: ok
      content:
        application/json:
          schema:
            $ref: '../schemas/Owner.yaml'
",
            ),
            (
                "parameters.yaml",
                "id: {name: id, in: path, required: true, schema: {type: string}}\n",
            ),
            (
                "schemas/Pet.yaml",
                "type: object
properties:
  name: {type: string}
  owner: {$ref: 'Owner.yaml'}
",
            ),
            (
                "schemas/Owner.yaml",
                "type: object
properties:
  pets: {type: array, items: {$ref: 'Pet.yaml'}}
",
            ),
            ("docs/text.yaml", "pets: All about pets\n"),
        ],
    );
    let loader =
        open(&dir.path().join("openapi.yaml")).unwrap_or_else(|e| panic!("{:?}", summary(&e)));
    let l = lower_with(&*loader, FileId::ROOT).unwrap_or_else(|e| panic!("{:?}", summary(&e)));
    let o = &l.openapi;
    assert_eq!(o.tags[0].description.as_deref(), Some("All about pets"));
    let schemas = &o.components.as_ref().expect("components").schemas;
    // `Pet` takes the content of schemas/Pet.yaml; every other $ref to that file points at it.
    let pet = schemas["Pet"].as_item().expect("Pet is the file's content");
    let SchemaKind::Type(Type::Object(pet)) = &pet.schema_kind else {
        panic!("{pet:?}")
    };
    assert_eq!(
        pet.properties["owner"],
        ReferenceOr::ref_("#/components/schemas/Owner")
    );
    let owner = schemas["Owner"].as_item().expect("Owner bundled");
    let SchemaKind::Type(Type::Object(owner)) = &owner.schema_kind else {
        panic!("{owner:?}")
    };
    match &owner.properties["pets"] {
        ReferenceOr::Item(s) => match &s.schema_kind {
            SchemaKind::Type(Type::Array(a)) => {
                assert_eq!(a.items, Some(ReferenceOr::ref_("#/components/schemas/Pet")))
            }
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
    let pets = o.paths.paths["/pets"]
        .as_item()
        .and_then(|p| p.get.as_ref())
        .expect("/pets get");
    assert_eq!(
        pets.responses.responses[&StatusCode::Code(404)],
        ReferenceOr::ref_("#/components/responses/NotFound")
    );
    let get = o.paths.paths["/pets/{id}"]
        .as_item()
        .and_then(|p| p.get.as_ref())
        .expect("/pets/{id} get");
    assert_eq!(
        get.parameters[0],
        ReferenceOr::ref_("#/components/parameters/id")
    );
    assert!(o
        .components
        .as_ref()
        .expect("c")
        .parameters
        .contains_key("id"));
    let bundled: Vec<_> = l
        .bundled
        .iter()
        .map(|b| (b.kind.as_str(), b.name.as_str(), b.pointer.as_str()))
        .collect();
    assert_eq!(
        bundled,
        vec![("parameters", "id", "/id"), ("schemas", "Owner", "")]
    );
    let file_of = |id: FileId| {
        loader
            .doc(id)
            .source
            .path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
    };
    let inlined: Vec<_> = l
        .inlined
        .iter()
        .map(|i| (i.at.as_str(), file_of(i.file), i.pointer.as_str()))
        .collect();
    assert_eq!(
        inlined,
        vec![
            ("/tags/0/description", Some("text.yaml".into()), "/pets"),
            ("/paths/~1pets", Some("pets.yaml".into()), ""),
            (
                "/paths/~1pets~1{id}/get",
                Some("ops.yaml".into()),
                "/getPet"
            ),
            ("/components/schemas/Pet", Some("Pet.yaml".into()), ""),
        ]
    );
}

#[test]
fn loader_resolve_errors_are_collected() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        &[(
            "openapi.yaml",
            "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      responses:
        '200': {$ref: 'missing.yaml'}
        '201': {$ref: '#/components/responses/Nope'}
        '202': {}
",
        )],
    );
    let loader =
        open(&dir.path().join("openapi.yaml")).unwrap_or_else(|e| panic!("{:?}", summary(&e)));
    let e = lower_with(&*loader, FileId::ROOT).expect_err("errors");
    let kinds: Vec<K> = e.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        vec![K::RefFileNotFound, K::RefMissingTarget, K::MissingField],
        "{:?}",
        summary(&e)
    );
}

#[test]
fn model_pointers_of_document_nodes() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        &[
            (
                "openapi.yaml",
                "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /pets:
    $ref: paths/pets.yaml
components:
  schemas:
    Pet:
      $ref: schemas/Pet.yaml
",
            ),
            (
                "paths/pets.yaml",
                "get:
  responses:
    '200':
      description: ok
",
            ),
            (
                "schemas/Pet.yaml",
                "type: object
properties:
  name: {type: string}
",
            ),
        ],
    );
    let spec = crate::load(&dir.path().join("openapi.yaml"), &Default::default())
        .unwrap_or_else(|e| panic!("{:?}", e.iter().map(|e| &e.message).collect::<Vec<_>>()));
    let map = &spec.source_map;
    let file = |name: &str| {
        map.documents()
            .iter()
            .find(|d| d.source.path.ends_with(name))
            .map(|d| d.id)
            .expect("loaded")
    };
    assert_eq!(
        map.model_pointer(FileId::ROOT, "/info/title").as_deref(),
        Some("/info/title")
    );
    assert_eq!(
        map.model_pointer(file("Pet.yaml"), "/properties/name")
            .as_deref(),
        Some("/components/schemas/Pet/properties/name")
    );
    let ptr = map
        .model_pointer(file("pets.yaml"), "/get/responses/200")
        .expect("inlined");
    assert_eq!(ptr, "/paths/~1pets/get/responses/200");
    // Round trip: the model pointer locates the same node.
    let at = map.locate(&ptr);
    assert!(at.exact);
    assert!(at.file.path.ends_with("pets.yaml"));
}
