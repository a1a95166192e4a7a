use std::collections::HashSet;

use openapiv3::{SecurityScheme, Server};
use pactum_spec::pointer;

use super::{effective, expanded_url, is_basic, plain_http_remote, scheme, schemes, served};
use crate::rule::{Context, RuleCheck, Sink};
use crate::Severity;

crate::declare_rule! {
    /// ## What it does
    /// Flags HTTP Basic and API-key credentials that can travel over a plain `http://` server
    /// (not localhost; see `server-url-not-https`).
    ///
    /// - A security requirement naming such a scheme, on an operation whose servers (its own,
    ///   its path item's, or the document's) include a remote `http://` URL, is reported at
    ///   the requirement at the rule's severity (`error`).
    /// - A scheme that is only declared while the document's servers include such a URL is
    ///   reported at the scheme as a `warning`: nothing requires it over HTTP yet.
    ///
    /// Webhooks and callbacks are not checked: there the API is the client.
    ///
    /// ## Why is this bad?
    /// Basic credentials and API keys are static secrets sent as-is with every request.
    /// Over plain HTTP anyone on the path (public Wi-Fi, a compromised router, a corporate
    /// proxy) reads them and can replay them until they are rotated (OWASP API2:2023;
    /// CWE-319).
    ///
    /// ## Example
    /// ```yaml
    /// servers:
    ///   - url: http://api.example.com
    /// security: [{apiKey: []}]
    /// components:
    ///   securitySchemes:
    ///     apiKey: {type: apiKey, in: header, name: X-API-Key}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// servers:
    ///   - url: https://api.example.com
    /// security: [{apiKey: []}]
    /// components:
    ///   securitySchemes:
    ///     apiKey: {type: apiKey, in: header, name: X-API-Key}
    /// ```
    pub WeakAuthOverHttp {
        id: "weak-auth-over-http",
        group: Security,
        severity: Error,
        summary: "HTTP Basic or API-key credentials usable over a plain http:// server",
    }
}

/// "HTTP Basic" or "API key" for the schemes this rule is about.
fn weak_kind(scheme: &SecurityScheme) -> Option<&'static str> {
    match scheme {
        SecurityScheme::APIKey { .. } => Some("API key"),
        s if is_basic(s) => Some("HTTP Basic"),
        _ => None,
    }
}

/// The first remote plain-HTTP server among `servers` (whose pointers start at `base`).
fn insecure(servers: &[Server], base: &str) -> Option<(String, String)> {
    servers.iter().enumerate().find_map(|(i, s)| {
        let url = expanded_url(s);
        plain_http_remote(&url).then(|| (format!("{base}/servers/{i}/url"), url.into_owned()))
    })
}

impl RuleCheck for WeakAuthOverHttp {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let spec = cx.spec;
        let top_insecure = insecure(&spec.openapi.servers, "");
        let mut seen: HashSet<(String, String)> = HashSet::new();
        let mut required: HashSet<&str> = HashSet::new();
        for op in &cx.index().operations {
            if !served(op) {
                continue;
            }
            let Some(eff) = effective(spec, op) else {
                continue;
            };
            // The servers that apply: the operation's, else its path item's, else the
            // document's.
            let server = if !op.operation.servers.is_empty() {
                insecure(&op.operation.servers, &op.pointer)
            } else if let Some(item) = op.path_item.filter(|i| !i.servers.is_empty()) {
                let base = op.pointer.rsplit_once('/').map_or("", |(b, _)| b);
                insecure(&item.servers, base)
            } else {
                top_insecure.clone()
            };
            let Some((server_ptr, url)) = server else {
                continue;
            };
            for (i, requirement) in eff.requirements.iter().enumerate() {
                for name in requirement.keys() {
                    let Some(kind) = scheme(spec, name).and_then(|(_, s)| weak_kind(s)) else {
                        continue;
                    };
                    required.insert(name.as_str());
                    let at = pointer::push(&format!("{}/{i}", eff.pointer), name);
                    if !seen.insert((at.clone(), server_ptr.clone())) {
                        continue;
                    }
                    out.report(
                        at,
                        format!("{kind} credentials (`{name}`) are required over plain-HTTP server `{url}`"),
                    )
                    .at_key()
                    .label("required here")
                    .with_label(server_ptr.clone(), "plain HTTP")
                    .help("Serve the API over `https://` only");
                }
            }
        }
        let Some((server_ptr, url)) = top_insecure else {
            return;
        };
        let severity = out.severity().min(Severity::Warning);
        for (name, scheme_ptr, scheme) in schemes(spec) {
            let Some(kind) = weak_kind(scheme) else {
                continue;
            };
            if required.contains(name) {
                continue;
            }
            out.report(
                scheme_ptr,
                format!("{kind} scheme `{name}` is declared while server `{url}` uses plain HTTP"),
            )
            .severity(severity)
            .at_key()
            .label("no operation requires it over HTTP yet")
            .with_label(server_ptr.clone(), "plain HTTP")
            .help("Serve the API over `https://` only");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;
    use crate::Severity;

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
servers: [{url: 'http://api.example.com'}, {url: 'https://api.example.com'}]
security: [{basic: []}]
paths:
  /a:
    get: {responses: {'200': {description: OK}}}
    post: {responses: {'200': {description: OK}}}
  /b:
    servers: [{url: 'https://b.example.com'}]
    get: {security: [{key: []}], responses: {'200': {description: OK}}}
  /c:
    get:
      servers: [{url: 'http://c.example.com'}]
      security: [{bearer: []}, {key: []}]
      responses: {'200': {description: OK}}
components:
  securitySchemes:
    basic: {type: http, scheme: basic}
    key: {type: apiKey, in: header, name: X-Key}
    bearer: {type: http, scheme: bearer}
    unused: {type: apiKey, in: query, name: k}
"#;

    #[test]
    fn requirements_over_http_and_declared_schemes() {
        let found = check_yaml(&super::WeakAuthOverHttp, SPEC);
        let got: Vec<_> = found
            .iter()
            .map(|f| (f.pointer.as_str(), f.severity))
            .collect();
        assert_eq!(
            got,
            [
                // Inherited by both operations of /a: one finding.
                ("/security/0/basic", Severity::Error),
                ("/paths/~1c/get/security/1/key", Severity::Error),
                ("/components/securitySchemes/unused", Severity::Warning),
            ]
        );
        assert_eq!(found[0].labels[0].pointer, "/servers/0/url");
        assert_eq!(found[1].labels[0].pointer, "/paths/~1c/get/servers/0/url");
        assert_eq!(
            found[0].message,
            "HTTP Basic credentials (`basic`) are required over plain-HTTP server `http://api.example.com`"
        );
    }

    #[test]
    fn https_only_is_clean() {
        let spec = SPEC.replace("http://", "https://");
        assert!(check_yaml(&super::WeakAuthOverHttp, &spec).is_empty());
    }
}
