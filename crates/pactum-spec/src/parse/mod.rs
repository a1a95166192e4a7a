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
        Format::Json => json::parse(source, limits)
            .or_else(|json_errors| yaml::parse(source, limits).map_err(|_| json_errors)),
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
