use std::collections::HashMap;

use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags an `operationId` used by more than one operation.
    ///
    /// ## Why is this bad?
    /// The `operationId` must be unique in the whole document (OpenAPI 3.x, Operation Object).
    /// Generated clients and servers name a method after it: two operations with the same id
    /// either fail to compile or silently shadow each other, and links (`operationId` in a
    /// Link Object) become ambiguous.
    ///
    /// ## Example
    /// ```yaml
    /// paths:
    ///   /pets:
    ///     get: {operationId: getPets, responses: {'200': {description: OK}}}
    ///   /pets/{id}:
    ///     get: {operationId: getPets, responses: {'200': {description: OK}}}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// paths:
    ///   /pets:
    ///     get: {operationId: listPets, responses: {'200': {description: OK}}}
    ///   /pets/{id}:
    ///     get: {operationId: getPet, responses: {'200': {description: OK}}}
    /// ```
    pub OperationIdUnique {
        id: "operation-id-unique",
        group: Structure,
        severity: Error,
        summary: "operationId used by more than one operation",
    }
}

impl RuleCheck for OperationIdUnique {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let mut first: HashMap<&str, &str> = HashMap::new();
        for op in &cx.index().operations {
            let Some(id) = op.operation.operation_id.as_deref() else {
                continue;
            };
            if id.trim().is_empty() {
                continue;
            }
            match first.get(id) {
                None => {
                    first.insert(id, &op.pointer);
                }
                Some(earlier) => {
                    out.report(
                        format!("{}/operationId", op.pointer),
                        format!("`operationId` `{id}` is already used by another operation"),
                    )
                    .label("duplicate id")
                    .with_label(format!("{earlier}/operationId"), "first used here")
                    .help("Give every operation its own `operationId`");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn fires_on_the_second_use() {
        let found = check_yaml(
            &super::OperationIdUnique,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /pets:
    get: {operationId: pets, responses: {'200': {description: OK}}}
    post: {operationId: pets, responses: {'200': {description: OK}}}
  /owners:
    get: {operationId: owners, responses: {'200': {description: OK}}}
"#,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer, "/paths/~1pets/post/operationId");
        assert_eq!(found[0].labels[0].pointer, "/paths/~1pets/get/operationId");
    }
}
