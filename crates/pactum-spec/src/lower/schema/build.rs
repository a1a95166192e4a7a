//! Builders for the schema model's parts: schema data, typed shapes, the any-schema, nested
//! schemas, and numeric bounds.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, ArrayType, BooleanType, Discriminator, IntegerType,
    NumberType, ObjectType, ReferenceOr, Schema, SchemaData, StringType, Type,
};

use super::keywords::Raw;
use super::{schema_boxed, Ty};
use crate::error::LoadErrorKind;
use crate::lower::context::{extension, At, Cx, Name};
use crate::lower::document::external_docs;
use crate::lower::fields::Num;
use crate::tree::{Entry, Node, Value};

/// The annotations and extensions of a schema.
pub(crate) fn schema_data(cx: &mut Cx<'_>, raw: &Raw<'_>) -> SchemaData {
    let mut d = SchemaData::default();
    let flag = |cx: &mut Cx<'_>, e: Option<&Entry>| e.and_then(|e| cx.boolean(e)).unwrap_or(false);
    d.nullable = flag(cx, raw.nullable);
    d.read_only = flag(cx, raw.read_only);
    d.write_only = flag(cx, raw.write_only);
    d.deprecated = flag(cx, raw.deprecated);
    if let Some(e) = raw.external_docs {
        d.external_docs = cx.field(e, external_docs);
    }
    d.title = raw.title.and_then(|e| cx.string(e));
    d.description = raw.description.and_then(|e| cx.string(e));
    if let Some(e) = raw.discriminator {
        d.discriminator = cx.field(e, discriminator);
    }
    d.default = raw.default.map(|e| e.value.to_json());
    d.example = raw.example.map(|e| e.value.to_json());
    if !raw.ext.is_empty() || !raw.kept.is_empty() || raw.examples.is_some() {
        d.extensions = IndexMap::with_capacity(raw.ext.len() + raw.kept.len() + 1);
    }
    if let Some(e) = raw.examples {
        match &e.value.value {
            Value::Array(items) => {
                if d.example.is_none() {
                    d.example = items.first().map(Node::to_json);
                }
                if items.len() > 1 {
                    d.extensions
                        .insert("x-pactum-examples".into(), e.value.to_json());
                }
            }
            _ => {
                d.extensions
                    .insert("x-pactum-examples".into(), e.value.to_json());
            }
        }
    }
    for e in &raw.ext {
        extension(&mut d.extensions, e);
    }
    for e in &raw.kept {
        d.extensions
            .insert(format!("x-pactum-{}", e.key), e.value.to_json());
    }
    if let (Some(c), Some(_)) = (raw.constant, raw.enumeration) {
        d.extensions
            .insert("x-pactum-const".into(), c.value.to_json());
    }
    d
}

fn discriminator(cx: &mut Cx<'_>, node: &Node, at: At<'_>) -> Option<Discriminator> {
    let entries = cx.object(node, at.name)?;
    let mut d = Discriminator::default();
    let mut property_name = None;
    for e in entries {
        match e.key.as_str() {
            "propertyName" => property_name = Some(cx.string(e)),
            "mapping" => d.mapping = cx.string_map(e),
            k if k.starts_with("x-") => extension(&mut d.extensions, e),
            _ => {}
        }
    }
    d.property_name = cx.required(
        property_name,
        node,
        at,
        "propertyName",
        "propertyName: kind",
    );
    Some(d)
}

/// The typed shape for `t`, from the keywords of that type (keywords of other types and enum
/// values `t` does not accept are left out; the caller decides whether that loses anything).
pub(crate) fn typed(cx: &mut Cx<'_>, raw: &Raw<'_>, t: Ty, nested: &mut Nested) -> Type {
    match t {
        Ty::String => Type::String(StringType {
            format: format(cx, raw).into(),
            pattern: raw.pattern.and_then(|e| cx.string(e)),
            enumeration: enum_typed(raw, t, |v| v.as_str().map(str::to_owned)),
            min_length: raw.min_length.and_then(|e| cx.count(e)),
            max_length: raw.max_length.and_then(|e| cx.count(e)),
        }),
        Ty::Number => {
            let (lo, hi) = bounds(cx, raw);
            Type::Number(NumberType {
                format: format(cx, raw).into(),
                multiple_of: raw.multiple_of.and_then(|e| cx.number(e)).map(Num::as_f64),
                exclusive_minimum: lo.exclusive.unwrap_or(false),
                exclusive_maximum: hi.exclusive.unwrap_or(false),
                minimum: lo.value.map(Num::as_f64),
                maximum: hi.value.map(Num::as_f64),
                enumeration: enum_typed(raw, t, |v| Num::of(v).map(Num::as_f64)),
            })
        }
        Ty::Integer => {
            let (lo, hi) = bounds(cx, raw);
            let (minimum, exclusive_minimum) = int_bound(lo, true);
            let (maximum, exclusive_maximum) = int_bound(hi, false);
            Type::Integer(IntegerType {
                format: format(cx, raw).into(),
                multiple_of: raw.multiple_of.and_then(|e| cx.number(e)).map(saturate),
                exclusive_minimum,
                exclusive_maximum,
                minimum,
                maximum,
                enumeration: enum_typed(raw, t, |v| Num::of(v).map(saturate)),
            })
        }
        Ty::Boolean => Type::Boolean(BooleanType {
            enumeration: enum_typed(raw, t, |v| match v.value {
                Value::Bool(b) => Some(b),
                _ => None,
            }),
        }),
        Ty::Object => Type::Object(ObjectType {
            properties: std::mem::take(&mut nested.properties),
            required: raw.required.map(|e| required(cx, e)).unwrap_or_default(),
            additional_properties: nested.additional(),
            min_properties: raw.min_properties.and_then(|e| cx.count(e)),
            max_properties: raw.max_properties.and_then(|e| cx.count(e)),
        }),
        Ty::Array => Type::Array(ArrayType {
            items: nested.items.take(),
            min_items: raw.min_items.and_then(|e| cx.count(e)),
            max_items: raw.max_items.and_then(|e| cx.count(e)),
            unique_items: raw
                .unique_items
                .and_then(|e| cx.boolean(e))
                .unwrap_or(false),
        }),
    }
}

/// The enum values `t` accepts (`null` → `None`), converted with `conv`.
fn enum_typed<T>(raw: &Raw<'_>, t: Ty, conv: impl Fn(&Node) -> Option<T>) -> Vec<Option<T>> {
    let Some(values) = raw.enum_values() else {
        return Vec::new();
    };
    let nodes = values.nodes();
    let mut out = Vec::with_capacity(nodes.len());
    for v in nodes {
        if matches!(v.value, Value::Null) {
            out.push(None);
        } else if t.accepts(v) {
            if let Some(x) = conv(v) {
                out.push(Some(x));
            }
        }
    }
    out
}

/// The any-schema holding every keyword.
pub(crate) fn any(
    cx: &mut Cx<'_>,
    raw: &Raw<'_>,
    typ: Option<Ty>,
    nested: &mut Nested,
) -> AnySchema {
    let (lo, hi) = bounds(cx, raw);
    let enumeration = match (raw.enumeration, raw.constant) {
        (Some(e), _) => match &e.value.value {
            Value::Array(items) => items.iter().map(Node::to_json).collect(),
            _ => {
                cx.wrong_type(&e.value, Name::Key("enum"), "an array");
                Vec::new()
            }
        },
        (None, Some(c)) => vec![c.value.to_json()],
        (None, None) => Vec::new(),
    };
    AnySchema {
        typ: typ.map(|t| t.name().to_owned()),
        pattern: raw.pattern.and_then(|e| cx.string(e)),
        multiple_of: raw.multiple_of.and_then(|e| cx.number(e)).map(Num::as_f64),
        exclusive_minimum: lo.exclusive,
        exclusive_maximum: hi.exclusive,
        minimum: lo.value.map(Num::as_f64),
        maximum: hi.value.map(Num::as_f64),
        properties: std::mem::take(&mut nested.properties),
        required: raw.required.map(|e| required(cx, e)).unwrap_or_default(),
        additional_properties: nested.additional(),
        min_properties: raw.min_properties.and_then(|e| cx.count(e)),
        max_properties: raw.max_properties.and_then(|e| cx.count(e)),
        items: nested.items.take(),
        min_items: raw.min_items.and_then(|e| cx.count(e)),
        max_items: raw.max_items.and_then(|e| cx.count(e)),
        unique_items: raw.unique_items.and_then(|e| cx.boolean(e)),
        enumeration,
        format: format(cx, raw),
        min_length: raw.min_length.and_then(|e| cx.count(e)),
        max_length: raw.max_length.and_then(|e| cx.count(e)),
        one_of: nested.one_of(),
        all_of: nested.all_of(),
        any_of: nested.any_of(),
        not: nested.not(),
    }
}

/// `format`, or one derived from 3.1 `contentEncoding` (`base64` → `byte`; RFC 2045's
/// `binary`, raw octets, → `binary`) / `contentMediaType` (→ `binary`) when `format` is
/// absent.
fn format(cx: &mut Cx<'_>, raw: &Raw<'_>) -> Option<String> {
    if let Some(e) = raw.format {
        return cx.string(e);
    }
    if let Some(e) = raw.content_encoding {
        return match e.value.as_str() {
            Some("base64" | "base64url") => Some("byte".into()),
            Some("binary") => Some("binary".into()),
            _ => None,
        };
    }
    raw.content_media_type.map(|_| "binary".into())
}

/// A lower or upper bound after merging the 3.0 (boolean) and 3.1 (numeric) exclusive forms.
#[derive(Default, Clone, Copy)]
struct Bound {
    value: Option<Num>,
    exclusive: Option<bool>,
}

fn bounds(cx: &mut Cx<'_>, raw: &Raw<'_>) -> (Bound, Bound) {
    (
        bound(cx, raw.minimum, raw.exclusive_minimum, true),
        bound(cx, raw.maximum, raw.exclusive_maximum, false),
    )
}

fn bound(
    cx: &mut Cx<'_>,
    inclusive: Option<&Entry>,
    exclusive: Option<&Entry>,
    lower: bool,
) -> Bound {
    let value = inclusive.and_then(|e| cx.number(e));
    let Some(x) = exclusive else {
        return Bound {
            value,
            exclusive: None,
        };
    };
    match (&x.value.value, Num::of(&x.value)) {
        (Value::Bool(b), _) => Bound {
            value,
            exclusive: Some(*b),
        },
        (_, Some(n)) => {
            // 3.1: the exclusive bound is a number. With both forms, keep the tighter one.
            let tighter = match value {
                None => true,
                Some(v) if lower => n.as_f64() >= v.as_f64(),
                Some(v) => n.as_f64() <= v.as_f64(),
            };
            if tighter {
                Bound {
                    value: Some(n),
                    exclusive: Some(true),
                }
            } else {
                Bound {
                    value,
                    exclusive: Some(false),
                }
            }
        }
        _ => {
            cx.wrong_type(&x.value, Name::Key(&x.key), "a boolean or a number");
            Bound {
                value,
                exclusive: None,
            }
        }
    }
}

/// An integer bound: beyond `i64` saturates; a fractional bound is rounded inwards and made
/// inclusive (`minimum: 2.5` ≡ `minimum: 3` for integers).
fn int_bound(b: Bound, lower: bool) -> (Option<i64>, bool) {
    let exclusive = b.exclusive.unwrap_or(false);
    match b.value {
        None => (None, exclusive),
        Some(Num::Int(i)) => (Some(i), exclusive),
        Some(Num::Float(f)) if f.fract() == 0.0 || !f.is_finite() => {
            (Some(saturate(Num::Float(f))), exclusive)
        }
        Some(Num::Float(f)) => {
            let rounded = if lower { f.ceil() } else { f.floor() };
            (Some(saturate(Num::Float(rounded))), false)
        }
    }
}

/// A number as `i64`, saturating (`as` saturates; NaN becomes 0).
fn saturate(n: Num) -> i64 {
    match n {
        Num::Int(i) => i,
        Num::Float(f) => f as i64,
    }
}

/// The nested schemas of a schema object, lowered before the object's own model is built
/// (see [`schema_boxed`](super::schema_boxed)); kept boxed until then.
#[derive(Default)]
pub(crate) struct Nested {
    properties: IndexMap<String, ReferenceOr<Box<Schema>>>,
    additional: Option<Additional>,
    items: Option<ReferenceOr<Box<Schema>>>,
    one_of: Vec<ReferenceOr<Box<Schema>>>,
    all_of: Vec<ReferenceOr<Box<Schema>>>,
    any_of: Vec<ReferenceOr<Box<Schema>>>,
    not: Option<ReferenceOr<Box<Schema>>>,
}

/// `additionalProperties` before it is put into the model.
enum Additional {
    Any(bool),
    Schema(ReferenceOr<Box<Schema>>),
}

impl Nested {
    fn additional(&mut self) -> Option<AdditionalProperties> {
        Some(match self.additional.take()? {
            Additional::Any(b) => AdditionalProperties::Any(b),
            Additional::Schema(s) => AdditionalProperties::Schema(Box::new(s.unbox())),
        })
    }

    /// `oneOf`, moved out.
    pub(crate) fn one_of(&mut self) -> Vec<ReferenceOr<Schema>> {
        unboxed(&mut self.one_of)
    }

    /// `allOf`, moved out.
    pub(crate) fn all_of(&mut self) -> Vec<ReferenceOr<Schema>> {
        unboxed(&mut self.all_of)
    }

    /// `anyOf`, moved out.
    pub(crate) fn any_of(&mut self) -> Vec<ReferenceOr<Schema>> {
        unboxed(&mut self.any_of)
    }

    /// `not`, moved out.
    pub(crate) fn not(&mut self) -> Option<Box<ReferenceOr<Schema>>> {
        self.not.take().map(|s| Box::new(s.unbox()))
    }
}

fn unboxed(v: &mut Vec<ReferenceOr<Box<Schema>>>) -> Vec<ReferenceOr<Schema>> {
    std::mem::take(v)
        .into_iter()
        .map(ReferenceOr::unbox)
        .collect()
}

/// Lowers the nested schemas of `raw`.
pub(crate) fn nested(cx: &mut Cx<'_>, raw: &Raw<'_>) -> Nested {
    let mut n = Nested::default();
    if let Some(e) = raw.properties {
        n.properties = properties(cx, e);
    }
    if let Some(e) = raw.additional_properties {
        n.additional = additional(cx, e);
    }
    if let Some(e) = raw.items {
        n.items = items(cx, e);
    }
    if let Some(e) = raw.one_of {
        n.one_of = schema_list(cx, e);
    }
    if let Some(e) = raw.all_of {
        n.all_of = schema_list(cx, e);
    }
    if let Some(e) = raw.any_of {
        n.any_of = schema_list(cx, e);
    }
    if let Some(e) = raw.not {
        n.not = sub(cx, e);
    }
    n
}

fn properties(cx: &mut Cx<'_>, e: &Entry) -> IndexMap<String, ReferenceOr<Box<Schema>>> {
    cx.push(&e.key);
    // `properties: {$ref: "file#/map"}` (the whole map by reference) is inlined; a member named
    // `$ref` whose value is a schema is an ordinary property.
    let out = cx.follow(&e.value, &mut |cx, node| Some(property_map(cx, node)));
    cx.pop();
    out.unwrap_or_default()
}

fn property_map(cx: &mut Cx<'_>, node: &Node) -> IndexMap<String, ReferenceOr<Box<Schema>>> {
    let Some(entries) = cx.object(node, Name::Key("properties")) else {
        return IndexMap::new();
    };
    let mut out = IndexMap::with_capacity(entries.len());
    for p in entries {
        let at = cx.at_of("property", p);
        cx.push(&p.key);
        if let Some(s) = schema_boxed(cx, &p.value, at) {
            out.insert(p.key.clone(), s);
        }
        cx.pop();
    }
    out
}

fn required(cx: &mut Cx<'_>, e: &Entry) -> Vec<String> {
    if let Value::Bool(_) = e.value.value {
        cx.wrong_type(
            &e.value,
            Name::Key("required"),
            "an array of property names",
        )
        .help = Some(
            "in OpenAPI 3 `required` is a list on the parent object: `required: [name]`".into(),
        );
        return Vec::new();
    }
    cx.strings(e)
}

fn additional(cx: &mut Cx<'_>, e: &Entry) -> Option<Additional> {
    match &e.value.value {
        Value::Bool(b) => Some(Additional::Any(*b)),
        Value::Object(_) => sub(cx, e).map(Additional::Schema),
        _ => {
            cx.wrong_type(&e.value, Name::Key(&e.key), "a boolean or a schema");
            None
        }
    }
}

fn items(cx: &mut Cx<'_>, e: &Entry) -> Option<ReferenceOr<Box<Schema>>> {
    if let Value::Array(_) = e.value.value {
        cx.error(
            LoadErrorKind::InvalidValue,
            e.value.span,
            "`items` must be one schema, found an array",
            "tuple-style `items`",
        )
        .help = Some(
            "describe each position with `prefixItems` (OpenAPI 3.1), or use one schema for \
             all items"
                .into(),
        );
        return None;
    }
    sub(cx, e)
}

/// The schema in member `e` (`items`, `not`, `additionalProperties`).
fn sub(cx: &mut Cx<'_>, e: &Entry) -> Option<ReferenceOr<Box<Schema>>> {
    let at = cx.at(e);
    cx.push(&e.key);
    let s = schema_boxed(cx, &e.value, at);
    cx.pop();
    s
}

/// `oneOf` / `allOf` / `anyOf`.
fn schema_list(cx: &mut Cx<'_>, e: &Entry) -> Vec<ReferenceOr<Box<Schema>>> {
    let Value::Array(items) = &e.value.value else {
        cx.wrong_type(&e.value, Name::Key(&e.key), "an array");
        return Vec::new();
    };
    let mut out = Vec::with_capacity(items.len());
    cx.push(&e.key);
    for (i, item) in items.iter().enumerate() {
        cx.push_index(i);
        if let Some(s) = schema_boxed(cx, item, At::bare(Name::Item(&e.key, i))) {
            out.push(s);
        }
        cx.pop();
    }
    cx.pop();
    out
}
