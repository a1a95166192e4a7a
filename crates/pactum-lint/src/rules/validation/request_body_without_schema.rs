use std::collections::HashSet;

use openapiv3::{ReferenceOr, RequestBody};
use pactum_spec::pointer::escape;
use pactum_spec::visit::resolve;
use pactum_spec::ComponentKind;

use crate::rule::{Context, RuleCheck, Sink};
use crate::schema_util::is_binary_media_type;

crate::declare_rule! {
    /// ## What it does
    /// Flags media types of a request body that have no `schema`. A request body reached
    /// through `$ref` is reported once, at its `components.requestBodies` definition.
    ///
    /// Only bodies the server reads are checked: the request bodies of webhooks and
    /// callbacks are sent by the API, not received, and are skipped. Binary media types
    /// (`application/octet-stream`, `image/*`, …) are reported too — OpenAPI 3.1 allows
    /// omitting their schema, but then nothing bounds the upload: declare
    /// `{type: string, format: binary, maxLength: …}`.
    ///
    /// ## Why is this bad?
    /// With no schema there is nothing to validate against: generated servers accept any
    /// payload of any size, mocks and SDKs type the body as "anything", and reviewers cannot
    /// see what the endpoint expects (OWASP API4:2023, API8:2023).
    ///
    /// ## Example
    /// ```yaml
    /// requestBody:
    ///   content:
    ///     application/json: {}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// requestBody:
    ///   content:
    ///     application/json:
    ///       schema: {$ref: '#/components/schemas/NewPet'}
    /// ```
    pub RequestBodyWithoutSchema {
        id: "request-body-without-schema",
        group: Validation,
        severity: Warning,
        summary: "Request body media type without a schema",
    }
}

impl RuleCheck for RequestBodyWithoutSchema {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let index = cx.index();
        let mut seen: HashSet<String> = HashSet::new();
        for op in &index.operations {
            if op.in_webhook || op.in_callback || !op.reachable {
                continue;
            }
            let Some(body) = &op.operation.request_body else {
                continue;
            };
            let (base, body): (String, &RequestBody) = match body {
                ReferenceOr::Item(b) => (format!("{}/requestBody", op.pointer), b),
                ReferenceOr::Reference { reference } => {
                    let Some((name, b)) = resolve::<RequestBody>(cx.spec, reference) else {
                        continue;
                    };
                    (ComponentKind::RequestBodies.pointer(name), b)
                }
            };
            if !seen.insert(base.clone()) {
                continue;
            }
            for (media_type, media) in &body.content {
                if media.schema.is_some() {
                    continue;
                }
                let pointer = format!("{base}/content/{}", escape(media_type));
                let help = if is_binary_media_type(media_type) {
                    "Add `schema: {type: string, format: binary, maxLength: …}` to bound the upload"
                } else {
                    "Add a `schema` (usually a `$ref` to a component) describing the accepted body"
                };
                let via = index.via(&pointer);
                out.report(
                    &pointer,
                    format!("Request body `{media_type}` has no `schema`"),
                )
                .at_key()
                .label("accepts any payload")
                .help(help)
                .via(via.iter().cloned());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn media_types_without_schema() {
        let found = check_yaml(
            &super::RequestBodyWithoutSchema,
            r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths:
  /a:
    post:
      requestBody:
        content:
          application/json: {}
          text/plain: {schema: {type: string, maxLength: 9}}
      responses:
        '200': {description: OK, content: {application/json: {}}}
    put:
      requestBody: {$ref: '#/components/requestBodies/Upload'}
      responses: {'200': {description: OK}}
    patch:
      requestBody: {$ref: '#/components/requestBodies/Upload'}
      responses: {'200': {description: OK}}
webhooks:
  ping:
    post:
      requestBody: {content: {application/json: {}}}
      responses: {'200': {description: OK}}
components:
  requestBodies:
    Upload:
      content:
        application/octet-stream: {}
"#,
        );
        let got: Vec<_> = found
            .iter()
            .map(|f| (f.pointer.as_str(), f.via.len()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "/components/requestBodies/Upload/content/application~1octet-stream",
                    2
                ),
                ("/paths/~1a/post/requestBody/content/application~1json", 0),
            ]
        );
        assert!(found[0]
            .help
            .as_deref()
            .unwrap_or("")
            .contains("format: binary"));
    }
}
