use openapiv3::{APIKeyLocation, SecurityScheme};
use pactum_spec::visit::resolve_or;
use pactum_spec::Spec;

use super::{deliveries, Delivery};
use crate::http;
use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags a 3.1 webhook or a callback whose request declares no signature header: no
    /// header parameter (on the operation or its path item) whose name contains `signature`
    /// or `hmac`, case-insensitively — `X-Hub-Signature-256`, `Stripe-Signature`,
    /// `Webhook-Signature`, `X-Shopify-Hmac-Sha256` all count — no `apiKey` security
    /// scheme in such a header on the operation, and no root `x-pactum-signature-header`
    /// extension (which names the header pactum's generated senders sign every delivery in,
    /// and its receivers verify).
    ///
    /// ## Why is this bad?
    /// A webhook endpoint is a public URL. Without a signature the receiver cannot tell the
    /// API's deliveries from anyone else's POSTs, so an attacker who learns or guesses the
    /// URL can forge events ("payment succeeded"). The contract is where integrators learn
    /// which header carries the HMAC and how to check it (over the raw body, with a timestamp
    /// and a tolerance against replays).
    ///
    /// ## Example
    /// ```yaml
    /// webhooks:
    ///   pet.adopted:
    ///     post:
    ///       requestBody:
    ///         content:
    ///           application/json:
    ///             schema: {$ref: '#/components/schemas/PetAdoptedEvent'}
    ///       responses:
    ///         '204': {description: Received}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// webhooks:
    ///   pet.adopted:
    ///     post:
    ///       parameters:
    ///         - name: Webhook-Signature
    ///           in: header
    ///           required: true
    ///           description: '`t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`'
    ///           schema: {type: string, maxLength: 128}
    ///       requestBody:
    ///         content:
    ///           application/json:
    ///             schema: {$ref: '#/components/schemas/PetAdoptedEvent'}
    ///       responses:
    ///         '204': {description: Received}
    /// ```
    pub WebhookWithoutSignatureHeader {
        id: "webhook-without-signature-header",
        group: Webhooks,
        severity: Warning,
        summary: "Webhook or callback request without a signature header",
    }
}

impl RuleCheck for WebhookWithoutSignatureHeader {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        for d in deliveries(cx) {
            if signed(cx.spec, &d) {
                continue;
            }
            out.report(
                &d.site.pointer,
                format!("{} declares no signature header", d.describe()),
            )
            .at_key()
            .label("unsigned request")
            .help(
                "Declare the header carrying an HMAC of the body (e.g. `Webhook-Signature`) and \
                 describe how receivers verify it",
            );
        }
    }
}

fn is_signature(name: &str) -> bool {
    let contains = |needle: &str| {
        name.as_bytes()
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
    };
    contains("signature") || contains("hmac")
}

fn signed(spec: &Spec, d: &Delivery<'_, '_>) -> bool {
    // The contract names the header pactum signs every delivery in.
    if let Some(serde_json::Value::String(name)) =
        spec.openapi.extensions.get("x-pactum-signature-header")
    {
        if !name.trim().is_empty() {
            return true;
        }
    }
    let op = d.site.operation;
    if http::header_params(spec, d.item, op)
        .any(|p| is_signature(&p.parameter.parameter_data_ref().name))
    {
        return true;
    }
    let schemes = spec
        .openapi
        .components
        .as_ref()
        .map(|c| &c.security_schemes);
    op.security
        .iter()
        .flatten()
        .flat_map(|r| r.keys())
        .any(|name| {
            let scheme = schemes
                .and_then(|s| s.get(name))
                .and_then(|s| resolve_or(spec, s));
            matches!(
                scheme,
                Some(SecurityScheme::APIKey { location: APIKeyLocation::Header, name, .. })
                    if is_signature(name)
            )
        })
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    const SPEC: &str = r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths:
  /subscribe:
    post:
      callbacks:
        done:
          '{$request.body#/url}':
            parameters:
              - {name: X-Hub-Signature-256, in: header, schema: {type: string}}
            post:
              responses: {'204': {description: OK}}
        unsigned:
          '{$request.body#/other}':
            post:
              responses: {'204': {description: OK}}
      responses: {'201': {description: OK}}
webhooks:
  signed:
    post:
      parameters:
        - $ref: '#/components/parameters/Sig'
      responses: {'204': {description: OK}}
  keyed:
    post:
      security: [{hmac: []}]
      responses: {'204': {description: OK}}
  plain:
    post:
      parameters:
        - {name: Webhook-Id, in: header, schema: {type: string}}
        - {name: signature, in: query, schema: {type: string}}
      responses: {'204': {description: OK}}
components:
  parameters:
    Sig: {name: stripe-signature, in: header, schema: {type: string}}
  securitySchemes:
    hmac: {type: apiKey, in: header, name: X-Shopify-Hmac-Sha256}
"#;

    #[test]
    fn fires_on_unsigned_webhooks_and_callbacks() {
        let found = check_yaml(&super::WebhookWithoutSignatureHeader, SPEC);
        let got: Vec<_> = found
            .iter()
            .map(|f| (f.pointer.as_str(), f.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "/paths/~1subscribe/post/callbacks/unsigned/{$request.body#~1other}/post",
                    "Callback `{$request.body#/other}` declares no signature header"
                ),
                (
                    "/webhooks/plain/post",
                    "Webhook `plain` declares no signature header"
                ),
            ]
        );
    }

    #[test]
    fn a_contract_level_signature_header_signs_every_delivery() {
        let spec = SPEC.replace(
            "info: {title: t, version: 1.0.0}",
            "info: {title: t, version: 1.0.0}\nx-pactum-signature-header: X-Delivery-Mac",
        );
        assert!(check_yaml(&super::WebhookWithoutSignatureHeader, &spec).is_empty());
    }
}
