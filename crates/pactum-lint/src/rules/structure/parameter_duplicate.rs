use openapiv3::{Parameter, ReferenceOr};

use crate::oas::{self, location};
use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags a parameter declared twice in the same `parameters` list (of a path item or of
    /// an operation): the same `in` and `name`, with header names compared without regard to
    /// case. An operation parameter that overrides a path-level one is fine.
    ///
    /// ## Why is this bad?
    /// OpenAPI requires the (`name`, `in`) pairs of a list to be unique. With two
    /// declarations, tools keep one of them arbitrarily — often with a different schema or
    /// `required` — so the validator and the generated client disagree about the parameter.
    /// HTTP header names are case-insensitive, so `X-Request-Id` and `x-request-id` are one
    /// header.
    ///
    /// ## Example
    /// ```yaml
    /// parameters:
    ///   - {name: limit, in: query, schema: {type: integer, maximum: 100}}
    ///   - {name: limit, in: query, schema: {type: integer}}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// parameters:
    ///   - {name: limit, in: query, schema: {type: integer, maximum: 100}}
    /// ```
    pub ParameterDuplicate {
        id: "parameter-duplicate",
        group: Structure,
        severity: Error,
        summary: "Same parameter (name and location) twice in one list",
    }
}

fn same(a: &Parameter, b: &Parameter) -> bool {
    let (ia, ib) = (location(a), location(b));
    let (na, nb) = (&a.parameter_data_ref().name, &b.parameter_data_ref().name);
    ia == ib
        && if ia == "header" {
            na.eq_ignore_ascii_case(nb)
        } else {
            na == nb
        }
}

fn check_list(cx: &Context<'_>, out: &mut Sink, owner: &str, list: &[ReferenceOr<Parameter>]) {
    if list.len() < 2 {
        return;
    }
    let list_pointer = format!("{owner}/parameters");
    let params: Vec<_> = oas::parameters(cx.spec, list).collect();
    for (i, p) in params.iter().enumerate() {
        let Some(first) = params[..i].iter().find(|q| same(q.parameter, p.parameter)) else {
            continue;
        };
        let data = p.parameter.parameter_data_ref();
        out.report(
            p.name_pointer(&list_pointer),
            format!(
                "`{}` {} parameter is declared twice in this list",
                data.name,
                location(p.parameter)
            ),
        )
        .label("duplicate")
        .with_label(first.name_pointer(&list_pointer), "first declared here")
        .help("Remove one of the two declarations");
    }
}

impl RuleCheck for ParameterDuplicate {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let index = cx.index();
        for site in &index.path_items {
            check_list(cx, out, &site.pointer, &site.item.parameters);
        }
        for site in &index.operations {
            check_list(cx, out, &site.pointer, &site.operation.parameters);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn fires_within_a_list_not_across_levels() {
        let found = check_yaml(
            &super::ParameterDuplicate,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /pets:
    parameters:
      - {name: limit, in: query, schema: {type: integer}}
    get:
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
        - {name: X-Trace, in: header, schema: {type: string}}
        - {$ref: '#/components/parameters/Trace'}
        - {name: limit, in: header, schema: {type: string}}
        - {name: Session, in: cookie, schema: {type: string}}
        - {name: session, in: cookie, schema: {type: string}}
      responses: {'200': {description: OK}}
components:
  parameters:
    Trace: {name: x-trace, in: header, schema: {type: string}}
"#,
        );
        let got: Vec<_> = found
            .iter()
            .map(|f| (f.pointer.as_str(), f.labels[0].pointer.as_str()))
            .collect();
        assert_eq!(
            got,
            [(
                "/paths/~1pets/get/parameters/2",
                "/paths/~1pets/get/parameters/1/name"
            )]
        );
        assert_eq!(
            found[0].message,
            "`x-trace` header parameter is declared twice in this list"
        );
    }
}
