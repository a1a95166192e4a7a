use openapiv3::Schema;

use crate::model::Direction;
use crate::rule::{Context, RuleCheck, Sink};
use crate::schema_util::{
    bounds_length, format, is_binary_node, max_length, pattern, subject, type_name,
    BOUNDED_STRING_FORMATS,
};
use crate::Severity;

crate::declare_rule! {
    /// ## What it does
    /// Flags string schemas with no upper bound on their length: no `maxLength`, no `enum`
    /// (or 3.1 `const`), no format that bounds the length (`uuid`, `date`, `date-time`,
    /// `time`, `ipv4`, `ipv6`) and no anchored `pattern` without open-ended repetition (such as
    /// `^[A-Z]{2}[0-9]{4}$`).
    ///
    /// In request bodies and parameters the finding is reported at the rule's severity
    /// (`warning` by default); in responses it is `info`, since only clients read them.
    /// Components used by no operation, `readOnly` data in requests and `writeOnly` data in
    /// responses are skipped, and so are binary strings (`format: binary`/`byte`, opaque
    /// media types), which `binary-upload-unbounded` reports. A bound declared anywhere in a
    /// composition counts: a property bounded in one `allOf` branch is bounded, and a string
    /// branch of a 3.1 `type: [string, …]` takes the bounds written next to `type`.
    ///
    /// In webhooks and callbacks the API is the sender: their payloads count as response side,
    /// and the receiver's replies, which the API reads, as request side.
    ///
    /// ## Why is this bad?
    /// An unbounded string is an open door for oversized payloads (OWASP API4:2023,
    /// Unrestricted Resource Consumption): the server parses, stores, logs and indexes whatever
    /// it gets. Declaring the bound documents the contract and lets generated validators reject
    /// abuse before it reaches the handler.
    ///
    /// ## Example
    /// ```yaml
    /// components:
    ///   schemas:
    ///     NewPet:
    ///       type: object
    ///       properties:
    ///         name: {type: string}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// components:
    ///   schemas:
    ///     NewPet:
    ///       type: object
    ///       properties:
    ///         name: {type: string, maxLength: 100}
    /// ```
    pub StringWithoutMaxLength {
        id: "string-without-max-length",
        group: Validation,
        severity: Warning,
        summary: "String schema without maxLength, enum or a bounded format",
    }
}

impl RuleCheck for StringWithoutMaxLength {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let index = cx.index();
        for site in &index.schemas {
            // Components used by no operation have no direction: nothing reads them.
            let Some(direction) = site.direction else {
                continue;
            };
            if site.never_sent
                || type_name(site.schema) != Some("string")
                || is_binary_node(site)
                || cx.composition().any(site.schema, length_bounded)
                || cx.composition().enumerated(site.schema)
            {
                continue;
            }
            let (severity, side) = match direction {
                Direction::Request => (out.severity(), ""),
                Direction::Response => (Severity::Info, " in a response"),
            };
            out.report(
                &site.pointer,
                format!("String {}{side} has no `maxLength`", subject(site)),
            )
            .severity(severity)
            .at_key()
            .label("unbounded string")
            .help("Add `maxLength`, an `enum`, or a bounded `format` such as `uuid` or `date-time`")
            .via(index.via_in(&site.pointer, site.direction).cloned());
        }
    }
}

/// The string's length is bounded by this schema's own keywords.
pub(crate) fn length_bounded(s: &Schema) -> bool {
    max_length(s).is_some()
        || format(s).is_some_and(|f| BOUNDED_STRING_FORMATS.contains(&f))
        || pattern(s).is_some_and(bounds_length)
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;
    use crate::Severity;

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /pets:
    post:
      operationId: createPet
      parameters:
        - {name: q, in: query, schema: {type: string}}
        - {name: id, in: query, schema: {type: string, format: uuid}}
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Pet'}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
components:
  schemas:
    Pet:
      type: object
      properties:
        name: {type: string}
        kind: {type: string, enum: [cat, dog]}
        nick: {type: string, maxLength: 20}
        id: {type: string, readOnly: true}
"#;

    #[test]
    fn request_warns_response_informs() {
        let found = check_yaml(&super::StringWithoutMaxLength, SPEC);
        let got: Vec<_> = found
            .iter()
            .map(|f| (f.pointer.as_str(), f.severity, f.via.len()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "/paths/~1pets/post/parameters/0/schema",
                    Severity::Warning,
                    0
                ),
                // Each side lists the usages reached on that side only.
                (
                    "/components/schemas/Pet/properties/name",
                    Severity::Warning,
                    1
                ),
                ("/components/schemas/Pet/properties/name", Severity::Info, 1),
                ("/components/schemas/Pet/properties/id", Severity::Info, 1),
            ]
        );
        assert_eq!(
            found[1].via,
            ["/paths/~1pets/post/requestBody/content/application~1json/schema"]
        );
        assert_eq!(
            found[2].via,
            ["/paths/~1pets/post/responses/200/content/application~1json/schema"]
        );
    }

    #[test]
    fn unused_components_are_not_checked() {
        let spec = SPEC.replace(
            "{$ref: '#/components/schemas/Pet'}",
            "{type: integer, maximum: 9}",
        );
        let found = check_yaml(&super::StringWithoutMaxLength, &spec);
        assert_eq!(found.len(), 1, "{found:#?}");
    }

    #[test]
    fn a_schema_property_named_responses_is_just_a_property() {
        let spec = SPEC.replace("nick:", "responses:");
        let found = check_yaml(&super::StringWithoutMaxLength, &spec);
        assert_eq!(found.len(), 4);
    }

    fn pointers(yaml: &str) -> Vec<String> {
        check_yaml(&super::StringWithoutMaxLength, yaml)
            .into_iter()
            .map(|f| f.pointer)
            .collect()
    }

    fn body(version: &str, schemas: &str) -> String {
        format!(
            r#"
openapi: {version}
info: {{title: t, version: 1.0.0}}
paths:
  /pets:
    post:
      requestBody:
        content:
          application/json:
            schema: {{$ref: '#/components/schemas/Body'}}
      responses:
        '204': {{description: OK}}
components:
  schemas:
{schemas}
"#
        )
    }

    #[test]
    fn bounds_from_formats_const_and_patterns() {
        let yaml = body(
            "3.1.0",
            r#"
    Body:
      type: object
      properties:
        a: {type: string, format: uuid}
        b: {type: string, format: date-time}
        c: {type: string, format: ipv4}
        d: {type: string, const: fixed}
        e: {type: string, pattern: '^[A-Z]{2}[0-9]{1,6}$'}
        f: {type: string, pattern: '^[a-z]+$'}
        g: {type: string, format: email}
        h: {type: string, format: binary}
"#,
        );
        assert_eq!(
            pointers(&yaml),
            [
                "/components/schemas/Body/properties/f",
                "/components/schemas/Body/properties/g",
            ]
        );
    }

    #[test]
    fn a_property_bounded_in_one_all_of_branch_is_bounded() {
        let yaml = body(
            "3.0.3",
            r#"
    Body:
      allOf:
        - $ref: '#/components/schemas/Base'
        - type: object
          properties:
            name: {type: string}
            other: {type: string}
    Base:
      type: object
      properties:
        name: {type: string, maxLength: 10}
        note: {type: string}
"#,
        );
        assert_eq!(
            pointers(&yaml),
            [
                "/components/schemas/Base/properties/note",
                "/components/schemas/Body/allOf/1/properties/other",
            ]
        );
        // And the other way round: the inline branch bounds the component's property, as
        // long as the component is only used inside `allOf`.
        let yaml = yaml
            .replace(
                "name: {type: string}
",
                "note: {maxLength: 5}
",
            )
            .replace(
                "other: {type: string}",
                "other: {type: string, maxLength: 1}",
            );
        assert_eq!(pointers(&yaml), Vec::<String>::new());
    }

    #[test]
    fn a_component_also_used_alone_keeps_its_own_bounds() {
        let yaml = body(
            "3.0.3",
            r#"
    Body:
      allOf:
        - $ref: '#/components/schemas/Base'
        - properties:
            note: {maxLength: 5}
    Base:
      type: object
      properties:
        note: {type: string}
"#,
        )
        .replace(
            "      responses:",
            "      parameters:\n        - {name: b, in: header, content: {application/json: {schema: {$ref: '#/components/schemas/Base'}}}}\n      responses:",
        );
        assert_eq!(
            pointers(&yaml),
            ["/components/schemas/Base/properties/note"]
        );
    }

    #[test]
    fn a_string_branch_of_a_type_array_takes_the_bounds_next_to_type() {
        let yaml = body(
            "3.1.0",
            r#"
    Body:
      type: object
      properties:
        split: {type: [string, integer], maxLength: 5, maximum: 9}
        mixed: {type: [string, object], maxLength: 5, properties: {a: {type: integer}}}
        open: {type: [string, integer]}
"#,
        );
        let found = check_yaml(&super::StringWithoutMaxLength, &yaml);
        let got: Vec<_> = found
            .iter()
            .map(|f| (f.pointer.as_str(), f.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [(
                "/components/schemas/Body/properties/open/anyOf/0",
                "String `anyOf` branch 0 of property `open` has no `maxLength`"
            )]
        );
    }

    #[test]
    fn read_only_subtrees_are_not_request_input() {
        let yaml = body(
            "3.0.3",
            r#"
    Body:
      type: object
      properties:
        owner:
          readOnly: true
          type: object
          properties:
            name: {type: string}
        tags:
          type: array
          maxItems: 3
          items: {type: string}
"#,
        );
        assert_eq!(
            pointers(&yaml),
            ["/components/schemas/Body/properties/tags/items"]
        );
    }
}
