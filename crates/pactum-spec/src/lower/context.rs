//! Lowering state: the current file, the model pointer, the collected errors, and the `$ref`
//! policy (keep a reference, bundle the target into `components`, or inline it).

use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt;
use std::sync::Arc;

use indexmap::IndexMap;
use openapiv3::ReferenceOr;

use super::{Bundled, Inlined, SpecVersion};
use crate::error::{LoadError, LoadErrorKind};
use crate::loader::{Document, FileId, Loader, Target};
use crate::pointer;
use crate::source::SourceFile;
use crate::tree::{Entry, Node, Span, Value};

/// What the lowering needs from the document set: `$ref` resolution and the documents.
/// [`Loader`] implements it; unit tests use an in-memory stand-in.
pub(crate) trait Resolve {
    /// Resolves the `$ref` string node `reference` written in file `from`.
    fn resolve(&self, from: FileId, reference: &Node) -> Result<Target, LoadError>;
    /// A loaded document.
    fn doc(&self, id: FileId) -> Arc<Document>;
}

impl Resolve for Loader {
    fn resolve(&self, from: FileId, reference: &Node) -> Result<Target, LoadError> {
        Loader::resolve(self, from, reference)
    }

    fn doc(&self, id: FileId) -> Arc<Document> {
        Loader::doc(self, id)
    }
}

/// The kinds of reusable components (the keys of the `components` object).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Kind {
    Schemas,
    Responses,
    Parameters,
    Examples,
    RequestBodies,
    Headers,
    SecuritySchemes,
    Links,
    Callbacks,
    PathItems,
}

impl Kind {
    /// Every kind, in `components` order.
    pub(crate) const ALL: [Kind; 10] = [
        Kind::Schemas,
        Kind::Responses,
        Kind::Parameters,
        Kind::Examples,
        Kind::RequestBodies,
        Kind::Headers,
        Kind::SecuritySchemes,
        Kind::Links,
        Kind::Callbacks,
        Kind::PathItems,
    ];

    /// The key under `components`.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Kind::Schemas => "schemas",
            Kind::Responses => "responses",
            Kind::Parameters => "parameters",
            Kind::Examples => "examples",
            Kind::RequestBodies => "requestBodies",
            Kind::Headers => "headers",
            Kind::SecuritySchemes => "securitySchemes",
            Kind::Links => "links",
            Kind::Callbacks => "callbacks",
            Kind::PathItems => "pathItems",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// How an object is named in messages.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Name<'a> {
    /// A field: "`info`".
    Key(&'a str),
    /// An array item: "`tags[2]`".
    Item(&'a str, usize),
    /// A named member: "response `200`".
    Of(&'static str, &'a str),
    /// The whole document.
    Doc,
}

impl fmt::Display for Name<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Name::Key(k) => write!(f, "`{k}`"),
            Name::Item(k, i) => write!(f, "`{k}[{i}]`"),
            Name::Of(noun, k) => write!(f, "{noun} `{k}`"),
            Name::Doc => f.write_str("the document"),
        }
    }
}

/// Where an object sits: its name for messages and, when it is a member, its key's span (the
/// place a "missing field" error points at).
#[derive(Debug, Clone, Copy)]
pub(crate) struct At<'a> {
    /// The name used in messages.
    pub name: Name<'a>,
    key: Option<(FileId, Span)>,
}

impl<'a> At<'a> {
    /// An object without a key (array item, document, `$ref` target).
    pub(crate) fn bare(name: Name<'a>) -> Self {
        At { name, key: None }
    }
}

/// A component found by `$ref` that is copied into `components` under a generated name; its
/// target is lowered after the document, in registration order.
pub(crate) struct Pending {
    /// Which map it goes into.
    pub kind: Kind,
    /// The generated name.
    pub name: String,
    /// The definition.
    pub target: Target,
}

struct InlineFrame {
    file: FileId,
    pointer: String,
    source: Arc<SourceFile>,
    span: Span,
    text: String,
}

/// The lowering context.
pub(crate) struct Cx<'r> {
    resolver: &'r dyn Resolve,
    /// The declared version.
    pub version: SpecVersion,
    /// The file whose nodes are being lowered.
    pub file: FileId,
    /// Its text (for spans and number tokens).
    pub source: Arc<SourceFile>,
    errors: Vec<LoadError>,
    ptr: String,
    marks: Vec<usize>,
    inlining: Vec<InlineFrame>,
    bundle_names: HashMap<(Kind, FileId, String), String>,
    aliases: HashMap<(Kind, String), Target>,
    taken: Vec<HashSet<String>>,
    /// Components copied in from elsewhere.
    pub bundled: Vec<Bundled>,
    /// `$ref`s replaced by their content.
    pub inlined: Vec<Inlined>,
    /// Bundled components still to lower.
    pub pending: VecDeque<Pending>,
}

impl<'r> Cx<'r> {
    /// A context positioned at the root of `source` (file `file`).
    pub(crate) fn new(resolver: &'r dyn Resolve, file: FileId, source: Arc<SourceFile>) -> Self {
        Cx {
            resolver,
            version: SpecVersion::V30,
            file,
            source,
            errors: Vec::new(),
            ptr: String::with_capacity(256),
            marks: Vec::with_capacity(64),
            inlining: Vec::new(),
            bundle_names: HashMap::new(),
            aliases: HashMap::new(),
            taken: vec![HashSet::new(); Kind::ALL.len()],
            bundled: Vec::new(),
            inlined: Vec::new(),
            pending: VecDeque::new(),
        }
    }

    /// True for a 3.1 document.
    pub(crate) fn is_31(&self) -> bool {
        self.version == SpecVersion::V31
    }

    // ----- the model pointer -------------------------------------------------------------

    /// Enters the member `seg` (unescaped) of the current model position.
    pub(crate) fn push(&mut self, seg: &str) {
        self.marks.push(self.ptr.len());
        self.ptr.push('/');
        if seg.contains(['~', '/']) {
            self.ptr.push_str(&pointer::escape(seg));
        } else {
            self.ptr.push_str(seg);
        }
    }

    /// Enters array item `i`.
    pub(crate) fn push_index(&mut self, i: usize) {
        use std::fmt::Write;
        self.marks.push(self.ptr.len());
        let _ = write!(self.ptr, "/{i}");
    }

    /// Leaves the last entered member.
    pub(crate) fn pop(&mut self) {
        if let Some(m) = self.marks.pop() {
            self.ptr.truncate(m);
        }
    }

    /// Moves to an absolute model position given by unescaped segments.
    pub(crate) fn reset_pointer(&mut self, segments: &[&str]) {
        self.ptr.clear();
        self.marks.clear();
        for s in segments {
            self.push(s);
        }
    }

    /// `At` for the value of `entry`, named by its key.
    pub(crate) fn at<'a>(&self, entry: &'a Entry) -> At<'a> {
        At {
            name: Name::Key(&entry.key),
            key: Some((self.file, entry.key_span)),
        }
    }

    /// `At` for the value of `entry`, named "`noun` `key`".
    pub(crate) fn at_of<'a>(&self, noun: &'static str, entry: &'a Entry) -> At<'a> {
        At {
            name: Name::Of(noun, &entry.key),
            key: Some((self.file, entry.key_span)),
        }
    }

    // ----- errors --------------------------------------------------------------------------

    /// Records an error in the current file and returns it for adding a help line.
    pub(crate) fn error(
        &mut self,
        kind: LoadErrorKind,
        span: Span,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> &mut LoadError {
        self.errors
            .push(LoadError::new(kind, &self.source, span, message, label));
        let last = self.errors.len() - 1;
        &mut self.errors[last]
    }

    /// True when an error was recorded.
    pub(crate) fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// "`name` must be EXPECTED, found …" at `node`.
    pub(crate) fn wrong_type(
        &mut self,
        node: &Node,
        name: Name<'_>,
        expected: &'static str,
    ) -> &mut LoadError {
        let message = format!("{name} must be {expected}, found {}", node.type_name());
        self.error(
            LoadErrorKind::WrongType,
            node.span,
            message,
            format!("expected {expected}"),
        )
    }

    /// "`owner` is missing the required field `field`", at the owner's key when known (and in
    /// the current file), else at the first line of `node`.
    pub(crate) fn missing(&mut self, node: &Node, at: At<'_>, field: &str, example: &str) {
        let span = match at.key {
            Some((file, span)) if file == self.file => span,
            _ => self.first_line(node),
        };
        let message = format!("{} is missing the required field `{field}`", at.name);
        self.error(
            LoadErrorKind::MissingField,
            span,
            message,
            format!("missing `{field}`"),
        )
        .help = Some(format!("add `{example}`"));
    }

    /// The span of the first line of `node`, at most 80 bytes (a whole collection's span is too
    /// large to show; minified JSON has everything on one line).
    pub(crate) fn first_line(&self, node: &Node) -> Span {
        let text = &self.source.text;
        let start = node.span.start as usize;
        let end = (node.span.end as usize).min(text.len());
        if start >= end {
            return node.span;
        }
        let mut stop = text.as_bytes()[start..end]
            .iter()
            .take(80)
            .position(|b| *b == b'\n')
            .map_or(end.min(start + 80), |i| start + i);
        while stop > start && !text.is_char_boundary(stop) {
            stop -= 1;
        }
        Span::new(start, stop.max(start + 1).min(end))
    }

    /// The errors, sorted by file and position and deduplicated.
    pub(crate) fn take_errors(&mut self) -> Vec<LoadError> {
        let mut errors = std::mem::take(&mut self.errors);
        errors.sort_by(|a, b| {
            let fa = a.source.as_ref().map(|s| s.path.as_path());
            let fb = b.source.as_ref().map(|s| s.path.as_path());
            fa.cmp(&fb)
                .then(a.span.start.cmp(&b.span.start))
                .then(a.span.end.cmp(&b.span.end))
                .then(a.kind.cmp(&b.kind))
                .then(a.message.cmp(&b.message))
        });
        errors.dedup_by(|a, b| {
            a.span == b.span
                && a.kind == b.kind
                && a.message == b.message
                && a.source.as_ref().map(|s| &s.path) == b.source.as_ref().map(|s| &s.path)
        });
        errors
    }

    // ----- objects and collections ---------------------------------------------------------

    /// The entries of `node`, or a wrong-type error.
    pub(crate) fn object<'n>(&mut self, node: &'n Node, name: Name<'_>) -> Option<&'n [Entry]> {
        match &node.value {
            Value::Object(entries) => Some(entries),
            _ => {
                self.wrong_type(node, name, "an object");
                None
            }
        }
    }

    /// Lowers each item of the array in `entry` with `f` (the model pointer follows).
    pub(crate) fn list<T>(
        &mut self,
        entry: &Entry,
        mut f: impl FnMut(&mut Self, &Node, At<'_>) -> Option<T>,
    ) -> Vec<T> {
        self.push(&entry.key);
        let out = self
            .follow(&entry.value, &mut |cx, node| {
                let Some(items) = node.as_array() else {
                    cx.wrong_type(node, Name::Key(&entry.key), "an array");
                    return None;
                };
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    cx.push_index(i);
                    if let Some(v) = f(cx, item, At::bare(Name::Item(&entry.key, i))) {
                        out.push(v);
                    }
                    cx.pop();
                }
                Some(out)
            })
            .unwrap_or_default();
        self.pop();
        out
    }

    /// Lowers each member of the map in `entry` with `f` (the model pointer follows).
    pub(crate) fn map<T>(
        &mut self,
        entry: &Entry,
        mut f: impl FnMut(&mut Self, &Entry) -> Option<T>,
    ) -> IndexMap<String, T> {
        self.push(&entry.key);
        let out = self
            .follow(&entry.value, &mut |cx, node| {
                let entries = cx.object(node, Name::Key(&entry.key))?;
                let mut out = IndexMap::with_capacity(entries.len());
                for e in entries {
                    cx.push(&e.key);
                    if let Some(v) = f(cx, e) {
                        out.insert(e.key.clone(), v);
                    }
                    cx.pop();
                }
                Some(out)
            })
            .unwrap_or_default();
        self.pop();
        out
    }

    /// Lowers the object in `entry` (a non-reference position) with `f`, following a `$ref`
    /// by inlining; the model pointer enters `entry.key`.
    pub(crate) fn field<T>(
        &mut self,
        entry: &Entry,
        mut f: impl FnMut(&mut Self, &Node, At<'_>) -> Option<T>,
    ) -> Option<T> {
        let at = self.at(entry);
        self.push(&entry.key);
        let out = self.inline(&entry.value, &mut |cx, node| f(cx, node, at));
        self.pop();
        out
    }

    // ----- $ref policy ---------------------------------------------------------------------

    /// The `$ref` member's value when `node` is a reference object.
    pub(crate) fn ref_of(node: &Node) -> Option<&Node> {
        match &node.value {
            Value::Object(entries) => entries.iter().find(|e| e.key == "$ref").map(|e| &e.value),
            _ => None,
        }
    }

    fn resolve_ref(&mut self, r: &Node) -> Option<Target> {
        if r.as_str().is_none() {
            self.wrong_type(r, Name::Key("$ref"), "a string");
            return None;
        }
        match self.resolver.resolve(self.file, r) {
            Ok(t) => Some(t),
            Err(e) => {
                self.errors.push(e);
                None
            }
        }
    }

    /// Like [`inline`](Self::inline) for maps and lists, where a `$ref` member whose value is
    /// not a string is an ordinary member (a map entry called `$ref`), not a reference.
    pub(crate) fn follow<T, F>(&mut self, node: &Node, f: &mut F) -> Option<T>
    where
        F: FnMut(&mut Self, &Node) -> Option<T>,
    {
        match Self::ref_of(node) {
            Some(r) if r.as_str().is_some() => self.inline(node, f),
            _ => f(self, node),
        }
    }

    /// Lowers `node` in a position whose model type is not `ReferenceOr`: a `$ref` there is
    /// replaced by its target, lowered as if written in place (in the target's file).
    pub(crate) fn inline<T, F>(&mut self, node: &Node, f: &mut F) -> Option<T>
    where
        F: FnMut(&mut Self, &Node) -> Option<T>,
    {
        let Some(r) = Self::ref_of(node) else {
            return f(self, node);
        };
        let target = self.resolve_ref(r)?;
        let file = target.file();
        if let Some(pos) = self
            .inlining
            .iter()
            .position(|fr| fr.file == file && fr.pointer == target.pointer)
        {
            self.inline_cycle(pos, r);
            return None;
        }
        let content = target.node();
        self.record_inlined(&target);
        self.inlining.push(InlineFrame {
            file,
            pointer: target.pointer.clone(),
            source: self.source.clone(),
            span: r.span,
            text: r.as_str().unwrap_or_default().to_owned(),
        });
        let saved_file = std::mem::replace(&mut self.file, file);
        let saved_source = std::mem::replace(&mut self.source, target.doc.source.clone());
        let out = self.inline(content, f);
        self.file = saved_file;
        self.source = saved_source;
        self.inlining.pop();
        out
    }

    fn inline_cycle(&mut self, pos: usize, r: &Node) {
        let mut chain: Vec<&str> = self.inlining[pos..]
            .iter()
            .map(|f| f.text.as_str())
            .collect();
        chain.push(r.as_str().unwrap_or_default());
        let message = format!(
            "`$ref` cycle: `{}` includes itself ({})",
            r.as_str().unwrap_or_default(),
            chain.join(" → ")
        );
        let mut err = LoadError::new(
            LoadErrorKind::RefCycle,
            &self.source,
            r.span,
            message,
            "this reference leads back here",
        )
        .with_help(
            "this position cannot hold a reference in the model, so its target is copied in; \
             make the cycle go through a component (e.g. `#/components/schemas/…`)",
        );
        for f in &self.inlining[pos..] {
            err = err.with_related(&f.source, f.span, "part of the cycle");
        }
        self.errors.push(err);
    }

    /// Lowers `node` in a `ReferenceOr<T>` position of component kind `kind`.
    pub(crate) fn ref_or<T>(
        &mut self,
        node: &Node,
        kind: Kind,
        f: impl FnOnce(&mut Self, &Node) -> Option<T>,
    ) -> Option<ReferenceOr<T>> {
        match Self::ref_of(node) {
            Some(r) => Some(ReferenceOr::Reference {
                reference: self.reference(r, kind),
            }),
            None => f(self, node).map(ReferenceOr::Item),
        }
    }

    /// The model reference for the `$ref` string node `r` in a position of kind `kind`: a
    /// root component of that kind stays as it is; anything else is bundled.
    pub(crate) fn reference(&mut self, r: &Node, kind: Kind) -> String {
        let raw = r.as_str().unwrap_or_default();
        let Some(target) = self.resolve_ref(r) else {
            return raw.to_owned();
        };
        if let Some((k, name)) = target.root_component() {
            if k == kind.key() {
                return component_ref(kind, name);
            }
        }
        self.bundle(kind, target)
    }

    /// Reserves the names of the root document's own components so bundles never take them.
    pub(crate) fn reserve_component_names(&mut self, root: &Node) {
        let Some(components) = root.get("components") else {
            return;
        };
        for kind in Kind::ALL {
            if let Some(entries) = components.get(kind.key()).and_then(Node::as_object) {
                let taken = &mut self.taken[kind.index()];
                taken.extend(entries.iter().map(|e| e.key.clone()));
            }
        }
    }

    /// Finds the root components that are only a `$ref` to content elsewhere (the usual
    /// multi-file layout: `components: {schemas: {Pet: {$ref: schemas/Pet.yaml}}}`). Their
    /// target is lowered under the component's own name, and every other `$ref` to the same
    /// target points at that component instead of a generated copy.
    pub(crate) fn register_aliases(&mut self, root: &Node) {
        let Some(components) = root.get("components") else {
            return;
        };
        for kind in Kind::ALL {
            let Some(entries) = components.get(kind.key()).and_then(Node::as_object) else {
                continue;
            };
            for e in entries {
                let Some(r) = Self::ref_of(&e.value) else {
                    continue;
                };
                let constrained = kind == Kind::Schemas
                    && self.is_31()
                    && e.value.as_object().is_some_and(|m| {
                        m.iter()
                            .any(|m| m.key != "$ref" && !super::schema::is_annotation(&m.key))
                    });
                if r.as_str().is_none() || constrained {
                    continue;
                }
                // Errors are reported when the component itself is lowered.
                let Ok(target) = self.resolver.resolve(self.file, r) else {
                    continue;
                };
                if matches!(target.root_component(), Some((k, _)) if k == kind.key()) {
                    continue;
                }
                let key = (kind, target.file(), target.pointer.clone());
                if self.bundle_names.contains_key(&key) {
                    continue;
                }
                self.bundle_names.insert(key, e.key.clone());
                self.aliases.insert((kind, e.key.clone()), target);
            }
        }
    }

    /// The target a root component stands for (see [`register_aliases`](Self::register_aliases)).
    pub(crate) fn take_alias(&mut self, kind: Kind, name: &str) -> Option<Target> {
        self.aliases.remove(&(kind, name.to_owned()))
    }

    /// Records that the content of `target` now stands at the current model position (unless
    /// it is itself a reference, which will be followed).
    pub(crate) fn record_inlined(&mut self, target: &Target) {
        if Self::ref_of(target.node()).is_none() {
            self.inlined.push(Inlined {
                at: self.ptr.clone(),
                file: target.file(),
                pointer: target.pointer.clone(),
            });
        }
    }

    fn bundle(&mut self, kind: Kind, target: Target) -> String {
        let key = (kind, target.file(), target.pointer.clone());
        if let Some(name) = self.bundle_names.get(&key) {
            return component_ref(kind, name);
        }
        let base = match target.segments.last() {
            Some(last) => sanitize(last),
            None => sanitize(
                &target
                    .doc
                    .source
                    .path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            ),
        };
        let taken = &mut self.taken[kind.index()];
        let mut name = base.clone();
        let mut n = 2;
        while taken.contains(&name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        taken.insert(name.clone());
        self.bundle_names.insert(key, name.clone());
        self.bundled.push(Bundled {
            kind: kind.key().to_owned(),
            name: name.clone(),
            file: target.file(),
            pointer: target.pointer.clone(),
        });
        let reference = component_ref(kind, &name);
        self.pending.push_back(Pending { kind, name, target });
        reference
    }

    /// Runs `f` with `target`'s file as the current file.
    pub(crate) fn in_file<T>(&mut self, doc: &Document, f: impl FnOnce(&mut Self) -> T) -> T {
        let saved_file = std::mem::replace(&mut self.file, doc.id);
        let saved_source = std::mem::replace(&mut self.source, doc.source.clone());
        let out = f(self);
        self.file = saved_file;
        self.source = saved_source;
        out
    }
}

/// `#/components/<kind>/<name>` with the name escaped.
pub(crate) fn component_ref(kind: Kind, name: &str) -> String {
    let name = pointer::escape(name);
    let mut s = String::with_capacity(14 + kind.key().len() + name.len());
    s.push_str("#/components/");
    s.push_str(kind.key());
    s.push('/');
    s.push_str(&name);
    s
}

/// A component name made of `[A-Za-z0-9._-]` (other characters become `_`).
pub(crate) fn sanitize(raw: &str) -> String {
    let s: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() {
        String::from("component")
    } else {
        s
    }
}

/// Adds an `x-` entry to an extensions map.
pub(crate) fn extension(map: &mut IndexMap<String, serde_json::Value>, entry: &Entry) {
    map.insert(entry.key.clone(), entry.value.to_json());
}
