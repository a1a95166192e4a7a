//! Meta-tests: the registry cannot drift from the rule files, and every rule has docs, a
//! fixture folder and a snapshot.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use pactum_lint::{Group, RULES};

const CRATE: &str = env!("CARGO_MANIFEST_DIR");

fn rule_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rule_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs")
            && p.file_name().is_some_and(|n| n != "mod.rs")
        {
            out.push(p);
        }
    }
}

/// The `id: "…"` of the `declare_rule!` in a rule file.
fn declared_ids(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("id: \""))
        .filter_map(|l| l.split('"').next())
        .map(String::from)
        .collect()
}

#[test]
fn every_rule_file_is_registered_once_under_its_group() {
    let root = Path::new(CRATE).join("src/rules");
    let mut files = Vec::new();
    rule_files(&root, &mut files);
    let registered: BTreeSet<&str> = RULES.iter().map(|r| r.meta().id).collect();
    let mut declared = BTreeSet::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read rule file");
        let ids = declared_ids(&text);
        assert_eq!(
            ids.len(),
            1,
            "{} must declare exactly one rule",
            file.display()
        );
        let id = &ids[0];
        assert!(
            registered.contains(id.as_str()),
            "{id} ({}) is not in src/registry.rs",
            file.display()
        );
        let stem = file
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        assert_eq!(
            stem,
            id.replace('-', "_"),
            "the file of rule {id} must be named after it"
        );
        let rule = pactum_lint::registry::find(id).expect("registered");
        let group_dir = file
            .parent()
            .and_then(|p| p.file_name())
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        assert_eq!(
            group_dir,
            rule.meta().group.name().replace('-', "_"),
            "{id} is in the wrong group folder"
        );
        declared.insert(id.clone());
    }
    assert_eq!(
        declared.len(),
        RULES.len(),
        "the registry lists rules that have no file"
    );
}

#[test]
fn ids_are_unique_kebab_case_and_sorted_by_group_then_id() {
    let keys: Vec<(usize, &str)> = RULES
        .iter()
        .map(|r| {
            let m = r.meta();
            let g = Group::ALL
                .iter()
                .position(|g| *g == m.group)
                .expect("group");
            (g, m.id)
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(
        keys, sorted,
        "RULES must be unique and sorted by group, then id"
    );
    for (_, id) in keys {
        let ok = !id.is_empty()
            && !id.starts_with('-')
            && !id.ends_with('-')
            && !id.contains("--")
            && id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        assert!(ok, "`{id}` is not kebab-case");
        assert!(
            Group::from_name(id).is_none() && id != "all",
            "`{id}` clashes with a group name"
        );
    }
}

#[test]
fn every_rule_has_docs_fixtures_and_a_snapshot() {
    let workspace = Path::new(CRATE).join("../..");
    let mut missing = Vec::new();
    for rule in RULES {
        let m = rule.meta();
        let docs = m.docs();
        for section in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "Use instead:",
        ] {
            if !docs.contains(section) {
                missing.push(format!("{}: docs lack `{section}`", m.id));
            }
        }
        if m.summary.ends_with('.') || m.summary.is_empty() {
            missing.push(format!(
                "{}: summary must be one line without a final period",
                m.id
            ));
        }
        let dir = workspace.join("fixtures/lint").join(m.id);
        let names: Vec<String> = std::fs::read_dir(&dir)
            .map(|d| {
                d.filter_map(|e| e.ok()?.file_name().into_string().ok())
                    .collect()
            })
            .unwrap_or_default();
        if !names.iter().any(|n| n.starts_with("fires")) {
            missing.push(format!("{}: no fixtures/lint/{}/fires*.yaml", m.id, m.id));
        }
        if !names.iter().any(|n| n.starts_with("clean")) {
            missing.push(format!("{}: no fixtures/lint/{}/clean*.yaml", m.id, m.id));
        }
        let snap = Path::new(CRATE).join(format!("tests/snapshots/rules__{}.snap", m.id));
        if !snap.is_file() {
            missing.push(format!(
                "{}: no snapshot {} (run the `rules` test)",
                m.id,
                snap.display()
            ));
        }
    }
    assert!(missing.is_empty(), "\n{}", missing.join("\n"));
}
