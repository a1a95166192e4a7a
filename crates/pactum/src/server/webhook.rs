//! Receiving webhooks: a layer that verifies each delivery's signature (see
//! [`crate::webhook`]) before the handler runs, answering 401 problem+json for unsigned,
//! badly signed or stale deliveries, and hands the handler the delivery's [`EventId`] so that
//! it can be idempotent (senders retry).

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::webhook::Verifier;
use crate::Problem;

/// The event id of a verified delivery (from the event-id header; `None` when absent), in the
/// request's extensions: extract it with `axum::Extension<EventId>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventId(pub Option<String>);

/// What a webhook endpoint checks.
#[derive(Debug, Clone)]
pub struct Receiver {
    verifier: Verifier,
    event_id_header: String,
    limit: usize,
}

impl Receiver {
    /// Verifies with `verifier`; the event id is read from `Pactum-Event-Id`; bodies up to
    /// 1 MiB.
    pub fn new(verifier: Verifier) -> Self {
        Receiver {
            verifier,
            event_id_header: crate::webhook::DEFAULT_EVENT_ID_HEADER.to_owned(),
            limit: 1024 * 1024,
        }
    }

    /// Reads the event id from `header`.
    pub fn with_event_id_header(mut self, header: impl Into<String>) -> Self {
        self.event_id_header = header.into();
        self
    }

    /// The largest accepted body in bytes.
    pub fn with_body_limit(mut self, limit: usize) -> Self {
        self.limit = limit;
        self
    }
}

/// `router` with every request to one of its routes verified by `receiver` first. Requests
/// that match no route reach the router's fallback unverified (a 404 stays a 404), so call
/// this after adding the routes.
pub fn verified<S: Clone + Send + Sync + 'static>(
    router: axum::Router<S>,
    receiver: Receiver,
) -> axum::Router<S> {
    router.route_layer(axum::middleware::from_fn_with_state(
        Arc::new(receiver),
        verify_delivery,
    ))
}

/// The middleware behind [`verified`] (for `axum::middleware::from_fn_with_state`).
pub async fn verify_delivery(
    State(receiver): State<Arc<Receiver>>,
    request: Request,
    next: Next,
) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, receiver.limit).await else {
        return super::problem(
            Problem::new(413, "Content Too Large")
                .with_detail(format!("the body exceeds {} bytes", receiver.limit)),
        );
    };
    let header = parts
        .headers
        .get(receiver.verifier.header())
        .and_then(|v| v.to_str().ok());
    if let Err(e) = receiver.verifier.verify(header, &bytes) {
        return super::problem(Problem::new(401, "Unauthorized").with_detail(e.to_string()));
    }
    let id = parts
        .headers
        .get(receiver.event_id_header.as_str())
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let mut request = Request::from_parts(parts, Body::from(bytes));
    request.extensions_mut().insert(EventId(id));
    next.run(request).await
}
