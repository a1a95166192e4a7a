//! The generated server of `fixtures/codegen/server.yaml`, served on 127.0.0.1:0 and exercised
//! over real HTTP: happy paths, each constraint kind rejected with problem+json, 401/404/405/
//! 413/415.

use std::sync::Mutex;

use pactum::server::{Credential, Credentials};
use pactum::Problem;
use pactum_generated_check::server::*;
use serde_json::{json, Value};

#[derive(Default)]
struct Store {
    pets: Mutex<Vec<Pet>>,
}

impl Api for Store {
    async fn list_pets(&self, request: ListPetsRequest) -> ListPetsResponse {
        let pets = self.pets.lock().map(|p| p.clone()).unwrap_or_default();
        let limit = request.limit.unwrap_or(100) as usize;
        ListPetsResponse::Ok {
            body: pets.into_iter().take(limit).collect(),
            rate_limit_limit: Some(100),
            rate_limit_remaining: Some(99),
        }
    }

    async fn create_pet(&self, request: CreatePetRequest) -> CreatePetResponse {
        let (CreatePetBody::Json(new) | CreatePetBody::Form(new)) = request.body;
        let mut pets = match self.pets.lock() {
            Ok(p) => p,
            Err(_) => {
                return CreatePetResponse::Default {
                    status: 500,
                    body: problem(500),
                }
            }
        };
        let pet = Pet {
            id: pets.len() as i64 + 1,
            name: new.name,
            status: new.status,
            age: new.age,
        };
        pets.push(pet.clone());
        CreatePetResponse::Created {
            location: format!("/pets/{}", pet.id),
            body: pet,
        }
    }

    async fn get_pet(&self, request: GetPetRequest) -> GetPetResponse {
        let pets = self.pets.lock().map(|p| p.clone()).unwrap_or_default();
        match pets.into_iter().find(|p| p.id == request.pet_id) {
            Some(p) => GetPetResponse::OkJson(p),
            None => GetPetResponse::NotFound(problem(404)),
        }
    }

    async fn delete_pet(&self, request: DeletePetRequest) -> DeletePetResponse {
        match request.credential.map(|c| c.credentials) {
            Some(Credentials::ApiKey(_) | Credentials::Basic { .. }) => {
                DeletePetResponse::NoContent
            }
            _ => DeletePetResponse::Status4xx {
                status: 403,
                body: problem(403),
            },
        }
    }

    async fn upload_photo(&self, _: UploadPhotoRequest) -> UploadPhotoResponse {
        UploadPhotoResponse::NoContent
    }

    async fn add_note(&self, request: AddNoteRequest) -> AddNoteResponse {
        match request.body {
            Some(AddNoteBody::Text(t)) => AddNoteResponse::Ok(t),
            Some(AddNoteBody::Multipart(form)) => AddNoteResponse::Ok(format!(
                "file {} of {} bytes",
                form.file
                    .as_ref()
                    .and_then(|f| f.file_name.as_deref())
                    .unwrap_or("-"),
                form.file.as_ref().map(|f| f.data.len()).unwrap_or(0)
            )),
            None => AddNoteResponse::Ok(String::new()),
        }
    }

    async fn get_report(&self, request: GetReportRequest) -> GetReportResponse {
        GetReportResponse::Ok([("id".to_owned(), request.report_id)].into_iter().collect())
    }

    async fn get_item(&self, _: GetItemRequest) -> GetItemResponse {
        GetItemResponse::NoContent
    }

    async fn delete_item(&self, request: DeleteItemRequest) -> DeleteItemResponse {
        assert_eq!(request.name, "abcd");
        DeleteItemResponse::NoContent
    }

    async fn authenticate(&self, credential: &Credential) -> Result<(), Problem> {
        match &credential.credentials {
            Credentials::Bearer(t) if t == "bad" => Err(Problem::new(401, "Unauthorized")),
            _ => Ok(()),
        }
    }
}

fn problem(status: u16) -> pactum_generated_check::server::Problem {
    pactum_generated_check::server::Problem {
        r#type: None,
        title: "problem".into(),
        status: status.into(),
        detail: None,
    }
}

async fn serve() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = pactum::__private::axum::serve(listener, router(Store::default())).await;
    });
    format!("http://{addr}")
}

async fn problem_of(resp: reqwest::Response) -> Value {
    assert_eq!(
        resp.headers()["content-type"],
        "application/problem+json",
        "problem content type"
    );
    serde_json::from_slice(&resp.bytes().await.expect("body")).expect("json problem")
}

fn keywords(p: &Value) -> Vec<(String, String)> {
    p["errors"]
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

#[tokio::test]
async fn end_to_end() {
    let base = serve().await;
    let http = reqwest::Client::new();

    // create (JSON and form), list, get
    let r = http
        .post(format!("{base}/pets"))
        .bearer_auth("token")
        .header("content-type", "application/json")
        .body(json!({"name": "Rex", "status": "available", "age": 3}).to_string())
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 201);
    assert_eq!(r.headers()["location"], "/pets/1");
    let r = http
        .post(format!("{base}/pets"))
        .bearer_auth("token")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("name=Tom&age=4")
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 201);
    let r = http
        .get(format!("{base}/pets?limit=5&tags=a,b"))
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["ratelimit-limit"], "100");
    let body: Value = serde_json::from_slice(&r.bytes().await.expect("body")).expect("json");
    assert_eq!(body.as_array().map(Vec::len), Some(2));
    let r = http
        .get(format!("{base}/pets/1"))
        .bearer_auth("t")
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 200);

    // every violation listed, with pointers and keywords
    let r = http
        .get(format!("{base}/pets?limit=0&tags=a,b,c,d&status=gone"))
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 400);
    let p = problem_of(r).await;
    let k = keywords(&p);
    assert!(
        k.contains(&("/query/status".into(), "type".into())),
        "{k:?}"
    );
    let r = http
        .get(format!(
            "{base}/pets?limit=0&tags=a,b,c,d,averyveryverylongtag"
        ))
        .send()
        .await
        .expect("send");
    let k = keywords(&problem_of(r).await);
    assert!(
        k.contains(&("/query/limit".into(), "minimum".into())),
        "{k:?}"
    );
    assert!(
        k.contains(&("/query/tags".into(), "maxItems".into())),
        "{k:?}"
    );
    assert!(
        k.contains(&("/query/tags/4".into(), "maxLength".into())),
        "{k:?}"
    );
    let r = http
        .get(format!("{base}/pets?limit=x"))
        .send()
        .await
        .expect("send");
    assert_eq!(
        keywords(&problem_of(r).await),
        vec![("/query/limit".into(), "type".into())]
    );
    let r = http
        .get(format!("{base}/pets"))
        .header("X-Request-Id", "not-a-uuid")
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 400);

    let post = |body: &str| {
        http.post(format!("{base}/pets"))
            .bearer_auth("token")
            .header("content-type", "application/json")
            .body(body.to_owned())
            .send()
    };
    let r = post(r#"{"name": "", "age": 51}"#).await.expect("send");
    assert_eq!(r.status(), 400);
    let k = keywords(&problem_of(r).await);
    assert!(
        k.contains(&("/body/name".into(), "minLength".into())),
        "{k:?}"
    );
    assert!(k.contains(&("/body/age".into(), "maximum".into())), "{k:?}");
    let r = post(r#"{"name": "x", "extra": 1}"#).await.expect("send");
    assert_eq!(keywords(&problem_of(r).await)[0].1, "additionalProperties");
    let r = post(r#"{"age": 1}"#).await.expect("send");
    assert_eq!(keywords(&problem_of(r).await)[0].1, "required");
    let r = post(r#"{"name": 5}"#).await.expect("send");
    assert_eq!(
        keywords(&problem_of(r).await)[0],
        ("/body/name".into(), "type".into())
    );
    let r = post(r#"{"name": "#).await.expect("send");
    assert_eq!(keywords(&problem_of(r).await)[0].1, "syntax");
    let r = post("").await.expect("send");
    assert_eq!(keywords(&problem_of(r).await)[0].1, "required");
    let r = http
        .get(format!("{base}/pets/0"))
        .bearer_auth("t")
        .send()
        .await
        .expect("send");
    assert_eq!(
        keywords(&problem_of(r).await),
        vec![("/path/petId".into(), "minimum".into())]
    );

    // 401, 415, 405, 404, 413
    let r = http
        .post(format!("{base}/pets"))
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 401);
    assert_eq!(r.headers()["www-authenticate"], "Bearer");
    let r = http
        .post(format!("{base}/pets"))
        .bearer_auth("bad")
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 401);
    let r = http
        .post(format!("{base}/pets"))
        .bearer_auth("token")
        .header("content-type", "application/xml")
        .body("<pet/>")
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 415);
    let r = http
        .patch(format!("{base}/pets"))
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 405);
    assert_eq!(r.headers()["allow"], "GET, POST");
    problem_of(r).await;
    let r = http
        .get(format!("{base}/nowhere"))
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 404);
    let r = http
        .put(format!("{base}/pets/1/photo"))
        .bearer_auth("t")
        .header("content-type", "application/octet-stream")
        .body(vec![0u8; 70_000])
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 413);
    let r = http
        .put(format!("{base}/pets/1/photo"))
        .bearer_auth("t")
        .header("content-type", "application/octet-stream")
        .body(vec![0u8; 500])
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 204);

    // api key and basic for delete; none → 401 listing both challenges
    let r = http
        .delete(format!("{base}/pets/1"))
        .header("X-API-Key", "k")
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 204);
    let r = http
        .delete(format!("{base}/pets/1"))
        .basic_auth("u", Some("p"))
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 204);
    let r = http
        .delete(format!("{base}/pets/1"))
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 401);

    // a parameter inside a segment; templates differing only in parameter names
    let r = http
        .get(format!("{base}/reports/7.json"))
        .send()
        .await
        .expect("send");
    assert_eq!(r.text().await.expect("text"), r#"{"id":7}"#);
    let r = http
        .get(format!("{base}/items/abcd"))
        .send()
        .await
        .expect("send");
    assert_eq!(
        keywords(&problem_of(r).await),
        vec![("/path/itemId".into(), "maxLength".into())]
    );
    let r = http
        .delete(format!("{base}/items/abcd"))
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 204);

    // text and multipart bodies
    let r = http
        .post(format!("{base}/notes"))
        .header("content-type", "text/plain")
        .body("hello")
        .send()
        .await
        .expect("send");
    assert_eq!(r.text().await.expect("text"), "hello");
    let boundary = "XyZ";
    let form = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nabc\r\n--{boundary}--\r\n"
    );
    let r = http
        .post(format!("{base}/notes"))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(form)
        .send()
        .await
        .expect("send");
    assert_eq!(r.text().await.expect("text"), "file a.txt of 3 bytes");
}
