//! One flat view of a schema's keywords, whatever shape the model gave it (typed or `Any`).

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, Discriminator, IntegerFormat, NumberFormat, ReferenceOr, Schema,
    SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

/// A schema reference as found in the model: a `$ref` or an inline schema.
#[derive(Debug, Clone, Copy)]
pub enum SchemaRef<'a> {
    /// `$ref` target string.
    Ref(&'a str),
    /// Inline schema.
    Item(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(r: &'a ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Item(s),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(r: &'a ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Item(s),
        }
    }
}

/// A list of subschemas (`oneOf`, …) as [`SchemaRef`]s.
pub fn list(v: &[ReferenceOr<Schema>]) -> Vec<SchemaRef<'_>> {
    v.iter().map(SchemaRef::from).collect()
}

/// The flat keywords of one schema.
#[derive(Debug, Default)]
pub struct Facets<'a> {
    /// `type` (one of string, number, integer, boolean, object, array).
    pub ty: Option<&'static str>,
    /// `format`.
    pub format: Option<String>,
    /// `nullable` (3.1 `null` in `type` is normalised to it by the loader).
    pub nullable: bool,
    /// `readOnly`.
    pub read_only: bool,
    /// `writeOnly`.
    pub write_only: bool,
    /// `deprecated`.
    pub deprecated: bool,
    /// `maxLength`.
    pub max_length: Option<f64>,
    /// `minLength`.
    pub min_length: Option<f64>,
    /// `pattern`.
    pub pattern: Option<&'a str>,
    /// `maximum`.
    pub maximum: Option<f64>,
    /// `minimum`.
    pub minimum: Option<f64>,
    /// `exclusiveMaximum` (3.0 flag).
    pub exclusive_maximum: bool,
    /// `exclusiveMinimum` (3.0 flag).
    pub exclusive_minimum: bool,
    /// `multipleOf`.
    pub multiple_of: Option<f64>,
    /// `enum` values (`None` when unconstrained).
    pub enumeration: Option<Vec<Value>>,
    /// `maxItems`.
    pub max_items: Option<f64>,
    /// `minItems`.
    pub min_items: Option<f64>,
    /// `uniqueItems`.
    pub unique_items: bool,
    /// `items`.
    pub items: Option<SchemaRef<'a>>,
    /// `properties`.
    pub properties: Option<&'a IndexMap<String, ReferenceOr<Box<Schema>>>>,
    /// `required`.
    pub required: &'a [String],
    /// `additionalProperties`.
    pub additional: Option<&'a AdditionalProperties>,
    /// `maxProperties`.
    pub max_properties: Option<f64>,
    /// `minProperties`.
    pub min_properties: Option<f64>,
    /// `oneOf`.
    pub one_of: &'a [ReferenceOr<Schema>],
    /// `anyOf`.
    pub any_of: &'a [ReferenceOr<Schema>],
    /// `allOf`.
    pub all_of: &'a [ReferenceOr<Schema>],
    /// `not`.
    pub not: Option<&'a ReferenceOr<Schema>>,
    /// `discriminator`.
    pub discriminator: Option<&'a Discriminator>,
    /// `default`.
    pub default: Option<&'a Value>,
    /// `x-extensible-enum: true`.
    pub extensible_enum: bool,
}

fn fmt_str<T>(f: &VariantOrUnknownOrEmpty<T>, name: impl Fn(&T) -> &'static str) -> Option<String> {
    match f {
        VariantOrUnknownOrEmpty::Item(i) => Some(name(i).to_string()),
        VariantOrUnknownOrEmpty::Unknown(s) => Some(s.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

fn num<T: Into<f64> + Copy>(v: Option<T>) -> Option<f64> {
    v.map(Into::into)
}

fn usize_num(v: Option<usize>) -> Option<f64> {
    v.map(|n| n as f64)
}

impl<'a> Facets<'a> {
    /// The facets of `schema`.
    pub fn of(schema: &'a Schema) -> Facets<'a> {
        let d = &schema.schema_data;
        let mut f = Facets {
            nullable: d.nullable,
            read_only: d.read_only,
            write_only: d.write_only,
            deprecated: d.deprecated,
            discriminator: d.discriminator.as_ref(),
            default: d.default.as_ref(),
            extensible_enum: d
                .extensions
                .get("x-extensible-enum")
                .is_some_and(|v| v.as_bool() == Some(true) || v.is_array()),
            ..Facets::default()
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                f.ty = Some("string");
                f.format = fmt_str(&s.format, |x| match x {
                    StringFormat::Date => "date",
                    StringFormat::DateTime => "date-time",
                    StringFormat::Password => "password",
                    StringFormat::Byte => "byte",
                    StringFormat::Binary => "binary",
                });
                f.pattern = s.pattern.as_deref();
                f.max_length = usize_num(s.max_length);
                f.min_length = usize_num(s.min_length);
                f.enumeration = (!s.enumeration.is_empty()).then(|| {
                    s.enumeration
                        .iter()
                        .map(|v| v.clone().map(Value::String).unwrap_or(Value::Null))
                        .collect()
                });
            }
            SchemaKind::Type(Type::Number(n)) => {
                f.ty = Some("number");
                f.format = fmt_str(&n.format, |x| match x {
                    NumberFormat::Float => "float",
                    NumberFormat::Double => "double",
                });
                f.maximum = n.maximum;
                f.minimum = n.minimum;
                f.exclusive_maximum = n.exclusive_maximum;
                f.exclusive_minimum = n.exclusive_minimum;
                f.multiple_of = n.multiple_of;
                f.enumeration = (!n.enumeration.is_empty()).then(|| {
                    n.enumeration
                        .iter()
                        .map(|v| v.map(Value::from).unwrap_or(Value::Null))
                        .collect()
                });
            }
            SchemaKind::Type(Type::Integer(n)) => {
                f.ty = Some("integer");
                f.format = fmt_str(&n.format, |x| match x {
                    IntegerFormat::Int32 => "int32",
                    IntegerFormat::Int64 => "int64",
                });
                f.maximum = n.maximum.map(|v| v as f64);
                f.minimum = n.minimum.map(|v| v as f64);
                f.exclusive_maximum = n.exclusive_maximum;
                f.exclusive_minimum = n.exclusive_minimum;
                f.multiple_of = n.multiple_of.map(|v| v as f64);
                f.enumeration = (!n.enumeration.is_empty()).then(|| {
                    n.enumeration
                        .iter()
                        .map(|v| v.map(Value::from).unwrap_or(Value::Null))
                        .collect()
                });
            }
            SchemaKind::Type(Type::Boolean(b)) => {
                f.ty = Some("boolean");
                f.enumeration = (!b.enumeration.is_empty()).then(|| {
                    b.enumeration
                        .iter()
                        .map(|v| v.map(Value::from).unwrap_or(Value::Null))
                        .collect()
                });
            }
            SchemaKind::Type(Type::Object(o)) => {
                f.ty = Some("object");
                f.properties = Some(&o.properties);
                f.required = &o.required;
                f.additional = o.additional_properties.as_ref();
                f.max_properties = usize_num(o.max_properties);
                f.min_properties = usize_num(o.min_properties);
            }
            SchemaKind::Type(Type::Array(a)) => {
                f.ty = Some("array");
                f.items = a.items.as_ref().map(SchemaRef::from);
                f.max_items = usize_num(a.max_items);
                f.min_items = usize_num(a.min_items);
                f.unique_items = a.unique_items;
            }
            SchemaKind::OneOf { one_of } => f.one_of = one_of,
            SchemaKind::AnyOf { any_of } => f.any_of = any_of,
            SchemaKind::AllOf { all_of } => f.all_of = all_of,
            SchemaKind::Not { not } => f.not = Some(not),
            SchemaKind::Any(a) => {
                f.ty = a.typ.as_deref().and_then(|t| match t {
                    "string" => Some("string"),
                    "number" => Some("number"),
                    "integer" => Some("integer"),
                    "boolean" => Some("boolean"),
                    "object" => Some("object"),
                    "array" => Some("array"),
                    _ => None,
                });
                f.format = a.format.clone();
                f.pattern = a.pattern.as_deref();
                f.max_length = usize_num(a.max_length);
                f.min_length = usize_num(a.min_length);
                f.maximum = num(a.maximum);
                f.minimum = num(a.minimum);
                f.exclusive_maximum = a.exclusive_maximum.unwrap_or(false);
                f.exclusive_minimum = a.exclusive_minimum.unwrap_or(false);
                f.multiple_of = a.multiple_of;
                f.enumeration = (!a.enumeration.is_empty()).then(|| a.enumeration.clone());
                f.max_items = usize_num(a.max_items);
                f.min_items = usize_num(a.min_items);
                f.unique_items = a.unique_items.unwrap_or(false);
                f.items = a.items.as_ref().map(SchemaRef::from);
                f.properties = (!a.properties.is_empty()).then_some(&a.properties);
                f.required = &a.required;
                f.additional = a.additional_properties.as_ref();
                f.max_properties = usize_num(a.max_properties);
                f.min_properties = usize_num(a.min_properties);
                f.one_of = &a.one_of;
                f.any_of = &a.any_of;
                f.all_of = &a.all_of;
                f.not = a.not.as_deref();
            }
        }
        f
    }

    /// True when `additionalProperties: false`.
    pub fn closed(&self) -> bool {
        matches!(self.additional, Some(AdditionalProperties::Any(false)))
    }
}
