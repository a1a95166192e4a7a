use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags operations that have no `operationId`.
    ///
    /// ## Why is this bad?
    /// Code generators, SDKs, documentation anchors and monitoring dashboards name an
    /// operation after its `operationId`. Without one every tool invents its own name from the
    /// method and path, and those names change whenever the path does.
    ///
    /// ## Example
    /// ```yaml
    /// paths:
    ///   /pets:
    ///     get:
    ///       responses: {'200': {description: OK}}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// paths:
    ///   /pets:
    ///     get:
    ///       operationId: listPets
    ///       responses: {'200': {description: OK}}
    /// ```
    pub OperationIdMissing {
        id: "operation-id-missing",
        group: Structure,
        severity: Warning,
        summary: "Operation without an operationId",
    }
}

impl RuleCheck for OperationIdMissing {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        for op in &cx.index().operations {
            let missing = op
                .operation
                .operation_id
                .as_deref()
                .is_none_or(|id| id.trim().is_empty());
            if missing {
                out.report(
                    &op.pointer,
                    format!(
                        "Operation `{} {}` has no `operationId`",
                        op.method.to_uppercase(),
                        op.path
                    ),
                )
                .at_key()
                .label("this operation")
                .help("Add a unique `operationId`, e.g. `listPets`");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn fires_on_missing_and_empty_ids() {
        let found = check_yaml(
            &super::OperationIdMissing,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /pets:
    get: {responses: {'200': {description: OK}}}
    post: {operationId: '', responses: {'200': {description: OK}}}
    put: {operationId: putPet, responses: {'200': {description: OK}}}
"#,
        );
        let pointers: Vec<_> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(pointers, ["/paths/~1pets/get", "/paths/~1pets/post"]);
    }
}
