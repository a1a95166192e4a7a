use openapiv3::{SchemaKind, Type};
use pactum_spec::SpecVersion;
use serde_json::Value;

use crate::rule::{Context, RuleCheck, Sink};
use crate::schema_check::kind_of;

crate::declare_rule! {
    /// ## What it does
    /// Flags an `enum` value that is not of the schema's `type`, including `null` in the enum
    /// of a schema that is not `nullable` (3.0) or has no `"null"` type (3.1). Each value is
    /// reported where it is written; a 3.1 `const` of the wrong type is reported too.
    ///
    /// ## Why is this bad?
    /// No instance can both have the declared type and equal that value, so the value is dead:
    /// validators reject it, generated enums either fail to compile or drop it, and readers are
    /// left guessing which of the two the API really sends.
    ///
    /// ## Example
    /// ```yaml
    /// components:
    ///   schemas:
    ///     Size: {type: integer, enum: [1, 2, "3"]}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// components:
    ///   schemas:
    ///     Size: {type: integer, enum: [1, 2, 3]}
    /// ```
    pub EnumValueTypeMismatch {
        id: "enum-value-type-mismatch",
        group: Structure,
        severity: Warning,
        summary: "enum value not of the schema's type",
    }
}

impl RuleCheck for EnumValueTypeMismatch {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let index = cx.index();
        for site in &index.schemas {
            let nullable = site.schema.schema_data.nullable;
            // (position, value (`None`: null), expected type) of each mismatching value.
            let mut bad: Vec<(usize, Option<&Value>, &str)> = Vec::new();
            match &site.schema.schema_kind {
                SchemaKind::Type(t) => {
                    // The typed model only holds values of its type; null is the exception.
                    let (nulls, name): (Vec<usize>, &str) = match t {
                        Type::String(s) => (nulls(&s.enumeration), "a string"),
                        Type::Number(n) => (nulls(&n.enumeration), "a number"),
                        Type::Integer(i) => (nulls(&i.enumeration), "an integer"),
                        Type::Boolean(b) => (nulls(&b.enumeration), "a boolean"),
                        Type::Object(_) | Type::Array(_) => (Vec::new(), ""),
                    };
                    if !nullable {
                        bad.extend(nulls.into_iter().map(|i| (i, None, name)));
                    }
                }
                SchemaKind::Any(a) => {
                    let Some(typ) = a.typ.as_deref() else {
                        continue;
                    };
                    for (i, v) in a.enumeration.iter().enumerate() {
                        let fits = match v {
                            Value::Null => nullable,
                            _ => instance_of(v, typ),
                        };
                        if !fits {
                            bad.push((i, Some(v).filter(|v| !v.is_null()), article(typ)));
                        }
                    }
                }
                _ => {}
            }
            // A 3.1 `const` alone arrives as a one-value `enum`: report it as written.
            let from_const = !bad.is_empty()
                && cx.spec.version == SpecVersion::V31
                && !cx
                    .spec
                    .source_map
                    .locate(&format!("{}/enum", site.pointer))
                    .exact;
            for (i, value, expected) in bad {
                let (keyword, at) = if from_const {
                    ("const", format!("{}/const", site.pointer))
                } else {
                    ("enum", format!("{}/enum/{i}", site.pointer))
                };
                let (message, help) = match value {
                    None => (
                        format!("`{keyword}` value null is not allowed: the schema is {expected} and not `nullable`"),
                        "Add `nullable: true` (3.1: `\"null\"` in `type`) or remove the null",
                    ),
                    Some(v) => (
                        format!("`{keyword}` value `{v}` is {}, not {expected}", kind_of(v)),
                        "Write the value with the schema's type, or remove it",
                    ),
                };
                out.report(at, message)
                    .label("wrong type")
                    .help(help)
                    .via(index.via_in(&site.pointer, site.direction).cloned());
            }
        }
    }
}

fn nulls<T>(values: &[Option<T>]) -> Vec<usize> {
    values
        .iter()
        .enumerate()
        .filter(|(_, v)| v.is_none())
        .map(|(i, _)| i)
        .collect()
}

fn instance_of(v: &Value, typ: &str) -> bool {
    match typ {
        "string" => v.is_string(),
        "number" => v.is_number(),
        "integer" => v.as_f64().is_some_and(|f| f.fract() == 0.0),
        "boolean" => v.is_boolean(),
        "object" => v.is_object(),
        "array" => v.is_array(),
        _ => true,
    }
}

fn article(typ: &str) -> &'static str {
    match typ {
        "string" => "a string",
        "number" => "a number",
        "integer" => "an integer",
        "boolean" => "a boolean",
        "object" => "an object",
        "array" => "an array",
        _ => "another type",
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn reports_each_value() {
        let found = check_yaml(
            &super::EnumValueTypeMismatch,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths: {}
components:
  schemas:
    Size: {type: integer, enum: [1, 2, "3", 4.5]}
    Kind: {type: string, enum: [a, null]}
    Maybe: {type: string, nullable: true, enum: [a, null]}
    Fine: {type: string, enum: [a, b]}
    Untyped: {enum: [1, a]}
"#,
        );
        let got: Vec<_> = found
            .iter()
            .map(|f| (f.pointer.as_str(), f.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "/components/schemas/Size/enum/2",
                    "`enum` value `\"3\"` is a string, not an integer"
                ),
                (
                    "/components/schemas/Size/enum/3",
                    "`enum` value `4.5` is a number, not an integer"
                ),
                (
                    "/components/schemas/Kind/enum/1",
                    "`enum` value null is not allowed: the schema is a string and not `nullable`"
                ),
            ]
        );
    }

    #[test]
    fn null_in_31_type_arrays_is_fine() {
        let found = check_yaml(
            &super::EnumValueTypeMismatch,
            r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
components:
  schemas:
    Kind: {type: [string, 'null'], enum: [a, null]}
    Bad: {type: string, enum: [a, 1]}
    Fixed: {type: string, const: 1}
"#,
        );
        let got: Vec<_> = found
            .iter()
            .map(|f| (f.pointer.as_str(), f.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "/components/schemas/Bad/enum/1",
                    "`enum` value `1` is an integer, not a string"
                ),
                (
                    "/components/schemas/Fixed/const",
                    "`const` value `1` is an integer, not a string"
                ),
            ]
        );
    }
}
