//! Builds the span tree from `saphyr-parser` events, with YAML 1.2 core-schema scalars.
//!
//! On top of the events this module resolves plain scalars (null, booleans, numbers), turns
//! non-string keys into their text, expands aliases under a node budget and merge keys (`<<`),
//! enforces the depth limit with an explicit stack, and accepts one document per file.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::Arc;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Tag};

use super::Limits;
use crate::error::{LoadError, LoadErrorKind};
use crate::source::SourceFile;
use crate::tree::{Entry, Node, Span, Value};

/// Parses `source` as a single YAML document.
pub(super) fn parse(source: &Arc<SourceFile>, limits: &Limits) -> Result<Node, Vec<LoadError>> {
    let mut builder = Builder {
        source,
        text: &source.text,
        limits,
        offsets: CharOffsets::new(&source.text),
        anchors: Vec::new(),
        alias_nodes: 0,
        stack: Vec::new(),
        errors: Vec::new(),
    };
    // saphyr-parser has a few internal `unwrap`s; should one ever fire on hostile input, the
    // file gets an error instead of taking the process down (fuzzing has not found one).
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| builder.run()))
        .unwrap_or_else(|_| {
            Err(Box::new(
                LoadError::new(
                    LoadErrorKind::YamlSyntax,
                    source,
                    Span::new(0, 0),
                    "the YAML reader failed on this file",
                    "unreadable",
                )
                .with_help("check the file for unusual YAML constructs or binary content"),
            ))
        });
    let mut errors = builder.errors;
    match result {
        Ok(node) if errors.is_empty() => return Ok(node),
        Ok(_) => {}
        Err(err) => errors.push(*err),
    }
    errors.sort_by_key(|e| e.span.start);
    Err(errors)
}

type PResult<T> = Result<T, Box<LoadError>>;

/// Converts saphyr's character indices into byte offsets.
struct CharOffsets {
    /// For every non-ASCII character: the index of the character after it, and how many more
    /// bytes than characters the text has up to there. Empty for ASCII text.
    extra: Vec<(u32, u32)>,
    len: usize,
}

impl CharOffsets {
    fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut extra = Vec::new();
        let mut surplus = 0usize;
        let mut i = 0;
        while let Some(skip) = bytes[i..].iter().position(|b| !b.is_ascii()) {
            i += skip;
            // `i` is a lead byte (the text is UTF-8 and continuation bytes are skipped below).
            let width = match bytes[i] {
                0xF0.. => 4,
                0xE0.. => 3,
                _ => 2,
            };
            let char_index = i - surplus;
            surplus += width - 1;
            extra.push((char_index as u32 + 1, surplus as u32));
            i += width;
        }
        CharOffsets {
            extra,
            len: text.len(),
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        let before = self
            .extra
            .partition_point(|(after, _)| *after as usize <= char_index);
        let surplus = match before {
            0 => 0,
            k => self.extra[k - 1].1 as usize,
        };
        (char_index + surplus).min(self.len)
    }
}

/// A node that an anchor names, kept for its aliases.
struct Anchored {
    node: Node,
    /// Nodes in the subtree (counted against the alias budget at each alias).
    size: usize,
}

/// A mapping or sequence whose end event has not come yet.
struct Frame {
    start: usize,
    /// The end of the last child so far.
    end: usize,
    anchor: usize,
    /// Nodes in the subtree so far, this one included.
    size: usize,
    kind: FrameKind,
}

enum FrameKind {
    Sequence(Vec<Node>),
    Mapping {
        entries: Vec<Entry>,
        /// The key whose value comes next.
        key: Option<PendingKey>,
        /// Values of `<<` keys with the number of entries before them.
        merges: Vec<(usize, Node)>,
    },
}

struct PendingKey {
    text: String,
    span: Span,
    /// A plain `<<`: its value is merged into the mapping.
    merge: bool,
}

struct Builder<'s> {
    source: &'s Arc<SourceFile>,
    text: &'s str,
    limits: &'s Limits,
    offsets: CharOffsets,
    /// Anchored nodes by saphyr's anchor id (`None` while the node is being built).
    anchors: Vec<Option<Anchored>>,
    /// Nodes added by alias expansion so far.
    alias_nodes: usize,
    stack: Vec<Frame>,
    /// Duplicate keys found so far (building goes on after them).
    errors: Vec<LoadError>,
}

impl Builder<'_> {
    fn run(&mut self) -> PResult<Node> {
        let mut parser = Parser::new_from_str(self.text);
        let mut root = None;
        let mut documents = 0;
        while let Some(next) = parser.next_event() {
            let (event, span) = next.map_err(|e| self.scan_error(&e))?;
            let start = self.offsets.byte(span.start.index());
            let end = self.offsets.byte(span.end.index()).max(start);
            match event {
                Event::StreamEnd => break,
                Event::DocumentStart(_) => {
                    documents += 1;
                    if documents > 1 {
                        return Err(self.error(
                            LoadErrorKind::YamlUnsupported,
                            Span::new(start, end.max(start + 1)),
                            "the file holds more than one YAML document",
                            "second document",
                            "pactum reads one OpenAPI document per file: split the documents \
                             into separate files",
                        ));
                    }
                }
                Event::Scalar(value, style, anchor, tag) => {
                    let span = match style {
                        ScalarStyle::Literal | ScalarStyle::Folded => {
                            self.block_scalar_span(start, end)
                        }
                        _ => Span::new(start, end),
                    };
                    if self.expects_key() {
                        self.scalar_key(value, style, anchor, span);
                    } else {
                        let node = Node::new(self.scalar_value(value, style, tag, span)?, span);
                        self.finish(node, 1, anchor, &mut root);
                    }
                }
                Event::Alias(id) => self.alias(id, Span::new(start, end), &mut root)?,
                Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                    let is_map = matches!(event, Event::MappingStart(..));
                    self.open(is_map, anchor, start)?;
                }
                Event::SequenceEnd | Event::MappingEnd => self.close(start, end, &mut root)?,
                Event::StreamStart | Event::DocumentEnd | Event::Nothing => {}
            }
        }
        root.ok_or_else(|| {
            self.error(
                LoadErrorKind::YamlSyntax,
                Span::new(0, 0),
                "the file is empty",
                "no document",
                "an OpenAPI document is a YAML mapping (or a JSON object) with an `openapi` field",
            )
        })
    }

    /// A block scalar's span: from its `|`/`>` header to the end of its last line of content
    /// (saphyr's runs from the first line of content into the blank lines after the last one).
    fn block_scalar_span(&self, start: usize, end: usize) -> Span {
        let text = self.text;
        let content = text[start..end].trim_end();
        let end = start + content.len();
        // The header is on the last non-blank line before the content.
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let header_line = text[..line_start]
            .trim_end()
            .rsplit('\n')
            .next()
            .unwrap_or_default();
        let header_line_start = text[..line_start].trim_end().len() - header_line.len();
        let is_header = |rest: &str| {
            let rest = rest[1..]
                .trim_start_matches(['-', '+', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
            let rest = rest.trim_start_matches([' ', '\t']);
            rest.is_empty() || rest.starts_with('#')
        };
        let header = header_line
            .char_indices()
            .filter(|(_, c)| matches!(c, '|' | '>'))
            .map(|(i, _)| i)
            .find(|i| is_header(&header_line[*i..]));
        match header {
            Some(i) if text[line_start..start].trim().is_empty() => {
                let header = header_line_start + i;
                // Empty content: the header alone.
                let end = if content.is_empty() { header + 1 } else { end };
                Span::new(header, end)
            }
            _ => Span::new(start, end),
        }
    }

    /// Whether the next node is a mapping key.
    fn expects_key(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame {
                kind: FrameKind::Mapping { key: None, .. },
                ..
            })
        )
    }

    /// Opens a mapping or sequence that starts at byte `start`.
    fn open(&mut self, is_map: bool, anchor: usize, start: usize) -> PResult<()> {
        if self.expects_key() {
            return Err(self.error(
                LoadErrorKind::YamlUnsupported,
                Span::new(start, start + 1),
                "a mapping or sequence used as a key is not supported",
                "complex key",
                "OpenAPI keys are strings: write the key as a plain or quoted scalar",
            ));
        }
        if self.stack.len() >= self.limits.max_depth {
            return Err(self.error(
                LoadErrorKind::TooDeep,
                Span::new(start, start + 1),
                &format!(
                    "the document is nested more than {} levels deep",
                    self.limits.max_depth
                ),
                "too deep",
                "flatten the document, or raise the `max_depth` loader limit",
            ));
        }
        if anchor > 0 {
            self.set_anchor(anchor, None);
        }
        let start = if is_map {
            start
        } else {
            self.sequence_start(start)
        };
        let kind = if is_map {
            FrameKind::Mapping {
                entries: Vec::new(),
                key: None,
                merges: Vec::new(),
            }
        } else {
            FrameKind::Sequence(Vec::new())
        };
        self.stack.push(Frame {
            start,
            end: start,
            anchor,
            size: 1,
            kind,
        });
        Ok(())
    }

    /// The `-` of an indentless sequence's first item (saphyr starts such a sequence at the
    /// item's content).
    fn sequence_start(&self, start: usize) -> usize {
        let bytes = self.text.as_bytes();
        if matches!(bytes.get(start), Some(b'-' | b'[' | b'&' | b'!') | None) {
            return start;
        }
        let before = bytes[..start]
            .iter()
            .rposition(|b| !matches!(b, b' ' | b'\t'));
        match before {
            Some(dash) if bytes[dash] == b'-' => dash,
            _ => start,
        }
    }

    /// Closes the innermost collection; `start..end` is the span of its end event.
    fn close(&mut self, start: usize, end: usize, root: &mut Option<Node>) -> PResult<()> {
        let Some(frame) = self.stack.pop() else {
            return Ok(());
        };
        // A flow collection ends at its `]`/`}`; a block one at its last child (its end event
        // sits at the next token, possibly lines further down).
        let closing = self.text.as_bytes().get(start..end);
        let end = if matches!(closing, Some(b"]" | b"}")) {
            end
        } else {
            frame.end
        };
        let span = Span::new(frame.start, end);
        let value = match frame.kind {
            FrameKind::Sequence(items) => Value::Array(items),
            FrameKind::Mapping {
                entries, merges, ..
            } => {
                for (first, later) in super::duplicate_keys(&entries) {
                    self.errors.push(super::duplicate_key_error(
                        self.source,
                        &entries[first],
                        &entries[later],
                        "mapping",
                    ));
                }
                if merges.is_empty() {
                    Value::Object(entries)
                } else {
                    Value::Object(self.merge(entries, merges)?)
                }
            }
        };
        self.finish(Node::new(value, span), frame.size, frame.anchor, root);
        Ok(())
    }

    /// Hands a finished node of `size` nodes to its parent (or makes it the root).
    fn finish(&mut self, node: Node, size: usize, anchor: usize, root: &mut Option<Node>) {
        if anchor > 0 {
            let kept = Anchored {
                node: node.clone(),
                size,
            };
            self.set_anchor(anchor, Some(kept));
        }
        let Some(frame) = self.stack.last_mut() else {
            *root = Some(node);
            return;
        };
        frame.size += size;
        frame.end = frame.end.max(node.span.end as usize);
        match &mut frame.kind {
            FrameKind::Sequence(items) => items.push(node),
            FrameKind::Mapping {
                entries,
                key,
                merges,
            } => match key.take() {
                Some(k) if k.merge => merges.push((entries.len(), node)),
                Some(k) => entries.push(Entry {
                    key: k.text,
                    key_span: k.span,
                    value: node,
                }),
                // Keys never reach here: `scalar_key`/`alias` take them, and `open` refuses
                // collections as keys.
                None => {}
            },
        }
    }

    /// A scalar in key position: its text is the key, whatever its type.
    fn scalar_key(&mut self, value: Cow<'_, str>, style: ScalarStyle, anchor: usize, span: Span) {
        let merge = style == ScalarStyle::Plain && value == "<<";
        if anchor > 0 {
            let node = Node::new(Value::String(value.to_string()), span);
            self.set_anchor(anchor, Some(Anchored { node, size: 1 }));
        }
        if let Some(frame) = self.stack.last_mut() {
            frame.size += 1;
            frame.end = frame.end.max(span.end as usize);
            if let FrameKind::Mapping { key, .. } = &mut frame.kind {
                *key = Some(PendingKey {
                    text: value.into_owned(),
                    span,
                    merge,
                });
            }
        }
    }

    /// An alias: a copy of the anchored node, paid for from the alias budget.
    fn alias(&mut self, id: usize, span: Span, root: &mut Option<Node>) -> PResult<()> {
        let Some(Some(anchored)) = self.anchors.get(id) else {
            return Err(self.error(
                LoadErrorKind::YamlUnsupported,
                span,
                "this alias refers to a node that contains it",
                "recursive alias",
                "a YAML alias must refer to a node that is complete before it",
            ));
        };
        let size = anchored.size;
        if self.alias_nodes.saturating_add(size) > self.limits.max_alias_nodes {
            return Err(self.error(
                LoadErrorKind::AliasLimit,
                span,
                &format!(
                    "YAML aliases expand to more than {} nodes",
                    self.limits.max_alias_nodes
                ),
                "alias expansion stops here",
                "the document repeats aliases of aliases (a \"billion laughs\" pattern); \
                 reduce aliasing or raise the `max_alias_nodes` loader limit",
            ));
        }
        if self.expects_key() {
            let text = match &anchored.node.value {
                Value::String(s) => s.clone(),
                Value::Array(_) | Value::Object(_) => {
                    return Err(self.error(
                        LoadErrorKind::YamlUnsupported,
                        span,
                        "a mapping or sequence used as a key is not supported",
                        "complex key",
                        "OpenAPI keys are strings: write the key as a plain or quoted scalar",
                    ))
                }
                // A null, boolean or number key is its source text.
                _ => self
                    .text
                    .get(anchored.node.span.start as usize..anchored.node.span.end as usize)
                    .unwrap_or_default()
                    .to_owned(),
            };
            self.alias_nodes += size;
            self.scalar_key(Cow::Owned(text), ScalarStyle::SingleQuoted, 0, span);
            return Ok(());
        }
        let mut node = anchored.node.clone();
        // The copy keeps the anchored node's inner spans, but sits where the alias is.
        node.span = span;
        self.alias_nodes += size;
        self.finish(node, size, 0, root);
        Ok(())
    }

    fn set_anchor(&mut self, id: usize, anchored: Option<Anchored>) {
        if self.anchors.len() <= id {
            self.anchors.resize_with(id + 1, || None);
        }
        self.anchors[id] = anchored;
    }

    /// Expands the `<<` merges into `entries`: merged entries go where the `<<` key was, and
    /// keys written in the mapping itself (or merged earlier) win.
    fn merge(&self, entries: Vec<Entry>, merges: Vec<(usize, Node)>) -> PResult<Vec<Entry>> {
        let mut taken: HashSet<String> = entries.iter().map(|e| e.key.clone()).collect();
        let mut out = Vec::with_capacity(entries.len());
        let mut merges = merges.into_iter().peekable();
        let mut entries = entries.into_iter();
        let mut explicit = 0;
        loop {
            while let Some((_, source)) = merges.next_if(|(at, _)| *at <= explicit) {
                let span = source.span;
                let maps = match source.value {
                    Value::Object(merged) => vec![merged],
                    Value::Array(items) => items
                        .into_iter()
                        .map(|item| match item.value {
                            Value::Object(merged) => Ok(merged),
                            _ => Err(item.span),
                        })
                        .collect::<Result<_, _>>()
                        .map_err(|span| self.bad_merge(span))?,
                    _ => return Err(self.bad_merge(span)),
                };
                for entry in maps.into_iter().flatten() {
                    if taken.insert(entry.key.clone()) {
                        out.push(entry);
                    }
                }
            }
            match entries.next() {
                Some(entry) => {
                    out.push(entry);
                    explicit += 1;
                }
                None if merges.peek().is_none() => return Ok(out),
                // Remaining merges were written after the last entry.
                None => {}
            }
        }
    }

    fn bad_merge(&self, span: Span) -> Box<LoadError> {
        self.error(
            LoadErrorKind::YamlUnsupported,
            span,
            "the value of a merge key `<<` must be a mapping or a list of mappings",
            "not a mapping",
            "write `<<: *anchor` or `<<: [*a, *b]` with anchors on mappings",
        )
    }

    /// The value of a scalar that is not a key.
    fn scalar_value(
        &self,
        text: Cow<'_, str>,
        style: ScalarStyle,
        tag: Option<Cow<'_, Tag>>,
        span: Span,
    ) -> PResult<Value> {
        if let Some(tag) = tag.filter(|t| t.is_yaml_core_schema()) {
            let value = match tag.suffix.as_str() {
                "str" => Some(Value::String(text.to_string())),
                "null" => matches!(resolve_plain(&text), Value::Null).then_some(Value::Null),
                "bool" => Some(resolve_plain(&text)).filter(|v| matches!(v, Value::Bool(_))),
                "int" => resolve_int(&text),
                "float" => match resolve_plain(&text) {
                    Value::Integer(i) => Some(Value::Float(i as f64)),
                    v @ Value::Float(_) => Some(v),
                    _ => None,
                },
                // Other core tags (`!!binary`, `!!timestamp`, …): as if untagged.
                _ => Some(plain_or_string(text.clone(), style)),
            };
            return value.ok_or_else(|| {
                self.error(
                    LoadErrorKind::YamlSyntax,
                    span,
                    &format!("`{text}` is not a valid `!!{}` value", tag.suffix),
                    "does not match its tag",
                    "fix the value, or remove the tag",
                )
            });
        }
        Ok(plain_or_string(text, style))
    }

    /// A saphyr scan error, reworded.
    fn scan_error(&self, err: &ScanError) -> Box<LoadError> {
        let at = self.offsets.byte(err.marker().index());
        let width = self.text.get(at..).and_then(|s| s.chars().next());
        let span = Span::new(at, at + width.map_or(0, char::len_utf8));
        let (kind, message, help) = reword(err.info());
        if !self.text[at..].trim().is_empty() {
            return self.error(kind, span, &message, "here", help);
        }
        // At the end of the file: the document is cut short, perhaps inside a flow collection.
        // The error goes right after the last text, where the snippet shows the cut.
        let end = self.text.trim_end().len();
        let mut error = self.error(
            kind,
            Span::new(end, end),
            &format!("unexpected end of file: {message}"),
            "end of file",
            "the document is incomplete: finish it or close what is open",
        );
        let open = self
            .stack
            .iter()
            .rev()
            .find(|f| matches!(self.text.as_bytes().get(f.start), Some(b'[' | b'{')));
        if let Some(frame) = open {
            let what = match frame.kind {
                FrameKind::Sequence(_) => "this sequence is not closed",
                FrameKind::Mapping { .. } => "this mapping is not closed",
            };
            let span = Span::new(frame.start, frame.start + 1);
            error = Box::new((*error).with_related(self.source, span, what));
        }
        error
    }

    fn error(
        &self,
        kind: LoadErrorKind,
        span: Span,
        message: &str,
        label: &str,
        help: &str,
    ) -> Box<LoadError> {
        Box::new(LoadError::new(kind, self.source, span, message, label).with_help(help))
    }
}

/// Plain scalars resolve by the core schema; quoted and block scalars are strings.
fn plain_or_string(text: Cow<'_, str>, style: ScalarStyle) -> Value {
    if style == ScalarStyle::Plain {
        resolve_plain(&text)
    } else {
        Value::String(text.into_owned())
    }
}

/// A plain scalar under the YAML 1.2 core schema.
fn resolve_plain(s: &str) -> Value {
    match s.as_bytes().first() {
        None => return Value::Null,
        Some(b'n' | b'N' | b'~') if matches!(s, "null" | "Null" | "NULL" | "~") => {
            return Value::Null
        }
        Some(b't' | b'T') if matches!(s, "true" | "True" | "TRUE") => return Value::Bool(true),
        Some(b'f' | b'F') if matches!(s, "false" | "False" | "FALSE") => return Value::Bool(false),
        Some(b'0'..=b'9' | b'+' | b'-' | b'.') => {
            if let Some(v) = resolve_int(s).or_else(|| resolve_float(s)) {
                return v;
            }
        }
        _ => {}
    }
    Value::String(s.to_owned())
}

/// `[-+]?[0-9]+`, `0o[0-7]+` or `0x[0-9a-fA-F]+`; beyond `i64` the value becomes a float.
fn resolve_int(s: &str) -> Option<Value> {
    let (digits, radix) = if let Some(hex) = s.strip_prefix("0x") {
        (hex, 16)
    } else if let Some(oct) = s.strip_prefix("0o") {
        (oct, 8)
    } else {
        let unsigned = s.strip_prefix(['-', '+']).unwrap_or(s);
        if unsigned.is_empty() || !unsigned.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        return Some(match s.parse::<i64>() {
            Ok(i) => Value::Integer(i),
            Err(_) => Value::Float(s.parse::<f64>().ok()?),
        });
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    Some(match i64::from_str_radix(digits, radix) {
        Ok(i) => Value::Integer(i),
        Err(_) => Value::Float(
            digits
                .chars()
                .filter_map(|c| c.to_digit(radix))
                .fold(0.0, |acc, d| acc * f64::from(radix) + f64::from(d)),
        ),
    })
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, `[-+]?.inf` or `.nan` (any case form).
fn resolve_float(s: &str) -> Option<Value> {
    let unsigned = s.strip_prefix(['-', '+']).unwrap_or(s);
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") {
        let inf = if s.starts_with('-') {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
        return Some(Value::Float(inf));
    }
    if matches!(s, ".nan" | ".NaN" | ".NAN") {
        return Some(Value::Float(f64::NAN));
    }
    let b = unsigned.as_bytes();
    let digits = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let int = digits(0);
    let mut i = int;
    let mut frac = 0;
    if b.get(i) == Some(&b'.') {
        frac = digits(i + 1);
        i += 1 + frac;
    }
    if int == 0 && frac == 0 {
        return None;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exp = digits(i);
        if exp == 0 {
            return None;
        }
        i += exp;
    }
    if i != b.len() {
        return None;
    }
    s.parse::<f64>().ok().map(Value::Float)
}

/// A readable message, error kind and help for a saphyr error text.
fn reword(info: &str) -> (LoadErrorKind, String, &'static str) {
    const INDENT: &str = "check the indentation of this line against the lines above it";
    let syntax = LoadErrorKind::YamlSyntax;
    if info == "recursion limit exceeded" {
        // saphyr counts flow nesting in a `u8` and scans ahead of the events we count depth on.
        return (
            LoadErrorKind::TooDeep,
            "flow collections (`[`, `{`) are nested more than 255 levels deep".to_owned(),
            "flatten the document",
        );
    }
    let (message, help) = match info {
        "mapping values are not allowed in this context" => (
            "a `key: value` pair is not allowed here",
            "quote the value if it contains `: `, or fix the indentation of this line",
        ),
        "while parsing a block mapping, did not find expected key" => {
            ("expected a mapping key at this indentation", INDENT)
        }
        "while parsing a block collection, did not find expected '-' indicator" => {
            ("expected a `-` list item at this indentation", INDENT)
        }
        "while parsing a node, did not find expected node content" => (
            "expected a value here",
            "write a value, or quote it if it starts with a YAML indicator",
        ),
        "while parsing a flow mapping, did not find expected ',' or '}'" => (
            "expected `,` or `}` in this flow mapping",
            "separate the entries of `{ … }` with `,` and close it with `}`",
        ),
        "while parsing a flow sequence, expected ',' or ']'" => (
            "expected `,` or `]` in this flow sequence",
            "separate the items of `[ … ]` with `,` and close it with `]`",
        ),
        "while parsing node, found unknown anchor" => (
            "this alias refers to an anchor that is not defined before it",
            "define the anchor (`&name`) on a node earlier in the file",
        ),
        "while scanning a quoted scalar, found unexpected end of stream" => (
            "unexpected end of file inside a quoted string",
            "close the string with its quote",
        ),
        "block sequence entries are not allowed in this context" => (
            "a `-` list item is not allowed here",
            "start the list on its own line, indented under its key",
        ),
        "mapping keys are not allowed in this context" => {
            ("a mapping key is not allowed here", INDENT)
        }
        "simple key expect ':'" | "simple key expected" => (
            "expected `:` after this key",
            "write the entry as `key: value` (a key must fit on one line)",
        ),
        "did not find expected <document start>" | "invalid content after document end marker" => (
            "unexpected content after the end of the document",
            "remove it, or fix the indentation so that it belongs to the document",
        ),
        "found unprintable character" => (
            "the file contains a character that YAML does not allow",
            "remove the control character, or write it as an escape in a double-quoted string",
        ),
        _ if info.contains("tab") => (
            "a tab character is not allowed here",
            "YAML indentation must use spaces, not tabs",
        ),
        _ if info.contains("indentation") || info.contains("indented") => {
            ("wrong indentation", INDENT)
        }
        _ if info.contains("unexpected eof") || info.contains("end of stream") => (
            "unexpected end of file",
            "the document is cut short: complete it",
        ),
        _ => {
            let detail = info
                .strip_prefix("while ")
                .and_then(|rest| rest.split_once(", ").map(|(_, tail)| tail))
                .unwrap_or(info);
            return (
                syntax,
                format!("invalid YAML: {detail}"),
                "check the quoting and indentation around this place",
            );
        }
    };
    (syntax, message.to_owned(), help)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::LineCol;
    use std::time::{Duration, Instant};

    fn load(text: &str) -> (Arc<SourceFile>, Result<Node, Vec<LoadError>>) {
        load_with(text, &Limits::default())
    }

    fn load_with(text: &str, limits: &Limits) -> (Arc<SourceFile>, Result<Node, Vec<LoadError>>) {
        let source = SourceFile::new("spec.yaml", text.to_owned());
        let result = parse(&source, limits);
        (source, result)
    }

    fn ok(text: &str) -> (Arc<SourceFile>, Node) {
        let (source, result) = load(text);
        match result {
            Ok(node) => (source, node),
            Err(errors) => panic!("{text:?} failed: {errors:#?}"),
        }
    }

    fn errors(text: &str) -> Vec<LoadError> {
        match load(text).1 {
            Ok(node) => panic!("{text:?} parsed: {node:?}"),
            Err(errors) => errors,
        }
    }

    fn value(text: &str) -> Value {
        ok(text).1.value
    }

    fn at(source: &SourceFile, span: Span) -> &str {
        &source.text[span.start as usize..span.end as usize]
    }

    fn lc(source: &SourceFile, offset: u32) -> (u32, u32) {
        let LineCol { line, column } = source.line_col(offset);
        (line, column)
    }

    fn path<'n>(node: &'n Node, keys: &[&str]) -> &'n Node {
        keys.iter().fold(node, |n, k| match n.child(k) {
            Some(c) => c,
            None => panic!("no {k} in {n:?}"),
        })
    }

    #[test]
    fn core_schema_plain_scalars() {
        let cases: &[(&str, Value)] = &[
            ("null", Value::Null),
            ("Null", Value::Null),
            ("NULL", Value::Null),
            ("~", Value::Null),
            ("true", Value::Bool(true)),
            ("True", Value::Bool(true)),
            ("TRUE", Value::Bool(true)),
            ("false", Value::Bool(false)),
            ("FALSE", Value::Bool(false)),
            ("0", Value::Integer(0)),
            ("42", Value::Integer(42)),
            ("-17", Value::Integer(-17)),
            ("+17", Value::Integer(17)),
            ("0x1F", Value::Integer(31)),
            ("0o17", Value::Integer(15)),
            ("9223372036854775807", Value::Integer(i64::MAX)),
            ("-9223372036854775808", Value::Integer(i64::MIN)),
            ("9223372036854775808", Value::Float(9223372036854775808.0)),
            (
                "0xFFFFFFFFFFFFFFFFFF",
                Value::Float(4722366482869645213696.0),
            ),
            ("1.5", Value::Float(1.5)),
            ("-1.5e3", Value::Float(-1500.0)),
            (".5", Value::Float(0.5)),
            ("1.", Value::Float(1.0)),
            ("1e3", Value::Float(1000.0)),
            (".inf", Value::Float(f64::INFINITY)),
            ("-.Inf", Value::Float(f64::NEG_INFINITY)),
            ("+.INF", Value::Float(f64::INFINITY)),
        ];
        for (text, expected) in cases {
            assert_eq!(
                &ok(&format!("v: {text}\n")).1.get("v").unwrap().value,
                expected,
                "{text}"
            );
        }
        let Value::Float(nan) = value(".nan") else {
            panic!(".nan is not a float");
        };
        assert!(nan.is_nan());
        for text in [
            "yes", "no", "on", "off", "Yes", "nULL", "tRUE", "1_000", "0b101", "0x", "0o8", "1e",
            "1.2.3", "inf", "nan", ".", "+", "12:30", "1.0.0", "v1", "3.1.0",
        ] {
            assert_eq!(value(text), Value::String(text.into()), "{text}");
        }
    }

    #[test]
    fn quoted_and_block_scalars_are_strings() {
        let (source, node) = ok("a: '1'\nb: \"true\"\nc: |\n  null\nd: >-\n  12\n  34\n\ne: x\n");
        let get = |k: &str| node.get(k).unwrap();
        assert_eq!(get("a").value, Value::String("1".into()));
        assert_eq!(get("b").value, Value::String("true".into()));
        assert_eq!(get("c").value, Value::String("null\n".into()));
        assert_eq!(get("d").value, Value::String("12 34".into()));
        // Quoted scalars span their quotes; block scalars run from the header to the last line.
        assert_eq!(at(&source, get("a").span), "'1'");
        assert_eq!(at(&source, get("b").span), "\"true\"");
        assert_eq!(at(&source, get("c").span), "|\n  null");
        assert_eq!(at(&source, get("d").span), ">-\n  12\n  34");
        assert_eq!(lc(&source, get("d").span.start), (5, 4));
    }

    #[test]
    fn block_scalar_header_with_comment_and_empty_content() {
        let (source, node) = ok("a: |+ # keep\n  text\nb: |\nc: 1\n");
        assert_eq!(
            at(&source, node.get("a").unwrap().span),
            "|+ # keep\n  text"
        );
        assert_eq!(at(&source, node.get("b").unwrap().span), "|");
        assert_eq!(node.get("b").unwrap().value, Value::String(String::new()));
    }

    #[test]
    fn tags_are_honoured() {
        let (_, node) = ok("a: !!str 12\nb: !!int '12'\nc: !!float 1\nd: !!bool 'true'\ne: !!null ''\nf: !custom 12\ng: !!str\n");
        let get = |k: &str| node.get(k).unwrap().value.clone();
        assert_eq!(get("a"), Value::String("12".into()));
        assert_eq!(get("b"), Value::Integer(12));
        assert_eq!(get("c"), Value::Float(1.0));
        assert_eq!(get("d"), Value::Bool(true));
        assert_eq!(get("e"), Value::Null);
        assert_eq!(get("f"), Value::Integer(12));
        assert_eq!(get("g"), Value::String(String::new()));
        let errs = errors("a: !!int twelve\n");
        assert_eq!(errs[0].kind, LoadErrorKind::YamlSyntax);
        assert!(
            errs[0].message.contains("`twelve` is not a valid `!!int`"),
            "{}",
            errs[0].message
        );
    }

    #[test]
    fn non_string_keys_are_their_text() {
        let (source, node) = ok("responses:\n  200:\n    description: OK\n  1.0: a\n  true: b\n  ~: c\n  0x10: d\n  '404': e\n");
        let responses = node.get("responses").unwrap().as_object().unwrap();
        let keys: Vec<&str> = responses.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["200", "1.0", "true", "~", "0x10", "404"]);
        assert_eq!(at(&source, responses[0].key_span), "200");
        assert_eq!(lc(&source, responses[0].key_span.start), (2, 3));
        assert_eq!(at(&source, responses[5].key_span), "'404'");
        assert_eq!(
            path(&node, &["responses", "200", "description"]).as_str(),
            Some("OK")
        );
    }

    #[test]
    fn spans_of_scalars_keys_and_collections() {
        let text = "# comment\nopenapi: 3.1.0\ninfo:\n  title: Pets\n  version: \"1\"\ntags:\n- name: a\n  x: [1, {b: 2}]\n- b\nlast: 1\n";
        let (source, node) = ok(text);
        assert_eq!(lc(&source, node.span.start), (2, 1));
        assert_eq!(at(&source, node.span), &text[10..text.len() - 1]);
        let info = node.get("info").unwrap();
        // A block mapping covers its entries and not the line after it.
        assert_eq!(at(&source, info.span), "title: Pets\n  version: \"1\"");
        let entry = node.entry("info").unwrap();
        assert_eq!(at(&source, entry.key_span), "info");
        assert_eq!(lc(&source, entry.key_span.start), (3, 1));
        let title = info.get("title").unwrap();
        assert_eq!(at(&source, title.span), "Pets");
        assert_eq!(lc(&source, title.span.start), (4, 10));
        let tags = node.get("tags").unwrap();
        // An indentless sequence starts at its first `-`.
        assert_eq!(at(&source, tags.span), "- name: a\n  x: [1, {b: 2}]\n- b");
        assert_eq!(lc(&source, tags.span.start), (7, 1));
        let x = path(&node, &["tags", "0", "x"]);
        assert_eq!(at(&source, x.span), "[1, {b: 2}]");
        assert_eq!(
            at(&source, path(&node, &["tags", "0", "x", "1"]).span),
            "{b: 2}"
        );
        assert_eq!(
            at(&source, path(&node, &["tags", "0"]).span),
            "name: a\n  x: [1, {b: 2}]"
        );
        assert_eq!(at(&source, path(&node, &["tags", "1"]).span), "b");
    }

    #[test]
    fn nested_block_sequences_and_empty_values() {
        let (source, node) = ok("a:\n  - - x\n    - y\n  - z\nb:\nc: ''\n");
        let a = node.get("a").unwrap();
        assert_eq!(at(&source, a.span), "- - x\n    - y\n  - z");
        assert_eq!(at(&source, path(&node, &["a", "0"]).span), "- x\n    - y");
        assert_eq!(node.get("b").unwrap().value, Value::Null);
        assert_eq!(lc(&source, node.get("b").unwrap().span.start).0, 5);
        assert_eq!(node.get("c").unwrap().value, Value::String(String::new()));
    }

    #[test]
    fn spans_are_byte_offsets_in_non_ascii_text() {
        let text = "# héllo wörld ✓\ntitle: \"Grüße\"\ndesc: ünïcödé # ✓✓\nlist: [é, ü]\nk€y: 1\n";
        let (source, node) = ok(text);
        let title = node.get("title").unwrap();
        assert_eq!(at(&source, title.span), "\"Grüße\"");
        assert_eq!(lc(&source, title.span.start), (2, 8));
        assert_eq!(at(&source, node.get("desc").unwrap().span), "ünïcödé");
        assert_eq!(at(&source, node.get("list").unwrap().span), "[é, ü]");
        assert_eq!(at(&source, path(&node, &["list", "1"]).span), "ü");
        let entry = node.entry("k€y").unwrap();
        assert_eq!(at(&source, entry.key_span), "k€y");
        assert_eq!(lc(&source, entry.value.span.start), (5, 6));
        // Many multi-byte characters of every width before the node.
        let long = format!("{}: 1\nb: ✓✓\n", "é😀€".repeat(100));
        let (source, node) = ok(&long);
        assert_eq!(at(&source, node.get("b").unwrap().span), "✓✓");
    }

    #[test]
    fn crlf_line_endings() {
        let (source, node) = ok("a: 1\r\nb:\r\n  c: x\r\n");
        let c = path(&node, &["b", "c"]);
        assert_eq!(at(&source, c.span), "x");
        assert_eq!(lc(&source, c.span.start), (3, 6));
    }

    #[test]
    fn duplicate_keys_are_all_reported() {
        let errs = errors("a: 1\nb: 2\na: 3\nc:\n  x: 1\n  x: 2\n");
        assert_eq!(errs.len(), 2);
        assert!(errs.iter().all(|e| e.kind == LoadErrorKind::DuplicateKey));
        assert_eq!(errs[0].line_col(), LineCol { line: 3, column: 1 });
        assert_eq!(errs[0].message, "duplicate key `a` in this mapping");
        let first = &errs[0].related[0];
        assert_eq!(
            first.source.line_col(first.span.start),
            LineCol { line: 1, column: 1 }
        );
        assert_eq!(errs[1].line_col(), LineCol { line: 6, column: 3 });
        // `200` and `'200'` are the same key once keys are text.
        let errs = errors("200: a\n'200': b\n");
        assert_eq!(errs[0].kind, LoadErrorKind::DuplicateKey);
    }

    #[test]
    fn merge_keys() {
        let text = "base: &base\n  a: 1\n  b: 2\nother: &other\n  c: 3\n  a: 9\nm:\n  <<: *base\n  b: 20\nn:\n  x: 0\n  <<: [*other, *base]\n";
        let (source, node) = ok(text);
        let m = node.get("m").unwrap().as_object().unwrap();
        let keys: Vec<&str> = m.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["a", "b"]);
        assert_eq!(m[0].value.value, Value::Integer(1));
        assert_eq!(m[1].value.value, Value::Integer(20));
        // A merged entry keeps the spans of its definition.
        assert_eq!(lc(&source, m[0].key_span.start), (2, 3));
        let n = node.get("n").unwrap().as_object().unwrap();
        let pairs: Vec<(&str, &Value)> =
            n.iter().map(|e| (e.key.as_str(), &e.value.value)).collect();
        assert_eq!(
            pairs,
            [
                ("x", &Value::Integer(0)),
                ("c", &Value::Integer(3)),
                ("a", &Value::Integer(9)),
                ("b", &Value::Integer(2)),
            ]
        );
        // A quoted `<<` is an ordinary key.
        assert!(ok("'<<': 1\n").1.get("<<").is_some());
        let errs = errors("a: &a 1\nb:\n  <<: *a\n");
        assert_eq!(errs[0].kind, LoadErrorKind::YamlUnsupported);
        assert!(errs[0].message.contains("merge key"));
    }

    #[test]
    fn aliases_copy_the_anchored_node() {
        let (source, node) = ok("a: &x\n  k: [1, 2]\nb: *x\nc: &s hi\nd: *s\n*s : key\n");
        assert_eq!(node.get("b").unwrap().value, node.get("a").unwrap().value);
        assert_eq!(at(&source, node.get("b").unwrap().span), "*x");
        assert_eq!(node.get("d").unwrap().as_str(), Some("hi"));
        assert_eq!(node.get("hi").unwrap().as_str(), Some("key"));
        let errs = errors("a: *nope\n");
        assert_eq!(errs[0].line_col(), LineCol { line: 1, column: 4 });
        assert!(errs[0].message.contains("anchor that is not defined"));
        let errs = errors("a: &r\n  b: *r\n");
        assert_eq!(errs[0].kind, LoadErrorKind::YamlUnsupported);
        let errs = errors("a: &m {x: 1}\n*m : 2\n");
        assert_eq!(errs[0].kind, LoadErrorKind::YamlUnsupported);
    }

    #[test]
    fn billion_laughs_hits_the_alias_limit_quickly() {
        let mut text = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
        for pair in names.windows(2) {
            let (prev, next) = (pair[0], pair[1]);
            let refs = vec![format!("*{prev}"); 9].join(",");
            text.push_str(&format!("{next}: &{next} [{refs}]\n"));
        }
        let started = Instant::now();
        let errs = errors(&text);
        assert!(started.elapsed() < Duration::from_secs(5));
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].kind, LoadErrorKind::AliasLimit);
        assert!(errs[0].message.contains("1000000"), "{}", errs[0].message);
        // With a small budget it stops at the first alias that passes it.
        let limits = Limits {
            max_alias_nodes: 100,
            ..Limits::default()
        };
        let errs = load_with(&text, &limits).1.unwrap_err();
        assert_eq!(errs[0].kind, LoadErrorKind::AliasLimit);
        assert_eq!(errs[0].line_col().line, 3);
    }

    #[test]
    fn depth_bombs_fail_without_overflowing_the_stack() {
        for text in [
            "[".repeat(100_000),
            "- ".repeat(100_000),
            "{a: ".repeat(100_000),
        ] {
            let errs = errors(&text);
            assert_eq!(
                errs[0].kind,
                LoadErrorKind::TooDeep,
                "{}: {}",
                &text[..8],
                errs[0].message
            );
        }
        let limits = Limits {
            max_depth: 3,
            ..Limits::default()
        };
        assert!(load_with("a: {b: [1]}", &limits).1.is_ok());
        let errs = load_with("a: {b: [[1]]}", &limits).1.unwrap_err();
        assert_eq!(errs[0].kind, LoadErrorKind::TooDeep);
        assert_eq!(errs[0].span.start, 8);
    }

    #[test]
    fn one_document_per_file() {
        let errs = errors("a: 1\n---\nb: 2\n");
        assert_eq!(errs[0].kind, LoadErrorKind::YamlUnsupported);
        assert_eq!(errs[0].line_col(), LineCol { line: 2, column: 1 });
        assert!(ok("---\na: 1\n...\n").1.get("a").is_some());
    }

    #[test]
    fn empty_files_are_errors() {
        for text in ["", "\n\n", "# only a comment\n"] {
            let errs = errors(text);
            assert_eq!(errs[0].kind, LoadErrorKind::YamlSyntax);
            assert_eq!(errs[0].message, "the file is empty");
        }
    }

    #[test]
    fn syntax_errors_are_reworded_with_a_location() {
        let errs = errors("a: b: c\n");
        assert_eq!(errs[0].kind, LoadErrorKind::YamlSyntax);
        assert_eq!(errs[0].message, "a `key: value` pair is not allowed here");
        assert_eq!(errs[0].line_col(), LineCol { line: 1, column: 5 });
        assert!(errs[0].help.is_some());
        let errs = errors("a:\n  b: 1\n c: 2\n");
        assert_eq!(errs[0].kind, LoadErrorKind::YamlSyntax);
        assert_eq!(errs[0].line_col().line, 3);
        let errs = errors("a: \"open\n");
        assert_eq!(errs[0].kind, LoadErrorKind::YamlSyntax);
        // Cut short inside a flow collection: the error is at the end, the collection is named.
        let errs = errors("a:\n  b: [1, {c: 2}\n");
        assert_eq!(errs[0].kind, LoadErrorKind::YamlSyntax);
        assert!(
            errs[0].message.starts_with("unexpected end of file"),
            "{}",
            errs[0].message
        );
        assert_eq!(errs[0].span.start, 18);
        assert_eq!(errs[0].related[0].span.start, 8);
        assert_eq!(errs[0].related[0].label, "this sequence is not closed");
    }

    #[test]
    fn complex_keys_are_unsupported() {
        for text in ["? [a, b]\n: 1\n", "{[a]: 1}", "? {a: 1}\n: 2\n"] {
            let errs = errors(text);
            assert_eq!(errs[0].kind, LoadErrorKind::YamlUnsupported, "{text}");
        }
    }

    #[test]
    fn random_bytes_never_panic() {
        for text in super::super::fuzz_inputs(
            0x2545_F491_4F6C_DD1D,
            b" \n\t-:?[]{},#&*!|>'\"%@`ab01.\\~<",
            64,
            0x3000,
        ) {
            let _ = load(&text);
        }
    }
}
