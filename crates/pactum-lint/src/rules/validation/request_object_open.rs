use openapiv3::{AdditionalProperties, Schema, SchemaKind};
use pactum_spec::visit::resolve_or;
use pactum_spec::{Spec, SpecVersion};

use crate::model::{combinators, properties};
use crate::rule::{Context, RuleCheck, Sink};
use crate::schema_util::{additional_properties, is_request_input, kept, subject, type_name};

crate::declare_rule! {
    /// ## What it does
    /// Flags request objects that accept properties they do not declare: `additionalProperties`
    /// missing (it defaults to `true`) or `true`, and free-form objects (`type: object` with
    /// no `properties`). Maps (`additionalProperties: {schema}`, 3.1 `patternProperties`) are
    /// left to `map-without-max-properties`.
    ///
    /// Compositions are handled so that following the advice never breaks a schema:
    /// - a schema used as an `allOf` branch anywhere is not asked to close itself, because
    ///   `additionalProperties: false` there rejects the properties the other branches add;
    /// - an `allOf` composition is closed with 3.1's `unevaluatedProperties: false`, which sees
    ///   through the branches; in 3.1 the composition is flagged without it. OpenAPI 3.0 has
    ///   no such keyword, so 3.0 compositions are not flagged;
    /// - a composition or a property counts as closed when any of its `allOf` members (or
    ///   another `allOf` declaration of the same property) is closed;
    /// - `oneOf`/`anyOf` branches are checked like any object (closing them is what makes the
    ///   alternatives distinguishable).
    ///
    /// Only request-side objects are checked (what the server reads, including object
    /// parameters); response objects are not reported — leaving them open is how an API adds
    /// fields without breaking clients. `readOnly` properties are skipped.
    ///
    /// In webhooks and callbacks the API is the sender: their payloads count as response side,
    /// and the receiver's replies, which the API reads, as request side.
    ///
    /// ## Why is this bad?
    /// A server that binds request JSON to its models accepts every field the model has,
    /// declared or not: `"role": "admin"`, `"balance": 1e9`, `"ownerId": …` (OWASP
    /// API3:2023, mass assignment). A closed schema makes validators reject undeclared fields
    /// before they reach the binder, and catches client typos.
    ///
    /// ## Example
    /// ```yaml
    /// NewUser:
    ///   type: object
    ///   properties:
    ///     name: {type: string, maxLength: 100}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// NewUser:
    ///   type: object
    ///   additionalProperties: false
    ///   properties:
    ///     name: {type: string, maxLength: 100}
    /// ```
    pub RequestObjectOpen {
        id: "request-object-open",
        group: Validation,
        severity: Warning,
        summary: "Request object that accepts undeclared properties",
    }
}

/// `additionalProperties: false` or 3.1 `unevaluatedProperties: false`.
fn closed(s: &Schema) -> bool {
    matches!(
        additional_properties(s),
        Some(AdditionalProperties::Any(false))
    ) || kept(s, "unevaluatedProperties") == Some(&serde_json::Value::Bool(false))
}

/// A map: `additionalProperties` is a schema, or 3.1 `patternProperties`.
fn is_map(s: &Schema) -> bool {
    matches!(
        additional_properties(s),
        Some(AdditionalProperties::Schema(_))
    ) || kept(s, "patternProperties").is_some()
}

fn is_object(s: &Schema) -> bool {
    match type_name(s) {
        Some(t) => t == "object",
        None => properties(s).is_some_and(|p| !p.is_empty()),
    }
}

/// An `allOf` composition with at least one object member.
fn object_composition(spec: &Spec, s: &Schema) -> bool {
    combinators(s)[0]
        .iter()
        .filter_map(|b| resolve_or(spec, b))
        .any(|b| is_object(b) || object_composition_shallow(b))
}

fn object_composition_shallow(s: &Schema) -> bool {
    matches!(s.schema_kind, SchemaKind::AllOf { .. }) || !combinators(s)[0].is_empty()
}

impl RuleCheck for RequestObjectOpen {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let index = cx.index();
        let v31 = cx.spec.version == SpecVersion::V31;
        for site in &index.schemas {
            if !is_request_input(site) {
                continue;
            }
            let s = site.schema;
            let composite = !combinators(s)[0].is_empty();
            if composite {
                if !v31 || !object_composition(cx.spec, s) {
                    continue;
                }
            } else if !is_object(s) {
                continue;
            }
            let comp = cx.composition();
            if is_map(s) || comp.is_all_of_branch(s) || comp.any(s, closed) {
                continue;
            }
            let via: Vec<String> = index
                .via_in(&site.pointer, site.direction)
                .cloned()
                .collect();
            let what = subject(site);
            let finding = if composite {
                out.report(
                    &site.pointer,
                    format!("Request {what} is an `allOf` composition that accepts undeclared properties"),
                )
                .at_key()
                .label("open composition")
                .help("Add `unevaluatedProperties: false` next to `allOf` (it sees the properties of every branch)")
            } else if let Some(AdditionalProperties::Any(true)) = additional_properties(s) {
                out.report(
                    format!("{}/additionalProperties", site.pointer),
                    format!("Request {what} explicitly accepts undeclared properties"),
                )
                .label("`additionalProperties: true`")
                .help("Set `additionalProperties: false`, or use a schema with `maxProperties` if it is a map")
            } else if properties(s).is_none_or(|p| p.is_empty()) {
                out.report(
                    &site.pointer,
                    format!("Request {what} is a free-form object"),
                )
                .at_key()
                .label("accepts any properties")
                .help("Declare its `properties` with `additionalProperties: false`, or make it a bounded map (`additionalProperties: {schema}` with `maxProperties`)")
            } else {
                out.report(
                    &site.pointer,
                    format!("Request {what} accepts undeclared properties"),
                )
                .at_key()
                .label("`additionalProperties` defaults to true")
                .help("Add `additionalProperties: false`")
            };
            finding.via(via.iter().cloned());
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    fn spec(version: &str, schemas: &str) -> String {
        format!(
            r#"
openapi: {version}
info: {{title: t, version: 1.0.0}}
paths:
  /a:
    post:
      requestBody:
        content:
          application/json:
            schema: {{$ref: '#/components/schemas/Body'}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/Out'}}
components:
  schemas:
    Out: {{type: object, properties: {{a: {{type: string}}}}}}
{schemas}
"#
        )
    }

    fn messages(yaml: &str) -> Vec<(String, String)> {
        check_yaml(&super::RequestObjectOpen, yaml)
            .into_iter()
            .map(|f| (f.pointer, f.message))
            .collect()
    }

    #[test]
    fn open_free_form_and_explicit() {
        let yaml = spec(
            "3.0.3",
            r#"
    Body:
      type: object
      additionalProperties: false
      properties:
        meta: {type: object}
        opts: {type: object, additionalProperties: true, properties: {x: {type: integer}}}
        addr: {type: object, properties: {city: {type: string}}}
        map: {type: object, additionalProperties: {type: string}}
        ro: {type: object, readOnly: true}
"#,
        );
        let p = "/components/schemas/Body/properties";
        assert_eq!(
            messages(&yaml),
            [
                (
                    format!("{p}/meta"),
                    "Request property `meta` is a free-form object".to_string()
                ),
                (
                    format!("{p}/opts/additionalProperties"),
                    "Request property `opts` explicitly accepts undeclared properties".to_string()
                ),
                (
                    format!("{p}/addr"),
                    "Request property `addr` accepts undeclared properties".to_string()
                ),
            ]
        );
    }

    const COMPOSED: &str = r#"
    Body:
      allOf:
        - $ref: '#/components/schemas/Base'
        - type: object
          properties:
            extra: {type: string}
    Base:
      type: object
      properties:
        name: {type: string}
"#;

    #[test]
    fn all_of_branches_are_not_asked_to_close() {
        // 3.0: no way to close the composition; nothing is reported.
        assert_eq!(messages(&spec("3.0.3", COMPOSED)), []);
        // 3.1: the composition itself is reported, with `unevaluatedProperties` as the fix.
        let found = check_yaml(&super::RequestObjectOpen, &spec("3.1.0", COMPOSED));
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].pointer, "/components/schemas/Body");
        assert!(found[0]
            .help
            .as_deref()
            .unwrap_or("")
            .contains("unevaluatedProperties"));
        let closed = COMPOSED.replace("  allOf:", "  unevaluatedProperties: false\n      allOf:");
        assert_eq!(messages(&spec("3.1.0", &closed)), []);
        // A closed member closes the composition.
        let closed = COMPOSED.replace(
            "          properties:\n            extra",
            "          additionalProperties: false\n          properties:\n            extra",
        );
        assert_eq!(messages(&spec("3.1.0", &closed)), []);
    }

    #[test]
    fn a_lone_all_of_wrapper_merges_nothing() {
        // The 3.0 idiom for a `$ref` with siblings: closing `Base` breaks nothing.
        let yaml = spec(
            "3.0.3",
            r#"
    Body:
      allOf:
        - $ref: '#/components/schemas/Base'
      description: The body
    Base:
      type: object
      properties:
        name: {type: string}
"#,
        );
        let found = messages(&yaml);
        assert_eq!(
            found,
            [(
                "/components/schemas/Base".to_string(),
                "Request schema `Base` accepts undeclared properties".to_string()
            )]
        );
    }

    #[test]
    fn nullable_ref_idiom_of_a_scalar_is_not_an_object() {
        let yaml = spec(
            "3.1.0",
            r#"
    Body:
      type: object
      additionalProperties: false
      properties:
        kind:
          allOf: [{$ref: '#/components/schemas/Kind'}]
          description: the kind
    Kind: {type: string, enum: [a, b]}
"#,
        );
        assert_eq!(messages(&yaml), []);
    }
}
