use pactum_spec::pointer;

use super::{requirements, scheme};
use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags security requirements (top-level or per operation, webhooks and callbacks
    /// included) that name a scheme missing from `components.securitySchemes`.
    ///
    /// ## Why is this bad?
    /// A requirement is a reference by name: a typo or a deleted scheme leaves the operation
    /// protected by nothing anyone can implement. Generated clients send no credentials,
    /// gateways configured from the contract skip the check, and the documentation shows an
    /// operation as secured when it is not.
    ///
    /// ## Example
    /// ```yaml
    /// security: [{bearer_auth: []}]
    /// components:
    ///   securitySchemes:
    ///     bearerAuth: {type: http, scheme: bearer}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// security: [{bearerAuth: []}]
    /// components:
    ///   securitySchemes:
    ///     bearerAuth: {type: http, scheme: bearer}
    /// ```
    pub SecuritySchemeUndefined {
        id: "security-scheme-undefined",
        group: Security,
        severity: Error,
        summary: "Security requirement naming a scheme that components.securitySchemes lacks",
    }
}

impl RuleCheck for SecuritySchemeUndefined {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let spec = cx.spec;
        let declared: Vec<&str> = spec
            .openapi
            .components
            .iter()
            .flat_map(|c| c.security_schemes.keys())
            .map(String::as_str)
            .collect();
        for (at, requirement) in requirements(spec, cx.index()) {
            for name in requirement.keys() {
                if scheme(spec, name).is_some() {
                    continue;
                }
                let f = out
                    .report(
                        pointer::push(&at, name),
                        format!("Security scheme `{name}` is not defined"),
                    )
                    .at_key()
                    .label("not in `components.securitySchemes`");
                let close = declared
                    .iter()
                    .map(|d| (strsim::jaro_winkler(name, d), *d))
                    .filter(|(score, _)| *score >= 0.8)
                    .max_by(|a, b| a.0.total_cmp(&b.0));
                match close {
                    Some((_, d)) => f.help(format!("Did you mean `{d}`?")),
                    None => f.help(format!(
                        "Declare `{name}` under `components.securitySchemes`, or name a declared scheme"
                    )),
                };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn top_level_and_operation_requirements() {
        let found = check_yaml(
            &super::SecuritySchemeUndefined,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
security: [{bearer_auth: []}, {}]
paths:
  /pets:
    get:
      security: [{bearerAuth: []}, {bearerAuth: [], oauth: [read]}]
      responses: {'200': {description: OK}}
components:
  securitySchemes:
    bearerAuth: {type: http, scheme: bearer}
"#,
        );
        let got: Vec<_> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(
            got,
            [
                "/security/0/bearer_auth",
                "/paths/~1pets/get/security/1/oauth"
            ]
        );
        assert_eq!(found[0].help.as_deref(), Some("Did you mean `bearerAuth`?"));
    }
}
