//! A byte-level JSON parser (RFC 8259) that builds the span tree directly.
//!
//! It walks the text once with an explicit stack (deep nesting cannot overflow the call stack),
//! copies escape-free strings with one allocation after a word-at-a-time scan for the closing
//! quote, and reports every duplicate key while it goes on parsing. Any other error ends parsing.

use std::sync::Arc;

use super::Limits;
use crate::error::{LoadError, LoadErrorKind};
use crate::source::SourceFile;
use crate::tree::{Entry, Node, Span, Value};

/// Parses `source` as one JSON document.
pub(super) fn parse(source: &Arc<SourceFile>, limits: &Limits) -> Result<Node, Vec<LoadError>> {
    let mut parser = Parser {
        text: &source.text,
        bytes: source.text.as_bytes(),
        pos: 0,
        source,
        max_depth: limits.max_depth,
        errors: Vec::new(),
    };
    let mut stack = Vec::new();
    match parser.document(&mut stack) {
        Ok(node) if parser.errors.is_empty() => Ok(node),
        Ok(_) => Err(parser.errors),
        Err(err) => {
            let mut err = *err;
            if err.span.start as usize >= parser.end_of_content() {
                if let Some(frame) = stack.last() {
                    let (start, what) = match frame {
                        Frame::Array { start, .. } => (*start, "this array is not closed"),
                        Frame::Object { start, .. } => (*start, "this object is not closed"),
                    };
                    err = err.with_related(source, Span::new(start, start + 1), what);
                }
            }
            let mut errors = parser.errors;
            errors.push(err);
            errors.sort_by_key(|e| e.span.start);
            Err(errors)
        }
    }
}

type PResult<T> = Result<T, Box<LoadError>>;

/// The children of all open containers, innermost last: growing one shared buffer is cheaper
/// than growing a `Vec` per container.
#[derive(Default)]
struct Scratch {
    items: Vec<Node>,
    entries: Vec<Entry>,
}

/// An array or object whose closing bracket has not been reached yet.
enum Frame {
    Array {
        start: usize,
        /// Where this array's items begin in `Scratch::items`.
        base: usize,
    },
    Object {
        start: usize,
        /// Where this object's entries begin in `Scratch::entries`.
        base: usize,
        /// The key of the member whose value is being parsed.
        key: String,
        key_span: Span,
    },
}

struct Parser<'s> {
    text: &'s str,
    bytes: &'s [u8],
    pos: usize,
    source: &'s Arc<SourceFile>,
    max_depth: usize,
    /// Duplicate keys found so far (parsing goes on after them).
    errors: Vec<LoadError>,
}

impl Parser<'_> {
    /// The whole document: one value and nothing after it but whitespace.
    fn document(&mut self, stack: &mut Vec<Frame>) -> PResult<Node> {
        let node = self.value_tree(stack)?;
        self.skip_ws();
        if self.pos < self.bytes.len() {
            return Err(self.error(
                "unexpected {found} after the end of the JSON document",
                "after the end of the document",
                "a JSON file holds exactly one value; remove what follows it",
            ));
        }
        Ok(node)
    }

    /// Parses one value (with everything nested in it) using `stack` for open containers.
    fn value_tree(&mut self, stack: &mut Vec<Frame>) -> PResult<Node> {
        let mut scratch = Scratch::default();
        'value: loop {
            self.skip_ws();
            let start = self.pos;
            let mut node = match self.peek() {
                Some(b'{') => {
                    self.check_depth(stack.len())?;
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(b'}') {
                        self.pos += 1;
                        Node::new(Value::Object(Vec::new()), Span::new(start, self.pos))
                    } else {
                        // Pushed first, so that an error in the key knows the open object.
                        stack.push(Frame::Object {
                            start,
                            base: scratch.entries.len(),
                            key: String::new(),
                            key_span: Span::default(),
                        });
                        let (k, span) = self.member_key(false)?;
                        if let Some(Frame::Object { key, key_span, .. }) = stack.last_mut() {
                            *key = k;
                            *key_span = span;
                        }
                        continue 'value;
                    }
                }
                Some(b'[') => {
                    self.check_depth(stack.len())?;
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                        Node::new(Value::Array(Vec::new()), Span::new(start, self.pos))
                    } else {
                        stack.push(Frame::Array {
                            start,
                            base: scratch.items.len(),
                        });
                        continue 'value;
                    }
                }
                _ => self.scalar(stack.last())?,
            };
            // Hand the finished node to its parent, closing every container that ends here.
            loop {
                let Some(frame) = stack.last_mut() else {
                    return Ok(node);
                };
                match frame {
                    Frame::Array { .. } => {
                        scratch.items.push(node);
                        self.skip_ws();
                        match self.peek() {
                            Some(b',') => {
                                self.pos += 1;
                                continue 'value;
                            }
                            Some(b']') => self.pos += 1,
                            _ => {
                                return Err(self.error(
                                    "expected `,` or `]` after an array element, found {found}",
                                    "expected `,` or `]`",
                                    "separate array elements with `,` and close the array with `]`",
                                ))
                            }
                        }
                    }
                    Frame::Object { key, key_span, .. } => {
                        scratch.entries.push(Entry {
                            key: std::mem::take(key),
                            key_span: *key_span,
                            value: node,
                        });
                        self.skip_ws();
                        match self.peek() {
                            Some(b',') => {
                                self.pos += 1;
                                self.skip_ws();
                                let (k, span) = self.member_key(true)?;
                                *key = k;
                                *key_span = span;
                                continue 'value;
                            }
                            Some(b'}') => self.pos += 1,
                            _ => {
                                return Err(self.error(
                                    "expected `,` or `}` after an object member, found {found}",
                                    "expected `,` or `}`",
                                    "separate members with `,` and close the object with `}`",
                                ))
                            }
                        }
                    }
                }
                // The container is closed: it becomes the finished node.
                node = match stack.pop() {
                    // Draining into a new `Vec` allocates it once, at its exact size.
                    Some(Frame::Array { start, base }) => {
                        let items = scratch.items.drain(base..).collect();
                        Node::new(Value::Array(items), Span::new(start, self.pos))
                    }
                    Some(Frame::Object { start, base, .. }) => {
                        self.check_duplicates(&scratch.entries[base..]);
                        let entries = scratch.entries.drain(base..).collect();
                        Node::new(Value::Object(entries), Span::new(start, self.pos))
                    }
                    // Unreachable: the frame matched above is still on the stack.
                    None => {
                        return Err(self.error("unbalanced brackets at {found}", "here", ""));
                    }
                };
            }
        }
    }

    /// A string, number or literal at the current position.
    fn scalar(&mut self, parent: Option<&Frame>) -> PResult<Node> {
        let start = self.pos;
        let value = match self.peek() {
            Some(b'"') => Value::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(b't') if self.rest().starts_with(b"true") => {
                self.pos += 4;
                Value::Bool(true)
            }
            Some(b'f') if self.rest().starts_with(b"false") => {
                self.pos += 5;
                Value::Bool(false)
            }
            Some(b'n') if self.rest().starts_with(b"null") => {
                self.pos += 4;
                Value::Null
            }
            Some(b']') if matches!(parent, Some(Frame::Array { .. })) => {
                return Err(self.error(
                    "expected a value after `,`, found `]`",
                    "trailing comma",
                    "JSON does not allow a trailing comma; remove the `,` before `]`",
                ))
            }
            _ => return Err(self.bad_value()),
        };
        Ok(Node::new(value, Span::new(start, self.pos)))
    }

    /// The key of an object member and the `:` after it. `after_comma` tells whether a `}` here
    /// would be a trailing comma (rather than the end of an empty object, handled by the caller).
    fn member_key(&mut self, after_comma: bool) -> PResult<(String, Span)> {
        let start = self.pos;
        let key = match self.peek() {
            Some(b'"') => self.string()?,
            Some(b'}') if after_comma => {
                return Err(self.error(
                    "expected an object key after `,`, found `}`",
                    "trailing comma",
                    "JSON does not allow a trailing comma; remove the `,` before `}`",
                ))
            }
            Some(b'\'') => {
                return Err(self.error(
                    "expected an object key, found {found}",
                    "single quote",
                    "JSON strings use double quotes (`\"`)",
                ))
            }
            _ => {
                return Err(self.error(
                    "expected an object key, found {found}",
                    "expected a string key",
                    "object keys must be strings in double quotes, e.g. `\"name\": …`",
                ))
            }
        };
        let key_span = Span::new(start, self.pos);
        self.skip_ws();
        if self.peek() != Some(b':') {
            return Err(self.error(
                "expected `:` after an object key, found {found}",
                "expected `:`",
                "write each member as `\"key\": value`",
            ));
        }
        self.pos += 1;
        Ok((key, key_span))
    }

    /// The error for a token that cannot start a value.
    fn bad_value(&self) -> Box<LoadError> {
        let Some(c) = self.text.get(self.pos..).and_then(|s| s.chars().next()) else {
            return self.error(
                "unexpected end of input, expected a JSON value",
                "",
                "the document is empty or cut short",
            );
        };
        if c.is_ascii_alphabetic() {
            // Show the whole bare word (`True`, `NaN`, `undefined`, …).
            let word_end = self.pos
                + self.bytes[self.pos..]
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
                    .count();
            let word = &self.text[self.pos..word_end];
            if word_end == self.bytes.len() {
                if let Some(literal) = ["true", "false", "null"]
                    .into_iter()
                    .find(|l| l.starts_with(word))
                {
                    return self.syntax(
                        Span::new(word_end, word_end),
                        format!("unexpected end of input, expected `{literal}`"),
                        "end of input",
                        "the document is cut short",
                    );
                }
            }
            return Box::new(
                LoadError::new(
                    LoadErrorKind::JsonSyntax,
                    self.source,
                    Span::new(self.pos, word_end),
                    format!("expected a value, found `{word}`"),
                    "not a JSON value",
                )
                .with_help(
                    "strings must be in double quotes; the only bare words in JSON are `true`, \
                     `false` and `null`",
                ),
            );
        }
        let help = match c {
            '/' | '#' => "JSON does not allow comments",
            '\'' => "JSON strings use double quotes (`\"`)",
            '+' | '.' => "JSON numbers start with a digit or `-`",
            _ => {
                "a JSON value is an object, an array, a string, a number, `true`, `false` or `null`"
            }
        };
        self.error("expected a value, found {found}", "expected a value", help)
    }

    /// Refuses to open a container below `open` enclosing ones when that passes the limit.
    fn check_depth(&self, open: usize) -> PResult<()> {
        if open < self.max_depth {
            return Ok(());
        }
        Err(Box::new(
            LoadError::new(
                LoadErrorKind::TooDeep,
                self.source,
                Span::new(self.pos, self.pos + 1),
                format!(
                    "the document is nested more than {} levels deep",
                    self.max_depth
                ),
                "too deep",
            )
            .with_help("flatten the document, or raise the `max_depth` loader limit"),
        ))
    }

    /// Reports every key of `entries` that repeats an earlier one.
    fn check_duplicates(&mut self, entries: &[Entry]) {
        for (first, later) in super::duplicate_keys(entries) {
            self.errors.push(super::duplicate_key_error(
                self.source,
                &entries[first],
                &entries[later],
                "object",
            ));
        }
    }

    /// A string token at the current position (on its opening quote).
    fn string(&mut self) -> PResult<String> {
        let open = self.pos;
        let content = open + 1;
        let mut i = find_special(self.bytes, content);
        if self.bytes.get(i) == Some(&b'"') {
            self.pos = i + 1;
            return Ok(self.text[content..i].to_owned());
        }
        // Slow path: escapes (or an error).
        let mut out = String::with_capacity(i - content + 16);
        let mut run = content;
        loop {
            match self.bytes.get(i) {
                Some(b'"') => {
                    out.push_str(&self.text[run..i]);
                    self.pos = i + 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    out.push_str(&self.text[run..i]);
                    i = self.escape(i, &mut out)?;
                    run = i;
                }
                Some(b'\n' | b'\r') if self.text[i..].trim().is_empty() => {
                    // A line break and nothing after it: the file ends inside the string.
                    let end = self.end_of_content();
                    self.pos = end;
                    let err = self.syntax(
                        Span::new(end, end),
                        "unexpected end of input, expected a closing `\"`".into(),
                        "end of input",
                        "the document is cut short: close the string with `\"`",
                    );
                    let start = Span::new(open, open + 1);
                    return Err(Box::new((*err).with_related(
                        self.source,
                        start,
                        "string starts here",
                    )));
                }
                Some(&b) => {
                    self.pos = i;
                    let name = control_name(b);
                    return Err(Box::new(
                        LoadError::new(
                            LoadErrorKind::JsonSyntax,
                            self.source,
                            Span::new(i, i + 1),
                            format!("unescaped control character U+{b:04X} in a string"),
                            "control character",
                        )
                        .with_help(match name {
                            Some(esc) => format!("write it as `{esc}`"),
                            None => format!("write it as `\\u{b:04X}`"),
                        }),
                    ));
                }
                None => {
                    self.pos = i;
                    return Err(Box::new(
                        LoadError::new(
                            LoadErrorKind::JsonSyntax,
                            self.source,
                            Span::new(i, i),
                            "unexpected end of input, expected a closing `\"`",
                            "end of input",
                        )
                        .with_related(self.source, Span::new(open, open + 1), "string starts here")
                        .with_help("close the string with `\"`"),
                    ));
                }
            }
            i = find_special(self.bytes, i);
        }
    }

    /// Decodes the escape at `at` (its backslash) into `out`; returns the offset after it.
    fn escape(&mut self, at: usize, out: &mut String) -> PResult<usize> {
        let c = match self.bytes.get(at + 1) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let (c, end) = self.unicode_escape(at)?;
                out.push(c);
                return Ok(end);
            }
            Some(_) => {
                let end = at + 1 + self.text[at + 1..].chars().next().map_or(1, char::len_utf8);
                return Err(self.syntax(
                    Span::new(at, end),
                    format!("invalid escape `{}` in a string", &self.text[at..end]),
                    "invalid escape",
                    "the escapes JSON allows are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX",
                ));
            }
            None => {
                let end = self.end_of_content();
                return Err(self.syntax(
                    Span::new(end, end),
                    "unexpected end of input, expected an escape character".into(),
                    "end of input",
                    "close the string with `\"`",
                ));
            }
        };
        out.push(c);
        Ok(at + 2)
    }

    /// `\uXXXX` at `at`, combining a surrogate pair; returns the character and the end offset.
    fn unicode_escape(&self, at: usize) -> PResult<(char, usize)> {
        let high = self.hex4(at)?;
        if (0xDC00..0xE000).contains(&high) {
            return Err(self.lone_surrogate(at, high));
        }
        if !(0xD800..0xDC00).contains(&high) {
            // Not a surrogate, so a valid scalar value.
            return Ok((char::from_u32(high).unwrap_or('\u{FFFD}'), at + 6));
        }
        let next = at + 6;
        if self.bytes.get(next..next + 2) != Some(b"\\u") {
            return Err(self.lone_surrogate(at, high));
        }
        let low = self.hex4(next)?;
        if !(0xDC00..0xE000).contains(&low) {
            return Err(self.lone_surrogate(at, high));
        }
        let c = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
        Ok((char::from_u32(c).unwrap_or('\u{FFFD}'), next + 6))
    }

    /// The four hex digits of the `\u` escape at `at`.
    fn hex4(&self, at: usize) -> PResult<u32> {
        let mut v = 0u32;
        for k in 0..4 {
            let i = at + 2 + k;
            let digit = self.bytes.get(i).and_then(|b| (*b as char).to_digit(16));
            match digit {
                Some(d) => v = v * 16 + d,
                None => {
                    let end = self
                        .text
                        .get(i..)
                        .and_then(|s| s.chars().next())
                        .map_or(i, |c| i + c.len_utf8());
                    return Err(self.syntax(
                        Span::new(i, end),
                        if i >= self.bytes.len() {
                            "unexpected end of input, expected a hex digit".to_owned()
                        } else {
                            "expected four hex digits after `\\u`".to_owned()
                        },
                        "expected a hex digit",
                        "write a Unicode escape as `\\u` and four hex digits, e.g. `\\u00E9`",
                    ));
                }
            }
        }
        Ok(v)
    }

    fn lone_surrogate(&self, at: usize, unit: u32) -> Box<LoadError> {
        self.syntax(
            Span::new(at, at + 6),
            format!("lone surrogate `\\u{unit:04X}` in a string"),
            "lone surrogate",
            "a UTF-16 surrogate must come as a pair (`\\uD83D\\uDE00`); write the character itself \
             or escape both halves",
        )
    }

    /// A number token at the current position.
    fn number(&mut self) -> PResult<Value> {
        let start = self.pos;
        let b = self.bytes;
        let mut i = start;
        let negative = b.get(i) == Some(&b'-');
        if negative {
            i += 1;
        }
        let mut mantissa: u64 = 0;
        let mut overflow = false;
        match b.get(i) {
            Some(b'0') => {
                i += 1;
                if b.get(i).is_some_and(u8::is_ascii_digit) {
                    return Err(self.syntax(
                        Span::new(start, i + 1),
                        "a JSON number cannot have a leading zero".into(),
                        "leading zero",
                        "remove the leading zero, or quote the value if it is an identifier",
                    ));
                }
            }
            Some(d @ b'1'..=b'9') => {
                mantissa = u64::from(d - b'0');
                i += 1;
                while let Some(d) = b.get(i).filter(|d| d.is_ascii_digit()) {
                    match mantissa
                        .checked_mul(10)
                        .and_then(|m| m.checked_add(u64::from(d - b'0')))
                    {
                        Some(m) => mantissa = m,
                        None => overflow = true,
                    }
                    i += 1;
                }
            }
            _ => {
                self.pos = i;
                return Err(self.error(
                    "expected a digit after `-`, found {found}",
                    "expected a digit",
                    "a JSON number is `-`, digits, an optional fraction and an optional exponent",
                ));
            }
        }
        let mut float = false;
        if b.get(i) == Some(&b'.') {
            i += 1;
            float = true;
            if !b.get(i).is_some_and(u8::is_ascii_digit) {
                self.pos = i;
                return Err(self.error(
                    "expected a digit after the decimal point, found {found}",
                    "expected a digit",
                    "write at least one digit after `.` (e.g. `1.0`)",
                ));
            }
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
        }
        if matches!(b.get(i), Some(b'e' | b'E')) {
            i += 1;
            float = true;
            if matches!(b.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            if !b.get(i).is_some_and(u8::is_ascii_digit) {
                self.pos = i;
                return Err(self.error(
                    "expected a digit in the exponent, found {found}",
                    "expected a digit",
                    "write the exponent as digits (e.g. `1e10`)",
                ));
            }
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
        }
        self.pos = i;
        if !float && !overflow {
            if !negative {
                if let Ok(v) = i64::try_from(mantissa) {
                    return Ok(Value::Integer(v));
                }
            } else if mantissa <= i64::MAX as u64 + 1 {
                return Ok(Value::Integer((mantissa as i64).wrapping_neg()));
            }
        }
        match self.text[start..i].parse::<f64>() {
            Ok(f) => Ok(Value::Float(f)),
            // Every token accepted above is valid for `f64::from_str`.
            Err(_) => Err(self.syntax(
                Span::new(start, i),
                "invalid number".into(),
                "invalid number",
                "",
            )),
        }
    }

    /// Where "unexpected end of input" is reported: after the last non-whitespace character,
    /// so that the snippet shows where the text stops.
    fn end_of_content(&self) -> usize {
        self.text.trim_end_matches([' ', '\t', '\n', '\r']).len()
    }

    #[inline]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    #[inline]
    fn rest(&self) -> &[u8] {
        self.bytes.get(self.pos..).unwrap_or_default()
    }

    #[inline]
    fn skip_ws(&mut self) {
        while let Some(&b) = self.bytes.get(self.pos) {
            match b {
                b' ' => {
                    self.pos += 1;
                    // Indentation comes in runs: skip eight spaces at a time.
                    while self.bytes.get(self.pos..self.pos + 8) == Some(b"        ") {
                        self.pos += 8;
                    }
                }
                b'\n' | b'\r' | b'\t' => self.pos += 1,
                _ => return,
            }
        }
    }

    /// A syntax error at the current character (or at the end of the input). `{found}` in
    /// `message` is replaced by a description of that character.
    fn error(&self, message: &str, label: &str, help: &str) -> Box<LoadError> {
        let (span, found) = match self.text.get(self.pos..).and_then(|s| s.chars().next()) {
            Some(c) => (
                Span::new(self.pos, self.pos + c.len_utf8()),
                describe_char(c),
            ),
            None => {
                let end = self.end_of_content();
                let message = match message.find(", found {found}") {
                    Some(cut) => format!("unexpected end of input, {}", &message[..cut]),
                    None => message.replace("{found}", "end of input"),
                };
                return self.syntax(Span::new(end, end), message, "end of input", help);
            }
        };
        self.syntax(span, message.replace("{found}", &found), label, help)
    }

    fn syntax(&self, span: Span, message: String, label: &str, help: &str) -> Box<LoadError> {
        let err = LoadError::new(LoadErrorKind::JsonSyntax, self.source, span, message, label);
        Box::new(if help.is_empty() {
            err
        } else {
            err.with_help(help)
        })
    }
}

/// "`x`" for a visible character, "U+0001" for a control or blank one.
fn describe_char(c: char) -> String {
    if c.is_control() || c.is_whitespace() {
        format!("U+{:04X}", c as u32)
    } else {
        format!("`{c}`")
    }
}

fn control_name(b: u8) -> Option<&'static str> {
    match b {
        b'\n' => Some("\\n"),
        b'\r' => Some("\\r"),
        b'\t' => Some("\\t"),
        0x08 => Some("\\b"),
        0x0C => Some("\\f"),
        _ => None,
    }
}

/// The offset of the first `"`, `\` or control character (< 0x20) at or after `from`, or the
/// length of `bytes` when there is none. Scans eight bytes per step.
#[inline]
fn find_special(bytes: &[u8], from: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let rest = bytes.get(from..).unwrap_or_default();
    let mut chunks = rest.chunks_exact(8);
    let mut offset = from;
    for chunk in &mut chunks {
        let Ok(word) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let x = u64::from_le_bytes(word);
        let quote = x ^ (ONES * u64::from(b'"'));
        let backslash = x ^ (ONES * u64::from(b'\\'));
        // A byte is flagged when it is zero (first two) or below 0x20 (last); only the lowest
        // flagged byte is exact, which is the one we want.
        let mask = (quote.wrapping_sub(ONES) & !quote)
            | (backslash.wrapping_sub(ONES) & !backslash)
            | (x.wrapping_sub(ONES * 0x20) & !x);
        let mask = mask & HIGH;
        if mask != 0 {
            return offset + (mask.trailing_zeros() / 8) as usize;
        }
        offset += 8;
    }
    for &b in chunks.remainder() {
        if b == b'"' || b == b'\\' || b < 0x20 {
            return offset;
        }
        offset += 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::LineCol;

    fn load(text: &str) -> (Arc<SourceFile>, Result<Node, Vec<LoadError>>) {
        load_with(text, &Limits::default())
    }

    fn load_with(text: &str, limits: &Limits) -> (Arc<SourceFile>, Result<Node, Vec<LoadError>>) {
        let source = SourceFile::new("spec.json", text.to_owned());
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

    fn value(text: &str) -> Value {
        ok(text).1.value
    }

    /// The single error of `text`: (kind, message, line, column, text under the span).
    fn error(text: &str) -> (LoadErrorKind, String, u32, u32, String) {
        let (source, result) = load(text);
        let errors = match result {
            Ok(node) => panic!("{text:?} parsed: {node:?}"),
            Err(errors) => errors,
        };
        assert_eq!(errors.len(), 1, "{errors:#?}");
        let e = &errors[0];
        assert!(!e.label.is_empty() && e.help.is_some(), "{e:#?}");
        let LineCol { line, column } = e.line_col();
        let under = source.text[e.span.start as usize..e.span.end as usize].to_owned();
        (e.kind, e.message.clone(), line, column, under)
    }

    fn at(source: &SourceFile, span: Span) -> &str {
        &source.text[span.start as usize..span.end as usize]
    }

    #[test]
    fn spans_of_scalars_keys_and_containers() {
        let text = "{\n  \"name\": \"pets\",\n  \"tags\": [1, true, null, {\"a\": -2.5e3}],\n  \"empty\": {}\n}\n";
        let (source, node) = ok(text);
        assert_eq!(at(&source, node.span), text.trim_end());
        let name = node.entry("name").unwrap();
        assert_eq!(at(&source, name.key_span), "\"name\"");
        assert_eq!(
            source.line_col(name.key_span.start),
            LineCol { line: 2, column: 3 }
        );
        assert_eq!(at(&source, name.value.span), "\"pets\"");
        assert_eq!(
            source.line_col(name.value.span.start),
            LineCol {
                line: 2,
                column: 11
            }
        );
        let tags = node.get("tags").unwrap();
        assert_eq!(at(&source, tags.span), "[1, true, null, {\"a\": -2.5e3}]");
        let items = tags.as_array().unwrap();
        let spans: Vec<&str> = items.iter().map(|n| at(&source, n.span)).collect();
        assert_eq!(spans, ["1", "true", "null", "{\"a\": -2.5e3}"]);
        assert_eq!(items[3].get("a").unwrap().value, Value::Float(-2500.0));
        assert_eq!(at(&source, node.get("empty").unwrap().span), "{}");
        let (source, node) = ok(" [ ] ");
        assert_eq!(at(&source, node.span), "[ ]");
        assert_eq!(value("\"\""), Value::String(String::new()));
        assert_eq!(value(" 7 "), Value::Integer(7));
    }

    #[test]
    fn numbers() {
        let cases: &[(&str, Value)] = &[
            ("0", Value::Integer(0)),
            ("-0", Value::Integer(0)),
            ("42", Value::Integer(42)),
            ("-42", Value::Integer(-42)),
            ("9223372036854775807", Value::Integer(i64::MAX)),
            ("-9223372036854775808", Value::Integer(i64::MIN)),
            (
                "9223372036854775808",
                Value::Float(9_223_372_036_854_775_808.0),
            ),
            (
                "-9223372036854776000",
                Value::Float(-9_223_372_036_854_776_000.0),
            ),
            (
                "123456789012345678901234567890",
                Value::Float(1.2345678901234568e29),
            ),
            ("1.5", Value::Float(1.5)),
            ("-0.0", Value::Float(-0.0)),
            ("1e3", Value::Float(1000.0)),
            ("1E+3", Value::Float(1000.0)),
            ("2.5e-3", Value::Float(0.0025)),
            ("1e400", Value::Float(f64::INFINITY)),
        ];
        for (text, expected) in cases {
            assert_eq!(&value(text), expected, "{text}");
        }
        let bad = [
            ("01", "a JSON number cannot have a leading zero", "01"),
            (
                "-",
                "unexpected end of input, expected a digit after `-`",
                "",
            ),
            ("-x", "expected a digit after `-`, found `x`", "x"),
            (
                "1.",
                "unexpected end of input, expected a digit after the decimal point",
                "",
            ),
            (
                "1.e5",
                "expected a digit after the decimal point, found `e`",
                "e",
            ),
            (
                "1e",
                "unexpected end of input, expected a digit in the exponent",
                "",
            ),
            ("[1e+]", "expected a digit in the exponent, found `]`", "]"),
            ("+1", "expected a value, found `+`", "+"),
            (".5", "expected a value, found `.`", "."),
        ];
        for (text, message, under) in bad {
            let (kind, msg, _, _, span) = error(text);
            assert_eq!(
                (kind, msg.as_str(), span.as_str()),
                (LoadErrorKind::JsonSyntax, message, under),
                "{text}"
            );
        }
    }

    #[test]
    fn escapes() {
        assert_eq!(
            value(r#""a\"b\\c\/d\be\ff\ng\rh\ti""#),
            Value::String("a\"b\\c/d\u{8}e\u{c}f\ng\rh\ti".into())
        );
        assert_eq!(value(r#""\u00e9\u20AC""#), Value::String("é€".into()));
        assert_eq!(value(r#""x\uD83D\uDE00y""#), Value::String("x😀y".into()));
        assert_eq!(value("\"grüße ✓\""), Value::String("grüße ✓".into()));
        // Long strings go through the word-at-a-time scan, escapes at every position.
        for pad in 0..20 {
            let text = format!("\"{}\\n{}\"", "a".repeat(pad), "b".repeat(pad));
            assert_eq!(
                value(&text),
                Value::String(format!("{}\n{}", "a".repeat(pad), "b".repeat(pad)))
            );
        }
        let bad = [
            (
                r#""\uD83D""#,
                "lone surrogate `\\uD83D` in a string",
                r"\uD83D",
            ),
            (
                r#""\uDE00x""#,
                "lone surrogate `\\uDE00` in a string",
                r"\uDE00",
            ),
            (
                r#""\uD83D\u0041""#,
                "lone surrogate `\\uD83D` in a string",
                r"\uD83D",
            ),
            (r#""\q""#, "invalid escape `\\q` in a string", r"\q"),
            (r#""\u12G4""#, "expected four hex digits after `\\u`", "G"),
            (
                "\"a\tb\"",
                "unescaped control character U+0009 in a string",
                "\t",
            ),
            (
                "\"abc",
                "unexpected end of input, expected a closing `\"`",
                "",
            ),
            (
                "\"abc\n  \n",
                "unexpected end of input, expected a closing `\"`",
                "",
            ),
            (
                "[\"abc\n]",
                "unescaped control character U+000A in a string",
                "\n",
            ),
        ];
        for (text, message, under) in bad {
            let (kind, msg, _, _, span) = error(text);
            assert_eq!(
                (kind, msg.as_str(), span.as_str()),
                (LoadErrorKind::JsonSyntax, message, under),
                "{text}"
            );
        }
    }

    #[test]
    fn syntax_errors_point_at_the_offending_byte() {
        let cases = [
            (
                "{\"a\": 1]",
                "expected `,` or `}` after an object member, found `]`",
                1,
                8,
                "]",
            ),
            (
                "[1 2]",
                "expected `,` or `]` after an array element, found `2`",
                1,
                4,
                "2",
            ),
            ("[1,]", "expected a value after `,`, found `]`", 1, 4, "]"),
            (
                "{\"a\": 1,}",
                "expected an object key after `,`, found `}`",
                1,
                9,
                "}",
            ),
            (
                "{\"a\" 1}",
                "expected `:` after an object key, found `1`",
                1,
                6,
                "1",
            ),
            ("{a: 1}", "expected an object key, found `a`", 1, 2, "a"),
            ("{'a': 1}", "expected an object key, found `'`", 1, 2, "'"),
            ("[True]", "expected a value, found `True`", 1, 2, "True"),
            ("[NaN]", "expected a value, found `NaN`", 1, 2, "NaN"),
            ("// c\n{}", "expected a value, found `/`", 1, 1, "/"),
            (
                "{}\n{}",
                "unexpected `{` after the end of the JSON document",
                2,
                1,
                "{",
            ),
            (
                "[1]x",
                "unexpected `x` after the end of the JSON document",
                1,
                4,
                "x",
            ),
            ("[\u{1}]", "expected a value, found U+0001", 1, 2, "\u{1}"),
            ("[é]", "expected a value, found `é`", 1, 2, "é"),
            (
                "",
                "unexpected end of input, expected a JSON value",
                1,
                1,
                "",
            ),
        ];
        for (text, message, line, column, under) in cases {
            let got = error(text);
            assert_eq!(
                got,
                (
                    LoadErrorKind::JsonSyntax,
                    message.to_owned(),
                    line,
                    column,
                    under.to_owned()
                ),
                "{text:?}"
            );
        }
    }

    #[test]
    fn truncated_input_fails_at_the_end() {
        let text = r#"{"openapi": "3.1.0", "info": {"title": "T\u00e9", "version": "1"}, "tags": [1, -2.5, true, null]}"#;
        for cut in 1..text.len() {
            // The error sits right after the last character of the cut text.
            let (source, result) = load(&text[..cut]);
            let errors = result.expect_err("a truncated document must fail");
            let last = errors.last().unwrap();
            assert_eq!(last.kind, LoadErrorKind::JsonSyntax);
            assert_eq!(
                last.span.start as usize,
                text[..cut].trim_end().len(),
                "{:?}: {}",
                &text[..cut],
                last.message
            );
            assert!(
                last.message
                    .starts_with("unexpected end of input, expected"),
                "{}",
                last.message
            );
            // The innermost open container is pointed at too.
            assert_eq!(
                source.text.as_bytes()[last.related[0].span.start as usize] as char,
                if last.related[0].label.contains("array") {
                    '['
                } else if last.related[0].label.contains("object") {
                    '{'
                } else {
                    '"'
                }
            );
        }
    }

    #[test]
    fn duplicate_keys_are_all_reported_and_parsing_goes_on() {
        let text = "{\"a\": 1, \"b\": {\"x\": 1, \"x\": 2}, \"a\": 3}";
        let (source, result) = load(text);
        let errors = result.unwrap_err();
        assert_eq!(errors.len(), 2);
        assert!(errors.iter().all(|e| e.kind == LoadErrorKind::DuplicateKey));
        assert_eq!(errors[0].message, "duplicate key `x` in this object");
        assert_eq!(errors[0].span.start, 23);
        assert_eq!(errors[0].related[0].span.start, 15);
        assert_eq!(errors[1].message, "duplicate key `a` in this object");
        assert_eq!(at(&source, errors[1].span), "\"a\"");
        assert_eq!(errors[1].related[0].span, Span::new(1, 4));
        // A large object uses the sorting path; a later syntax error is reported too.
        let mut big: Vec<String> = (0..40).map(|i| format!("\"k{i}\": {i}")).collect();
        big.push("\"k7\": 0".into());
        big.push("\"k3\": 0".into());
        let text = format!("[{{{}}}, oops]", big.join(", "));
        let errors = load(&text).1.unwrap_err();
        let kinds: Vec<LoadErrorKind> = errors.iter().map(|e| e.kind).collect();
        assert_eq!(
            kinds,
            [
                LoadErrorKind::DuplicateKey,
                LoadErrorKind::DuplicateKey,
                LoadErrorKind::JsonSyntax
            ]
        );
        assert_eq!(errors[0].message, "duplicate key `k7` in this object");
        assert_eq!(errors[1].message, "duplicate key `k3` in this object");
    }

    #[test]
    fn depth_limit_without_stack_overflow() {
        let text = "[".repeat(100_000);
        let (kind, message, line, column, under) = error(&text);
        assert_eq!(kind, LoadErrorKind::TooDeep);
        assert_eq!(message, "the document is nested more than 256 levels deep");
        assert_eq!((line, column, under.as_str()), (1, 257, "["));
        let text = "{\"a\":".repeat(100_000);
        assert_eq!(error(&text).0, LoadErrorKind::TooDeep);
        // Exactly at the limit is fine, even with a huge limit and no stack to spare.
        let limits = Limits {
            max_depth: 200_000,
            ..Limits::default()
        };
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let (_, result) = load_with(&deep, &limits);
        let node = result.unwrap();
        // Dropping a deep tree recurses; take it apart iteratively.
        let mut next = Some(node);
        while let Some(n) = next {
            next = match n.value {
                Value::Array(mut items) => items.pop(),
                _ => None,
            };
        }
        let limits = Limits {
            max_depth: 2,
            ..Limits::default()
        };
        assert!(load_with("[[1]]", &limits).1.is_ok());
        assert_eq!(
            load_with("[[[1]]]", &limits).1.unwrap_err()[0].span.start,
            2
        );
    }

    #[test]
    fn find_special_matches_a_plain_scan() {
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        for _ in 0..5_000 {
            let len = (state % 40) as usize;
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    [b'a', b'"', b'\\', 0x1F, 0x20, 0x7F, 0x80, 0xFF, b'!', 0x00]
                        [(state % 10) as usize]
                })
                .collect();
            for from in 0..=len {
                let expected = (from..len)
                    .find(|&i| matches!(bytes[i], b'"' | b'\\') || bytes[i] < 0x20)
                    .unwrap_or(len);
                assert_eq!(
                    find_special(&bytes, from),
                    expected,
                    "{bytes:?} from {from}"
                );
            }
        }
    }

    #[test]
    fn random_bytes_never_panic() {
        for text in super::super::fuzz_inputs(
            0xD1B5_4A32_D192_ED03,
            b"{}[]:,\"\\ \n-+.0123456789eEtruefalsnu/x",
            48,
            0x800,
        ) {
            let _ = load(&text);
        }
    }
}
