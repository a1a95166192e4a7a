//! Request bodies: JSON, urlencoded forms, text, raw bytes and multipart, each decoded into
//! a typed value or a violation at `/body…`.

use axum::body::Bytes;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::params::{decode_component, Scalar};
use super::Incoming;
use crate::validate::{Pointer, Violations};

pub use crate::multipart::{File, MultipartForm, Part, PartKind, PartSpec};

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
        decode_value(value, out)
    }

    /// Decodes an `application/x-www-form-urlencoded` body; `fields` gives each property's
    /// JSON type so that `age=3` becomes a number (unlisted fields stay strings), whether it
    /// is an array, and whether that array is exploded (`tags=a&tags=b`) or not
    /// (`tags=a,b`, `encoding.<name>.explode: false`).
    pub fn form_body<T: DeserializeOwned>(
        &self,
        fields: &[(&str, Scalar, bool, bool)],
        out: &mut Violations,
    ) -> Option<T> {
        let text = String::from_utf8_lossy(&self.body);
        let mut map = serde_json::Map::new();
        for raw in text.split('&').filter(|s| !s.is_empty()) {
            let (k, raw_value) = raw.split_once('=').unwrap_or((raw, ""));
            let k = decode_component(k);
            let v = decode_component(raw_value);
            let (scalar, array, explode) = fields
                .iter()
                .find(|(n, ..)| *n == k)
                .map(|(_, s, a, e)| (*s, *a, *e))
                .unwrap_or((Scalar::String, false, true));
            if array {
                let values: Vec<Value> = if explode {
                    vec![scalar_value(scalar, &v)]
                } else if v.is_empty() {
                    Vec::new()
                } else {
                    // split before decoding: `%2C` is a comma inside an item
                    raw_value
                        .split(',')
                        .map(|item| scalar_value(scalar, &decode_component(item)))
                        .collect()
                };
                let slot = map.entry(k).or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(items) = slot {
                    items.extend(values);
                }
            } else {
                map.insert(k, scalar_value(scalar, &v));
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

    /// Decodes a typed `multipart/form-data` body: each part becomes the property of its name
    /// in the body's JSON form per `specs` (files as [`File`], text parsed per JSON type, JSON
    /// parts parsed, repeated parts of array properties collected; unlisted parts are
    /// strings), which is then checked and decoded like a JSON body, every violation with its
    /// pointer.
    pub async fn multipart_typed_body<T: DeserializeOwned + crate::Validate>(
        &self,
        specs: &[PartSpec],
        out: &mut Violations,
    ) -> Option<T> {
        let form = self.multipart_body(out).await?;
        let mut map = serde_json::Map::new();
        let before = out.0.len();
        for part in form.parts {
            let spec = PartSpec::find(specs, &part.name);
            let at = || {
                let mut p = Pointer::at("/body");
                p.push(&part.name);
                p
            };
            let value = match spec.kind {
                PartKind::File => serde_json::to_value(File {
                    data: part.data.clone(),
                    file_name: part.file_name.clone(),
                    content_type: part.content_type.clone(),
                })
                .unwrap_or(Value::Null),
                PartKind::Json => match serde_json::from_slice(&part.data) {
                    Ok(v) => v,
                    Err(e) => {
                        out.add(&at(), "syntax", strip_position(&e.to_string()));
                        continue;
                    }
                },
                kind => {
                    let Ok(text) = std::str::from_utf8(&part.data) else {
                        out.add(&at(), "type", "the part must be UTF-8 text");
                        continue;
                    };
                    let scalar = match kind {
                        PartKind::Integer => Scalar::Integer,
                        PartKind::Number => Scalar::Number,
                        PartKind::Boolean => Scalar::Boolean,
                        _ => Scalar::String,
                    };
                    scalar_value(scalar, text)
                }
            };
            if spec.array {
                let slot = map
                    .entry(part.name.clone())
                    .or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(items) = slot {
                    items.push(value);
                }
            } else {
                map.entry(part.name.clone()).or_insert(value);
            }
        }
        if out.0.len() > before {
            return None;
        }
        decode_value(Value::Object(map), out)
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

/// The JSON value of a text field of this JSON type (kept a string when it does not parse,
/// so that decoding reports the type violation).
fn scalar_value(scalar: Scalar, v: &str) -> Value {
    match scalar {
        Scalar::String => Value::String(v.to_owned()),
        Scalar::Integer => v
            .parse::<i64>()
            .map(Value::from)
            .unwrap_or_else(|_| Value::String(v.to_owned())),
        Scalar::Number => v
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .unwrap_or_else(|| Value::String(v.to_owned())),
        Scalar::Boolean => match v {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => Value::String(v.to_owned()),
        },
    }
}

/// Every structural violation of `value` (as for JSON bodies), else the decoded value.
fn decode_value<T: DeserializeOwned + crate::Validate>(
    value: Value,
    out: &mut Violations,
) -> Option<T> {
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
