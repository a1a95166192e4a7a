use openapiv3::StatusCode;

use super::{api_operations, mostly};
use crate::http::op_name;
use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags operations that declare no `429 Too Many Requests` response.
    ///
    /// When at least half of the API's operations declare a `429`, each operation without one
    /// is reported at its `responses`. When fewer do (most often: none), the API as a whole
    /// does not document its rate limiting, and the rule reports **once per document**, at
    /// `paths`, with the count — one actionable finding instead of one per operation.
    ///
    /// Only `paths` operations are checked, except `options` (CORS preflights, usually
    /// answered by a gateway): in webhooks and callbacks the API is the client, and the
    /// responses belong to the subscriber.
    ///
    /// ## Why is this bad?
    /// Every public API is rate limited somewhere (gateway, load balancer, the service). If
    /// the contract does not say so, generated clients treat `429` as an unexpected error
    /// instead of backing off, retry immediately in lock-step, and make the overload worse
    /// (OWASP API4:2023, Unrestricted Resource Consumption).
    ///
    /// ## Example
    /// ```yaml
    /// paths:
    ///   /pets:
    ///     get:
    ///       responses:
    ///         '200': {description: The pets}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// paths:
    ///   /pets:
    ///     get:
    ///       responses:
    ///         '200': {description: The pets}
    ///         '429': {$ref: '#/components/responses/TooManyRequests'}
    /// ```
    pub OperationWithout429 {
        id: "operation-without-429",
        group: RateLimit,
        severity: Warning,
        summary: "Operation without a 429 Too Many Requests response",
    }
}

const TOO_MANY: StatusCode = StatusCode::Code(429);

impl RuleCheck for OperationWithout429 {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let (mut total, mut example) = (0, None);
        let mut missing = Vec::new();
        for op in api_operations(cx).filter(|op| op.method != "options") {
            total += 1;
            if op.operation.responses.responses.contains_key(&TOO_MANY) {
                example.get_or_insert(op);
            } else {
                missing.push(op);
            }
        }
        if missing.is_empty() {
            return;
        }
        let Some(example) = example.filter(|_| mostly(total - missing.len(), total)) else {
            let message = if missing.len() == total {
                "No operation declares a `429 Too Many Requests` response".to_string()
            } else {
                format!(
                    "Most operations ({} of {total}) declare no `429 Too Many Requests` response",
                    missing.len()
                )
            };
            out.report("/paths", message)
                .at_key()
                .label("rate limiting is not documented")
                .help(
                    "Declare a shared `429` response (with `Retry-After`) in \
                     `components/responses` and reference it from every operation",
                );
            return;
        };
        let declared = format!("{}/responses/429", example.pointer);
        for op in missing {
            out.report(
                format!("{}/responses", op.pointer),
                format!(
                    "`{}` declares no `429 Too Many Requests` response",
                    op_name(op)
                ),
            )
            .at_key()
            .label("no 429 here")
            .with_label(&declared, "other operations declare it")
            .help("Add the API's `429` response (with `Retry-After`)");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;
    use crate::Severity;

    const SPEC: &str = r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths:
  /a:
    get:
      responses: {'200': {description: OK}, '429': {description: Slow down}}
    post:
      responses: {'200': {description: OK}, '429': {description: Slow down}}
    delete:
      responses: {'204': {description: OK}}
    options:
      responses: {'204': {description: Preflight}}
webhooks:
  e:
    post:
      responses: {'200': {description: OK}}
"#;

    #[test]
    fn reports_each_gap_when_most_operations_declare_429() {
        let found = check_yaml(&super::OperationWithout429, SPEC);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer, "/paths/~1a/delete/responses");
        assert_eq!(found[0].severity, Severity::Warning);
        assert_eq!(found[0].labels[0].pointer, "/paths/~1a/get/responses/429");
    }

    #[test]
    fn reports_once_when_the_api_does_not_document_rate_limits() {
        let spec = SPEC.replace(", '429': {description: Slow down}", "");
        let found = check_yaml(&super::OperationWithout429, &spec);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer, "/paths");
        assert_eq!(
            found[0].message,
            "No operation declares a `429 Too Many Requests` response"
        );
        let spec = SPEC.replacen(", '429': {description: Slow down}", "", 1);
        let found = check_yaml(&super::OperationWithout429, &spec);
        assert_eq!(found.len(), 1);
        assert!(
            found[0].message.starts_with("Most operations (2 of 3)"),
            "{}",
            found[0].message
        );
    }
}
