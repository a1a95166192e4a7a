//! Building responses: typed bodies with declared headers, problem+json, 404 and 405.

use axum::body::Body;
use axum::response::Response;
use http::{header, HeaderName, HeaderValue, StatusCode};
use serde::Serialize;

use crate::problem::{Problem, PROBLEM_JSON};

/// A response with a serialized JSON body (`media_type` such as `application/json`), and the
/// declared headers that have a value.
pub fn reply<T: Serialize>(
    status: u16,
    media_type: &str,
    body: Option<&T>,
    headers: Vec<(&'static str, Option<String>)>,
) -> Response {
    let bytes = match body {
        Some(b) => match serde_json::to_vec(b) {
            Ok(v) => Some(v),
            Err(_) => return super::internal(),
        },
        None => None,
    };
    reply_bytes(status, media_type, bytes, headers)
}

/// A response whose body is already bytes (text, octet-stream) or absent.
pub fn reply_bytes(
    status: u16,
    media_type: &str,
    body: Option<Vec<u8>>,
    headers: Vec<(&'static str, Option<String>)>,
) -> Response {
    let mut builder =
        Response::builder().status(StatusCode::from_u16(status).unwrap_or(StatusCode::OK));
    if body.is_some() && !media_type.is_empty() {
        builder = builder.header(header::CONTENT_TYPE, media_type);
    }
    for (name, value) in headers {
        if let Some(value) = value {
            if let (Ok(n), Ok(v)) = (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(&value),
            ) {
                builder = builder.header(n, v);
            }
        }
    }
    builder
        .body(body.map(Body::from).unwrap_or_else(Body::empty))
        .unwrap_or_else(|_| super::internal())
}

/// The text of a header value from its JSON form (strings unquoted, arrays comma-joined).
pub fn header_value<T: Serialize>(value: &T) -> Option<String> {
    fn text(v: &serde_json::Value) -> String {
        match v {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join(","),
            serde_json::Value::Null => String::new(),
            other => other.to_string(),
        }
    }
    match serde_json::to_value(value).ok()? {
        serde_json::Value::Null => None,
        v => Some(text(&v)),
    }
}

/// A problem+json response.
pub fn problem(problem: Problem) -> Response {
    let status = problem.status;
    let body = serde_json::to_vec(&problem).unwrap_or_default();
    Response::builder()
        .status(StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
        .header(header::CONTENT_TYPE, PROBLEM_JSON)
        .body(Body::from(body))
        .unwrap_or_default()
}

/// `404` problem+json for a path the contract does not declare.
pub async fn not_found() -> Response {
    problem(Problem::new(404, "Not Found").with_detail("no operation is declared at this path"))
}

/// `405` problem+json with `Allow` listing the declared methods.
pub fn method_not_allowed(allow: &'static str) -> Response {
    let mut response = problem(
        Problem::new(405, "Method Not Allowed").with_detail(format!("this path accepts: {allow}")),
    );
    response
        .headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static(allow));
    response
}
