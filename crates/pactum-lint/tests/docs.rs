//! `docs/rules/` is generated from the rules' doc comments and must not drift.
//! Run with `PACTUM_UPDATE_DOCS=1` to rewrite the pages.

use std::path::Path;

use pactum_lint::docs::{index_page, rule_page};
use pactum_lint::RULES;

#[test]
fn rule_pages_match_the_doc_comments() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules");
    let update = std::env::var_os("PACTUM_UPDATE_DOCS").is_some();
    let mut pages = vec![("README.md".to_string(), index_page())];
    pages.extend(
        RULES
            .iter()
            .map(|r| (format!("{}.md", r.meta().id), rule_page(r.meta()))),
    );
    let mut stale = Vec::new();
    if update {
        std::fs::create_dir_all(&dir).expect("create docs/rules");
    }
    for (name, want) in &pages {
        let path = dir.join(name);
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        if have != *want {
            if update {
                std::fs::write(&path, want).expect("write page");
            } else {
                stale.push(name.clone());
            }
        }
    }
    // Pages of rules that no longer exist.
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.ends_with(".md")
                && !pages.iter().any(|(n, _)| *n == name)
                && !name.starts_with('_')
            {
                if update {
                    let _ = std::fs::remove_file(e.path());
                } else {
                    stale.push(format!("{name} (no such rule)"));
                }
            }
        }
    }
    assert!(
        stale.is_empty(),
        "docs/rules is out of date: {stale:?}; run `PACTUM_UPDATE_DOCS=1 cargo test -p pactum-lint --test docs`"
    );
}
