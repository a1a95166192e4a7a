//! Every file (or folder with `openapi.yaml`) in `fixtures/invalid/` must fail to load, and its
//! rendered diagnostics (no colour) are snapshotted: a reviewer sees what a user sees.

use std::path::{Path, PathBuf};

use pactum_spec::{load, LoadError, Options};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/invalid")
}

/// Renders errors as a user sees them, with paths relative to `fixtures/invalid`.
fn render(errors: &[LoadError]) -> String {
    let handler =
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
            .with_width(100)
            .with_links(false);
    let mut out = String::new();
    for e in errors {
        let lc = e.line_col();
        out.push_str(&format!(
            "[{} {}:{}:{}]\n",
            e.kind.code(),
            e.file_name(),
            lc.line,
            lc.column
        ));
        handler.render_report(&mut out, e).expect("render");
        out.push('\n');
    }
    out
}

#[test]
fn every_invalid_fixture_fails_with_a_located_diagnostic() {
    let dir = fixtures();
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures/invalid")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    // Run from the fixtures folder so paths in messages are short and machine-independent.
    std::env::set_current_dir(&dir).expect("chdir");
    let mut seen = 0;
    for path in entries {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let root = if path.is_dir() {
            let root = ["openapi.yaml", "api/openapi.yaml"]
                .iter()
                .map(|r| Path::new(&name).join(r))
                .find(|p| p.exists())
                .unwrap_or_else(|| panic!("{name}: folder without openapi.yaml"));
            root
        } else {
            PathBuf::from(&name)
        };
        let result = std::panic::catch_unwind(|| load(&root, &Options::default()));
        let errors = match result {
            Ok(Ok(_)) => panic!("{name}: loaded, but it is in fixtures/invalid"),
            Ok(Err(errors)) => errors,
            Err(_) => panic!("{name}: the loader panicked"),
        };
        assert!(!errors.is_empty(), "{name}: no errors");
        for e in &errors {
            assert!(
                e.path.is_some() || e.source.is_some(),
                "{name}: error without a file"
            );
        }
        insta::assert_snapshot!(name.replace('.', "_"), render(&errors));
        seen += 1;
    }
    assert!(
        seen >= 20,
        "expected at least 20 invalid fixtures, found {seen}"
    );
}
