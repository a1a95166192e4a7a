use openapiv3::Parameter;

use super::{
    identifies_resource, normalized, path_template, query_api_key_names, API_KEY_NAMES,
    CREDENTIAL_NAMES,
};
use crate::model::Direction;
use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags query and path parameters whose name says they carry a credential: `token`,
    /// `access_token`, `refresh_token`, `password`, `passwd`, `secret`, `client_secret`,
    /// `api_key`, `apikey`, `session`, `session_id`, `jwt`, … (compared without case, `-`, `_`
    /// and `.`; names that merely contain such a word, like `page_token`, are not flagged).
    ///
    /// Header and cookie parameters are not flagged: `Authorization`, `X-API-Key` and a
    /// session cookie are where credentials belong. A query parameter that repeats the name
    /// of an `apiKey` scheme with `in: query`, and API-key path parameters, are reported once
    /// by `api-key-in-query-or-path`. A path parameter that identifies the resource of the
    /// collection before it (`/sessions/{session}`, `/tokens/{token_id}`) is an id, not a
    /// credential, and is not flagged. Only parameters the API reads are checked (not the
    /// requests it sends in webhooks and callbacks).
    ///
    /// ## Why is this bad?
    /// Query strings and paths end up in access logs, proxy logs, browser history and
    /// `Referer` headers; a password or token there leaks to everyone who can read them
    /// (OWASP API2:2023; CWE-598). OAuth 2.0 (RFC 6750 §2.3) discourages access tokens in
    /// URLs for the same reason.
    ///
    /// ## Example
    /// ```yaml
    /// paths:
    ///   /export:
    ///     get:
    ///       parameters:
    ///         - {name: access_token, in: query, required: true, schema: {type: string}}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// paths:
    ///   /export:
    ///     get:
    ///       security: [{bearerAuth: []}]   # the token travels in the Authorization header
    /// ```
    pub CredentialsInParameterName {
        id: "credentials-in-parameter-name",
        group: Security,
        severity: Error,
        summary: "Query or path parameter named like a credential (token, password, secret…)",
    }
}

impl RuleCheck for CredentialsInParameterName {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let index = cx.index();
        let mut query_keys: Option<Vec<&str>> = None;
        for site in &index.parameters {
            if site.direction != Some(Direction::Request) {
                continue;
            }
            let (data, place) = match site.parameter {
                Parameter::Query { parameter_data, .. } => (parameter_data, "Query"),
                Parameter::Path { parameter_data, .. } => (parameter_data, "Path"),
                _ => continue,
            };
            let name = &data.name;
            let norm = normalized(name);
            let api_key = API_KEY_NAMES.contains(&norm.as_str());
            if !api_key && !CREDENTIAL_NAMES.contains(&norm.as_str()) {
                continue;
            }
            if api_key && place == "Path" {
                continue; // api-key-in-query-or-path
            }
            if place == "Path"
                && path_template(index, &site.pointer)
                    .is_some_and(|t| identifies_resource(&t, name))
            {
                continue; // `/sessions/{session}`: an id
            }
            if place == "Query"
                && query_keys
                    .get_or_insert_with(|| query_api_key_names(cx.spec))
                    .contains(&name.as_str())
            {
                continue; // the scheme is reported by api-key-in-query-or-path
            }
            out.report(
                format!("{}/name", site.pointer),
                format!("{place} parameter `{name}` carries a credential in the URL"),
            )
            .label("credential in the URL")
            .help("Send credentials in the `Authorization` header (or another header) and declare a security scheme")
            .via(index.via_in(&site.pointer, site.direction).cloned());
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn query_and_path_but_not_headers() {
        let found = check_yaml(
            &super::CredentialsInParameterName,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /tokens/{token}:
    get:
      parameters:
        - {name: token, in: path, required: true, schema: {type: string}}
      responses: {'200': {description: OK}}
  /reset/{token}:
    post:
      parameters:
        - {name: token, in: path, required: true, schema: {type: string}}
        - {name: Password, in: query, schema: {type: string}}
        - {name: page_token, in: query, schema: {type: string}}
        - {name: api_key, in: query, schema: {type: string}}
        - {name: client-secret, in: query, schema: {type: string}}
        - {name: Authorization, in: header, schema: {type: string}}
        - {name: session, in: cookie, schema: {type: string}}
        - $ref: '#/components/parameters/AccessToken'
      responses: {'200': {description: OK}}
components:
  parameters:
    AccessToken: {name: access_token, in: query, schema: {type: string}}
  securitySchemes:
    q: {type: apiKey, in: query, name: api_key}
"#,
        );
        let got: Vec<_> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(
            got,
            [
                "/paths/~1reset~1{token}/post/parameters/0/name",
                "/paths/~1reset~1{token}/post/parameters/1/name",
                "/paths/~1reset~1{token}/post/parameters/4/name",
                "/components/parameters/AccessToken/name",
            ]
        );
        assert_eq!(found[3].via, ["/paths/~1reset~1{token}/post/parameters/7"]);
        assert_eq!(
            found[0].message,
            "Path parameter `token` carries a credential in the URL"
        );
    }
}
