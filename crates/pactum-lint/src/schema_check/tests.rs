//! The validator, keyword by keyword, over schemas loaded by the real loader.

use serde_json::{json, Value};

use super::{compile_pattern, format_ok, json_eq, Checker, Side, Violation};
use crate::testing::spec_from_yaml;

/// Loads `schemas` (YAML of a `components.schemas` map, indented by 4) in a document of
/// `version` and checks `value` against the schema `name`.
fn check_in(version: &str, schemas: &str, name: &str, value: Value, side: Side) -> Vec<Violation> {
    let yaml = format!(
        "openapi: {version}\ninfo: {{title: t, version: 1.0.0}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
    );
    let spec = spec_from_yaml(&yaml);
    let schema = spec
        .openapi
        .components
        .as_ref()
        .and_then(|c| c.schemas.get(name))
        .unwrap_or_else(|| panic!("no schema {name}"));
    let schema = super::resolve_schema(&spec, schema).expect("resolves");
    let mut checker = Checker::new(&spec);
    checker.check(schema, &value, side, 10)
}

fn check30(schemas: &str, value: Value) -> Vec<Violation> {
    check_in("3.0.3", schemas, "S", value, Side::Either)
}

fn check31(schemas: &str, value: Value) -> Vec<Violation> {
    check_in("3.1.0", schemas, "S", value, Side::Either)
}

/// `(path, message)` pairs.
fn pm(v: &[Violation]) -> Vec<(&str, &str)> {
    v.iter()
        .map(|v| (v.path.as_str(), v.message.as_str()))
        .collect()
}

fn ok30(schemas: &str, value: Value) {
    let v = check30(schemas, value.clone());
    assert!(v.is_empty(), "{value} should be valid: {v:#?}");
}

fn bad30(schemas: &str, value: Value, message: &str) {
    let v = check30(schemas, value.clone());
    assert_eq!(pm(&v), [("$", message)], "{value}");
}

#[test]
fn types() {
    let s = "    S: {type: string}\n";
    ok30(s, json!("a"));
    bad30(s, json!(1), "is an integer, not a string");
    bad30(s, json!(null), "is null, not a string");
    let s = "    S: {type: integer}\n";
    ok30(s, json!(3));
    ok30(s, json!(3.0));
    ok30(s, json!(-9_223_372_036_854_775_807_i64));
    bad30(s, json!(3.5), "is a number, not an integer");
    bad30(s, json!("3"), "is a string, not an integer");
    let s = "    S: {type: number}\n";
    ok30(s, json!(3));
    ok30(s, json!(0.25));
    bad30(s, json!(true), "is a boolean, not a number");
    let s = "    S: {type: boolean}\n";
    ok30(s, json!(false));
    bad30(s, json!("false"), "is a string, not a boolean");
    let s = "    S: {type: object}\n";
    ok30(s, json!({}));
    bad30(s, json!([]), "is an array, not an object");
    let s = "    S: {type: array}\n";
    ok30(s, json!([1, "a"]));
    bad30(s, json!({}), "is an object, not an array");
    // No type: anything goes.
    ok30("    S: {description: anything}\n", json!([{"a": null}]));
}

#[test]
fn nullable_30() {
    let s = "    S: {type: string, nullable: true, maxLength: 2}\n";
    ok30(s, json!(null));
    ok30(s, json!("ab"));
    bad30(
        s,
        json!("abc"),
        "is 3 characters long, longer than `maxLength` 2",
    );
    // The 3.0 idiom for a nullable reference.
    let s = "    S: {nullable: true, allOf: [{$ref: '#/components/schemas/T'}]}\n    T: {type: object}\n";
    ok30(s, json!(null));
    ok30(s, json!({}));
    bad30(s, json!(1), "is an integer, not an object");
    // Typed schemas without `nullable` reject null, also inside objects.
    let s = "    S: {type: object, properties: {a: {type: integer}}}\n";
    assert_eq!(
        pm(&check30(s, json!({"a": null}))),
        [("$.a", "is null, not an integer")]
    );
}

#[test]
fn type_arrays_in_31_are_normalised() {
    // [string, null] → string + nullable.
    let s = "    S: {type: [string, 'null'], minLength: 1}\n";
    assert!(check31(s, json!(null)).is_empty());
    assert!(check31(s, json!("a")).is_empty());
    assert_eq!(
        pm(&check31(s, json!(""))),
        [("$", "is 0 characters long, shorter than `minLength` 1")]
    );
    // Several types → anyOf of typed schemas, each with its own keywords.
    let s = "    S: {type: [string, integer], maxLength: 3, minimum: 10}\n";
    assert!(check31(s, json!("abc")).is_empty());
    assert!(check31(s, json!(12)).is_empty());
    assert_eq!(
        pm(&check31(s, json!("abcd"))),
        [("$", "matches none of the `anyOf` schemas")]
    );
    assert_eq!(
        pm(&check31(s, json!(true))),
        [("$", "matches none of the `anyOf` schemas")]
    );
    assert_eq!(
        pm(&check31(s, json!(5))),
        [("$", "matches none of the `anyOf` schemas")]
    );
    // `type: 'null'` accepts only null.
    let s = "    S: {type: 'null'}\n";
    assert!(check31(s, json!(null)).is_empty());
    assert_eq!(check31(s, json!(0)).len(), 1);
}

#[test]
fn enums_and_const() {
    let s = "    S: {type: string, enum: [cat, dog]}\n";
    ok30(s, json!("cat"));
    bad30(
        s,
        json!("cow"),
        "is not one of the `enum` values (`cat`, `dog`)",
    );
    let s = "    S: {type: integer, enum: [1, 2]}\n";
    ok30(s, json!(2));
    ok30(s, json!(2.0));
    bad30(s, json!(3), "is not one of the `enum` values (`1`, `2`)");
    let s = "    S: {type: number, enum: [0.5, 1]}\n";
    ok30(s, json!(0.5));
    bad30(s, json!(0.25), "is not one of the `enum` values");
    let s = "    S: {type: boolean, enum: [true]}\n";
    ok30(s, json!(true));
    bad30(s, json!(false), "is not one of the `enum` values");
    // Mixed enums live in the any-schema: compared as JSON values.
    let s = "    S: {enum: [1, a, {k: [1]}]}\n";
    ok30(s, json!(1.0));
    ok30(s, json!({"k": [1]}));
    bad30(s, json!("b"), "is not one of the `enum` values");
    // 3.1 const: alone it is a one-value enum, with an enum it is kept as x-pactum-const.
    let s = "    S: {const: fixed}\n";
    assert!(check31(s, json!("fixed")).is_empty());
    assert_eq!(check31(s, json!("other")).len(), 1);
    let s = "    S: {type: string, enum: [a, b], const: a}\n";
    assert!(check31(s, json!("a")).is_empty());
    assert_eq!(
        pm(&check31(s, json!("b"))),
        [("$", "is not the `const` value \"a\"")]
    );
}

#[test]
fn string_length_counts_code_points() {
    let s = "    S: {type: string, minLength: 2, maxLength: 3}\n";
    ok30(s, json!("héé"));
    ok30(s, json!("😀😀😀"));
    bad30(
        s,
        json!("😀😀😀😀"),
        "is 4 characters long, longer than `maxLength` 3",
    );
    bad30(
        s,
        json!("é"),
        "is 1 characters long, shorter than `minLength` 2",
    );
}

#[test]
fn patterns_are_ecmascript_and_unanchored() {
    let s = "    S: {type: string, pattern: '^[a-z]+$'}\n";
    ok30(s, json!("abc"));
    bad30(s, json!("aBc"), "does not match the `pattern` `^[a-z]+$`");
    // Unanchored: a match anywhere is enough.
    let s = "    S: {type: string, pattern: '\\d'}\n";
    ok30(s, json!("ab3c"));
    bad30(s, json!("abc"), "does not match the `pattern` `\\d`");
    // ECMAScript syntax: lookahead, named groups, \u escapes.
    let s = "    S: {type: string, pattern: '^(?=.*[A-Z])(?<w>\\w+)\\u0021$'}\n";
    ok30(s, json!("aB!"));
    assert_eq!(check30(s, json!("ab!")).len(), 1);
    // Web-compatible escapes that the `u` flag rejects still compile.
    assert!(compile_pattern("^[\\w\\-\\.]+$").is_ok());
    assert!(compile_pattern("\\_").is_ok());
}

#[test]
fn an_invalid_pattern_passes_instead_of_crashing() {
    for p in ["[a-", "(unclosed", "a{2,1}", "(?<n>a)(?<n>b)", "*"] {
        assert!(compile_pattern(p).is_err(), "{p} should not compile");
    }
    let s = "    S: {type: string, pattern: '[a-', maxLength: 2}\n";
    ok30(s, json!("zz"));
    // The other keywords are still checked.
    bad30(
        s,
        json!("zzz"),
        "is 3 characters long, longer than `maxLength` 2",
    );
}

#[test]
fn formats_loosely() {
    let good = [
        ("date", "2024-02-29"),
        ("date-time", "2024-02-29T23:59:60Z"),
        ("date-time", "2024-01-01t00:00:00.123+05:30"),
        ("date-time", "2024-01-01 00:00:00-01:00"),
        ("time", "12:00:00Z"),
        ("uuid", "123e4567-e89b-12d3-a456-426614174000"),
        ("email", "a.b+c@example.com"),
        ("ipv4", "192.168.0.1"),
        ("ipv6", "::1"),
        ("ipv6", "2001:db8::8a2e:370:7334"),
        ("uri", "https://example.com/a?b=c"),
        ("uri", "urn:isbn:0451450523"),
        ("password", "anything at all"),
        ("color", "not a known format"),
    ];
    for (f, s) in good {
        assert!(format_ok(f, s), "{f}: {s}");
    }
    let bad = [
        ("date", "2023-02-29"),
        ("date", "2024-13-01"),
        ("date", "24-01-01"),
        ("date-time", "2024-01-01"),
        ("date-time", "2024-01-01T25:00:00Z"),
        ("date-time", "2024-01-01T10:00:00+0100"),
        ("uuid", "123e4567e89b12d3a456426614174000"),
        ("uuid", "123e4567-e89b-12d3-a456-42661417400g"),
        ("email", "no-at-sign"),
        ("email", "a b@example.com"),
        ("ipv4", "256.0.0.1"),
        ("ipv6", "1:2:3"),
        ("uri", "/relative/path"),
        ("uri", "https://exa mple.com"),
    ];
    for (f, s) in bad {
        assert!(!format_ok(f, s), "{f}: {s}");
    }
    let s = "    S: {type: string, format: date-time}\n";
    bad30(s, json!("yesterday"), "is not a valid `date-time`");
    let s = "    S: {type: string, format: uuid}\n";
    bad30(s, json!("x"), "is not a valid `uuid`");
}

#[test]
fn numeric_bounds() {
    let s = "    S: {type: integer, minimum: 1, maximum: 10}\n";
    ok30(s, json!(1));
    ok30(s, json!(10));
    bad30(s, json!(0), "is 0, below the `minimum` 1");
    bad30(s, json!(11), "is 11, above the `maximum` 10");
    let s = "    S: {type: number, minimum: 0, exclusiveMinimum: true, maximum: 1, exclusiveMaximum: true}\n";
    ok30(s, json!(0.5));
    bad30(s, json!(0), "is 0, not above the exclusive `minimum` 0");
    bad30(s, json!(1), "is 1, not below the exclusive `maximum` 1");
    // 3.1 numeric exclusive bounds.
    let s = "    S: {type: number, exclusiveMinimum: 0, exclusiveMaximum: 1.5}\n";
    assert!(check31(s, json!(1)).is_empty());
    assert_eq!(
        pm(&check31(s, json!(1.5))),
        [("$", "is 1.5, not below the exclusive `maximum` 1.5")]
    );
    let s = "    S: {type: integer, multipleOf: 5}\n";
    ok30(s, json!(-15));
    bad30(s, json!(12), "is 12, not a multiple of 5");
    let s = "    S: {type: number, multipleOf: 0.1}\n";
    ok30(s, json!(0.3));
    ok30(s, json!(12.7));
    bad30(s, json!(0.35), "is 0.35, not a multiple of 0.1");
    let s = "    S: {type: integer, format: int32}\n";
    ok30(s, json!(2_147_483_647));
    bad30(
        s,
        json!(2_147_483_648_i64),
        "is 2147483648, out of the `int32` range",
    );
}

#[test]
fn arrays() {
    let s = "    S: {type: array, items: {type: string}, minItems: 1, maxItems: 2}\n";
    ok30(s, json!(["a"]));
    bad30(s, json!([]), "has 0 items, fewer than `minItems` 1");
    bad30(
        s,
        json!(["a", "b", "c"]),
        "has 3 items, more than `maxItems` 2",
    );
    assert_eq!(
        pm(&check30(s, json!(["a", 2]))),
        [("$[1]", "is an integer, not a string")]
    );
    let s = "    S: {type: array, uniqueItems: true}\n";
    ok30(s, json!([1, 2, "1"]));
    bad30(
        s,
        json!([1, 2, 1.0]),
        "has equal items [0] and [2], but `uniqueItems` is true",
    );
    bad30(
        s,
        json!([{"a": 1, "b": 2}, {"b": 2, "a": 1}]),
        "has equal items [0] and [1], but `uniqueItems` is true",
    );
    bad30(
        s,
        json!(["x", "y", "x"]),
        "has equal items [0] and [2], but `uniqueItems` is true",
    );
    // 3.1 prefixItems: `items` applies after the prefix.
    let s = "    S: {type: array, prefixItems: [{type: string}], items: {type: integer}}\n";
    assert!(check31(s, json!(["a", 1, 2])).is_empty());
    assert_eq!(
        pm(&check31(s, json!(["a", "b"]))),
        [("$[1]", "is a string, not an integer")]
    );
}

#[test]
fn objects() {
    let s = "    S:
      type: object
      required: [id, name]
      properties:
        id: {type: integer}
        name: {type: string}
      additionalProperties: false
      minProperties: 2
";
    ok30(s, json!({"id": 1, "name": "a"}));
    let keywords: Vec<_> = check30(s, json!({"id": 1}))
        .iter()
        .map(|v| v.keyword)
        .collect();
    assert_eq!(keywords, ["required", "minProperties"]);
    assert_eq!(
        pm(&check30(s, json!({"id": 1}))),
        [
            ("$", "is missing the required property `name`"),
            ("$", "has 1 property, fewer than `minProperties` 2"),
        ]
    );
    assert_eq!(
        pm(&check30(s, json!({"id": 1, "name": "a", "extra": true}))),
        [(
            "$.extra",
            "is not allowed: the schema has `additionalProperties: false`"
        )]
    );
    let s = "    S: {type: object, additionalProperties: {type: integer}, maxProperties: 2}\n";
    ok30(s, json!({"a": 1, "b": 2}));
    assert_eq!(
        pm(&check30(s, json!({"a": 1, "b": "x", "c": 3}))),
        [
            ("$", "has 3 properties, more than `maxProperties` 2"),
            ("$.b", "is a string, not an integer"),
        ]
    );
    // Unusual keys are quoted in the path and escaped in the pointer.
    let s = "    S: {type: object, additionalProperties: {type: integer}}\n";
    let v = check30(s, json!({"a b/c": "x"}));
    assert_eq!(v[0].keyword, "type");
    assert_eq!(v[0].path, "$['a b/c']");
    assert_eq!(v[0].pointer, "/a b~1c");
    // 3.1 patternProperties: additional properties are not judged without it.
    let s = "    S: {type: object, patternProperties: {'^x-': {}}, additionalProperties: false}\n";
    assert!(check31(s, json!({"x-a": 1})).is_empty());
}

#[test]
fn read_only_and_write_only_by_side() {
    let s = "    S:
      type: object
      required: [id, password, name]
      properties:
        id: {type: integer, readOnly: true}
        password: {$ref: '#/components/schemas/Secret'}
        name: {type: string}
    Secret: {type: string, writeOnly: true}
";
    let request = check_in(
        "3.0.3",
        s,
        "S",
        json!({"name": "a", "password": "p"}),
        Side::Request,
    );
    assert!(request.is_empty(), "{request:#?}");
    let request = check_in("3.0.3", s, "S", json!({"name": "a"}), Side::Request);
    assert_eq!(
        pm(&request),
        [("$", "is missing the required property `password`")]
    );
    let response = check_in(
        "3.0.3",
        s,
        "S",
        json!({"name": "a", "id": 1}),
        Side::Response,
    );
    assert!(response.is_empty(), "{response:#?}");
    let response = check_in("3.0.3", s, "S", json!({"name": "a"}), Side::Response);
    assert_eq!(
        pm(&response),
        [("$", "is missing the required property `id`")]
    );
    let either = check_in("3.0.3", s, "S", json!({"name": "a"}), Side::Either);
    assert!(either.is_empty());
}

#[test]
fn combinators() {
    let s = "    S:
      allOf:
        - {type: object, properties: {a: {type: integer}}}
        - {type: object, properties: {b: {type: string}}}
";
    ok30(s, json!({"a": 1, "b": "x"}));
    assert_eq!(
        pm(&check30(s, json!({"a": "x", "b": 1}))),
        [
            ("$.a", "is a string, not an integer"),
            ("$.b", "is an integer, not a string"),
        ]
    );
    let s = "    S: {anyOf: [{type: string}, {type: integer}]}\n";
    ok30(s, json!(1));
    bad30(s, json!(true), "matches none of the `anyOf` schemas");
    let s = "    S: {oneOf: [{type: integer}, {type: number}]}\n";
    ok30(s, json!(1.5));
    bad30(
        s,
        json!(1),
        "matches more than one `oneOf` schema (#0 and #1)",
    );
    bad30(s, json!("1"), "matches none of the `oneOf` schemas");
    let s = "    S: {not: {type: string}}\n";
    ok30(s, json!(1));
    bad30(s, json!("a"), "matches the schema in `not`");
    // A single branch reports its own violations, with their paths.
    let s = "    S: {oneOf: [{type: object, required: [x]}]}\n";
    bad30(s, json!({}), "is missing the required property `x`");
    // Violations inside a trial are not reported (the branch's own message would mislead).
    let s = "    S: {anyOf: [{type: object, required: [x]}, {type: object, required: [y]}]}\n";
    ok30(s, json!({"y": 1}));
    bad30(s, json!({}), "matches none of the `anyOf` schemas");
}

#[test]
fn discriminator_picks_the_branch() {
    let s = "    S:
      oneOf:
        - {$ref: '#/components/schemas/Cat'}
        - {$ref: '#/components/schemas/Dog'}
      discriminator:
        propertyName: kind
        mapping: {dog: Dog}
    Cat:
      type: object
      required: [kind]
      properties: {kind: {type: string}, lives: {type: integer}}
    Dog:
      type: object
      required: [kind]
      properties: {kind: {type: string}, bark: {type: boolean}}
";
    // Without the discriminator, {kind} matches both branches.
    ok30(s, json!({"kind": "Cat"}));
    ok30(s, json!({"kind": "dog", "bark": true}));
    assert_eq!(
        pm(&check30(s, json!({"kind": "dog", "bark": "loud"}))),
        [("$.bark", "is a string, not a boolean")]
    );
    // A value naming no schema: plain oneOf semantics.
    bad30(
        s,
        json!({"kind": "cow"}),
        "matches more than one `oneOf` schema (#0 and #1)",
    );
}

#[test]
fn recursive_schemas_through_ref() {
    let s = "    S:
      type: object
      required: [name]
      properties:
        name: {type: string}
        children: {type: array, items: {$ref: '#/components/schemas/S'}}
";
    ok30(
        s,
        json!({"name": "a", "children": [{"name": "b", "children": [{"name": "c"}]}]}),
    );
    assert_eq!(
        pm(&check30(
            s,
            json!({"name": "a", "children": [{"name": "b", "children": [{"name": 3}]}]})
        )),
        [(
            "$.children[0].children[0].name",
            "is an integer, not a string"
        )]
    );
    // `{$ref}` inside a value stands for something unknown (some tools resolve it).
    let s2 = "    S: {type: object, required: [a], properties: {a: {type: integer}}}\n";
    ok30(s2, json!({"$ref": "examples.yaml#/pet"}));
    bad30(
        s2,
        json!({"$ref": "x", "b": 1}),
        "is missing the required property `a`",
    );
    // A reference cycle that never descends into the value terminates (depth guard).
    let s = "    S: {allOf: [{$ref: '#/components/schemas/T'}]}\n    T: {allOf: [{$ref: '#/components/schemas/S'}]}\n";
    ok30(s, json!(1));
}

#[test]
fn violations_are_capped() {
    let s = "    S: {type: array, items: {type: string}}\n";
    let yaml = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: 1.0.0}}\npaths: {{}}\ncomponents:\n  schemas:\n{s}"
    );
    let spec = spec_from_yaml(&yaml);
    let schema = &spec.openapi.components.as_ref().unwrap().schemas["S"];
    let mut checker = Checker::new(&spec);
    let value = json!([1, 2, 3, 4, 5]);
    assert_eq!(checker.check_ref(schema, &value, Side::Either, 2).len(), 2);
    assert_eq!(checker.check_ref(schema, &value, Side::Either, 10).len(), 5);
}

#[test]
fn json_equality_is_by_value() {
    assert!(json_eq(&json!(1), &json!(1.0)));
    assert!(json_eq(&json!({"a": [1, 2]}), &json!({"a": [1.0, 2]})));
    assert!(!json_eq(&json!([1, 2]), &json!([2, 1])));
    assert!(!json_eq(&json!("1"), &json!(1)));
    assert!(!json_eq(&json!({"a": 1}), &json!({"a": 1, "b": 2})));
}
