use super::Schemes;
use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags an API that carries its version in more than one place: in both server URLs
    /// and path keys (`https://api.example.com/v1` + `/v2/pets`), or in the URL and also in a
    /// header (`Api-Version`), a query parameter (`api-version`) or a media type
    /// (`application/vnd.example.v2+json`). Reported once, at the second scheme, with the
    /// first one labelled. Webhooks and callbacks are ignored.
    ///
    /// ## Why is this bad?
    /// Two schemes mean two sources of truth: which one wins when a client sends
    /// `/v1/pets` with `Api-Version: 2`? Gateways, caches, SDKs and documentation each pick
    /// one, and clients pinned to a version silently get another. A server URL `/v1` plus a
    /// path key `/v2/…` even yields `/v1/v2/…`.
    ///
    /// ## Example
    /// ```yaml
    /// servers:
    ///   - url: https://api.example.com/v1
    /// paths:
    ///   /pets:
    ///     get:
    ///       parameters:
    ///         - {name: Api-Version, in: header, schema: {type: string, enum: ['2024-05-01']}}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// servers:
    ///   - url: https://api.example.com/v1
    /// paths:
    ///   /pets:
    ///     get: {}
    /// ```
    pub VersionSchemeMixed {
        id: "version-scheme-mixed",
        group: Versioning,
        severity: Warning,
        summary: "Version carried in more than one place (server URL, path, header, media type)",
    }
}

impl RuleCheck for VersionSchemeMixed {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let found = Schemes::find(cx.spec, cx.index());
        // (pointer, description, point at the key)
        let mut places: Vec<(String, String, bool)> = Vec::new();
        if let Some((at, seg)) = found.server {
            places.push((at, format!("the server URL (`{seg}`)"), false));
        }
        if let Some((at, key)) = found.path {
            places.push((at, format!("path keys (`{key}`)"), true));
        }
        if let Some((at, name)) = found.header {
            places.push((at, format!("the `{name}` header"), false));
        }
        if let Some((at, name)) = found.query {
            places.push((at, format!("the `{name}` query parameter"), false));
        }
        if let Some((at, key)) = found.media_type {
            places.push((at, format!("the media type `{key}`"), true));
        }
        let [first, second, ..] = places.as_slice() else {
            return;
        };
        let f = out
            .report(
                &second.0,
                format!(
                    "The API version is carried both in {} and in {}",
                    first.1, second.1
                ),
            )
            .label("second versioning scheme")
            .with_label(first.0.clone(), "first versioning scheme")
            .help("Keep one versioning scheme: a URL segment, a header or a media type");
        if second.2 {
            f.at_key();
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    fn check(servers: &str, path: &str, params: &str, media: &str) -> Vec<(String, String)> {
        let yaml = format!(
            r#"
openapi: 3.0.3
info: {{title: t, version: 1.0.0}}
{servers}
paths:
  {path}:
    get:
      parameters: [{params}]
      responses:
        '200':
          description: OK
          content:
            {media}: {{schema: {{type: string}}}}
"#
        );
        check_yaml(&super::VersionSchemeMixed, &yaml)
            .into_iter()
            .map(|f| (f.pointer, f.labels[0].pointer.clone()))
            .collect()
    }

    const V1: &str = "servers: [{url: 'https://api.example.com/v1'}]";
    const HEADER: &str = "{name: Api-Version, in: header, schema: {type: string}}";

    #[test]
    fn one_scheme_is_fine() {
        assert!(check(V1, "/pets", "", "application/json").is_empty());
        assert!(check("", "/v1/pets", "", "application/json").is_empty());
        assert!(check("", "/pets", HEADER, "application/json").is_empty());
    }

    #[test]
    fn two_schemes() {
        assert_eq!(
            check(V1, "/v2/pets", "", "application/json"),
            [(
                "/paths/~1v2~1pets".to_string(),
                "/servers/0/url".to_string()
            )]
        );
        assert_eq!(
            check("", "/v1/pets", HEADER, "application/json"),
            [(
                "/paths/~1v1~1pets/get/parameters/0/name".to_string(),
                "/paths/~1v1~1pets".to_string()
            )]
        );
        assert_eq!(
            check(V1, "/pets", "", "application/vnd.pets.v1+json"),
            [(
                "/paths/~1pets/get/responses/200/content/application~1vnd.pets.v1+json".to_string(),
                "/servers/0/url".to_string()
            )]
        );
    }
}
