use openapiv3::{APIKeyLocation, ParameterData, SecurityScheme};

use super::{identifies_resource, normalized, path_template, schemes, API_KEY_NAMES};
use crate::model::Direction;
use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags `apiKey` security schemes sent in the query string (`in: query`), and path
    /// parameters named like an API key (`api_key`, `apiKey`, `X-API-Key`, `access_key`, …)
    /// unless they identify the resource of the collection before them (`/keys/{api_key}`
    /// manages keys rather than authenticating with one).
    ///
    /// Other credentials in query or path parameters (`token`, `password`, …) are
    /// `credentials-in-parameter-name`'s business.
    ///
    /// ## Why is this bad?
    /// URLs are written everywhere: access logs of servers, proxies and load balancers,
    /// browser history, `Referer` headers sent to third parties, crash reports, analytics.
    /// An API key in the URL leaks through all of them and, being long-lived, stays valid
    /// after it leaked (OWASP API2:2023; CWE-598).
    ///
    /// ## Example
    /// ```yaml
    /// components:
    ///   securitySchemes:
    ///     apiKey: {type: apiKey, in: query, name: api_key}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// components:
    ///   securitySchemes:
    ///     apiKey: {type: apiKey, in: header, name: X-API-Key}
    /// ```
    pub ApiKeyInQueryOrPath {
        id: "api-key-in-query-or-path",
        group: Security,
        severity: Warning,
        summary: "API key sent in the query string or the path, where logs keep it",
    }
}

impl RuleCheck for ApiKeyInQueryOrPath {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        for (name, pointer, scheme) in schemes(cx.spec) {
            if let SecurityScheme::APIKey {
                location: APIKeyLocation::Query,
                name: param,
                ..
            } = scheme
            {
                out.report(
                    format!("{pointer}/in"),
                    format!("API key `{param}` of scheme `{name}` is sent in the query string"),
                )
                .label("`in: query`")
                .help("Send the key in a header (`in: header`, e.g. `name: X-API-Key`)");
            }
        }
        let index = cx.index();
        for site in &index.parameters {
            let openapiv3::Parameter::Path { parameter_data, .. } = site.parameter else {
                continue;
            };
            let ParameterData { name, .. } = parameter_data;
            if site.direction != Some(Direction::Request)
                || !API_KEY_NAMES.contains(&normalized(name).as_str())
                || path_template(index, &site.pointer)
                    .is_some_and(|t| identifies_resource(&t, name))
            {
                continue;
            }
            out.report(
                format!("{}/name", site.pointer),
                format!("Path parameter `{name}` carries an API key in the URL"),
            )
            .label("API key in the path")
            .help("Move the key to a header and declare it as an `apiKey` scheme with `in: header`")
            .via(index.via_in(&site.pointer, site.direction).cloned());
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn query_scheme_and_path_parameter() {
        let found = check_yaml(
            &super::ApiKeyInQueryOrPath,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /admin/keys/{access_key}:
    delete:
      parameters:
        - {name: access_key, in: path, required: true, schema: {type: string}}
      responses: {'204': {description: OK}}
  /export/{apiKey}/pets/{key}:
    get:
      parameters:
        - {name: apiKey, in: path, required: true, schema: {type: string}}
        - {name: key, in: path, required: true, schema: {type: string}}
        - {name: api_key, in: header, schema: {type: string}}
      responses: {'200': {description: OK}}
components:
  securitySchemes:
    inQuery: {type: apiKey, in: query, name: api_key}
    inHeader: {type: apiKey, in: header, name: X-API-Key}
"#,
        );
        let got: Vec<_> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(
            got,
            [
                "/components/securitySchemes/inQuery/in",
                "/paths/~1export~1{apiKey}~1pets~1{key}/get/parameters/0/name",
            ]
        );
    }
}
