use pactum_spec::pointer::escape;

use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags a callback whose URL expression (the key under the callback's name) is a literal
    /// `http://` URL to a host other than `localhost`, `127.0.0.0/8`, `::1` or `*.localhost` —
    /// `http://hooks.example.com/{$request.body#/id}` and
    /// `http://{$request.query.host}/notify` alike.
    ///
    /// Expressions that take the whole URL from the request (`{$request.body#/callbackUrl}`)
    /// cannot be judged from the contract; validate those URLs in the server (scheme and
    /// host allow-list, SSRF).
    ///
    /// ## Why is this bad?
    /// Callbacks carry event data and often credentials or signatures. Over plain HTTP anyone
    /// on the path can read them, alter them, or replay them, and the receiver cannot trust
    /// the server's identity. There is no reason for a production callback to avoid TLS.
    ///
    /// ## Example
    /// ```yaml
    /// callbacks:
    ///   onDone:
    ///     'http://hooks.example.com/jobs/{$response.body#/id}':
    ///       post:
    ///         responses:
    ///           '204': {description: Received}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// callbacks:
    ///   onDone:
    ///     'https://hooks.example.com/jobs/{$response.body#/id}':
    ///       post:
    ///         responses:
    ///           '204': {description: Received}
    /// ```
    pub CallbackUrlNotHttps {
        id: "callback-url-not-https",
        group: Webhooks,
        severity: Warning,
        summary: "Callback URL over plain http:// to a non-local host",
    }
}

impl RuleCheck for CallbackUrlNotHttps {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        for op in &cx.index().operations {
            if !op.reachable {
                continue;
            }
            for (name, callback) in &op.operation.callbacks {
                for expression in callback.keys() {
                    if !plain_http_remote(expression) {
                        continue;
                    }
                    out.report(
                        format!(
                            "{}/callbacks/{}/{}",
                            op.pointer,
                            escape(name),
                            escape(expression)
                        ),
                        format!("Callback `{name}` is sent over plain `http://`"),
                    )
                    .at_key()
                    .label("unencrypted callback URL")
                    .help("Use an `https://` URL");
                }
            }
        }
    }
}

/// True for `http://` URLs (ASCII case-insensitive) whose host is not the local machine.
pub(crate) fn plain_http_remote(url: &str) -> bool {
    let url = url.trim();
    let Some(scheme) = url.get(..7) else {
        return false;
    };
    if !scheme.eq_ignore_ascii_case("http://") {
        return false;
    }
    let rest = &url[7..];
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or(authority);
    let host = if host_port.starts_with('[') {
        host_port.split(']').next().map_or(host_port, |h| &h[1..])
    } else {
        host_port.split(':').next().unwrap_or(host_port)
    };
    let host = host.to_ascii_lowercase();
    let local = host == "localhost"
        || host.ends_with(".localhost")
        || host == "::1"
        || host == "0.0.0.0"
        || host.starts_with("127.");
    !local
}

#[cfg(test)]
mod tests {
    use super::plain_http_remote;
    use crate::testing::check_yaml;

    #[test]
    fn urls() {
        for url in [
            "http://hooks.example.com/x",
            "HTTP://Example.com",
            "http://{$request.query.host}/notify",
            "http://user@example.com:8080",
        ] {
            assert!(plain_http_remote(url), "{url}");
        }
        for url in [
            "https://hooks.example.com",
            "{$request.body#/callbackUrl}",
            "http://localhost:8080/cb",
            "http://127.0.0.1/cb",
            "http://[::1]:3000/",
            "http://app.localhost/",
            "http:/",
        ] {
            assert!(!plain_http_remote(url), "{url}");
        }
    }

    #[test]
    fn fires_at_the_callback_expression() {
        let found = check_yaml(
            &super::CallbackUrlNotHttps,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /jobs:
    post:
      callbacks:
        onDone:
          'http://hooks.example.com/{$response.body#/id}':
            post: {responses: {'204': {description: OK}}}
          '{$request.body#/url}':
            post: {responses: {'204': {description: OK}}}
      responses: {'201': {description: OK}}
"#,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].pointer,
            "/paths/~1jobs/post/callbacks/onDone/http:~1~1hooks.example.com~1{$response.body#~1id}"
        );
    }
}
