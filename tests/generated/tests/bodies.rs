//! Typed `multipart/form-data` and `application/x-www-form-urlencoded` request bodies over
//! real HTTP on loopback: the generated client of `fixtures/codegen/bodies.yaml` calls the
//! generated server of the same contract, behind a layer that records the raw request. Each
//! test asserts the wire (parts, names, file names, content types, form fields) and the typed
//! body the server decoded.

use std::sync::{Arc, Mutex};

use pactum::__private::axum;
use pactum::File;
use pactum_generated_check::{bodies as server, client_bodies as client};
use serde_json::{json, Value};

/// What the server saw: the raw request (content type, body) and the decoded bodies.
#[derive(Default)]
struct Seen {
    raw: Mutex<Vec<(String, Vec<u8>)>>,
    uploads: Mutex<Vec<server::UploadBodyContent>>,
    avatars: Mutex<Vec<server::PutAvatarBodyContent>>,
    documents: Mutex<Vec<server::AddDocumentBodyContent>>,
    forms: Mutex<Vec<server::SubmitFormBodyContent>>,
}

struct Service(Arc<Seen>);

impl server::Api for Service {
    async fn upload(&self, request: server::UploadRequest) -> server::UploadResponse {
        let echo = json!({"fileBytes": request.body.file.data.len()});
        self.0.uploads.lock().unwrap().push(request.body);
        server::UploadResponse::Ok(server::Echo {
            additional_properties: serde_json::from_value(echo).unwrap(),
        })
    }

    async fn get_avatar(&self, _: server::GetAvatarRequest) -> server::GetAvatarResponse {
        // the component keeps its JSON form: `image` is a string here, a `File` only in the
        // multipart body's copy
        server::GetAvatarResponse::Ok(server::Avatar {
            image: "aGk=".to_owned(),
            alt: None,
        })
    }

    async fn put_avatar(&self, request: server::PutAvatarRequest) -> server::PutAvatarResponse {
        self.0.avatars.lock().unwrap().push(request.body);
        server::PutAvatarResponse::NoContent
    }

    async fn add_document(
        &self,
        request: server::AddDocumentRequest,
    ) -> server::AddDocumentResponse {
        self.0.documents.lock().unwrap().push(request.body);
        server::AddDocumentResponse::NoContent
    }

    async fn submit_form(&self, request: server::SubmitFormRequest) -> server::SubmitFormResponse {
        self.0.forms.lock().unwrap().push(request.body);
        server::SubmitFormResponse::Ok(server::Echo {
            additional_properties: Default::default(),
        })
    }
}

/// Serves the generated router on 127.0.0.1:0 behind a layer that keeps every raw request.
async fn serve() -> (String, Arc<Seen>) {
    let seen = Arc::new(Seen::default());
    let record = seen.clone();
    let app = server::router(Service(seen.clone())).layer(axum::middleware::from_fn(
        move |request: axum::extract::Request, next: axum::middleware::Next| {
            let record = record.clone();
            async move {
                let (parts, body) = request.into_parts();
                let bytes = axum::body::to_bytes(body, 1 << 20).await.unwrap();
                let content_type = parts
                    .headers
                    .get("content-type")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_owned();
                record
                    .raw
                    .lock()
                    .unwrap()
                    .push((content_type, bytes.to_vec()));
                next.run(axum::extract::Request::from_parts(
                    parts,
                    axum::body::Body::from(bytes),
                ))
                .await
            }
        },
    ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (format!("http://{addr}"), seen)
}

/// One part of a raw multipart body: name, file name, content type, bytes.
#[derive(Debug, PartialEq)]
struct RawPart {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    data: Vec<u8>,
}

/// Splits a multipart body by hand (RFC 7578 framing), independently of the runtime's codec.
fn parse_multipart(content_type: &str, body: &[u8]) -> Vec<RawPart> {
    let boundary = content_type
        .split("boundary=")
        .nth(1)
        .expect("a boundary parameter");
    let delimiter = format!("\r\n--{boundary}").into_bytes();
    // prefix CRLF so that the first delimiter looks like the others
    let mut all = b"\r\n".to_vec();
    all.extend_from_slice(body);
    let mut chunks = Vec::new();
    let mut rest = &all[..];
    while let Some(at) = find(rest, &delimiter) {
        chunks.push(&rest[..at]);
        rest = &rest[at + delimiter.len()..];
    }
    assert!(rest.starts_with(b"--"), "closing delimiter");
    chunks
        .into_iter()
        .skip(1) // the (empty) preamble
        .map(|chunk| {
            let chunk = chunk
                .strip_prefix(b"\r\n")
                .expect("CRLF after the delimiter");
            let end = find(chunk, b"\r\n\r\n").expect("a blank line after the headers");
            let headers = std::str::from_utf8(&chunk[..end]).expect("ASCII headers");
            let mut part = RawPart {
                name: String::new(),
                file_name: None,
                content_type: None,
                data: chunk[end + 4..].to_vec(),
            };
            for line in headers.split("\r\n") {
                let (key, value) = line.split_once(": ").expect("header line");
                match key.to_ascii_lowercase().as_str() {
                    "content-disposition" => {
                        for param in value.split("; ").skip(1) {
                            let (k, v) = param.split_once('=').expect("parameter");
                            let v = v.trim_matches('"').to_owned();
                            match k {
                                "name" => part.name = v,
                                "filename" => part.file_name = Some(v),
                                other => panic!("unexpected parameter {other}"),
                            }
                        }
                    }
                    "content-type" => part.content_type = Some(value.to_owned()),
                    other => panic!("unexpected part header {other}"),
                }
            }
            part
        })
        .collect()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Bytes that are not UTF-8 (a PNG signature, NUL, 0xFF) and contain CRLF.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\xff\xfe--not-a-boundary\r\n";

fn upload_body() -> client::UploadBodyContent {
    client::UploadBodyContent {
        file: File::new(PNG).with_file_name("logo.png"),
        meta: client::Meta {
            kind: "logo".into(),
            size: Some(64),
        },
        title: "Ünïcode title".into(),
        count: Some(3),
        tags: Some(vec!["a".into(), "b c".into()]),
        attachments: Some(vec![
            File::new(&b"one"[..]),
            File::new(&b"x,y\n1,2\n"[..])
                .with_file_name("table.csv")
                .with_content_type("text/csv"),
        ]),
    }
}

#[tokio::test]
async fn multipart_parts_on_the_wire() {
    let (base, seen) = serve().await;
    let api = client::Client::new(&base).expect("client");
    let response = api.upload(upload_body()).await.expect("upload");
    let client::UploadResponse::Ok(echo) = response;
    assert_eq!(echo.additional_properties["fileBytes"], json!(PNG.len()));

    let raw = seen.raw.lock().unwrap();
    let (content_type, body) = &raw[0];
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    let parts = parse_multipart(content_type, body);
    let names: Vec<&str> = parts.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "file",
            "meta",
            "title",
            "count",
            "tags",
            "tags",
            "attachments",
            "attachments"
        ]
    );
    // the binary part: bytes as they are, the caller's file name, the contract's
    // `encoding.file.contentType`
    assert_eq!(
        parts[0],
        RawPart {
            name: "file".into(),
            file_name: Some("logo.png".into()),
            content_type: Some("image/png".into()),
            data: PNG.to_vec(),
        }
    );
    // the object part: JSON
    assert_eq!(parts[1].content_type.as_deref(), Some("application/json"));
    assert_eq!(parts[1].file_name, None);
    let meta: Value = serde_json::from_slice(&parts[1].data).expect("JSON part");
    assert_eq!(meta, json!({"kind": "logo", "size": 64}));
    // text parts: plain UTF-8, no content type (RFC 7578's default text/plain), no file name
    for (part, text) in parts[2..6].iter().zip(["Ünïcode title", "3", "a", "b c"]) {
        assert_eq!(part.content_type, None, "{}", part.name);
        assert_eq!(part.file_name, None, "{}", part.name);
        assert_eq!(std::str::from_utf8(&part.data), Ok(text));
    }
    // an array of files: one part per item; the property name and application/octet-stream
    // when the caller gives neither
    assert_eq!(parts[6].file_name.as_deref(), Some("attachments"));
    assert_eq!(
        parts[6].content_type.as_deref(),
        Some("application/octet-stream")
    );
    assert_eq!(parts[6].data, b"one");
    assert_eq!(parts[7].file_name.as_deref(), Some("table.csv"));
    assert_eq!(parts[7].content_type.as_deref(), Some("text/csv"));
    assert_eq!(parts[7].data, b"x,y\n1,2\n");
}

#[tokio::test]
async fn multipart_decoded_into_the_typed_body() {
    let (base, seen) = serve().await;
    let api = client::Client::new(&base).expect("client");
    api.upload(upload_body()).await.expect("upload");
    let uploads = seen.uploads.lock().unwrap();
    assert_eq!(
        uploads[0],
        server::UploadBodyContent {
            file: File::new(PNG)
                .with_file_name("logo.png")
                .with_content_type("image/png"),
            meta: server::Meta {
                kind: "logo".into(),
                size: Some(64),
            },
            title: "Ünïcode title".into(),
            count: Some(3),
            tags: Some(vec!["a".into(), "b c".into()]),
            attachments: Some(vec![
                File::new(&b"one"[..])
                    .with_file_name("attachments")
                    .with_content_type("application/octet-stream"),
                File::new(&b"x,y\n1,2\n"[..])
                    .with_file_name("table.csv")
                    .with_content_type("text/csv"),
            ]),
        }
    );
}

#[tokio::test]
async fn multipart_optional_parts_left_out() {
    let (base, seen) = serve().await;
    let api = client::Client::new(&base).expect("client");
    let body = client::UploadBodyContent {
        count: None,
        tags: None,
        attachments: Some(Vec::new()),
        ..upload_body()
    };
    api.upload(body).await.expect("upload");
    let raw = seen.raw.lock().unwrap();
    let parts = parse_multipart(&raw[0].0, &raw[0].1);
    let names: Vec<&str> = parts.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["file", "meta", "title"]);
    let uploads = seen.uploads.lock().unwrap();
    assert_eq!(uploads[0].count, None);
    assert_eq!(uploads[0].tags, None);
    // an empty array sends no part, which decodes as absent
    assert_eq!(uploads[0].attachments, None);
}

#[tokio::test]
async fn multipart_component_schema_with_a_file() {
    let (base, seen) = serve().await;
    let api = client::Client::new(&base).expect("client");
    let body = client::PutAvatarBodyContent {
        image: File::new(PNG),
        alt: Some("me".into()),
    };
    let response = api.put_avatar(body).await.expect("put avatar");
    assert!(matches!(response, client::PutAvatarResponse::NoContent));
    let client::GetAvatarResponse::Ok(avatar) = api.get_avatar().await.expect("get avatar");
    assert_eq!(avatar.image, "aGk=");
    let avatars = seen.avatars.lock().unwrap();
    assert_eq!(avatars[0].image.data, PNG);
    assert_eq!(avatars[0].image.file_name.as_deref(), Some("image"));
    assert_eq!(avatars[0].alt.as_deref(), Some("me"));
}

#[tokio::test]
async fn multipart_invalid_parts_rejected_by_the_server() {
    let (base, _) = serve().await;
    let boundary = "b0undary";
    let part = |name: &str, extra: &str, data: &str| {
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"{extra}\r\n\r\n{data}\r\n"
        )
    };
    // no `file` part, `meta` is not JSON, `count` is not an integer
    let body = format!(
        "{}{}{}--{boundary}--\r\n",
        part("meta", "", "{not json"),
        part("title", "", "ok"),
        part("count", "", "many"),
    );
    let response = reqwest::Client::new()
        .post(format!("{base}/uploads"))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .expect("send");
    assert_eq!(response.status(), 400);
    let problem: Value = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
    assert_eq!(problem["errors"][0]["pointer"], "/body/meta");
    assert_eq!(problem["errors"][0]["keyword"], "syntax");
    // with a good `meta`, the structural violations of the rest are all listed
    let body = format!(
        "{}{}{}--{boundary}--\r\n",
        part("meta", "; filename=\"m.json\"", "{\"kind\": \"k\"}"),
        part("title", "", "ok"),
        part("count", "", "many"),
    );
    let response = reqwest::Client::new()
        .post(format!("{base}/uploads"))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .expect("send");
    assert_eq!(response.status(), 400);
    let problem: Value = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
    assert_eq!(
        problem["errors"],
        json!([
            {"pointer": "/body", "keyword": "required", "detail": "missing field `file`"},
            {"pointer": "/body/count", "keyword": "type", "detail": "expected an integer, found a string"},
        ])
    );
}

#[tokio::test]
async fn multipart_body_validated_by_the_client() {
    let (base, seen) = serve().await;
    let api = client::Client::new(&base).expect("client");
    let body = client::UploadBodyContent {
        title: "a title longer than twenty characters".into(),
        count: Some(-1),
        ..upload_body()
    };
    let error = api.upload(body).await.expect_err("invalid body");
    let pactum::client::Error::InvalidRequest(violations) = error else {
        panic!("expected InvalidRequest, got {error:?}");
    };
    let found: Vec<(&str, &str)> = violations
        .iter()
        .map(|v| (v.pointer.as_str(), v.keyword.as_str()))
        .collect();
    assert_eq!(
        found,
        [("/body/title", "maxLength"), ("/body/count", "minimum")]
    );
    assert!(seen.raw.lock().unwrap().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn form_fields_on_the_wire_and_decoded() {
    let (base, seen) = serve().await;
    let api = client::Client::new(&base).expect("client");
    let body = client::SubmitFormBodyContent {
        name: "Ann Lee & co".into(),
        age: Some(41),
        subscribed: Some(true),
        colors: Some(vec!["red".into(), "green,blue".into()]),
        sizes: Some(vec![1, 22, 333]),
        note: None,
    };
    api.submit_form(body).await.expect("submit");
    let raw = seen.raw.lock().unwrap();
    let (content_type, wire) = &raw[0];
    assert_eq!(content_type, "application/x-www-form-urlencoded");
    // explode: true repeats the field; explode: false joins with literal commas; the
    // absent optional field is left out; reserved characters are escaped
    assert_eq!(
        std::str::from_utf8(wire).unwrap(),
        "name=Ann+Lee+%26+co&age=41&subscribed=true&colors=red&colors=green%2Cblue&sizes=1,22,333"
    );
    let forms = seen.forms.lock().unwrap();
    assert_eq!(
        forms[0],
        server::SubmitFormBodyContent {
            name: "Ann Lee & co".into(),
            age: Some(41),
            subscribed: Some(true),
            colors: Some(vec!["red".into(), "green,blue".into()]),
            sizes: Some(vec![1, 22, 333]),
            note: None,
        }
    );
}

#[tokio::test]
async fn form_unexploded_array_from_another_client() {
    let (base, seen) = serve().await;
    // a comma inside an item of an unexploded array is escaped; the delimiters are not
    let response = reqwest::Client::new()
        .post(format!("{base}/forms"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("name=x&sizes=4,5&colors=a%2Cb")
        .send()
        .await
        .expect("send");
    assert_eq!(response.status(), 200);
    let forms = seen.forms.lock().unwrap();
    assert_eq!(forms[0].sizes, Some(vec![4, 5]));
    assert_eq!(forms[0].colors, Some(vec!["a,b".into()]));
    assert_eq!(forms[0].age, None);
}

#[tokio::test]
async fn multipart_all_of_schema() {
    let (base, seen) = serve().await;
    let api = client::Client::new(&base).expect("client");
    let body = client::AddDocumentBodyContent {
        kind: "report".into(),
        size: Some(3),
        content: File::new(&b"%PDF"[..]).with_content_type("application/pdf"),
    };
    api.add_document(body).await.expect("add document");
    let raw = seen.raw.lock().unwrap();
    let parts = parse_multipart(&raw[0].0, &raw[0].1);
    let names: Vec<&str> = parts.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["kind", "size", "content"]);
    assert_eq!(parts[2].content_type.as_deref(), Some("application/pdf"));
    let documents = seen.documents.lock().unwrap();
    assert_eq!(documents[0].kind, "report");
    assert_eq!(documents[0].size, Some(3));
    assert_eq!(documents[0].content.data, &b"%PDF"[..]);
}
