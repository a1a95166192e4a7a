//! Generated webhook and callback receivers and senders (`fixtures/codegen/webhooks/`), over
//! real HTTP on 127.0.0.1:0: the generated `Sender` delivers to the generated
//! `webhooks_router`; unsigned, badly signed and stale deliveries get 401 before any handler
//! runs; rotated secrets are accepted; the event id reaches the handler and survives retries;
//! the contract's `x-pactum-signature-header` is the header on the wire; invalid deliveries get
//! 400/422 like the server.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use pactum::client::{Config, Error, RetryPolicy};
use pactum::server::webhook::EventId;
use pactum::webhook::{sign, Verifier};
use serde_json::{json, Value};

/// One handler call: the event id and what the handler read.
type Call = (Option<String>, Value);

/// What the receiver saw: one entry per handler call.
#[derive(Default, Clone)]
struct Seen {
    calls: Arc<Mutex<Vec<Call>>>,
    /// Answer 503 to the first this-many deliveries.
    fail_first: Arc<AtomicUsize>,
}

impl Seen {
    fn calls(&self) -> Vec<Call> {
        self.calls.lock().map(|c| c.clone()).unwrap_or_default()
    }

    fn record(&self, event_id: EventId, what: Value) {
        if let Ok(mut c) = self.calls.lock() {
            c.push((event_id.0, what));
        }
    }
}

mod hooks {
    pub use pactum_generated_check::webhooks_webhooks::*;
}

impl hooks::Webhooks for Seen {
    async fn pet_adopted(
        &self,
        event_id: EventId,
        request: hooks::PetAdoptedRequest,
    ) -> hooks::PetAdoptedResponse {
        self.record(
            event_id,
            json!({"petId": request.body.pet_id, "adopter": request.body.adopter, "shelter": request.x_shelter}),
        );
        let left = self.fail_first.load(Ordering::SeqCst);
        if left > 0 {
            self.fail_first.store(left - 1, Ordering::SeqCst);
            return hooks::PetAdoptedResponse::ServiceUnavailable;
        }
        hooks::PetAdoptedResponse::Ok
    }

    async fn pet_removed(
        &self,
        event_id: EventId,
        request: hooks::PetRemovedRequest,
    ) -> hooks::PetRemovedResponse {
        self.record(event_id, json!({"removed": request.body.id}));
        hooks::PetRemovedResponse::NoContent
    }
}

/// Serves `router` under `/hooks` on 127.0.0.1:0; returns `http://addr/hooks`.
async fn serve(router: pactum::__private::axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = pactum::__private::axum::Router::new().nest("/hooks", router);
    tokio::spawn(async move {
        let _ = pactum::__private::axum::serve(listener, app).await;
    });
    format!("http://{addr}/hooks")
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn adoption(pet_id: i64, adopter: &str) -> hooks::Adoption {
    hooks::Adoption {
        pet_id,
        adopter: adopter.to_owned(),
        at: None,
    }
}

fn quick_retries() -> Config {
    Config {
        retry: RetryPolicy {
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(5),
            ..RetryPolicy::default()
        },
        ..Config::default()
    }
}

/// A raw POST with the given headers (no signing beyond what the caller put there).
async fn post(url: &str, headers: &[(&str, String)], body: &str) -> (u16, Value) {
    let mut req = reqwest::Client::new()
        .post(url)
        .header("content-type", "application/json")
        .body(body.to_owned());
    for (k, v) in headers {
        req = req.header(*k, v);
    }
    let resp = req.send().await.expect("sent");
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

#[tokio::test]
async fn sender_delivers_to_receiver_with_event_id() {
    let seen = Seen::default();
    let base = serve(hooks::webhooks_router(
        seen.clone(),
        Verifier::new("whsec_1"),
    ))
    .await;
    let sender = hooks::Sender::new("whsec_1").expect("sender");

    let r = sender
        .pet_adopted(
            &format!("{base}/pet.adopted"),
            adoption(7, "Ada"),
            hooks::PetAdoptedOptions {
                x_shelter: Some("north".into()),
                ..Default::default()
            },
        )
        .await
        .expect("delivered");
    assert!(matches!(r, hooks::PetAdoptedResponse::Ok), "{r:?}");

    // a webhook whose path item is a `$ref` to components.pathItems, with a given event id
    let r = sender
        .pet_removed(
            &format!("{base}/pet.removed"),
            hooks::PetRemovedBodyContent { id: 3 },
            hooks::PetRemovedOptions {
                event_id: Some("evt_given".into()),
            },
        )
        .await
        .expect("delivered");
    assert!(matches!(r, hooks::PetRemovedResponse::NoContent), "{r:?}");

    let calls = seen.calls();
    assert_eq!(calls.len(), 2);
    assert_eq!(
        calls[0].1,
        json!({"petId": 7, "adopter": "Ada", "shelter": "north"})
    );
    let generated = calls[0].0.clone().expect("an event id was sent");
    assert_eq!(generated.len(), 36, "a UUID: {generated}");
    assert_eq!(calls[1], (Some("evt_given".into()), json!({"removed": 3})));
    assert_eq!(hooks::SIGNATURE_HEADER, pactum::webhook::DEFAULT_HEADER);
    assert_eq!(
        hooks::EVENT_ID_HEADER,
        pactum::webhook::DEFAULT_EVENT_ID_HEADER
    );
}

#[tokio::test]
async fn unsigned_badly_signed_and_stale_deliveries_get_401_before_the_handler() {
    let seen = Seen::default();
    let base = serve(hooks::webhooks_router(
        seen.clone(),
        Verifier::new("whsec_1"),
    ))
    .await;
    let url = format!("{base}/pet.adopted");
    let body = r#"{"petId":1,"adopter":"Ada"}"#;

    // unsigned
    let (status, problem) = post(&url, &[], body).await;
    assert_eq!(status, 401);
    assert_eq!(problem["status"], 401);
    assert_eq!(problem["detail"], "the delivery is not signed");

    // the generated sender with the wrong secret: 401 is not declared, so an error
    let wrong = hooks::Sender::new("whsec_other").expect("sender");
    match wrong
        .pet_adopted(&url, adoption(1, "Ada"), Default::default())
        .await
    {
        Err(Error::UnexpectedStatus { status: 401, .. }) => {}
        other => panic!("expected 401, got {other:?}"),
    }

    // stale: signed 10 minutes ago with the right secret
    let stale = sign(b"whsec_1", now() - 600, body.as_bytes());
    let (status, problem) = post(&url, &[("Pactum-Signature", stale)], body).await;
    assert_eq!(status, 401);
    assert!(
        problem["detail"]
            .as_str()
            .is_some_and(|d| d.contains("too far from now")),
        "{problem}"
    );

    // signed for another body
    let other = sign(b"whsec_1", now(), br#"{"petId":2,"adopter":"Ada"}"#);
    let (status, _) = post(&url, &[("Pactum-Signature", other)], body).await;
    assert_eq!(status, 401);

    // garbage header
    let (status, _) = post(&url, &[("Pactum-Signature", "v1=zz".into())], body).await;
    assert_eq!(status, 401);

    // a route the contract does not have is not found, signed or not
    let (status, _) = post(&format!("{base}/pet.unknown"), &[], body).await;
    assert_eq!(status, 404);

    assert!(
        seen.calls().is_empty(),
        "the handler ran: {:?}",
        seen.calls()
    );

    // and the same delivery correctly signed does reach it
    let good = sign(b"whsec_1", now(), body.as_bytes());
    let (status, _) = post(&url, &[("Pactum-Signature", good)], body).await;
    assert_eq!(status, 200);
    assert_eq!(seen.calls().len(), 1);
}

#[tokio::test]
async fn rotated_secrets_are_accepted_on_both_sides() {
    // receiver accepts old and new; senders sign with either
    let seen = Seen::default();
    let base = serve(hooks::webhooks_router(
        seen.clone(),
        Verifier::new("whsec_old").with_secret("whsec_new"),
    ))
    .await;
    let url = format!("{base}/pet.adopted");
    for secret in ["whsec_old", "whsec_new"] {
        let sender = hooks::Sender::new(secret).expect("sender");
        let r = sender
            .pet_adopted(&url, adoption(1, secret), Default::default())
            .await
            .expect("delivered");
        assert!(
            matches!(r, hooks::PetAdoptedResponse::Ok),
            "{secret}: {r:?}"
        );
    }

    // a receiver that already moved to the new secret, a sender signing with both
    let moved = Seen::default();
    let base = serve(hooks::webhooks_router(
        moved.clone(),
        Verifier::new("whsec_new"),
    ))
    .await;
    let url = format!("{base}/pet.adopted");
    let both = hooks::Sender::new("whsec_old")
        .expect("sender")
        .with_secret("whsec_new");
    let r = both
        .pet_adopted(&url, adoption(2, "both"), Default::default())
        .await
        .expect("delivered");
    assert!(matches!(r, hooks::PetAdoptedResponse::Ok), "{r:?}");
    // …but not the old secret alone
    let old = hooks::Sender::new("whsec_old").expect("sender");
    let r = old
        .pet_adopted(&url, adoption(3, "old"), Default::default())
        .await;
    assert!(matches!(
        r,
        Err(Error::UnexpectedStatus { status: 401, .. })
    ));
    assert_eq!(seen.calls().len(), 2);
    assert_eq!(moved.calls().len(), 1);
}

#[tokio::test]
async fn a_retried_delivery_keeps_its_event_id() {
    let seen = Seen::default();
    seen.fail_first.store(2, Ordering::SeqCst);
    let base = serve(hooks::webhooks_router(
        seen.clone(),
        Verifier::new("whsec_1"),
    ))
    .await;
    let sender = hooks::Sender::with_config("whsec_1", quick_retries()).expect("sender");
    let r = sender
        .pet_adopted(
            &format!("{base}/pet.adopted"),
            adoption(9, "Retry"),
            Default::default(),
        )
        .await
        .expect("delivered");
    assert!(matches!(r, hooks::PetAdoptedResponse::Ok), "{r:?}");
    let calls = seen.calls();
    assert_eq!(calls.len(), 3, "two 503s, then 200");
    let id = calls[0].0.clone().expect("event id");
    assert!(calls.iter().all(|(e, _)| e.as_deref() == Some(id.as_str())));

    // without retries the declared 503 is the answer, as a typed variant
    seen.fail_first.store(1, Ordering::SeqCst);
    let once = hooks::Sender::with_config(
        "whsec_1",
        Config {
            retry: RetryPolicy::none(),
            ..Config::default()
        },
    )
    .expect("sender");
    let r = once
        .pet_adopted(
            &format!("{base}/pet.adopted"),
            adoption(9, "Once"),
            Default::default(),
        )
        .await
        .expect("answered");
    assert!(
        matches!(r, hooks::PetAdoptedResponse::ServiceUnavailable),
        "{r:?}"
    );
}

#[tokio::test]
async fn invalid_deliveries_get_422_or_400_like_the_server() {
    let seen = Seen::default();
    let base = serve(hooks::webhooks_router(
        seen.clone(),
        Verifier::new("whsec_1"),
    ))
    .await;
    let signed = |body: &str| vec![("Pactum-Signature", sign(b"whsec_1", now(), body.as_bytes()))];

    // pet.adopted declares 422: constraint violations, every one listed
    let body = r#"{"petId":0,"adopter":""}"#;
    let (status, problem) = post(&format!("{base}/pet.adopted"), &signed(body), body).await;
    assert_eq!(status, 422, "{problem}");
    let pointers: Vec<&str> = problem["errors"]
        .as_array()
        .map(|a| a.iter().filter_map(|e| e["pointer"].as_str()).collect())
        .unwrap_or_default();
    assert!(pointers.contains(&"/body/petId"), "{problem}");
    assert!(pointers.contains(&"/body/adopter"), "{problem}");

    // a header parameter breaking its schema: 400, as the server answers for parameters
    let body = r#"{"petId":1,"adopter":"Ada"}"#;
    let mut headers = signed(body);
    headers.push(("X-Shelter", "x".repeat(21)));
    let (status, problem) = post(&format!("{base}/pet.adopted"), &headers, body).await;
    assert_eq!(status, 400, "{problem}");
    assert_eq!(problem["errors"][0]["pointer"], "/header/X-Shelter");

    // pet.removed declares no 422: 400
    let body = r#"{"id":"three"}"#;
    let (status, problem) = post(&format!("{base}/pet.removed"), &signed(body), body).await;
    assert_eq!(status, 400, "{problem}");

    // an unknown webhook: 404 (after verification)
    let (status, _) = post(&format!("{base}/pet.unknown"), &signed("{}"), "{}").await;
    assert_eq!(status, 404);

    assert!(seen.calls().is_empty(), "{:?}", seen.calls());

    // the sender validates before sending: nothing goes out
    let sender = hooks::Sender::new("whsec_1").expect("sender");
    match sender
        .pet_adopted(
            &format!("{base}/pet.adopted"),
            adoption(0, ""),
            Default::default(),
        )
        .await
    {
        Err(Error::InvalidRequest(v)) => assert_eq!(v.len(), 2, "{v:?}"),
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    assert!(seen.calls().is_empty());
}

mod callbacks {
    pub use pactum_generated_check::webhooks_callbacks::*;
}

#[derive(Default, Clone)]
struct CallbackSeen(Seen);

impl callbacks::Webhooks for CallbackSeen {
    async fn create_stream_on_data(
        &self,
        event_id: EventId,
        request: callbacks::CreateStreamOnDataRequest,
    ) -> callbacks::CreateStreamOnDataResponse {
        self.0.record(
            event_id,
            json!({"seq": request.body.seq, "stream": request.x_stream}),
        );
        callbacks::CreateStreamOnDataResponse::Accepted
    }

    async fn job_done(
        &self,
        event_id: EventId,
        request: callbacks::JobDoneRequest,
    ) -> callbacks::JobDoneResponse {
        self.0.record(event_id, json!({"text": request.body}));
        callbacks::JobDoneResponse::Ok
    }
}

#[tokio::test]
async fn callbacks_use_the_contracts_headers_on_the_wire() {
    assert_eq!(callbacks::SIGNATURE_HEADER, "X-Fixture-Signature");
    assert_eq!(callbacks::EVENT_ID_HEADER, "X-Fixture-Delivery");
    let seen = CallbackSeen::default();
    let base = serve(callbacks::webhooks_router(
        seen.clone(),
        Verifier::new("cb_secret"),
    ))
    .await;
    let sender = callbacks::Sender::new("cb_secret").expect("sender");

    // `{$request.query.callbackUrl}/data` in callback `onData`: mounted at /onData/data
    let r = sender
        .create_stream_on_data(
            &format!("{base}/onData/data"),
            "abc".into(),
            callbacks::Data {
                seq: 1,
                payload: Some("hi".into()),
            },
            callbacks::CreateStreamOnDataOptions {
                event_id: Some("evt-1".into()),
            },
        )
        .await
        .expect("delivered");
    assert!(
        matches!(r, callbacks::CreateStreamOnDataResponse::Accepted),
        "{r:?}"
    );
    // the second `onData` (of createJob) is qualified by its operation
    let r = sender
        .job_done(
            &format!("{base}/createJob/onData/data"),
            "done".into(),
            Default::default(),
        )
        .await
        .expect("delivered");
    assert!(matches!(r, callbacks::JobDoneResponse::Ok), "{r:?}");

    let url = format!("{base}/onData/data");
    let body = r#"{"seq":2}"#;
    let t = now();
    // correctly signed, but in the default header: refused
    let (status, _) = post(
        &url,
        &[
            ("Pactum-Signature", sign(b"cb_secret", t, body.as_bytes())),
            ("X-Stream", "abc".into()),
        ],
        body,
    )
    .await;
    assert_eq!(status, 401);
    // in the contract's header, with the contract's event-id header: accepted
    let (status, _) = post(
        &url,
        &[
            (
                "X-Fixture-Signature",
                sign(b"cb_secret", t, body.as_bytes()),
            ),
            ("X-Fixture-Delivery", "evt-raw".into()),
            ("X-Stream", "abc".into()),
        ],
        body,
    )
    .await;
    assert_eq!(status, 202);
    // a header breaking its pattern: 400 (no 422 declared)
    let (status, problem) = post(
        &url,
        &[
            (
                "X-Fixture-Signature",
                sign(b"cb_secret", t, body.as_bytes()),
            ),
            ("X-Stream", "ABC".into()),
        ],
        body,
    )
    .await;
    assert_eq!(status, 400, "{problem}");

    let calls = seen.0.calls();
    assert_eq!(
        calls,
        vec![
            (Some("evt-1".into()), json!({"seq": 1, "stream": "abc"})),
            (calls[1].0.clone(), json!({"text": "done"})),
            (Some("evt-raw".into()), json!({"seq": 2, "stream": "abc"})),
        ]
    );
    assert!(calls[1].0.is_some());
}

/// `pactum::api!(…, receiver, sender)` expands to the same receiver and sender.
mod by_macro {
    pactum::api!(
        spec = "../../fixtures/codegen/webhooks/webhooks.yaml",
        receiver,
        sender
    );
}

#[tokio::test]
async fn the_macro_generates_the_receiver_and_sender() {
    struct Quiet;
    impl by_macro::Webhooks for Quiet {
        async fn pet_adopted(
            &self,
            _: EventId,
            _: by_macro::PetAdoptedRequest,
        ) -> by_macro::PetAdoptedResponse {
            by_macro::PetAdoptedResponse::Ok
        }
        async fn pet_removed(
            &self,
            _: EventId,
            _: by_macro::PetRemovedRequest,
        ) -> by_macro::PetRemovedResponse {
            by_macro::PetRemovedResponse::NoContent
        }
    }
    let base = serve(by_macro::webhooks_router(Quiet, Verifier::new("s"))).await;
    let r = by_macro::Sender::new("s")
        .expect("sender")
        .pet_removed(
            &format!("{base}/pet.removed"),
            by_macro::PetRemovedBodyContent { id: 1 },
            Default::default(),
        )
        .await
        .expect("delivered");
    assert!(matches!(r, by_macro::PetRemovedResponse::NoContent));
}

/// A receiver of GitHub's deliveries: `Scheme::GitHub` reads `X-Hub-Signature-256`
/// (`sha256=<hex HMAC of the body>`) instead of the contract's pactum-scheme header.
#[tokio::test]
async fn a_github_scheme_verifier_checks_github_signatures() {
    use pactum::webhook::Scheme;
    let seen = Seen::default();
    let verifier = Verifier::new("gh_secret").with_scheme(Scheme::GitHub);
    let base = serve(hooks::webhooks_router(seen.clone(), verifier)).await;
    let url = format!("{base}/pet.adopted");
    let body = r#"{"petId":5,"adopter":"Grace"}"#;
    let github = |secret: &str, body: &str| {
        use hmac::{Hmac, Mac};
        let mut m = <Hmac<sha2::Sha256> as Mac>::new_from_slice(secret.as_bytes()).expect("key");
        m.update(body.as_bytes());
        let hex: String = m
            .finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        format!("sha256={hex}")
    };
    // pactum's own header and scheme are not what this receiver reads
    let pactum_signed = sign(b"gh_secret", now(), body.as_bytes());
    let (status, _) = post(&url, &[("Pactum-Signature", pactum_signed)], body).await;
    assert_eq!(status, 401);
    let (status, _) = post(
        &url,
        &[("X-Hub-Signature-256", github("wrong", body))],
        body,
    )
    .await;
    assert_eq!(status, 401);
    assert!(seen.calls().is_empty());
    let (status, _) = post(
        &url,
        &[
            ("X-Hub-Signature-256", github("gh_secret", body)),
            ("Pactum-Event-Id", "delivery-1".into()),
        ],
        body,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        seen.calls(),
        [(
            Some("delivery-1".into()),
            json!({"petId": 5, "adopter": "Grace", "shelter": null})
        )]
    );
}
