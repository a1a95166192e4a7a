use openapiv3::Parameter;

use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags an `in: path` parameter that does not say `required: true` (in `paths`,
    /// webhooks, callbacks or `components.parameters`).
    ///
    /// ## Why is this bad?
    /// A path parameter is part of the URL, so it is always present; OpenAPI makes
    /// `required: true` mandatory for it. Tools that trust the flag generate an optional
    /// argument and build URLs such as `/pets/` or `/pets/undefined` when it is left out.
    ///
    /// ## Example
    /// ```yaml
    /// parameters:
    ///   - {name: petId, in: path, schema: {type: string}}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// parameters:
    ///   - {name: petId, in: path, required: true, schema: {type: string}}
    /// ```
    pub PathParameterNotRequired {
        id: "path-parameter-not-required",
        group: Structure,
        severity: Error,
        summary: "Path parameter without `required: true`",
    }
}

fn check(out: &mut Sink, pointer: String, at_key: bool, p: &Parameter) {
    if let Parameter::Path { parameter_data, .. } = p {
        if !parameter_data.required {
            let finding = out
                .report(
                    pointer,
                    format!(
                        "Path parameter `{}` is not marked `required: true`",
                        parameter_data.name
                    ),
                )
                .label("optional path parameter")
                .help("Add `required: true`: a path parameter is always part of the URL");
            if at_key {
                finding.at_key();
            }
        }
    }
}

impl RuleCheck for PathParameterNotRequired {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        // Inline parameters where they are written; `$ref`'d ones at their component.
        for (pointer, at_key, p) in super::written_parameters(cx, true) {
            check(out, pointer, at_key, p);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn fires_inline_and_at_components() {
        let found = check_yaml(
            &super::PathParameterNotRequired,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /pets/{id}/{kind}/{x}:
    parameters:
      - {name: id, in: path, schema: {type: string}}
      - {$ref: '#/components/parameters/Kind'}
      - {name: x, in: path, required: true, schema: {type: string}}
    get:
      parameters:
        - {name: q, in: query, schema: {type: string}}
      responses: {'200': {description: OK}}
components:
  parameters:
    Kind: {name: kind, in: path, required: false, schema: {type: string}}
"#,
        );
        let got: Vec<_> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(
            got,
            [
                "/paths/~1pets~1{id}~1{kind}~1{x}/parameters/0/name",
                "/components/parameters/Kind",
            ]
        );
    }
}
