use crate::rule::{Context, RuleCheck, Sink};
use pactum_spec::pointer;

crate::declare_rule! {
    /// ## What it does
    /// Flags a server variable with an `enum` whose `default` is not one of the `enum`
    /// values.
    ///
    /// ## Why is this bad?
    /// OpenAPI requires the default to be one of the allowed values. Clients use the default
    /// when the caller picks nothing, so every default request goes to a server the contract
    /// says does not exist; documentation consoles show an invalid selection.
    ///
    /// ## Example
    /// ```yaml
    /// servers:
    ///   - url: https://{region}.api.example.com
    ///     variables:
    ///       region: {default: europe, enum: [eu, us]}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// servers:
    ///   - url: https://{region}.api.example.com
    ///     variables:
    ///       region: {default: eu, enum: [eu, us]}
    /// ```
    pub ServerVariableDefaultNotInEnum {
        id: "server-variable-default-not-in-enum",
        group: Structure,
        severity: Error,
        summary: "Server variable whose default is not in its enum",
    }
}

impl RuleCheck for ServerVariableDefaultNotInEnum {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        for site in &cx.index().servers {
            let Some(variables) = &site.server.variables else {
                continue;
            };
            for (name, var) in variables {
                if var.enumeration.is_empty() || var.enumeration.contains(&var.default) {
                    continue;
                }
                let at = pointer::push(&format!("{}/variables", site.pointer), name);
                out.report(
                    format!("{at}/default"),
                    format!(
                        "Default `{}` of server variable `{name}` is not one of its `enum` values",
                        var.default
                    ),
                )
                .label("not in `enum`")
                .help(format!(
                    "Use one of {} as the default, or add `{}` to the `enum`",
                    var.enumeration
                        .iter()
                        .map(|v| format!("`{v}`"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    var.default
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn fires_when_the_default_is_not_allowed() {
        let found = check_yaml(
            &super::ServerVariableDefaultNotInEnum,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
servers:
  - url: 'https://{region}.example.com:{port}/{v}'
    variables:
      region: {default: europe, enum: [eu, us]}
      port: {default: '443', enum: ['443', '8443']}
      v: {default: v1}
paths: {}
"#,
        );
        let got: Vec<_> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(got, ["/servers/0/variables/region/default"]);
    }
}
