use crate::rule::{Context, RuleCheck, Sink};
use crate::template::Template;
use pactum_spec::pointer;

crate::declare_rule! {
    /// ## What it does
    /// Flags a path key whose template is malformed: an empty `{}`, a `{` that is never
    /// closed, a `}` without a `{`, nested braces, or the same `{name}` used twice.
    ///
    /// ## Why is this bad?
    /// Such a path cannot be matched or filled in: routers reject it or treat the braces
    /// literally, and generated clients produce URLs such as `/pets/{`. A name used twice
    /// cannot be told apart by any tool.
    ///
    /// ## Example
    /// ```yaml
    /// paths:
    ///   /pets/{}:
    ///     get: {operationId: getPet, responses: {'200': {description: OK}}}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// paths:
    ///   /pets/{petId}:
    ///     get: {operationId: getPet, responses: {'200': {description: OK}}}
    /// ```
    pub PathTemplateInvalid {
        id: "path-template-invalid",
        group: Structure,
        severity: Error,
        summary: "Path with empty, unbalanced or repeated `{…}` expressions",
    }
}

impl RuleCheck for PathTemplateInvalid {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        for key in cx.spec.openapi.paths.paths.keys() {
            if !key.contains(['{', '}']) {
                continue;
            }
            let template = Template::parse(key);
            let message = match (template.problems.first(), template.repeated()) {
                (Some(problem), _) => format!("Path `{key}` has {problem}"),
                (None, Some(name)) => format!("Path `{key}` uses `{{{name}}}` more than once"),
                (None, None) => continue,
            };
            out.report(pointer::push("/paths", key), message)
                .at_key()
                .label("malformed path template")
                .help("Write each parameter once, as `{name}` with a non-empty name");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn fires_on_each_kind_of_problem() {
        let found = check_yaml(
            &super::PathTemplateInvalid,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /a/{}: {}
  /b/{id: {}
  /c/id}: {}
  /d/{id}/e/{id}: {}
  /f/{id}.{format}: {}
"#,
        );
        let got: Vec<_> = found.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            got,
            [
                "Path `/a/{}` has an empty `{}` expression",
                "Path `/b/{id` has a `{` that is never closed",
                "Path `/c/id}` has a `}` without a matching `{`",
                "Path `/d/{id}/e/{id}` uses `{id}` more than once",
            ]
        );
    }
}
