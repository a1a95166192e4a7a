//! Embeds the fixture pair of every check (`fixtures/diff/<id>/{base,revision}.yaml`) so that
//! `pactum explain` can show a worked example for checks whose docs have none of their own.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/diff");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut entries: Vec<(String, String, String)> = Vec::new();
    if let Ok(read) = std::fs::read_dir(&dir) {
        for e in read.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let (b, r) = (e.path().join("base.yaml"), e.path().join("revision.yaml"));
            if name.starts_with("scenario-") || !b.is_file() || !r.is_file() {
                continue;
            }
            println!("cargo:rerun-if-changed={}", b.display());
            println!("cargo:rerun-if-changed={}", r.display());
            entries.push((name, b.display().to_string(), r.display().to_string()));
        }
    }
    entries.sort();
    let mut out = String::from("&[\n");
    for (name, b, r) in entries {
        let _ = writeln!(
            out,
            "    ({name:?}, include_str!({b:?}), include_str!({r:?})),"
        );
    }
    out.push_str("]\n");
    let target = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("fixtures.rs");
    std::fs::write(target, out).expect("writes fixtures.rs");
}
