//! The pet store over real HTTP on 127.0.0.1:0: a happy path for every operation, each
//! constraint kind rejected with problem+json, and 401/404/405/413/415.

use serde_json::{json, Value};

async fn serve() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = pactum::__private::axum::serve(listener, pactum_petstore::app()).await;
    });
    format!("http://{addr}")
}

struct Client {
    base: String,
    http: reqwest::Client,
}

impl Client {
    async fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<Vec<u8>>,
    ) -> (u16, reqwest::header::HeaderMap, Value) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut req = self
            .http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth("any-token");
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        if let Some(b) = body {
            req = req.body(b);
        }
        let resp = req.send().await.expect("send");
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let bytes = resp.bytes().await.expect("body");
        let value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        (status, headers, value)
    }

    async fn json(&self, method: &str, path: &str, key: &str, body: Value) -> (u16, Value) {
        let key_header;
        let mut headers = vec![("content-type", "application/json")];
        if !key.is_empty() {
            key_header = key.to_owned();
            headers.push(("Idempotency-Key", key_header.as_str()));
        }
        let (s, _, v) = self
            .send(method, path, &headers, Some(body.to_string().into_bytes()))
            .await;
        (s, v)
    }
}

fn violations(problem: &Value) -> Vec<(String, String)> {
    problem["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| {
                    (
                        e["pointer"].as_str().unwrap_or("").to_owned(),
                        e["keyword"].as_str().unwrap_or("").to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn has(problem: &Value, pointer: &str, keyword: &str) -> bool {
    violations(problem).contains(&(pointer.to_owned(), keyword.to_owned()))
}

const KEY: &str = "key-0123456789abcdef";

#[tokio::test]
async fn every_operation_happy_path() {
    let c = Client {
        base: serve().await,
        http: reqwest::Client::new(),
    };
    let pet =
        json!({"name": "Rex", "species": "dog", "birth_date": "2023-04-01", "tags": ["friendly"]});
    let (s, created) = c.json("POST", "/pets", KEY, pet.clone()).await;
    assert_eq!(s, 201, "{created}");
    let id = created["id"].as_str().expect("id").to_owned();
    assert_eq!(created["status"], "available");
    // the same idempotency key returns the first pet
    let (s, again) = c.json("POST", "/pets", KEY, pet).await;
    assert_eq!((s, &again["id"]), (201, &created["id"]));

    let (s, headers, page) = c.send("GET", "/pets?limit=10&species=dog", &[], None).await;
    assert_eq!(s, 200);
    assert_eq!(page["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(page["next_cursor"], Value::Null);
    assert_eq!(headers["ratelimit-limit"], "1000");

    let (s, _, got) = c.send("GET", &format!("/pets/{id}"), &[], None).await;
    assert_eq!((s, &got["name"]), (200, &json!("Rex")));

    let (s, patched) = c
        .json(
            "PATCH",
            &format!("/pets/{id}"),
            "",
            json!({"status": "pending"}),
        )
        .await;
    assert_eq!(
        s, 415,
        "PATCH takes application/merge-patch+json only: {patched}"
    );
    let (s, _, patched) = c
        .send(
            "PATCH",
            &format!("/pets/{id}"),
            &[("content-type", "application/merge-patch+json")],
            Some(br#"{"status": "pending"}"#.to_vec()),
        )
        .await;
    assert_eq!((s, &patched["status"]), (200, &json!("pending")));

    let png = b"\x89PNG\r\n\x1a\nrest".to_vec();
    let (s, _, with_photo) = c
        .send(
            "PUT",
            &format!("/pets/{id}/photo"),
            &[("content-type", "application/octet-stream")],
            Some(png),
        )
        .await;
    assert_eq!(s, 200);
    assert!(with_photo["photo_url"]
        .as_str()
        .is_some_and(|u| u.ends_with(".png")));

    let order = json!({"pet_id": id, "contact_email": "ann@example.com", "note": "soon"});
    let (s, placed) = c
        .json("POST", "/orders", "order-key-0123456789", order)
        .await;
    assert_eq!(s, 201, "{placed}");
    let order_id = placed["id"].as_str().expect("id").to_owned();
    let (s, _, got) = c
        .send("GET", &format!("/orders/{order_id}"), &[], None)
        .await;
    assert_eq!((s, &got["status"]), (200, &json!("placed")));

    let (s, _, _) = c.send("DELETE", &format!("/pets/{id}"), &[], None).await;
    assert_eq!(s, 204);
    let (s, _, gone) = c.send("GET", &format!("/pets/{id}"), &[], None).await;
    assert_eq!(s, 404);
    assert_eq!(gone["status"], 404);
}

#[tokio::test]
async fn every_constraint_kind_is_rejected_with_problem_json() {
    let c = Client {
        base: serve().await,
        http: reqwest::Client::new(),
    };
    // minimum / maximum (query), pattern + maxLength (query), enum (query), type (query)
    let (s, h, p) = c
        .send(
            "GET",
            "/pets?limit=0&cursor=bad%20cursor&status=lost",
            &[],
            None,
        )
        .await;
    assert_eq!(s, 400);
    assert_eq!(h["content-type"], "application/problem+json");
    assert!(has(&p, "/query/limit", "minimum"), "{p}");
    assert!(has(&p, "/query/cursor", "pattern"), "{p}");
    assert!(has(&p, "/query/status", "enum"), "{p}");
    let (_, _, p) = c.send("GET", "/pets?limit=101", &[], None).await;
    assert!(has(&p, "/query/limit", "maximum"), "{p}");
    let (_, _, p) = c.send("GET", "/pets?limit=ten", &[], None).await;
    assert!(has(&p, "/query/limit", "type"), "{p}");
    let long = "a".repeat(129);
    let (_, _, p) = c
        .send("GET", &format!("/pets?cursor={long}"), &[], None)
        .await;
    assert!(has(&p, "/query/cursor", "maxLength"), "{p}");
    // path parameter format (uuid)
    let (s, _, p) = c.send("GET", "/pets/not-a-uuid", &[], None).await;
    assert_eq!(s, 400);
    assert!(has(&p, "/path/petId", "type"), "{p}");
    // required header, minLength + pattern of a header
    let (s, p) = c
        .json(
            "POST",
            "/pets",
            "",
            json!({"name": "Rex", "species": "dog"}),
        )
        .await;
    assert_eq!(s, 400);
    assert!(has(&p, "/header/Idempotency-Key", "required"), "{p}");
    let (_, p) = c
        .json(
            "POST",
            "/pets",
            "short",
            json!({"name": "Rex", "species": "dog"}),
        )
        .await;
    assert!(has(&p, "/header/Idempotency-Key", "minLength"), "{p}");
    assert!(has(&p, "/header/Idempotency-Key", "pattern"), "{p}");
    // body: every violation at once (422: well-formed but invalid)
    let bad = json!({
        "name": "",
        "species": "dog",
        "tags": ["ok", "ok", "Not Valid!", "x"],
    });
    let (s, p) = c.json("POST", "/pets", KEY, bad).await;
    assert_eq!(s, 422, "{p}");
    assert!(has(&p, "/body/name", "minLength"), "{p}");
    assert!(has(&p, "/body/name", "pattern"), "{p}");
    assert!(has(&p, "/body/tags", "uniqueItems"), "{p}");
    assert!(has(&p, "/body/tags/2", "pattern"), "{p}");
    let many: Vec<String> = (0..11).map(|i| format!("t{i}")).collect();
    let (_, p) = c
        .json(
            "POST",
            "/pets",
            KEY,
            json!({"name": "Rex", "species": "dog", "tags": many}),
        )
        .await;
    assert!(has(&p, "/body/tags", "maxItems"), "{p}");
    // required property, unknown property (additionalProperties: false), enum, type
    let (_, p) = c.json("POST", "/pets", KEY, json!({"name": "Rex"})).await;
    assert_eq!(violations(&p)[0].1, "required", "{p}");
    let (_, p) = c
        .json(
            "POST",
            "/pets",
            KEY,
            json!({"name": "Rex", "species": "dog", "x": 1}),
        )
        .await;
    assert_eq!(violations(&p)[0].1, "additionalProperties", "{p}");
    let (_, p) = c
        .json(
            "POST",
            "/pets",
            KEY,
            json!({"name": "Rex", "species": "dragon"}),
        )
        .await;
    assert_eq!(violations(&p)[0].0, "/body/species", "{p}");
    let (_, p) = c
        .json("POST", "/pets", KEY, json!({"name": 7, "species": "dog"}))
        .await;
    assert_eq!(
        violations(&p)[0],
        ("/body/name".to_owned(), "type".to_owned()),
        "{p}"
    );
    // format: email; minProperties
    let order = json!({"pet_id": "7e570000-0000-4000-8000-000000000001", "contact_email": "nope"});
    let (_, p) = c.json("POST", "/orders", KEY, order).await;
    assert!(has(&p, "/body/contact_email", "format"), "{p}");
    let (s, _, p) = c
        .send(
            "PATCH",
            "/pets/7e570000-0000-4000-8000-000000000001",
            &[("content-type", "application/merge-patch+json")],
            Some(b"{}".to_vec()),
        )
        .await;
    assert_eq!(s, 422);
    assert!(has(&p, "/body", "minProperties"), "{p}");
    // malformed JSON is a 400
    let (s, _, p) = c
        .send(
            "POST",
            "/pets",
            &[
                ("content-type", "application/json"),
                ("Idempotency-Key", KEY),
            ],
            Some(b"{".to_vec()),
        )
        .await;
    assert_eq!(s, 400);
    assert_eq!(violations(&p)[0].1, "syntax");
}

#[tokio::test]
async fn transport_level_answers() {
    let base = serve().await;
    let http = reqwest::Client::new();
    // 401 without a bearer token, with a challenge
    let r = http.get(format!("{base}/pets")).send().await.expect("send");
    assert_eq!(r.status(), 401);
    assert_eq!(r.headers()["www-authenticate"], "Bearer");
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    // 405 with Allow
    let r = http
        .put(format!("{base}/pets"))
        .bearer_auth("t")
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 405);
    assert_eq!(r.headers()["allow"], "GET, POST");
    // 404 for an undeclared path
    let r = http
        .get(format!("{base}/cats"))
        .bearer_auth("t")
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 404);
    // 415 for an undeclared media type
    let r = http
        .post(format!("{base}/pets"))
        .bearer_auth("t")
        .header("content-type", "text/plain")
        .header("Idempotency-Key", KEY)
        .body("Rex")
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 415);
    // 413 above the upload bound (5 MiB + framing)
    let r = http
        .put(format!(
            "{base}/pets/7e570000-0000-4000-8000-000000000001/photo"
        ))
        .bearer_auth("t")
        .header("content-type", "application/octet-stream")
        .body(vec![0u8; 5 * 1024 * 1024 + 70_000])
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 413);
    // 413 for a JSON body above the default 1 MiB
    let r = http
        .post(format!("{base}/pets"))
        .bearer_auth("t")
        .header("content-type", "application/json")
        .header("Idempotency-Key", KEY)
        .body(vec![b' '; 1024 * 1024 + 1])
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 413);
}

#[tokio::test]
async fn cors_layer_answers_declared_origin_only() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = pactum::__private::axum::serve(listener, pactum_petstore::app_with_cors()).await;
    });
    let http = reqwest::Client::new();
    let preflight = |origin: &'static str| {
        http.request(reqwest::Method::OPTIONS, format!("http://{addr}/pets"))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "GET")
            .send()
    };
    // the contract declares `Access-Control-Allow-Origin: https://app.petstore.example.com`
    // on `GET /pets`
    let r = preflight("https://app.petstore.example.com")
        .await
        .expect("send");
    assert!(r.status().is_success(), "{}", r.status());
    let h = r.headers();
    assert_eq!(
        h["access-control-allow-origin"],
        "https://app.petstore.example.com"
    );
    assert_eq!(h["access-control-allow-methods"], "GET");
    assert!(h.get("access-control-allow-credentials").is_none());
    // an undeclared origin is not allowed (tower-http still lists the methods, which a
    // browser ignores without `Access-Control-Allow-Origin`)
    let r = preflight("https://evil.example.com").await.expect("send");
    let h = r.headers();
    assert!(h.get("access-control-allow-origin").is_none(), "{h:?}");
    assert!(h.get("access-control-allow-credentials").is_none(), "{h:?}");
    // a simple request from the declared origin is answered with the origin too
    let r = http
        .get(format!("http://{addr}/pets"))
        .bearer_auth("any-token")
        .header("Origin", "https://app.petstore.example.com")
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()["access-control-allow-origin"],
        "https://app.petstore.example.com"
    );
}

#[tokio::test]
async fn a_body_that_fails_to_decode_lists_every_violation() {
    let c = Client {
        base: serve().await,
        http: reqwest::Client::new(),
    };
    let bad = json!({"name": 5, "birth_date": true, "tags": ["a", 3], "color": "red"});
    let (s, p) = c.json("POST", "/pets", KEY, bad).await;
    // well-formed JSON that breaks the schema: `createPet` declares 422
    assert_eq!(s, 422, "{p}");
    let mut got = violations(&p);
    got.sort();
    let mut want: Vec<(String, String)> = [
        ("/body", "required"),
        ("/body/birth_date", "type"),
        ("/body/color", "additionalProperties"),
        ("/body/name", "type"),
        ("/body/tags/1", "type"),
    ]
    .iter()
    .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
    .collect();
    want.sort();
    assert_eq!(got, want, "{p}");
}
