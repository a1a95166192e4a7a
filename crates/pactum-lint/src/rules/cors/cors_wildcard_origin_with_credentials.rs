use super::{allows_credentials, cors_responses, is_wildcard, ALLOW_CREDENTIALS};
use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags a response that declares `Access-Control-Allow-Origin: *` together with
    /// `Access-Control-Allow-Credentials: true`.
    ///
    /// The origin counts as `*` when any value the header declares is `*`: its schema's `enum`,
    /// `const`, `default` or `example(s)`, or the header's own `example(s)`. Credentials count
    /// as allowed when `Access-Control-Allow-Credentials` declares the value `true` in the
    /// same places (a header declared without any value does not count). Header names are matched
    /// case-insensitively, also through `$ref`s to `components/headers`. Only responses of
    /// `paths` operations are checked: webhooks and callbacks are not read by browsers.
    ///
    /// ## Why is this bad?
    /// The Fetch standard forbids the combination: a browser rejects a credentialed response
    /// whose allowed origin is `*`, so the contract describes something that cannot work. The
    /// usual "fix" in the server is to echo back whatever `Origin` the request carries, which
    /// lets every website on the internet make authenticated calls with the user's cookies
    /// and read the answers (CWE-942).
    ///
    /// ## Example
    /// ```yaml
    /// responses:
    ///   '200':
    ///     description: OK
    ///     headers:
    ///       Access-Control-Allow-Origin:
    ///         schema: {type: string, const: '*'}
    ///       Access-Control-Allow-Credentials:
    ///         schema: {type: boolean, const: true}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// responses:
    ///   '200':
    ///     description: OK
    ///     headers:
    ///       Access-Control-Allow-Origin:
    ///         schema: {type: string, enum: ['https://app.example.com']}
    ///       Access-Control-Allow-Credentials:
    ///         schema: {type: boolean, const: true}
    /// ```
    pub CorsWildcardOriginWithCredentials {
        id: "cors-wildcard-origin-with-credentials",
        group: Cors,
        severity: Error,
        summary: "Access-Control-Allow-Origin `*` together with Access-Control-Allow-Credentials `true`",
    }
}

impl RuleCheck for CorsWildcardOriginWithCredentials {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let spec = cx.spec;
        for r in cors_responses(cx) {
            let Some(origin) = &r.origin else { continue };
            if !is_wildcard(spec, origin) || !allows_credentials(spec, r.credentials.as_ref()) {
                continue;
            }
            let Some(credentials) = &r.credentials else {
                continue;
            };
            out.report(
                origin.pointer(&r.resp),
                "`Access-Control-Allow-Origin` is `*` on a response that allows credentials",
            )
            .at_key()
            .label("any origin")
            .with_label(
                credentials.pointer(&r.resp),
                format!("`{ALLOW_CREDENTIALS}` in the same {}", r.resp.describe()),
            )
            .help(
                "List the allowed origins explicitly (and add `Vary: Origin` if the server picks one \
                 per request), or drop `Access-Control-Allow-Credentials`",
            )
            .via(origin.usage(&r.resp));
        }
    }
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
        '200':
          description: OK
          headers:
            access-control-allow-origin: {$ref: '#/components/headers/AnyOrigin'}
            Access-Control-Allow-Credentials:
              schema: {type: boolean, default: true}
        '201':
          description: OK
          headers:
            Access-Control-Allow-Origin:
              schema: {type: string, example: '*'}
            Access-Control-Allow-Credentials:
              schema: {type: string, enum: ['false']}
        '202':
          description: OK
          headers:
            Access-Control-Allow-Origin:
              schema: {type: string, enum: ['https://a.example.com']}
            Access-Control-Allow-Credentials:
              schema: {type: boolean, const: true}
        '204':
          description: credentials of unknown value
          headers:
            Access-Control-Allow-Origin: {$ref: '#/components/headers/AnyOrigin'}
            Access-Control-Allow-Credentials: {schema: {type: boolean}}
        '203':
          description: OK
          headers:
            Access-Control-Allow-Origin:
              example: '*'
              schema: {type: string}
            Access-Control-Allow-Credentials:
              schema: {type: string, const: 'true'}
webhooks:
  e:
    post:
      responses:
        '200':
          description: OK
          headers:
            Access-Control-Allow-Origin: {$ref: '#/components/headers/AnyOrigin'}
            Access-Control-Allow-Credentials: {schema: {type: boolean}}
components:
  headers:
    AnyOrigin:
      schema: {type: string, const: '*'}
"#;

    #[test]
    fn fires_on_wildcard_with_credentials_only() {
        let found = check_yaml(&super::CorsWildcardOriginWithCredentials, SPEC);
        let got: Vec<_> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(
            got,
            [
                "/components/headers/AnyOrigin",
                "/paths/~1a/get/responses/203/headers/Access-Control-Allow-Origin",
            ]
        );
        assert_eq!(
            found[0].via,
            ["/paths/~1a/get/responses/200/headers/access-control-allow-origin"]
        );
        assert_eq!(
            found[0].labels[0].pointer,
            "/paths/~1a/get/responses/200/headers/Access-Control-Allow-Credentials"
        );
    }
}
