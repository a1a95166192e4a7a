//! Bytes → [`Node`](crate::Node) tree with spans: decoding, format detection, limits.
//!
//! JSON and YAML each have their own parser module; both produce the same tree.

use std::sync::Arc;

use crate::error::{LoadError, LoadErrorKind};
use crate::source::SourceFile;
use crate::tree::{Entry, Node, Span};

mod json;
mod yaml;

/// Resource limits that keep hostile input from hanging the loader or exhausting memory.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest accepted file, in bytes (default 64 MiB).
    pub max_bytes: usize,
    /// Deepest accepted nesting of arrays/objects (default 256).
    pub max_depth: usize,
    /// Most nodes that YAML alias expansion may add to one document (default 1,000,000).
    pub max_alias_nodes: usize,
    /// Most files reachable by `$ref` from one root (default 10,000).
    pub max_files: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 64 * 1024 * 1024,
            max_depth: 256,
            max_alias_nodes: 1_000_000,
            max_files: 10_000,
        }
    }
}

/// Decodes raw bytes into a [`SourceFile`]: UTF-8 with an optional BOM; UTF-16/32 and invalid
/// UTF-8 are errors at the offending byte; files above `limits.max_bytes` are refused.
// The signature is the crate's interface (one error per file, returned once per file read).
#[allow(clippy::result_large_err)]
pub fn decode(
    path: &std::path::Path,
    mut bytes: Vec<u8>,
    limits: &Limits,
) -> Result<Arc<SourceFile>, LoadError> {
    // Spans are `u32` offsets, so nothing larger than 4 GiB can be addressed whatever the limit.
    let limit = limits.max_bytes.min(u32::MAX as usize);
    if bytes.len() > limit {
        return Err(LoadError::without_source(
            LoadErrorKind::TooLarge,
            path,
            format!(
                "the file is {} bytes, more than the limit of {} bytes",
                bytes.len(),
                limit
            ),
        )
        .with_help("raise the `max_bytes` loader limit if this file is meant to be this large"));
    }
    if let Some(encoding) = utf16_or_32(&bytes) {
        return Err(LoadError::without_source(
            LoadErrorKind::Encoding,
            path,
            format!("the file is encoded as {encoding}, not UTF-8"),
        )
        .with_help("re-save the file as UTF-8"));
    }
    if bytes.starts_with(UTF8_BOM) {
        bytes.drain(..UTF8_BOM.len());
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let offset = err.utf8_error().valid_up_to();
            let bad = err.as_bytes().get(offset).copied().unwrap_or(0);
            // Everything before `offset` is valid, so it sits at the same place in the lossy text,
            // where the bad byte became one U+FFFD (3 bytes).
            let text = String::from_utf8_lossy(err.as_bytes()).into_owned();
            let source = SourceFile::new(path, text);
            return Err(LoadError::new(
                LoadErrorKind::Encoding,
                &source,
                Span::new(offset, offset + '\u{FFFD}'.len_utf8()),
                format!("the file is not valid UTF-8: byte 0x{bad:02X} at offset {offset}"),
                "not UTF-8",
            )
            .with_help("re-save the file as UTF-8"));
        }
    };
    let nul = memchr::memchr(0, text.as_bytes());
    let source = SourceFile::new(path, text);
    if let Some(offset) = nul {
        return Err(LoadError::new(
            LoadErrorKind::Encoding,
            &source,
            Span::new(offset, offset + 1),
            format!("the file contains a NUL byte at offset {offset}; it looks like a binary file"),
            "NUL byte",
        )
        .with_help("an OpenAPI document must be UTF-8 text (YAML or JSON)"));
    }
    Ok(source)
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Names the encoding when `bytes` look like UTF-16 or UTF-32 (a BOM, or the NUL bytes that
/// ASCII text has in those encodings).
fn utf16_or_32(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0x00, 0x00, 0xFE, 0xFF, ..] => Some("UTF-32 (big-endian, with a BOM)"),
        [0xFF, 0xFE, 0x00, 0x00, ..] => Some("UTF-32 (little-endian, with a BOM)"),
        [0xFE, 0xFF, ..] => Some("UTF-16 (big-endian, with a BOM)"),
        [0xFF, 0xFE, ..] => Some("UTF-16 (little-endian, with a BOM)"),
        [0x00, 0x00, 0x00, a, ..] if *a != 0 => Some("UTF-32 (big-endian)"),
        [a, 0x00, 0x00, 0x00, ..] if *a != 0 => Some("UTF-32 (little-endian)"),
        [0x00, a, 0x00, b, ..] if *a != 0 && *b != 0 => Some("UTF-16 (big-endian)"),
        [a, 0x00, b, 0x00, ..] if *a != 0 && *b != 0 => Some("UTF-16 (little-endian)"),
        [0x00, a] if *a != 0 => Some("UTF-16 (big-endian)"),
        [a, 0x00] if *a != 0 => Some("UTF-16 (little-endian)"),
        _ => None,
    }
}

/// Which syntax [`parse`] reads a file as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JSON (RFC 8259).
    Json,
    /// YAML 1.2 (core schema).
    Yaml,
}

/// The format [`parse`] tries first: JSON for `.json` files and for text whose first
/// non-whitespace character is `{` or `[`, YAML otherwise.
pub fn detect_format(source: &SourceFile) -> Format {
    if is_json_path(source) {
        return Format::Json;
    }
    match source.text.bytes().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{' | b'[') => Format::Json,
        _ => Format::Yaml,
    }
}

fn is_json_path(source: &SourceFile) -> bool {
    source
        .path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// Parses a decoded file into a tree. JSON is chosen for `.json` files or text starting with
/// `{`/`[`; everything else is YAML 1.2. Returns every error found (duplicate keys are collected;
/// a syntax error ends parsing).
///
/// When JSON was chosen only because of the first character and it fails, the text is read as
/// YAML (a flow-style YAML document also starts with `{`); if that fails too the JSON errors are
/// returned.
pub fn parse(source: &Arc<SourceFile>, limits: &Limits) -> Result<Node, Vec<LoadError>> {
    match detect_format(source) {
        Format::Yaml => yaml::parse(source, limits),
        Format::Json if is_json_path(source) => json::parse(source, limits),
        Format::Json => json::parse(source, limits).or_else(|json_errors| {
            // Only a syntax error can mean "this is YAML"; duplicate keys or too deep nesting
            // would be the same in YAML.
            if json_errors
                .iter()
                .any(|e| e.kind == LoadErrorKind::JsonSyntax)
            {
                yaml::parse(source, limits).map_err(|_| json_errors)
            } else {
                Err(json_errors)
            }
        }),
    }
}

/// Pairs `(first, later)` of indices of `entries` whose keys are equal, `later` being every
/// repetition of an earlier key, in document order of `later`.
fn duplicate_keys(entries: &[Entry]) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    if entries.len() <= 16 {
        for (i, later) in entries.iter().enumerate().skip(1) {
            if let Some(first) = entries[..i].iter().position(|e| e.key == later.key) {
                found.push((first, i));
            }
        }
        return found;
    }
    let mut order: Vec<usize> = (0..entries.len()).collect();
    // Stable: equal keys keep document order, so each run starts with the original.
    order.sort_by(|a, b| entries[*a].key.cmp(&entries[*b].key));
    for run in order.chunk_by(|a, b| entries[*a].key == entries[*b].key) {
        found.extend(run[1..].iter().map(|later| (run[0], *later)));
    }
    found.sort_unstable_by_key(|(_, later)| *later);
    found
}

/// The error for a key `later` that repeats `first` in one mapping (`what`: "object", "mapping").
fn duplicate_key_error(
    source: &Arc<SourceFile>,
    first: &Entry,
    later: &Entry,
    what: &str,
) -> LoadError {
    LoadError::new(
        LoadErrorKind::DuplicateKey,
        source,
        later.key_span,
        format!("duplicate key `{}` in this {what}", later.key),
        "defined again here",
    )
    .with_related(source, first.key_span, "first defined here")
    .with_help("remove one of the two entries: most readers silently keep only one of them")
}

/// Deterministic pseudo-random parser inputs (xorshift): 2,000 strings of up to `max_len`
/// characters, alternately drawn from `alphabet` and from code points below `max_char`.
#[cfg(test)]
pub(crate) fn fuzz_inputs(
    seed: u64,
    alphabet: &'static [u8],
    max_len: u64,
    max_char: u64,
) -> impl Iterator<Item = String> {
    let mut state = seed;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..2_000).map(move |round| {
        let len = next() % max_len;
        (0..len)
            .map(|_| {
                let r = next();
                if round % 2 == 0 {
                    alphabet[(r % alphabet.len() as u64) as usize] as char
                } else {
                    char::from_u32((r % max_char) as u32).unwrap_or('x')
                }
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::LineCol;
    use crate::tree::Value;
    use std::path::Path;

    const SPEC_YAML: &str = "openapi: 3.1.0\ninfo:\n  title: Pets – API\n  version: '1.0'\npaths:\n  /pets/{id}:\n    get:\n      parameters:\n        - name: id\n          in: path\n          required: true\n          schema: {type: integer, format: int64, maximum: 9000}\n      responses:\n        200:\n          description: |\n            A pet.\n            Multi-line.\n        default: &err\n          description: \"Error\"\n    delete:\n      responses:\n        <<: {}\n        204: *err\n";

    const SPEC_JSON: &str = r#"{"openapi": "3.0.3", "info": {"title": "Pets \u2013 API", "version": "1.0"}, "paths": {"/pets": {"get": {"parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 100, "minimum": -1.5e2}}], "responses": {"200": {"description": "ok"}}}}}}"#;

    #[allow(clippy::result_large_err)]
    fn decode_str(path: &str, bytes: &[u8]) -> Result<Arc<SourceFile>, LoadError> {
        decode(Path::new(path), bytes.to_vec(), &Limits::default())
    }

    fn load(path: &str, text: &str) -> Result<Node, Vec<LoadError>> {
        parse(&SourceFile::new(path, text.to_owned()), &Limits::default())
    }

    #[test]
    fn decode_strips_a_utf8_bom() {
        let source = decode_str("a.yaml", b"\xEF\xBB\xBFa: 1\n").unwrap();
        assert_eq!(source.text, "a: 1\n");
    }

    #[test]
    fn decode_refuses_utf16_and_utf32() {
        let cases: &[&[u8]] = &[
            b"\xFF\xFEa\x00:\x00",
            b"\xFE\xFF\x00a\x00:",
            b"\xFF\xFE\x00\x00a\x00\x00\x00",
            b"\x00\x00\xFE\xFF\x00\x00\x00a",
            b"{\x00\n\x00",
            b"\x00{\x00\n",
            b"{\x00\x00\x00",
            b"\x00\x00\x00{",
            b"{\x00",
        ];
        for bytes in cases {
            let err = decode_str("a.json", bytes).unwrap_err();
            assert_eq!(err.kind, LoadErrorKind::Encoding, "{bytes:?}");
            assert!(err.message.contains("UTF-16") || err.message.contains("UTF-32"));
            assert_eq!(err.help.as_deref(), Some("re-save the file as UTF-8"));
        }
        let err = decode_str("a.json", b"\xFF\xFEa\x00").unwrap_err();
        assert_eq!(
            err.message,
            "the file is encoded as UTF-16 (little-endian, with a BOM), not UTF-8"
        );
    }

    #[test]
    fn decode_points_at_the_first_invalid_utf8_byte() {
        let err = decode_str("a.yaml", b"a: 1\nb: caf\xE9 au lait\n").unwrap_err();
        assert_eq!(err.kind, LoadErrorKind::Encoding);
        assert_eq!(err.span.start, 11);
        assert_eq!(err.line_col(), LineCol { line: 2, column: 7 });
        assert!(err.message.contains("0xE9 at offset 11"), "{}", err.message);
        assert_eq!(err.help.as_deref(), Some("re-save the file as UTF-8"));
        let source = err.source.as_ref().unwrap();
        assert_eq!(
            &source.text[err.span.start as usize..err.span.end as usize],
            "\u{FFFD}"
        );
    }

    #[test]
    fn decode_refuses_binary_and_oversized_files() {
        let err = decode_str("a.yaml", b"a: 1\nb\x00c").unwrap_err();
        assert_eq!(err.kind, LoadErrorKind::Encoding);
        assert_eq!(err.line_col(), LineCol { line: 2, column: 2 });
        let limits = Limits {
            max_bytes: 4,
            ..Limits::default()
        };
        let err = decode(Path::new("big.yaml"), b"a: 12".to_vec(), &limits).unwrap_err();
        assert_eq!(err.kind, LoadErrorKind::TooLarge);
        assert!(err.source.is_none());
        assert_eq!(
            err.message,
            "the file is 5 bytes, more than the limit of 4 bytes"
        );
        assert!(err.help.unwrap().contains("max_bytes"));
        assert!(decode(Path::new("ok.yaml"), b"a: 1".to_vec(), &limits).is_ok());
    }

    #[test]
    fn format_detection_and_yaml_fallback() {
        let yaml = load("spec.yaml", SPEC_YAML).unwrap();
        assert_eq!(yaml.get("openapi").unwrap().as_str(), Some("3.1.0"));
        let json = load("spec.yaml", SPEC_JSON).unwrap();
        assert_eq!(json.get("openapi").unwrap().as_str(), Some("3.0.3"));
        assert_eq!(
            detect_format(&SourceFile::new("x.yml", "  \n[1]".into())),
            Format::Json
        );
        assert_eq!(
            detect_format(&SourceFile::new("x.JSON", "a: 1".into())),
            Format::Json
        );
        // `{` first, not valid JSON but valid YAML: read as YAML.
        let node = load("spec.yaml", "{openapi: 3.1.0, info: {title: x}}\n").unwrap();
        assert_eq!(node.get("openapi").unwrap().as_str(), Some("3.1.0"));
        let node = load("spec", "[a, 'b']").unwrap();
        assert_eq!(node.as_array().unwrap().len(), 2);
        // Broken as both: the JSON error is the one reported.
        let errors = load("spec.yaml", "{\"a\": [1, 2}").unwrap_err();
        assert_eq!(errors[0].kind, LoadErrorKind::JsonSyntax);
        // Errors that YAML would repeat are not retried as YAML.
        let errors = load("spec.yaml", "{\"a\": 1, \"a\": 2}").unwrap_err();
        assert_eq!(errors[0].kind, LoadErrorKind::DuplicateKey);
        assert_eq!(errors[0].message, "duplicate key `a` in this object");
        // A `.json` file is JSON only.
        let errors = load("spec.json", "{a: 1}").unwrap_err();
        assert_eq!(errors[0].kind, LoadErrorKind::JsonSyntax);
        let errors = load("spec.json", "a: 1").unwrap_err();
        assert_eq!(errors[0].kind, LoadErrorKind::JsonSyntax);
    }

    #[test]
    fn yaml_and_json_give_the_same_tree_values() {
        let yaml = load("a.yaml", "a: [1, 2.5, true, null, x]\nb: {c: 'd'}\n").unwrap();
        let json = load(
            "a.json",
            r#"{"a": [1, 2.5, true, null, "x"], "b": {"c": "d"}}"#,
        )
        .unwrap();
        assert_eq!(yaml.to_json(), json.to_json());
        let spec = load("spec.yaml", SPEC_YAML).unwrap();
        let op = spec.get("paths").unwrap().get("/pets/{id}").unwrap();
        let deleted = op.get("delete").unwrap().get("responses").unwrap();
        assert_eq!(
            deleted
                .get("204")
                .unwrap()
                .get("description")
                .unwrap()
                .as_str(),
            Some("Error")
        );
        let schema = op
            .get("get")
            .unwrap()
            .get("parameters")
            .unwrap()
            .child("0")
            .unwrap();
        assert_eq!(
            schema.get("schema").unwrap().get("maximum").unwrap().value,
            Value::Integer(9000)
        );
    }

    #[test]
    fn truncated_and_mutated_specs_never_panic() {
        let mut state = 0x1234_5678_9ABC_DEF1_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for (path, spec) in [
            ("s.yaml", SPEC_YAML),
            ("s.json", SPEC_JSON),
            ("s", SPEC_JSON),
        ] {
            for cut in 0..=spec.len() {
                if spec.is_char_boundary(cut) {
                    let _ = load(path, &spec[..cut]);
                }
            }
            for _ in 0..500 {
                let mut bytes = spec.as_bytes().to_vec();
                for _ in 0..1 + next() % 4 {
                    let at = (next() % bytes.len() as u64) as usize;
                    bytes[at] = (next() % 128) as u8;
                }
                let cut = (next() % (bytes.len() as u64 + 1)) as usize;
                bytes.truncate(cut);
                if let Ok(source) = decode(Path::new(path), bytes, &Limits::default()) {
                    let _ = parse(&source, &Limits::default());
                }
            }
        }
    }

    #[test]
    fn random_bytes_never_panic() {
        let mut state = 0x0BAD_5EED_DEAD_BEEF_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for round in 0..2_000 {
            let len = (next() % 96) as usize;
            let mut bytes: Vec<u8> = (0..len).map(|_| next() as u8).collect();
            if round % 3 == 0 {
                // Mostly ASCII, so that decoding succeeds and the parsers see it.
                bytes.iter_mut().for_each(|b| *b = 0x09 + *b % 0x76);
            }
            let path = ["r.json", "r.yaml", "r"][round % 3];
            if let Ok(source) = decode(Path::new(path), bytes, &Limits::default()) {
                let _ = parse(&source, &Limits::default());
            }
        }
    }
}
