//! The client runtime against a local server that injects faults (127.0.0.1:0): 503 then 200,
//! 429 with `Retry-After` (seconds, HTTP-date, over the cap), dropped connections, slow
//! answers, non-idempotent methods, idempotency keys and the total time budget. Delays are
//! small (base 10 ms) and every loop is bounded.

#![cfg(feature = "client")]

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use axum::extract::{Request as AxumRequest, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use pactum::client::{Client, Config, Error, RawResponse, Request, RetryPolicy};

/// What the server does with the next request.
#[derive(Clone)]
enum Step {
    Status(u16, Option<String>),
    Slow(Duration),
}

#[derive(Clone, Default)]
struct Faults {
    plan: Arc<Mutex<VecDeque<Step>>>,
    seen: Arc<Mutex<Vec<HeaderMap>>>,
}

impl Faults {
    fn new(steps: Vec<Step>) -> Self {
        Faults {
            plan: Arc::new(Mutex::new(steps.into())),
            seen: Arc::default(),
        }
    }
    fn requests(&self) -> Vec<HeaderMap> {
        self.seen.lock().expect("lock").clone()
    }
}

async fn handle(State(f): State<Faults>, request: AxumRequest) -> Response {
    f.seen.lock().expect("lock").push(request.headers().clone());
    let step = f.plan.lock().expect("lock").pop_front();
    match step {
        Some(Step::Status(code, retry_after)) => {
            let mut r = (
                axum::http::StatusCode::from_u16(code).expect("status"),
                "fault",
            )
                .into_response();
            if let Some(ra) = retry_after {
                r.headers_mut()
                    .insert("retry-after", ra.parse().expect("header value"));
            }
            r
        }
        Some(Step::Slow(d)) => {
            tokio::time::sleep(d).await;
            "late".into_response()
        }
        None => "ok".into_response(),
    }
}

async fn serve(faults: Faults) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = axum::Router::new().fallback(handle).with_state(faults);
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    format!("http://{addr}")
}

fn config() -> Config {
    Config {
        request_timeout: Duration::from_secs(5),
        max_elapsed: Duration::from_secs(10),
        retry: RetryPolicy {
            max_retries: 3,
            base_delay: Duration::from_millis(10),
            max_delay: Duration::from_millis(50),
            max_retry_after: Duration::from_secs(2),
            ..RetryPolicy::default()
        },
        ..Config::default()
    }
}

async fn call(base: &str, config: Config, request: Request) -> Result<RawResponse, Error> {
    Client::new(base, config)
        .expect("client")
        .send(request)
        .await
}

#[tokio::test]
async fn retries_503_then_succeeds() {
    let f = Faults::new(vec![
        Step::Status(503, None),
        Step::Status(502, None),
        Step::Status(504, None),
    ]);
    let base = serve(f.clone()).await;
    let r = call(&base, config(), Request::new("GET", "/pets"))
        .await
        .expect("answer");
    assert_eq!(r.status, 200);
    assert_eq!(f.requests().len(), 4);
}

#[tokio::test]
async fn gives_up_after_max_retries_with_the_last_answer() {
    let f = Faults::new(vec![Step::Status(503, None); 10]);
    let base = serve(f.clone()).await;
    let mut c = config();
    c.retry.max_retries = 2;
    let r = call(&base, c, Request::new("GET", "/"))
        .await
        .expect("answer");
    assert_eq!(r.status, 503);
    assert_eq!(f.requests().len(), 3);
}

#[tokio::test]
async fn other_statuses_are_not_retried() {
    let f = Faults::new(vec![Step::Status(500, None), Step::Status(404, None)]);
    let base = serve(f.clone()).await;
    let r = call(&base, config(), Request::new("GET", "/"))
        .await
        .expect("answer");
    assert_eq!(r.status, 500);
    assert_eq!(f.requests().len(), 1);
}

#[tokio::test]
async fn honours_retry_after_seconds() {
    let f = Faults::new(vec![Step::Status(429, Some("1".to_owned()))]);
    let base = serve(f.clone()).await;
    let start = Instant::now();
    let r = call(&base, config(), Request::new("GET", "/"))
        .await
        .expect("answer");
    assert_eq!(r.status, 200);
    assert!(
        start.elapsed() >= Duration::from_millis(950),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(f.requests().len(), 2);
}

#[tokio::test]
async fn honours_retry_after_http_date() {
    let past = httpdate_now_minus(60);
    let f = Faults::new(vec![Step::Status(429, Some(past))]);
    let base = serve(f.clone()).await;
    let start = Instant::now();
    let r = call(&base, config(), Request::new("GET", "/"))
        .await
        .expect("answer");
    assert_eq!(r.status, 200);
    assert!(start.elapsed() < Duration::from_secs(1));
    assert_eq!(f.requests().len(), 2);
}

fn httpdate_now_minus(secs: u64) -> String {
    // RFC 9110 IMF-fixdate, built by hand to keep httpdate out of the test's dependencies
    let t = SystemTime::now() - Duration::from_secs(secs);
    let d = t
        .duration_since(SystemTime::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs();
    let (days, rem) = (d / 86_400, d % 86_400);
    let (h, m, s) = (rem / 3600, rem % 3600 / 60, rem % 60);
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][(days % 7) as usize];
    // civil from days (Howard Hinnant)
    let z = days as i64 + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{weekday}, {day:02} {} {year} {h:02}:{m:02}:{s:02} GMT",
        months[(month - 1) as usize]
    )
}

#[tokio::test]
async fn retry_after_over_the_cap_returns_the_429() {
    let f = Faults::new(vec![Step::Status(429, Some("3600".to_owned()))]);
    let base = serve(f.clone()).await;
    let start = Instant::now();
    let r = call(&base, config(), Request::new("GET", "/"))
        .await
        .expect("answer");
    assert_eq!(r.status, 429);
    assert!(start.elapsed() < Duration::from_secs(1));
    assert_eq!(f.requests().len(), 1);
}

#[tokio::test]
async fn post_is_not_retried_without_an_idempotency_key() {
    let f = Faults::new(vec![Step::Status(503, None)]);
    let base = serve(f.clone()).await;
    let r = call(&base, config(), Request::new("POST", "/orders"))
        .await
        .expect("answer");
    assert_eq!(r.status, 503);
    assert_eq!(f.requests().len(), 1);
}

#[tokio::test]
async fn post_with_a_declared_idempotency_key_is_retried_with_the_same_generated_key() {
    let f = Faults::new(vec![Step::Status(503, None), Step::Status(429, None)]);
    let base = serve(f.clone()).await;
    let mut request = Request::new("POST", "/orders");
    request.idempotency_key("Idempotency-Key");
    let r = call(&base, config(), request).await.expect("answer");
    assert_eq!(r.status, 200);
    let keys: Vec<String> = f
        .requests()
        .iter()
        .map(|h| {
            h.get("idempotency-key")
                .expect("key sent")
                .to_str()
                .expect("ascii")
                .to_owned()
        })
        .collect();
    assert_eq!(keys.len(), 3);
    assert!(keys.iter().all(|k| k == &keys[0]));
    assert!(
        pactum::__private::uuid::Uuid::parse_str(&keys[0]).is_ok(),
        "{}",
        keys[0]
    );
}

#[tokio::test]
async fn a_callers_idempotency_key_is_kept() {
    let f = Faults::new(vec![Step::Status(503, None)]);
    let base = serve(f.clone()).await;
    let mut request = Request::new("POST", "/orders");
    request
        .header("Idempotency-Key", &"my-key-0123456789", false)
        .expect("header");
    request.idempotency_key("Idempotency-Key");
    let r = call(&base, config(), request).await.expect("answer");
    assert_eq!(r.status, 200);
    for h in f.requests() {
        assert_eq!(
            h.get_all("idempotency-key").iter().collect::<Vec<_>>(),
            vec!["my-key-0123456789"]
        );
    }
}

#[tokio::test]
async fn slow_answers_time_out() {
    let f = Faults::new(vec![Step::Slow(Duration::from_secs(3)); 2]);
    let base = serve(f.clone()).await;
    let mut c = config();
    c.request_timeout = Duration::from_millis(100);
    c.retry.max_retries = 1;
    let start = Instant::now();
    match call(&base, c, Request::new("GET", "/")).await {
        Err(Error::Timeout { attempts, .. }) => assert_eq!(attempts, 2),
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert!(start.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn a_slow_answer_then_a_fast_one_succeeds() {
    let f = Faults::new(vec![Step::Slow(Duration::from_secs(3))]);
    let base = serve(f.clone()).await;
    let mut c = config();
    c.request_timeout = Duration::from_millis(100);
    let r = call(&base, c, Request::new("GET", "/"))
        .await
        .expect("answer");
    assert_eq!(r.status, 200);
    assert_eq!(f.requests().len(), 2);
}

#[tokio::test]
async fn the_total_time_budget_stops_retries() {
    let f = Faults::new(vec![Step::Status(503, None); 1000]);
    let base = serve(f.clone()).await;
    let mut c = config();
    c.retry.max_retries = 1000;
    c.max_elapsed = Duration::from_millis(300);
    let start = Instant::now();
    let r = call(&base, c, Request::new("GET", "/"))
        .await
        .expect("answer");
    assert_eq!(r.status, 503);
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "{:?}",
        start.elapsed()
    );
    assert!(f.requests().len() > 1);
}

/// A server that closes the first `drops` connections without answering, then answers 200.
async fn dropping_server(drops: usize) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        for i in 0..drops + 10 {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let mut buf = [0u8; 4096];
            let _ = socket.read(&mut buf).await;
            if i < drops {
                drop(socket);
                continue;
            }
            let _ = socket
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok")
                .await;
        }
    });
    format!("http://{addr}")
}

#[tokio::test]
async fn dropped_connections_are_retried_for_idempotent_methods() {
    let base = dropping_server(2).await;
    let r = call(&base, config(), Request::new("GET", "/"))
        .await
        .expect("answer");
    assert_eq!(r.status, 200);
    assert_eq!(&r.body[..], b"ok");
}

#[tokio::test]
async fn dropped_connections_are_not_retried_for_post() {
    let base = dropping_server(1).await;
    match call(&base, config(), Request::new("POST", "/")).await {
        Err(Error::Transport { attempts, .. }) => assert_eq!(attempts, 1),
        other => panic!("expected a transport error, got {other:?}"),
    }
}

#[tokio::test]
async fn refused_connections_are_retried_then_reported() {
    // bind then drop: nothing listens on this port any more
    let addr = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr");
    let mut c = config();
    c.retry.max_retries = 2;
    match call(&format!("http://{addr}"), c, Request::new("POST", "/")).await {
        Err(Error::Transport { attempts, .. }) => assert_eq!(attempts, 3),
        other => panic!("expected a transport error, got {other:?}"),
    }
}

/// A webhook delivery (`send_to` an absolute URL, `sign`, `event_id`): a POST, retried because
/// the event id makes it de-duplicable; every attempt carries the same event id and a
/// signature that verifies over the body, with both secrets of a rotation.
#[tokio::test]
async fn webhook_deliveries_are_signed_per_attempt_and_keep_their_event_id() {
    let faults = Faults::new(vec![Step::Status(503, None), Step::Status(502, None)]);
    let base = serve(faults.clone()).await;
    let client = Client::without_base(config()).expect("client");
    let mut secrets = pactum::client::Secrets::new("old");
    secrets.push("new");
    assert_eq!(format!("{secrets:?}"), "Secrets(2 × ***)");
    let mut request = Request::new("POST", "");
    request
        .json("application/json", &serde_json::json!({"id": 1}))
        .expect("body");
    request.event_id("Pactum-Event-Id", "evt_1");
    request.sign("X-Sig", &secrets);
    let raw = client
        .send_to(&format!("{base}/hooks/pet.adopted"), request)
        .await
        .expect("answered");
    assert_eq!(raw.status, 200);
    let seen = faults.requests();
    assert_eq!(seen.len(), 3, "503, 502, then 200");
    for headers in &seen {
        assert_eq!(headers["pactum-event-id"], "evt_1");
        let sig = headers["x-sig"].to_str().expect("ascii");
        assert_eq!(sig.matches("v1=").count(), 2, "{sig}");
        for secret in ["old", "new"] {
            pactum::webhook::Verifier::new(secret)
                .verify(Some(sig), br#"{"id":1}"#)
                .expect("verifies");
        }
    }
    // a client without a base URL cannot `send` relative requests
    let err = client
        .send(Request::new("GET", "/x"))
        .await
        .expect_err("no base URL");
    assert!(matches!(err, Error::Config(_)), "{err:?}");
}
