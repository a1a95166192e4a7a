//! Request bodies: JSON, urlencoded forms, text, raw bytes and multipart, each decoded into
//! a typed value or a violation at `/body…`.

use axum::body::Bytes;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::params::{parse_query, Scalar};
use super::Incoming;
use crate::validate::{Pointer, Violations};

pub use crate::multipart::{MultipartForm, Part};

impl Incoming {
    /// Decodes a JSON body. The JSON is parsed first (a syntax error is one violation), then
    /// [`Validate::check_json`](crate::Validate::check_json) lists every structural violation
    /// (types, required and unknown properties, enum values) with its pointer; only a
    /// structurally sound value is decoded (a remaining serde error is one violation).
    pub fn json_body<T: DeserializeOwned + crate::Validate>(
        &self,
        out: &mut Violations,
    ) -> Option<T> {
        let value: Value = match serde_json::from_slice(&self.body) {
            Ok(v) => v,
            Err(e) => {
                out.add(
                    &Pointer::at("/body"),
                    "syntax",
                    strip_position(&e.to_string()),
                );
                return None;
            }
        };
        let before = out.0.len();
        T::check_json(&value, &mut Pointer::at("/body"), out);
        if out.0.len() > before {
            return None;
        }
        match serde_path_to_error::deserialize::<_, T>(value) {
            Ok(v) => Some(v),
            Err(e) => {
                let pointer = to_pointer(e.path());
                let text = e.into_inner().to_string();
                let (keyword, text) = decode_keyword(&text);
                out.add(&pointer, keyword, strip_position(text));
                None
            }
        }
    }

    /// Decodes an `application/x-www-form-urlencoded` body; `fields` gives each property's
    /// JSON type so that `age=3` becomes a number (unlisted fields stay strings).
    pub fn form_body<T: DeserializeOwned>(
        &self,
        fields: &[(&str, Scalar, bool)],
        out: &mut Violations,
    ) -> Option<T> {
        let text = String::from_utf8_lossy(&self.body);
        let mut map = serde_json::Map::new();
        for (k, v) in parse_query(&text) {
            let (scalar, array) = fields
                .iter()
                .find(|(n, _, _)| *n == k)
                .map(|(_, s, a)| (*s, *a))
                .unwrap_or((Scalar::String, false));
            let value = match scalar {
                Scalar::String => Value::String(v.clone()),
                Scalar::Integer => v
                    .parse::<i64>()
                    .map(Value::from)
                    .unwrap_or(Value::String(v.clone())),
                Scalar::Number => v
                    .parse::<f64>()
                    .ok()
                    .and_then(serde_json::Number::from_f64)
                    .map(Value::Number)
                    .unwrap_or(Value::String(v.clone())),
                Scalar::Boolean => match v.as_str() {
                    "true" => Value::Bool(true),
                    "false" => Value::Bool(false),
                    _ => Value::String(v.clone()),
                },
            };
            if array {
                let slot = map.entry(k).or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(items) = slot {
                    items.push(value);
                }
            } else {
                map.insert(k, value);
            }
        }
        match serde_path_to_error::deserialize::<_, T>(Value::Object(map)) {
            Ok(v) => Some(v),
            Err(e) => {
                let pointer = to_pointer(e.path());
                let text = e.into_inner().to_string();
                let (keyword, text) = decode_keyword(&text);
                out.add(&pointer, keyword, text);
                None
            }
        }
    }

    /// The body as UTF-8 text.
    pub fn text_body(&self, out: &mut Violations) -> Option<String> {
        match std::str::from_utf8(&self.body) {
            Ok(t) => Some(t.to_owned()),
            Err(_) => {
                out.add(&Pointer::at("/body"), "type", "the body must be UTF-8 text");
                None
            }
        }
    }

    /// The body bytes.
    pub fn bytes_body(&self) -> Bytes {
        self.body.clone()
    }

    /// Decodes a `multipart/form-data` body.
    pub async fn multipart_body(&self, out: &mut Violations) -> Option<MultipartForm> {
        let boundary = self
            .headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| multer::parse_boundary(v).ok());
        let Some(boundary) = boundary else {
            out.add(
                &Pointer::at("/body"),
                "type",
                "multipart body without a boundary",
            );
            return None;
        };
        let body = self.body.clone();
        let stream = futures_util::stream::once(async move { Ok::<_, std::io::Error>(body) });
        let mut multipart = multer::Multipart::new(stream, boundary);
        let mut form = MultipartForm::default();
        loop {
            match multipart.next_field().await {
                Ok(Some(field)) => {
                    let name = field.name().unwrap_or_default().to_owned();
                    let file_name = field.file_name().map(str::to_owned);
                    let content_type = field.content_type().map(|m| m.to_string());
                    match field.bytes().await {
                        Ok(data) => form.parts.push(Part {
                            name,
                            file_name,
                            content_type,
                            data,
                        }),
                        Err(e) => {
                            out.add(&Pointer::at("/body"), "type", e.to_string());
                            return None;
                        }
                    }
                }
                Ok(None) => return Some(form),
                Err(e) => {
                    out.add(&Pointer::at("/body"), "type", e.to_string());
                    return None;
                }
            }
        }
    }
}

fn to_pointer(path: &serde_path_to_error::Path) -> Pointer {
    use serde_path_to_error::Segment;
    let mut p = Pointer::at("/body");
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => {
                p.push_index(*index);
            }
            Segment::Map { key } => {
                p.push(key);
            }
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    p
}

/// The keyword of a decode error and its message: generated untagged `oneOf`/`anyOf`
/// deserializers prefix their errors with the keyword.
pub(crate) fn decode_keyword(text: &str) -> (&'static str, &str) {
    if let Some(rest) = text.strip_prefix("oneOf: ") {
        ("oneOf", rest)
    } else if let Some(rest) = text.strip_prefix("anyOf: ") {
        ("anyOf", rest)
    } else if text.starts_with("missing field") {
        ("required", text)
    } else if text.starts_with("unknown field") {
        ("additionalProperties", text)
    } else {
        ("type", text)
    }
}

fn strip_position(msg: &str) -> String {
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_owned(),
        None => msg.to_owned(),
    }
}
