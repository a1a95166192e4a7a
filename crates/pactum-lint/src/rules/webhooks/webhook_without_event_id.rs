use openapiv3::{ReferenceOr, RequestBody, Schema, SchemaKind, Type};
use pactum_spec::visit::resolve_or;
use pactum_spec::Spec;

use super::{deliveries, Delivery};
use crate::http;
use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags a 3.1 webhook or a callback whose request carries no event id that receivers
    /// could deduplicate on. Accepted, names case-insensitive:
    ///
    /// - a header parameter (operation or path item) named `Webhook-Id`, `Event-Id`,
    ///   `Delivery-Id`, `Idempotency-Key`, or ending in `-Event-Id`, `-Delivery`,
    ///   `-Delivery-Id`, `-Webhook-Id`, `-Idempotency-Key` (e.g. `X-GitHub-Delivery`);
    /// - a top-level property of the request body named `id`, `event_id`/`eventId`,
    ///   `webhook_id`/`webhookId`, `delivery_id`/`deliveryId` or
    ///   `idempotency_key`/`idempotencyKey` (through `allOf`; in every `oneOf`/`anyOf` branch).
    ///
    /// ## Why is this bad?
    /// Webhook delivery is at-least-once: a timeout on the sender's side means a retry, even
    /// when the receiver already processed the event. Receivers can only be idempotent if
    /// every event carries a stable id, the same on every retry; otherwise a retried
    /// "order paid" ships the order twice. This is advice: some events are naturally
    /// idempotent.
    ///
    /// ## Example
    /// ```yaml
    /// webhooks:
    ///   pet.adopted:
    ///     post:
    ///       requestBody:
    ///         content:
    ///           application/json:
    ///             schema:
    ///               type: object
    ///               properties:
    ///                 pet_id: {type: string, format: uuid}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// webhooks:
    ///   pet.adopted:
    ///     post:
    ///       requestBody:
    ///         content:
    ///           application/json:
    ///             schema:
    ///               type: object
    ///               required: [id]
    ///               properties:
    ///                 id: {type: string, format: uuid, description: Same on every retry.}
    ///                 pet_id: {type: string, format: uuid}
    /// ```
    pub WebhookWithoutEventId {
        id: "webhook-without-event-id",
        group: Webhooks,
        severity: Info,
        summary: "Webhook or callback request without an event id or idempotency key",
    }
}

impl RuleCheck for WebhookWithoutEventId {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        for d in deliveries(cx) {
            if identified(cx.spec, &d) {
                continue;
            }
            out.report(
                &d.site.pointer,
                format!(
                    "{} carries no event id to deduplicate retries",
                    d.describe()
                ),
            )
            .at_key()
            .label("no event id")
            .help(
                "Add an event id that stays the same on every retry: a `Webhook-Id` header or an \
                 `id` property of the body",
            );
        }
    }
}

const HEADER_NAMES: &[&str] = &["webhook-id", "event-id", "delivery-id", "idempotency-key"];
const HEADER_SUFFIXES: &[&str] = &[
    "-event-id",
    "-delivery",
    "-delivery-id",
    "-webhook-id",
    "-idempotency-key",
];
const PROPERTIES: &[&str] = &[
    "id",
    "event_id",
    "eventid",
    "webhook_id",
    "webhookid",
    "delivery_id",
    "deliveryid",
    "idempotency_key",
    "idempotencykey",
];

fn is_id_header(name: &str) -> bool {
    let ends_with = |suffix: &str| {
        name.len() >= suffix.len()
            && name.as_bytes()[name.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
    };
    HEADER_NAMES.iter().any(|n| name.eq_ignore_ascii_case(n))
        || HEADER_SUFFIXES.iter().any(|s| ends_with(s))
}

fn identified(spec: &Spec, d: &Delivery<'_, '_>) -> bool {
    let op = d.site.operation;
    if http::header_params(spec, d.item, op)
        .any(|p| is_id_header(&p.parameter.parameter_data_ref().name))
    {
        return true;
    }
    let Some(body) = op
        .request_body
        .as_ref()
        .and_then(|b| resolve_or::<RequestBody>(spec, b))
    else {
        return false;
    };
    body.content.values().any(|media| {
        media
            .schema
            .as_ref()
            .and_then(|s| resolve_or(spec, s))
            .is_some_and(|s| has_id_property(spec, s, 0))
    })
}

fn named<'k>(mut keys: impl Iterator<Item = &'k String>) -> bool {
    keys.any(|k| PROPERTIES.iter().any(|p| k.eq_ignore_ascii_case(p)))
}

/// True when the object schema has an id property at its top level (through `allOf`, or in
/// every `oneOf`/`anyOf` branch).
fn has_id_property(spec: &Spec, schema: &Schema, depth: usize) -> bool {
    if depth > 16 {
        return false;
    }
    let branch = |r: &ReferenceOr<Schema>| {
        resolve_or(spec, r).is_some_and(|s| has_id_property(spec, s, depth + 1))
    };
    let all =
        |branches: &[ReferenceOr<Schema>]| !branches.is_empty() && branches.iter().all(branch);
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => named(o.properties.keys()),
        SchemaKind::AllOf { all_of } => all_of.iter().any(branch),
        SchemaKind::OneOf { one_of } => all(one_of),
        SchemaKind::AnyOf { any_of } => all(any_of),
        SchemaKind::Any(a) => {
            named(a.properties.keys())
                || a.all_of.iter().any(branch)
                || all(&a.one_of)
                || all(&a.any_of)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    const SPEC: &str = r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths: {}
webhooks:
  header:
    post:
      parameters:
        - {name: X-GitHub-Delivery, in: header, schema: {type: string}}
      responses: {'204': {description: OK}}
  body:
    post:
      requestBody:
        content:
          application/json:
            schema:
              allOf:
                - {$ref: '#/components/schemas/Envelope'}
                - {type: object, properties: {data: {type: object}}}
      responses: {'204': {description: OK}}
  some-branches:
    post:
      requestBody:
        content:
          application/json:
            schema:
              oneOf:
                - {$ref: '#/components/schemas/Envelope'}
                - {type: object, properties: {data: {type: object}}}
      responses: {'204': {description: OK}}
  none:
    post:
      parameters:
        - {name: Webhook-Signature, in: header, schema: {type: string}}
      responses: {'204': {description: OK}}
components:
  schemas:
    Envelope:
      type: object
      properties:
        Event_ID: {type: string}
"#;

    #[test]
    fn fires_without_header_or_body_id() {
        let found = check_yaml(&super::WebhookWithoutEventId, SPEC);
        let got: Vec<_> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(got, ["/webhooks/some-branches/post", "/webhooks/none/post"]);
        assert_eq!(
            found[1].message,
            "Webhook `none` carries no event id to deduplicate retries"
        );
    }
}
