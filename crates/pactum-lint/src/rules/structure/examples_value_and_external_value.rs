use openapiv3::{Example, ReferenceOr};

use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags an Example object that has both `value` and `externalValue` (in
    /// `components.examples` and in the `examples` of media types, parameters and headers).
    ///
    /// ## Why is this bad?
    /// The two fields are mutually exclusive (OpenAPI 3.x, Example Object). Tools pick one of
    /// them silently, so documentation, mock servers and tests may each show a different
    /// example — and the one you maintain may be the one nobody sees.
    ///
    /// ## Example
    /// ```yaml
    /// components:
    ///   examples:
    ///     Pet:
    ///       value: {name: Rex}
    ///       externalValue: https://example.com/examples/pet.json
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// components:
    ///   examples:
    ///     Pet:
    ///       value: {name: Rex}
    /// ```
    pub ExamplesValueAndExternalValue {
        id: "examples-value-and-external-value",
        group: Structure,
        severity: Warning,
        summary: "Example object with both value and externalValue",
    }
}

impl RuleCheck for ExamplesValueAndExternalValue {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let index = cx.index();
        let mut check = |pointer: String, name: &str, example: &Example| {
            if example.value.is_some() && example.external_value.is_some() {
                out.report(
                    format!("{pointer}/externalValue"),
                    format!("Example `{name}` has both `value` and `externalValue`"),
                )
                .at_key()
                .label("conflicts with `value`")
                .with_label(format!("{pointer}/value"), "`value` is here")
                .help("Keep one of them: `value` inline, or `externalValue` for a URL");
            }
        };
        if let Some(components) = &cx.spec.openapi.components {
            for (name, example) in &components.examples {
                if let ReferenceOr::Item(example) = example {
                    let pointer = pactum_spec::ComponentKind::Examples.pointer(name);
                    check(pointer, name, example);
                }
            }
        }
        let maps = index
            .media_types
            .iter()
            .map(|m| (&m.pointer, &m.media.examples))
            .chain(
                index
                    .parameters
                    .iter()
                    .map(|p| (&p.pointer, &p.parameter.parameter_data_ref().examples)),
            )
            .chain(
                index
                    .headers
                    .iter()
                    .map(|h| (&h.pointer, &h.header.examples)),
            );
        for (owner, examples) in maps {
            for (name, example) in examples {
                if let ReferenceOr::Item(example) = example {
                    let pointer =
                        format!("{owner}/examples/{}", pactum_spec::pointer::escape(name));
                    check(pointer, name, example);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn inline_and_component_examples() {
        let found = check_yaml(
            &super::ExamplesValueAndExternalValue,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /pets:
    get:
      parameters:
        - name: q
          in: query
          schema: {type: string}
          examples:
            both: {value: a, externalValue: 'https://example.com/q.txt'}
            one: {value: b}
      responses:
        '200':
          description: OK
          content:
            application/json:
              examples:
                ok: {$ref: '#/components/examples/Pet'}
components:
  examples:
    Pet: {value: {}, externalValue: 'https://example.com/pet.json'}
"#,
        );
        let got: Vec<_> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(
            got,
            [
                "/components/examples/Pet/externalValue",
                "/paths/~1pets/get/parameters/0/examples/both/externalValue",
            ]
        );
        assert_eq!(
            found[0].message,
            "Example `Pet` has both `value` and `externalValue`"
        );
    }
}
