use crate::rule::{Context, RuleCheck, Sink};
use pactum_spec::pointer;

crate::declare_rule! {
    /// ## What it does
    /// Flags a path key that contains `?`, i.e. a query string.
    ///
    /// ## Why is this bad?
    /// A path key is appended to the server URL as a path; the query is described by
    /// `in: query` parameters. Tools percent-encode the `?` (so the route never matches) or
    /// append the operation's own query parameters after it (producing `?a=1?b=2`). Paths
    /// cannot be told apart by their query either, so `/search?type=a` and `/search?type=b`
    /// are the same route to every router.
    ///
    /// ## Example
    /// ```yaml
    /// paths:
    ///   /pets?status=sold:
    ///     get: {operationId: listSoldPets, responses: {'200': {description: OK}}}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// paths:
    ///   /pets:
    ///     get:
    ///       operationId: listPets
    ///       parameters:
    ///         - {name: status, in: query, schema: {type: string, enum: [available, sold]}}
    ///       responses: {'200': {description: OK}}
    /// ```
    pub PathHasQueryString {
        id: "path-has-query-string",
        group: Structure,
        severity: Warning,
        summary: "Path that contains a query string",
    }
}

impl RuleCheck for PathHasQueryString {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        for key in cx.spec.openapi.paths.paths.keys() {
            if let Some((path, query)) = key.split_once('?') {
                out.report(
                    pointer::push("/paths", key),
                    format!("Path `{key}` contains a query string"),
                )
                .at_key()
                .label(format!("query `?{query}`"))
                .help(format!(
                    "Use the path `{path}` and describe the query with `in: query` parameters"
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn fires_on_question_marks() {
        let found = check_yaml(
            &super::PathHasQueryString,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /pets?status=sold: {}
  /pets: {}
"#,
        );
        let got: Vec<_> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(got, ["/paths/~1pets?status=sold"]);
    }
}
