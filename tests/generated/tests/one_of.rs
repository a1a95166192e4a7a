//! `fixtures/codegen/one-of.yaml` over real HTTP: a `oneOf` value that matches two variants
//! is rejected with a `oneOf` violation at its pointer; variants count as matching only when
//! they decode and validate (for `oneOf` and `anyOf`).

use pactum_generated_check::one_of::*;
use serde_json::{json, Value};

struct Shapes;

impl Api for Shapes {
    async fn create_shape(&self, _: CreateShapeRequest) -> CreateShapeResponse {
        CreateShapeResponse::NoContent
    }
}

async fn post(body: Value) -> (u16, Vec<(String, String)>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = pactum::__private::axum::serve(listener, router(Shapes)).await;
    });
    let r = reqwest::Client::new()
        .post(format!("http://{addr}/shapes"))
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .expect("send");
    let status = r.status().as_u16();
    let bytes = r.bytes().await.expect("body");
    let p: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    let errors = p["errors"]
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
        .unwrap_or_default();
    (status, errors)
}

fn at(pointer: &str, keyword: &str) -> Vec<(String, String)> {
    vec![(pointer.to_owned(), keyword.to_owned())]
}

#[tokio::test]
async fn one_of_matching_two_variants_is_rejected() {
    assert_eq!(post(json!({"shape": {"radius": 1}})).await, (204, vec![]));
    assert_eq!(post(json!({"shape": {"side": 1}})).await, (204, vec![]));
    // both Circle and Square accept it (neither forbids other properties)
    assert_eq!(
        post(json!({"shape": {"radius": 1, "side": 2}})).await,
        (400, at("/body/shape", "oneOf"))
    );
    // Circle decodes but breaks `minimum`, Square matches: exactly one matches
    assert_eq!(
        post(json!({"shape": {"radius": -1, "side": 2}})).await,
        (204, vec![])
    );
    // only Circle decodes, and it is invalid: its violation is reported
    assert_eq!(
        post(json!({"shape": {"radius": -1}})).await,
        (400, at("/body/shape/radius", "minimum"))
    );
    // nothing decodes
    assert_eq!(
        post(json!({"shape": {"diameter": 1}})).await,
        (400, at("/body/shape", "oneOf"))
    );
}

#[tokio::test]
async fn any_of_needs_one_valid_variant() {
    // too long for the first variant, but the second accepts it
    assert_eq!(
        post(json!({"shape": {"side": 1}, "tag": "abcdef"})).await,
        (204, vec![])
    );
    // matches both: fine for anyOf
    assert_eq!(
        post(json!({"shape": {"side": 1}, "tag": "abc"})).await,
        (204, vec![])
    );
    // neither: the first variant that decodes reports why
    assert_eq!(
        post(json!({"shape": {"side": 1}, "tag": "ABCDEF"})).await,
        (400, at("/body/tag", "maxLength"))
    );
    assert_eq!(
        post(json!({"shape": {"side": 1}, "tag": 7})).await,
        (400, at("/body/tag", "anyOf"))
    );
}
