//! Generates server code for every `fixtures/codegen/*.yaml` into `OUT_DIR` (the same output
//! as the golden snapshots), for `src/lib.rs` to include and the compiler to check.

use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/codegen");
    println!("cargo:rerun-if-changed={}", dir.display());
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let mut names: Vec<String> = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures/codegen exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    entries.sort();
    for path in entries {
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).expect("readable fixture");
        let openapi: openapiv3::OpenAPI = serde_yaml::from_str(&text).expect("valid fixture");
        let options = pactum_codegen::Options {
            // a contract without paths is a set of types: generate them all
            server: !openapi.paths.paths.is_empty(),
            ..Default::default()
        };
        let code = pactum_codegen::generate_model(&openapi, &options).unwrap_or_else(|errors| {
            panic!(
                "{}: {}",
                path.display(),
                errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        });
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("spec")
            .replace('-', "_");
        std::fs::write(Path::new(&out).join(format!("{stem}.rs")), code).expect("writable OUT_DIR");
        names.push(stem);
    }
    // Clients: of the server and request-body fixtures and of the shipped pet store (the same output as
    // the `client_*` golden snapshots).
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    for rel in [
        "fixtures/codegen/server.yaml",
        "fixtures/codegen/bodies.yaml",
        "specs/petstore/v2.yaml",
    ] {
        let path = root.join(rel);
        println!("cargo:rerun-if-changed={}", path.display());
        let spec = pactum_spec::load(&path, &pactum_spec::Options::default())
            .unwrap_or_else(|e| panic!("{rel}: {e:?}"));
        let options = pactum_codegen::Options {
            client: true,
            ..Default::default()
        };
        let code = pactum_codegen::generate(&spec, &options).unwrap_or_else(|errors| {
            panic!(
                "{rel}: {}",
                errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        });
        let stem = if rel.contains("petstore") {
            "client_petstore_v2".to_owned()
        } else {
            let file = Path::new(rel).file_stem().and_then(|s| s.to_str());
            format!("client_{}", file.unwrap_or("spec"))
        };
        std::fs::write(Path::new(&out).join(format!("{stem}.rs")), code).expect("writable OUT_DIR");
        names.push(stem);
    }
    // Webhook receivers and senders (the same output as the `webhooks_*` golden snapshots):
    // `webhooks.yaml` alone, `callbacks.yaml` with its server and client in one module.
    let hooks = root.join("fixtures/codegen/webhooks");
    println!("cargo:rerun-if-changed={}", hooks.display());
    // …and the pet store's `pet.adopted` webhook (declaring the runtime's headers as parameters).
    for (file, with_api) in [
        ("webhooks.yaml", false),
        ("callbacks.yaml", true),
        ("../../../specs/petstore/v2.yaml", false),
    ] {
        let path = hooks.join(file);
        println!("cargo:rerun-if-changed={}", path.display());
        let spec = pactum_spec::load(&path, &pactum_spec::Options::default())
            .unwrap_or_else(|e| panic!("{file}: {e:?}"));
        let options = pactum_codegen::Options {
            receiver: true,
            sender: true,
            server: with_api,
            client: with_api,
            ..Default::default()
        };
        let code = pactum_codegen::generate(&spec, &options).unwrap_or_else(|errors| {
            panic!(
                "{file}: {}",
                errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        });
        let stem = if file.contains("petstore") {
            "webhooks_petstore_v2".to_owned()
        } else {
            format!("webhooks_{}", file.trim_end_matches(".yaml"))
        };
        std::fs::write(Path::new(&out).join(format!("{stem}.rs")), code).expect("writable OUT_DIR");
        names.push(stem);
    }
    let modules: String = names
        .iter()
        .map(|n| {
            format!(
                "/// Generated code `{n}` (see build.rs).\n#[allow(missing_docs, dead_code, clippy::all)]\npub mod {n} {{ include!(concat!(env!(\"OUT_DIR\"), \"/{n}.rs\")); }}\n"
            )
        })
        .collect();
    std::fs::write(Path::new(&out).join("modules.rs"), modules).expect("writable OUT_DIR");
}
