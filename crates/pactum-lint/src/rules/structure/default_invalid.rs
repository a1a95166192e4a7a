use std::collections::HashSet;

use crate::rule::{Context, RuleCheck, Sink};
use crate::schema_check::{Checker, Side};

crate::declare_rule! {
    /// ## What it does
    /// Checks every schema's `default` against the schema itself (type with `nullable`,
    /// `enum`, lengths, `pattern`, formats, bounds, array and object keywords, combinators; see
    /// `example-invalid` for the details). Each violation is reported at the offending value.
    ///
    /// An empty object (`default: {}`) is accepted even when the schema has `required`
    /// properties: it is the common idiom for "present, with the nested defaults applied".
    ///
    /// ## Why is this bad?
    /// A default is what the server assumes when the client sends nothing, and what generated
    /// clients and servers fill in. A default outside the schema either cannot be produced by a
    /// client at all, or gets rejected by the server's own validation: both are bugs waiting
    /// for the first request that omits the field.
    ///
    /// ## Example
    /// ```yaml
    /// parameters:
    ///   - name: limit
    ///     in: query
    ///     schema: {type: integer, minimum: 1, maximum: 100, default: 500}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// parameters:
    ///   - name: limit
    ///     in: query
    ///     schema: {type: integer, minimum: 1, maximum: 100, default: 20}
    /// ```
    pub DefaultInvalid {
        id: "default-invalid",
        group: Structure,
        severity: Warning,
        summary: "Schema default that does not match the schema",
    }
}

impl RuleCheck for DefaultInvalid {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let index = cx.index();
        let mut checker = Checker::new(cx.spec);
        let mut done: HashSet<usize> = HashSet::new();
        for site in &index.schemas {
            let Some(default) = &site.schema.schema_data.default else {
                continue;
            };
            if !done.insert(site.schema as *const _ as usize) {
                continue;
            }
            for v in checker.check(site.schema, default, Side::Either, 10) {
                // `default: {}` on an object with required properties is the idiom for
                // "present, with the nested defaults applied" (Kubernetes uses it throughout).
                let empty_object = default
                    .pointer(&v.pointer)
                    .and_then(serde_json::Value::as_object)
                    .is_some_and(serde_json::Map::is_empty);
                if v.keyword == "required" && empty_object {
                    continue;
                }
                let message = if v.pointer.is_empty() {
                    format!("Default {}", v.message)
                } else {
                    format!("`{}` in the default {}", v.path, v.message)
                };
                out.report(format!("{}/default{}", site.pointer, v.pointer), message)
                    .label(format!("fails `{}`", v.keyword))
                    .help("Change the default to a value the schema accepts")
                    .via(index.via_in(&site.pointer, site.direction).cloned());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn reports_at_the_default() {
        let found = check_yaml(
            &super::DefaultInvalid,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /pets:
    get:
      parameters:
        - name: limit
          in: query
          schema: {type: integer, minimum: 1, maximum: 100, default: 500}
        - name: sort
          in: query
          schema: {type: string, enum: [asc, desc], default: asc}
      responses:
        '200': {description: OK}
components:
  schemas:
    Options:
      type: object
      properties:
        tags: {type: array, items: {type: string}, default: [a, 1]}
        mode: {type: string, default: null}
        off: {type: string, nullable: true, default: null}
        nested: {type: object, required: [a], properties: {a: {type: integer, default: 1}}, default: {}}
        wrong: {type: object, required: [a], properties: {a: {type: integer}}, default: {b: 1}}
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
                    "/paths/~1pets/get/parameters/0/schema/default",
                    "Default is 500, above the `maximum` 100"
                ),
                (
                    "/components/schemas/Options/properties/tags/default/1",
                    "`$[1]` in the default is an integer, not a string"
                ),
                (
                    "/components/schemas/Options/properties/mode/default",
                    "Default is null, not a string"
                ),
                (
                    "/components/schemas/Options/properties/wrong/default",
                    "Default is missing the required property `a`"
                ),
            ]
        );
    }
}
