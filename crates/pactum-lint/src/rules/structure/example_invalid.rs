use std::collections::HashSet;

use indexmap::IndexMap;
use openapiv3::{Example, ParameterSchemaOrContent, ReferenceOr, Schema};
use pactum_spec::visit::resolve;
use pactum_spec::SpecVersion;
use serde_json::Value;

use crate::model::Direction;
use crate::rule::{Context, RuleCheck, Sink};
use crate::schema_check::{resolve_schema, Checker, Side, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Checks every example against its schema: a schema's `example` (3.1: `examples`), and
    /// the `example`/`examples` of media types, parameters and headers. Each violation is
    /// reported at the offending value inside the example, with its JSON path in the message
    /// (at most 10 per example).
    ///
    /// The check follows the schema's `type` (with `nullable`), `enum`/`const`, lengths,
    /// `pattern` (ECMAScript), the formats `date`, `date-time`, `time`, `uuid`, `email`,
    /// `ipv4`, `ipv6`, `uri`, numeric bounds, `multipleOf`, array and object keywords,
    /// `allOf`/`anyOf`/`oneOf` (a `discriminator` picks the branch) and `not`. A required
    /// `readOnly` property may be missing from a request example, a `writeOnly` one from a
    /// response example, and either from a schema's own example. Examples in webhooks and
    /// callbacks are checked the same way (the HTTP message decides `readOnly`/`writeOnly`).
    ///
    /// ## Why is this bad?
    /// Examples are what readers copy, what documentation shows, and what mock servers and
    /// contract tests send. An example that breaks its own schema misleads client authors and
    /// makes generated mocks and tests fail (or, worse, pass against a server that would reject
    /// real traffic).
    ///
    /// ## Example
    /// ```yaml
    /// components:
    ///   schemas:
    ///     Pet:
    ///       type: object
    ///       required: [name]
    ///       properties:
    ///         name: {type: string}
    ///         age: {type: integer, minimum: 0}
    ///       example: {age: -1}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// components:
    ///   schemas:
    ///     Pet:
    ///       type: object
    ///       required: [name]
    ///       properties:
    ///         name: {type: string}
    ///         age: {type: integer, minimum: 0}
    ///       example: {name: Rex, age: 3}
    /// ```
    pub ExampleInvalid {
        id: "example-invalid",
        group: Structure,
        severity: Warning,
        summary: "Example that does not match its schema",
    }
}

/// Violations reported per example value.
const MAX_PER_EXAMPLE: usize = 10;

impl RuleCheck for ExampleInvalid {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let index = cx.index();
        let spec = cx.spec;
        let mut checker = Checker::new(spec);
        // Components are walked once per direction; check each (value, schema) once.
        let mut done: HashSet<(usize, usize)> = HashSet::new();
        let mut first = |value: &Value, schema: &Schema| {
            done.insert((
                value as *const Value as usize,
                schema as *const Schema as usize,
            ))
        };

        for site in &index.schemas {
            let data = &site.schema.schema_data;
            let many = data
                .extensions
                .get("x-pactum-examples")
                .and_then(Value::as_array);
            if data.example.is_none() && many.is_none() {
                continue;
            }
            if let Some(example) = &data.example {
                if first(example, site.schema) {
                    let found = checker.check(site.schema, example, Side::Either, MAX_PER_EXAMPLE);
                    if !found.is_empty() {
                        let at = schema_example_pointer(cx, &site.pointer);
                        let via = index.via(&site.pointer);
                        report(out, &at, "the example", "Example", &found, via);
                    }
                }
            }
            // 3.1 `examples`: the first is `example` above.
            for (i, example) in many.into_iter().flatten().enumerate().skip(1) {
                if first(example, site.schema) {
                    let found = checker.check(site.schema, example, Side::Either, MAX_PER_EXAMPLE);
                    if !found.is_empty() {
                        let at = format!("{}/examples/{i}", site.pointer);
                        let via = index.via(&site.pointer);
                        report(out, &at, "the example", "Example", &found, via);
                    }
                }
            }
        }

        for site in &index.media_types {
            let Some(schema) = site
                .media
                .schema
                .as_ref()
                .and_then(|s| resolve_schema(spec, s))
            else {
                continue;
            };
            let side = side_of(site.http_message);
            let examples = Examples {
                pointer: &site.pointer,
                example: site.media.example.as_ref(),
                examples: &site.media.examples,
            };
            examples.check(cx, &mut checker, &mut first, schema, side, out);
        }

        for site in &index.parameters {
            let data = site.parameter.parameter_data_ref();
            let ParameterSchemaOrContent::Schema(schema) = &data.format else {
                continue;
            };
            let Some(schema) = resolve_schema(spec, schema) else {
                continue;
            };
            let examples = Examples {
                pointer: &site.pointer,
                example: data.example.as_ref(),
                examples: &data.examples,
            };
            let side = side_of(site.http_message);
            examples.check(cx, &mut checker, &mut first, schema, side, out);
        }

        for site in &index.headers {
            let ParameterSchemaOrContent::Schema(schema) = &site.header.format else {
                continue;
            };
            let Some(schema) = resolve_schema(spec, schema) else {
                continue;
            };
            let examples = Examples {
                pointer: &site.pointer,
                example: site.header.example.as_ref(),
                examples: &site.header.examples,
            };
            let side = side_of(site.http_message);
            examples.check(cx, &mut checker, &mut first, schema, side, out);
        }
    }
}

fn side_of(message: Option<Direction>) -> Side {
    match message {
        Some(Direction::Request) => Side::Request,
        Some(Direction::Response) => Side::Response,
        None => Side::Either,
    }
}

/// The pointer of a schema's example: `example`, or in 3.1 `examples/0` when the document
/// wrote `examples` (the model keeps the first one as `example`).
fn schema_example_pointer(cx: &Context<'_>, schema: &str) -> String {
    let example = format!("{schema}/example");
    if cx.spec.version == SpecVersion::V31 && !cx.spec.source_map.locate(&example).exact {
        let first = format!("{schema}/examples/0");
        if cx.spec.source_map.locate(&first).exact {
            return first;
        }
    }
    example
}

/// The `example` and `examples` of a media type, parameter or header.
struct Examples<'a> {
    pointer: &'a str,
    example: Option<&'a Value>,
    examples: &'a IndexMap<String, ReferenceOr<Example>>,
}

impl Examples<'_> {
    fn check<'s>(
        &self,
        cx: &Context<'s>,
        checker: &mut Checker<'s>,
        first: &mut impl FnMut(&Value, &Schema) -> bool,
        schema: &'s Schema,
        side: Side,
        out: &mut Sink,
    ) {
        let index = cx.index();
        if let Some(example) = self.example {
            if first(example, schema) {
                let found = checker.check(schema, example, side, MAX_PER_EXAMPLE);
                if !found.is_empty() {
                    let at = format!("{}/example", self.pointer);
                    report(
                        out,
                        &at,
                        "the example",
                        "Example",
                        &found,
                        index.via(self.pointer),
                    );
                }
            }
        }
        for (name, entry) in self.examples {
            let usage = format!(
                "{}/examples/{}",
                self.pointer,
                pactum_spec::pointer::escape(name)
            );
            let (example, at, via): (&Example, String, Vec<String>) = match entry {
                ReferenceOr::Item(example) => {
                    let via = index.via(self.pointer).to_vec();
                    (example, format!("{usage}/value"), via)
                }
                ReferenceOr::Reference { reference } => {
                    let Some((component, example)) = resolve::<Example>(cx.spec, reference) else {
                        continue;
                    };
                    let at = format!(
                        "/components/examples/{}/value",
                        pactum_spec::pointer::escape(component)
                    );
                    (example, at, vec![usage])
                }
            };
            let Some(value) = &example.value else {
                continue;
            };
            if !first(value, schema) {
                continue;
            }
            let found = checker.check(schema, value, side, MAX_PER_EXAMPLE);
            if !found.is_empty() {
                let subject = format!("example `{name}`");
                let capital = format!("Example `{name}`");
                report(out, &at, &subject, &capital, &found, &via);
            }
        }
    }
}

/// One finding per violation, at the offending value inside the example.
fn report(
    out: &mut Sink,
    at: &str,
    subject: &str,
    capital: &str,
    found: &[Violation],
    via: &[String],
) {
    for v in found {
        let message = if v.pointer.is_empty() {
            format!("{capital} {}", v.message)
        } else {
            format!("`{}` in {subject} {}", v.path, v.message)
        };
        out.report(format!("{at}{}", v.pointer), message)
            .label(format!("fails `{}`", v.keyword))
            .help("Fix the example or the schema so that they agree")
            .via(via.iter().cloned());
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    fn run(yaml: &str) -> Vec<(String, String)> {
        check_yaml(&super::ExampleInvalid, yaml)
            .into_iter()
            .map(|f| (f.pointer, f.message))
            .collect()
    }

    const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\n";

    #[test]
    fn schema_examples_at_the_offending_value() {
        let found = run(&format!(
            "{HEAD}paths: {{}}
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name: {{type: string}}
        age: {{type: integer, minimum: 0, example: old}}
      example: {{age: -1}}
"
        ));
        assert_eq!(
            found,
            [
                (
                    "/components/schemas/Pet/example".to_string(),
                    "Example is missing the required property `name`".to_string()
                ),
                (
                    "/components/schemas/Pet/example/age".to_string(),
                    "`$.age` in the example is -1, below the `minimum` 0".to_string()
                ),
                (
                    "/components/schemas/Pet/properties/age/example".to_string(),
                    "Example is a string, not an integer".to_string()
                ),
            ]
        );
    }

    #[test]
    fn media_types_parameters_and_headers() {
        let found = run(&format!(
            "{HEAD}paths:
  /pets:
    post:
      parameters:
        - name: limit
          in: query
          schema: {{type: integer, maximum: 100}}
          example: 500
      requestBody:
        content:
          application/json:
            schema: {{$ref: '#/components/schemas/Pet'}}
            examples:
              good: {{value: {{name: Rex}}}}
              bad: {{value: {{name: 7}}}}
              shared: {{$ref: '#/components/examples/Shared'}}
      responses:
        '200':
          description: OK
          headers:
            X-Rate: {{schema: {{type: integer}}, example: many}}
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/Pet'}}
              example: {{name: Rex}}
components:
  schemas:
    Pet:
      type: object
      required: [id, name]
      properties:
        id: {{type: integer, readOnly: true}}
        name: {{type: string}}
  examples:
    Shared: {{value: []}}
"
        ));
        let pointers: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "/paths/~1pets/post/requestBody/content/application~1json/examples/bad/value/name",
                "/components/examples/Shared/value",
                "/paths/~1pets/post/responses/200/content/application~1json/example",
                "/paths/~1pets/post/parameters/0/example",
                "/paths/~1pets/post/responses/200/headers/X-Rate/example",
            ],
            "{found:#?}"
        );
        // The request example may omit the readOnly `id`, the response example may not.
        assert_eq!(found[2].1, "Example is missing the required property `id`");
        assert_eq!(
            found[0].1,
            "`$.name` in example `bad` is an integer, not a string"
        );
        assert_eq!(found[3].1, "Example is 500, above the `maximum` 100");
    }

    #[test]
    fn examples_in_31_schemas() {
        let found = run("openapi: 3.1.0
info: {title: t, version: 1.0.0}
components:
  schemas:
    Code:
      type: [string, 'null']
      pattern: '^[A-Z]{3}$'
      examples: [EUR, null, eur]
");
        assert_eq!(
            found,
            [(
                "/components/schemas/Code/examples/2".to_string(),
                "Example does not match the `pattern` `^[A-Z]{3}$`".to_string()
            )]
        );
        let found = run("openapi: 3.1.0
info: {title: t, version: 1.0.0}
components:
  schemas:
    Code: {type: integer, examples: [x]}
");
        assert_eq!(found[0].0, "/components/schemas/Code/examples/0");
    }

    #[test]
    fn valid_examples_are_quiet() {
        let found = run(&format!(
            "{HEAD}paths: {{}}
components:
  schemas:
    Pet:
      type: object
      properties:
        born: {{type: string, format: date, example: '2020-02-29'}}
        tags: {{type: array, items: {{type: string}}, example: [a, b]}}
      example: {{born: '2019-01-01', tags: []}}
"
        ));
        assert!(found.is_empty(), "{found:#?}");
    }
}
