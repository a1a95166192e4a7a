use pactum_spec::pointer;

use crate::oas::{embedded_expressions, expression_problem, links};
use crate::rule::{Context, RuleCheck, Sink};
use crate::Finding;

crate::declare_rule! {
    /// ## What it does
    /// Flags a malformed runtime expression in a Link Object's `parameters` or `requestBody`
    /// (a string value starting with `$`, or `{$…}` embedded in a string) and in a callback's
    /// URL expression (`{$request.body#/callbackUrl}`).
    ///
    /// A runtime expression is `$url`, `$method`, `$statusCode`, or `$request.`/`$response.`
    /// followed by `header.<name>`, `query.<name>`, `path.<name>`, `body` or
    /// `body#<JSON pointer>`.
    ///
    /// ## Why is this bad?
    /// Tools evaluate these expressions to follow a link or to find the URL a callback is sent
    /// to. A malformed one cannot be evaluated: the link is dead in documentation and SDKs,
    /// and a callback has no computable URL.
    ///
    /// ## Example
    /// ```yaml
    /// links:
    ///   GetPet:
    ///     operationId: getPet
    ///     parameters:
    ///       petId: $response.body.id
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// links:
    ///   GetPet:
    ///     operationId: getPet
    ///     parameters:
    ///       petId: $response.body#/id
    /// ```
    pub RuntimeExpressionInvalid {
        id: "runtime-expression-invalid",
        group: Structure,
        severity: Error,
        summary: "Malformed runtime expression in a link or a callback URL",
    }
}

fn check_value(out: &mut Sink, at: String, value: &serde_json::Value) {
    let Some(text) = value.as_str() else {
        return;
    };
    let problem = if text.starts_with('$') {
        expression_problem(text).map(|p| (text, p))
    } else {
        embedded_expressions(text).find_map(|e| expression_problem(e).map(|p| (e, p)))
    };
    if let Some((expr, problem)) = problem {
        report(out, at, expr, problem);
    }
}

fn report<'o>(out: &'o mut Sink, at: String, expr: &str, problem: &str) -> &'o mut Finding {
    out.report(at, format!("Runtime expression `{expr}` {problem}"))
        .label("invalid runtime expression")
        .help("Write e.g. `$response.body#/id`, `$request.path.petId` or `$request.header.X-Id`")
}

impl RuleCheck for RuntimeExpressionInvalid {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let index = cx.index();
        for (at, link) in links(cx.spec, index) {
            for (name, value) in &link.parameters {
                check_value(out, pointer::push(&format!("{at}/parameters"), name), value);
            }
            if let Some(body) = &link.request_body {
                check_value(out, format!("{at}/requestBody"), body);
            }
        }
        for site in &index.path_items {
            if !site.in_callback {
                continue;
            }
            let problem =
                embedded_expressions(site.key).find_map(|e| expression_problem(e).map(|p| (e, p)));
            if let Some((expr, problem)) = problem {
                report(out, site.pointer.clone(), expr, problem).at_key();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::oas::expression_problem;
    use crate::testing::check_yaml;

    #[test]
    fn validates_expressions() {
        for ok in [
            "$url",
            "$method",
            "$statusCode",
            "$request.body",
            "$response.body#/id",
            "$response.body#/a~1b/0",
            "$request.path.petId",
            "$request.query.q",
            "$request.header.X-Request-Id",
        ] {
            assert_eq!(expression_problem(ok), None, "{ok}");
        }
        for bad in [
            "$response.body.id",
            "$request.body#id",
            "$request.body#/a~2",
            "$request.header.",
            "$request.header.a b",
            "$request.path.",
            "$res.body",
            "$statuscode",
        ] {
            assert!(expression_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn fires_in_links_and_callback_keys() {
        let found = check_yaml(
            &super::RuntimeExpressionInvalid,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /pets:
    post:
      operationId: createPet
      responses:
        '201':
          description: Created
          links:
            GetPet:
              operationId: getPet
              parameters:
                petId: $response.body.id
                fixed: constant
                ok: $response.body#/id
              requestBody: 'id={$response.body#/id}&x={$request.bogus}'
      callbacks:
        done:
          '{$request.body#/callbackUrl}?id={$request.query}':
            post: {responses: {'200': {description: OK}}}
  /pets/{id}:
    get:
      operationId: getPet
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {'200': {description: OK}}
components:
  links:
    Self:
      operationId: getPet
      parameters: {id: '$request.path'}
"#,
        );
        let got: Vec<_> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(
            got,
            [
                "/paths/~1pets/post/responses/201/links/GetPet/parameters/petId",
                "/paths/~1pets/post/responses/201/links/GetPet/requestBody",
                "/components/links/Self/parameters/id",
                "/paths/~1pets/post/callbacks/done/{$request.body#~1callbackUrl}?id={$request.query}",
            ]
        );
    }
}
