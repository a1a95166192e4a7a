use indexmap::IndexMap;
use openapiv3::{Example, ReferenceOr};
use serde_json::Value;

use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags a media type that has both `example` and `examples`; parameters and headers with
    /// both are flagged too (the same rule applies to them).
    ///
    /// ## Why is this bad?
    /// The fields are mutually exclusive (OpenAPI 3.x, Media Type, Parameter and Header
    /// Objects). Tools keep one and ignore the other without saying which, so the documented
    /// example and the one mock servers or tests use can differ.
    ///
    /// ## Example
    /// ```yaml
    /// content:
    ///   application/json:
    ///     schema: {$ref: '#/components/schemas/Pet'}
    ///     example: {name: Rex}
    ///     examples:
    ///       cat: {value: {name: Tom}}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// content:
    ///   application/json:
    ///     schema: {$ref: '#/components/schemas/Pet'}
    ///     examples:
    ///       dog: {value: {name: Rex}}
    ///       cat: {value: {name: Tom}}
    /// ```
    pub MediaExampleAndExamples {
        id: "media-example-and-examples",
        group: Structure,
        severity: Warning,
        summary: "Media type, parameter or header with both example and examples",
    }
}

impl RuleCheck for MediaExampleAndExamples {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let index = cx.index();
        let mut check =
            |pointer: &str,
             what: String,
             example: Option<&Value>,
             examples: &IndexMap<String, ReferenceOr<Example>>| {
                if example.is_none() || examples.is_empty() {
                    return;
                }
                out.report(
                    format!("{pointer}/example"),
                    format!("{what} has both `example` and `examples`"),
                )
                .at_key()
                .label("conflicts with `examples`")
                .with_label(format!("{pointer}/examples"), "`examples` is here")
                .help("Move the example into `examples` under a name, and remove `example`")
                .via(index.via(pointer).iter().cloned());
            };
        for m in &index.media_types {
            let what = format!("Media type `{}`", m.key);
            check(
                &m.pointer,
                what,
                m.media.example.as_ref(),
                &m.media.examples,
            );
        }
        for p in &index.parameters {
            let data = p.parameter.parameter_data_ref();
            let what = format!("Parameter `{}`", data.name);
            check(&p.pointer, what, data.example.as_ref(), &data.examples);
        }
        for h in &index.headers {
            let what = format!("Header `{}`", h.name);
            check(
                &h.pointer,
                what,
                h.header.example.as_ref(),
                &h.header.examples,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn media_types_parameters_headers() {
        let found = check_yaml(
            &super::MediaExampleAndExamples,
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
          example: a
          examples: {b: {value: b}}
      responses:
        '200':
          description: OK
          headers:
            X-Id: {schema: {type: string}, example: a}
          content:
            application/json:
              example: {}
              examples: {x: {value: {}}}
            text/plain:
              example: hi
"#,
        );
        let got: Vec<_> = found
            .iter()
            .map(|f| (f.pointer.as_str(), f.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "/paths/~1pets/get/responses/200/content/application~1json/example",
                    "Media type `application/json` has both `example` and `examples`"
                ),
                (
                    "/paths/~1pets/get/parameters/0/example",
                    "Parameter `q` has both `example` and `examples`"
                ),
            ]
        );
    }
}
