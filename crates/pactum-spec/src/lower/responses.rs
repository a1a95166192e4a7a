//! Responses: the status-code map, response objects and links.

use indexmap::IndexMap;
use openapiv3::{Link, LinkOperation, Response, Responses, StatusCode};

use super::content::content_map;
use super::context::{extension, At, Cx, Kind, Name};
use super::document::server;
use super::parameters::headers_map;
use crate::error::LoadErrorKind;
use crate::tree::{Entry, Node};

/// Parses a status-code key: `200`, `2XX`/`2xx`. `None` for anything else.
pub(crate) fn status_code(key: &str) -> Option<StatusCode> {
    let b = key.as_bytes();
    if b.len() != 3 || !(b'1'..=b'5').contains(&b[0]) {
        return None;
    }
    if b[1].is_ascii_digit() && b[2].is_ascii_digit() {
        let n = u16::from(b[0] - b'0') * 100 + u16::from(b[1] - b'0') * 10 + u16::from(b[2] - b'0');
        return Some(StatusCode::Code(n));
    }
    if b[1].eq_ignore_ascii_case(&b'X') && b[2].eq_ignore_ascii_case(&b'X') {
        return Some(StatusCode::Range(u16::from(b[0] - b'0')));
    }
    None
}

/// An operation's `responses` object.
pub(crate) fn responses(cx: &mut Cx<'_>, e: &Entry) -> Responses {
    cx.push(&e.key);
    let out = cx.inline(&e.value, &mut |cx, node| {
        let entries = cx.object(node, Name::Key("responses"))?;
        let mut r = Responses {
            default: None,
            responses: IndexMap::with_capacity(entries.len()),
            extensions: IndexMap::new(),
        };
        for re in entries {
            if re.key.starts_with("x-") {
                extension(&mut r.extensions, re);
                continue;
            }
            let code = if re.key == "default" {
                None
            } else {
                match status_code(&re.key) {
                    Some(code) => Some(code),
                    None => {
                        cx.error(
                            LoadErrorKind::InvalidValue,
                            re.key_span,
                            format!("`{}` is not a valid response status code", re.key),
                            "not a status code",
                        )
                        .help = Some(
                            "use a three-digit code from 100 to 599 (`200`), a range \
                             (`2XX`) or `default`"
                                .into(),
                        );
                        continue;
                    }
                }
            };
            if let Some(c) = &code {
                if r.responses.contains_key(c) {
                    cx.error(
                        LoadErrorKind::InvalidValue,
                        re.key_span,
                        format!("status code `{}` is listed twice", re.key),
                        "duplicate status code",
                    );
                    continue;
                }
            }
            let at = cx.at_of("response", re);
            cx.push(&re.key);
            let resp = cx.ref_or(&re.value, Kind::Responses, |cx, n| response(cx, n, at));
            cx.pop();
            if let Some(resp) = resp {
                match code {
                    Some(c) => {
                        r.responses.insert(c, resp);
                    }
                    None => r.default = Some(resp),
                }
            }
        }
        Some(r)
    });
    cx.pop();
    out.unwrap_or_default()
}

/// A response object.
pub(crate) fn response(cx: &mut Cx<'_>, node: &Node, at: At<'_>) -> Option<Response> {
    let entries = cx.object(node, at.name)?;
    let mut r = Response::default();
    let mut description = None;
    for e in entries {
        match e.key.as_str() {
            "description" => description = Some(cx.string(e)),
            "headers" => r.headers = headers_map(cx, e),
            "content" => r.content = content_map(cx, e),
            "links" => {
                r.links = cx.map(e, |cx, l| {
                    let at = cx.at_of("link", l);
                    cx.ref_or(&l.value, Kind::Links, |cx, n| link(cx, n, at))
                })
            }
            k if k.starts_with("x-") => extension(&mut r.extensions, e),
            _ => {}
        }
    }
    r.description = cx.required(description, node, at, "description", "description: OK");
    Some(r)
}

/// A link object.
pub(crate) fn link(cx: &mut Cx<'_>, node: &Node, at: At<'_>) -> Option<Link> {
    let entries = cx.object(node, at.name)?;
    let mut operation = None;
    let mut l = Link {
        description: None,
        operation: LinkOperation::OperationId(String::new()),
        request_body: None,
        parameters: IndexMap::new(),
        server: None,
        extensions: IndexMap::new(),
    };
    for e in entries {
        match e.key.as_str() {
            "operationRef" => {
                if let Some(s) = cx.string(e) {
                    operation = Some(LinkOperation::OperationRef(s));
                }
            }
            "operationId" => {
                if let Some(s) = cx.string(e) {
                    if operation.is_none() {
                        operation = Some(LinkOperation::OperationId(s));
                    }
                }
            }
            "parameters" => {
                l.parameters = cx.map(e, |_, p| Some(p.value.to_json()));
            }
            "requestBody" => l.request_body = Some(e.value.to_json()),
            "description" => l.description = cx.string(e),
            "server" => {
                let at = cx.at(e);
                cx.push(&e.key);
                l.server = server(cx, &e.value, at);
                cx.pop();
            }
            k if k.starts_with("x-") => extension(&mut l.extensions, e),
            _ => {}
        }
    }
    match operation {
        Some(op) => l.operation = op,
        None => {
            let has_any = entries
                .iter()
                .any(|e| e.key == "operationRef" || e.key == "operationId");
            if !has_any {
                cx.missing(node, at, "operationId", "operationId: getPet");
            }
        }
    }
    Some(l)
}
