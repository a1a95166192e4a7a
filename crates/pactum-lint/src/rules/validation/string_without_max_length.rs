use openapiv3::{SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};

use crate::model::Direction;
use crate::rule::{Context, RuleCheck, Sink};
use crate::Severity;

crate::declare_rule! {
    /// ## What it does
    /// Flags string schemas with no upper bound: no `maxLength`, no `enum`, and no format that
    /// bounds the length (`uuid`, `date`, `date-time`, `time`, `ipv4`, `ipv6`).
    ///
    /// In request bodies and parameters the finding is reported at the rule's severity
    /// (`warning` by default); in responses it is `info`, since only clients read them.
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

const BOUNDED_FORMATS: &[&str] = &["uuid", "date", "date-time", "time", "ipv4", "ipv6"];

impl RuleCheck for StringWithoutMaxLength {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let index = cx.index();
        for site in &index.schemas {
            // Components used by no operation have no direction: nothing reads them.
            let Some(direction) = site.direction else {
                continue;
            };
            let data = &site.schema.schema_data;
            // A readOnly property is never sent in a request, a writeOnly one never returned.
            let unused = match site.http_message {
                Some(Direction::Request) => data.read_only,
                Some(Direction::Response) => data.write_only,
                None => false,
            };
            if unused || !unbounded(&site.schema.schema_kind) {
                continue;
            }
            let (severity, side) = match direction {
                Direction::Request => (out.severity(), "request"),
                Direction::Response => (Severity::Info, "response"),
            };
            out.report(
                &site.pointer,
                format!("String in a {side} has no `maxLength`"),
            )
            .severity(severity)
            .at_key()
            .label("unbounded string")
            .help("Add `maxLength`, an `enum`, or a bounded `format` such as `uuid` or `date-time`")
            .via(index.via(&site.pointer).iter().cloned());
        }
    }
}

fn unbounded(kind: &SchemaKind) -> bool {
    match kind {
        SchemaKind::Type(Type::String(s)) => {
            let bounded_format = match &s.format {
                VariantOrUnknownOrEmpty::Item(f) => {
                    matches!(f, StringFormat::Date | StringFormat::DateTime)
                }
                VariantOrUnknownOrEmpty::Unknown(f) => BOUNDED_FORMATS.contains(&f.as_str()),
                VariantOrUnknownOrEmpty::Empty => false,
            };
            s.max_length.is_none() && s.enumeration.is_empty() && !bounded_format
        }
        SchemaKind::Any(a) => {
            a.typ.as_deref() == Some("string")
                && a.max_length.is_none()
                && a.enumeration.is_empty()
                && !a
                    .format
                    .as_deref()
                    .is_some_and(|f| BOUNDED_FORMATS.contains(&f))
        }
        _ => false,
    }
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
                (
                    "/components/schemas/Pet/properties/name",
                    Severity::Warning,
                    2
                ),
                ("/components/schemas/Pet/properties/name", Severity::Info, 2),
                ("/components/schemas/Pet/properties/id", Severity::Info, 2),
            ]
        );
        assert_eq!(
            found[1].via,
            [
                "/paths/~1pets/post/requestBody/content/application~1json/schema",
                "/paths/~1pets/post/responses/200/content/application~1json/schema",
            ]
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
}
