//! `docs/diff/checks.md` is generated from the check table and must not drift.

use std::path::Path;

#[test]
fn reference_page_is_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/diff/checks.md");
    let want = pactum_diff::checks::reference_page();
    if std::env::var_os("PACTUM_UPDATE_DOCS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/diff/checks.md is stale: run PACTUM_UPDATE_DOCS=1 cargo test -p pactum-diff --test docs"
    );
}
