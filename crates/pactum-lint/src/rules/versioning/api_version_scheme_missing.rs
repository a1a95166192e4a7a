use super::Schemes;
use crate::rule::{Context, RuleCheck, Sink};
use crate::rules::security::served;

crate::declare_rule! {
    /// ## What it does
    /// Reports an API that shows no versioning scheme at all: no version segment in server
    /// URLs or path keys (`/v1`, `/2.0`, `/2010-04-01`), no version header or query parameter
    /// (`Api-Version`, `X-API-Version`, `Accept-Version`, `api-version`), and no versioned
    /// media type (`application/vnd.example.v2+json`, `application/json; version=2`).
    ///
    /// This is advice (`info`): an API may version out of band (a gateway, a header every
    /// client sends but the contract does not list). Documents without operations (webhooks
    /// only) are not checked.
    ///
    /// ## Why is this bad?
    /// Without a version in the request, the day a breaking change is needed there is no way
    /// to keep old clients working while new ones move: every change must stay compatible
    /// forever, or break everyone at once. Choosing the scheme up front (URL, header or media
    /// type) is cheap; retrofitting one is not.
    ///
    /// ## Example
    /// ```yaml
    /// servers:
    ///   - url: https://api.example.com
    /// paths:
    ///   /pets: {}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// servers:
    ///   - url: https://api.example.com/v1
    /// paths:
    ///   /pets: {}
    /// ```
    pub ApiVersionSchemeMissing {
        id: "api-version-scheme-missing",
        group: Versioning,
        severity: Info,
        summary: "No versioning scheme: no /vN in URLs, no version header, no versioned media type",
    }
}

impl RuleCheck for ApiVersionSchemeMissing {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let spec = cx.spec;
        let index = cx.index();
        if !index.operations.iter().any(served) || !Schemes::find(spec, index).is_empty() {
            return;
        }
        let f = if spec.openapi.servers.is_empty() {
            out.report("/paths", "The API shows no versioning scheme")
                .at_key()
                .label("no `/v1` in any path, no version header or media type")
        } else {
            out.report("/servers/0/url", "The API shows no versioning scheme")
                .label("no `/v1` in the server URLs or paths, no version header or media type")
        };
        f.help("Pick one scheme: a `/v1` segment in the server URL, an `Api-Version` header, or a versioned media type");
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    fn spec(servers: &str, path: &str, extra: &str) -> String {
        format!(
            r#"
openapi: 3.0.3
info: {{title: t, version: 1.0.0}}
{servers}
paths:
  {path}:
    get:
      {extra}
      responses:
        '200':
          description: OK
          content:
            application/json: {{schema: {{type: string}}}}
"#
        )
    }

    fn pointers(yaml: &str) -> Vec<String> {
        check_yaml(&super::ApiVersionSchemeMissing, yaml)
            .into_iter()
            .map(|f| f.pointer)
            .collect()
    }

    #[test]
    fn fires_without_any_scheme() {
        assert_eq!(
            pointers(&spec(
                "servers: [{url: 'https://api.example.com'}]",
                "/pets",
                ""
            )),
            ["/servers/0/url"]
        );
        assert_eq!(pointers(&spec("", "/pets", "")), ["/paths"]);
    }

    #[test]
    fn any_scheme_is_enough() {
        assert!(pointers(&spec(
            "servers: [{url: 'https://api.example.com/v1'}]",
            "/pets",
            ""
        ))
        .is_empty());
        assert!(pointers(&spec("", "/v2/pets", "")).is_empty());
        assert!(pointers(&spec(
            "",
            "/pets",
            "parameters: [{name: X-API-Version, in: header, schema: {type: string}}]"
        ))
        .is_empty());
        let media =
            spec("", "/pets", "").replace("application/json", "application/vnd.pets.v1+json");
        assert!(pointers(&media).is_empty());
    }

    #[test]
    fn webhook_payload_media_types_do_not_count() {
        let yaml = r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths:
  /pets:
    get: {responses: {'200': {description: OK}}}
webhooks:
  petAdded:
    post:
      requestBody:
        content:
          application/vnd.pets.v1+json: {schema: {type: string}}
      responses: {'200': {description: OK}}
"#;
        assert_eq!(pointers(yaml), ["/paths"]);
    }
}
