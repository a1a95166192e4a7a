use openapiv3::{Operation, Parameter, ReferenceOr, StatusCode};
use pactum_spec::visit::resolve_or;
use pactum_spec::Spec;

use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags operations that take input — a request body, or query, header or cookie
    /// parameters (their own or the path item's) — but declare neither `400`, `422`, `4XX`
    /// nor `default`. Path parameters alone do not count: a path that does not parse is
    /// usually a `404`.
    ///
    /// Operations of webhooks and callbacks are skipped: their responses are written by the
    /// receiver, not by the API.
    ///
    /// The default severity is `info`: most published APIs leave some of these out (GitHub's
    /// REST description omits them on two thirds of its operations), and a `4XX` or
    /// `default` response documented once is often what clients really get.
    ///
    /// ## Why is this bad?
    /// Every input can be invalid. When the contract does not say how a rejected request
    /// looks, clients cannot tell validation errors from server errors, generated SDKs
    /// surface them as "unexpected status", and teams are tempted to return `500` or, worse,
    /// `200` with an error inside.
    ///
    /// ## Example
    /// ```yaml
    /// post:
    ///   operationId: createPet
    ///   requestBody: {$ref: '#/components/requestBodies/NewPet'}
    ///   responses:
    ///     '201': {description: Created}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// post:
    ///   operationId: createPet
    ///   requestBody: {$ref: '#/components/requestBodies/NewPet'}
    ///   responses:
    ///     '201': {description: Created}
    ///     '400': {$ref: '#/components/responses/BadRequest'}
    /// ```
    pub OperationWithout400 {
        id: "operation-without-400",
        group: Errors,
        severity: Info,
        summary: "Operation with input but no 400/422/4XX/default response",
    }
}

/// Declares a response for rejected input: `400`, `422`, `4XX` or `default`.
pub fn declares_bad_request(op: &Operation) -> bool {
    op.responses.default.is_some()
        || op
            .responses
            .responses
            .keys()
            .any(|c| matches!(c, StatusCode::Code(400 | 422) | StatusCode::Range(4)))
}

/// Some parameter is not in the path.
fn takes_parameters(spec: &Spec, params: &[ReferenceOr<Parameter>]) -> bool {
    params
        .iter()
        .filter_map(|p| resolve_or(spec, p))
        .any(|p| !matches!(p, Parameter::Path { .. }))
}

impl RuleCheck for OperationWithout400 {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        for op in &cx.index().operations {
            if op.in_webhook || op.in_callback || !op.reachable {
                continue;
            }
            let o = op.operation;
            if declares_bad_request(o) {
                continue;
            }
            let item_params = cx
                .spec
                .openapi
                .paths
                .paths
                .get(&op.path)
                .and_then(|item| resolve_or(cx.spec, item))
                .map_or(&[][..], |item| item.parameters.as_slice());
            let input = if o.request_body.is_some() {
                "a request body"
            } else if takes_parameters(cx.spec, &o.parameters)
                || takes_parameters(cx.spec, item_params)
            {
                "parameters"
            } else {
                continue;
            };
            out.report(
                &op.pointer,
                format!(
                    "Operation `{} {}` takes {input} but declares no `400` response",
                    op.method.to_uppercase(),
                    op.path
                ),
            )
            .at_key()
            .label("no response for invalid input")
            .with_label(format!("{}/responses", op.pointer), "declare `400` or `422` here")
            .help("Declare a `400` (or `422`) response with an error body, e.g. `application/problem+json`");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn operations_with_input_and_no_400() {
        let found = check_yaml(
            &super::OperationWithout400,
            r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths:
  /a/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string, format: uuid}}
    get:
      responses: {'200': {description: OK}}
    put:
      parameters: [{name: X-Trace, in: header, schema: {type: string}}]
      responses: {'200': {description: OK}}
    delete:
      responses: {'204': {description: OK}, 4XX: {description: Client error}}
  /b:
    get:
      responses: {'200': {description: OK}}
    post:
      requestBody: {content: {application/json: {schema: {type: object}}}}
      responses: {'201': {description: OK}, '422': {description: Invalid}}
    put:
      requestBody: {content: {application/json: {schema: {type: object}}}}
      responses: {'200': {description: OK}}
    patch:
      parameters: [{name: q, in: query, schema: {type: integer}}]
      responses: {'200': {description: OK}, default: {description: Error}}
webhooks:
  ping:
    post:
      requestBody: {content: {application/json: {schema: {type: object}}}}
      responses: {'200': {description: OK}}
"#,
        );
        let got: Vec<_> = found.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            got,
            [
                "Operation `PUT /a/{id}` takes parameters but declares no `400` response",
                "Operation `PUT /b` takes a request body but declares no `400` response",
            ]
        );
    }
}
