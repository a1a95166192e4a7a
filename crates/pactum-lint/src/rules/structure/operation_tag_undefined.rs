use indexmap::IndexMap;

use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags a tag used by an operation that is not declared in the document's top-level
    /// `tags`. Each undeclared tag is reported once, at its first use.
    ///
    /// ## Why is this bad?
    /// The top-level `tags` list gives each tag its description, its documentation link and
    /// its order in rendered documentation. An undeclared tag is usually a typo (`pet` next to
    /// `pets`) that splits one group of operations into two, and it has no description.
    ///
    /// ## Example
    /// ```yaml
    /// tags:
    ///   - {name: pets, description: Everything about pets}
    /// paths:
    ///   /pets:
    ///     get: {operationId: listPets, tags: [pet], responses: {'200': {description: OK}}}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// tags:
    ///   - {name: pets, description: Everything about pets}
    /// paths:
    ///   /pets:
    ///     get: {operationId: listPets, tags: [pets], responses: {'200': {description: OK}}}
    /// ```
    pub OperationTagUndefined {
        id: "operation-tag-undefined",
        group: Structure,
        severity: Warning,
        summary: "Operation tag not declared in the top-level tags",
    }
}

impl RuleCheck for OperationTagUndefined {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let declared = &cx.spec.openapi.tags;
        // Tag name → (pointer of its first use, number of uses).
        let mut undeclared: IndexMap<&str, (String, usize)> = IndexMap::new();
        for op in &cx.index().operations {
            if !op.reachable {
                continue;
            }
            for (i, tag) in op.operation.tags.iter().enumerate() {
                if declared.iter().any(|t| &t.name == tag) {
                    continue;
                }
                undeclared
                    .entry(tag)
                    .or_insert_with(|| (format!("{}/tags/{i}", op.pointer), 0))
                    .1 += 1;
            }
        }
        for (tag, (pointer, uses)) in undeclared {
            let finding = out
                .report(
                    pointer,
                    format!("Tag `{tag}` is not declared in the top-level `tags`"),
                )
                .help(format!(
                    "Add `{{name: {tag}, description: …}}` to the document's `tags`, or fix the \
                     spelling"
                ));
            if uses > 1 {
                finding.label(format!("undeclared tag, used by {uses} operations"));
            } else {
                finding.label("undeclared tag");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn reports_each_undeclared_tag_once() {
        let found = check_yaml(
            &super::OperationTagUndefined,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
tags:
  - {name: pets}
paths:
  /pets:
    get: {tags: [pets, pet], responses: {'200': {description: OK}}}
    post: {tags: [pet], responses: {'200': {description: OK}}}
    put: {tags: [Pets], responses: {'200': {description: OK}}}
"#,
        );
        let got: Vec<_> = found
            .iter()
            .map(|f| (f.pointer.as_str(), f.label.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "/paths/~1pets/get/tags/1",
                    "undeclared tag, used by 2 operations"
                ),
                ("/paths/~1pets/put/tags/0", "undeclared tag"),
            ]
        );
    }
}
