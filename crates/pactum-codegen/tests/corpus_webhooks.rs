//! The webhook receiver and sender of every real-world corpus spec with webhooks or callbacks
//! (`../shared/corpus/`) generate without errors, as code that parses. `MODE=webhooks bash
//! bench/codegen_corpus.sh` also `cargo check`s it (numbers in BENCHMARKS.md).
//!
//! Skips, saying so, when the corpus folder is absent.

use std::path::{Path, PathBuf};

use pactum_codegen::Options;

fn corpus_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("PACTUM_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"));
    dir.join("MANIFEST.md").is_file().then_some(dir)
}

#[test]
fn corpus_webhook_specs_generate_receivers_and_senders() {
    let Some(dir) = corpus_dir() else {
        eprintln!("SKIPPED corpus_webhook_specs_generate_receivers_and_senders: ../shared/corpus not found (set PACTUM_CORPUS to run it)");
        return;
    };
    let specs = [
        ("oai-webhook-example/webhook-example.yaml", 1),
        ("oai-callback-example/callback-example.yaml", 1),
        (
            "adyen-transfer-webhooks-v4/BalancePlatformTransferNotification-v4.json",
            2,
        ),
        ("github-webhooks/api.github.com.webhooks.json", 261),
    ];
    let options = Options {
        receiver: true,
        sender: true,
        ..Options::default()
    };
    for (rel, operations) in specs {
        let path = dir.join(rel);
        let spec = pactum_spec::load(&path, &pactum_spec::Options::default())
            .unwrap_or_else(|e| panic!("{rel}: {} load errors", e.len()));
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
        // one trait method (with the event id) and one sender method per operation
        let received = code
            .matches("event_id: ::pactum::server::webhook::EventId")
            .count();
        let sent = code.matches("url: &str").count();
        assert_eq!((received, sent), (operations, operations), "{rel}");
    }
}
