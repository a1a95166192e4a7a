use crate::oas::operation_name;
use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags an operation (under `paths` or a webhook) with no `tags`. Callback operations
    /// are not checked: they are documented with the operation that registers them.
    ///
    /// ## Why is this bad?
    /// Documentation tools group operations by tag, and SDK generators often make one client
    /// class per tag. Untagged operations end up in a catch-all "default" group or module.
    ///
    /// ## Example
    /// ```yaml
    /// paths:
    ///   /pets:
    ///     get: {operationId: listPets, responses: {'200': {description: OK}}}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// paths:
    ///   /pets:
    ///     get: {operationId: listPets, tags: [pets], responses: {'200': {description: OK}}}
    /// ```
    pub OperationTagsMissing {
        id: "operation-tags-missing",
        group: Structure,
        severity: Info,
        summary: "Operation without tags",
    }
}

impl RuleCheck for OperationTagsMissing {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        for op in &cx.index().operations {
            if op.in_callback || !op.reachable || !op.operation.tags.is_empty() {
                continue;
            }
            out.report(
                &op.pointer,
                format!("Operation {} has no tags", operation_name(op)),
            )
            .at_key()
            .label("untagged operation")
            .help("Add `tags: [<group>]` and declare the tag in the document's `tags`");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn fires_on_untagged_operations_and_webhooks() {
        let found = check_yaml(
            &super::OperationTagsMissing,
            r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths:
  /pets:
    get: {tags: [pets], responses: {'200': {description: OK}}}
    post:
      responses: {'200': {description: OK}}
      callbacks:
        done:
          '{$request.body#/url}':
            post: {responses: {'200': {description: OK}}}
webhooks:
  ping:
    post: {responses: {'200': {description: OK}}}
"#,
        );
        let got: Vec<_> = found.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            got,
            [
                "Operation `POST /pets` has no tags",
                "Operation `POST` of webhook `ping` has no tags",
            ]
        );
    }
}
