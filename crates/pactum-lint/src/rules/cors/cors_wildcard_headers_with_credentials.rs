use super::{allows_credentials, cors_responses, ALLOW_CREDENTIALS};
use crate::http::declared;
use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags `Access-Control-Allow-Headers`, `Access-Control-Allow-Methods` or
    /// `Access-Control-Expose-Headers` declared as `*` (alone or in a comma-separated list) on a
    /// response that also allows credentials (`Access-Control-Allow-Credentials` declared with
    /// the value `true`).
    ///
    /// Values are read from the header's schema `enum`, `const`, `default` and `example(s)`
    /// and the header's own `example(s)`; names are matched case-insensitively, also through
    /// `$ref`s. Only responses of `paths` operations are checked.
    ///
    /// ## Why is this bad?
    /// In these three headers `*` is a wildcard only for requests *without* credentials. On a
    /// credentialed request the browser takes `*` literally: a header or method called `*`.
    /// So `Authorization` is not allowed, `PUT`/`DELETE` preflights fail, and no response
    /// header is exposed to the script — the front-end breaks in production, usually in the
    /// one browser nobody tested.
    ///
    /// ## Example
    /// ```yaml
    /// headers:
    ///   Access-Control-Allow-Credentials:
    ///     schema: {type: boolean, const: true}
    ///   Access-Control-Allow-Headers:
    ///     schema: {type: string, const: '*'}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// headers:
    ///   Access-Control-Allow-Credentials:
    ///     schema: {type: boolean, const: true}
    ///   Access-Control-Allow-Headers:
    ///     schema: {type: string, const: 'Authorization, Content-Type'}
    /// ```
    pub CorsWildcardHeadersWithCredentials {
        id: "cors-wildcard-headers-with-credentials",
        group: Cors,
        severity: Error,
        summary: "Access-Control-Allow-Headers/-Methods/-Expose-Headers `*` with credentials",
    }
}

impl RuleCheck for CorsWildcardHeadersWithCredentials {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let spec = cx.spec;
        for r in cors_responses(cx) {
            if !allows_credentials(spec, r.credentials.as_ref()) {
                continue;
            }
            let Some(credentials) = &r.credentials else {
                continue;
            };
            for h in r.lists.iter().flatten() {
                if !declared(spec, h.header).has_token("*") {
                    continue;
                }
                out.report(
                    h.pointer(&r.resp),
                    format!("`{}` is `*` on a response that allows credentials", h.name),
                )
                .at_key()
                .label("taken literally when credentials are sent")
                .with_label(
                    credentials.pointer(&r.resp),
                    format!("`{ALLOW_CREDENTIALS}` in the same {}", r.resp.describe()),
                )
                .help("List the header names or methods explicitly")
                .via(h.usage(&r.resp));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /a:
    get:
      responses:
        '200':
          description: OK
          headers:
            Access-Control-Allow-Credentials: {schema: {type: boolean, enum: [true]}}
            access-control-allow-headers: {schema: {type: string, example: 'Content-Type, *'}}
            Access-Control-Allow-Methods: {schema: {type: string, enum: [GET]}}
            Access-Control-Expose-Headers: {$ref: '#/components/headers/All'}
        '201':
          description: no credentials
          headers:
            Access-Control-Allow-Headers: {schema: {type: string, enum: ['*']}}
        '202':
          description: credentials false
          headers:
            Access-Control-Allow-Credentials: {schema: {type: boolean, enum: [false]}}
            Access-Control-Allow-Methods: {schema: {type: string, enum: ['*']}}
components:
  headers:
    All:
      schema: {type: string, const: '*'}
"#;

    #[test]
    fn fires_on_each_wildcard_list_with_credentials() {
        let found = check_yaml(&super::CorsWildcardHeadersWithCredentials, SPEC);
        let got: Vec<_> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(
            got,
            [
                "/paths/~1a/get/responses/200/headers/access-control-allow-headers",
                "/components/headers/All",
            ]
        );
        assert!(found[0]
            .message
            .starts_with("`access-control-allow-headers`"));
    }
}
