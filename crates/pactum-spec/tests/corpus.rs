//! Loads every OpenAPI 3.x spec of the shared real-world corpus (`../shared/corpus/`, listed in
//! its MANIFEST.md) and both sides of every version pair. Fails on any load error or panic.
//! Skips, saying so, when the corpus folder is absent (a fresh clone without `../shared`).

use std::path::{Path, PathBuf};
use std::time::Instant;

use pactum_spec::{load, Options};

fn corpus_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("PACTUM_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"));
    dir.join("MANIFEST.md").is_file().then_some(dir)
}

/// Spec roots from the manifest's first table (rows whose first cell is a number) plus
/// `pairs/<name>/{old,new}.json`.
fn corpus_roots(dir: &Path) -> Vec<PathBuf> {
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.md")).expect("read MANIFEST.md");
    let mut roots = Vec::new();
    for line in manifest.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() > 3 && cells[1].parse::<u32>().is_ok() {
            roots.push(dir.join(cells[3].trim_matches('`')));
        }
    }
    if let Ok(pairs) = std::fs::read_dir(dir.join("pairs")) {
        let mut pairs: Vec<_> = pairs.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        pairs.sort();
        for p in pairs {
            roots.push(p.join("old.json"));
            roots.push(p.join("new.json"));
        }
    }
    roots
}

#[test]
fn every_corpus_spec_loads() {
    let Some(dir) = corpus_dir() else {
        eprintln!("SKIPPED every_corpus_spec_loads: ../shared/corpus not found (set PACTUM_CORPUS to run it)");
        return;
    };
    let roots = corpus_roots(&dir);
    assert!(
        roots.len() >= 30,
        "MANIFEST.md lists {} specs, expected 30+",
        roots.len()
    );
    let mut failures = Vec::new();
    for root in &roots {
        let started = Instant::now();
        let result = std::panic::catch_unwind(|| load(root, &Options::default()));
        let shown = root
            .strip_prefix(&dir)
            .unwrap_or(root)
            .display()
            .to_string();
        match result {
            Ok(Ok(spec)) => eprintln!(
                "ok   {shown}: {} paths, {} webhooks, {} files, {:?}",
                spec.openapi.paths.paths.len(),
                spec.webhooks.len(),
                spec.source_map.files().count(),
                started.elapsed()
            ),
            Ok(Err(errors)) => {
                for e in errors.iter().take(5) {
                    let lc = e.line_col();
                    eprintln!(
                        "FAIL {shown}: {}:{}:{} {}",
                        e.file_name(),
                        lc.line,
                        lc.column,
                        e.message
                    );
                }
                failures.push(format!("{shown}: {} errors", errors.len()));
            }
            Err(_) => failures.push(format!("{shown}: panic")),
        }
    }
    assert!(
        failures.is_empty(),
        "corpus specs failed to load:\n{}",
        failures.join("\n")
    );
}
