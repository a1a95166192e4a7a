use crate::rule::{Context, RuleCheck, Sink};
use crate::schema_util::{has_maximum, has_minimum, is_request_input, subject, type_name};

use super::pagination_limit_unbounded::is_pagination_parameter;

crate::declare_rule! {
    /// ## What it does
    /// Flags request integers and numbers without a `minimum`, a `maximum`, or both (an
    /// `enum` or 3.1 `const` counts as bounded; 3.1 numeric `exclusiveMinimum`/
    /// `exclusiveMaximum` count as bounds). The message says which bound is missing.
    ///
    /// Only request-side schemas are checked (what the server reads); response schemas are
    /// not reported. `readOnly` properties are skipped. A bound declared in another `allOf`
    /// branch for the same property counts. Query parameters that
    /// `pagination-limit-unbounded` reports (a `limit` without `maximum`) are left to it.
    ///
    /// In webhooks and callbacks the API is the sender: their payloads count as response side,
    /// and the receiver's replies, which the API reads, as request side.
    ///
    /// ## Why is this bad?
    /// Unbounded numbers reach business logic unchecked: negative quantities and prices,
    /// page offsets of 10^18, timeouts of a year, amounts that overflow the storage type
    /// (OWASP API4:2023, API6:2023). Declaring the range documents it and lets generated
    /// validators reject the value at the edge.
    ///
    /// ## Example
    /// ```yaml
    /// properties:
    ///   quantity: {type: integer, format: int32}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// properties:
    ///   quantity: {type: integer, format: int32, minimum: 1, maximum: 1000}
    /// ```
    pub NumberWithoutBounds {
        id: "number-without-bounds",
        group: Validation,
        severity: Warning,
        summary: "Request integer or number without minimum and maximum",
    }
}

impl RuleCheck for NumberWithoutBounds {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let index = cx.index();
        for site in &index.schemas {
            if !is_request_input(site) {
                continue;
            }
            let kind = match type_name(site.schema) {
                Some("integer") => "Integer",
                Some("number") => "Number",
                _ => continue,
            };
            let comp = cx.composition();
            if comp.enumerated(site.schema) {
                continue;
            }
            let min = comp.any(site.schema, has_minimum);
            let max = comp.any(site.schema, has_maximum);
            let missing = match (min, max) {
                (true, true) => continue,
                (false, false) => "`minimum` or `maximum`",
                (true, false) => "`maximum`",
                (false, true) => "`minimum`",
            };
            // `pagination-limit-unbounded` reports these.
            if !max && is_pagination_parameter(site) {
                continue;
            }
            out.report(
                &site.pointer,
                format!("{kind} {} has no {missing}", subject(site)),
            )
            .at_key()
            .label(if min || max {
                "half-bounded"
            } else {
                "unbounded"
            })
            .help(format!(
                "Add {} with the range the server accepts",
                missing.replace(" or ", " and ")
            ))
            .via(index.via_in(&site.pointer, site.direction).cloned());
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn reports_each_missing_bound() {
        let found = check_yaml(
            &super::NumberWithoutBounds,
            r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths:
  /items:
    post:
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
        - {name: offset, in: query, schema: {type: integer, minimum: 0}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                a: {type: integer}
                b: {type: number, minimum: 0}
                c: {type: integer, maximum: 9}
                d: {type: integer, exclusiveMinimum: 0, maximum: 9}
                e: {type: integer, enum: [1, 2]}
                h: {type: integer, oneOf: [{const: 1, title: one}, {const: 2, title: two}]}
                f: {type: integer, readOnly: true}
                g: {type: boolean}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {type: integer}
"#,
        );
        let got: Vec<_> = found.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            got,
            [
                "Integer query parameter `offset` has no `maximum`",
                "Integer property `a` has no `minimum` or `maximum`",
                "Number property `b` has no `maximum`",
                "Integer property `c` has no `minimum`",
            ]
        );
        assert_eq!(
            found[1].help.as_deref(),
            Some("Add `minimum` and `maximum` with the range the server accepts")
        );
    }
}
