//! Plumbing for generated axum routers: reading requests ([`Incoming`]), decoding parameters
//! and bodies into typed values while collecting violations, credentials, and problem+json
//! answers. Generated handlers are thin sequences of calls into this module.

mod auth;
mod body;
mod params;
mod reply;
pub mod webhook;

pub use auth::{unauthorized, Credential, Credentials, Scheme};
pub use axum::body::Bytes;
pub use body::{File, MultipartForm, Part, PartKind, PartSpec};
pub use params::{Location, Param, Scalar, Shape, Style};
pub use reply::{header_value, method_not_allowed, not_found, problem, reply, reply_bytes};

use axum::extract::{RawPathParams, Request};
use axum::response::Response;
use http::HeaderMap;

use crate::validate::Violations;

/// Router settings, shared by every generated handler.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Largest accepted request body in bytes; `None` uses each operation's default (derived
    /// from the contract's bounds, 1 MiB otherwise).
    pub body_limit: Option<usize>,
    /// Status for requests that break the contract: 400 (default) or 422.
    pub invalid_status: u16,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            body_limit: None,
            invalid_status: 400,
        }
    }
}

/// The state of a generated router: the user's implementation and the settings.
#[derive(Debug)]
pub struct Shared<A> {
    /// The implementation of the generated trait.
    pub api: A,
    /// The settings.
    pub settings: Settings,
}

/// A request taken apart: path parameters, query pairs, headers, cookies and the body bytes.
#[derive(Debug)]
pub struct Incoming {
    /// Path parameters (percent-decoded).
    pub path: Vec<(String, String)>,
    /// Query pairs (percent-decoded, `+` as space), in order.
    pub query: Vec<(String, String)>,
    /// Request headers.
    pub headers: HeaderMap,
    /// Cookies from the `Cookie` headers.
    pub cookies: Vec<(String, String)>,
    /// The body (at most the body limit).
    pub body: Bytes,
}

impl Incoming {
    /// Reads a request. Answers `413` above `limit` bytes and `400` for an unreadable body.
    pub async fn read(
        params: RawPathParams,
        request: Request,
        limit: usize,
    ) -> Result<Incoming, Response> {
        let (parts, body) = request.into_parts();
        let path = params
            .iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        let query = parts
            .uri
            .query()
            .map(params::parse_query)
            .unwrap_or_default();
        let cookies = params::parse_cookies(&parts.headers);
        let declared = parts
            .headers
            .get(http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        if declared.is_some_and(|n| n > limit) {
            return Err(too_large(limit));
        }
        let body = match axum::body::to_bytes(body, limit).await {
            Ok(b) => b,
            Err(_) => return Err(too_large(limit)),
        };
        Ok(Incoming {
            path,
            query,
            headers: parts.headers,
            cookies,
            body,
        })
    }

    /// The request's media type (lower-cased, without parameters), if any.
    pub fn media_type(&self) -> Option<String> {
        self.headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| {
                v.split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase()
            })
    }

    /// Which of the declared media types the request's body has (index into `declared`,
    /// which may hold ranges like `text/*` or `*/*`). `Ok(None)` when there is no body and no
    /// content type; `415` when the content type is not declared.
    pub fn pick_media_type(&self, declared: &[&str]) -> Result<Option<usize>, Response> {
        if self.body.is_empty() {
            return Ok(None);
        }
        let Some(actual) = self.media_type() else {
            if self.body.is_empty() {
                return Ok(None);
            }
            return Err(unsupported(declared));
        };
        let found = declared.iter().position(|d| media_matches(d, &actual));
        match found {
            Some(i) => Ok(Some(i)),
            None => Err(unsupported(declared)),
        }
    }

    /// Records a `required` violation for a missing body.
    pub fn missing_body(&self, out: &mut Violations) {
        out.add(
            &crate::Pointer::at("/body"),
            "required",
            "a request body is required",
        );
    }
}

fn media_matches(declared: &str, actual: &str) -> bool {
    let declared = declared.split(';').next().unwrap_or("").trim();
    if declared == "*/*" || declared.eq_ignore_ascii_case(actual) {
        return true;
    }
    match declared.strip_suffix("/*") {
        Some(kind) => actual.split('/').next() == Some(kind),
        None => false,
    }
}

fn too_large(limit: usize) -> Response {
    problem(
        crate::Problem::new(413, "Payload Too Large")
            .with_detail(format!("the request body is larger than {limit} bytes")),
    )
}

fn unsupported(declared: &[&str]) -> Response {
    problem(
        crate::Problem::new(415, "Unsupported Media Type")
            .with_detail(format!("the body must be one of: {}", declared.join(", "))),
    )
}

/// Answers an invalid request with every violation.
pub fn invalid(settings: &Settings, violations: Violations) -> Response {
    problem(crate::Problem::invalid(
        settings.invalid_status,
        violations.into_vec(),
    ))
}

/// Answers an invalid request: `422` when the operation declares 422 and every violation is
/// in the body (well-formed but invalid content), else the configured status (400).
pub fn invalid_request(
    settings: &Settings,
    violations: Violations,
    declares_422: bool,
) -> Response {
    let in_body = violations
        .0
        .iter()
        .all(|v| v.pointer.starts_with("/body") && v.keyword != "syntax");
    let status = if declares_422 && in_body && settings.invalid_status == 400 {
        422
    } else {
        settings.invalid_status
    };
    problem(crate::Problem::invalid(status, violations.into_vec()))
}

/// Answers `500` (used where generated code meets a state it cannot be in).
pub fn internal() -> Response {
    problem(crate::Problem::new(500, "Internal Server Error"))
}
