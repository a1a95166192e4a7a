use openapiv3::StatusCode;

use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags operations that require authentication but declare neither `401`, `4XX` nor
    /// `default`. An operation requires authentication when its own `security` (or, without
    /// one, the document's) is non-empty and has no empty requirement `{}` (which makes
    /// authentication optional); `security: []` opts out.
    ///
    /// Operations of webhooks and callbacks are skipped: there the API is the caller, and
    /// the receiver decides how it rejects unauthenticated calls.
    ///
    /// ## Why is this bad?
    /// Missing, expired and revoked credentials are the most common failure of a secured
    /// API. When the contract does not declare the `401`, generated clients cannot offer a
    /// typed "re-authenticate" path, and documentation hides the `WWW-Authenticate` header
    /// and error body clients need to recover.
    ///
    /// ## Example
    /// ```yaml
    /// security: [{bearer: []}]
    /// paths:
    ///   /pets:
    ///     get:
    ///       responses:
    ///         '200': {description: OK}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// security: [{bearer: []}]
    /// paths:
    ///   /pets:
    ///     get:
    ///       responses:
    ///         '200': {description: OK}
    ///         '401': {$ref: '#/components/responses/Unauthorized'}
    /// ```
    pub SecuredOperationWithout401 {
        id: "secured-operation-without-401",
        group: Errors,
        severity: Warning,
        summary: "Secured operation without a 401/4XX/default response",
    }
}

impl RuleCheck for SecuredOperationWithout401 {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        for op in &cx.index().operations {
            if op.in_webhook || op.in_callback || !op.reachable {
                continue;
            }
            let o = op.operation;
            let (requirements, pointer) = match &o.security {
                Some(own) => (own, format!("{}/security", op.pointer)),
                None => match &cx.spec.openapi.security {
                    Some(top) => (top, "/security".to_string()),
                    None => continue,
                },
            };
            let required = !requirements.is_empty() && requirements.iter().all(|r| !r.is_empty());
            let declared = o.responses.default.is_some()
                || o.responses
                    .responses
                    .keys()
                    .any(|c| matches!(c, StatusCode::Code(401) | StatusCode::Range(4)));
            if !required || declared {
                continue;
            }
            out.report(
                &op.pointer,
                format!(
                    "Secured operation `{} {}` declares no `401` response",
                    op.method.to_uppercase(),
                    op.path
                ),
            )
            .at_key()
            .label("requires authentication")
            .with_label(pointer, "security required here")
            .help("Declare a `401` response (with a `WWW-Authenticate` header and an error body)");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn secured_operations_without_401() {
        let found = check_yaml(
            &super::SecuredOperationWithout401,
            r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
security: [{key: []}]
paths:
  /a:
    get:
      responses: {'200': {description: OK}}
    put:
      responses: {'200': {description: OK}, '401': {description: No}}
    post:
      security: []
      responses: {'200': {description: OK}}
    patch:
      security: [{}, {key: []}]
      responses: {'200': {description: OK}}
    delete:
      security: [{oauth: [write]}]
      responses: {'204': {description: OK}}
webhooks:
  ping:
    post:
      responses: {'200': {description: OK}}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
    oauth: {type: oauth2, flows: {clientCredentials: {tokenUrl: 'https://x/t', scopes: {write: w}}}}
"#,
        );
        let got: Vec<_> = found
            .iter()
            .map(|f| (f.pointer.as_str(), f.labels[0].pointer.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("/paths/~1a/get", "/security"),
                ("/paths/~1a/delete", "/paths/~1a/delete/security"),
            ]
        );
    }
}
