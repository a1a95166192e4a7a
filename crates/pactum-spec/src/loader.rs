//! The document set: files loaded on demand as `$ref`s reach them, and `$ref` resolution.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::error::{LoadError, LoadErrorKind};
use crate::parse::{self, Limits};
use crate::pointer;
use crate::source::SourceFile;
use crate::tree::{Node, Span};

/// Index of a loaded file in the [`Loader`] (0 is the root spec).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

impl FileId {
    /// The root spec.
    pub const ROOT: FileId = FileId(0);
}

/// One parsed file.
#[derive(Debug)]
pub struct Document {
    /// Its id.
    pub id: FileId,
    /// Its text and path.
    pub source: Arc<SourceFile>,
    /// Its tree.
    pub root: Node,
}

/// Loading options.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Resource limits.
    pub limits: Limits,
    /// Allow `$ref` to files outside the root spec's folder.
    pub allow_external_refs: bool,
}

/// Where a `$ref` points: a file and a JSON pointer inside it.
#[derive(Debug, Clone)]
pub struct Target {
    /// The document the target is in.
    pub doc: Arc<Document>,
    /// The JSON pointer (escaped form, `""` for the whole file, e.g. `/components/schemas/Pet`).
    pub pointer: String,
    /// The pointer's unescaped segments.
    pub segments: Vec<String>,
}

impl Target {
    /// The file id.
    pub fn file(&self) -> FileId {
        self.doc.id
    }

    /// The target node (walks the pointer from the document root).
    pub fn node(&self) -> &Node {
        let mut node = &self.doc.root;
        for s in &self.segments {
            match node.child(s) {
                Some(n) => node = n,
                None => break,
            }
        }
        node
    }

    /// `Some((kind, name))` when the target is `/components/<kind>/<name>` of the root file,
    /// i.e. a `$ref` that can stay a local reference in the typed model.
    pub fn root_component(&self) -> Option<(&str, &str)> {
        if self.doc.id != FileId::ROOT {
            return None;
        }
        match self.segments.as_slice() {
            [c, kind, name] if c == "components" => Some((kind.as_str(), name.as_str())),
            _ => None,
        }
    }
}

/// A `$ref` string split into its file part and its (unescaped) pointer segments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefParts {
    /// The relative file path, or `None` for a same-document reference.
    pub file: Option<String>,
    /// The fragment's pointer, escaped form (`""` for the whole document).
    pub pointer: String,
    /// The fragment's unescaped segments.
    pub segments: Vec<String>,
}

/// Why a `$ref` string could not be split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefSyntaxError {
    /// `http:`/`https:` URL.
    Remote,
    /// Another URI scheme, a non-pointer fragment or bad percent-encoding.
    Invalid(String),
}

/// Splits a `$ref` value (`other.yaml#/components/schemas/Pet`, `#/paths/~1pets`) into its
/// parts, percent-decoding the file and the fragment and unescaping `~0`/`~1`.
pub fn split_ref(reference: &str) -> Result<RefParts, RefSyntaxError> {
    let (file, fragment) = match reference.split_once('#') {
        Some((f, frag)) => (f, frag),
        None => (reference, ""),
    };
    if let Some((scheme, _)) = file.split_once(':') {
        let is_scheme = !scheme.is_empty()
            && scheme.len() > 1 // a Windows drive letter is not a scheme
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        if is_scheme {
            let lower = scheme.to_ascii_lowercase();
            return Err(if lower == "http" || lower == "https" {
                RefSyntaxError::Remote
            } else {
                RefSyntaxError::Invalid(format!("the `{scheme}:` scheme is not supported"))
            });
        }
    }
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8()
            .map(|c| c.into_owned())
            .map_err(|_| RefSyntaxError::Invalid("bad percent-encoding".into()))
    };
    let file = if file.is_empty() {
        None
    } else {
        Some(decode(file)?)
    };
    let fragment = decode(fragment)?;
    if !fragment.is_empty() && !fragment.starts_with('/') {
        return Err(RefSyntaxError::Invalid(format!(
            "the fragment `#{fragment}` is not a JSON pointer (it must start with `/`)"
        )));
    }
    let segments = pointer::split(&fragment);
    Ok(RefParts {
        file,
        pointer: pointer::join(&segments),
        segments,
    })
}

/// Lexically normalises a path: drops `.`, folds `dir/..`, keeps leading `..`.
pub fn normalize_path(path: &Path) -> PathBuf {
    let mut out: Vec<Component> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir) | Some(Component::Prefix(_)) => {}
                _ => out.push(c),
            },
            other => out.push(other),
        }
    }
    if out.is_empty() {
        return PathBuf::from(".");
    }
    out.iter().collect()
}

/// Loads the root spec and, on demand, every file its `$ref`s reach.
///
/// Files are parsed once and cached by normalised path. Interior mutability lets the lowering
/// hold `Arc<Document>`s while new files are loaded.
#[derive(Debug)]
pub struct Loader {
    options: Options,
    /// Absolute, normalised folder of the root spec.
    root_dir: PathBuf,
    docs: RefCell<Vec<Arc<Document>>>,
    /// Absolute normalised path → file id, or `None` when that file failed to load.
    by_path: RefCell<HashMap<PathBuf, Option<FileId>>>,
    /// Errors inside referenced files (syntax errors etc.), reported once per file.
    errors: RefCell<Vec<LoadError>>,
}

fn absolute(path: &Path) -> PathBuf {
    normalize_path(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()))
}

/// Reads a file within the size limit.
fn read_limited(path: &Path, limits: &Limits) -> Result<Vec<u8>, LoadError> {
    let meta = std::fs::metadata(path).map_err(|e| io_error(path, &e))?;
    if meta.is_dir() {
        return Err(LoadError::without_source(
            LoadErrorKind::Io,
            path,
            format!("`{}` is a directory, not a file", path.display()),
        ));
    }
    if meta.len() > limits.max_bytes as u64 {
        return Err(too_large(path, meta.len(), limits));
    }
    let bytes = std::fs::read(path).map_err(|e| io_error(path, &e))?;
    if bytes.len() > limits.max_bytes {
        return Err(too_large(path, bytes.len() as u64, limits));
    }
    Ok(bytes)
}

fn too_large(path: &Path, size: u64, limits: &Limits) -> LoadError {
    LoadError::without_source(
        LoadErrorKind::TooLarge,
        path,
        format!(
            "`{}` is {} bytes, more than the limit of {} bytes",
            path.display(),
            size,
            limits.max_bytes
        ),
    )
    .with_help(
        "split the contract into several files joined by `$ref`, or raise the input size limit",
    )
}

fn io_error(path: &Path, e: &std::io::Error) -> LoadError {
    LoadError::without_source(
        LoadErrorKind::Io,
        path,
        format!("cannot read `{}`: {}", path.display(), e),
    )
}

impl Loader {
    /// Reads and parses the root spec.
    pub fn open(path: &Path, options: Options) -> Result<Loader, Vec<LoadError>> {
        let bytes = read_limited(path, &options.limits).map_err(|e| vec![e])?;
        Self::from_bytes(path, bytes, options)
    }

    /// A loader over an in-memory root document (tests, `git show` output). Relative `$ref`s
    /// resolve from `path`'s folder.
    pub fn from_text(path: &Path, text: &str, options: Options) -> Result<Loader, Vec<LoadError>> {
        if text.len() > options.limits.max_bytes {
            return Err(vec![too_large(path, text.len() as u64, &options.limits)]);
        }
        Self::from_bytes(path, text.as_bytes().to_vec(), options)
    }

    fn from_bytes(path: &Path, bytes: Vec<u8>, options: Options) -> Result<Loader, Vec<LoadError>> {
        let source = parse::decode(path, bytes, &options.limits).map_err(|e| vec![e])?;
        let root = parse::parse(&source, &options.limits)?;
        let abs = absolute(path);
        let root_dir = abs.parent().map(Path::to_path_buf).unwrap_or_default();
        let doc = Arc::new(Document {
            id: FileId::ROOT,
            source,
            root,
        });
        let mut by_path = HashMap::new();
        by_path.insert(abs, Some(FileId::ROOT));
        Ok(Loader {
            options,
            root_dir,
            docs: RefCell::new(vec![doc]),
            by_path: RefCell::new(by_path),
            errors: RefCell::new(Vec::new()),
        })
    }

    /// The options in force.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// The root document.
    pub fn root(&self) -> Arc<Document> {
        self.doc(FileId::ROOT)
    }

    /// A loaded document.
    pub fn doc(&self, id: FileId) -> Arc<Document> {
        self.docs.borrow()[id.0 as usize].clone()
    }

    /// Every loaded document, in load order.
    pub fn documents(&self) -> Vec<Arc<Document>> {
        self.docs.borrow().clone()
    }

    /// Errors found inside referenced files (each file's own syntax errors, reported once).
    pub fn take_errors(&self) -> Vec<LoadError> {
        std::mem::take(&mut *self.errors.borrow_mut())
    }

    /// Resolves the `$ref` string node `reference` written in file `from`: loads the target
    /// file if needed, finds the pointer, and checks that following pure `$ref` objects from
    /// the target never comes back (a reference cycle). Errors point at `reference`.
    pub fn resolve(&self, from: FileId, reference: &Node) -> Result<Target, LoadError> {
        let target = self.resolve_one(from, reference)?;
        self.check_chain(&target)?;
        Ok(target)
    }

    /// Resolves one link, without following further `$ref`s at the target.
    fn resolve_one(&self, from: FileId, reference: &Node) -> Result<Target, LoadError> {
        let from_doc = self.doc(from);
        let src = &from_doc.source;
        let Some(text) = reference.as_str() else {
            return Err(LoadError::new(
                LoadErrorKind::RefInvalid,
                src,
                reference.span,
                format!("`$ref` must be a string, found {}", reference.type_name()),
                "expected a string",
            ));
        };
        let parts = split_ref(text).map_err(|e| match e {
            RefSyntaxError::Remote => LoadError::new(
                LoadErrorKind::RefRemote,
                src,
                reference.span,
                format!("remote reference `{text}` is not allowed"),
                "remote reference",
            )
            .with_help("pactum does not fetch over the network; download the file next to the spec and refer to it by a relative path"),
            RefSyntaxError::Invalid(why) => LoadError::new(
                LoadErrorKind::RefInvalid,
                src,
                reference.span,
                format!("invalid reference `{text}`: {why}"),
                "invalid reference",
            )
            .with_help("write `#/json/pointer`, `file.yaml` or `file.yaml#/json/pointer`"),
        })?;
        let doc = match &parts.file {
            None => from_doc.clone(),
            Some(file) => self.load_referenced(&from_doc, file, reference)?,
        };
        let (node_exists, failed_at) = walk_segments(&doc.root, &parts.segments);
        if !node_exists {
            let mut err = LoadError::new(
                LoadErrorKind::RefMissingTarget,
                src,
                reference.span,
                format!(
                    "`$ref` target `{}#{}` does not exist",
                    parts.file.as_deref().unwrap_or(""),
                    parts.pointer
                ),
                format!(
                    "no `{}` here",
                    pointer::join(&parts.segments[..=failed_at.min(parts.segments.len() - 1)])
                ),
            );
            if let Some(hint) = suggest(&doc.root, &parts.segments, failed_at) {
                err = err.with_help(hint);
            }
            return Err(err);
        }
        Ok(Target {
            doc,
            pointer: parts.pointer,
            segments: parts.segments,
        })
    }

    fn load_referenced(
        &self,
        from_doc: &Arc<Document>,
        file: &str,
        reference: &Node,
    ) -> Result<Arc<Document>, LoadError> {
        let src = &from_doc.source;
        let base = from_doc.source.path.parent().unwrap_or(Path::new(""));
        let shown = normalize_path(&base.join(file));
        let abs = absolute(&shown);
        if !self.options.allow_external_refs && !abs.starts_with(&self.root_dir) {
            let root = self.doc(FileId::ROOT);
            let root_folder = match root.source.path.parent() {
                Some(p) if !p.as_os_str().is_empty() => p.display().to_string(),
                _ => ".".to_string(),
            };
            return Err(LoadError::new(
                LoadErrorKind::RefOutsideRoot,
                src,
                reference.span,
                format!(
                    "`$ref` to `{}` leaves the spec's folder `{}`",
                    shown.display(),
                    root_folder
                ),
                "outside the spec's folder",
            )
            .with_help("move the file under the spec's folder, or pass `--allow-external-refs`"));
        }
        if let Some(known) = self.by_path.borrow().get(&abs) {
            return match known {
                Some(id) => Ok(self.doc(*id)),
                None => Err(broken_file(src, reference, &shown)),
            };
        }
        if self.docs.borrow().len() >= self.options.limits.max_files {
            return Err(LoadError::new(
                LoadErrorKind::TooManyFiles,
                src,
                reference.span,
                format!(
                    "more than {} files are reachable by `$ref`",
                    self.options.limits.max_files
                ),
                "one file too many",
            )
            .with_help("raise the file limit or bundle the contract"));
        }
        let loaded = read_limited(&shown, &self.options.limits)
            .map_err(|e| {
                let not_found = matches!(e.kind, LoadErrorKind::Io);
                let mut err = LoadError::new(
                    if not_found {
                        LoadErrorKind::RefFileNotFound
                    } else {
                        e.kind
                    },
                    src,
                    reference.span,
                    e.message.clone(),
                    "referenced here",
                );
                err.help = e.help.clone();
                vec![err]
            })
            .and_then(|bytes| {
                let source =
                    parse::decode(&shown, bytes, &self.options.limits).map_err(|e| vec![e])?;
                let root = parse::parse(&source, &self.options.limits)?;
                Ok((source, root))
            });
        match loaded {
            Ok((source, root)) => {
                let mut docs = self.docs.borrow_mut();
                let id = FileId(docs.len() as u32);
                let doc = Arc::new(Document { id, source, root });
                docs.push(doc.clone());
                self.by_path.borrow_mut().insert(abs, Some(id));
                Ok(doc)
            }
            Err(errs) => {
                self.by_path.borrow_mut().insert(abs, None);
                // Read failures are reported at the `$ref`; a broken file at its own faults.
                let at_ref = errs
                    .iter()
                    .all(|e| e.source.as_ref().is_some_and(|s| Arc::ptr_eq(s, src)));
                if at_ref {
                    if let Some(first) = errs.into_iter().next() {
                        return Err(first);
                    }
                } else {
                    self.errors.borrow_mut().extend(errs);
                }
                Err(broken_file(src, reference, &shown))
            }
        }
    }

    /// Follows pure `$ref` links from `target` and fails on a cycle.
    fn check_chain(&self, target: &Target) -> Result<(), LoadError> {
        let mut seen: Vec<(FileId, String)> = vec![(target.file(), target.pointer.clone())];
        let mut links: Vec<(Arc<Document>, Span, String)> = Vec::new();
        let mut current = target.clone();
        loop {
            let node = current.node();
            let Some(next_ref) = node.get("$ref") else {
                return Ok(());
            };
            if next_ref.as_str().is_none() {
                return Ok(());
            }
            links.push((current.doc.clone(), next_ref.span, current.pointer.clone()));
            let Ok(next) = self.resolve_one(current.file(), next_ref) else {
                // A broken later link is reported where it is written.
                return Ok(());
            };
            let key = (next.file(), next.pointer.clone());
            if let Some(at) = seen.iter().position(|k| *k == key) {
                return Err(self.cycle_error(&seen[at..], &links[at..]));
            }
            if seen.len() > 64 {
                return Ok(());
            }
            seen.push(key);
            current = next;
        }
    }

    /// One error per cycle, whichever `$ref` led into it: reported at the cycle's first link
    /// in (file, pointer) order, so that every way into the cycle yields the same error.
    fn cycle_error(
        &self,
        members: &[(FileId, String)],
        links: &[(Arc<Document>, Span, String)],
    ) -> LoadError {
        let start = (0..members.len())
            .min_by(|a, b| members[*a].cmp(&members[*b]))
            .unwrap_or(0);
        let order: Vec<usize> = (0..members.len())
            .map(|i| (start + i) % members.len())
            .collect();
        let mut names: Vec<String> = order
            .iter()
            .map(|&i| self.display_target(members[i].0, &members[i].1))
            .collect();
        names.push(names[0].clone());
        let (doc, span, _) = &links[order[0]];
        let mut err = LoadError::new(
            LoadErrorKind::RefCycle,
            &doc.source,
            *span,
            format!("`$ref` cycle: {}", names.join(" → ")),
            "this reference never reaches a definition",
        )
        .with_help("a reference must end at a real definition; replace one link of the cycle with the schema itself");
        for &i in &order[1..] {
            let (doc, span, ptr) = &links[i];
            err = err.with_related(&doc.source, *span, format!("`{ptr}` refers on from here"));
        }
        err
    }

    fn display_target(&self, file: FileId, pointer: &str) -> String {
        if file == FileId::ROOT {
            format!("#{pointer}")
        } else {
            format!("{}#{pointer}", self.doc(file).source.name())
        }
    }
}

fn broken_file(src: &Arc<SourceFile>, reference: &Node, shown: &Path) -> LoadError {
    LoadError::new(
        LoadErrorKind::RefFileNotFound,
        src,
        reference.span,
        format!(
            "the referenced file `{}` could not be loaded",
            shown.display()
        ),
        "referenced here",
    )
    .with_help("fix the errors reported in that file")
}

/// Walks `segments` from `root`; returns (found, index of the first missing segment).
fn walk_segments(root: &Node, segments: &[String]) -> (bool, usize) {
    let mut node = root;
    for (i, s) in segments.iter().enumerate() {
        match node.child(s) {
            Some(n) => node = n,
            None => return (false, i),
        }
    }
    (true, 0)
}

/// "did you mean" for a missing pointer segment.
fn suggest(root: &Node, segments: &[String], failed_at: usize) -> Option<String> {
    let mut node = root;
    for s in &segments[..failed_at] {
        node = node.child(s)?;
    }
    let wanted = segments.get(failed_at)?;
    let best = node
        .as_object()?
        .iter()
        .map(|e| (edit_distance(&e.key, wanted), &e.key))
        .filter(|(d, k)| *d <= (k.len().max(wanted.len()) / 3).max(1))
        .min()?;
    let mut fixed = segments[..failed_at].to_vec();
    fixed.push(best.1.clone());
    Some(format!("did you mean `#{}`?", pointer::join(&fixed)))
}

/// Levenshtein distance (for suggestions).
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_refs() {
        let p = split_ref("#/components/schemas/Pet").unwrap();
        assert_eq!(p.file, None);
        assert_eq!(p.segments, vec!["components", "schemas", "Pet"]);
        let p = split_ref("../common/errors.yaml#/paths/~1pets~1%7Bid%7D").unwrap();
        assert_eq!(p.file.as_deref(), Some("../common/errors.yaml"));
        assert_eq!(p.segments, vec!["paths", "/pets/{id}"]);
        let p = split_ref("my%20file.yaml").unwrap();
        assert_eq!(p.file.as_deref(), Some("my file.yaml"));
        assert!(p.segments.is_empty());
        assert_eq!(
            split_ref("https://x.io/a.yaml"),
            Err(RefSyntaxError::Remote)
        );
        assert!(matches!(split_ref("#foo"), Err(RefSyntaxError::Invalid(_))));
        assert!(matches!(
            split_ref("ftp://x/y"),
            Err(RefSyntaxError::Invalid(_))
        ));
        assert!(split_ref("a~0b.yaml#/x~0y").unwrap().segments == vec!["x~y"]);
    }

    #[test]
    fn normalizes_paths() {
        assert_eq!(
            normalize_path(Path::new("a/./b/../c.yaml")),
            PathBuf::from("a/c.yaml")
        );
        assert_eq!(
            normalize_path(Path::new("../x/../y")),
            PathBuf::from("../y")
        );
        assert_eq!(normalize_path(Path::new("/a/../../b")), PathBuf::from("/b"));
    }

    #[test]
    fn edit_distance_works() {
        assert_eq!(edit_distance("Pett", "Pet"), 1);
        assert_eq!(edit_distance("", "ab"), 2);
    }
}
