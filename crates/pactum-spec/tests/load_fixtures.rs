//! Valid multi-file and 3.1 fixtures: they load, and pointers map to the right file:line:col.

use std::path::{Path, PathBuf};

use openapiv3::{ReferenceOr, SchemaKind, Type};
use pactum_spec::{load, Options, SpecVersion};

fn fixture(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/load")
        .join(p)
}

fn loc(spec: &pactum_spec::Spec, pointer: &str) -> String {
    let l = spec.source_map.locate(pointer);
    let file = l
        .file
        .path
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    format!(
        "{}:{}:{}{}",
        file,
        l.line_col.line,
        l.line_col.column,
        if l.exact { "" } else { " (ancestor)" }
    )
}

#[test]
fn multi_file_spec_loads_and_locates_across_files() {
    let spec = load(&fixture("multi-file/openapi.yaml"), &Options::default()).unwrap_or_else(|e| {
        panic!(
            "load failed: {:#?}",
            e.iter().map(|e| e.message.clone()).collect::<Vec<_>>()
        )
    });
    assert_eq!(spec.version, SpecVersion::V30);
    // The path item came from paths/pets.yaml by `$ref`: inlined, located in that file.
    assert!(spec.openapi.paths.paths.contains_key("/pets"));
    assert_eq!(
        loc(&spec, "/paths/~1pets/get/operationId"),
        "pets.yaml:2:16"
    );
    // The local component stays a local ref and is located in the root file.
    assert_eq!(
        loc(&spec, "/components/parameters/PetId/name"),
        "openapi.yaml:25:13"
    );
    // The recursive component loads.
    assert!(spec
        .openapi
        .components
        .as_ref()
        .unwrap()
        .schemas
        .contains_key("Node"));
    // Schemas from other files are bundled into components and located in their own file.
    let comps = spec.openapi.components.as_ref().unwrap();
    let pet = comps
        .schemas
        .iter()
        .find(|(k, _)| k.to_lowercase().contains("pet"))
        .map(|(k, _)| k.clone())
        .expect("bundled pet schema");
    assert_eq!(
        loc(
            &spec,
            &format!("/components/schemas/{pet}/properties/name/maxLength")
        ),
        "pet.yaml:6:16"
    );
    // A percent-encoded file name and an escaped pointer both resolve.
    let files: Vec<String> = spec
        .source_map
        .files()
        .map(|f| f.path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(files.contains(&"My Owner.yaml".to_string()), "{files:?}");
    assert!(files.contains(&"errors.yaml".to_string()), "{files:?}");
    // Each file is loaded once.
    let mut sorted = files.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), files.len());
}

#[test]
fn openapi_31_is_normalised() {
    let spec = load(&fixture("openapi-31/openapi.yaml"), &Options::default()).unwrap_or_else(|e| {
        panic!(
            "load failed: {:#?}",
            e.iter().map(|e| e.message.clone()).collect::<Vec<_>>()
        )
    });
    assert_eq!(spec.version, SpecVersion::V31);
    assert!(spec.webhooks.contains_key("petAdopted"));
    let comps = spec.openapi.components.as_ref().unwrap();
    let ReferenceOr::Item(pet) = &comps.schemas["Pet"] else {
        panic!("Pet is a ref")
    };
    let SchemaKind::Type(Type::Object(obj)) = &pet.schema_kind else {
        panic!("Pet not an object: {:?}", pet.schema_kind)
    };
    let ReferenceOr::Item(name) = &obj.properties["name"] else {
        panic!()
    };
    assert!(name.schema_data.nullable, "type: [string, null] → nullable");
    assert!(
        matches!(&name.schema_kind, SchemaKind::Type(Type::String(s)) if s.max_length == Some(64))
    );
    let ReferenceOr::Item(age) = &obj.properties["age"] else {
        panic!()
    };
    let SchemaKind::Type(Type::Integer(age)) = &age.schema_kind else {
        panic!("{:?}", age.schema_kind)
    };
    assert_eq!((age.minimum, age.exclusive_minimum), (Some(0), true));
    assert_eq!((age.maximum, age.exclusive_maximum), (Some(100), true));
    assert_eq!(
        loc(
            &spec,
            "/components/schemas/Pet/properties/age/exclusiveMinimum"
        ),
        "openapi.yaml:26:29"
    );
    let key = spec.source_map.locate_key("/webhooks/petAdopted/post");
    assert_eq!((key.line_col.line, key.line_col.column), (7, 5));
}

#[test]
fn lower_case_status_ranges_are_located_exactly() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths:\n  /a:\n    get:\n      responses:\n        2xx:\n          description: ok\n";
    let spec =
        pactum_spec::load_str(Path::new("ranges.yaml"), text, &Options::default()).expect("loads");
    let l = spec.source_map.locate_key("/paths/~1a/get/responses/2XX");
    assert!(l.exact);
    assert_eq!((l.line_col.line, l.line_col.column), (7, 9));
}

#[test]
fn limits_and_unreadable_files_are_clear_errors() {
    use pactum_spec::{Limits, LoadErrorKind};
    // Too many files reachable by `$ref`.
    let options = Options {
        limits: Limits {
            max_files: 2,
            ..Limits::default()
        },
        ..Options::default()
    };
    let errors = load(&fixture("multi-file/openapi.yaml"), &options).expect_err("file limit");
    assert!(
        errors.iter().any(|e| e.kind == LoadErrorKind::TooManyFiles),
        "{errors:?}"
    );
    let e = errors
        .iter()
        .find(|e| e.kind == LoadErrorKind::TooManyFiles)
        .unwrap();
    assert!(e.message.contains("more than 2 files"), "{}", e.message);
    assert!(
        e.source.is_some(),
        "reported at the `$ref` that reaches one file too many"
    );

    // Input size.
    let options = Options {
        limits: Limits {
            max_bytes: 100,
            ..Limits::default()
        },
        ..Options::default()
    };
    let errors = load(&fixture("multi-file/openapi.yaml"), &options).expect_err("size limit");
    assert_eq!(errors[0].kind, LoadErrorKind::TooLarge);
    assert!(
        errors[0]
            .message
            .contains("more than the limit of 100 bytes"),
        "{}",
        errors[0].message
    );

    // Unreadable root.
    let errors = load(&fixture("does-not-exist.yaml"), &Options::default()).expect_err("missing");
    assert_eq!(errors[0].kind, LoadErrorKind::Io);
    assert!(errors[0].file_name().ends_with("does-not-exist.yaml"));

    // A directory is not a spec.
    let errors = load(&fixture("multi-file"), &Options::default()).expect_err("directory");
    assert_eq!(errors[0].kind, LoadErrorKind::Io);

    // `--allow-external-refs` lets a ref leave the root folder.
    let outside = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/invalid/ref-outside-root/api/openapi.yaml");
    assert!(load(&outside, &Options::default()).is_err());
    let allowed = Options {
        allow_external_refs: true,
        ..Options::default()
    };
    load(&outside, &allowed).expect("loads with allow_external_refs");
}
