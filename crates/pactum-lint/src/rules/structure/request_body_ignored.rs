use openapiv3::{AdditionalProperties, RequestBody, SchemaKind, Type};
use pactum_spec::visit::resolve_or;
use pactum_spec::Spec;

use crate::oas::operation_name;
use crate::rule::{Context, RuleCheck, Sink};
use crate::Severity;

crate::declare_rule! {
    /// ## What it does
    /// Flags a `requestBody` on a `GET`, `HEAD` or `TRACE` operation (at the rule's severity,
    /// `warning` by default) and on a `DELETE` operation (`info`).
    ///
    /// Webhooks and callbacks are checked too: the hazard is the same HTTP request. A body
    /// that can only be empty (no content, or an object schema with no properties and
    /// `additionalProperties: false`, as some generators emit for every operation) is not
    /// reported.
    ///
    /// ## Why is this bad?
    /// HTTP gives a body on these methods no defined meaning (RFC 9110, 9.3), and OpenAPI 3.0
    /// does not support it. Proxies, CDNs, load balancers and client libraries drop the body,
    /// reject the request, or refuse to send it (browsers' `fetch` cannot send a body with
    /// `GET`); caches ignore it when keying responses. `DELETE` bodies fare better but are
    /// still dropped by some gateways and clients.
    ///
    /// ## Example
    /// ```yaml
    /// paths:
    ///   /pets/search:
    ///     get:
    ///       operationId: searchPets
    ///       requestBody:
    ///         content:
    ///           application/json:
    ///             schema: {$ref: '#/components/schemas/PetQuery'}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// paths:
    ///   /pets/search:
    ///     post:
    ///       operationId: searchPets
    ///       requestBody:
    ///         content:
    ///           application/json:
    ///             schema: {$ref: '#/components/schemas/PetQuery'}
    /// ```
    pub RequestBodyIgnored {
        id: "request-body-ignored",
        group: Structure,
        severity: Warning,
        summary: "Request body on GET, HEAD, TRACE or DELETE",
    }
}

/// True when the body admits no content at all.
fn always_empty(spec: &Spec, body: &RequestBody) -> bool {
    body.content.values().all(|media| {
        let Some(schema) = media.schema.as_ref().and_then(|s| resolve_or(spec, s)) else {
            return false;
        };
        matches!(
            &schema.schema_kind,
            SchemaKind::Type(Type::Object(o))
                if o.properties.is_empty()
                    && matches!(o.additional_properties, Some(AdditionalProperties::Any(false)))
        )
    })
}

impl RuleCheck for RequestBodyIgnored {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        for op in &cx.index().operations {
            let Some(body) = &op.operation.request_body else {
                continue;
            };
            if resolve_or(cx.spec, body).is_none_or(|b| always_empty(cx.spec, b)) {
                continue;
            }
            let severity = match op.method {
                "get" | "head" | "trace" => out.severity(),
                "delete" => Severity::Info,
                _ => continue,
            };
            out.report(
                format!("{}/requestBody", op.pointer),
                format!(
                    "Operation {} has a request body, which HTTP intermediaries may drop",
                    operation_name(op)
                ),
            )
            .severity(severity)
            .at_key()
            .label(format!("body on `{}`", op.method.to_ascii_uppercase()))
            .help("Move the input to path or query parameters, or make the operation a `POST`");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;
    use crate::Severity;

    #[test]
    fn warns_on_get_informs_on_delete() {
        let body = "{content: {application/json: {schema: {type: object}}}}";
        let empty = "{content: {application/x-www-form-urlencoded: {schema: \
                     {type: object, properties: {}, additionalProperties: false}}}}";
        let yaml = format!(
            r#"
openapi: 3.0.3
info: {{title: t, version: 1.0.0}}
paths:
  /pets:
    get: {{requestBody: {body}, responses: {{'200': {{description: OK}}}}}}
    delete: {{requestBody: {body}, responses: {{'200': {{description: OK}}}}}}
    post: {{requestBody: {body}, responses: {{'200': {{description: OK}}}}}}
  /empty:
    get: {{requestBody: {empty}, responses: {{'200': {{description: OK}}}}}}
"#
        );
        let found = check_yaml(&super::RequestBodyIgnored, &yaml);
        let got: Vec<_> = found
            .iter()
            .map(|f| (f.pointer.as_str(), f.severity))
            .collect();
        assert_eq!(
            got,
            [
                ("/paths/~1pets/get/requestBody", Severity::Warning),
                ("/paths/~1pets/delete/requestBody", Severity::Info),
            ]
        );
    }
}
