use super::{no_security_anywhere, op_label, op_name, schemes, served, READING};
use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags `GET` and `HEAD` operations for which neither the operation nor the document
    /// declares `security`.
    ///
    /// An explicit `security: []`, or an empty requirement `{}` among the alternatives, says
    /// the endpoint is public by design and is not reported. When no operation of the API and
    /// not the document declare `security` at all, the rule reports once, at `paths`. Webhooks
    /// and callbacks are not checked: there the API is the client.
    ///
    /// ## Why is this bad?
    /// Reads leak data (OWASP API1:2023 and API3:2023). A contract that says nothing about
    /// authentication cannot be told apart from one that forgot it: reviewers, gateways and
    /// generated clients have to guess. Say which scheme protects the operation, or say
    /// explicitly that it is public.
    ///
    /// ## Example
    /// ```yaml
    /// paths:
    ///   /pets/{id}:
    ///     get:
    ///       operationId: getPet
    ///       responses: {'200': {description: OK}}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// paths:
    ///   /pets/{id}:
    ///     get:
    ///       operationId: getPet
    ///       security: [{bearerAuth: []}]   # or `security: []` for a public endpoint
    ///       responses: {'200': {description: OK}}
    /// ```
    pub ReadOperationWithoutSecurity {
        id: "read-operation-without-security",
        group: Security,
        severity: Warning,
        summary: "GET or HEAD operation that declares no security, not even an explicit public one",
    }
}

impl RuleCheck for ReadOperationWithoutSecurity {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let spec = cx.spec;
        let index = cx.index();
        let mut reading = index
            .operations
            .iter()
            .filter(|op| served(op) && READING.contains(&op.method));
        if no_security_anywhere(spec, index) {
            let Some(first) = reading.next() else {
                return;
            };
            let count = 1 + reading.count();
            let help = match schemes(spec).next() {
                Some((name, _, _)) => format!(
                    "Declare `security: [{{{name}: []}}]` at the top level, and `security: []` on public operations"
                ),
                None => "Declare a scheme in `components.securitySchemes` and require it with a top-level `security`, or mark public operations with `security: []`".to_string(),
            };
            let what = if count == 1 {
                "the only GET/HEAD operation says".to_string()
            } else {
                format!("{count} GET/HEAD operations say")
            };
            let f = out
                .report(
                    "/paths",
                    format!(
                        "No operation declares `security`: {what} nothing about authentication"
                    ),
                )
                .at_key()
                .label("no `security` on any operation, none at the top level")
                .help(help);
            if let Some(at) = op_label(first) {
                f.with_label(at, format!("e.g. `{}`", op_name(first)));
            }
            return;
        }
        if spec.openapi.security.is_some() {
            return;
        }
        for op in reading {
            if op.operation.security.is_none() {
                out.report(
                    &op.pointer,
                    format!("`{}` declares no `security`", op_name(op)),
                )
                .at_key()
                .label("no `security` here, none at the top level")
                .help("Add a `security` requirement, or `security: []` if the operation is public by design");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /pets:
    get: {responses: {'200': {description: OK}}}
    head: {security: [], responses: {'200': {description: OK}}}
    post: {security: [{key: []}], responses: {'201': {description: OK}}}
  /pets/{id}:
    get:
      security: [{key: []}, {}]
      responses: {'200': {description: OK}}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
"#;

    #[test]
    fn only_operations_that_say_nothing() {
        let found = check_yaml(&super::ReadOperationWithoutSecurity, SPEC);
        let pointers: Vec<_> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(pointers, ["/paths/~1pets/get"]);
    }

    #[test]
    fn top_level_security_covers_everything() {
        let spec = SPEC.replace("paths:\n", "security: [{key: []}]\npaths:\n");
        assert!(check_yaml(&super::ReadOperationWithoutSecurity, &spec).is_empty());
    }

    #[test]
    fn once_when_nothing_declares_security() {
        let spec = SPEC
            .replace("security: [], ", "")
            .replace("security: [{key: []}], ", "")
            .replace("      security: [{key: []}, {}]\n", "");
        let found = check_yaml(&super::ReadOperationWithoutSecurity, &spec);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].pointer, "/paths");
        assert!(
            found[0].message.contains("3 GET/HEAD"),
            "{}",
            found[0].message
        );
    }
}
