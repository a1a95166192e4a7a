use crate::http::{self, Resp};
use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags a `429 Too Many Requests` response that declares no `Retry-After` header (name
    /// matched case-insensitively, also through `$ref`s).
    ///
    /// A `429` shared through `components/responses` is reported once, at its definition, with
    /// the places that reference it. Webhooks and callbacks are checked too: there the `429` is
    /// the subscriber's answer, and `Retry-After` is how the sender learns when to redeliver.
    ///
    /// ## Why is this bad?
    /// `Retry-After` (RFC 9110) is the one standard way to tell a client when to come back.
    /// Without it clients guess: they retry at once or on a fixed schedule, all together, and
    /// keep the service overloaded. With it, generated clients can wait exactly as long as
    /// asked (plus jitter). Vendor reset headers (`X-RateLimit-Reset`) are not a substitute:
    /// their units differ between APIs (seconds, epoch seconds, milliseconds).
    ///
    /// ## Example
    /// ```yaml
    /// responses:
    ///   '429':
    ///     description: Too many requests
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// responses:
    ///   '429':
    ///     description: Too many requests
    ///     headers:
    ///       Retry-After:
    ///         description: Seconds to wait before retrying.
    ///         schema: {type: integer, minimum: 1, maximum: 86400}
    /// ```
    pub RateLimit429WithoutRetryAfter {
        id: "rate-limit-429-without-retry-after",
        group: RateLimit,
        severity: Warning,
        summary: "429 response without a Retry-After header",
    }
}

impl RuleCheck for RateLimit429WithoutRetryAfter {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let spec = cx.spec;
        for op in &cx.index().operations {
            if !op.reachable {
                continue;
            }
            for resp in http::responses(spec, &op.pointer, op.operation) {
                if !resp.is(429) || has_retry_after(&resp) {
                    continue;
                }
                out.report(
                    resp.pointer(),
                    "`429` response declares no `Retry-After` header",
                )
                .at_key()
                .label("no `Retry-After`")
                .help("Declare a `Retry-After` header (seconds to wait) on the `429` response")
                .via(resp.usage());
            }
        }
    }
}

fn has_retry_after(resp: &Resp<'_>) -> bool {
    // The name is enough: a `$ref` that does not resolve is reported by other rules.
    resp.response
        .headers
        .keys()
        .any(|n| n.eq_ignore_ascii_case("Retry-After"))
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    const SPEC: &str = r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths:
  /a:
    get:
      responses:
        '429': {$ref: '#/components/responses/Slow'}
    post:
      responses:
        '429': {$ref: '#/components/responses/Slow'}
    put:
      responses:
        '429':
          description: Slow down
          headers:
            retry-after: {schema: {type: integer}}
    delete:
      responses:
        '4XX': {description: Client error}
webhooks:
  e:
    post:
      responses:
        '429': {description: Busy}
components:
  responses:
    Slow:
      description: Slow down
      headers:
        X-RateLimit-Reset: {schema: {type: integer}}
"#;

    #[test]
    fn fires_on_each_429_definition_without_retry_after() {
        let found = check_yaml(&super::RateLimit429WithoutRetryAfter, SPEC);
        let got: Vec<_> = found
            .iter()
            .map(|f| (f.pointer.as_str(), f.via.clone()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "/components/responses/Slow",
                    vec!["/paths/~1a/get/responses/429".to_string()]
                ),
                (
                    "/components/responses/Slow",
                    vec!["/paths/~1a/post/responses/429".to_string()]
                ),
                ("/webhooks/e/post/responses/429", vec![]),
            ]
        );
    }
}
