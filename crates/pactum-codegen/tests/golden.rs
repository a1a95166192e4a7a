//! Golden files: the generated code for every fixture in `fixtures/codegen/`, formatted, as
//! insta snapshots. `tests/generated` compiles the same output.

use std::path::{Path, PathBuf};

use pactum_codegen::{generate_model, Options};

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/codegen");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures/codegen exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

#[test]
fn generated_code_matches_golden_files() {
    for path in fixtures() {
        let text = std::fs::read_to_string(&path).expect("readable fixture");
        let openapi: openapiv3::OpenAPI = serde_yaml::from_str(&text).expect("valid fixture");
        let options = Options {
            // a contract without paths is a set of types: generate them all
            server: !openapi.paths.paths.is_empty(),
            ..Options::default()
        };
        let code = match generate_model(&openapi, &options) {
            Ok(code) => code,
            Err(errors) => panic!(
                "{}: {}",
                path.display(),
                errors
                    .iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
        };
        let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("spec");
        insta::assert_snapshot!(name, code);
    }
}

#[test]
fn shipped_contracts_match_golden_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    for rel in ["specs/petstore/v2.yaml", "specs/petstore/v1.yaml"] {
        let path = root.join(rel);
        if !path.exists() {
            continue;
        }
        let spec = match pactum_spec::load(&path, &pactum_spec::Options::default()) {
            Ok(s) => s,
            Err(errors) => panic!("{rel}: {errors:?}"),
        };
        let options = Options {
            server: true,
            ..Options::default()
        };
        let code = match pactum_codegen::generate(&spec, &options) {
            Ok(code) => code,
            Err(errors) => panic!(
                "{rel}: {}",
                errors
                    .iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
        };
        let name = rel.replace(['/', '.'], "_");
        insta::assert_snapshot!(name, code);
    }
}

/// The client generated for each fixture and shipped contract (compiled by `tests/generated`).
#[test]
fn clients_match_golden_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut paths: Vec<PathBuf> = fixtures()
        .into_iter()
        .filter(|p| p.file_stem().is_some_and(|s| s != "shapes"))
        .collect();
    paths.push(root.join("specs/petstore/v2.yaml"));
    for path in paths {
        let spec = match pactum_spec::load(&path, &pactum_spec::Options::default()) {
            Ok(s) => s,
            Err(errors) => panic!("{}: {errors:?}", path.display()),
        };
        let options = Options {
            client: true,
            ..Options::default()
        };
        let code = match pactum_codegen::generate(&spec, &options) {
            Ok(code) => code,
            Err(errors) => panic!(
                "{}: {}",
                path.display(),
                errors
                    .iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
        };
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("spec");
        let name = if stem == "v2" {
            "client_petstore_v2".to_owned()
        } else {
            format!("client_{stem}")
        };
        insta::assert_snapshot!(name, code);
    }
}

/// The receivers and senders generated for `fixtures/codegen/webhooks/*.yaml` (compiled and
/// exercised over HTTP by `tests/generated`): `webhooks.yaml` alone, `callbacks.yaml` together
/// with its server and client (one module, shared types).
#[test]
fn webhooks_match_golden_files() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/codegen/webhooks");
    for (file, with_api) in [("webhooks.yaml", false), ("callbacks.yaml", true)] {
        let path = dir.join(file);
        let spec = match pactum_spec::load(&path, &pactum_spec::Options::default()) {
            Ok(s) => s,
            Err(errors) => panic!("{}: {errors:?}", path.display()),
        };
        let options = Options {
            receiver: true,
            sender: true,
            server: with_api,
            client: with_api,
            ..Options::default()
        };
        let code = match pactum_codegen::generate(&spec, &options) {
            Ok(code) => code,
            Err(errors) => panic!(
                "{}: {}",
                path.display(),
                errors
                    .iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
        };
        let stem = file.trim_end_matches(".yaml");
        insta::assert_snapshot!(format!("webhooks_{stem}"), code);
    }
}

/// What cannot be generated for webhooks is an error naming the place, not a panic.
#[test]
fn webhook_errors_name_the_place() {
    let cases = [
        (
            r#"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
               "x-pactum-signature-header": "bad header",
               "webhooks": {"a": {"post": {"responses": {"200": {"description": "ok"}}}}}}"#,
            "`x-pactum-signature-header` must be an HTTP header name",
            ":2:",
        ),
        (
            r#"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
               "webhooks": {"a": {"post": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
               "responses": {"200": {"description": "ok"}}}}}}"#,
            "path parameter `id` is not supported in a webhook",
            ":2:",
        ),
        (
            r#"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}}"#,
            "declares no webhooks",
            ":1:",
        ),
    ];
    for (text, message, line) in cases {
        let dir = tempdir();
        let path = dir.join("spec.json");
        std::fs::write(&path, text).expect("writable temp dir");
        let spec = pactum_spec::load(&path, &pactum_spec::Options::default())
            .unwrap_or_else(|e| panic!("{e:?}"));
        for options in [
            Options {
                receiver: true,
                ..Options::default()
            },
            Options {
                sender: true,
                ..Options::default()
            },
        ] {
            let errors = pactum_codegen::generate(&spec, &options).expect_err(message);
            let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
            assert!(
                shown
                    .iter()
                    .any(|e| e.contains(message) && e.contains(&format!("spec.json{line}"))),
                "{shown:?}"
            );
        }
    }
}

fn tempdir() -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "pactum-golden-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// `operations`/`tags` select webhooks by their own id and tags, and callbacks also by the
/// operation declaring them (which need not be generated).
#[test]
fn webhook_filters_keep_callbacks_of_their_operations() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/codegen/webhooks");
    let spec = pactum_spec::load(
        &dir.join("callbacks.yaml"),
        &pactum_spec::Options::default(),
    )
    .expect("loads");
    let only = |operations: &[&str]| Options {
        receiver: true,
        operations: operations.iter().map(|s| (*s).to_owned()).collect(),
        ..Options::default()
    };
    let code = pactum_codegen::generate(&spec, &only(&["createStream"])).expect("generates");
    assert!(code.contains("fn create_stream_on_data("), "{code}");
    assert!(!code.contains("fn job_done("));
    let code = pactum_codegen::generate(&spec, &only(&["jobDone"])).expect("generates");
    assert!(code.contains("fn job_done(") && !code.contains("fn create_stream_on_data("));
    let errors = pactum_codegen::generate(&spec, &only(&["nope"])).expect_err("unknown");
    assert!(errors[0]
        .message
        .contains("operation `nope` is not in the contract"));

    let spec = pactum_spec::load(&dir.join("webhooks.yaml"), &pactum_spec::Options::default())
        .expect("loads");
    let code = pactum_codegen::generate(&spec, &only(&["pet.removed"])).expect("generates");
    assert!(code.contains("fn pet_removed(") && !code.contains("fn pet_adopted("));
}
