use crate::rule::{Context, RuleCheck, Sink};
use crate::schema_util::{format, is_request_input, pattern, subject, type_name};

crate::declare_rule! {
    /// ## What it does
    /// Flags request strings (body properties, parameters, headers) that have neither a
    /// `pattern`, nor a `format`, nor an `enum` (or 3.1 `const`): free-form text.
    ///
    /// Only request-side strings are checked (what the server reads); response strings are
    /// not reported. `readOnly` properties are not request input and are skipped. A
    /// `pattern`, `format` or `enum` declared in another `allOf` branch for the same property
    /// counts.
    ///
    /// The default severity is `info`: free text (names, descriptions, comments) is a
    /// legitimate part of most APIs, and `string-without-max-length` already asks for the
    /// bound that matters most. Raise it to `warning` in `pactum.toml` for APIs whose inputs
    /// should all be structured.
    ///
    /// In webhooks and callbacks the API is the sender: their payloads count as response side,
    /// and the receiver's replies, which the API reads, as request side.
    ///
    /// ## Why is this bad?
    /// A string with no declared shape accepts anything the transport lets through: control
    /// characters, markup, SQL or shell fragments, homoglyphs. Describing identifiers, codes
    /// and references with a `format` or an anchored `pattern` lets validators reject
    /// injection attempts at the edge and documents what is expected (OWASP API4:2023 and
    /// API8:2023).
    ///
    /// ## Example
    /// ```yaml
    /// parameters:
    ///   - name: sku
    ///     in: query
    ///     schema: {type: string, maxLength: 12}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// parameters:
    ///   - name: sku
    ///     in: query
    ///     schema: {type: string, maxLength: 12, pattern: '^[A-Z]{3}-[0-9]{1,8}$'}
    /// ```
    pub StringWithoutPatternOrFormat {
        id: "string-without-pattern-or-format",
        group: Validation,
        severity: Info,
        summary: "Request string without pattern, format or enum",
    }
}

impl RuleCheck for StringWithoutPatternOrFormat {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let index = cx.index();
        for site in &index.schemas {
            if !is_request_input(site)
                || type_name(site.schema) != Some("string")
                || cx
                    .composition()
                    .any(site.schema, |s| pattern(s).is_some() || format(s).is_some())
                || cx.composition().enumerated(site.schema)
            {
                continue;
            }
            out.report(
                &site.pointer,
                format!(
                    "String {} has no `pattern`, `format` or `enum`",
                    subject(site)
                ),
            )
            .at_key()
            .label("free-form string")
            .help(
                "Describe the accepted values with an anchored `pattern`, a `format` or an `enum`",
            )
            .via(index.via_in(&site.pointer, site.direction).cloned());
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn request_strings_without_shape() {
        let found = check_yaml(
            &super::StringWithoutPatternOrFormat,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /items:
    post:
      parameters:
        - {name: q, in: query, schema: {type: string}}
        - {name: d, in: query, schema: {type: string, format: date}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                code: {type: string, pattern: '^[A-Z]+$'}
                kind: {type: string, enum: [a, b]}
                note: {type: string}
                id: {type: string, readOnly: true}
                n: {type: integer}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {type: object, properties: {out: {type: string}}}
"#,
        );
        let got: Vec<_> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(
            got,
            [
                "/paths/~1items/post/parameters/0/schema",
                "/paths/~1items/post/requestBody/content/application~1json/schema/properties/note",
            ]
        );
        assert_eq!(
            found[0].message,
            "String query parameter `q` has no `pattern`, `format` or `enum`"
        );
    }
}
