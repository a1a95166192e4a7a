use crate::oas::{self, location};
use crate::rule::{Context, RuleCheck, Sink};
use crate::template::Template;

crate::declare_rule! {
    /// ## What it does
    /// Flags an `in: path` parameter (of a path item or an operation under `paths`) whose
    /// name is not a `{name}` expression of the path template.
    ///
    /// ## Why is this bad?
    /// OpenAPI requires a path parameter's name to match an expression of the path. A
    /// parameter that is not in the template is usually a typo or a leftover from a renamed
    /// path: clients are told to send a value that has nowhere to go, and the real expression
    /// stays undescribed.
    ///
    /// ## Example
    /// ```yaml
    /// paths:
    ///   /pets/{id}:
    ///     get:
    ///       parameters:
    ///         - {name: petId, in: path, required: true, schema: {type: string}}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// paths:
    ///   /pets/{petId}:
    ///     get:
    ///       parameters:
    ///         - {name: petId, in: path, required: true, schema: {type: string}}
    /// ```
    pub PathParameterNotInTemplate {
        id: "path-parameter-not-in-template",
        group: Structure,
        severity: Error,
        summary: "Path parameter whose name is not in the path template",
    }
}

impl RuleCheck for PathParameterNotInTemplate {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let spec = cx.spec;
        for entry in oas::paths(spec) {
            let template = Template::parse(entry.key);
            let shared = std::iter::once((
                format!("{}/parameters", entry.pointer),
                &entry.item.parameters,
            ));
            let per_op = entry.item.iter().map(|(method, op)| {
                (
                    format!("{}/{method}/parameters", entry.pointer),
                    &op.parameters,
                )
            });
            for (list_pointer, list) in shared.chain(per_op) {
                for p in oas::parameters(spec, list) {
                    let name = &p.parameter.parameter_data_ref().name;
                    if location(p.parameter) != "path" || template.contains(name) {
                        continue;
                    }
                    out.report(
                        p.name_pointer(&list_pointer),
                        format!(
                            "Path parameter `{name}` does not appear in the path `{}`",
                            entry.key
                        ),
                    )
                    .label("not in the path template")
                    .help(format!(
                        "Rename it to an expression of `{}`, or remove it",
                        entry.key
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn fires_at_the_list_entry() {
        let found = check_yaml(
            &super::PathParameterNotInTemplate,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /pets/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
      - {$ref: '#/components/parameters/PetId'}
    get:
      parameters:
        - {name: petId, in: query, schema: {type: string}}
        - {name: ownerId, in: path, required: true, schema: {type: string}}
      responses: {'200': {description: OK}}
components:
  parameters:
    PetId: {name: petId, in: path, required: true, schema: {type: string}}
"#,
        );
        let got: Vec<_> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(
            got,
            [
                "/paths/~1pets~1{id}/parameters/1",
                "/paths/~1pets~1{id}/get/parameters/1/name",
            ]
        );
    }
}
