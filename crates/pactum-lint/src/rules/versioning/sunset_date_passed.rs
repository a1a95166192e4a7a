use std::collections::HashSet;

use openapiv3::{Example, Header, ParameterSchemaOrContent, ReferenceOr, Schema};
use pactum_spec::visit::{resolve, ComponentKind};
use pactum_spec::{pointer, Spec};
use serde_json::Value;

use super::responses;
use crate::date::{format_date, parse_http_date, parse_rfc3339};
use crate::rule::{Context, RuleCheck, Sink};
use crate::rules::security::{op_name, served};

crate::declare_rule! {
    /// ## What it does
    /// Flags sunset dates that have passed: an operation's `x-sunset` (an RFC 3339 date or
    /// date-time), and the `example`, `examples` or schema `example`/`default` of a `Sunset`
    /// response header (an HTTP date, RFC 8594).
    ///
    /// "Now" comes from the caller, never from the rule: `pactum lint` uses the system clock,
    /// or the `PACTUM_NOW` environment variable (`2026-01-31`, an RFC 3339 date-time, or Unix
    /// seconds) for reproducible runs. Without a clock (a library caller that sets none) the
    /// rule reports nothing. Values that are not dates are ignored.
    ///
    /// ## Why is this bad?
    /// A sunset date is a promise to consumers: the operation works until then. Once it has
    /// passed, either the operation should be gone (and the contract is stale), or the date
    /// silently moved and clients that planned around it cannot trust the next one.
    ///
    /// ## Example
    /// ```yaml
    /// paths:
    ///   /pets/findByStatus:
    ///     get:
    ///       deprecated: true
    ///       x-sunset: '2020-06-30'
    /// ```
    ///
    /// Use instead:
    ///
    /// Remove the operation in the next major version, or announce a new date:
    /// ```yaml
    /// paths:
    ///   /pets/findByStatus:
    ///     get:
    ///       deprecated: true
    ///       x-sunset: '2027-06-30'
    /// ```
    pub SunsetDatePassed {
        id: "sunset-date-passed",
        group: Versioning,
        severity: Warning,
        summary: "Sunset date (x-sunset or a Sunset header example) in the past",
    }
}

/// Unix seconds of a date string in any of the formats sunset dates are written in.
fn date_of(value: &Value) -> Option<i64> {
    let text = value.as_str()?;
    parse_rfc3339(text).or_else(|| parse_http_date(text))
}

/// The values a `Sunset` header documents, with their pointers.
fn header_values<'a>(spec: &'a Spec, at: &str, header: &'a Header) -> Vec<(String, &'a Value)> {
    let mut values = Vec::new();
    if let Some(v) = &header.example {
        values.push((format!("{at}/example"), v));
    }
    for (name, example) in &header.examples {
        let (ptr, ex): (String, Option<&Example>) = match example {
            ReferenceOr::Item(ex) => (pointer::push(&format!("{at}/examples"), name), Some(ex)),
            ReferenceOr::Reference { reference } => match resolve::<Example>(spec, reference) {
                Some((n, ex)) => (ComponentKind::Examples.pointer(n), Some(ex)),
                None => continue,
            },
        };
        if let Some(v) = ex.and_then(|e| e.value.as_ref()) {
            values.push((format!("{ptr}/value"), v));
        }
    }
    if let ParameterSchemaOrContent::Schema(schema) = &header.format {
        let found: Option<(String, &Schema)> = match schema {
            ReferenceOr::Item(s) => Some((format!("{at}/schema"), s)),
            ReferenceOr::Reference { reference } => resolve::<Schema>(spec, reference)
                .map(|(n, s)| (ComponentKind::Schemas.pointer(n), s)),
        };
        if let Some((ptr, s)) = found {
            if let Some(v) = &s.schema_data.example {
                values.push((format!("{ptr}/example"), v));
            }
            if let Some(v) = &s.schema_data.default {
                values.push((format!("{ptr}/default"), v));
            }
        }
    }
    values
}

impl RuleCheck for SunsetDatePassed {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(now) = cx.now() else {
            return;
        };
        let spec = cx.spec;
        let today = format_date(now);
        let mut seen: HashSet<String> = HashSet::new();
        for op in &cx.index().operations {
            if !op.reachable {
                continue;
            }
            if let Some(when) = op.operation.extensions.get("x-sunset").and_then(date_of) {
                if when < now {
                    out.report(
                        format!("{}/x-sunset", op.pointer),
                        format!(
                            "Sunset date {} of `{}` has passed",
                            format_date(when),
                            op_name(op)
                        ),
                    )
                    .label(format!("before {today}"))
                    .help("Remove the operation (in a new major version), or announce a new sunset date");
                }
            }
            if !served(op) {
                continue;
            }
            for (place, response) in responses(spec, &op.pointer, op.operation) {
                for (name, header) in &response.headers {
                    if !name.eq_ignore_ascii_case("sunset") {
                        continue;
                    }
                    let (at, header) = match header {
                        ReferenceOr::Item(h) => {
                            let headers = format!("{}/headers", place.pointer());
                            (pointer::push(&headers, name), h)
                        }
                        ReferenceOr::Reference { reference } => {
                            match resolve::<Header>(spec, reference) {
                                Some((n, h)) => (ComponentKind::Headers.pointer(n), h),
                                None => continue,
                            }
                        }
                    };
                    if !seen.insert(at.clone()) {
                        continue;
                    }
                    for (ptr, value) in header_values(spec, &at, header) {
                        let Some(when) = date_of(value) else {
                            continue;
                        };
                        if when < now {
                            out.report(
                                ptr,
                                format!("`Sunset` header date {} has passed", format_date(when)),
                            )
                            .label(format!("before {today}"))
                            .help("Update the documented sunset date, or remove the deprecated operations that send it");
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_yaml, spec_from_yaml};
    use crate::{Context, Rule, Sink};

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /old:
    get:
      deprecated: true
      x-sunset: '2025-06-30'
      responses:
        '200':
          description: OK
          headers:
            Sunset: {$ref: '#/components/headers/Sunset'}
        '400':
          description: Bad
          headers:
            Sunset: {$ref: '#/components/headers/Sunset'}
  /later:
    get:
      deprecated: true
      x-sunset: '2026-06-30T00:00:00Z'
      responses:
        '200':
          description: OK
          headers:
            sunset:
              example: Thu, 31 Dec 2026 23:59:59 GMT
              schema: {type: string, default: 'Sat, 01 Mar 2025 00:00:00 GMT'}
components:
  headers:
    Sunset:
      schema: {type: string, example: 'Mon, 30 Jun 2025 23:59:59 GMT'}
"#;

    #[test]
    fn past_dates_against_the_clock() {
        // TEST_NOW is 2026-01-01.
        let found = check_yaml(&super::SunsetDatePassed, SPEC);
        let got: Vec<_> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(
            got,
            [
                "/paths/~1old/get/x-sunset",
                "/components/headers/Sunset/schema/example",
                "/paths/~1later/get/responses/200/headers/sunset/schema/default",
            ]
        );
        assert_eq!(
            found[0].message,
            "Sunset date 2025-06-30 of `GET /old` has passed"
        );
    }

    #[test]
    fn silent_without_a_clock() {
        let spec = spec_from_yaml(SPEC);
        let cx = Context::new(&spec);
        let rule = super::SunsetDatePassed;
        let mut sink = Sink::new(rule.meta().id, rule.meta().default_severity);
        rule.check(&cx, &mut sink);
        assert!(sink.into_findings().is_empty());
    }
}
