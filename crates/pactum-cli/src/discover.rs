//! Which files `pactum lint` reads: explicit files always; directories walked for
//! `*.yaml|*.yml|*.json` whose top level declares `openapi:` or `swagger:`; globs expanded
//! against the files under their literal prefix.

use std::io::Read;
use std::path::{Path, PathBuf};

use globset::GlobBuilder;
use pactum_spec::{LoadError, LoadErrorKind};
use walkdir::WalkDir;

/// How many leading bytes are read to decide whether a file is an OpenAPI document.
const SNIFF_BYTES: u64 = 16 * 1024;

/// The files to lint (sorted, unique) and the arguments that named nothing readable.
pub fn discover(args: &[String]) -> (Vec<PathBuf>, Vec<LoadError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for arg in args {
        let path = Path::new(arg);
        if path.is_file() {
            files.push(path.to_path_buf());
        } else if path.is_dir() {
            files.extend(walk(path).filter(|p| is_openapi(p)));
        } else if is_glob(arg) {
            match expand(arg) {
                Ok(found) if !found.is_empty() => files.extend(found),
                Ok(_) => errors.push(missing(arg, "no file matches this pattern")),
                Err(e) => errors.push(missing(arg, &format!("invalid glob: {e}"))),
            }
        } else {
            errors.push(missing(arg, "no such file or directory"));
        }
    }
    files.sort();
    files.dedup();
    (files, errors)
}

fn missing(arg: &str, why: &str) -> LoadError {
    LoadError::without_source(
        LoadErrorKind::Io,
        arg,
        format!("cannot lint `{arg}`: {why}"),
    )
}

fn is_glob(arg: &str) -> bool {
    arg.contains(['*', '?', '[', '{'])
}

fn has_spec_extension(p: &Path) -> bool {
    matches!(
        p.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml" | "json")
    )
}

/// Files under `dir` with a spec extension, skipping hidden directories, in sorted order.
fn walk(dir: &Path) -> impl Iterator<Item = PathBuf> {
    WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !e.file_name().to_str().is_some_and(|n| n.starts_with('.'))
        })
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && has_spec_extension(e.path()))
        .map(|e| e.into_path())
}

/// Expands a glob by walking its literal prefix directory.
fn expand(pattern: &str) -> Result<Vec<PathBuf>, globset::Error> {
    let glob = GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()?
        .compile_matcher();
    let literal: Vec<&str> = pattern.split('/').take_while(|seg| !is_glob(seg)).collect();
    let base = if literal.is_empty() {
        PathBuf::from(".")
    } else {
        PathBuf::from(literal.join("/"))
    };
    let strip_dot = literal.is_empty();
    Ok(WalkDir::new(&base)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .map(|p| {
            if strip_dot {
                p.strip_prefix(".").map(Path::to_path_buf).unwrap_or(p)
            } else {
                p
            }
        })
        .filter(|p| glob.is_match(p))
        .filter(|p| !has_spec_extension(p) || is_openapi(p))
        .collect())
}

/// A cheap sniff: does the start of the file declare `openapi` or `swagger` at the top level?
pub fn is_openapi(path: &Path) -> bool {
    let mut head = Vec::new();
    let read = std::fs::File::open(path).and_then(|f| f.take(SNIFF_BYTES).read_to_end(&mut head));
    if read.is_err() {
        // Unreadable: let the loader report it.
        return true;
    }
    let text = String::from_utf8_lossy(&head);
    let text = text.trim_start_matches('\u{feff}');
    if text.trim_start().starts_with('{') {
        return text.contains("\"openapi\"") || text.contains("\"swagger\"");
    }
    text.lines().any(|line| {
        let key = line
            .strip_prefix('"')
            .or_else(|| line.strip_prefix('\''))
            .unwrap_or(line);
        ["openapi", "swagger"].iter().any(|k| {
            key.strip_prefix(k).is_some_and(|rest| {
                let rest = rest.trim_start_matches(['"', '\'']).trim_start();
                rest.starts_with(':')
            })
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_top_level_keys_only() {
        let dir = std::env::temp_dir().join(format!("pactum-sniff-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let cases = [
            ("a.yaml", "# c\nopenapi: 3.0.3\n", true),
            ("b.yaml", "\"openapi\": 3.1.0\n", true),
            ("c.yaml", "name: x\n  openapi: 1\n", false),
            ("d.json", "{\"openapi\": \"3.0.0\"}", true),
            ("e.json", "{\"name\": 1}", false),
            ("f.yml", "swagger: '2.0'\n", true),
        ];
        for (name, text, want) in cases {
            let p = dir.join(name);
            std::fs::write(&p, text).unwrap();
            assert_eq!(is_openapi(&p), want, "{name}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
