use std::collections::HashMap;

use crate::rule::{Context, RuleCheck, Sink};
use crate::template::{shape, Template};
use pactum_spec::pointer;

crate::declare_rule! {
    /// ## What it does
    /// Flags two path keys that differ only in the names of their `{…}` expressions, such as
    /// `/pets/{id}` and `/pets/{petId}`.
    ///
    /// ## Why is this bad?
    /// OpenAPI forbids templated paths with the same hierarchy but different parameter
    /// names: a request for `/pets/42` matches both, so routers, mock servers and gateways
    /// pick one arbitrarily, and the other's operations are unreachable.
    ///
    /// ## Example
    /// ```yaml
    /// paths:
    ///   /pets/{id}:
    ///     get: {operationId: getPet, responses: {'200': {description: OK}}}
    ///   /pets/{petId}:
    ///     delete: {operationId: deletePet, responses: {'204': {description: Deleted}}}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// paths:
    ///   /pets/{petId}:
    ///     get: {operationId: getPet, responses: {'200': {description: OK}}}
    ///     delete: {operationId: deletePet, responses: {'204': {description: Deleted}}}
    /// ```
    pub PathTemplateDuplicate {
        id: "path-template-duplicate",
        group: Structure,
        severity: Error,
        summary: "Two paths that differ only in parameter names",
    }
}

impl RuleCheck for PathTemplateDuplicate {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let mut first: HashMap<String, &str> = HashMap::new();
        for key in cx.spec.openapi.paths.paths.keys() {
            if !key.contains('{') || !Template::parse(key).problems.is_empty() {
                continue;
            }
            let shape = shape(key);
            match first.get(&shape) {
                None => {
                    first.insert(shape, key);
                }
                Some(earlier) => {
                    out.report(
                        pointer::push("/paths", key),
                        format!("Path `{key}` is the same route as `{earlier}`"),
                    )
                    .at_key()
                    .label("same route")
                    .with_key_label(pointer::push("/paths", earlier), "first declared here")
                    .help(
                        "Merge the two path items under one template, with one name per parameter",
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn fires_on_the_second_equivalent_path() {
        let found = check_yaml(
            &super::PathTemplateDuplicate,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /pets/{id}: {}
  /pets/{id}/toys: {}
  /pets/{petId}: {}
  /pets/mine: {}
  /owners/{id}: {}
"#,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer, "/paths/~1pets~1{petId}");
        assert_eq!(found[0].labels[0].pointer, "/paths/~1pets~1{id}");
    }
}
