use std::collections::HashSet;

use openapiv3::{ReferenceOr, Response, StatusCode};
use pactum_spec::pointer::escape;
use pactum_spec::visit::resolve;
use pactum_spec::ComponentKind;

use crate::rule::{Context, RuleCheck, Sink};
use crate::schema_util::is_problem_media_type;

crate::declare_rule! {
    /// ## What it does
    /// Flags error responses — `4XX`/`5XX` codes and ranges, and `default` when the
    /// operation also declares a success code — whose body has no
    /// `application/problem+json` (or `application/problem+xml`) media type. A response
    /// that offers problem details next to other media types is fine. A response reached
    /// through `$ref` is reported once, at its `components.responses` definition.
    ///
    /// Responses of webhooks and callbacks are written by the receiver, not by the API, and
    /// are skipped. The default severity is `info`: a consistent home-grown error format is
    /// a reasonable choice; the standard one is better.
    ///
    /// ## Why is this bad?
    /// RFC 9457 problem details give every error the same machine-readable shape (`type`,
    /// `title`, `status`, `detail`, `instance`, plus extensions). Clients, gateways and
    /// generic tooling can then handle errors of any API without special-casing each one,
    /// and the media type itself says "this is an error document".
    ///
    /// ## Example
    /// ```yaml
    /// '404':
    ///   description: Not found
    ///   content:
    ///     application/json:
    ///       schema: {$ref: '#/components/schemas/Error'}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// '404':
    ///   description: Not found
    ///   content:
    ///     application/problem+json:
    ///       schema: {$ref: '#/components/schemas/Problem'}
    /// ```
    pub ErrorResponseNotProblemJson {
        id: "error-response-not-problem-json",
        group: Errors,
        severity: Info,
        summary: "Error response body that is not application/problem+json",
    }
}

fn is_error(code: &StatusCode) -> bool {
    match code {
        StatusCode::Code(c) => (400..600).contains(c),
        StatusCode::Range(r) => matches!(r, 4 | 5),
    }
}

fn is_success(code: &StatusCode) -> bool {
    match code {
        StatusCode::Code(c) => (100..400).contains(c),
        StatusCode::Range(r) => matches!(r, 1..=3),
    }
}

impl RuleCheck for ErrorResponseNotProblemJson {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let index = cx.index();
        let mut seen: HashSet<String> = HashSet::new();
        for op in &index.operations {
            if op.in_webhook || op.in_callback || !op.reachable {
                continue;
            }
            let responses = &op.operation.responses;
            let default = responses
                .default
                .as_ref()
                .filter(|_| responses.responses.keys().any(is_success))
                .map(|r| ("default".to_string(), r));
            let errors = responses
                .responses
                .iter()
                .filter(|(code, _)| is_error(code))
                .map(|(code, r)| (code.to_string(), r));
            for (key, response) in errors.chain(default) {
                let (base, response): (String, &Response) = match response {
                    ReferenceOr::Item(r) => (format!("{}/responses/{key}", op.pointer), r),
                    ReferenceOr::Reference { reference } => {
                        let Some((name, r)) = resolve::<Response>(cx.spec, reference) else {
                            continue;
                        };
                        (ComponentKind::Responses.pointer(name), r)
                    }
                };
                if response.content.is_empty()
                    || response.content.keys().any(|m| is_problem_media_type(m))
                    || !seen.insert(base.clone())
                {
                    continue;
                }
                let Some(first) = response.content.keys().next() else {
                    continue;
                };
                let pointer = format!("{base}/content/{}", escape(first));
                let via = index.via(&pointer);
                let what = if base.starts_with("/components/") {
                    format!("Error response `{}`", base.rsplit('/').next().unwrap_or(""))
                } else {
                    format!("`{key}` response")
                };
                out.report(
                    &pointer,
                    format!("{what} is `{first}`, not `application/problem+json`"),
                )
                .at_key()
                .label("not problem details")
                .help("Return errors as `application/problem+json` (RFC 9457) with a `type`, `title`, `status` and `detail`")
                .via(via.iter().cloned());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn error_bodies_in_other_formats() {
        let found = check_yaml(
            &super::ErrorResponseNotProblemJson,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /a:
    get:
      responses:
        '200': {description: OK, content: {application/json: {}}}
        '400': {description: Bad, content: {application/json: {}}}
        '404': {description: Gone}
        '409': {description: Conflict, content: {application/json: {}, application/problem+json: {}}}
        '422': {description: Bad, content: {application/problem+xml: {}}}
        5XX: {$ref: '#/components/responses/Oops'}
        default: {description: Other, content: {text/plain: {}}}
    put:
      responses:
        default: {description: Any, content: {application/json: {}}}
        '500': {$ref: '#/components/responses/Oops'}
components:
  responses:
    Oops: {description: Oops, content: {application/json: {}}}
"#,
        );
        let got: Vec<_> = found
            .iter()
            .map(|f| (f.pointer.as_str(), f.message.as_str(), f.via.len()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "/paths/~1a/get/responses/400/content/application~1json",
                    "`400` response is `application/json`, not `application/problem+json`",
                    0
                ),
                (
                    "/components/responses/Oops/content/application~1json",
                    "Error response `Oops` is `application/json`, not `application/problem+json`",
                    2
                ),
                (
                    "/paths/~1a/get/responses/default/content/text~1plain",
                    "`default` response is `text/plain`, not `application/problem+json`",
                    0
                ),
            ]
        );
    }
}
