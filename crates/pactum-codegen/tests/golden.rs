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
