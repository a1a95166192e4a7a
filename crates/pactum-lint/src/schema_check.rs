//! A small instance validator over the typed schema model (`openapiv3::Schema`), for checking
//! `example` and `default` values against their schemas.
//!
//! It implements the OpenAPI 3.0 schema dialect as the typed model holds it (3.1 documents
//! arrive normalised, e.g. a type array as `anyOf`): `type` with `nullable`, `enum` (and a 3.1
//! `const` kept as `x-pactum-const`), string length in code points, `pattern` (ECMAScript
//! syntax through `regress`, compiled once per [`Checker`]), a loose check of the formats
//! `date`, `date-time`, `time`, `uuid`, `email`, `ipv4`, `ipv6`, `uri` and the `int32` range,
//! numeric bounds (inclusive and exclusive) and `multipleOf`, array `items`, `minItems`,
//! `maxItems`, `uniqueItems`, object `properties`, `required`, `additionalProperties`,
//! `minProperties`, `maxProperties`, `allOf`/`anyOf`/`oneOf` (a `discriminator` picks the
//! branch when its value names one) and `not`, and local `$ref`s to `components.schemas`.
//!
//! `readOnly` properties are not required in requests and `writeOnly` ones not in responses
//! ([`Side`]). Keywords the model keeps only as `x-pactum-*` extensions (`if`, `contains`, …)
//! are not checked, except that `patternProperties` disables the `additionalProperties: false`
//! check and `prefixItems` exempts the leading items from `items`.
//!
//! The validator is defensive: an unresolvable `$ref` or an invalid `pattern` passes (the
//! `pattern-invalid` rule reports the latter), nesting is bounded, and each check has a step
//! budget after which it gives up and accepts the value. A value that is just
//! `{"$ref": "…"}` passes too: some tools resolve references inside examples, so what it
//! stands for is unknown.

use std::collections::HashMap;
use std::fmt::{self, Write as _};

use openapiv3::{
    AdditionalProperties, AnySchema, ArrayType, IntegerFormat, IntegerType, NumberType, ObjectType,
    ReferenceOr, Schema, SchemaKind, StringFormat, StringType, Type, VariantOrUnknownOrEmpty,
};
use pactum_spec::visit::resolve;
use pactum_spec::Spec;
use serde_json::{Map, Number, Value};

/// Deepest schema nesting (through `$ref`s) followed for one value.
const MAX_DEPTH: u32 = 128;
/// Schema evaluations allowed for one value before the check gives up (and accepts it).
const BUDGET: u32 = 200_000;

/// Which HTTP message a value belongs to, for `readOnly` and `writeOnly`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// A request: `readOnly` properties need not be present.
    Request,
    /// A response: `writeOnly` properties need not be present.
    Response,
    /// Unknown or both (a schema's own `example`): neither needs to be present.
    Either,
}

/// One way a value does not match its schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Where in the value, as a JSON path (`$`, `$.pets[0].name`).
    pub path: String,
    /// Where in the value, as a JSON pointer relative to the value (`""`, `/pets/0/name`).
    pub pointer: String,
    /// The keyword that failed (`type`, `required`, `oneOf`, …; `format` also for `int32`).
    pub keyword: &'static str,
    /// What is wrong, as a predicate on the value ("is a string, not an integer").
    pub message: String,
}

/// Compiles a schema `pattern` as an ECMAScript regular expression: with the `u` flag (as
/// JSON Schema recommends) and, when that fails, without it (the lenient web syntax most
/// validators accept).
pub fn compile_pattern(pattern: &str) -> Result<regress::Regex, regress::Error> {
    let unicode = regress::Flags {
        unicode: true,
        ..regress::Flags::default()
    };
    regress::Regex::with_flags(pattern, unicode).or_else(|_| regress::Regex::new(pattern))
}

/// Compiled patterns, by source text (an invalid pattern is cached as `None`).
#[derive(Debug, Default)]
pub struct Patterns {
    compiled: HashMap<String, Option<regress::Regex>>,
}

impl Patterns {
    /// The compiled pattern, or `None` when it is not a valid regular expression.
    pub fn get(&mut self, pattern: &str) -> Option<&regress::Regex> {
        if !self.compiled.contains_key(pattern) {
            let re = compile_pattern(pattern).ok();
            self.compiled.insert(pattern.to_owned(), re);
        }
        self.compiled.get(pattern).and_then(Option::as_ref)
    }
}

/// Checks values against schemas of one spec. Keeps compiled patterns between checks, so use
/// one checker for a whole rule run.
#[derive(Debug)]
pub struct Checker<'s> {
    spec: &'s Spec,
    patterns: Patterns,
}

impl<'s> Checker<'s> {
    /// A checker resolving `$ref`s in `spec`.
    pub fn new(spec: &'s Spec) -> Self {
        Checker {
            spec,
            patterns: Patterns::default(),
        }
    }

    /// The violations of `value` against `schema`, at most `max` of them.
    pub fn check(
        &mut self,
        schema: &'s Schema,
        value: &Value,
        side: Side,
        max: usize,
    ) -> Vec<Violation> {
        let mut run = Run {
            spec: self.spec,
            patterns: &mut self.patterns,
            side,
            path: Vec::new(),
            out: Vec::new(),
            max: max.max(1),
            probing: 0,
            budget: BUDGET,
        };
        run.schema(schema, value, 0);
        run.out
    }

    /// Like [`check`](Self::check) for a schema that may be a `$ref` (an unresolvable one
    /// accepts every value).
    pub fn check_ref(
        &mut self,
        schema: &'s ReferenceOr<Schema>,
        value: &Value,
        side: Side,
        max: usize,
    ) -> Vec<Violation> {
        match resolve_schema(self.spec, schema) {
            Some(s) => self.check(s, value, side, max),
            None => Vec::new(),
        }
    }
}

/// `{"$ref": "…"}`: some tools resolve such objects inside examples, so what they stand for
/// is unknown here.
fn is_reference(v: &Value) -> bool {
    matches!(v, Value::Object(m) if m.len() == 1 && m.get("$ref").is_some_and(Value::is_string))
}

/// The schema `r` is or names (`None` when the `$ref` does not resolve).
pub fn resolve_schema<'s>(spec: &'s Spec, r: &'s ReferenceOr<Schema>) -> Option<&'s Schema> {
    match r {
        ReferenceOr::Item(s) => Some(s),
        ReferenceOr::Reference { reference } => resolve::<Schema>(spec, reference).map(|(_, s)| s),
    }
}

/// JSON equality as JSON Schema defines it: numbers by value (`1 == 1.0`), objects regardless
/// of member order.
pub fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => num_eq(x, y),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_eq(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

fn num_eq(x: &Number, y: &Number) -> bool {
    match (x.as_i64(), y.as_i64()) {
        (Some(a), Some(b)) => a == b,
        _ => match (x.as_u64(), y.as_u64()) {
            (Some(a), Some(b)) => a == b,
            _ => x.as_f64() == y.as_f64(),
        },
    }
}

/// A short description of a value's type for messages ("a string", "null", …).
pub fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if is_integer(n) => "an integer",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn is_integer(n: &Number) -> bool {
    n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0)
}

/// A schema `type` name with its article ("an integer").
fn type_phrase(t: &str) -> &str {
    match t {
        "string" => "a string",
        "number" => "a number",
        "integer" => "an integer",
        "boolean" => "a boolean",
        "object" => "an object",
        "array" => "an array",
        other => other,
    }
}

/// True when `v` is an instance of the type named `t` (unknown names accept everything).
fn has_type(v: &Value, t: &str) -> bool {
    match t {
        "string" => v.is_string(),
        "number" => v.is_number(),
        "integer" => matches!(v, Value::Number(n) if is_integer(n)),
        "boolean" => v.is_boolean(),
        "object" => v.is_object(),
        "array" => v.is_array(),
        "null" => v.is_null(),
        _ => true,
    }
}

/// A number for messages: integral values without a fraction.
struct Num(f64);

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.fract() == 0.0 && self.0.abs() < 1e17 {
            write!(f, "{}", self.0 as i64)
        } else {
            write!(f, "{}", self.0)
        }
    }
}

/// A value, shortened for a message.
fn short(v: &Value) -> String {
    let mut s = v.to_string();
    if s.chars().count() > 40 {
        s = s.chars().take(37).collect::<String>() + "...";
    }
    s
}

#[derive(Debug, Clone, Copy)]
enum Seg<'v> {
    Key(&'v str),
    Index(usize),
}

/// Numeric keywords, shared by the typed and the any-schema shapes.
struct Bounds {
    minimum: Option<f64>,
    exclusive_minimum: bool,
    maximum: Option<f64>,
    exclusive_maximum: bool,
    multiple_of: Option<f64>,
    int32: bool,
}

/// Object keywords, shared by the typed and the any-schema shapes.
struct ObjectKeywords<'s> {
    properties: &'s indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: &'s [String],
    additional: Option<&'s AdditionalProperties>,
    min_properties: Option<usize>,
    max_properties: Option<usize>,
}

/// Array keywords, shared by the typed and the any-schema shapes.
struct ArrayKeywords<'s> {
    items: Option<&'s ReferenceOr<Box<Schema>>>,
    min_items: Option<usize>,
    max_items: Option<usize>,
    unique_items: bool,
}

struct Run<'s, 'v, 'p> {
    spec: &'s Spec,
    patterns: &'p mut Patterns,
    side: Side,
    path: Vec<Seg<'v>>,
    out: Vec<Violation>,
    max: usize,
    /// Inside `anyOf`/`oneOf`/`not` trials: failures are not recorded.
    probing: u32,
    budget: u32,
}

impl<'s, 'v> Run<'s, 'v, '_> {
    /// Records a violation at the current path (unless probing); always returns `false`.
    fn fail(&mut self, keyword: &'static str, message: impl FnOnce() -> String) -> bool {
        if self.probing == 0 && self.out.len() < self.max {
            let (path, pointer) = self.paths();
            self.out.push(Violation {
                path,
                pointer,
                keyword,
                message: message(),
            });
        }
        false
    }

    /// True when a failure so far ends the check (a trial, or enough violations).
    fn done(&self) -> bool {
        self.probing > 0 || self.out.len() >= self.max
    }

    fn paths(&self) -> (String, String) {
        let mut path = String::from("$");
        let mut pointer = String::new();
        for seg in &self.path {
            match seg {
                Seg::Key(k) => {
                    let plain = k
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
                        && k.chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
                    if plain {
                        path.push('.');
                        path.push_str(k);
                    } else {
                        let _ =
                            write!(path, "['{}']", k.replace('\\', "\\\\").replace('\'', "\\'"));
                    }
                    pointer.push('/');
                    pointer.push_str(&pactum_spec::pointer::escape(k));
                }
                Seg::Index(i) => {
                    let _ = write!(path, "[{i}]");
                    let _ = write!(pointer, "/{i}");
                }
            }
        }
        (path, pointer)
    }

    fn resolve(&self, r: &'s ReferenceOr<Schema>) -> Option<&'s Schema> {
        resolve_schema(self.spec, r)
    }

    fn resolve_boxed(&self, r: &'s ReferenceOr<Box<Schema>>) -> Option<&'s Schema> {
        match r {
            ReferenceOr::Item(s) => Some(s),
            ReferenceOr::Reference { reference } => {
                resolve::<Schema>(self.spec, reference).map(|(_, s)| s)
            }
        }
    }

    fn schema_ref(&mut self, r: &'s ReferenceOr<Schema>, v: &'v Value, depth: u32) -> bool {
        match self.resolve(r) {
            Some(s) => self.schema(s, v, depth + 1),
            None => true,
        }
    }

    fn boxed_ref(&mut self, r: &'s ReferenceOr<Box<Schema>>, v: &'v Value, depth: u32) -> bool {
        match self.resolve_boxed(r) {
            Some(s) => self.schema(s, v, depth + 1),
            None => true,
        }
    }

    /// Checks `v` against `s`; false when it does not match.
    fn schema(&mut self, s: &'s Schema, v: &'v Value, depth: u32) -> bool {
        if depth > MAX_DEPTH || self.budget == 0 {
            return true;
        }
        self.budget -= 1;
        if v.is_null() && s.schema_data.nullable {
            return true;
        }
        if is_reference(v) {
            return true;
        }
        let mut ok = match &s.schema_kind {
            SchemaKind::Type(t) => self.typed(s, t, v, depth),
            SchemaKind::AllOf { all_of } => self.all_of(all_of, v, depth),
            SchemaKind::AnyOf { any_of } => self.any_of(s, any_of, v, depth),
            SchemaKind::OneOf { one_of } => self.one_of(s, one_of, v, depth),
            SchemaKind::Not { not } => self.not(not, v, depth),
            SchemaKind::Any(a) => self.any(s, a, v, depth),
        };
        if ok || !self.done() {
            if let Some(c) = s.schema_data.extensions.get("x-pactum-const") {
                if !json_eq(c, v) {
                    ok = self.fail("const", || format!("is not the `const` value {}", short(c)));
                }
            }
        }
        ok
    }

    fn type_mismatch(&mut self, v: &Value, expected: &str) -> bool {
        self.fail("type", || {
            format!("is {}, not {}", kind_of(v), type_phrase(expected))
        })
    }

    fn typed(&mut self, s: &'s Schema, t: &'s Type, v: &'v Value, depth: u32) -> bool {
        match t {
            Type::String(st) => match v {
                Value::String(text) => self.string_typed(st, text),
                _ => self.type_mismatch(v, "string"),
            },
            Type::Number(nt) => match v {
                Value::Number(n) => self.number_typed(nt, n, v),
                _ => self.type_mismatch(v, "number"),
            },
            Type::Integer(it) => match v {
                Value::Number(n) if is_integer(n) => self.integer_typed(it, n, v),
                _ => self.type_mismatch(v, "integer"),
            },
            Type::Boolean(bt) => match v {
                Value::Bool(b) => {
                    if bt.enumeration.is_empty() || bt.enumeration.contains(&Some(*b)) {
                        true
                    } else {
                        self.fail("enum", || "is not one of the `enum` values".to_string())
                    }
                }
                _ => self.type_mismatch(v, "boolean"),
            },
            Type::Object(ot) => match v {
                Value::Object(map) => self.object(&object_keywords(ot), s, map, depth),
                _ => self.type_mismatch(v, "object"),
            },
            Type::Array(at) => match v {
                Value::Array(items) => {
                    self.array(&array_keywords(at), items, prefix_items(s), depth)
                }
                _ => self.type_mismatch(v, "array"),
            },
        }
    }

    fn string_typed(&mut self, st: &'s StringType, text: &str) -> bool {
        if !st.enumeration.is_empty() && !st.enumeration.iter().any(|e| e.as_deref() == Some(text))
        {
            let allowed: Vec<&str> = st
                .enumeration
                .iter()
                .flatten()
                .map(String::as_str)
                .collect();
            return self.fail("enum", || {
                format!("is not one of the `enum` values{}", list(&allowed))
            });
        }
        let format = match &st.format {
            VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Some("date"),
            VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Some("date-time"),
            VariantOrUnknownOrEmpty::Unknown(f) => Some(f.as_str()),
            _ => None,
        };
        self.string(
            text,
            st.min_length,
            st.max_length,
            st.pattern.as_deref(),
            format,
        )
    }

    fn string(
        &mut self,
        text: &str,
        min_length: Option<usize>,
        max_length: Option<usize>,
        pattern: Option<&'s str>,
        format: Option<&str>,
    ) -> bool {
        let mut ok = true;
        if min_length.is_some() || max_length.is_some() {
            let len = text.chars().count();
            if let Some(min) = min_length.filter(|m| len < *m) {
                ok = self.fail("minLength", || {
                    format!("is {len} characters long, shorter than `minLength` {min}")
                });
                if self.done() {
                    return false;
                }
            }
            if let Some(max) = max_length.filter(|m| len > *m) {
                ok = self.fail("maxLength", || {
                    format!("is {len} characters long, longer than `maxLength` {max}")
                });
                if self.done() {
                    return false;
                }
            }
        }
        if let Some(p) = pattern {
            let matched = self.patterns.get(p).map(|re| re.find(text).is_some());
            if matched == Some(false) {
                ok = self.fail("pattern", || format!("does not match the `pattern` `{p}`"));
                if self.done() {
                    return false;
                }
            }
        }
        if let Some(f) = format {
            if !format_ok(f, text) {
                ok = self.fail("format", || format!("is not a valid `{f}`"));
            }
        }
        ok
    }

    fn number_typed(&mut self, nt: &'s NumberType, n: &Number, v: &Value) -> bool {
        if !nt.enumeration.is_empty() {
            let x = n.as_f64();
            if !nt.enumeration.iter().any(|e| e.is_some() && *e == x) {
                return self.fail("enum", || "is not one of the `enum` values".to_string());
            }
        }
        let bounds = Bounds {
            minimum: nt.minimum,
            exclusive_minimum: nt.exclusive_minimum,
            maximum: nt.maximum,
            exclusive_maximum: nt.exclusive_maximum,
            multiple_of: nt.multiple_of,
            int32: false,
        };
        self.number(&bounds, n, v)
    }

    fn integer_typed(&mut self, it: &'s IntegerType, n: &Number, v: &Value) -> bool {
        if !it.enumeration.is_empty() {
            let x = n.as_f64();
            let found = it
                .enumeration
                .iter()
                .any(|e| e.is_some_and(|e| Some(e as f64) == x));
            if !found {
                let allowed: Vec<String> = it
                    .enumeration
                    .iter()
                    .flatten()
                    .map(|i| i.to_string())
                    .collect();
                let allowed: Vec<&str> = allowed.iter().map(String::as_str).collect();
                return self.fail("enum", || {
                    format!("is not one of the `enum` values{}", list(&allowed))
                });
            }
        }
        let bounds = Bounds {
            minimum: it.minimum.map(|m| m as f64),
            exclusive_minimum: it.exclusive_minimum,
            maximum: it.maximum.map(|m| m as f64),
            exclusive_maximum: it.exclusive_maximum,
            multiple_of: it.multiple_of.map(|m| m as f64),
            int32: matches!(
                it.format,
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32)
            ),
        };
        self.number(&bounds, n, v)
    }

    fn number(&mut self, b: &Bounds, n: &Number, v: &Value) -> bool {
        let Some(x) = n.as_f64() else {
            return true;
        };
        let mut ok = true;
        if let Some(min) = b.minimum {
            if b.exclusive_minimum && x <= min {
                ok = self.fail("minimum", || {
                    format!("is {v}, not above the exclusive `minimum` {}", Num(min))
                });
            } else if x < min {
                ok = self.fail("minimum", || {
                    format!("is {v}, below the `minimum` {}", Num(min))
                });
            }
            if !ok && self.done() {
                return false;
            }
        }
        if let Some(max) = b.maximum {
            if b.exclusive_maximum && x >= max {
                ok = self.fail("maximum", || {
                    format!("is {v}, not below the exclusive `maximum` {}", Num(max))
                });
            } else if x > max {
                ok = self.fail("maximum", || {
                    format!("is {v}, above the `maximum` {}", Num(max))
                });
            }
            if !ok && self.done() {
                return false;
            }
        }
        if let Some(m) = b.multiple_of.filter(|m| *m > 0.0) {
            if !multiple_of(n, x, m) {
                ok = self.fail("multipleOf", || {
                    format!("is {v}, not a multiple of {}", Num(m))
                });
                if self.done() {
                    return false;
                }
            }
        }
        if b.int32 && !(f64::from(i32::MIN)..=f64::from(i32::MAX)).contains(&x) {
            ok = self.fail("format", || format!("is {v}, out of the `int32` range"));
        }
        ok
    }

    fn object(
        &mut self,
        o: &ObjectKeywords<'s>,
        owner: &'s Schema,
        map: &'v Map<String, Value>,
        depth: u32,
    ) -> bool {
        let mut ok = true;
        for name in o.required {
            if map.contains_key(name) {
                continue;
            }
            if let Some(prop) = o.properties.get(name).and_then(|p| self.resolve_boxed(p)) {
                let exempt = match self.side {
                    Side::Request => prop.schema_data.read_only,
                    Side::Response => prop.schema_data.write_only,
                    Side::Either => prop.schema_data.read_only || prop.schema_data.write_only,
                };
                if exempt {
                    continue;
                }
            }
            ok = self.fail("required", || {
                format!("is missing the required property `{name}`")
            });
            if self.done() {
                return false;
            }
        }
        let count = map.len();
        if let Some(min) = o.min_properties.filter(|m| count < *m) {
            ok = self.fail("minProperties", || {
                format!(
                    "has {count} {}, fewer than `minProperties` {min}",
                    plural(count, "property", "properties")
                )
            });
            if self.done() {
                return false;
            }
        }
        if let Some(max) = o.max_properties.filter(|m| count > *m) {
            ok = self.fail("maxProperties", || {
                format!(
                    "has {count} {}, more than `maxProperties` {max}",
                    plural(count, "property", "properties")
                )
            });
            if self.done() {
                return false;
            }
        }
        let pattern_properties = owner
            .schema_data
            .extensions
            .contains_key("x-pactum-patternProperties");
        for (key, value) in map {
            self.path.push(Seg::Key(key));
            let good = match o.properties.get(key) {
                Some(prop) => self.boxed_ref(prop, value, depth),
                None => match o.additional {
                    Some(AdditionalProperties::Any(false)) if !pattern_properties => {
                        self.fail("additionalProperties", || {
                            "is not allowed: the schema has `additionalProperties: false`"
                                .to_string()
                        })
                    }
                    Some(AdditionalProperties::Schema(s)) if !pattern_properties => {
                        self.schema_ref(s, value, depth)
                    }
                    _ => true,
                },
            };
            self.path.pop();
            if !good {
                ok = false;
                if self.done() {
                    return false;
                }
            }
        }
        ok
    }

    fn array(
        &mut self,
        a: &ArrayKeywords<'s>,
        items: &'v [Value],
        prefix: usize,
        depth: u32,
    ) -> bool {
        let mut ok = true;
        let count = items.len();
        if let Some(min) = a.min_items.filter(|m| count < *m) {
            ok = self.fail("minItems", || {
                format!(
                    "has {count} {}, fewer than `minItems` {min}",
                    plural(count, "item", "items")
                )
            });
            if self.done() {
                return false;
            }
        }
        if let Some(max) = a.max_items.filter(|m| count > *m) {
            ok = self.fail("maxItems", || {
                format!(
                    "has {count} {}, more than `maxItems` {max}",
                    plural(count, "item", "items")
                )
            });
            if self.done() {
                return false;
            }
        }
        if a.unique_items {
            if let Some((i, j)) = first_duplicate(items) {
                ok = self.fail("uniqueItems", || {
                    format!("has equal items [{i}] and [{j}], but `uniqueItems` is true")
                });
                if self.done() {
                    return false;
                }
            }
        }
        if let Some(schema) = a.items.and_then(|r| self.resolve_boxed(r)) {
            for (i, item) in items.iter().enumerate().skip(prefix) {
                self.path.push(Seg::Index(i));
                let good = self.schema(schema, item, depth + 1);
                self.path.pop();
                if !good {
                    ok = false;
                    if self.done() {
                        return false;
                    }
                }
            }
        }
        ok
    }

    fn all_of(&mut self, all_of: &'s [ReferenceOr<Schema>], v: &'v Value, depth: u32) -> bool {
        let mut ok = true;
        for branch in all_of {
            if !self.schema_ref(branch, v, depth) {
                ok = false;
                if self.done() {
                    return false;
                }
            }
        }
        ok
    }

    /// The branch a `discriminator` selects for `v`, when it names one.
    fn discriminated(&self, parent: &'s Schema, v: &Value) -> Option<&'s Schema> {
        let d = parent.schema_data.discriminator.as_ref()?;
        let tag = v.as_object()?.get(&d.property_name)?.as_str()?;
        let target = d.mapping.get(tag).map_or_else(
            || format!("#/components/schemas/{tag}"),
            |t| {
                if t.starts_with('#') {
                    t.clone()
                } else {
                    format!("#/components/schemas/{t}")
                }
            },
        );
        resolve::<Schema>(self.spec, &target).map(|(_, s)| s)
    }

    /// Runs `branch` as a trial: true when `v` matches, nothing recorded.
    fn trial(&mut self, branch: &'s ReferenceOr<Schema>, v: &'v Value, depth: u32) -> bool {
        self.probing += 1;
        let ok = self.schema_ref(branch, v, depth);
        self.probing -= 1;
        ok
    }

    fn any_of(
        &mut self,
        parent: &'s Schema,
        any_of: &'s [ReferenceOr<Schema>],
        v: &'v Value,
        depth: u32,
    ) -> bool {
        if let Some(s) = self.discriminated(parent, v) {
            return self.schema(s, v, depth + 1);
        }
        match any_of {
            [] => true,
            [only] => self.schema_ref(only, v, depth),
            _ => {
                if any_of.iter().any(|b| self.trial(b, v, depth)) {
                    true
                } else {
                    self.fail("anyOf", || {
                        "matches none of the `anyOf` schemas".to_string()
                    })
                }
            }
        }
    }

    fn one_of(
        &mut self,
        parent: &'s Schema,
        one_of: &'s [ReferenceOr<Schema>],
        v: &'v Value,
        depth: u32,
    ) -> bool {
        if let Some(s) = self.discriminated(parent, v) {
            return self.schema(s, v, depth + 1);
        }
        match one_of {
            [] => true,
            [only] => self.schema_ref(only, v, depth),
            _ => {
                let mut matched: Vec<usize> = Vec::new();
                for (i, b) in one_of.iter().enumerate() {
                    if self.trial(b, v, depth) {
                        matched.push(i);
                        if matched.len() == 2 {
                            break;
                        }
                    }
                }
                match matched.as_slice() {
                    [_] => true,
                    [] => self.fail("oneOf", || {
                        "matches none of the `oneOf` schemas".to_string()
                    }),
                    [a, b, ..] => self.fail("oneOf", || {
                        format!("matches more than one `oneOf` schema (#{a} and #{b})")
                    }),
                }
            }
        }
    }

    fn not(&mut self, not: &'s ReferenceOr<Schema>, v: &'v Value, depth: u32) -> bool {
        if self.trial(not, v, depth) {
            self.fail("not", || "matches the schema in `not`".to_string())
        } else {
            true
        }
    }

    fn any(&mut self, s: &'s Schema, a: &'s AnySchema, v: &'v Value, depth: u32) -> bool {
        if let Some(t) = a.typ.as_deref() {
            if !has_type(v, t) {
                return self.type_mismatch(v, t);
            }
        }
        if !a.enumeration.is_empty() && !a.enumeration.iter().any(|e| json_eq(e, v)) {
            return self.fail("enum", || "is not one of the `enum` values".to_string());
        }
        let mut ok = true;
        match v {
            Value::String(text) => {
                ok = self.string(
                    text,
                    a.min_length,
                    a.max_length,
                    a.pattern.as_deref(),
                    a.format.as_deref(),
                );
            }
            Value::Number(n) => {
                let bounds = Bounds {
                    minimum: a.minimum,
                    exclusive_minimum: a.exclusive_minimum.unwrap_or(false),
                    maximum: a.maximum,
                    exclusive_maximum: a.exclusive_maximum.unwrap_or(false),
                    multiple_of: a.multiple_of,
                    int32: a.format.as_deref() == Some("int32"),
                };
                ok = self.number(&bounds, n, v);
            }
            Value::Object(map) => {
                let keywords = ObjectKeywords {
                    properties: &a.properties,
                    required: &a.required,
                    additional: a.additional_properties.as_ref(),
                    min_properties: a.min_properties,
                    max_properties: a.max_properties,
                };
                ok = self.object(&keywords, s, map, depth);
            }
            Value::Array(items) => {
                let keywords = ArrayKeywords {
                    items: a.items.as_ref(),
                    min_items: a.min_items,
                    max_items: a.max_items,
                    unique_items: a.unique_items.unwrap_or(false),
                };
                ok = self.array(&keywords, items, prefix_items(s), depth);
            }
            _ => {}
        }
        if !ok && self.done() {
            return false;
        }
        if !a.all_of.is_empty() && !self.all_of(&a.all_of, v, depth) {
            ok = false;
            if self.done() {
                return false;
            }
        }
        if !a.any_of.is_empty() && !self.any_of(s, &a.any_of, v, depth) {
            ok = false;
            if self.done() {
                return false;
            }
        }
        if !a.one_of.is_empty() && !self.one_of(s, &a.one_of, v, depth) {
            ok = false;
            if self.done() {
                return false;
            }
        }
        if let Some(not) = &a.not {
            if !self.not(not, v, depth) {
                ok = false;
            }
        }
        ok
    }
}

fn object_keywords(o: &ObjectType) -> ObjectKeywords<'_> {
    ObjectKeywords {
        properties: &o.properties,
        required: &o.required,
        additional: o.additional_properties.as_ref(),
        min_properties: o.min_properties,
        max_properties: o.max_properties,
    }
}

fn array_keywords(a: &ArrayType) -> ArrayKeywords<'_> {
    ArrayKeywords {
        items: a.items.as_ref(),
        min_items: a.min_items,
        max_items: a.max_items,
        unique_items: a.unique_items,
    }
}

/// How many leading items a 3.1 `prefixItems` (kept as `x-pactum-prefixItems`) covers.
fn prefix_items(s: &Schema) -> usize {
    s.schema_data
        .extensions
        .get("x-pactum-prefixItems")
        .and_then(Value::as_array)
        .map_or(0, Vec::len)
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// ` (`a`, `b`, `c`)` for a short list of allowed values, else nothing.
fn list(values: &[&str]) -> String {
    if values.is_empty() || values.len() > 6 {
        return String::new();
    }
    let quoted: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
    format!(" ({})", quoted.join(", "))
}

fn multiple_of(n: &Number, x: f64, m: f64) -> bool {
    if let (Some(i), true) = (n.as_i64(), m.fract() == 0.0 && m.abs() < 9e15) {
        return i % (m as i64) == 0;
    }
    let q = x / m;
    (q - q.round()).abs() <= 1e-9 * q.abs().max(1.0)
}

/// The first pair of equal items, if any.
fn first_duplicate(items: &[Value]) -> Option<(usize, usize)> {
    if items.iter().all(Value::is_string) {
        let mut seen: HashMap<&str, usize> = HashMap::with_capacity(items.len());
        for (j, item) in items.iter().enumerate() {
            let s = item.as_str().unwrap_or_default();
            if let Some(&i) = seen.get(s) {
                return Some((i, j));
            }
            seen.insert(s, j);
        }
        return None;
    }
    for j in 1..items.len() {
        for i in 0..j {
            if json_eq(&items[i], &items[j]) {
                return Some((i, j));
            }
        }
    }
    None
}

/// A loose check of the formats whose syntax is well known; other formats pass.
pub fn format_ok(format: &str, s: &str) -> bool {
    match format {
        "date" => is_date(s),
        "date-time" => is_date_time(s),
        "time" => is_time(s),
        "uuid" => is_uuid(s),
        "email" => is_email(s),
        "ipv4" => s.parse::<std::net::Ipv4Addr>().is_ok(),
        "ipv6" => s.parse::<std::net::Ipv6Addr>().is_ok(),
        "uri" => is_uri(s),
        _ => true,
    }
}

fn digits(s: &[u8]) -> Option<u32> {
    if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(s.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
}

/// `YYYY-MM-DD` with a real month and day.
fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let (Some(year), Some(month), Some(day)) = (digits(&b[..4]), digits(&b[5..7]), digits(&b[8..]))
    else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// `HH:MM:SS[.frac](Z|±HH:MM)`; the offset is optional (a loose check).
fn is_time(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 8 || b[2] != b':' || b[5] != b':' {
        return false;
    }
    let (Some(h), Some(m), Some(sec)) = (digits(&b[..2]), digits(&b[3..5]), digits(&b[6..8]))
    else {
        return false;
    };
    if h > 23 || m > 59 || sec > 60 {
        return false;
    }
    let mut rest = &b[8..];
    if let Some(frac) = rest.strip_prefix(b".") {
        let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return false;
        }
        rest = &frac[n..];
    }
    match rest {
        [] | [b'Z' | b'z'] => true,
        [b'+' | b'-', oh1, oh2, b':', om1, om2] => {
            matches!((digits(&[*oh1, *oh2]), digits(&[*om1, *om2])), (Some(h), Some(m)) if h <= 23 && m <= 59)
        }
        _ => false,
    }
}

/// RFC 3339 `date-time` (`T`, `t` or a space between date and time).
fn is_date_time(s: &str) -> bool {
    if s.len() < 19 || !s.is_char_boundary(10) || !s.is_char_boundary(11) {
        return false;
    }
    let sep = s.as_bytes()[10];
    matches!(sep, b'T' | b't' | b' ') && is_date(&s[..10]) && is_time(&s[11..])
}

/// 8-4-4-4-12 hex digits.
fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// One `@` with something on both sides and no whitespace.
fn is_email(s: &str) -> bool {
    match s.rsplit_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.is_empty()
                && !s.chars().any(char::is_whitespace)
                && !domain.contains('@')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        }
        None => false,
    }
}

/// A scheme (`[A-Za-z][A-Za-z0-9+.-]*:`) and no whitespace.
fn is_uri(s: &str) -> bool {
    let Some((scheme, _)) = s.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
        && !s.chars().any(char::is_whitespace)
}

#[cfg(test)]
mod tests;
