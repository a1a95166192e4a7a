use openapiv3::{OAuth2Flows, SecurityScheme};
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

/// Every scope the flows declare, in order, without repeats.
fn known_scopes(flows: &OAuth2Flows) -> Vec<&str> {
    let maps = [
        flows.implicit.as_ref().map(|f| &f.scopes),
        flows.password.as_ref().map(|f| &f.scopes),
        flows.client_credentials.as_ref().map(|f| &f.scopes),
        flows.authorization_code.as_ref().map(|f| &f.scopes),
    ];
    let mut known: Vec<&str> = Vec::new();
    for scope in maps.into_iter().flatten().flat_map(|m| m.keys()) {
        if !known.contains(&scope.as_str()) {
            known.push(scope);
        }
    }
    known
}

/// The help line: the declared scopes (the first few).
fn help(known: &[&str]) -> String {
    const SHOWN: usize = 8;
    if known.is_empty() {
        return "The scheme's flows declare no scopes: add this one to their `scopes`".to_string();
    }
    let mut list: Vec<String> = known.iter().take(SHOWN).map(|s| format!("`{s}`")).collect();
    if known.len() > SHOWN {
        list.push(format!("{} more", known.len() - SHOWN));
    }
    format!(
        "Declared scopes: {}; fix the name or add the scope to a flow's `scopes`",
        list.join(", ")
    )
}

impl RuleCheck for Oauth2ScopeUndeclared {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let spec = cx.spec;
        for (at, requirement) in requirements(spec, cx.index()) {
            for (name, scopes) in requirement {
                let Some((_, SecurityScheme::OAuth2 { flows, .. })) = scheme(spec, name) else {
                    continue;
                };
                let known = known_scopes(flows);
                let base = pointer::push(&at, name);
                for (j, scope) in scopes.iter().enumerate() {
                    if known.contains(&scope.as_str()) {
                        continue;
                    }
                    out.report(
                        format!("{base}/{j}"),
                        format!("Scope `{scope}` is not declared by OAuth 2.0 scheme `{name}`"),
                    )
                    .label("undeclared scope")
                    .help(help(&known));
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
        assert_eq!(
            found[1].help.as_deref(),
            Some("Declared scopes: `read`, `write`; fix the name or add the scope to a flow's `scopes`")
        );
    }
}
