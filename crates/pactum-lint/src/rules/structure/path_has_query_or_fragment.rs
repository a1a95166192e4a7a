use crate::rule::{Context, RuleCheck, Sink};
use pactum_spec::pointer;

crate::declare_rule! {
    /// ## What it does
    /// Flags a path key that contains `?` (a query string) or `#` (a fragment).
    ///
    /// ## Why is this bad?
    /// A path key is appended to the server URL as a path; the query is described by
    /// `in: query` parameters, and a fragment is never sent to the server at all. Tools
    /// percent-encode the `?` or `#` (so the route never matches) or append the operation's
    /// own query after it (`?a=1?b=2`). Routers cannot tell `/token#refresh` from
    /// `/token#revoke`, or `/search?type=a` from `/search?type=b`: to them these are one
    /// route, and one of the operations is unreachable.
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
    pub PathHasQueryOrFragment {
        id: "path-has-query-or-fragment",
        group: Structure,
        severity: Warning,
        summary: "Path that contains a query string or a fragment",
    }
}

impl RuleCheck for PathHasQueryOrFragment {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        for key in cx.spec.openapi.paths.paths.keys() {
            let Some(at) = key.find(['?', '#']) else {
                continue;
            };
            let (path, rest) = key.split_at(at);
            let (what, help) = if rest.starts_with('?') {
                (
                    "a query string",
                    "describe the query with `in: query` parameters",
                )
            } else {
                (
                    "a fragment",
                    "tell the operations apart by path, query or body instead: the fragment is \
                     never sent",
                )
            };
            out.report(
                pointer::push("/paths", key),
                format!("Path `{key}` contains {what}"),
            )
            .at_key()
            .label(format!("`{rest}` is not part of the path"))
            .help(format!("Use the path `{path}` and {help}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn fires_on_question_marks_and_hashes() {
        let found = check_yaml(
            &super::PathHasQueryOrFragment,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /pets?status=sold: {}
  /token#refresh: {}
  /pets: {}
"#,
        );
        let got: Vec<_> = found.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            got,
            [
                "Path `/pets?status=sold` contains a query string",
                "Path `/token#refresh` contains a fragment",
            ]
        );
    }
}
