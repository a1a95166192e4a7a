//! Test helpers: a small JSON reader that keeps byte spans (so tests do not depend on the real
//! parsers), an in-memory document set standing in for the loader, and error inspection.

use std::sync::Arc;

use super::context::Resolve;
use super::{lower_with, Lowered};
use crate::error::{LoadError, LoadErrorKind};
use crate::loader::{Document, FileId, Target};
use crate::pointer;
use crate::source::SourceFile;
use crate::tree::{Entry, Node, Span, Value};

/// Parses JSON text into a tree with spans. Panics on malformed input (tests only).
pub(crate) fn parse_json(text: &str) -> Node {
    let mut p = Reader {
        b: text.as_bytes(),
        i: 0,
    };
    let n = p.value();
    p.ws();
    assert_eq!(p.i, p.b.len(), "trailing text at {}", p.i);
    n
}

struct Reader<'a> {
    b: &'a [u8],
    i: usize,
}

impl Reader<'_> {
    fn ws(&mut self) {
        while self.i < self.b.len() && self.b[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) {
        self.ws();
        assert_eq!(
            self.b[self.i] as char, c as char,
            "expected {} at {}",
            c as char, self.i
        );
        self.i += 1;
    }

    fn value(&mut self) -> Node {
        self.ws();
        let start = self.i;
        let value = match self.b[self.i] {
            b'{' => {
                self.i += 1;
                let mut entries = Vec::new();
                self.ws();
                if self.b[self.i] == b'}' {
                    self.i += 1;
                } else {
                    loop {
                        self.ws();
                        let ks = self.i;
                        let key = self.string();
                        let key_span = Span::new(ks, self.i);
                        self.eat(b':');
                        let value = self.value();
                        entries.push(Entry {
                            key,
                            key_span,
                            value,
                        });
                        self.ws();
                        let c = self.b[self.i];
                        self.i += 1;
                        if c == b'}' {
                            break;
                        }
                        assert_eq!(c, b',', "expected , at {}", self.i - 1);
                    }
                }
                Value::Object(entries)
            }
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.b[self.i] == b']' {
                    self.i += 1;
                } else {
                    loop {
                        items.push(self.value());
                        self.ws();
                        let c = self.b[self.i];
                        self.i += 1;
                        if c == b']' {
                            break;
                        }
                        assert_eq!(c, b',', "expected , at {}", self.i - 1);
                    }
                }
                Value::Array(items)
            }
            b'"' => Value::String(self.string()),
            b't' => self.word("true", Value::Bool(true)),
            b'f' => self.word("false", Value::Bool(false)),
            b'n' => self.word("null", Value::Null),
            _ => {
                while self.i < self.b.len()
                    && matches!(
                        self.b[self.i],
                        b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'
                    )
                {
                    self.i += 1;
                }
                let t = std::str::from_utf8(&self.b[start..self.i]).unwrap_or_default();
                match t.parse::<i64>() {
                    Ok(i) => Value::Integer(i),
                    Err(_) => Value::Float(t.parse::<f64>().expect("a number")),
                }
            }
        };
        Node::new(value, Span::new(start, self.i))
    }

    fn word(&mut self, w: &str, v: Value) -> Value {
        assert!(self.b[self.i..].starts_with(w.as_bytes()));
        self.i += w.len();
        v
    }

    fn string(&mut self) -> String {
        assert_eq!(self.b[self.i], b'"');
        self.i += 1;
        let mut out = Vec::new();
        loop {
            let c = self.b[self.i];
            self.i += 1;
            match c {
                b'"' => break,
                b'\\' => {
                    let e = self.b[self.i];
                    self.i += 1;
                    out.push(match e {
                        b'n' => b'\n',
                        b't' => b'\t',
                        other => other,
                    });
                }
                _ => out.push(c),
            }
        }
        String::from_utf8(out).expect("utf-8")
    }
}

/// An in-memory document set: file names map to JSON texts; the first is the root.
pub(crate) struct Docs {
    docs: Vec<Arc<Document>>,
}

impl Docs {
    /// Parses every file.
    pub(crate) fn new(files: &[(&str, &str)]) -> Docs {
        let docs = files
            .iter()
            .enumerate()
            .map(|(i, (name, text))| {
                Arc::new(Document {
                    id: FileId(i as u32),
                    source: SourceFile::new(*name, (*text).to_owned()),
                    root: parse_json(text),
                })
            })
            .collect();
        Docs { docs }
    }

    /// Parses every file with the real parsers (YAML or JSON).
    pub(crate) fn parsed(files: &[(&str, &str)]) -> Docs {
        let limits = crate::parse::Limits::default();
        let docs = files
            .iter()
            .enumerate()
            .map(|(i, (name, text))| {
                let source = SourceFile::new(*name, (*text).to_owned());
                let root = match crate::parse::parse(&source, &limits) {
                    Ok(root) => root,
                    Err(e) => panic!("{name}: {:?}", summary(&e)),
                };
                Arc::new(Document {
                    id: FileId(i as u32),
                    source,
                    root,
                })
            })
            .collect();
        Docs { docs }
    }

    /// Lowers the root.
    pub(crate) fn lower(&self) -> Result<Lowered, Vec<LoadError>> {
        lower_with(self, FileId::ROOT)
    }
}

impl Resolve for Docs {
    fn resolve(&self, from: FileId, reference: &Node) -> Result<Target, LoadError> {
        let here = &self.docs[from.0 as usize];
        let text = reference.as_str().unwrap_or_default();
        let (file, ptr) = text.split_once('#').unwrap_or((text, ""));
        let doc = if file.is_empty() {
            here.clone()
        } else {
            match self
                .docs
                .iter()
                .find(|d| d.source.path.to_str() == Some(file))
            {
                Some(d) => d.clone(),
                None => {
                    return Err(LoadError::new(
                        LoadErrorKind::RefFileNotFound,
                        &here.source,
                        reference.span,
                        format!("`{file}` not found"),
                        "no such file",
                    ))
                }
            }
        };
        let segments = pointer::split(ptr);
        let mut node = &doc.root;
        for s in &segments {
            node = node.child(s).ok_or_else(|| {
                LoadError::new(
                    LoadErrorKind::RefMissingTarget,
                    &here.source,
                    reference.span,
                    format!("`{text}` points at nothing"),
                    "no such target",
                )
            })?;
        }
        Ok(Target {
            doc,
            pointer: ptr.to_owned(),
            segments,
        })
    }

    fn doc(&self, id: FileId) -> Arc<Document> {
        self.docs[id.0 as usize].clone()
    }
}

/// Lowers a single JSON document named `spec.json`.
pub(crate) fn lower_json(text: &str) -> Result<Lowered, Vec<LoadError>> {
    Docs::new(&[("spec.json", text)]).lower()
}

/// Lowers a document that must load.
pub(crate) fn ok(text: &str) -> Lowered {
    match lower_json(text) {
        Ok(l) => l,
        Err(errors) => panic!("unexpected errors: {:#?}", summary(&errors)),
    }
}

/// Lowers a document that must fail.
pub(crate) fn errs(text: &str) -> Vec<LoadError> {
    match lower_json(text) {
        Ok(_) => panic!("expected errors"),
        Err(errors) => errors,
    }
}

/// `(kind, "line:col", text under the span, message)` for each error.
pub(crate) fn summary(errors: &[LoadError]) -> Vec<(LoadErrorKind, String, String, String)> {
    errors
        .iter()
        .map(|e| {
            let lc = e.line_col();
            let text = e
                .source
                .as_ref()
                .and_then(|s| s.text.get(e.span.start as usize..e.span.end as usize))
                .unwrap_or_default()
                .to_owned();
            (
                e.kind,
                format!("{}:{}", lc.line, lc.column),
                text,
                e.message.clone(),
            )
        })
        .collect()
}

/// A 3.0 document around `paths` and `components` JSON fragments.
pub(crate) fn doc30(paths: &str, components: &str) -> String {
    format!(
        "{{\"openapi\": \"3.0.3\", \"info\": {{\"title\": \"t\", \"version\": \"1\"}},\n\
         \"paths\": {paths},\n\"components\": {components}}}"
    )
}

/// A 3.1 document around `paths` and `components` JSON fragments.
pub(crate) fn doc31(paths: &str, components: &str) -> String {
    format!(
        "{{\"openapi\": \"3.1.0\", \"info\": {{\"title\": \"t\", \"version\": \"1\"}},\n\
         \"paths\": {paths},\n\"components\": {components}}}"
    )
}

/// A document set read from disk through the real parsers, resolving relative file `$ref`s
/// lexically (a stand-in for the loader while it is being written).
pub(crate) struct DiskDocs {
    docs: std::cell::RefCell<Vec<Arc<Document>>>,
}

impl DiskDocs {
    /// Reads the root file.
    pub(crate) fn open(path: &std::path::Path) -> Result<DiskDocs, Vec<LoadError>> {
        let d = DiskDocs {
            docs: std::cell::RefCell::new(Vec::new()),
        };
        d.load(path)?;
        Ok(d)
    }

    fn load(&self, path: &std::path::Path) -> Result<Arc<Document>, Vec<LoadError>> {
        if let Some(d) = self.docs.borrow().iter().find(|d| d.source.path == path) {
            return Ok(d.clone());
        }
        let limits = crate::parse::Limits::default();
        let bytes = std::fs::read(path).map_err(|e| {
            vec![LoadError::without_source(
                LoadErrorKind::Io,
                path,
                e.to_string(),
            )]
        })?;
        let source = crate::parse::decode(path, bytes, &limits).map_err(|e| vec![e])?;
        let root = crate::parse::parse(&source, &limits)?;
        let mut docs = self.docs.borrow_mut();
        let doc = Arc::new(Document {
            id: FileId(docs.len() as u32),
            source,
            root,
        });
        docs.push(doc.clone());
        Ok(doc)
    }
}

fn normalise(path: &std::path::Path) -> std::path::PathBuf {
    let mut out = std::path::PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

impl Resolve for DiskDocs {
    fn resolve(&self, from: FileId, reference: &Node) -> Result<Target, LoadError> {
        let here = self.doc(from);
        let text = reference.as_str().unwrap_or_default();
        let (file, ptr) = text.split_once('#').unwrap_or((text, ""));
        let fail =
            |kind, msg: String| LoadError::new(kind, &here.source, reference.span, msg, "here");
        let doc = if file.is_empty() {
            here.clone()
        } else {
            let dir = here
                .source
                .path
                .parent()
                .unwrap_or(std::path::Path::new(""));
            let path = normalise(&dir.join(file));
            self.load(&path).map_err(|e| {
                fail(
                    LoadErrorKind::RefFileNotFound,
                    format!("{file}: {}", e[0].message),
                )
            })?
        };
        let segments = pointer::split(ptr);
        let mut node = &doc.root;
        for s in &segments {
            node = node.child(s).ok_or_else(|| {
                fail(
                    LoadErrorKind::RefMissingTarget,
                    format!("`{text}` points at nothing"),
                )
            })?;
        }
        Ok(Target {
            doc: doc.clone(),
            pointer: ptr.to_owned(),
            segments,
        })
    }

    fn doc(&self, id: FileId) -> Arc<Document> {
        self.docs.borrow()[id.0 as usize].clone()
    }
}
