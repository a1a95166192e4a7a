//! One pass over a schema object's members: every keyword the lowering knows, sorted into
//! slots, plus the masks that decide the schema's shape.

use crate::tree::{Entry, Node, Value};

/// Which members of a schema object to look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Filter {
    /// All of them.
    All,
    /// Only annotations and `nullable` (the part of a 3.1 `$ref` + siblings object that stays
    /// on the outer schema).
    Annotations,
    /// Everything but `$ref`, `nullable` and annotations (the constraint siblings of a 3.1
    /// `$ref`).
    Constraints,
}

/// Annotation keywords: they describe a schema without constraining it. In 3.1 a `$ref` with
/// only these siblings stays a reference.
pub(crate) fn is_annotation(key: &str) -> bool {
    matches!(
        key,
        "description"
            | "title"
            | "summary"
            | "deprecated"
            | "readOnly"
            | "writeOnly"
            | "example"
            | "examples"
            | "default"
            | "$comment"
    ) || key.starts_with("x-")
}

/// JSON Schema keywords the 3.0 model has no place for; they are kept as `x-pactum-<name>`
/// extensions so that nothing is silently lost.
const KEPT: &[&str] = &[
    "$defs",
    "definitions",
    "$id",
    "$schema",
    "$anchor",
    "$dynamicAnchor",
    "$dynamicRef",
    "$vocabulary",
    "$comment",
    "if",
    "then",
    "else",
    "dependentSchemas",
    "dependentRequired",
    "prefixItems",
    "unevaluatedProperties",
    "unevaluatedItems",
    "patternProperties",
    "propertyNames",
    "contains",
    "minContains",
    "maxContains",
    "contentSchema",
    "contentMediaType",
    "contentEncoding",
    "xml",
];

/// Keyword bits, for deciding which typed shape (if any) can hold a schema.
pub(crate) mod bit {
    pub const PATTERN: u32 = 1 << 0;
    pub const MIN_LENGTH: u32 = 1 << 1;
    pub const MAX_LENGTH: u32 = 1 << 2;
    pub const CONTENT: u32 = 1 << 3;
    pub const MULTIPLE_OF: u32 = 1 << 4;
    pub const MINIMUM: u32 = 1 << 5;
    pub const MAXIMUM: u32 = 1 << 6;
    pub const EXCLUSIVE: u32 = 1 << 7;
    pub const PROPERTIES: u32 = 1 << 8;
    pub const REQUIRED: u32 = 1 << 9;
    pub const ADDITIONAL: u32 = 1 << 10;
    pub const PROPERTY_COUNT: u32 = 1 << 11;
    pub const ITEMS: u32 = 1 << 12;
    pub const ITEM_COUNT: u32 = 1 << 13;
    pub const UNIQUE: u32 = 1 << 14;
    pub const ENUM: u32 = 1 << 15;
    pub const FORMAT: u32 = 1 << 16;
    pub const ONE_OF: u32 = 1 << 17;
    pub const ALL_OF: u32 = 1 << 18;
    pub const ANY_OF: u32 = 1 << 19;
    pub const NOT: u32 = 1 << 20;

    pub const STRING: u32 = PATTERN | MIN_LENGTH | MAX_LENGTH | CONTENT | FORMAT | ENUM;
    pub const NUMERIC: u32 = MULTIPLE_OF | MINIMUM | MAXIMUM | EXCLUSIVE | FORMAT | ENUM;
    pub const BOOLEAN: u32 = ENUM;
    pub const OBJECT: u32 = PROPERTIES | REQUIRED | ADDITIONAL | PROPERTY_COUNT;
    pub const ARRAY: u32 = ITEMS | ITEM_COUNT | UNIQUE;
    pub const COMBINATORS: u32 = ONE_OF | ALL_OF | ANY_OF | NOT;
}

/// The members of one schema object, by keyword.
#[derive(Default)]
pub(crate) struct Raw<'n> {
    pub nullable: Option<&'n Entry>,
    pub read_only: Option<&'n Entry>,
    pub write_only: Option<&'n Entry>,
    pub deprecated: Option<&'n Entry>,
    pub external_docs: Option<&'n Entry>,
    pub example: Option<&'n Entry>,
    pub examples: Option<&'n Entry>,
    pub title: Option<&'n Entry>,
    pub description: Option<&'n Entry>,
    pub discriminator: Option<&'n Entry>,
    pub default: Option<&'n Entry>,

    pub typ: Option<&'n Entry>,
    pub format: Option<&'n Entry>,
    pub pattern: Option<&'n Entry>,
    pub min_length: Option<&'n Entry>,
    pub max_length: Option<&'n Entry>,
    pub content_media_type: Option<&'n Entry>,
    pub content_encoding: Option<&'n Entry>,
    pub multiple_of: Option<&'n Entry>,
    pub minimum: Option<&'n Entry>,
    pub maximum: Option<&'n Entry>,
    pub exclusive_minimum: Option<&'n Entry>,
    pub exclusive_maximum: Option<&'n Entry>,
    pub properties: Option<&'n Entry>,
    pub required: Option<&'n Entry>,
    pub additional_properties: Option<&'n Entry>,
    pub min_properties: Option<&'n Entry>,
    pub max_properties: Option<&'n Entry>,
    pub items: Option<&'n Entry>,
    pub min_items: Option<&'n Entry>,
    pub max_items: Option<&'n Entry>,
    pub unique_items: Option<&'n Entry>,
    pub enumeration: Option<&'n Entry>,
    pub constant: Option<&'n Entry>,
    pub one_of: Option<&'n Entry>,
    pub all_of: Option<&'n Entry>,
    pub any_of: Option<&'n Entry>,
    pub not: Option<&'n Entry>,

    /// `x-` members.
    pub ext: Vec<&'n Entry>,
    /// Keywords kept as `x-pactum-<name>`.
    pub kept: Vec<&'n Entry>,
    /// Bits of the validation keywords present.
    pub mask: u32,
}

impl<'n> Raw<'n> {
    /// Sorts the members of a schema object.
    pub(crate) fn collect(entries: &'n [Entry], filter: Filter) -> Self {
        let mut r = Raw::default();
        for e in entries {
            let k = e.key.as_str();
            match filter {
                Filter::All => {}
                Filter::Annotations if !(is_annotation(k) || k == "nullable") => continue,
                Filter::Constraints if k == "$ref" || k == "nullable" || is_annotation(k) => {
                    continue
                }
                _ => {}
            }
            let (slot, b) = match k {
                "nullable" => (&mut r.nullable, 0),
                "readOnly" => (&mut r.read_only, 0),
                "writeOnly" => (&mut r.write_only, 0),
                "deprecated" => (&mut r.deprecated, 0),
                "externalDocs" => (&mut r.external_docs, 0),
                "example" => (&mut r.example, 0),
                "examples" => (&mut r.examples, 0),
                "title" => (&mut r.title, 0),
                "description" => (&mut r.description, 0),
                "discriminator" => (&mut r.discriminator, 0),
                "default" => (&mut r.default, 0),
                "type" => (&mut r.typ, 0),
                "format" => (&mut r.format, bit::FORMAT),
                "pattern" => (&mut r.pattern, bit::PATTERN),
                "minLength" => (&mut r.min_length, bit::MIN_LENGTH),
                "maxLength" => (&mut r.max_length, bit::MAX_LENGTH),
                "multipleOf" => (&mut r.multiple_of, bit::MULTIPLE_OF),
                "minimum" => (&mut r.minimum, bit::MINIMUM),
                "maximum" => (&mut r.maximum, bit::MAXIMUM),
                "exclusiveMinimum" => (&mut r.exclusive_minimum, bit::EXCLUSIVE),
                "exclusiveMaximum" => (&mut r.exclusive_maximum, bit::EXCLUSIVE),
                "properties" => (&mut r.properties, bit::PROPERTIES),
                "required" => (&mut r.required, bit::REQUIRED),
                "additionalProperties" => (&mut r.additional_properties, bit::ADDITIONAL),
                "minProperties" => (&mut r.min_properties, bit::PROPERTY_COUNT),
                "maxProperties" => (&mut r.max_properties, bit::PROPERTY_COUNT),
                "items" => (&mut r.items, bit::ITEMS),
                "minItems" => (&mut r.min_items, bit::ITEM_COUNT),
                "maxItems" => (&mut r.max_items, bit::ITEM_COUNT),
                "uniqueItems" => (&mut r.unique_items, bit::UNIQUE),
                "enum" => (&mut r.enumeration, bit::ENUM),
                "const" => (&mut r.constant, bit::ENUM),
                "oneOf" => (&mut r.one_of, bit::ONE_OF),
                "allOf" => (&mut r.all_of, bit::ALL_OF),
                "anyOf" => (&mut r.any_of, bit::ANY_OF),
                "not" => (&mut r.not, bit::NOT),
                "contentMediaType" => {
                    r.content_media_type = Some(e);
                    r.kept.push(e);
                    r.mask |= bit::CONTENT;
                    continue;
                }
                "contentEncoding" => {
                    r.content_encoding = Some(e);
                    r.kept.push(e);
                    r.mask |= bit::CONTENT;
                    continue;
                }
                _ if k.starts_with("x-") => {
                    r.ext.push(e);
                    continue;
                }
                _ if KEPT.contains(&k) => {
                    r.kept.push(e);
                    continue;
                }
                _ => continue,
            };
            *slot = Some(e);
            r.mask |= b;
        }
        r
    }

    /// The enum values (`enum`, or `const` as a one-value enum), when well-formed.
    pub(crate) fn enum_values(&self) -> Option<EnumValues<'n>> {
        if let Some(c) = self.constant {
            if self.enumeration.is_none() {
                return Some(EnumValues::One(&c.value));
            }
        }
        let e = self.enumeration?;
        match &e.value.value {
            Value::Array(items) => Some(EnumValues::Many(items)),
            _ => None,
        }
    }
}

/// Enum values from `enum` or `const`.
#[derive(Clone, Copy)]
pub(crate) enum EnumValues<'n> {
    /// `const: v`.
    One(&'n Node),
    /// `enum: [..]`.
    Many(&'n [Node]),
}

impl<'n> EnumValues<'n> {
    /// The values.
    pub(crate) fn nodes(self) -> &'n [Node] {
        match self {
            EnumValues::One(n) => std::slice::from_ref(n),
            EnumValues::Many(items) => items,
        }
    }
}
