use crate::rule::{Context, RuleCheck, Sink};
use pactum_spec::pointer;

crate::declare_rule! {
    /// ## What it does
    /// Flags a path key that ends with `/` (other than the root path `/`).
    ///
    /// ## Why is this bad?
    /// Servers, gateways and frameworks disagree on whether `/pets/` and `/pets` are the same
    /// route: some redirect (losing the method or body of a `POST`), some return 404. A
    /// trailing slash in the contract makes clients depend on one behaviour.
    ///
    /// ## Example
    /// ```yaml
    /// paths:
    ///   /pets/:
    ///     get: {operationId: listPets, responses: {'200': {description: OK}}}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// paths:
    ///   /pets:
    ///     get: {operationId: listPets, responses: {'200': {description: OK}}}
    /// ```
    pub PathTrailingSlash {
        id: "path-trailing-slash",
        group: Structure,
        severity: Warning,
        summary: "Path that ends with a slash",
    }
}

impl RuleCheck for PathTrailingSlash {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        for key in cx.spec.openapi.paths.paths.keys() {
            if key.len() > 1 && key.ends_with('/') {
                out.report(
                    pointer::push("/paths", key),
                    format!("Path `{key}` ends with a slash"),
                )
                .at_key()
                .label("trailing slash")
                .help(format!("Write it as `{}`", key.trim_end_matches('/')));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn fires_on_trailing_slash_but_not_root() {
        let found = check_yaml(
            &super::PathTrailingSlash,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /: {}
  /pets/: {}
  /pets: {}
"#,
        );
        let got: Vec<_> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(got, ["/paths/~1pets~1"]);
    }
}
