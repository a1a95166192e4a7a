use super::{advertises, api_operations, mostly};
use crate::http::{self, Resp};
use crate::rule::{Context, RuleCheck, Sink};
use crate::Severity;

crate::declare_rule! {
    /// ## What it does
    /// Flags `2xx` responses that declare no rate-limit headers. Accepted (names matched
    /// case-insensitively): `RateLimit` or `RateLimit-Policy` (IETF draft), `RateLimit-Limit`
    /// together with `RateLimit-Reset` (older drafts), `X-RateLimit-Limit`, `X-Rate-Limit-Limit`.
    ///
    /// - When at least half of the API's `2xx` responses declare them, each one that does not
    ///   is an inconsistency and is reported where it is, as a `warning`.
    /// - Otherwise (most often: no response declares any) the rule reports **once per
    ///   document**, at `paths`, as `info`: not every API advertises its limits, and one note
    ///   is enough to raise the question.
    ///
    /// Only `paths` operations count (not `options` preflights, webhooks or callbacks).
    ///
    /// ## Why is this bad?
    /// Rate-limit headers on successful responses let well-behaved clients slow down
    /// *before* they hit `429`: they can spread a batch job over the window instead of
    /// bursting and being throttled. An API that sends them on some responses but not others
    /// leaves clients unable to rely on them.
    ///
    /// ## Example
    /// ```yaml
    /// responses:
    ///   '200':
    ///     description: The pets
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// responses:
    ///   '200':
    ///     description: The pets
    ///     headers:
    ///       RateLimit-Limit: {$ref: '#/components/headers/RateLimit-Limit'}
    ///       RateLimit-Remaining: {$ref: '#/components/headers/RateLimit-Remaining'}
    ///       RateLimit-Reset: {$ref: '#/components/headers/RateLimit-Reset'}
    /// ```
    pub RateLimitHeadersMissing {
        id: "rate-limit-headers-missing",
        group: RateLimit,
        severity: Warning,
        summary: "2xx response without rate-limit headers",
    }
}

impl RuleCheck for RateLimitHeadersMissing {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let (mut total, mut example): (usize, Option<Resp<'_>>) = (0, None);
        let mut missing = Vec::new();
        for op in api_operations(cx).filter(|op| op.method != "options") {
            for resp in http::responses(cx.spec, &op.pointer, op.operation) {
                if !resp.is_success() {
                    continue;
                }
                total += 1;
                if advertises(resp.response.headers.keys().map(String::as_str)) {
                    example.get_or_insert(resp);
                } else {
                    missing.push(resp);
                }
            }
        }
        if missing.is_empty() {
            return;
        }
        let Some(example) = example.filter(|_| mostly(total - missing.len(), total)) else {
            let message = if missing.len() == total {
                "No 2xx response declares rate-limit headers".to_string()
            } else {
                format!(
                    "Most 2xx responses ({} of {total}) declare no rate-limit headers",
                    missing.len()
                )
            };
            out.report("/paths", message)
                .severity(Severity::Info)
                .at_key()
                .label("rate limits are not advertised")
                .help(
                    "Declare `RateLimit`/`RateLimit-Policy` (or `X-RateLimit-Limit`, \
                     `-Remaining`, `-Reset`) headers on successful responses",
                );
            return;
        };
        let declared = format!("{}/headers", example.pointer());
        for resp in missing {
            out.report(
                resp.pointer(),
                format!(
                    "{} declares no rate-limit headers, unlike most of the API's",
                    resp.describe()
                ),
            )
            .at_key()
            .label("no rate-limit headers")
            .with_label(&declared, "other responses declare them")
            .help("Declare the same rate-limit headers as the API's other successful responses")
            .via(resp.usage());
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;
    use crate::Severity;

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /a:
    get:
      responses:
        '200':
          description: OK
          headers: {x-ratelimit-limit: {schema: {type: integer}}}
    post:
      responses:
        '201': {$ref: '#/components/responses/Created'}
        '400': {description: Bad}
    delete:
      responses:
        '204': {description: Gone}
    options:
      responses:
        '204': {description: Preflight}
components:
  responses:
    Created:
      description: Created
      headers:
        RateLimit-Limit: {schema: {type: integer}}
        RateLimit-Reset: {schema: {type: integer}}
"#;

    #[test]
    fn warns_on_gaps_when_most_responses_declare_them() {
        let found = check_yaml(&super::RateLimitHeadersMissing, SPEC);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].pointer, "/paths/~1a/delete/responses/204");
        assert_eq!(found[0].severity, Severity::Warning);
        assert_eq!(
            found[0].message,
            "`204` response declares no rate-limit headers, unlike most of the API's"
        );
        assert_eq!(
            found[0].labels[0].pointer,
            "/paths/~1a/get/responses/200/headers"
        );
    }

    #[test]
    fn informs_once_when_the_api_declares_few_or_none() {
        let spec = SPEC.replace("x-ratelimit-limit", "x-request-id");
        let found = check_yaml(&super::RateLimitHeadersMissing, &spec);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer, "/paths");
        assert_eq!(found[0].severity, Severity::Info);
        assert_eq!(
            found[0].message,
            "Most 2xx responses (2 of 3) declare no rate-limit headers"
        );
        let spec = spec.replace("RateLimit-Reset", "RateLimit-Remaining");
        let found = check_yaml(&super::RateLimitHeadersMissing, &spec);
        assert_eq!(
            found[0].message,
            "No 2xx response declares rate-limit headers"
        );
    }
}
