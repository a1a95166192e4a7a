use crate::oas::operation_name;
use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags an operation with neither a `description` nor a `summary` (empty strings count as
    /// missing). Either one is enough. When most operations are undocumented, one finding
    /// (at `paths`, or `webhooks`) says how many, instead of one per operation.
    ///
    /// ## Why is this bad?
    /// The operation's summary and description are what documentation, SDK doc comments and
    /// API catalogues show. Without them, readers must infer the behaviour from the method,
    /// the path and the schemas — and side effects, permissions and idempotency stay unknown.
    ///
    /// ## Example
    /// ```yaml
    /// paths:
    ///   /pets/{petId}/adopt:
    ///     post: {operationId: adoptPet, responses: {'204': {description: Adopted}}}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// paths:
    ///   /pets/{petId}/adopt:
    ///     post:
    ///       operationId: adoptPet
    ///       summary: Adopt a pet
    ///       description: Marks the pet as adopted by the calling user. Requires `pets:write`.
    ///       responses: {'204': {description: Adopted}}
    /// ```
    pub OperationDescriptionMissing {
        id: "operation-description-missing",
        group: Structure,
        severity: Info,
        summary: "Operation with neither a description nor a summary",
    }
}

fn blank(text: Option<&str>) -> bool {
    text.is_none_or(|t| t.trim().is_empty())
}

impl RuleCheck for OperationDescriptionMissing {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let ops: Vec<_> = cx
            .index()
            .operations
            .iter()
            .filter(|op| op.reachable)
            .collect();
        let bare: Vec<_> = ops
            .iter()
            .filter(|op| {
                blank(op.operation.description.as_deref()) && blank(op.operation.summary.as_deref())
            })
            .collect();
        let Some(first) = bare.first() else {
            return;
        };
        // A (mostly) undocumented API is one finding, not one per operation.
        if bare.len() * 2 > ops.len() {
            let at = if first.in_webhook {
                "/webhooks"
            } else {
                "/paths"
            };
            let message = if bare.len() == ops.len() {
                format!(
                    "None of the {} operations has a `description` or `summary`",
                    ops.len()
                )
            } else {
                format!(
                    "Most operations have no `description` or `summary` ({} of {})",
                    bare.len(),
                    ops.len()
                )
            };
            out.report(at, message)
                .at_key()
                .label("undocumented operations")
                .help("Give each operation a `summary` (one line) and a `description`");
            return;
        }
        for op in bare {
            out.report(
                &op.pointer,
                format!(
                    "Operation {} has no `description` or `summary`",
                    operation_name(op)
                ),
            )
            .at_key()
            .label("undocumented operation")
            .help("Add a `summary` (one line) and a `description` (behaviour, side effects)");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn a_summary_or_a_description_is_enough() {
        let found = check_yaml(
            &super::OperationDescriptionMissing,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /pets:
    get: {summary: List pets, responses: {'200': {description: OK}}}
    put: {description: Replace pets, responses: {'200': {description: OK}}}
    post: {summary: '', responses: {'200': {description: OK}}}
    delete: {responses: {'200': {description: OK}}}
    patch: {summary: Patch pets, responses: {'200': {description: OK}}}
"#,
        );
        let got: Vec<_> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(got, ["/paths/~1pets/post", "/paths/~1pets/delete"]);
    }

    #[test]
    fn a_mostly_undocumented_api_gets_one_finding() {
        let found = check_yaml(
            &super::OperationDescriptionMissing,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /pets:
    get: {summary: List pets, responses: {'200': {description: OK}}}
    post: {responses: {'200': {description: OK}}}
    delete: {responses: {'200': {description: OK}}}
"#,
        );
        let got: Vec<_> = found
            .iter()
            .map(|f| (f.pointer.as_str(), f.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [(
                "/paths",
                "Most operations have no `description` or `summary` (2 of 3)"
            )]
        );
    }
}
