use openapiv3::SecurityScheme;

use super::schemes;
use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags OAuth 2.0 security schemes that offer the implicit flow (`flows.implicit`).
    ///
    /// The default severity is `warning` because the OAuth 2.0 Security Best Current Practice
    /// (RFC 9700, §2.1.2) says clients SHOULD NOT use it; the password flow, which it says
    /// MUST NOT be used, is `oauth2-password-flow` (an error).
    ///
    /// ## Why is this bad?
    /// The implicit grant returns the access token in the redirect URL's fragment, where it
    /// leaks through browser history, `Referer` headers and open redirectors, and cannot be
    /// bound to the client (no PKCE, no refresh tokens, token injection possible). OAuth 2.1
    /// removes it; browser apps use the authorization code flow with PKCE instead.
    ///
    /// ## Example
    /// ```yaml
    /// components:
    ///   securitySchemes:
    ///     oauth:
    ///       type: oauth2
    ///       flows:
    ///         implicit:
    ///           authorizationUrl: https://auth.example.com/authorize
    ///           scopes: {read: Read access}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// components:
    ///   securitySchemes:
    ///     oauth:
    ///       type: oauth2
    ///       flows:
    ///         authorizationCode:
    ///           authorizationUrl: https://auth.example.com/authorize
    ///           tokenUrl: https://auth.example.com/token
    ///           scopes: {read: Read access}
    /// ```
    pub Oauth2ImplicitFlow {
        id: "oauth2-implicit-flow",
        group: Security,
        severity: Warning,
        summary: "OAuth 2.0 implicit flow (tokens in redirect URLs; removed in OAuth 2.1)",
    }
}

impl RuleCheck for Oauth2ImplicitFlow {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        for (name, pointer, scheme) in schemes(cx.spec) {
            if let SecurityScheme::OAuth2 { flows, .. } = scheme {
                if flows.implicit.is_some() {
                    out.report(
                        format!("{pointer}/flows/implicit"),
                        format!("OAuth 2.0 scheme `{name}` offers the implicit flow"),
                    )
                    .at_key()
                    .label("access tokens returned in the redirect URL")
                    .help("Use the `authorizationCode` flow with PKCE instead (RFC 9700)");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn implicit_only() {
        let found = check_yaml(
            &super::Oauth2ImplicitFlow,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths: {}
components:
  securitySchemes:
    a:
      type: oauth2
      flows:
        implicit: {authorizationUrl: 'https://a.example/authorize', scopes: {}}
        authorizationCode:
          authorizationUrl: 'https://a.example/authorize'
          tokenUrl: 'https://a.example/token'
          scopes: {}
    b:
      type: oauth2
      flows:
        clientCredentials: {tokenUrl: 'https://a.example/token', scopes: {}}
"#,
        );
        let got: Vec<_> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(got, ["/components/securitySchemes/a/flows/implicit"]);
    }
}
