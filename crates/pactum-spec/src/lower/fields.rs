//! Scalar fields: strings, booleans, counts, numbers and small lists/maps of strings, each
//! checked for its JSON type (a `$ref` in a scalar position is followed and inlined).

use indexmap::IndexMap;

use super::context::{At, Cx, Name};
use crate::error::LoadErrorKind;
use crate::tree::{Entry, Node, Value};

/// A JSON number as written: integers stay exact.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Num {
    /// An integer that fits in `i64`.
    Int(i64),
    /// Any other number.
    Float(f64),
}

impl Num {
    /// The value as `f64`.
    pub(crate) fn as_f64(self) -> f64 {
        match self {
            Num::Int(i) => i as f64,
            Num::Float(f) => f,
        }
    }

    /// The number from a node, if it is one.
    pub(crate) fn of(node: &Node) -> Option<Num> {
        match node.value {
            Value::Integer(i) => Some(Num::Int(i)),
            Value::Float(f) => Some(Num::Float(f)),
            _ => None,
        }
    }
}

/// A required member that was `None` (absent), `Some(None)` (present but invalid, already
/// reported) or `Some(Some(v))`.
pub(crate) type Slot<T> = Option<Option<T>>;

impl Cx<'_> {
    /// Reads the scalar in `e` with `conv`; when the value is a reference object the target is
    /// inlined first.
    fn scalar<T>(
        &mut self,
        e: &Entry,
        mut conv: impl FnMut(&mut Self, &Node, Name<'_>) -> Option<T>,
    ) -> Option<T> {
        if matches!(e.value.value, Value::Object(_)) && Self::ref_of(&e.value).is_some() {
            self.push(&e.key);
            let out = self.inline(&e.value, &mut |cx, n| conv(cx, n, Name::Key(&e.key)));
            self.pop();
            out
        } else {
            conv(self, &e.value, Name::Key(&e.key))
        }
    }

    /// A string member.
    pub(crate) fn string(&mut self, e: &Entry) -> Option<String> {
        self.scalar(e, |cx, n, name| match &n.value {
            Value::String(s) => Some(s.clone()),
            _ => {
                cx.wrong_type(n, name, "a string");
                None
            }
        })
    }

    /// A string member that also accepts a number or boolean, taken by its token text
    /// (`version: 1.0` in YAML is a number, but every reader means "1.0").
    pub(crate) fn text(&mut self, e: &Entry) -> Option<String> {
        self.scalar(e, |cx, n, name| cx.text_of(n, name))
    }

    /// The string value of `n`, or the token text of a number/boolean.
    pub(crate) fn text_of(&mut self, n: &Node, name: Name<'_>) -> Option<String> {
        match &n.value {
            Value::String(s) => Some(s.clone()),
            Value::Integer(_) | Value::Float(_) | Value::Bool(_) => {
                let token = self
                    .source
                    .text
                    .get(n.span.start as usize..n.span.end as usize)
                    .unwrap_or_default()
                    .trim();
                Some(token.to_owned())
            }
            _ => {
                self.wrong_type(n, name, "a string");
                None
            }
        }
    }

    /// A boolean member.
    pub(crate) fn boolean(&mut self, e: &Entry) -> Option<bool> {
        self.scalar(e, |cx, n, name| match n.value {
            Value::Bool(b) => Some(b),
            _ => {
                cx.wrong_type(n, name, "a boolean");
                None
            }
        })
    }

    /// A non-negative integer member (`maxLength`, `minItems`, …). Whole floats (`5.0`) are
    /// accepted; negative or fractional numbers are invalid values.
    pub(crate) fn count(&mut self, e: &Entry) -> Option<usize> {
        self.scalar(e, |cx, n, name| {
            let ok = match n.value {
                Value::Integer(i) if i >= 0 => return Some(i as usize),
                Value::Float(f) if f >= 0.0 && f.fract() == 0.0 && f.is_finite() => {
                    return Some(if f >= usize::MAX as f64 {
                        usize::MAX
                    } else {
                        f as usize
                    })
                }
                Value::Integer(_) | Value::Float(_) => false,
                _ => true,
            };
            if ok {
                cx.wrong_type(n, name, "a non-negative integer");
            } else {
                let token = cx
                    .source
                    .text
                    .get(n.span.start as usize..n.span.end as usize)
                    .unwrap_or_default()
                    .to_owned();
                cx.error(
                    LoadErrorKind::InvalidValue,
                    n.span,
                    format!("{name} must be a non-negative integer, found `{token}`"),
                    "expected 0, 1, 2, …",
                );
            }
            None
        })
    }

    /// A number member.
    pub(crate) fn number(&mut self, e: &Entry) -> Option<Num> {
        self.scalar(e, |cx, n, name| match Num::of(n) {
            Some(num) => Some(num),
            None => {
                cx.wrong_type(n, name, "a number");
                None
            }
        })
    }

    /// An array of strings.
    pub(crate) fn strings(&mut self, e: &Entry) -> Vec<String> {
        self.list(e, |cx, n, at| match &n.value {
            Value::String(s) => Some(s.clone()),
            _ => {
                cx.wrong_type(n, at.name, "a string");
                None
            }
        })
    }

    /// An object whose values are strings.
    pub(crate) fn string_map(&mut self, e: &Entry) -> IndexMap<String, String> {
        self.map(e, |cx, m| match &m.value.value {
            Value::String(s) => Some(s.clone()),
            _ => {
                cx.wrong_type(&m.value, Name::Key(&m.key), "a string");
                None
            }
        })
    }

    /// Unwraps a required member, reporting it as missing when absent.
    pub(crate) fn required<T: Default>(
        &mut self,
        slot: Slot<T>,
        node: &Node,
        at: At<'_>,
        field: &str,
        example: &str,
    ) -> T {
        match slot {
            Some(v) => v.unwrap_or_default(),
            None => {
                self.missing(node, at, field, example);
                T::default()
            }
        }
    }
}
