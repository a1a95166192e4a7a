use super::{allows_credentials, cors_responses, is_wildcard};
use crate::http::{op_name, required_security, SecuritySource};
use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags `Access-Control-Allow-Origin: *` on a response of an operation that requires
    /// authentication (its own `security`, or the document's, lists at least one requirement
    /// and no empty `{}` alternative).
    ///
    /// The origin counts as `*` when any value the header declares is `*` (schema `enum`,
    /// `const`, `default`, `example(s)`, or the header's `example(s)`). Responses that also
    /// allow credentials are left to `cors-wildcard-origin-with-credentials`. Only `paths`
    /// operations are checked: webhooks and callbacks are not read by browsers.
    ///
    /// ## Why is this bad?
    /// A wildcard origin lets scripts on any website read the response. For public data that
    /// is the point; for an authenticated operation it means any page a user visits can call
    /// the API with a token it obtained or that the browser attaches (client certificates,
    /// HTTP auth, a token injected by an extension) and read the user's data. Authenticated
    /// endpoints should name the front-ends allowed to call them.
    ///
    /// ## Example
    /// ```yaml
    /// paths:
    ///   /me:
    ///     get:
    ///       security: [{bearerAuth: []}]
    ///       responses:
    ///         '200':
    ///           description: The current user
    ///           headers:
    ///             Access-Control-Allow-Origin:
    ///               schema: {type: string, const: '*'}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// paths:
    ///   /me:
    ///     get:
    ///       security: [{bearerAuth: []}]
    ///       responses:
    ///         '200':
    ///           description: The current user
    ///           headers:
    ///             Access-Control-Allow-Origin:
    ///               schema: {type: string, const: 'https://app.example.com'}
    /// ```
    pub CorsWildcardOriginOnSecuredOperation {
        id: "cors-wildcard-origin-on-secured-operation",
        group: Cors,
        severity: Warning,
        summary: "Access-Control-Allow-Origin `*` on an operation that requires authentication",
    }
}

impl RuleCheck for CorsWildcardOriginOnSecuredOperation {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let spec = cx.spec;
        for r in cors_responses(cx) {
            let Some(origin) = &r.origin else { continue };
            let Some(source) = required_security(spec, r.op.operation) else {
                continue;
            };
            if !is_wildcard(spec, origin) || allows_credentials(spec, r.credentials.as_ref()) {
                continue;
            }
            let security = match source {
                SecuritySource::Operation => format!("`{}` requires authentication", op_name(r.op)),
                SecuritySource::Document => {
                    format!("`{}` inherits this requirement", op_name(r.op))
                }
            };
            out.report(
                origin.pointer(&r.resp),
                "`Access-Control-Allow-Origin` is `*` on an operation that requires authentication",
            )
            .at_key()
            .label("any origin")
            .with_label(source.pointer(&r.op.pointer), security)
            .help("Name the origins allowed to call authenticated operations instead of `*`")
            .via(origin.usage(&r.resp));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
security: [{key: []}]
paths:
  /secured:
    get:
      responses:
        '200': {$ref: '#/components/responses/Public'}
  /optional:
    get:
      security: [{}, {key: []}]
      responses:
        '200': {$ref: '#/components/responses/Public'}
  /open:
    get:
      security: []
      responses:
        '200': {$ref: '#/components/responses/Public'}
  /credentials:
    get:
      responses:
        '200':
          description: OK
          headers:
            Access-Control-Allow-Origin: {schema: {type: string, enum: ['*']}}
            Access-Control-Allow-Credentials: {schema: {type: boolean, enum: [true]}}
  /named:
    get:
      security: [{key: []}]
      responses:
        '200':
          description: OK
          headers:
            Access-Control-Allow-Origin: {schema: {type: string, default: 'https://a.example'}}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: K}
  responses:
    Public:
      description: OK
      headers:
        Access-Control-Allow-Origin: {schema: {type: string, enum: ['*']}}
"#;

    #[test]
    fn fires_where_authentication_is_required() {
        let found = check_yaml(&super::CorsWildcardOriginOnSecuredOperation, SPEC);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(
            found[0].pointer,
            "/components/responses/Public/headers/Access-Control-Allow-Origin"
        );
        assert_eq!(found[0].via, ["/paths/~1secured/get/responses/200"]);
        assert_eq!(found[0].labels[0].pointer, "/security");
    }
}
