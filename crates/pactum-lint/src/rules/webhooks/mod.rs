//! Webhooks and callbacks (requests the API sends), and the idempotency of creating `POST`s.

mod callback_url_not_https;
mod post_without_idempotency_key;
mod webhook_without_event_id;
mod webhook_without_signature_header;

pub use callback_url_not_https::CallbackUrlNotHttps;
pub use post_without_idempotency_key::PostWithoutIdempotencyKey;
pub use webhook_without_event_id::WebhookWithoutEventId;
pub use webhook_without_signature_header::WebhookWithoutSignatureHeader;

use openapiv3::{Operation, PathItem};
use pactum_spec::visit::resolve_or;

use crate::model::OperationSite;
use crate::rule::Context;

/// An operation of a 3.1 webhook or of a callback: a request the API sends.
pub(crate) struct Delivery<'c, 'a> {
    /// The operation as indexed.
    pub site: &'c OperationSite<'a>,
    /// Its path item (for path-level parameters).
    pub item: Option<&'a PathItem>,
}

impl Delivery<'_, '_> {
    /// ``Webhook `pet.adopted` `` or ``Callback `{$request.body#/url}` ``, for messages.
    pub fn describe(&self) -> String {
        let kind = if self.site.in_callback {
            "Callback"
        } else {
            "Webhook"
        };
        format!("{kind} `{}`", self.site.path)
    }
}

/// Every reachable webhook and callback operation, with its path item.
pub(crate) fn deliveries<'c, 'a>(cx: &'c Context<'a>) -> Vec<Delivery<'c, 'a>> {
    let spec = cx.spec;
    let ops = &cx.index().operations;
    // Callback path items, by the address of their operations: the model inlines callbacks,
    // so every callback operation is its own object.
    let mut callback_items: Vec<(*const Operation, &'a PathItem)> = Vec::new();
    for op in ops {
        for callback in op.operation.callbacks.values() {
            for item in callback.values() {
                for (_, o) in item.iter() {
                    callback_items.push((o as *const Operation, item));
                }
            }
        }
    }
    ops.iter()
        .filter(|op| op.reachable && (op.in_webhook || op.in_callback))
        .map(|site| {
            let item = if site.in_callback {
                let address = site.operation as *const Operation;
                callback_items
                    .iter()
                    .find(|(o, _)| *o == address)
                    .map(|(_, item)| *item)
            } else {
                spec.webhooks
                    .get(&site.path)
                    .and_then(|item| resolve_or(spec, item))
            };
            Delivery { site, item }
        })
        .collect()
}
