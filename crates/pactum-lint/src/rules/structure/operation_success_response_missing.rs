use openapiv3::StatusCode;

use crate::oas::operation_name;
use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags an operation under `paths` whose `responses` has no success status: no `2xx` or
    /// `3xx` code or range (`101 Switching Protocols` also counts). A `default` response alone
    /// does not count. A retired operation, one that declares `410 Gone`, is not reported.
    ///
    /// Webhooks and callbacks are not checked: there the responses are the receiver's
    /// acknowledgement, described for information only.
    ///
    /// ## Why is this bad?
    /// Clients and generated SDKs type the result of a call from its success responses. With
    /// only errors (or only `default`) declared, the successful result is undocumented, SDKs
    /// return an untyped value, and contract tests cannot tell a success from a failure.
    ///
    /// ## Example
    /// ```yaml
    /// paths:
    ///   /pets:
    ///     post:
    ///       operationId: createPet
    ///       responses:
    ///         '400': {description: Invalid pet}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// paths:
    ///   /pets:
    ///     post:
    ///       operationId: createPet
    ///       responses:
    ///         '201': {description: Created}
    ///         '400': {description: Invalid pet}
    /// ```
    pub OperationSuccessResponseMissing {
        id: "operation-success-response-missing",
        group: Structure,
        severity: Warning,
        summary: "Operation without a 2xx or 3xx response",
    }
}

fn is_success(code: &StatusCode) -> bool {
    match code {
        StatusCode::Code(c) => (200..400).contains(c) || *c == 101,
        StatusCode::Range(r) => *r == 2 || *r == 3,
    }
}

impl RuleCheck for OperationSuccessResponseMissing {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        for op in &cx.index().operations {
            if op.in_webhook || op.in_callback || !op.reachable {
                continue;
            }
            let codes = &op.operation.responses.responses;
            // A retired operation (`410 Gone`) has no success left to describe.
            if codes
                .keys()
                .any(|c| is_success(c) || *c == StatusCode::Code(410))
            {
                continue;
            }
            out.report(
                format!("{}/responses", op.pointer),
                format!(
                    "Operation {} declares no 2xx or 3xx response",
                    operation_name(op)
                ),
            )
            .at_key()
            .label("no success response")
            .help("Declare the success response, e.g. `'200': {description: …, content: …}`");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn fires_without_2xx_or_3xx() {
        let found = check_yaml(
            &super::OperationSuccessResponseMissing,
            r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths:
  /a:
    get: {responses: {'400': {description: Bad}, default: {description: Error}}}
    put: {responses: {'2XX': {description: OK}}}
    post: {responses: {'303': {description: See other}}}
    delete: {responses: {'204': {description: Gone}}}
    patch: {responses: {'101': {description: Switching}}}
    head: {deprecated: true, responses: {'410': {description: Retired}}}
webhooks:
  ping:
    post: {responses: {'400': {description: Bad}}}
"#,
        );
        let got: Vec<_> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(got, ["/paths/~1a/get/responses"]);
        assert_eq!(
            found[0].message,
            "Operation `GET /a` declares no 2xx or 3xx response"
        );
    }
}
