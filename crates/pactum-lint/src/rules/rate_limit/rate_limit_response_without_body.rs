use super::api_operations;
use crate::http;
use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags a `429 Too Many Requests` or `503 Service Unavailable` response without a body
    /// schema: no `content`, or no media type in it with a `schema`.
    ///
    /// A response shared through `components/responses` is reported once, at its definition.
    /// Only `paths` operations are checked: in webhooks and callbacks the response is the
    /// subscriber's, and the sender only needs its status and `Retry-After`.
    ///
    /// ## Why is this bad?
    /// A client that hits a limit needs to know which one (per user, per token, per
    /// endpoint), when it resets, and whether retrying is useful at all. A described body —
    /// ideally `application/problem+json` (RFC 9457) — carries that; without it the error
    /// reaches users as an opaque failure and clients cannot tell a quota from an outage.
    /// This is advice: the status and `Retry-After` are what matters most.
    ///
    /// ## Example
    /// ```yaml
    /// responses:
    ///   '429':
    ///     description: Too many requests
    ///     headers:
    ///       Retry-After: {schema: {type: integer}}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// responses:
    ///   '429':
    ///     description: Too many requests
    ///     headers:
    ///       Retry-After: {schema: {type: integer}}
    ///     content:
    ///       application/problem+json:
    ///         schema: {$ref: '#/components/schemas/Problem'}
    /// ```
    pub RateLimitResponseWithoutBody {
        id: "rate-limit-response-without-body",
        group: RateLimit,
        severity: Info,
        summary: "429 or 503 response without a body schema",
    }
}

impl RuleCheck for RateLimitResponseWithoutBody {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        for op in api_operations(cx) {
            for resp in http::responses(cx.spec, &op.pointer, op.operation) {
                let code = if resp.is(429) {
                    429
                } else if resp.is(503) {
                    503
                } else {
                    continue;
                };
                let content = &resp.response.content;
                if content.values().any(|m| m.schema.is_some()) {
                    continue;
                }
                let label = if content.is_empty() {
                    "no `content`"
                } else {
                    "no media type has a `schema`"
                };
                out.report(
                    resp.pointer(),
                    format!("`{code}` response has no body schema"),
                )
                .at_key()
                .label(label)
                .help("Describe the error body, e.g. `application/problem+json` with a Problem schema")
                .via(resp.usage());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn fires_on_429_and_503_without_schema() {
        let found = check_yaml(
            &super::RateLimitResponseWithoutBody,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /a:
    get:
      responses:
        '429': {description: Slow down}
        '503':
          description: Down
          content: {text/plain: {example: down}}
        '500': {description: Error}
    post:
      responses:
        '429':
          description: Slow down
          content: {application/problem+json: {schema: {type: object}}}
        '503': {$ref: '#/components/responses/Down'}
components:
  responses:
    Down: {description: Down}
"#,
        );
        let got: Vec<_> = found
            .iter()
            .map(|f| (f.pointer.as_str(), f.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "/paths/~1a/get/responses/429",
                    "`429` response has no body schema"
                ),
                (
                    "/paths/~1a/get/responses/503",
                    "`503` response has no body schema"
                ),
                (
                    "/components/responses/Down",
                    "`503` response has no body schema"
                ),
            ]
        );
    }
}
