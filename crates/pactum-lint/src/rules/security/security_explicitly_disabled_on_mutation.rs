use super::{op_name, public_by_design, served, MUTATING};
use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags `POST`, `PUT`, `PATCH` and `DELETE` operations that switch authentication off
    /// themselves: `security: []`, or an empty requirement `{}` among their alternatives
    /// (which makes authentication optional).
    ///
    /// Operations that are public by design are not reported: authentication endpoints (a
    /// path segment `token`, `oauth`/`oauth2`, `login`, `logout`, `signin`, `signup`,
    /// `register`, `revoke`, `introspect`, `authorize`, `forgot-password`, `reset-password`),
    /// and capability URLs whose path carries the secret (a path parameter named like
    /// `*token*`, `*secret*` or `*signature*`, e.g. `/webhooks/{id}/{webhook_token}`). For any
    /// other deliberate exception, `x-pactum-ignore: [security-explicitly-disabled-on-mutation]`
    /// on the operation silences the rule and documents the decision. Webhooks and callbacks
    /// are not checked: there the API is the client.
    ///
    /// ## Why is this bad?
    /// `security: []` overrides the document's requirement, so one line silently opens a
    /// state-changing endpoint to anonymous callers (OWASP API2:2023 and API5:2023). It is
    /// often copied from a public `GET` next to it.
    ///
    /// ## Example
    /// ```yaml
    /// security: [{bearerAuth: []}]
    /// paths:
    ///   /pets/{id}:
    ///     delete:
    ///       operationId: deletePet
    ///       security: []
    ///       responses: {'204': {description: Deleted}}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// security: [{bearerAuth: []}]
    /// paths:
    ///   /pets/{id}:
    ///     delete:
    ///       operationId: deletePet
    ///       responses: {'204': {description: Deleted}}
    /// ```
    pub SecurityExplicitlyDisabledOnMutation {
        id: "security-explicitly-disabled-on-mutation",
        group: Security,
        severity: Error,
        summary: "POST, PUT, PATCH or DELETE operation with `security: []` or an empty requirement",
    }
}

impl RuleCheck for SecurityExplicitlyDisabledOnMutation {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        for op in &cx.index().operations {
            let Some(own) = &op.operation.security else {
                continue;
            };
            if !served(op) || !MUTATING.contains(&op.method) || public_by_design(&op.path) {
                continue;
            }
            if own.is_empty() {
                out.report(
                    format!("{}/security", op.pointer),
                    format!(
                        "`{}` switches authentication off with `security: []`",
                        op_name(op)
                    ),
                )
                .label("anyone may call this operation")
                .help(
                    "Remove `security: []` to inherit the top-level requirement, or name a scheme",
                );
            } else if let Some(i) = own.iter().position(|r| r.is_empty()) {
                out.report(
                    format!("{}/security/{i}", op.pointer),
                    format!(
                        "`{}` accepts anonymous requests through an empty security requirement",
                        op_name(op)
                    ),
                )
                .label("`{}` makes authentication optional")
                .help("Remove the empty requirement `{}`");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn empty_list_and_empty_alternative() {
        let found = check_yaml(
            &super::SecurityExplicitlyDisabledOnMutation,
            r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
security: [{key: []}]
paths:
  /pets:
    get: {security: [], responses: {'200': {description: OK}}}
    post: {security: [], responses: {'201': {description: OK}}}
    put: {security: [{key: []}, {}], responses: {'201': {description: OK}}}
    patch: {security: [{key: []}], responses: {'201': {description: OK}}}
    delete: {responses: {'204': {description: OK}}}
  /oauth2/token:
    post: {security: [], responses: {'200': {description: OK}}}
  /hooks/{id}/{hook_token}:
    post: {security: [{}], responses: {'200': {description: OK}}}
webhooks:
  petAdded:
    post: {security: [], responses: {'200': {description: OK}}}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
"#,
        );
        let got: Vec<_> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(
            got,
            [
                "/paths/~1pets/put/security/1",
                "/paths/~1pets/post/security"
            ]
        );
    }
}
