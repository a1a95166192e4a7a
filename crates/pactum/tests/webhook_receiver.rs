//! A webhook endpoint behind `pactum::server::webhook::verified` on 127.0.0.1:0: signed
//! deliveries reach the handler with their event id; unsigned, badly signed and stale ones
//! are answered 401 before it runs.

#![cfg(feature = "server")]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::Extension;
use pactum::server::webhook::{verified, EventId, Receiver};
use pactum::webhook::{sign, sign_now, Verifier};

async fn serve(calls: Arc<AtomicUsize>) -> String {
    let handler = move |Extension(id): Extension<EventId>, body: String| {
        let calls = calls.clone();
        async move {
            calls.fetch_add(1, Ordering::SeqCst);
            format!("{}|{body}", id.0.unwrap_or_default())
        }
    };
    let router = axum::Router::new().route("/hooks", axum::routing::post(handler));
    let app = verified(
        router,
        Receiver::new(Verifier::new("old").with_secret("new")),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    format!("http://{addr}/hooks")
}

async fn deliver(url: &str, signature: Option<String>, body: &str) -> (u16, String) {
    let mut r = reqwest::Client::new()
        .post(url)
        .header("Pactum-Event-Id", "evt-1")
        .body(body.to_owned());
    if let Some(s) = signature {
        r = r.header("Pactum-Signature", s);
    }
    let resp = r.send().await.expect("send");
    let status = resp.status().as_u16();
    (status, resp.text().await.expect("text"))
}

#[tokio::test]
async fn signed_deliveries_reach_the_handler_others_get_401() {
    let calls = Arc::new(AtomicUsize::new(0));
    let url = serve(calls.clone()).await;
    let body = r#"{"id":"evt-1"}"#;

    let ok = deliver(&url, Some(sign_now(b"new", body.as_bytes())), body).await;
    assert_eq!(ok, (200, format!("evt-1|{body}")));
    let rotated = deliver(&url, Some(sign_now(b"old", body.as_bytes())), body).await;
    assert_eq!(rotated.0, 200);

    let unsigned = deliver(&url, None, body).await;
    assert_eq!(unsigned.0, 401);
    assert!(unsigned.1.contains("not signed"), "{}", unsigned.1);
    let forged = deliver(&url, Some(sign_now(b"guess", body.as_bytes())), body).await;
    assert_eq!(forged.0, 401);
    let tampered = deliver(&url, Some(sign_now(b"new", b"{}")), body).await;
    assert_eq!(tampered.0, 401);
    let stale = deliver(
        &url,
        Some(sign(b"new", 1_000_000_000, body.as_bytes())),
        body,
    )
    .await;
    assert_eq!(stale.0, 401);
    assert!(stale.1.contains("too far"), "{}", stale.1);

    assert_eq!(calls.load(Ordering::SeqCst), 2);
}
