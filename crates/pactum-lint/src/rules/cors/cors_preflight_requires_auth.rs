use crate::http::{self, op_name, required_security, SecuritySource};
use crate::model::OperationSite;
use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags an `options` operation that requires authentication: its own `security`, or the
    /// document's `security` it inherits, lists requirements and none of them is the empty
    /// `{}` (which makes authentication optional).
    ///
    /// Only `paths` operations are checked; an `options` operation in a webhook or callback is
    /// not a browser preflight, and neither is one with a `requestBody` or a `2xx` response
    /// with `content` (preflights carry no body either way: such an operation is an
    /// application-level `OPTIONS`, e.g. an upload pre-check, which the server must tell
    /// apart from preflights by their `Access-Control-Request-Method` header).
    ///
    /// ## Why is this bad?
    /// Browsers send the CORS preflight (`OPTIONS` with `Access-Control-Request-Method`)
    /// without cookies, `Authorization` or client certificates — by design (Fetch standard).
    /// An API that demands credentials on `OPTIONS` answers every preflight with 401, so no
    /// cross-origin `PUT`, `DELETE` or JSON `POST` ever reaches it. The usual cause is a
    /// document-wide `security` that the `options` operation silently inherits.
    ///
    /// ## Example
    /// ```yaml
    /// security: [{bearerAuth: []}]
    /// paths:
    ///   /pets:
    ///     options:
    ///       responses:
    ///         '204': {description: CORS preflight}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// security: [{bearerAuth: []}]
    /// paths:
    ///   /pets:
    ///     options:
    ///       security: []
    ///       responses:
    ///         '204': {description: CORS preflight}
    /// ```
    pub CorsPreflightRequiresAuth {
        id: "cors-preflight-requires-auth",
        group: Cors,
        severity: Error,
        summary: "OPTIONS (preflight) operation that requires authentication",
    }
}

impl RuleCheck for CorsPreflightRequiresAuth {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        for op in &cx.index().operations {
            if op.method != "options"
                || !op.reachable
                || op.in_webhook
                || op.in_callback
                || !looks_like_preflight(cx, op)
            {
                continue;
            }
            let Some(source) = required_security(cx.spec, op.operation) else {
                continue;
            };
            let message = format!(
                "`{}` requires authentication, but browsers send CORS preflights without credentials",
                op_name(op)
            );
            let help = "Set `security: []` on the `options` operation";
            match source {
                SecuritySource::Operation => {
                    out.report(source.pointer(&op.pointer), message)
                        .at_key()
                        .label("preflight requires credentials")
                        .help(help);
                }
                SecuritySource::Document => {
                    out.report(&op.pointer, message)
                        .at_key()
                        .label("preflight")
                        .with_label(source.pointer(&op.pointer), "inherits this requirement")
                        .help(help);
                }
            }
        }
    }
}

/// No request body and no successful response with a body.
fn looks_like_preflight(cx: &Context<'_>, op: &OperationSite<'_>) -> bool {
    op.operation.request_body.is_none()
        && !http::responses(cx.spec, &op.pointer, op.operation)
            .any(|r| r.is_success() && !r.response.content.is_empty())
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
security: [{key: []}]
paths:
  /inherits:
    options:
      responses: {'204': {description: preflight}}
  /own:
    options:
      security: [{key: []}]
      responses: {'204': {description: preflight}}
  /open:
    options:
      security: []
      responses: {'204': {description: preflight}}
  /optional:
    options:
      security: [{}, {key: []}]
      responses: {'204': {description: preflight}}
  /upload-check:
    options:
      description: An application-level OPTIONS with a body, not a CORS preflight.
      requestBody:
        content: {application/json: {schema: {type: object}}}
      responses: {'200': {description: Accepted}}
  /long-poll:
    options:
      description: An application-level OPTIONS that answers with a body.
      responses:
        '200':
          description: Servers
          content: {application/json: {schema: {type: object}}}
  /get:
    get:
      responses: {'200': {description: OK}}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: K}
"#;

    #[test]
    fn fires_on_preflights_that_require_credentials() {
        let found = check_yaml(&super::CorsPreflightRequiresAuth, SPEC);
        let got: Vec<_> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(
            got,
            ["/paths/~1inherits/options", "/paths/~1own/options/security"]
        );
        assert_eq!(found[0].labels[0].pointer, "/security");
        assert!(found[0].message.starts_with("`OPTIONS /inherits`"));
    }
}
