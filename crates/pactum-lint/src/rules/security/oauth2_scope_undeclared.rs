use openapiv3::SecurityScheme;
use pactum_spec::pointer;

use super::{requirements, scheme};
use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags scopes listed in a security requirement for an OAuth 2.0 scheme that none of the
    /// scheme's flows declares in its `scopes`.
    ///
    /// `openIdConnect` schemes are not checked (their scopes come from the discovery
    /// document), nor are the roles OpenAPI 3.1 allows for other scheme types.
    ///
    /// ## Why is this bad?
    /// Clients request the scopes the contract lists; an authorization server that does not
    /// know the scope rejects the token request or issues a token without it, and the
    /// operation then fails with 403 in production. Usually a typo or a renamed scope, it also
    /// hides which permission the operation really checks.
    ///
    /// ## Example
    /// ```yaml
    /// paths:
    ///   /pets:
    ///     post:
    ///       security: [{oauth: ['pets:wrte']}]
    /// components:
    ///   securitySchemes:
    ///     oauth:
    ///       type: oauth2
    ///       flows:
    ///         clientCredentials:
    ///           tokenUrl: https://auth.example.com/token
    ///           scopes: {'pets:read': Read pets, 'pets:write': Change pets}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// paths:
    ///   /pets:
    ///     post:
    ///       security: [{oauth: ['pets:write']}]
    /// ```
    pub Oauth2ScopeUndeclared {
        id: "oauth2-scope-undeclared",
        group: Security,
        severity: Error,
        summary: "Security requirement listing an OAuth 2.0 scope the scheme does not declare",
    }
}

impl RuleCheck for Oauth2ScopeUndeclared {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let spec = cx.spec;
        for (at, requirement) in requirements(spec, cx.index()) {
            for (name, scopes) in requirement {
                let Some((scheme_ptr, SecurityScheme::OAuth2 { flows, .. })) = scheme(spec, name)
                else {
                    continue;
                };
                let declared = |scope: &str| {
                    flows
                        .implicit
                        .as_ref()
                        .is_some_and(|f| f.scopes.contains_key(scope))
                        || flows
                            .password
                            .as_ref()
                            .is_some_and(|f| f.scopes.contains_key(scope))
                        || flows
                            .client_credentials
                            .as_ref()
                            .is_some_and(|f| f.scopes.contains_key(scope))
                        || flows
                            .authorization_code
                            .as_ref()
                            .is_some_and(|f| f.scopes.contains_key(scope))
                };
                let base = pointer::push(&at, name);
                for (j, scope) in scopes.iter().enumerate() {
                    if declared(scope) {
                        continue;
                    }
                    out.report(
                        format!("{base}/{j}"),
                        format!("Scope `{scope}` is not declared by OAuth 2.0 scheme `{name}`"),
                    )
                    .label("undeclared scope")
                    .with_label(
                        format!("{scheme_ptr}/flows"),
                        "declared scopes are in these flows",
                    )
                    .help("Fix the scope's name, or add it to the `scopes` of the scheme's flows");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn scopes_of_any_flow_count() {
        let found = check_yaml(
            &super::Oauth2ScopeUndeclared,
            r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
security: [{oauth: [read, admin]}]
paths:
  /pets:
    post:
      security: [{oauth: [write, 'pets:wrte']}, {oidc: [anything]}, {key: [role]}]
      responses: {'200': {description: OK}}
components:
  securitySchemes:
    oauth:
      type: oauth2
      flows:
        implicit: {authorizationUrl: 'https://a.example/a', scopes: {read: r}}
        clientCredentials: {tokenUrl: 'https://a.example/t', scopes: {write: w}}
    oidc: {type: openIdConnect, openIdConnectUrl: 'https://a.example/.well-known/openid-configuration'}
    key: {type: apiKey, in: header, name: X-Key}
"#,
        );
        let got: Vec<_> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(
            got,
            [
                "/security/0/oauth/1",
                "/paths/~1pets/post/security/0/oauth/1"
            ]
        );
        assert_eq!(
            found[1].message,
            "Scope `pets:wrte` is not declared by OAuth 2.0 scheme `oauth`"
        );
    }
}
