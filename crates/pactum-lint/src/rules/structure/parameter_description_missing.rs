use openapiv3::Parameter;

use crate::oas::location;
use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags a parameter without a `description` (inline parameters where they are written,
    /// shared ones once at their component).
    ///
    /// Parameters of webhooks and callbacks are not checked: the API sends those itself
    /// (typically the same delivery and signature headers on every webhook, documented once).
    ///
    /// ## Why is this bad?
    /// The name and the schema rarely say everything a caller needs: the unit, the default,
    /// how values combine, what an empty value means. Generated SDKs and documentation show the
    /// description next to the argument; without one, every caller guesses.
    ///
    /// ## Example
    /// ```yaml
    /// parameters:
    ///   - {name: since, in: query, schema: {type: string, format: date-time}}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// parameters:
    ///   - name: since
    ///     in: query
    ///     description: Only pets updated at or after this instant (RFC 3339).
    ///     schema: {type: string, format: date-time}
    /// ```
    pub ParameterDescriptionMissing {
        id: "parameter-description-missing",
        group: Structure,
        severity: Info,
        summary: "Parameter without a description",
    }
}

fn check(out: &mut Sink, pointer: String, at_key: bool, p: &Parameter) {
    let data = p.parameter_data_ref();
    if data
        .description
        .as_deref()
        .is_none_or(|d| d.trim().is_empty())
    {
        let finding = out
            .report(
                pointer,
                format!(
                    "`{}` {} parameter has no `description`",
                    data.name,
                    location(p)
                ),
            )
            .label("undocumented parameter")
            .help("Add a `description`: what it does, its unit and its default");
        if at_key {
            finding.at_key();
        }
    }
}

impl RuleCheck for ParameterDescriptionMissing {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        // Webhook and callback parameters are sent by the API itself, not by its callers.
        for (pointer, at_key, p) in super::written_parameters(cx, false) {
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
            &super::ParameterDescriptionMissing,
            r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths:
  /pets:
    get:
      parameters:
        - {name: q, in: query, schema: {type: string}}
        - {name: r, in: query, description: 'Rows', schema: {type: string}}
        - {name: s, in: query, description: ' ', schema: {type: string}}
        - {$ref: '#/components/parameters/Limit'}
      responses: {'200': {description: OK}}
webhooks:
  ping:
    post:
      parameters:
        - {name: X-Delivery, in: header, schema: {type: string}}
      responses: {'200': {description: OK}}
components:
  parameters:
    Limit: {name: limit, in: query, schema: {type: integer}}
"#,
        );
        let got: Vec<_> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(
            got,
            [
                "/paths/~1pets/get/parameters/0/name",
                "/paths/~1pets/get/parameters/2/name",
                "/components/parameters/Limit",
            ]
        );
    }
}
