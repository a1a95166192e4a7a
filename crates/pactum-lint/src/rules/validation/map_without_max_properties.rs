use openapiv3::AdditionalProperties;

use crate::rule::{Context, RuleCheck, Sink};
use crate::schema_util::{additional_properties, is_request_input, kept, max_properties, subject};

crate::declare_rule! {
    /// ## What it does
    /// Flags request maps — objects whose `additionalProperties` is a schema, or that have
    /// 3.1 `patternProperties` — without `maxProperties`.
    ///
    /// Only request-side schemas are checked (what the server reads); response maps are not
    /// reported. `readOnly` properties are skipped. A `maxProperties` in another `allOf`
    /// branch for the same property counts. Open objects without a value schema are
    /// `request-object-open`'s concern.
    ///
    /// In webhooks and callbacks the API is the sender: their payloads count as response side,
    /// and the receiver's replies, which the API reads, as request side.
    ///
    /// ## Why is this bad?
    /// A map accepts any number of keys: one request can carry a million entries that the
    /// server parses, stores (often as one row or label each) and returns again (OWASP
    /// API4:2023). Metadata and label maps are the usual target.
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   type: object
    ///   additionalProperties: {type: string, maxLength: 500}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// metadata:
    ///   type: object
    ///   maxProperties: 50
    ///   additionalProperties: {type: string, maxLength: 500}
    /// ```
    pub MapWithoutMaxProperties {
        id: "map-without-max-properties",
        group: Validation,
        severity: Warning,
        summary: "Request map (additionalProperties schema) without maxProperties",
    }
}

impl RuleCheck for MapWithoutMaxProperties {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let index = cx.index();
        for site in &index.schemas {
            if !is_request_input(site) {
                continue;
            }
            let s = site.schema;
            let map = matches!(
                additional_properties(s),
                Some(AdditionalProperties::Schema(_))
            );
            let keyword = if map {
                "additionalProperties"
            } else if kept(s, "patternProperties").is_some() {
                "patternProperties"
            } else {
                continue;
            };
            if cx.composition().any(s, |x| max_properties(x).is_some()) {
                continue;
            }
            let finding = out
                .report(
                    &site.pointer,
                    format!("Map {} has no `maxProperties`", subject(site)),
                )
                .at_key()
                .label(format!("any number of keys (`{keyword}`)"))
                .help("Add `maxProperties` with the largest number of entries the server accepts")
                .via(index.via_in(&site.pointer, site.direction).cloned());
            if map {
                finding.with_label(
                    format!("{}/additionalProperties", site.pointer),
                    "the map's values",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn unbounded_request_maps() {
        let found = check_yaml(
            &super::MapWithoutMaxProperties,
            r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths:
  /items:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              properties:
                labels: {type: object, additionalProperties: {type: string}}
                bounded: {type: object, maxProperties: 5, additionalProperties: {type: string}}
                byPattern: {type: object, patternProperties: {'^x-': {type: string}}}
                open: {type: object}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {type: object, additionalProperties: {type: string}}
"#,
        );
        let got: Vec<_> = found.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            got,
            [
                "Map property `labels` has no `maxProperties`",
                "Map property `byPattern` has no `maxProperties`",
            ]
        );
    }
}
