//! Schema shapes and the 3.1 → 3.0 normalisation rules.

use openapiv3::{
    AdditionalProperties, AnySchema, IntegerFormat, ReferenceOr, Schema, SchemaKind, StringFormat,
    Type, VariantOrUnknownOrEmpty,
};
use serde_json::json;

use crate::error::LoadErrorKind as K;
use crate::lower::testutil::{doc30, doc31, lower_json, summary};
use crate::lower::Lowered;

/// `(kind, line:col, text, message)` of each error.
type Errors = Vec<(K, String, String, String)>;

/// Lowers `schema` as `components.schemas.S` of a 3.0 or 3.1 document.
fn lower_schema(v31: bool, schema: &str) -> Result<ReferenceOr<Schema>, Errors> {
    let comps = format!("{{\"schemas\": {{\"S\": {schema}, \"T\": {{}}}}}}");
    let text = if v31 {
        doc31("{}", &comps)
    } else {
        doc30("{}", &comps)
    };
    match lower_json(&text) {
        Ok(Lowered { openapi, .. }) => Ok(openapi
            .components
            .and_then(|mut c| c.schemas.shift_remove("S"))
            .expect("schema S")),
        Err(e) => Err(summary(&e)),
    }
}

fn s31(schema: &str) -> Schema {
    match lower_schema(true, schema) {
        Ok(ReferenceOr::Item(s)) => s,
        other => panic!("{other:?}"),
    }
}

fn s30(schema: &str) -> Schema {
    match lower_schema(false, schema) {
        Ok(ReferenceOr::Item(s)) => s,
        other => panic!("{other:?}"),
    }
}

fn any(s: &Schema) -> &AnySchema {
    match &s.schema_kind {
        SchemaKind::Any(a) => a,
        other => panic!("expected Any, got {other:?}"),
    }
}

#[test]
fn typed_string_with_null_enum_member() {
    let s = s30(
        r#"{"type": "string", "nullable": true, "enum": ["a", null], "maxLength": 3, "format": "date-time"}"#,
    );
    assert!(s.schema_data.nullable);
    match s.schema_kind {
        SchemaKind::Type(Type::String(t)) => {
            assert_eq!(t.enumeration, vec![Some("a".to_string()), None]);
            assert_eq!(t.max_length, Some(3));
            assert_eq!(
                t.format,
                VariantOrUnknownOrEmpty::Item(StringFormat::DateTime)
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn unknown_formats_are_kept() {
    let s = s30(r#"{"type": "string", "format": "uuid"}"#);
    assert!(
        matches!(s.schema_kind, SchemaKind::Type(Type::String(t)) if t.format == VariantOrUnknownOrEmpty::Unknown("uuid".into()))
    );
}

#[test]
fn type_with_null_becomes_nullable() {
    let s = s31(r#"{"type": ["integer", "null"], "format": "int64", "minimum": 1}"#);
    assert!(s.schema_data.nullable);
    match s.schema_kind {
        SchemaKind::Type(Type::Integer(t)) => {
            assert_eq!(t.minimum, Some(1));
            assert_eq!(
                t.format,
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64)
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn type_null_alone_is_an_enum_of_null() {
    let s = s31(r#"{"type": "null", "description": "nothing"}"#);
    assert!(s.schema_data.nullable);
    assert_eq!(any(&s).enumeration, vec![json!(null)]);
    assert_eq!(any(&s).typ, None);
}

#[test]
fn several_types_split_into_any_of_with_their_keywords() {
    let s = s31(
        r#"{"type": ["string", "integer", "null"], "maxLength": 5, "minimum": 0, "description": "d"}"#,
    );
    assert!(s.schema_data.nullable);
    assert_eq!(s.schema_data.description.as_deref(), Some("d"));
    let SchemaKind::AnyOf { any_of } = &s.schema_kind else {
        panic!("{:?}", s.schema_kind)
    };
    assert_eq!(any_of.len(), 2);
    match (&any_of[0], &any_of[1]) {
        (ReferenceOr::Item(a), ReferenceOr::Item(b)) => {
            assert!(
                matches!(&a.schema_kind, SchemaKind::Type(Type::String(t)) if t.max_length == Some(5))
            );
            assert!(
                matches!(&b.schema_kind, SchemaKind::Type(Type::Integer(t)) if t.minimum == Some(0))
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn several_types_split_enum_values_by_type() {
    let s = s31(r#"{"type": ["string", "integer", "boolean"], "enum": ["a", 1]}"#);
    let SchemaKind::AnyOf { any_of } = &s.schema_kind else {
        panic!("{:?}", s.schema_kind)
    };
    // `boolean` accepts none of the values, so it is dropped.
    assert_eq!(any_of.len(), 2);
    assert!(
        matches!(&any_of[0], ReferenceOr::Item(x) if matches!(&x.schema_kind, SchemaKind::Type(Type::String(t)) if t.enumeration == vec![Some("a".to_string())]))
    );
    assert!(
        matches!(&any_of[1], ReferenceOr::Item(x) if matches!(&x.schema_kind, SchemaKind::Type(Type::Integer(t)) if t.enumeration == vec![Some(1)]))
    );
}

#[test]
fn several_types_with_mixed_keywords_keep_everything_in_any() {
    let s = s31(r#"{"type": ["object", "string"], "properties": {"a": {}}, "oneOf": [{}, {}]}"#);
    let a = any(&s);
    assert_eq!(a.properties.len(), 1);
    assert_eq!(a.one_of.len(), 2);
    assert_eq!(a.any_of.len(), 2);
    assert!(
        matches!(&a.any_of[0], ReferenceOr::Item(x) if matches!(x.schema_kind, SchemaKind::Type(Type::Object(_))))
    );
    assert!(
        matches!(&a.any_of[1], ReferenceOr::Item(x) if matches!(x.schema_kind, SchemaKind::Type(Type::String(_))))
    );
}

#[test]
fn numeric_exclusive_bounds_become_flags() {
    let s =
        s31(r#"{"type": "number", "exclusiveMinimum": 5, "maximum": 10, "exclusiveMaximum": 12}"#);
    match s.schema_kind {
        SchemaKind::Type(Type::Number(n)) => {
            assert_eq!((n.minimum, n.exclusive_minimum), (Some(5.0), true));
            // `maximum: 10` is tighter than `exclusiveMaximum: 12`.
            assert_eq!((n.maximum, n.exclusive_maximum), (Some(10.0), false));
        }
        other => panic!("{other:?}"),
    }
    let s = s31(r#"{"type": "integer", "minimum": 1, "exclusiveMinimum": 1}"#);
    assert!(
        matches!(s.schema_kind, SchemaKind::Type(Type::Integer(i)) if i.minimum == Some(1) && i.exclusive_minimum)
    );
    let s = s30(r#"{"type": "number", "minimum": 0, "exclusiveMinimum": true}"#);
    assert!(
        matches!(s.schema_kind, SchemaKind::Type(Type::Number(n)) if n.minimum == Some(0.0) && n.exclusive_minimum)
    );
}

#[test]
fn const_examples_and_content_keywords() {
    let s = s31(r#"{"type": "string", "const": "x", "examples": ["e1", "e2"]}"#);
    assert!(
        matches!(&s.schema_kind, SchemaKind::Type(Type::String(t)) if t.enumeration == vec![Some("x".to_string())])
    );
    assert_eq!(s.schema_data.example, Some(json!("e1")));
    assert_eq!(
        s.schema_data.extensions["x-pactum-examples"],
        json!(["e1", "e2"])
    );
    let s = s31(r#"{"type": "string", "contentEncoding": "base64"}"#);
    assert!(
        matches!(&s.schema_kind, SchemaKind::Type(Type::String(t)) if t.format == VariantOrUnknownOrEmpty::Item(StringFormat::Byte))
    );
    assert_eq!(
        s.schema_data.extensions["x-pactum-contentEncoding"],
        "base64"
    );
    // RFC 2045's `binary` (raw octets), as discord's multipart file parts use it
    let s = s31(r#"{"type": "string", "contentEncoding": "binary"}"#);
    assert!(
        matches!(&s.schema_kind, SchemaKind::Type(Type::String(t)) if t.format == VariantOrUnknownOrEmpty::Item(StringFormat::Binary))
    );
    let s = s31(r#"{"type": "string", "contentMediaType": "image/png"}"#);
    assert!(
        matches!(&s.schema_kind, SchemaKind::Type(Type::String(t)) if t.format == VariantOrUnknownOrEmpty::Item(StringFormat::Binary))
    );
    let s = s31(r#"{"type": "string", "format": "uri", "contentMediaType": "image/png"}"#);
    assert!(
        matches!(&s.schema_kind, SchemaKind::Type(Type::String(t)) if t.format == VariantOrUnknownOrEmpty::Unknown("uri".into()))
    );
}

#[test]
fn keywords_outside_the_model_become_extensions() {
    let s = s31(
        r#"{"type": "array", "prefixItems": [{"type": "string"}], "items": false,
            "$defs": {"a": {}}, "if": {}, "then": {}, "else": {}, "patternProperties": {"^x": {}},
            "unevaluatedProperties": false, "propertyNames": {"pattern": "^a"}, "dependentSchemas": {}}"#,
    );
    let ext = &s.schema_data.extensions;
    for k in [
        "prefixItems",
        "$defs",
        "if",
        "then",
        "else",
        "patternProperties",
        "unevaluatedProperties",
        "propertyNames",
        "dependentSchemas",
    ] {
        assert!(ext.contains_key(&format!("x-pactum-{k}")), "{k}");
    }
    assert_eq!(ext["x-pactum-prefixItems"], json!([{"type": "string"}]));
    // `items: false` is a boolean schema: `not: {}`.
    match &s.schema_kind {
        SchemaKind::Type(Type::Array(a)) => {
            assert!(
                matches!(a.items.as_ref(), Some(ReferenceOr::Item(x)) if matches!(x.schema_kind, SchemaKind::Not { .. }))
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn integer_bounds_saturate_and_round_inwards() {
    let s = s31(r#"{"type": "integer", "minimum": -9223372036854776000, "maximum": 1e30}"#);
    assert!(
        matches!(s.schema_kind, SchemaKind::Type(Type::Integer(i)) if i.minimum == Some(i64::MIN) && i.maximum == Some(i64::MAX))
    );
    let s = s30(r#"{"type": "integer", "minimum": 2.5, "maximum": 7.5, "exclusiveMaximum": true}"#);
    assert!(matches!(s.schema_kind, SchemaKind::Type(Type::Integer(i))
        if i.minimum == Some(3) && !i.exclusive_minimum && i.maximum == Some(7) && !i.exclusive_maximum));
    // A fractional multipleOf does not fit the integer model: kept in Any.
    let s = s30(r#"{"type": "integer", "multipleOf": 0.5}"#);
    assert_eq!(any(&s).multiple_of, Some(0.5));
    assert_eq!(any(&s).typ.as_deref(), Some("integer"));
}

#[test]
fn lengths_accept_whole_floats_and_refuse_negative_or_fractional() {
    let s = s30(r#"{"type": "string", "maxLength": 10.0}"#);
    assert!(matches!(s.schema_kind, SchemaKind::Type(Type::String(t)) if t.max_length == Some(10)));
    let e = lower_schema(
        false,
        r#"{"type": "string", "minLength": -1, "maxLength": 1.5}"#,
    )
    .expect_err("errors");
    assert_eq!(e.len(), 2, "{e:?}");
    assert_eq!((e[0].0, e[0].2.as_str()), (K::InvalidValue, "-1"));
    assert_eq!(
        e[0].3,
        "`minLength` must be a non-negative integer, found `-1`"
    );
    assert_eq!((e[1].0, e[1].2.as_str()), (K::InvalidValue, "1.5"));
}

#[test]
fn shapes_follow_openapiv3() {
    assert!(matches!(
        s30(r#"{"allOf": [{}], "description": "d"}"#).schema_kind,
        SchemaKind::AllOf { .. }
    ));
    assert!(matches!(
        s30(r#"{"oneOf": [{}]}"#).schema_kind,
        SchemaKind::OneOf { .. }
    ));
    assert!(matches!(
        s30(r#"{"anyOf": [{}]}"#).schema_kind,
        SchemaKind::AnyOf { .. }
    ));
    assert!(matches!(
        s30(r#"{"not": {}}"#).schema_kind,
        SchemaKind::Not { .. }
    ));
    assert_eq!(any(&s30("{}")), &AnySchema::default());
    let mixed = s30(r#"{"type": "object", "properties": {"a": {}}, "oneOf": [{}, {}]}"#);
    assert_eq!(
        (
            any(&mixed).typ.as_deref(),
            any(&mixed).properties.len(),
            any(&mixed).one_of.len()
        ),
        (Some("object"), 1, 2)
    );
    let untyped = s30(r#"{"properties": {"a": {}}, "required": ["a"]}"#);
    assert_eq!(any(&untyped).required, vec!["a"]);
    let all_of_props = s30(r#"{"allOf": [{}], "properties": {"a": {}}}"#);
    assert_eq!(any(&all_of_props).all_of.len(), 1);
    // Enum values of another type move the schema to Any, with the raw values.
    let wrong = s30(r#"{"type": "string", "enum": ["a", 1, false]}"#);
    assert_eq!(
        any(&wrong).enumeration,
        vec![json!("a"), json!(1), json!(false)]
    );
    assert!(matches!(
        s30(r#"{"type": "boolean", "enum": [true]}"#).schema_kind,
        SchemaKind::Type(Type::Boolean(_))
    ));
}

#[test]
fn additional_properties_and_items() {
    let s = s30(r#"{"type": "object", "additionalProperties": false}"#);
    assert!(
        matches!(s.schema_kind, SchemaKind::Type(Type::Object(o)) if o.additional_properties == Some(AdditionalProperties::Any(false)))
    );
    let s =
        s30(r##"{"type": "object", "additionalProperties": {"$ref": "#/components/schemas/T"}}"##);
    match s.schema_kind {
        SchemaKind::Type(Type::Object(o)) => match o.additional_properties {
            Some(AdditionalProperties::Schema(s)) => {
                assert_eq!(*s, ReferenceOr::ref_("#/components/schemas/T"))
            }
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
    let e = lower_schema(true, r#"{"type": "array", "items": [{}, {}]}"#).expect_err("tuple items");
    assert_eq!((e[0].0, e[0].2.as_str()), (K::InvalidValue, "[{}, {}]"));
}

#[test]
fn ref_siblings_in_31() {
    // Annotations only: the reference stays.
    let r = lower_schema(
        true,
        r##"{"$ref": "#/components/schemas/T", "description": "d", "x-a": 1}"##,
    );
    assert_eq!(r, Ok(ReferenceOr::ref_("#/components/schemas/T")));
    // Constraints: allOf [ref, siblings], annotations outside.
    let s = s31(r##"{"$ref": "#/components/schemas/T", "description": "d", "maxLength": 3}"##);
    assert_eq!(s.schema_data.description.as_deref(), Some("d"));
    let SchemaKind::AllOf { all_of } = &s.schema_kind else {
        panic!("{:?}", s.schema_kind)
    };
    assert_eq!(all_of[0], ReferenceOr::ref_("#/components/schemas/T"));
    assert!(matches!(&all_of[1], ReferenceOr::Item(x) if any(x).max_length == Some(3)));
    // nullable alone: the 3.0 idiom.
    let s = s31(r##"{"$ref": "#/components/schemas/T", "nullable": true}"##);
    assert!(s.schema_data.nullable);
    assert!(matches!(&s.schema_kind, SchemaKind::AllOf { all_of } if all_of.len() == 1));
    // 3.0: siblings are ignored.
    let r = lower_schema(
        false,
        r##"{"$ref": "#/components/schemas/T", "maxLength": 3}"##,
    );
    assert_eq!(r, Ok(ReferenceOr::ref_("#/components/schemas/T")));
}

#[test]
fn boolean_schemas_only_in_31() {
    assert_eq!(any(&s31("true")), &AnySchema::default());
    assert!(matches!(s31("false").schema_kind, SchemaKind::Not { .. }));
    let e = lower_schema(false, "true").expect_err("3.0");
    assert_eq!(e[0].0, K::WrongType);
    assert_eq!(e[0].3, "schema `S` must be an object, found a boolean");
}

#[test]
fn type_errors() {
    let e = lower_schema(false, r#"{"type": ["string", "null"]}"#).expect_err("3.0 type array");
    assert_eq!(e[0].0, K::WrongType);
    let e = lower_schema(false, r#"{"type": "file"}"#).expect_err("file");
    assert_eq!((e[0].0, e[0].2.as_str()), (K::InvalidValue, "\"file\""));
    let e = lower_schema(
        false,
        r#"{"type": "object", "properties": {"a": {"type": "string", "required": true}}}"#,
    )
    .expect_err("required bool");
    assert_eq!((e[0].0, e[0].2.as_str()), (K::WrongType, "true"));
}

#[test]
fn schema_data_is_complete() {
    let s = s30(
        r#"{"type": "object", "title": "t", "description": "d", "readOnly": true, "deprecated": true,
            "default": {"a": 1}, "example": {"a": 2}, "externalDocs": {"url": "https://x"},
            "discriminator": {"propertyName": "kind", "mapping": {"a": "A"}}, "x-e": [1], "xml": {"name": "n"}}"#,
    );
    let d = &s.schema_data;
    assert_eq!(
        (d.title.as_deref(), d.description.as_deref()),
        (Some("t"), Some("d"))
    );
    assert!(d.read_only && d.deprecated && !d.write_only);
    assert_eq!(d.default, Some(json!({"a": 1})));
    assert_eq!(d.example, Some(json!({"a": 2})));
    assert_eq!(
        d.discriminator.as_ref().map(|x| x.mapping["a"].as_str()),
        Some("A")
    );
    assert_eq!(d.extensions["x-e"], json!([1]));
    assert_eq!(d.extensions["x-pactum-xml"], json!({"name": "n"}));
}

#[test]
fn a_property_map_by_reference_is_inlined_and_a_property_named_ref_is_not() {
    let l = crate::lower::testutil::ok(&doc30(
        "{}",
        r##"{"schemas": {
            "A": {"type": "object", "properties": {"$ref": "#/components/x-maps/m"}},
            "B": {"type": "object", "properties": {"$ref": {"type": "string"}}}},
          "x-maps": {"m": {"id": {"type": "integer"}}}}"##,
    ));
    let schemas = &l.openapi.components.as_ref().expect("c").schemas;
    let props = |name: &str| match &schemas[name] {
        ReferenceOr::Item(Schema {
            schema_kind: SchemaKind::Type(Type::Object(o)),
            ..
        }) => o.properties.keys().cloned().collect::<Vec<_>>(),
        other => panic!("{other:?}"),
    };
    assert_eq!(props("A"), vec!["id"]);
    assert_eq!(props("B"), vec!["$ref"]);
    assert_eq!(l.inlined[0].at, "/components/schemas/A/properties");
}
