use openapiv3::SecurityScheme;

use super::schemes;
use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags OAuth 2.0 security schemes that offer the resource owner password credentials
    /// flow (`flows.password`).
    ///
    /// The default severity is `error`: the OAuth 2.0 Security Best Current Practice
    /// (RFC 9700, §2.4) says this grant MUST NOT be used.
    ///
    /// ## Why is this bad?
    /// The client application collects the user's password itself and sends it to the token
    /// endpoint. Users learn to type passwords into third-party apps (phishing), the client
    /// sees a credential that grants everything, and multi-factor or federated login cannot
    /// work. OAuth 2.1 removes the grant.
    ///
    /// ## Example
    /// ```yaml
    /// components:
    ///   securitySchemes:
    ///     oauth:
    ///       type: oauth2
    ///       flows:
    ///         password:
    ///           tokenUrl: https://auth.example.com/token
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
    pub Oauth2PasswordFlow {
        id: "oauth2-password-flow",
        group: Security,
        severity: Error,
        summary: "OAuth 2.0 resource owner password flow (clients handle user passwords)",
    }
}

impl RuleCheck for Oauth2PasswordFlow {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        for (name, pointer, scheme) in schemes(cx.spec) {
            if let SecurityScheme::OAuth2 { flows, .. } = scheme {
                if flows.password.is_some() {
                    out.report(
                        format!("{pointer}/flows/password"),
                        format!("OAuth 2.0 scheme `{name}` offers the password flow"),
                    )
                    .at_key()
                    .label("clients collect the user's password")
                    .help("Use the `authorizationCode` flow with PKCE, or `clientCredentials` for machine clients (RFC 9700)");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn password_only() {
        let found = check_yaml(
            &super::Oauth2PasswordFlow,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths: {}
components:
  securitySchemes:
    a:
      type: oauth2
      flows:
        password: {tokenUrl: 'https://a.example/token', scopes: {}}
    b:
      type: oauth2
      flows:
        clientCredentials: {tokenUrl: 'https://a.example/token', scopes: {}}
"#,
        );
        let got: Vec<_> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(got, ["/components/securitySchemes/a/flows/password"]);
    }
}
