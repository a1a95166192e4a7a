use openapiv3::Schema;

use crate::rule::{Context, RuleCheck, Sink};
use crate::schema_util::{format, has_maximum, has_minimum, is_request_input, subject, type_name};

crate::declare_rule! {
    /// ## What it does
    /// Flags request integers without `format: int32` or `format: int64`. An integer with an
    /// `enum` (or 3.1 `const`) or with both `minimum` and `maximum` is skipped: its range
    /// already says how wide it is.
    ///
    /// Only request-side schemas are checked; response integers are not reported (this is
    /// the validation group). `readOnly` properties are skipped. A `format` in another `allOf`
    /// branch for the same property counts.
    ///
    /// The default severity is `info`: it is advice on typing, not a hole by itself.
    ///
    /// In webhooks and callbacks the API is the sender: their payloads count as response side,
    /// and the receiver's replies, which the API reads, as request side.
    ///
    /// ## Why is this bad?
    /// Without a width, every layer picks its own: a JavaScript client loses precision above
    /// 2^53, a Java server overflows at 2^31, a database column truncates. Values that
    /// overflow in the server are a classic source of wrap-around bugs (negative balances,
    /// huge allocations).
    ///
    /// ## Example
    /// ```yaml
    /// properties:
    ///   count: {type: integer, minimum: 0}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// properties:
    ///   count: {type: integer, format: int32, minimum: 0}
    /// ```
    pub IntegerWithoutFormat {
        id: "integer-without-format",
        group: Validation,
        severity: Info,
        summary: "Request integer without int32/int64 format",
    }
}

fn sized(s: &Schema) -> bool {
    matches!(format(s), Some("int32" | "int64"))
}

impl RuleCheck for IntegerWithoutFormat {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let index = cx.index();
        for site in &index.schemas {
            if !is_request_input(site) || type_name(site.schema) != Some("integer") {
                continue;
            }
            let comp = cx.composition();
            if comp.any(site.schema, sized)
                || comp.enumerated(site.schema)
                || (comp.any(site.schema, has_minimum) && comp.any(site.schema, has_maximum))
            {
                continue;
            }
            out.report(
                &site.pointer,
                format!("Integer {} has no `int32` or `int64` format", subject(site)),
            )
            .at_key()
            .label("width unspecified")
            .help("Add `format: int32` or `format: int64` (or a `minimum` and `maximum`)")
            .via(index.via_in(&site.pointer, site.direction).cloned());
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn integers_without_width() {
        let found = check_yaml(
            &super::IntegerWithoutFormat,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /items:
    post:
      parameters:
        - {name: a, in: query, schema: {type: integer}}
        - {name: b, in: query, schema: {type: integer, format: int64}}
        - {name: c, in: query, schema: {type: integer, minimum: 0, maximum: 5}}
        - {name: d, in: query, schema: {type: integer, minimum: 0}}
        - {name: e, in: query, schema: {type: number}}
        - {name: f, in: query, schema: {type: integer, enum: [1]}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {type: integer}
"#,
        );
        let got: Vec<_> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(
            got,
            [
                "/paths/~1items/post/parameters/0/schema",
                "/paths/~1items/post/parameters/3/schema",
            ]
        );
    }
}
