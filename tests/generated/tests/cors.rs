//! The generated `cors_layer()` of `fixtures/codegen/cors.yaml` (credentialed, two origins)
//! and `cors-refused.yaml` (wildcard with credentials: no origin allowed), over real HTTP.

use pactum::__private::axum::Router;
use pactum_generated_check::{cors, cors_refused};

struct Items;

impl cors::Api for Items {
    async fn list_items(&self, _: cors::ListItemsRequest) -> cors::ListItemsResponse {
        cors::ListItemsResponse::NoContent {
            access_control_allow_origin: None,
            access_control_allow_credentials: None,
            access_control_allow_headers: None,
            access_control_expose_headers: None,
            access_control_max_age: None,
        }
    }

    async fn create_item(&self, _: cors::CreateItemRequest) -> cors::CreateItemResponse {
        cors::CreateItemResponse::Created
    }

    async fn delete_item(&self, _: cors::DeleteItemRequest) -> cors::DeleteItemResponse {
        cors::DeleteItemResponse::NoContent {
            access_control_allow_origin: None,
        }
    }
}

struct Things;

impl cors_refused::Api for Things {
    async fn list_things(
        &self,
        _: cors_refused::ListThingsRequest,
    ) -> cors_refused::ListThingsResponse {
        cors_refused::ListThingsResponse::NoContent {
            access_control_allow_origin: None,
            access_control_allow_credentials: None,
        }
    }
}

async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = pactum::__private::axum::serve(listener, app).await;
    });
    format!("http://{addr}")
}

async fn preflight(url: &str, origin: &str, method: &str) -> reqwest::header::HeaderMap {
    let r = reqwest::Client::new()
        .request(reqwest::Method::OPTIONS, url)
        .header("Origin", origin)
        .header("Access-Control-Request-Method", method)
        .header("Access-Control-Request-Headers", "x-request-id")
        .send()
        .await
        .expect("send");
    assert!(r.status().is_success(), "{}", r.status());
    r.headers().clone()
}

#[tokio::test]
async fn declared_origins_methods_and_headers() {
    let base = serve(cors::router(Items).layer(cors::cors_layer())).await;
    for origin in ["https://a.example.com", "https://b.example.com"] {
        let h = preflight(&format!("{base}/items/7"), origin, "DELETE").await;
        assert_eq!(h["access-control-allow-origin"], origin);
        assert_eq!(h["access-control-allow-credentials"], "true");
        // `POST /items` declares no CORS headers: only GET and DELETE are allowed
        assert_eq!(h["access-control-allow-methods"], "DELETE,GET");
        assert_eq!(
            h["access-control-allow-headers"],
            "content-type,x-request-id"
        );
        assert_eq!(h["access-control-max-age"], "600");
    }
    let h = preflight(&format!("{base}/items"), "https://c.example.com", "GET").await;
    assert!(h.get("access-control-allow-origin").is_none(), "{h:?}");
    assert!(h.get("access-control-allow-credentials").is_none(), "{h:?}");

    let r = reqwest::Client::new()
        .get(format!("{base}/items"))
        .header("Origin", "https://b.example.com")
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 204);
    assert_eq!(
        r.headers()["access-control-allow-origin"],
        "https://b.example.com"
    );
    assert_eq!(r.headers()["access-control-expose-headers"], "x-request-id");
}

#[tokio::test]
async fn wildcard_with_credentials_allows_no_origin() {
    let base = serve(cors_refused::router(Things).layer(cors_refused::cors_layer())).await;
    let h = preflight(&format!("{base}/things"), "https://a.example.com", "GET").await;
    assert!(h.get("access-control-allow-origin").is_none(), "{h:?}");
    assert!(h.get("access-control-allow-credentials").is_none(), "{h:?}");
}
