use super::{expanded_url, plain_http_remote};
use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags server URLs (document, path item, operation or link level) that use plain
    /// `http://` for a host other than the local machine (`localhost`, `127.0.0.1`, `[::1]`,
    /// `*.localhost`, `*.local`). Server variables are replaced by their defaults first, so
    /// `{scheme}://api.example.com` with `default: http` is flagged too.
    ///
    /// Servers inside webhooks and callbacks are not checked here. When credentials are
    /// required over such a server, `weak-auth-over-http` reports it as an error.
    ///
    /// ## Why is this bad?
    /// Without TLS every request and response can be read and changed on the way: tokens,
    /// personal data, and the responses clients trust (OWASP API8:2023, Security
    /// Misconfiguration). Clients generated from the contract connect to the first server
    /// listed, so an `http://` entry ends up in production code.
    ///
    /// ## Example
    /// ```yaml
    /// servers:
    ///   - url: http://api.example.com/v1
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// servers:
    ///   - url: https://api.example.com/v1
    ///   - url: http://localhost:8080/v1
    ///     description: Local development
    /// ```
    pub ServerUrlNotHttps {
        id: "server-url-not-https",
        group: Security,
        severity: Warning,
        summary: "Server URL using plain http:// for a remote host",
    }
}

impl RuleCheck for ServerUrlNotHttps {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        for site in &cx.index().servers {
            if site.in_webhook || site.in_callback {
                continue;
            }
            let url = expanded_url(site.server);
            if !plain_http_remote(&url) {
                continue;
            }
            let f = out
                .report(
                    format!("{}/url", site.pointer),
                    format!("Server `{url}` uses plain HTTP"),
                )
                .label("no TLS")
                .help("Serve the API over `https://`; keep `http://` only for localhost");
            if url != site.server.url.as_str() {
                f.label(format!("`{url}` with the variables' defaults"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn remote_http_servers_with_variable_defaults() {
        let found = check_yaml(
            &super::ServerUrlNotHttps,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
servers:
  - url: https://api.example.com
  - url: http://localhost:8080
  - url: '{scheme}://api.example.com'
    variables:
      scheme: {default: http, enum: [http, https]}
  - url: '{scheme}://secure.example.com'
    variables:
      scheme: {default: https}
paths:
  /pets:
    servers: [{url: 'http://pets.example.com'}]
    get: {responses: {'200': {description: OK}}}
"#,
        );
        let got: Vec<_> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(got, ["/servers/2/url", "/paths/~1pets/servers/0/url"]);
        assert_eq!(
            found[0].message,
            "Server `http://api.example.com` uses plain HTTP"
        );
    }
}
