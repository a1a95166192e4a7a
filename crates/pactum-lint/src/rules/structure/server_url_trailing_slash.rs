use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags a server URL (of the document, a path item, an operation or a link) that ends
    /// with `/`, other than the bare relative URL `/`.
    ///
    /// ## Why is this bad?
    /// Every path starts with `/` and is appended to the server URL, so
    /// `https://api.example.com/v1/` + `/pets` becomes `https://api.example.com/v1//pets`.
    /// Some servers treat the double slash as a different route, some redirect, and signed
    /// requests (e.g. AWS SigV4) stop matching.
    ///
    /// ## Example
    /// ```yaml
    /// servers:
    ///   - url: https://api.example.com/v1/
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// servers:
    ///   - url: https://api.example.com/v1
    /// ```
    pub ServerUrlTrailingSlash {
        id: "server-url-trailing-slash",
        group: Structure,
        severity: Warning,
        summary: "Server URL that ends with a slash",
    }
}

impl RuleCheck for ServerUrlTrailingSlash {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        for site in &cx.index().servers {
            let url = &site.server.url;
            // `https://` alone has no host: `server-url-invalid` reports it.
            if url.len() > 1 && url.ends_with('/') && !url.ends_with("://") {
                out.report(
                    format!("{}/url", site.pointer),
                    format!("Server URL `{url}` ends with a slash"),
                )
                .label("trailing slash")
                .help(format!(
                    "Write it as `{}`: paths already start with `/`",
                    url.trim_end_matches('/')
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn fires_on_trailing_slashes_at_every_level() {
        let found = check_yaml(
            &super::ServerUrlTrailingSlash,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
servers: [{url: /}, {url: 'https://api.example.com/'}, {url: 'https://api.example.com'}, {url: 'https://'}]
paths:
  /a:
    get:
      servers: [{url: '/v1/'}]
      responses: {'200': {description: OK}}
"#,
        );
        let got: Vec<_> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(got, ["/servers/1/url", "/paths/~1a/get/servers/0/url"]);
    }
}
