use super::{is_basic, schemes};
use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags security schemes of type `http` with `scheme: basic`.
    ///
    /// ## Why is this bad?
    /// HTTP Basic sends the same long-lived secret (often a user's password) with every
    /// request, only base64-encoded. It cannot be scoped, expires only when changed, and one
    /// leaked request (a log, a proxy, a misconfigured TLS terminator) exposes it (OWASP
    /// API2:2023). Short-lived bearer tokens (OAuth 2.0 client credentials, signed JWTs) or
    /// scoped API keys in a header limit the damage of a leak.
    ///
    /// ## Example
    /// ```yaml
    /// components:
    ///   securitySchemes:
    ///     basicAuth: {type: http, scheme: basic}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// components:
    ///   securitySchemes:
    ///     bearerAuth: {type: http, scheme: bearer, bearerFormat: JWT}
    /// ```
    pub HttpBasicAuth {
        id: "http-basic-auth",
        group: Security,
        severity: Warning,
        summary: "HTTP Basic authentication scheme",
    }
}

impl RuleCheck for HttpBasicAuth {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        for (name, pointer, scheme) in schemes(cx.spec) {
            if is_basic(scheme) {
                out.report(
                    format!("{pointer}/scheme"),
                    format!("Security scheme `{name}` uses HTTP Basic authentication"),
                )
                .label("long-lived secret sent with every request")
                .help(
                    "Prefer short-lived bearer tokens (OAuth 2.0) or a scoped API key in a header",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn basic_in_any_case_but_not_bearer() {
        let found = check_yaml(
            &super::HttpBasicAuth,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths: {}
components:
  securitySchemes:
    a: {type: http, scheme: Basic}
    b: {type: http, scheme: bearer}
    c: {$ref: '#/components/securitySchemes/a'}
"#,
        );
        let got: Vec<_> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(
            got,
            [
                "/components/securitySchemes/a/scheme",
                "/components/securitySchemes/c/scheme"
            ]
        );
    }
}
