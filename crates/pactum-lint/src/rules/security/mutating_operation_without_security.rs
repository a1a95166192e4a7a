use super::{effective, no_security_anywhere, op_label, op_name, schemes, served, MUTATING};
use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags `POST`, `PUT`, `PATCH` and `DELETE` operations that inherit no authentication:
    /// neither the operation nor the document declares `security`, or the document's
    /// `security` is empty (`[]`) or offers the empty requirement `{}` (anonymous access) as
    /// an alternative.
    ///
    /// An operation that itself declares `security: []` or `{}` is reported by
    /// `security-explicitly-disabled-on-mutation` instead. When no operation of the API and not
    /// the document declare `security` at all, the rule reports once, at `paths`, rather than
    /// once per operation. Webhooks and callbacks are not checked: there the API is the client.
    ///
    /// ## Why is this bad?
    /// An operation that changes state without authentication lets anyone create, modify or
    /// delete data (OWASP API2:2023, Broken Authentication; API5, Broken Function Level
    /// Authorization). Even when a gateway enforces authentication, a contract that does not
    /// say so produces clients that never send credentials and docs that mislead reviewers.
    ///
    /// ## Example
    /// ```yaml
    /// paths:
    ///   /pets:
    ///     post:
    ///       operationId: createPet
    ///       responses: {'201': {description: Created}}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// security:
    ///   - bearerAuth: []
    /// paths:
    ///   /pets:
    ///     post:
    ///       operationId: createPet
    ///       responses: {'201': {description: Created}}
    /// components:
    ///   securitySchemes:
    ///     bearerAuth: {type: http, scheme: bearer}
    /// ```
    pub MutatingOperationWithoutSecurity {
        id: "mutating-operation-without-security",
        group: Security,
        severity: Error,
        summary: "POST, PUT, PATCH or DELETE operation that requires no authentication",
    }
}

impl RuleCheck for MutatingOperationWithoutSecurity {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let spec = cx.spec;
        let index = cx.index();
        let mutating = || {
            index
                .operations
                .iter()
                .filter(|op| served(op) && MUTATING.contains(&op.method))
        };
        if no_security_anywhere(spec, index) {
            let mut ops = mutating();
            let Some(first) = ops.next() else {
                return;
            };
            let count = 1 + ops.count();
            let help = match schemes(spec).next() {
                Some((name, _, _)) => format!(
                    "Declare `security: [{{{name}: []}}]` at the top level (or per operation)"
                ),
                None => "Declare a scheme in `components.securitySchemes` and require it with a top-level `security`".to_string(),
            };
            let what = if count == 1 {
                "the only POST/PUT/PATCH/DELETE operation requires".to_string()
            } else {
                format!("{count} POST/PUT/PATCH/DELETE operations require")
            };
            let f = out
                .report(
                    "/paths",
                    format!("No operation declares `security`: {what} no authentication"),
                )
                .at_key()
                .label("no `security` on any operation, none at the top level")
                .help(help);
            if let Some(at) = op_label(first) {
                f.with_label(at, format!("e.g. `{}`", op_name(first)));
            }
            return;
        }
        for op in mutating() {
            match effective(spec, op) {
                None => {
                    out.report(
                        &op.pointer,
                        format!("`{}` requires no authentication", op_name(op)),
                    )
                    .at_key()
                    .label("no `security` here, none at the top level")
                    .help("Add a `security` requirement naming a scheme of `components.securitySchemes`");
                }
                // Declared on the operation: `security-explicitly-disabled-on-mutation`.
                Some(eff) if eff.own => {}
                Some(eff) if eff.allows_anonymous() => {
                    let (at, what) = match eff.anonymous_alternative() {
                        Some(i) => (
                            format!("/security/{i}"),
                            "the top-level `security` allows anonymous access (`{}`)",
                        ),
                        None => ("/security".to_string(), "the top-level `security` is empty"),
                    };
                    out.report(
                        &op.pointer,
                        format!("`{}` allows anonymous requests", op_name(op)),
                    )
                    .at_key()
                    .label("inherits the top-level `security`")
                    .with_label(at, what)
                    .help(
                        "Give the operation its own `security` without the empty requirement `{}`",
                    );
                }
                Some(_) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    const OPS: &str = r#"
paths:
  /pets:
    get: {responses: {'200': {description: OK}}}
    post: {responses: {'201': {description: OK}}}
  /pets/{id}:
    delete:
      security: [{key: []}]
      responses: {'204': {description: OK}}
    put:
      security: []
      responses: {'204': {description: OK}}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
webhooks:
  petAdded:
    post: {responses: {'200': {description: OK}}}
"#;

    fn spec(top: &str) -> String {
        format!("openapi: 3.1.0\ninfo: {{title: t, version: 1.0.0}}\n{top}{OPS}")
    }

    fn pointers(top: &str) -> Vec<String> {
        check_yaml(&super::MutatingOperationWithoutSecurity, &spec(top))
            .into_iter()
            .map(|f| f.pointer)
            .collect()
    }

    #[test]
    fn inherits_nothing() {
        // The PUT declares `security: []` itself: the other rule's business.
        assert_eq!(pointers(""), ["/paths/~1pets/post"]);
    }

    #[test]
    fn top_level_requirement_covers_it() {
        assert!(pointers("security: [{key: []}]\n").is_empty());
    }

    #[test]
    fn anonymous_alternative_at_top_level() {
        let found = check_yaml(
            &super::MutatingOperationWithoutSecurity,
            &spec("security: [{key: []}, {}]\n"),
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer, "/paths/~1pets/post");
        assert_eq!(found[0].labels[0].pointer, "/security/1");
        assert!(found[0].message.contains("anonymous"));
        assert_eq!(pointers("security: []\n"), ["/paths/~1pets/post"]);
    }

    #[test]
    fn once_for_an_api_without_any_security() {
        let yaml = spec("")
            .replace("security: [{key: []}]", "")
            .replace("security: []", "");
        let found = check_yaml(&super::MutatingOperationWithoutSecurity, &yaml);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].pointer, "/paths");
        assert!(found[0].message.contains("3 POST/PUT/PATCH/DELETE"));
        assert!(found[0].labels.is_empty(), "no operationId to point at");
        assert!(found[0].help.as_deref().unwrap_or_default().contains("key"));
    }
}
