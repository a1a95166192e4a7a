use openapiv3::{SchemaKind, Type};
use pactum_spec::visit::resolve_boxed;
use pactum_spec::Spec;

use crate::rule::{Context, RuleCheck, Sink};
use crate::schema_util::{has_enum, is_request_input, max_items, subject, type_name};

crate::declare_rule! {
    /// ## What it does
    /// Flags request arrays without `maxItems`. An array with `uniqueItems: true` whose
    /// items are an `enum` is bounded by the enum and is skipped.
    ///
    /// Only request-side schemas are checked (what the server reads); response arrays are
    /// not reported (bound them with pagination instead). `readOnly` properties are skipped.
    /// A `maxItems` in another `allOf` branch for the same property counts.
    ///
    /// In webhooks and callbacks the API is the sender: their payloads count as response side,
    /// and the receiver's replies, which the API reads, as request side.
    ///
    /// ## Why is this bad?
    /// An unbounded array lets one request carry a million elements: the server allocates,
    /// loops, and often issues one database query per element (OWASP API4:2023,
    /// Unrestricted Resource Consumption). Batch endpoints are the classic target.
    ///
    /// ## Example
    /// ```yaml
    /// properties:
    ///   ids:
    ///     type: array
    ///     items: {type: string, format: uuid}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// properties:
    ///   ids:
    ///     type: array
    ///     maxItems: 100
    ///     items: {type: string, format: uuid}
    /// ```
    pub ArrayWithoutMaxItems {
        id: "array-without-max-items",
        group: Validation,
        severity: Warning,
        summary: "Request array without maxItems",
    }
}

impl RuleCheck for ArrayWithoutMaxItems {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let index = cx.index();
        for site in &index.schemas {
            if !is_request_input(site) || type_name(site.schema) != Some("array") {
                continue;
            }
            if cx
                .composition()
                .any(site.schema, |s| max_items(s).is_some())
                || cx.composition().enumerated(site.schema)
                || unique_enum_items(cx.spec, site.schema)
            {
                continue;
            }
            out.report(
                &site.pointer,
                format!("Array {} has no `maxItems`", subject(site)),
            )
            .at_key()
            .label("unbounded array")
            .help("Add `maxItems` with the largest batch the server accepts")
            .via(index.via_in(&site.pointer, site.direction).cloned());
        }
    }
}

/// `uniqueItems: true` with `enum` items: at most as many items as enum values.
fn unique_enum_items(spec: &Spec, s: &openapiv3::Schema) -> bool {
    let (unique, items) = match &s.schema_kind {
        SchemaKind::Type(Type::Array(a)) => (a.unique_items, a.items.as_ref()),
        SchemaKind::Any(a) => (a.unique_items == Some(true), a.items.as_ref()),
        _ => return false,
    };
    unique
        && items
            .and_then(|i| resolve_boxed(spec, i))
            .is_some_and(has_enum)
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn unbounded_request_arrays() {
        let found = check_yaml(
            &super::ArrayWithoutMaxItems,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /items:
    post:
      parameters:
        - {name: ids, in: query, schema: {type: array, items: {type: integer}}}
        - {name: kinds, in: query, schema: {type: array, uniqueItems: true, items: {type: string, enum: [a, b]}}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                tags: {type: array, maxItems: 5, items: {type: string}}
                lines: {type: array, items: {type: string}}
                seen: {type: array, readOnly: true, items: {type: string}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {type: array, items: {type: string}}
"#,
        );
        let got: Vec<_> = found.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            got,
            [
                "Array query parameter `ids` has no `maxItems`",
                "Array property `lines` has no `maxItems`",
            ]
        );
    }

    #[test]
    fn webhook_payloads_are_sent_and_replies_are_read() {
        let found = check_yaml(
            &super::ArrayWithoutMaxItems,
            r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
webhooks:
  orderPaid:
    post:
      requestBody:
        content:
          application/json:
            schema: {type: array, items: {type: string}}
      responses:
        '200':
          description: Acknowledged
          content:
            application/json:
              schema: {type: array, items: {type: string}}
"#,
        );
        let got: Vec<_> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(
            got,
            ["/webhooks/orderPaid/post/responses/200/content/application~1json/schema"]
        );
    }
}
