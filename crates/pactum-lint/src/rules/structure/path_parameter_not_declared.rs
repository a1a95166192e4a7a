use crate::oas::{self, location};
use crate::rule::{Context, RuleCheck, Sink};
use crate::template::Template;

crate::declare_rule! {
    /// ## What it does
    /// Flags a `{name}` expression of a path template that has no `in: path` parameter of
    /// that name, neither in the path item's `parameters` nor in the operation's.
    ///
    /// When no operation of the path declares it, the finding is at the path; otherwise it is
    /// at each operation that lacks it.
    ///
    /// ## Why is this bad?
    /// OpenAPI requires every template expression to be described by a path parameter. Without
    /// it, generated clients cannot fill in the URL (they send a literal `{id}`), generated
    /// servers cannot extract the value, and nothing says what type it has.
    ///
    /// ## Example
    /// ```yaml
    /// paths:
    ///   /pets/{petId}:
    ///     get:
    ///       operationId: getPet
    ///       responses: {'200': {description: OK}}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// paths:
    ///   /pets/{petId}:
    ///     parameters:
    ///       - {name: petId, in: path, required: true, schema: {type: string, format: uuid}}
    ///     get:
    ///       operationId: getPet
    ///       responses: {'200': {description: OK}}
    /// ```
    pub PathParameterNotDeclared {
        id: "path-parameter-not-declared",
        group: Structure,
        severity: Error,
        summary: "Path template expression without an `in: path` parameter",
    }
}

impl RuleCheck for PathParameterNotDeclared {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let spec = cx.spec;
        for entry in oas::paths(spec) {
            let template = Template::parse(entry.key);
            if template.names.is_empty() {
                continue;
            }
            let declares = |list| {
                let params: Vec<&str> = oas::parameters(spec, list)
                    .filter(|p| location(p.parameter) == "path")
                    .map(|p| p.parameter.parameter_data_ref().name.as_str())
                    .collect();
                params
            };
            let shared = declares(&entry.item.parameters);
            let ops: Vec<(&str, Vec<&str>)> = entry
                .item
                .iter()
                .map(|(method, op)| (method, declares(&op.parameters)))
                .collect();
            if ops.is_empty() {
                continue;
            }
            let mut seen: Vec<&str> = Vec::new();
            for &name in &template.names {
                if seen.contains(&name) || shared.contains(&name) {
                    continue;
                }
                seen.push(name);
                let lacking: Vec<&str> = ops
                    .iter()
                    .filter(|(_, declared)| !declared.contains(&name))
                    .map(|(method, _)| *method)
                    .collect();
                if lacking.len() == ops.len() {
                    out.report(
                        &entry.key_pointer,
                        format!("Path `{}` has no `in: path` parameter `{name}`", entry.key),
                    )
                    .at_key()
                    .label(format!("`{{{name}}}` is not declared"))
                    .help(help(name));
                    continue;
                }
                for method in lacking {
                    out.report(
                        format!("{}/{method}", entry.pointer),
                        format!(
                            "Operation `{} {}` does not declare the path parameter `{name}`",
                            method.to_ascii_uppercase(),
                            entry.key
                        ),
                    )
                    .at_key()
                    .label(format!("no `{name}` path parameter"))
                    .help(help(name));
                }
            }
        }
    }
}

fn help(name: &str) -> String {
    format!(
        "Add `{{name: {name}, in: path, required: true, schema: {{type: string}}}}` to the path \
         item's `parameters`"
    )
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn reports_at_the_path_or_at_each_operation() {
        let found = check_yaml(
            &super::PathParameterNotDeclared,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /pets/{id}/toys/{toyId}:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: toyId, in: query, schema: {type: string}}
      responses: {'200': {description: OK}}
    delete:
      responses: {'200': {description: OK}}
  /owners/{id}:
    parameters:
      - {$ref: '#/components/parameters/Id'}
    get: {responses: {'200': {description: OK}}}
components:
  parameters:
    Id: {name: id, in: path, required: true, schema: {type: string}}
"#,
        );
        let got: Vec<_> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(
            got,
            [
                "/paths/~1pets~1{id}~1toys~1{toyId}/delete",
                "/paths/~1pets~1{id}~1toys~1{toyId}",
            ]
        );
        assert_eq!(
            found[1].message,
            "Path `/pets/{id}/toys/{toyId}` has no `in: path` parameter `toyId`"
        );
    }
}
