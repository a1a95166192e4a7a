use crate::rule::{Context, RuleCheck, Sink};
use crate::template::Template;
use pactum_spec::pointer;

crate::declare_rule! {
    /// ## What it does
    /// Flags an entry of a server's `variables` whose name does not appear as `{name}` in the
    /// server URL.
    ///
    /// ## Why is this bad?
    /// The variable has no effect: choosing a value for it in a documentation console or an
    /// SDK changes nothing. It is usually a leftover of an edited URL or a misspelt
    /// placeholder (`{regoin}`), in which case the real placeholder is undeclared.
    ///
    /// ## Example
    /// ```yaml
    /// servers:
    ///   - url: https://api.example.com/v1
    ///     variables:
    ///       region: {default: eu}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// servers:
    ///   - url: https://{region}.api.example.com/v1
    ///     variables:
    ///       region: {default: eu}
    /// ```
    pub ServerVariableUnused {
        id: "server-variable-unused",
        group: Structure,
        severity: Warning,
        summary: "Server variable not used in the server URL",
    }
}

impl RuleCheck for ServerVariableUnused {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        for site in &cx.index().servers {
            let server = site.server;
            let Some(variables) = &server.variables else {
                continue;
            };
            let template = Template::parse(&server.url);
            for name in variables.keys() {
                if template.contains(name) {
                    continue;
                }
                let at = pointer::push(&format!("{}/variables", site.pointer), name);
                out.report(
                    at,
                    format!(
                        "Server variable `{name}` is not used in the URL `{}`",
                        server.url
                    ),
                )
                .at_key()
                .label("unused variable")
                .help(format!(
                    "Use `{{{name}}}` in the URL, or remove the variable"
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn fires_on_variables_missing_from_the_url() {
        let found = check_yaml(
            &super::ServerVariableUnused,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
servers:
  - url: 'https://{region}.example.com'
    variables:
      region: {default: eu}
      port: {default: '443'}
paths: {}
"#,
        );
        let got: Vec<_> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(got, ["/servers/0/variables/port"]);
    }
}
