//! The generic document tree: every JSON/YAML node with the byte span it came from.
//!
//! Both parsers (`parse::json`, `parse::yaml`) produce this tree; `$ref` resolution runs on it
//! and the lowering into `openapiv3` reads from it. It is kept after loading: the
//! [`SourceMap`](crate::SourceMap) walks it to turn JSON pointers into file:line:col.

/// A half-open byte range `start..end` into one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Span {
    /// First byte of the node.
    pub start: u32,
    /// One past the last byte of the node.
    pub end: u32,
}

impl Span {
    /// A span from byte offsets.
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start: start as u32,
            end: end.max(start) as u32,
        }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }

    /// True for an empty span.
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
}

impl From<Span> for miette::SourceSpan {
    fn from(s: Span) -> Self {
        miette::SourceSpan::new((s.start as usize).into(), s.len())
    }
}

/// One node of a parsed document.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Where the node's text is (for a scalar the token, for a collection the whole block).
    pub span: Span,
    /// The node's value.
    pub value: Value,
}

/// The value of a [`Node`].
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`, `~` or an empty YAML value.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer that fits in `i64`.
    Integer(i64),
    /// Any other number (fractions, exponents, integers beyond `i64`).
    Float(f64),
    /// A string (YAML scalars that are not null/bool/number are strings).
    String(String),
    /// A sequence.
    Array(Vec<Node>),
    /// A mapping, in document order. Keys are unique (parsers reject duplicates).
    Object(Vec<Entry>),
}

/// One key/value pair of a mapping.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The key (YAML keys that are not strings are converted to their text).
    pub key: String,
    /// Where the key's token is.
    pub key_span: Span,
    /// The value.
    pub value: Node,
}

impl Node {
    /// A node.
    pub fn new(value: Value, span: Span) -> Self {
        Node { span, value }
    }

    /// The entries if this is an object.
    pub fn as_object(&self) -> Option<&[Entry]> {
        match &self.value {
            Value::Object(e) => Some(e),
            _ => None,
        }
    }

    /// The items if this is an array.
    pub fn as_array(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    /// The text if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The entry for `key` if this is an object that has it.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.as_object()?.iter().find(|e| e.key == key)
    }

    /// The value for `key` if this is an object that has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    /// A short name of the node's type for messages ("a string", "an object", …).
    pub fn type_name(&self) -> &'static str {
        self.value.type_name()
    }

    /// Converts the subtree into a `serde_json::Value` (for extensions, examples, defaults).
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Integer(i) => J::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
            Value::String(s) => J::String(s.clone()),
            Value::Array(a) => J::Array(a.iter().map(Node::to_json).collect()),
            Value::Object(o) => J::Object(
                o.iter()
                    .map(|e| (e.key.clone(), e.value.to_json()))
                    .collect(),
            ),
        }
    }

    /// Follows one JSON-pointer segment (already unescaped) down from this node.
    pub fn child(&self, segment: &str) -> Option<&Node> {
        match &self.value {
            Value::Object(_) => self.get(segment),
            Value::Array(a) => {
                // JSON pointer array indices: no leading zeros, no sign.
                if segment.is_empty()
                    || (segment.len() > 1 && segment.starts_with('0'))
                    || !segment.bytes().all(|b| b.is_ascii_digit())
                {
                    return None;
                }
                a.get(segment.parse::<usize>().ok()?)
            }
            _ => None,
        }
    }
}

impl Value {
    /// A short name of the value's type for messages ("a string", "an object", …).
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Integer(_) => "an integer",
            Value::Float(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}
