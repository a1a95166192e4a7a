use crate::rule::{Context, RuleCheck, Sink};
use crate::template::Template;

crate::declare_rule! {
    /// ## What it does
    /// Flags a `{name}` placeholder of a server URL that has no entry in the server's
    /// `variables`.
    ///
    /// ## Why is this bad?
    /// A placeholder without a variable has no default, so clients cannot build the URL:
    /// generated SDKs send requests to a literal `https://{region}.example.com`, and
    /// documentation consoles cannot offer a value.
    ///
    /// ## Example
    /// ```yaml
    /// servers:
    ///   - url: https://{region}.api.example.com
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// servers:
    ///   - url: https://{region}.api.example.com
    ///     variables:
    ///       region: {default: eu, enum: [eu, us]}
    /// ```
    pub ServerVariableUndefined {
        id: "server-variable-undefined",
        group: Structure,
        severity: Error,
        summary: "Server URL placeholder without a variable",
    }
}

impl RuleCheck for ServerVariableUndefined {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        for site in &cx.index().servers {
            let server = site.server;
            if !server.url.contains('{') {
                continue;
            }
            let template = Template::parse(&server.url);
            let mut seen = Vec::new();
            for name in template.names {
                let defined = server
                    .variables
                    .as_ref()
                    .is_some_and(|v| v.contains_key(name));
                if defined || seen.contains(&name) {
                    continue;
                }
                seen.push(name);
                out.report(
                    format!("{}/url", site.pointer),
                    format!(
                        "Server URL `{}` uses `{{{name}}}`, which is not in its `variables`",
                        server.url
                    ),
                )
                .label(format!("`{{{name}}}` is not declared"))
                .help(format!(
                    "Add `variables: {{{name}: {{default: …}}}}` to this server"
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn fires_once_per_undeclared_placeholder() {
        let found = check_yaml(
            &super::ServerVariableUndefined,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
servers:
  - url: 'https://{region}.example.com/{v}/{v}'
    variables:
      region: {default: eu}
  - url: 'https://{x}.example.com'
paths: {}
"#,
        );
        let got: Vec<_> = found
            .iter()
            .map(|f| (f.pointer.as_str(), f.label.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(
            got,
            [
                ("/servers/0/url", "`{v}` is not declared"),
                ("/servers/1/url", "`{x}` is not declared"),
            ]
        );
    }
}
