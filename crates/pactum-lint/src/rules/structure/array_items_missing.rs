use openapiv3::{SchemaKind, Type};
use pactum_spec::SpecVersion;

use crate::rule::{Context, RuleCheck, Sink};
use crate::Severity;

crate::declare_rule! {
    /// ## What it does
    /// Flags a schema with `type: array` and no `items`.
    ///
    /// OpenAPI 3.0 requires `items` when the type is `array`, so there the finding is reported
    /// at the rule's severity (`warning`). In 3.1 (full JSON Schema) `items` is optional and
    /// means "any items", so the finding is `info`; a 3.1 schema with `prefixItems` is not
    /// reported, nor the per-type branches the loader derives from a type array such as
    /// `type: [string, array]` (they are not in the document).
    ///
    /// ## Why is this bad?
    /// Without `items` nothing is said about the elements: validators accept anything, code
    /// generators fall back to untyped lists, and readers cannot tell what the array holds.
    ///
    /// ## Example
    /// ```yaml
    /// components:
    ///   schemas:
    ///     Tags: {type: array}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// components:
    ///   schemas:
    ///     Tags: {type: array, items: {type: string, maxLength: 40}}
    /// ```
    pub ArrayItemsMissing {
        id: "array-items-missing",
        group: Structure,
        severity: Warning,
        summary: "Array schema without items",
    }
}

impl RuleCheck for ArrayItemsMissing {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let index = cx.index();
        let v31 = cx.spec.version == SpecVersion::V31;
        let severity = if v31 { Severity::Info } else { out.severity() };
        for site in &index.schemas {
            let missing = match &site.schema.schema_kind {
                SchemaKind::Type(Type::Array(a)) => a.items.is_none(),
                SchemaKind::Any(a) => a.typ.as_deref() == Some("array") && a.items.is_none(),
                _ => false,
            };
            let prefixed = site
                .schema
                .schema_data
                .extensions
                .contains_key("x-pactum-prefixItems");
            if !missing || (v31 && prefixed) {
                continue;
            }
            // 3.1 type arrays become `anyOf` of bare typed schemas that are not in the
            // document (`type: [string, array]` with `items` in a `oneOf` branch, say).
            if v31 && !cx.spec.source_map.locate(&site.pointer).exact {
                continue;
            }
            out.report(&site.pointer, "Array schema has no `items`")
                .severity(severity)
                .at_key()
                .label("array of what?")
                .help("Add `items` with the schema of the elements")
                .via(index.via_in(&site.pointer, site.direction).cloned());
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;
    use crate::Severity;

    #[test]
    fn warns_in_30_informs_in_31() {
        let spec = r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths: {}
components:
  schemas:
    Tags: {type: array}
    Good: {type: array, items: {type: string}}
    Loose: {type: array, minItems: 1, properties: {}}
"#;
        let found = check_yaml(&super::ArrayItemsMissing, spec);
        let got: Vec<_> = found
            .iter()
            .map(|f| (f.pointer.as_str(), f.severity))
            .collect();
        assert_eq!(
            got,
            [
                ("/components/schemas/Tags", Severity::Warning),
                ("/components/schemas/Loose", Severity::Warning),
            ]
        );
        let spec31 = r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
components:
  schemas:
    Tags: {type: array}
    Pair: {type: array, prefixItems: [{type: string}, {type: integer}]}
    Value:
      type: ['null', string, array]
      oneOf: [{type: string}, {type: array, items: {type: string}}]
"#;
        let found = check_yaml(&super::ArrayItemsMissing, spec31);
        let got: Vec<_> = found
            .iter()
            .map(|f| (f.pointer.as_str(), f.severity))
            .collect();
        assert_eq!(got, [("/components/schemas/Tags", Severity::Info)]);
    }
}
