//! Schemas: the choice of shape (typed, combinator or any) and the 3.1 → 3.0 normalisation.
//!
//! Shape rules (they follow openapiv3's own deserializer, so consumers see the shapes that
//! crate documents):
//! - one `type` (after dropping `"null"`) and only keywords of that type → `SchemaKind::Type`;
//! - no `type` and exactly one of `oneOf`/`allOf`/`anyOf`/`not` → that variant;
//! - anything else (mixed keywords, `properties` without `type`, `allOf` + `properties`, enum
//!   values of another type, …) → `SchemaKind::Any`, which holds every keyword.
//!
//! 3.1 normalisation: `type: [T, "null"]` → `T` + `nullable`; `type: "null"` → an `Any` schema
//! with `enum: [null]` and `nullable`; several non-null types → `anyOf` of one typed schema per
//! type (each with the keywords of its type; enum values go to the types that accept them),
//! or, when keywords do not split cleanly, an `Any` schema holding all keywords plus an
//! `anyOf` of bare `{type: T}` schemas; numeric `exclusiveMinimum`/`exclusiveMaximum` →
//! bound + flag (the tighter one wins when both forms are given); `const` → one-value `enum`;
//! `examples` → `example` (the first; all of them in `x-pactum-examples` when more than one);
//! `contentEncoding: base64` → `format: byte`, `contentMediaType` → `format: binary` (when no
//! `format`); keywords outside the model → `x-pactum-<keyword>` extensions; boolean schemas →
//! `{}` / `not: {}`.

mod build;
mod keywords;

use openapiv3::{
    AnySchema, ArrayType, ObjectType, ReferenceOr, Schema, SchemaData, SchemaKind, Type,
};

use super::context::{At, Cx, Kind, Name};
use crate::error::LoadErrorKind;
use crate::tree::{Entry, Node, Value};
pub(crate) use keywords::is_annotation;
use keywords::{bit, Filter, Raw};

/// A JSON Schema instance type other than `null`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ty {
    String,
    Number,
    Integer,
    Boolean,
    Object,
    Array,
}

impl Ty {
    fn parse(s: &str) -> Option<Ty> {
        Some(match s {
            "string" => Ty::String,
            "number" => Ty::Number,
            "integer" => Ty::Integer,
            "boolean" => Ty::Boolean,
            "object" => Ty::Object,
            "array" => Ty::Array,
            _ => return None,
        })
    }

    /// The `type` keyword value.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Ty::String => "string",
            Ty::Number => "number",
            Ty::Integer => "integer",
            Ty::Boolean => "boolean",
            Ty::Object => "object",
            Ty::Array => "array",
        }
    }

    /// The keywords the typed model of this type holds.
    fn allowed(self) -> u32 {
        match self {
            Ty::String => bit::STRING,
            Ty::Number | Ty::Integer => bit::NUMERIC,
            Ty::Boolean => bit::BOOLEAN,
            Ty::Object => bit::OBJECT,
            Ty::Array => bit::ARRAY,
        }
    }

    /// True when the (non-null) enum value `v` is an instance of this type.
    pub(crate) fn accepts(self, v: &Node) -> bool {
        match (self, &v.value) {
            (Ty::String, Value::String(_)) => true,
            (Ty::Number, Value::Integer(_) | Value::Float(_)) => true,
            (Ty::Integer, Value::Integer(_)) => true,
            (Ty::Integer, Value::Float(f)) => f.fract() == 0.0,
            (Ty::Boolean, Value::Bool(_)) => true,
            (Ty::Object, Value::Object(_)) => true,
            (Ty::Array, Value::Array(_)) => true,
            _ => false,
        }
    }

    /// The bare typed shape `{type: T}`.
    fn bare(self) -> Type {
        match self {
            Ty::String => Type::String(Default::default()),
            Ty::Number => Type::Number(Default::default()),
            Ty::Integer => Type::Integer(Default::default()),
            Ty::Boolean => Type::Boolean(Default::default()),
            Ty::Object => Type::Object(ObjectType::default()),
            Ty::Array => Type::Array(ArrayType {
                items: None,
                min_items: None,
                max_items: None,
                unique_items: false,
            }),
        }
    }
}

/// The declared types: the non-null ones in order, and whether `null` was among them.
#[derive(Default)]
struct TypeSet {
    types: Vec<Ty>,
    null: bool,
}

/// Lowers a schema in a `ReferenceOr<Schema>` position.
pub(crate) fn schema_ref_or(
    cx: &mut Cx<'_>,
    node: &Node,
    at: At<'_>,
) -> Option<ReferenceOr<Schema>> {
    match &node.value {
        Value::Object(entries) => {
            if let Some(r) = Cx::ref_of(node) {
                let constrained = cx.is_31()
                    && entries
                        .iter()
                        .any(|e| e.key != "$ref" && !is_annotation(&e.key));
                if constrained {
                    return Some(ReferenceOr::Item(ref_with_siblings(cx, entries, r)));
                }
                return Some(ReferenceOr::Reference {
                    reference: cx.reference(r, Kind::Schemas),
                });
            }
            Some(ReferenceOr::Item(schema_object(cx, entries, Filter::All)))
        }
        Value::Bool(b) if cx.is_31() => Some(ReferenceOr::Item(bool_schema(*b))),
        _ => {
            cx.wrong_type(node, at.name, "an object");
            None
        }
    }
}

/// Boxes a lowered schema (the model boxes `properties`, `items`, …).
pub(crate) fn boxed(r: ReferenceOr<Schema>) -> ReferenceOr<Box<Schema>> {
    match r {
        ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference },
        ReferenceOr::Item(s) => ReferenceOr::Item(Box::new(s)),
    }
}

/// `true` accepts everything (`{}`), `false` nothing (`not: {}`).
fn bool_schema(b: bool) -> Schema {
    let any = SchemaKind::Any(AnySchema::default());
    Schema {
        schema_data: SchemaData::default(),
        schema_kind: if b {
            any
        } else {
            SchemaKind::Not {
                not: Box::new(ReferenceOr::Item(Schema {
                    schema_data: SchemaData::default(),
                    schema_kind: any,
                })),
            }
        },
    }
}

/// A 3.1 `$ref` with constraint siblings: `allOf: [{$ref}, {siblings}]`, annotations (and
/// `nullable`) on the outer schema; `nullable` alone gives the 3.0 idiom `allOf: [{$ref}]` +
/// `nullable: true`.
fn ref_with_siblings(cx: &mut Cx<'_>, entries: &[Entry], r: &Node) -> Schema {
    let outer = Raw::collect(entries, Filter::Annotations);
    let schema_data = build::schema_data(cx, &outer);
    let reference = cx.reference(r, Kind::Schemas);
    let mut all_of = vec![ReferenceOr::Reference { reference }];
    let only_nullable = entries
        .iter()
        .all(|e| e.key == "$ref" || e.key == "nullable" || is_annotation(&e.key));
    if !only_nullable {
        cx.push("allOf");
        cx.push_index(1);
        all_of.push(ReferenceOr::Item(schema_object(
            cx,
            entries,
            Filter::Constraints,
        )));
        cx.pop();
        cx.pop();
    }
    Schema {
        schema_data,
        schema_kind: SchemaKind::AllOf { all_of },
    }
}

/// Lowers the members of a schema object selected by `filter`.
fn schema_object(cx: &mut Cx<'_>, entries: &[Entry], filter: Filter) -> Schema {
    let raw = Raw::collect(entries, filter);
    let mut schema_data = build::schema_data(cx, &raw);
    let types = match raw.typ {
        Some(e) => parse_types(cx, e),
        None => TypeSet::default(),
    };
    if types.null {
        schema_data.nullable = true;
    }
    let schema_kind = shape(cx, &raw, &types);
    Schema {
        schema_data,
        schema_kind,
    }
}

fn parse_types(cx: &mut Cx<'_>, e: &Entry) -> TypeSet {
    let mut set = TypeSet::default();
    let add = |cx: &mut Cx<'_>, n: &Node, set: &mut TypeSet| {
        let Some(s) = n.as_str() else {
            cx.wrong_type(n, Name::Key("type"), "a string");
            return;
        };
        if s == "null" {
            set.null = true;
            return;
        }
        match Ty::parse(s) {
            Some(t) if !set.types.contains(&t) => set.types.push(t),
            Some(_) => {}
            None => {
                let err = cx.error(
                    LoadErrorKind::InvalidValue,
                    n.span,
                    format!("`{s}` is not a schema type"),
                    "unknown type",
                );
                err.help = Some(if s == "file" {
                    "`type: file` is Swagger 2.0; use `type: string` with `format: binary`".into()
                } else {
                    "use one of `string`, `number`, `integer`, `boolean`, `array`, `object`, \
                     `null`"
                        .into()
                });
            }
        }
    };
    match &e.value.value {
        Value::String(_) => add(cx, &e.value, &mut set),
        Value::Array(items) if cx.is_31() => {
            for item in items {
                add(cx, item, &mut set);
            }
        }
        Value::Array(_) => {
            cx.wrong_type(&e.value, Name::Key("type"), "a string").help = Some(
                "type arrays are OpenAPI 3.1; in 3.0 use one type and `nullable: true`".into(),
            );
        }
        _ => {
            cx.wrong_type(&e.value, Name::Key("type"), "a string");
        }
    }
    set
}

/// Decides the schema's shape and builds it.
fn shape(cx: &mut Cx<'_>, raw: &Raw<'_>, types: &TypeSet) -> SchemaKind {
    match types.types.as_slice() {
        [] if types.null => {
            let mut any = build::any(cx, raw, None);
            if any.enumeration.is_empty() {
                any.enumeration.push(serde_json::Value::Null);
            }
            SchemaKind::Any(any)
        }
        [] => match raw.mask {
            bit::ONE_OF => SchemaKind::OneOf {
                one_of: build::schema_list(cx, raw.one_of),
            },
            bit::ALL_OF => SchemaKind::AllOf {
                all_of: build::schema_list(cx, raw.all_of),
            },
            bit::ANY_OF => SchemaKind::AnyOf {
                any_of: build::schema_list(cx, raw.any_of),
            },
            bit::NOT if raw.not.is_some() => match build::not(cx, raw.not) {
                Some(not) => SchemaKind::Not { not },
                None => SchemaKind::Any(AnySchema::default()),
            },
            _ => SchemaKind::Any(build::any(cx, raw, None)),
        },
        [t] => {
            if typed_fits(raw, *t, false) {
                SchemaKind::Type(build::typed(cx, raw, *t))
            } else {
                SchemaKind::Any(build::any(cx, raw, Some(*t)))
            }
        }
        many => several_types(cx, raw, many),
    }
}

/// True when the schema's keywords (all of them, or with `lenient` only those of `t`) fit the
/// typed model of `t`.
fn typed_fits(raw: &Raw<'_>, t: Ty, lenient: bool) -> bool {
    if !lenient && raw.mask & !t.allowed() != 0 {
        return false;
    }
    if raw.mask & bit::ENUM != 0 && t.allowed() & bit::ENUM != 0 {
        let Some(values) = raw.enum_values() else {
            return false;
        };
        let fits = |v: &Node| matches!(v.value, Value::Null) || t.accepts(v);
        if !lenient && !values.nodes().iter().all(fits) {
            return false;
        }
    }
    if t == Ty::Integer {
        if let Some(e) = raw.multiple_of {
            if matches!(e.value.value, Value::Float(f) if f.fract() != 0.0) {
                return false;
            }
        }
    }
    true
}

/// `type: [A, B, …]` with several non-null types.
fn several_types(cx: &mut Cx<'_>, raw: &Raw<'_>, types: &[Ty]) -> SchemaKind {
    let union = types.iter().fold(0, |m, t| m | t.allowed());
    let values = raw.enum_values();
    let mut clean = raw.mask & bit::COMBINATORS == 0
        && raw.mask & !union == 0
        && types.iter().all(|t| typed_fits(raw, *t, true));
    // With an enum, keep only the types that accept one of its values; a value no type
    // accepts cannot be split.
    let mut kept: Vec<Ty> = types.to_vec();
    if clean && raw.mask & bit::ENUM != 0 {
        match values {
            Some(values) => {
                let nodes = values.nodes();
                let split = nodes
                    .iter()
                    .all(|v| matches!(v.value, Value::Null) || types.iter().any(|t| t.accepts(v)));
                kept.retain(|t| nodes.iter().any(|v| t.accepts(v)));
                clean = split && !kept.is_empty();
            }
            None => clean = false,
        }
    }
    if clean {
        if let [t] = kept.as_slice() {
            return SchemaKind::Type(build::typed(cx, raw, *t));
        }
        cx.push("anyOf");
        let mut any_of = Vec::with_capacity(kept.len());
        for (i, t) in kept.iter().enumerate() {
            cx.push_index(i);
            any_of.push(ReferenceOr::Item(Schema {
                schema_data: SchemaData::default(),
                schema_kind: SchemaKind::Type(build::typed(cx, raw, *t)),
            }));
            cx.pop();
        }
        cx.pop();
        return SchemaKind::AnyOf { any_of };
    }
    let mut any = build::any(cx, raw, None);
    let bare: Vec<ReferenceOr<Schema>> = types
        .iter()
        .map(|t| {
            ReferenceOr::Item(Schema {
                schema_data: SchemaData::default(),
                schema_kind: SchemaKind::Type(t.bare()),
            })
        })
        .collect();
    if any.any_of.is_empty() {
        any.any_of = bare;
    } else {
        any.all_of.push(ReferenceOr::Item(Schema {
            schema_data: SchemaData::default(),
            schema_kind: SchemaKind::AnyOf { any_of: bare },
        }));
    }
    SchemaKind::Any(any)
}

#[cfg(test)]
mod tests;
