//! The [`Validate`] trait that generated types implement, and the [`Violation`]s it reports.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

/// One broken constraint: where (JSON pointer), which keyword, and a sentence for humans.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Violation {
    /// JSON pointer (RFC 6901) of the offending value, relative to the validated root
    /// (`""` for the root itself). Request parameters use `/path/<name>`, `/query/<name>`, …
    pub pointer: String,
    /// The JSON Schema keyword that failed (`maxLength`, `pattern`, `required`, `type`, …).
    pub keyword: String,
    /// What is wrong, as a sentence (serialized as `detail`, as in RFC 9457's example of
    /// validation errors).
    #[serde(rename = "detail")]
    pub message: String,
}

impl Violation {
    /// A violation at `pointer`.
    pub fn new(
        pointer: impl Into<String>,
        keyword: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Violation {
            pointer: pointer.into(),
            keyword: keyword.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        write!(f, "{at}: {} ({})", self.message, self.keyword)
    }
}

/// The JSON pointer of the value being validated, grown and shrunk while walking a value.
#[derive(Debug, Clone, Default)]
pub struct Pointer(String);

impl Pointer {
    /// The root pointer (`""`).
    pub fn root() -> Self {
        Pointer(String::new())
    }

    /// A pointer starting at `prefix` (already escaped, e.g. `/body`).
    pub fn at(prefix: &str) -> Self {
        Pointer(prefix.to_owned())
    }

    /// Appends one segment (escaping `~` and `/`); returns the length to [`pop`](Self::pop) to.
    pub fn push(&mut self, segment: &str) -> usize {
        let mark = self.0.len();
        self.0.push('/');
        for c in segment.chars() {
            match c {
                '~' => self.0.push_str("~0"),
                '/' => self.0.push_str("~1"),
                c => self.0.push(c),
            }
        }
        mark
    }

    /// Appends an array index.
    pub fn push_index(&mut self, index: usize) -> usize {
        let mark = self.0.len();
        self.0.push('/');
        self.0.push_str(&index.to_string());
        mark
    }

    /// Goes back to a length returned by [`push`](Self::push).
    pub fn pop(&mut self, mark: usize) {
        self.0.truncate(mark);
    }

    /// The pointer text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Collected violations.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Violations(pub Vec<Violation>);

impl Violations {
    /// No violations yet.
    pub fn new() -> Self {
        Violations(Vec::new())
    }

    /// Records one violation at the current pointer.
    pub fn add(&mut self, at: &Pointer, keyword: &str, message: impl Into<String>) {
        self.0.push(Violation::new(at.as_str(), keyword, message));
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The violations.
    pub fn into_vec(self) -> Vec<Violation> {
        self.0
    }
}

/// Values that check themselves against the constraints of their schema.
///
/// Generated types implement it with direct checks (no schema interpretation at run time);
/// containers delegate to their items with the right pointer segment.
pub trait Validate {
    /// Checks `self`, recording every violation under the pointer `at`.
    fn validate_at(&self, at: &mut Pointer, out: &mut Violations);

    /// Checks the *structure* of a JSON value before it is decoded into `Self`: every wrong
    /// JSON type, missing required property, unknown property (`additionalProperties:
    /// false`) and unknown enum value is recorded under `at`, where serde would stop at the
    /// first. Generated types and containers implement it; the default accepts anything
    /// (serde still reports what it rejects).
    fn check_json(value: &serde_json::Value, at: &mut Pointer, out: &mut Violations)
    where
        Self: Sized,
    {
        let _ = (value, at, out);
    }

    /// Checks `self` and returns every violation (pointers relative to `self`).
    fn validate(&self) -> Result<(), Vec<Violation>> {
        let mut out = Violations::new();
        self.validate_at(&mut Pointer::root(), &mut out);
        if out.is_empty() {
            Ok(())
        } else {
            Err(out.into_vec())
        }
    }
}

macro_rules! always_valid {
    ($($t:ty => $kind:literal),*) => {
        $(impl Validate for $t {
            fn validate_at(&self, _: &mut Pointer, _: &mut Violations) {}

            fn check_json(value: &serde_json::Value, at: &mut Pointer, out: &mut Violations) {
                crate::checks::json_type(value, $kind, at, out);
            }
        })*
    };
}

always_valid!(
    String => "string",
    bool => "boolean",
    i8 => "integer",
    i16 => "integer",
    i32 => "integer",
    i64 => "integer",
    u8 => "integer",
    u16 => "integer",
    u32 => "integer",
    u64 => "integer",
    f32 => "number",
    f64 => "number",
    serde_json::Value => "any",
    uuid::Uuid => "string",
    chrono::NaiveDate => "string",
    chrono::DateTime<chrono::Utc> => "string",
    crate::Base64 => "string",
    () => "any"
);

impl<T: Validate> Validate for Option<T> {
    fn validate_at(&self, at: &mut Pointer, out: &mut Violations) {
        if let Some(v) = self {
            v.validate_at(at, out);
        }
    }

    fn check_json(value: &serde_json::Value, at: &mut Pointer, out: &mut Violations) {
        if !value.is_null() {
            T::check_json(value, at, out);
        }
    }
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate_at(&self, at: &mut Pointer, out: &mut Violations) {
        (**self).validate_at(at, out);
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate_at(&self, at: &mut Pointer, out: &mut Violations) {
        for (i, item) in self.iter().enumerate() {
            let mark = at.push_index(i);
            item.validate_at(at, out);
            at.pop(mark);
        }
    }

    fn check_json(value: &serde_json::Value, at: &mut Pointer, out: &mut Violations) {
        if crate::checks::json_type(value, "array", at, out) {
            for (i, item) in value.as_array().into_iter().flatten().enumerate() {
                let mark = at.push_index(i);
                T::check_json(item, at, out);
                at.pop(mark);
            }
        }
    }
}

impl<T: Validate> Validate for BTreeMap<String, T> {
    fn validate_at(&self, at: &mut Pointer, out: &mut Violations) {
        for (key, item) in self {
            let mark = at.push(key);
            item.validate_at(at, out);
            at.pop(mark);
        }
    }

    fn check_json(value: &serde_json::Value, at: &mut Pointer, out: &mut Violations) {
        if crate::checks::json_type(value, "object", at, out) {
            for (key, item) in value.as_object().into_iter().flatten() {
                let mark = at.push(key);
                T::check_json(item, at, out);
                at.pop(mark);
            }
        }
    }
}

impl<T: Validate> Validate for crate::Nullable<T> {
    fn validate_at(&self, at: &mut Pointer, out: &mut Violations) {
        if let crate::Nullable::Value(v) = self {
            v.validate_at(at, out);
        }
    }

    fn check_json(value: &serde_json::Value, at: &mut Pointer, out: &mut Violations) {
        if !value.is_null() {
            T::check_json(value, at, out);
        }
    }
}
