use crate::oas::operation_name;
use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags an operation (under `paths` or a webhook) with no `tags`. Callback operations
    /// are not checked: they are documented with the operation that registers them. When most
    /// operations have no tags, one finding says so (at `paths`, or `webhooks`) instead of one
    /// per operation.
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
        let ops: Vec<_> = cx
            .index()
            .operations
            .iter()
            .filter(|op| op.reachable && !op.in_callback)
            .collect();
        let untagged: Vec<_> = ops
            .iter()
            .filter(|op| op.operation.tags.is_empty())
            .collect();
        let Some(first) = untagged.first() else {
            return;
        };
        // An API that (mostly) does not use tags made a choice: say it once, not per operation.
        if untagged.len() * 2 > ops.len() {
            let at = if first.in_webhook {
                "/webhooks"
            } else {
                "/paths"
            };
            let message = if untagged.len() == ops.len() {
                format!("None of the {} operations has tags", ops.len())
            } else {
                format!(
                    "Most operations have no tags ({} of {})",
                    untagged.len(),
                    ops.len()
                )
            };
            out.report(at, message)
                .at_key()
                .label("operations without tags")
                .help("Group the operations with `tags` and declare each tag in the document's `tags`");
            return;
        }
        for op in untagged {
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
tags: [{name: pets}]
paths:
  /pets:
    get: {tags: [pets], responses: {'200': {description: OK}}}
    put: {tags: [pets], responses: {'200': {description: OK}}}
    patch: {tags: [pets], responses: {'200': {description: OK}}}
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

    #[test]
    fn a_mostly_untagged_api_gets_one_finding() {
        let found = check_yaml(
            &super::OperationTagsMissing,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /pets:
    get: {responses: {'200': {description: OK}}}
    post: {responses: {'200': {description: OK}}}
    put: {tags: [pets], responses: {'200': {description: OK}}}
"#,
        );
        let got: Vec<_> = found
            .iter()
            .map(|f| (f.pointer.as_str(), f.message.as_str()))
            .collect();
        assert_eq!(got, [("/paths", "Most operations have no tags (2 of 3)")]);
    }
}
