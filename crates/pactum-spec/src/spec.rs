//! The loaded contract: typed model + source map.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use indexmap::IndexMap;
use openapiv3::{OpenAPI, PathItem, ReferenceOr};

use crate::error::LoadError;
use crate::loader::{normalize_path, split_ref, Document, FileId, Loader, Options};
use crate::lower::{self, Bundled, Inlined, SpecVersion};
use crate::pointer;
use crate::source::{LineCol, SourceFile};
use crate::tree::{Node, Span};

/// A loaded OpenAPI contract.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The typed model (3.1 normalised into it; see ARCHITECTURE.md for what is lost).
    pub openapi: OpenAPI,
    /// The declared version.
    pub version: SpecVersion,
    /// 3.1 `webhooks`.
    pub webhooks: IndexMap<String, ReferenceOr<PathItem>>,
    /// 3.1 `components.pathItems`.
    pub path_items: IndexMap<String, ReferenceOr<PathItem>>,
    /// Pointer → file:line:col.
    pub source_map: SourceMap,
}

/// Where a JSON pointer of the typed model is in the source files.
#[derive(Debug, Clone)]
pub struct Location {
    /// The file.
    pub file: Arc<SourceFile>,
    /// The node's span (for an object member, the value; see [`SourceMap::locate_key`]).
    pub span: Span,
    /// 1-based line and column of the span's start.
    pub line_col: LineCol,
    /// The pointer inside that file (differs from the model pointer for `$ref`'d content).
    pub pointer: String,
    /// False when the exact node was not found and an ancestor was used instead.
    pub exact: bool,
}

/// Maps JSON pointers of the typed model to source locations, through `$ref`s and files.
///
/// Built from the parsed trees (kept after loading) and the lowering's records of bundled
/// components and inlined references. Lookups walk the tree, so nothing is precomputed per
/// node; only renderers call it, once per finding.
#[derive(Debug, Clone)]
pub struct SourceMap {
    docs: Vec<Arc<Document>>,
    /// Model pointer prefix → (file, pointer segments in that file).
    prefixes: HashMap<String, (FileId, Vec<String>)>,
    /// Normalised path of each file → its id (to follow `$ref`s while walking).
    by_path: HashMap<PathBuf, FileId>,
}

struct Cursor<'a> {
    file: FileId,
    node: &'a Node,
    key_span: Option<Span>,
    segments: Vec<String>,
}

impl SourceMap {
    /// Builds a source map over the loaded documents.
    pub fn new(docs: Vec<Arc<Document>>, bundled: Vec<Bundled>, inlined: Vec<Inlined>) -> Self {
        let mut prefixes = HashMap::with_capacity(bundled.len() + inlined.len());
        for b in bundled {
            let at = pointer::join(&["components", b.kind.as_str(), b.name.as_str()]);
            prefixes.insert(at, (b.file, pointer::split(&b.pointer)));
        }
        for i in inlined {
            prefixes.insert(i.at, (i.file, pointer::split(&i.pointer)));
        }
        let by_path = docs
            .iter()
            .map(|d| (normalize_path(&d.source.path), d.id))
            .collect();
        SourceMap {
            docs,
            prefixes,
            by_path,
        }
    }

    /// The root file.
    pub fn root_file(&self) -> &Arc<SourceFile> {
        &self.docs[0].source
    }

    /// Every file the contract was loaded from.
    pub fn files(&self) -> impl Iterator<Item = &Arc<SourceFile>> {
        self.docs.iter().map(|d| &d.source)
    }

    /// Every parsed document (trees kept for rules that need the raw text, e.g. `$ref` siblings).
    pub fn documents(&self) -> &[Arc<Document>] {
        &self.docs
    }

    /// The typed-model pointer of the node at `pointer` inside document `file`, the inverse of
    /// [`locate`](Self::locate), for rules that read the parsed trees ([`documents`]
    /// (Self::documents)). In the root file that is `pointer` itself; in other files it goes
    /// through the bundled components and inlined references that brought the content into
    /// the model (the deepest one; among equals the shortest, then smallest, model pointer).
    /// `None` when no part of the model came from there.
    pub fn model_pointer(&self, file: FileId, pointer: &str) -> Option<String> {
        if file == FileId::ROOT {
            return Some(pointer.to_owned());
        }
        let segs = pointer::split(pointer);
        let mut best: Option<(usize, &String)> = None;
        for (model, (f, inner)) in &self.prefixes {
            if *f != file || inner.len() > segs.len() || segs[..inner.len()] != inner[..] {
                continue;
            }
            let better = match best {
                None => true,
                Some((depth, m)) => {
                    inner.len() > depth
                        || (inner.len() == depth && (model.len(), model) < (m.len(), m))
                }
            };
            if better {
                best = Some((inner.len(), model));
            }
        }
        let (depth, model) = best?;
        let mut out = model.clone();
        for s in &segs[depth..] {
            out.push('/');
            out.push_str(&pointer::escape(s));
        }
        Some(out)
    }

    /// The location of the node at `pointer` (a pointer into the typed model). Falls back to
    /// the nearest existing ancestor (`exact == false`).
    pub fn locate(&self, pointer: &str) -> Location {
        self.locate_inner(pointer, false)
    }

    /// Like [`locate`](Self::locate) but, for an object member, the span of its key.
    pub fn locate_key(&self, pointer: &str) -> Location {
        self.locate_inner(pointer, true)
    }

    /// Calls `f` with every source node along `pointer`, from the document root down to the
    /// node itself (following `$ref`s and bundled components). Used for inline suppressions.
    pub fn nodes_along(&self, pointer: &str, mut f: impl FnMut(&Node)) {
        let segs = pointer::split(pointer);
        let (mut cur, rest) = self.start(&segs);
        f(cur.node);
        for seg in rest {
            match self.step(&cur, seg) {
                Some(next) => {
                    f(next.node);
                    cur = next;
                }
                None => break,
            }
        }
    }

    fn locate_inner(&self, pointer: &str, key: bool) -> Location {
        let segs = pointer::split(pointer);
        let (mut cur, rest) = self.start(&segs);
        let mut exact = true;
        for seg in rest {
            match self.step(&cur, seg) {
                Some(next) => cur = next,
                None => {
                    exact = false;
                    break;
                }
            }
        }
        let doc = &self.docs[cur.file.0 as usize];
        let span = match (key && exact, cur.key_span) {
            (true, Some(k)) => k,
            _ => cur.node.span,
        };
        Location {
            file: doc.source.clone(),
            span,
            line_col: doc.source.line_col(span.start),
            pointer: pointer::join(&cur.segments),
            exact,
        }
    }

    /// The cursor at the longest bundled/inlined prefix of `segs`, and the segments left.
    fn start<'s>(&self, segs: &'s [String]) -> (Cursor<'_>, &'s [String]) {
        // Every prefix of the pointer, built in one pass (only when something was bundled or
        // inlined: single-file specs without `$ref`s to non-components skip this).
        let mut prefixes: Vec<String> = Vec::new();
        if !self.prefixes.is_empty() {
            let mut acc = String::new();
            for s in segs {
                acc.push('/');
                acc.push_str(&pointer::escape(s));
                prefixes.push(acc.clone());
            }
        }
        for i in (1..=prefixes.len()).rev() {
            if let Some((file, inner)) = self.prefixes.get(&prefixes[i - 1]) {
                let root = Cursor {
                    file: *file,
                    node: &self.docs[file.0 as usize].root,
                    key_span: None,
                    segments: Vec::new(),
                };
                let mut cur = root;
                for s in inner {
                    match self.step(&cur, s) {
                        Some(next) => cur = next,
                        None => break,
                    }
                }
                return (cur, &segs[i..]);
            }
        }
        let root = Cursor {
            file: FileId::ROOT,
            node: &self.docs[0].root,
            key_span: None,
            segments: Vec::new(),
        };
        (root, segs)
    }

    /// One step down; follows a `$ref` at the current node when the child is not there.
    fn step<'a>(&'a self, cur: &Cursor<'a>, seg: &str) -> Option<Cursor<'a>> {
        let mut here = Cursor {
            file: cur.file,
            node: cur.node,
            key_span: cur.key_span,
            segments: cur.segments.clone(),
        };
        for _ in 0..32 {
            let entry = here.node.entry(seg).or_else(|| {
                // Status code ranges are upper-cased in the model (`2xx` → `2XX`).
                let range = seg.len() == 3 && seg.ends_with("XX");
                let entries = here.node.as_object().filter(|_| range)?;
                entries.iter().find(|e| e.key.eq_ignore_ascii_case(seg))
            });
            if let Some(entry) = entry {
                here.segments.push(seg.to_owned());
                return Some(Cursor {
                    file: here.file,
                    node: &entry.value,
                    key_span: Some(entry.key_span),
                    segments: here.segments,
                });
            }
            if let Some(child) = here.node.as_array().and(here.node.child(seg)) {
                here.segments.push(seg.to_owned());
                return Some(Cursor {
                    file: here.file,
                    node: child,
                    key_span: None,
                    segments: here.segments,
                });
            }
            let reference = here.node.get("$ref")?.as_str()?;
            here = self.follow(here.file, reference)?;
        }
        None
    }

    fn follow(&self, from: FileId, reference: &str) -> Option<Cursor<'_>> {
        let parts = split_ref(reference).ok()?;
        let file = match &parts.file {
            None => from,
            Some(f) => {
                let base = self.docs[from.0 as usize].source.path.parent()?;
                *self.by_path.get(&normalize_path(&base.join(f)))?
            }
        };
        let mut node = &self.docs[file.0 as usize].root;
        let mut key_span = None;
        for s in &parts.segments {
            if let Some(e) = node.entry(s) {
                key_span = Some(e.key_span);
                node = &e.value;
            } else {
                node = node.child(s)?;
                key_span = None;
            }
        }
        Some(Cursor {
            file,
            node,
            key_span,
            segments: parts.segments,
        })
    }
}

/// Loads a contract from a file.
pub fn load(path: &Path, options: &Options) -> Result<Spec, Vec<LoadError>> {
    finish(Loader::open(path, options.clone())?)
}

/// Loads a contract from text (as if read from `path`; relative `$ref`s resolve from there).
pub fn load_str(path: &Path, text: &str, options: &Options) -> Result<Spec, Vec<LoadError>> {
    finish(Loader::from_text(path, text, options.clone())?)
}

fn finish(loader: Loader) -> Result<Spec, Vec<LoadError>> {
    let lowered = lower::lower(&loader, FileId::ROOT);
    let mut errors = loader.take_errors();
    match lowered {
        Ok(l) if errors.is_empty() => Ok(Spec {
            openapi: l.openapi,
            version: l.version,
            webhooks: l.webhooks,
            path_items: l.path_items,
            source_map: SourceMap::new(loader.documents(), l.bundled, l.inlined),
        }),
        Ok(_) => Err(sorted(errors)),
        Err(more) => {
            errors.extend(more);
            Err(sorted(errors))
        }
    }
}

/// Sorts errors by file and position and drops exact duplicates.
fn sorted(mut errors: Vec<LoadError>) -> Vec<LoadError> {
    errors.sort_by(|a, b| {
        (a.file_name(), a.span.start, a.kind).cmp(&(b.file_name(), b.span.start, b.kind))
    });
    errors.dedup_by(|a, b| {
        a.kind == b.kind
            && a.span == b.span
            && a.message == b.message
            && a.file_name() == b.file_name()
    });
    errors
}
