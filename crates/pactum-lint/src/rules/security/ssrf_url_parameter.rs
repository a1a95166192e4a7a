use openapiv3::{Parameter, ParameterSchemaOrContent, Schema, SchemaKind, Type};
use pactum_spec::visit::resolve_or;
use pactum_spec::SchemaRole;

use crate::model::Direction;
use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Points out request inputs that take a URL: parameters and request-body properties
    /// named `url`, `uri`, `href`, `callback`, `redirect_uri`, `return_url`, `webhook_url`, or
    /// ending in `_url`/`Url`/`_uri`/`Uri`, and request strings with `format: uri` (or `url`,
    /// `iri`). Only data the API reads is checked: response schemas, and the payloads the
    /// API itself sends in webhooks and callbacks, are not.
    ///
    /// This is advice (`info`): taking a URL is often the point of the operation (webhook
    /// registration, OAuth redirects). The finding asks for a review, and suppressing it with
    /// `x-pactum-ignore` records that the review happened.
    ///
    /// ## Why is this bad?
    /// A server that fetches a URL chosen by the caller can be made to reach internal
    /// services, cloud metadata endpoints (`169.254.169.254`) or local files — Server-Side
    /// Request Forgery (OWASP API7:2023). A URL the server redirects to (`redirect_uri`,
    /// `return_url`) is an open redirect unless checked against an allow-list.
    ///
    /// ## Example
    /// ```yaml
    /// components:
    ///   schemas:
    ///     NewWebhook:
    ///       type: object
    ///       properties:
    ///         callback_url: {type: string, maxLength: 2048}
    /// ```
    ///
    /// Use instead:
    ///
    /// After reviewing the handler, document the constraint and record the review:
    /// ```yaml
    /// components:
    ///   schemas:
    ///     NewWebhook:
    ///       type: object
    ///       properties:
    ///         callback_url:
    ///           type: string
    ///           format: uri
    ///           maxLength: 2048
    ///           pattern: '^https://'
    ///           description: Public HTTPS URL; private and link-local addresses are rejected.
    ///           x-pactum-ignore: [ssrf-url-parameter]
    /// ```
    pub SsrfUrlParameter {
        id: "ssrf-url-parameter",
        group: Security,
        severity: Info,
        summary: "Request input that takes a URL: review for SSRF and open redirects",
    }
}

const URL_NAMES: &[&str] = &[
    "url",
    "uri",
    "href",
    "callback",
    "redirect",
    "redirectto",
    "returnto",
    "webhook",
];

const URL_FORMATS: &[&str] = &["uri", "url", "iri"];

const HELP: &str = "Review the handler for SSRF and open redirects: allow-list schemes and hosts, reject private and link-local addresses, do not follow redirects blindly";

/// A name that says the value is a URL.
fn url_name(name: &str) -> bool {
    // Allocation-free: this runs on every request-side string property.
    let b = name.as_bytes();
    let ends_with_ci =
        |s: &str| b.len() >= s.len() && b[b.len() - s.len()..].eq_ignore_ascii_case(s.as_bytes());
    let suffix = ["Url", "URL", "Uri", "URI"]
        .iter()
        .any(|s| b.len() > s.len() && name.ends_with(s));
    let separated = ["_url", "-url", ".url", "_uri", "-uri", ".uri"]
        .iter()
        .any(|s| ends_with_ci(s));
    suffix || separated || URL_NAMES.iter().any(|u| same_normalized(name, u))
}

/// `name` equals the lower-case `target` once `-`, `_`, `.` and spaces are dropped.
fn same_normalized(name: &str, target: &str) -> bool {
    let mut letters = name
        .bytes()
        .filter(|c| !matches!(c, b'-' | b'_' | b'.' | b' '))
        .map(|c| c.to_ascii_lowercase());
    target.bytes().all(|t| letters.next() == Some(t)) && letters.next().is_none()
}

/// `Some(true)` for a string with a URL format, `Some(false)` for another string or an
/// untyped schema, `None` for objects, arrays, numbers and booleans (not URLs).
fn stringish(schema: &Schema) -> Option<bool> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => Some(match &s.format {
            openapiv3::VariantOrUnknownOrEmpty::Unknown(f) => URL_FORMATS.contains(&f.as_str()),
            _ => false,
        }),
        SchemaKind::Any(a) if a.properties.is_empty() && a.items.is_none() => {
            match a.typ.as_deref() {
                None | Some("string") => Some(
                    a.format
                        .as_deref()
                        .is_some_and(|f| URL_FORMATS.contains(&f)),
                ),
                Some(_) => None,
            }
        }
        _ => None,
    }
}

impl RuleCheck for SsrfUrlParameter {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let index = cx.index();
        for site in &index.parameters {
            if site.direction != Some(Direction::Request) {
                continue;
            }
            let (data, place) = match site.parameter {
                Parameter::Query { parameter_data, .. } => (parameter_data, "Query"),
                Parameter::Path { parameter_data, .. } => (parameter_data, "Path"),
                Parameter::Header { parameter_data, .. } => (parameter_data, "Header"),
                Parameter::Cookie { parameter_data, .. } => (parameter_data, "Cookie"),
            };
            let format = match &data.format {
                ParameterSchemaOrContent::Schema(s) => resolve_or(cx.spec, s).and_then(stringish),
                ParameterSchemaOrContent::Content(_) => Some(false),
            };
            let by_name = url_name(&data.name) && format.is_some();
            if !by_name && format != Some(true) {
                continue;
            }
            out.report(
                format!("{}/name", site.pointer),
                format!("{place} parameter `{}` takes a URL", data.name),
            )
            .label("URL input")
            .help(HELP)
            .via(index.via_in(&site.pointer, site.direction).cloned());
        }
        for site in &index.schemas {
            if site.direction != Some(Direction::Request) {
                continue;
            }
            if site.http_message == Some(Direction::Request) && site.schema.schema_data.read_only {
                continue;
            }
            let Some(format) = stringish(site.schema) else {
                continue;
            };
            let message = match site.role {
                // Parameters are reported above; headers here are response headers.
                SchemaRole::Parameter(_) | SchemaRole::Header(_) => continue,
                SchemaRole::Property(name) if format || url_name(name) => {
                    format!("Request property `{name}` takes a URL")
                }
                _ if format => "Request string with a URL `format` takes a URL".to_string(),
                _ => continue,
            };
            out.report(&site.pointer, message)
                .at_key()
                .label("URL input")
                .help(HELP)
                .via(index.via_in(&site.pointer, site.direction).cloned());
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn names_and_formats_on_the_request_side() {
        let found = check_yaml(
            &super::SsrfUrlParameter,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /hooks:
    post:
      parameters:
        - {name: redirect_uri, in: query, schema: {type: string}}
        - {name: curl, in: query, schema: {type: string}}
        - {name: next, in: query, schema: {type: string, format: uri}}
        - {name: imageUrl, in: query, schema: {type: integer}}
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Hook'}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Hook'}
components:
  schemas:
    Hook:
      type: object
      properties:
        callback_url: {type: string}
        homepage: {type: string, format: uri}
        self_url: {type: string, readOnly: true}
        url: {type: object}
        name: {type: string}
        mirrors: {type: array, items: {type: string, format: url}}
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
                    "/paths/~1hooks/post/parameters/0/name",
                    "Query parameter `redirect_uri` takes a URL"
                ),
                (
                    "/paths/~1hooks/post/parameters/2/name",
                    "Query parameter `next` takes a URL"
                ),
                (
                    "/components/schemas/Hook/properties/callback_url",
                    "Request property `callback_url` takes a URL"
                ),
                (
                    "/components/schemas/Hook/properties/homepage",
                    "Request property `homepage` takes a URL"
                ),
                (
                    "/components/schemas/Hook/properties/mirrors/items",
                    "Request string with a URL `format` takes a URL"
                ),
            ]
        );
        assert_eq!(found[0].severity, crate::Severity::Info);
    }
}
