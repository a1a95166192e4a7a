//! Checks that every `*.json`, `*.yaml` and `*.yml` file under the given folders parses.
//!
//! `cargo run --release -p pactum-spec --example parse_all -- /work/shared/corpus`

use std::path::{Path, PathBuf};
use std::time::Instant;

use pactum_spec::parse::{decode, parse};
use pactum_spec::Limits;

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("json" | "yaml" | "yml")
        ) {
            out.push(path);
        }
    }
}

fn main() {
    let mut files = Vec::new();
    for root in std::env::args().skip(1) {
        collect(Path::new(&root), &mut files);
    }
    files.sort();
    let limits = Limits::default();
    let started = Instant::now();
    let mut failed = 0;
    for path in &files {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                println!("{}: cannot read: {e}", path.display());
                failed += 1;
                continue;
            }
        };
        let errors = match decode(path, bytes, &limits) {
            Ok(source) => match parse(&source, &limits) {
                Ok(_) => continue,
                Err(errors) => errors,
            },
            Err(e) => vec![e],
        };
        failed += 1;
        for e in errors.iter().take(3) {
            let at = e.line_col();
            println!(
                "{}:{}:{}: [{}] {}",
                path.display(),
                at.line,
                at.column,
                e.kind.code(),
                e.message
            );
        }
    }
    println!(
        "{} files, {} failed, {:.2?}",
        files.len(),
        failed,
        started.elapsed()
    );
    if failed > 0 {
        std::process::exit(1);
    }
}
