//! The fixture harness: every rule runs alone over each file in `fixtures/lint/<id>/`.
//! `fires*` files must produce at least one finding of the rule, `clean*` files none; the
//! rendered (no-colour) human output of all of them is one insta snapshot per rule.
//! Other files in the folder (e.g. targets of `$ref`s) are not roots.

use std::path::Path;

use pactum_lint::{render, Config, FailOn, Format, Linter, RenderOptions, RULES};

const CRATE: &str = env!("CARGO_MANIFEST_DIR");

fn check_message_style(id: &str, message: &str) {
    let first = message.chars().next().unwrap_or(' ');
    assert!(
        first.is_uppercase() || first == '`',
        "{id}: message must start with a capital letter or code: {message:?}"
    );
    assert!(
        !message.ends_with('.'),
        "{id}: message must not end with a period: {message:?}"
    );
}

#[test]
fn every_rule_over_its_fixtures() {
    // Relative to the crate (the tests' working directory), so names stay short.
    let fixtures = Path::new("../../fixtures/lint");
    assert!(Path::new(CRATE).join(fixtures).is_dir());
    for rule in RULES {
        let id = rule.meta().id;
        let dir = fixtures.join(id);
        let mut roots: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("fires") || n.starts_with("clean"))
            })
            .collect();
        roots.sort();
        let config = Config {
            select: Some(vec![id.to_string()]),
            ..Config::default()
        };
        // A fixed "now" (2026-01-01T00:00:00Z) keeps date rules deterministic.
        let linter = Linter::new(&config).with_now(1_767_225_600);
        let mut snapshot = String::new();
        for path in roots {
            let rel = format!(
                "fixtures/lint/{id}/{}",
                path.file_name().unwrap().to_string_lossy()
            );
            let spec = pactum_spec::load(&path, &Default::default()).unwrap_or_else(|e| {
                panic!(
                    "{rel} does not load: {:?}",
                    e.iter().map(|e| &e.message).collect::<Vec<_>>()
                )
            });
            let report = linter.lint(&spec);
            let fires = rel.contains("/fires");
            assert_eq!(
                !report.items.is_empty(),
                fires,
                "{rel}: expected {}",
                if fires { "findings" } else { "no findings" }
            );
            for item in &report.items {
                assert_eq!(item.rule, id, "{rel}: another rule reported");
                check_message_style(id, &item.message);
            }
            let mut out = Vec::new();
            let options = RenderOptions {
                color: false,
                fail_on: FailOn::Error,
                width: Some(140),
            };
            render(Format::Human, &report, &options, &mut out).expect("render");
            let text = String::from_utf8(out).expect("utf-8");
            snapshot.push_str(&format!("──── {rel}\n"));
            snapshot.push_str(&text.replace("../../fixtures/", "fixtures/"));
            snapshot.push('\n');
        }
        insta::assert_snapshot!(id, snapshot);
    }
}
