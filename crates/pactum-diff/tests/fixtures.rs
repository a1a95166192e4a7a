//! Runs every fixture pair in `fixtures/diff/`: the check named by the folder fires, the JSON
//! result (with line:col of both sides) matches its snapshot, and swapping base and revision
//! fires the inverse check. `scenario-*` folders only snapshot.

use std::path::{Path, PathBuf};

use pactum_diff::{checks, find, Settings};
use pactum_lint::render::json;
use pactum_lint::{FailOn, RenderOptions};
use pactum_spec::Spec;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn load(rel: &str) -> Spec {
    let text = std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    pactum_spec::load_str(Path::new(rel), &text, &Default::default())
        .unwrap_or_else(|e| panic!("{rel} does not load: {e:?}"))
}

fn settings() -> Settings {
    Settings {
        today: (2026, 11, 28),
        ..Settings::default()
    }
}

fn fixture_dirs() -> Vec<String> {
    let mut dirs: Vec<String> = std::fs::read_dir(root().join("fixtures/diff"))
        .expect("fixtures/diff")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn fixtures() {
    let mut failures = Vec::new();
    for name in fixture_dirs() {
        let base = load(&format!("fixtures/diff/{name}/base.yaml"));
        let rev = load(&format!("fixtures/diff/{name}/revision.yaml"));
        let (report, _) = pactum_diff::report(&base, &rev, &settings());
        let value = json::to_value(&report);
        if !name.starts_with("scenario-") {
            if find(&name).is_none() {
                failures.push(format!("{name}: not a check id"));
                continue;
            }
            if !report.items.iter().any(|i| i.rule == name) {
                failures.push(format!(
                    "{name}: did not fire; got {:?}",
                    report.items.iter().map(|i| &i.rule).collect::<Vec<_>>()
                ));
            }
            // Swapped, the inverse fires.
            if let Some(inv) = find(&name).and_then(|c| c.inverse.as_deref()) {
                let (swapped, _) = pactum_diff::report(&rev, &base, &settings());
                if !swapped.items.iter().any(|i| i.rule == inv) {
                    failures.push(format!(
                        "{name}: swapped, {inv} did not fire; got {:?}",
                        swapped.items.iter().map(|i| &i.rule).collect::<Vec<_>>()
                    ));
                }
            }
        }
        // The structured result, then what a user sees.
        let mut human = Vec::new();
        let options = RenderOptions {
            color: false,
            fail_on: FailOn::Error,
            width: Some(100),
        };
        pactum_lint::render::human::render(&report, &options, &mut human).expect("renders");
        let text = format!(
            "{}\n\n{}",
            serde_json::to_string_pretty(&value).expect("json"),
            String::from_utf8_lossy(&human)
        );
        insta::with_settings!({snapshot_suffix => name.clone(), prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!("fixture", text);
        });
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every (area, kind) combination that has checks has at least one fixture.
#[test]
fn every_area_and_kind_has_a_fixture() {
    let dirs = fixture_dirs();
    let mut missing = Vec::new();
    for c in checks() {
        let covered = checks()
            .iter()
            .filter(|o| o.area == c.area && o.kind == c.kind)
            .any(|o| dirs.contains(&o.id));
        if !covered {
            missing.push(format!("{}/{}", c.area, c.kind));
        }
    }
    missing.dedup();
    assert!(missing.is_empty(), "no fixture for {missing:?}");
}

/// Every check has a fixture pair (and so a snapshot).
#[test]
fn every_check_has_a_fixture() {
    let dirs = fixture_dirs();
    let missing: Vec<&str> = checks()
        .iter()
        .map(|c| c.id.as_str())
        .filter(|id| !dirs.iter().any(|d| d == id))
        .collect();
    assert!(missing.is_empty(), "no fixtures/diff/<id>/ for {missing:?}");
}
