//! Parameters: where they are, how they are serialized (`style`/`explode`), and decoding them
//! into typed values through their JSON form.

use http::HeaderMap;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::Incoming;
use crate::validate::{Pointer, Violations};

/// Where a parameter is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// In the path template.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
    /// In a cookie.
    Cookie,
}

impl Location {
    fn segment(self) -> &'static str {
        match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
            Location::Cookie => "cookie",
        }
    }
}

/// The JSON type a parameter's text stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scalar {
    /// A string (kept as is).
    String,
    /// An integer.
    Integer,
    /// A number.
    Number,
    /// `true` or `false`.
    Boolean,
}

/// The shape of a parameter's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// One value.
    Scalar(Scalar),
    /// A list of values.
    Array(Scalar),
    /// An object (decoded as a map of strings: `deepObject` or `form` with explode).
    Object,
}

/// The serialization style (OpenAPI `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `simple` (path, header): `a,b,c`.
    Simple,
    /// `form` (query, cookie): repeated keys when exploded, else `a,b,c`.
    Form,
    /// `spaceDelimited`: `a b c`.
    SpaceDelimited,
    /// `pipeDelimited`: `a|b|c`.
    PipeDelimited,
    /// `deepObject`: `name[key]=value`.
    DeepObject,
    /// `label` (path): `.a.b`.
    Label,
    /// `matrix` (path): `;name=a,b`.
    Matrix,
}

/// A declared parameter.
#[derive(Debug, Clone, Copy)]
pub struct Param {
    /// Its name.
    pub name: &'static str,
    /// For path parameters, the name of the router's parameter that holds the whole path
    /// segment (`s<index>`); equals `name` otherwise.
    pub key: &'static str,
    /// For path parameters, the segment's template in the contract (`{id}`, `{id}.json`), from
    /// which the value is cut out of the segment; empty otherwise.
    pub segment: &'static str,
    /// Where it is.
    pub location: Location,
    /// Its shape.
    pub shape: Shape,
    /// Its style.
    pub style: Style,
    /// Its `explode` flag.
    pub explode: bool,
}

impl Param {
    /// The pointer used in violations: `/<location>/<name>`.
    pub fn pointer(&self) -> Pointer {
        let mut p = Pointer::root();
        p.push(self.location.segment());
        p.push(self.name);
        p
    }
}

impl Incoming {
    /// Decodes an optional parameter. `None` when absent; a violation when present but not
    /// of the declared type.
    pub fn param<T: DeserializeOwned>(&self, p: &Param, out: &mut Violations) -> Option<T> {
        let raw = self.raw_values(p);
        if raw.is_empty() {
            return None;
        }
        let at = p.pointer();
        let value = match to_json(p, &raw) {
            Ok(v) => v,
            Err(msg) => {
                out.add(&at, "type", msg);
                return None;
            }
        };
        match serde_json::from_value::<T>(value) {
            Ok(v) => Some(v),
            Err(e) => {
                out.add(&at, "type", format!("invalid value: {e}"));
                None
            }
        }
    }

    /// Decodes a required parameter; records `required` when it is absent.
    pub fn required_param<T: DeserializeOwned>(
        &self,
        p: &Param,
        out: &mut Violations,
    ) -> Option<T> {
        let present = !self.raw_values(p).is_empty();
        let v = self.param(p, out);
        if !present {
            crate::checks::required(p.name, &p.pointer(), out);
        }
        v
    }

    /// The raw texts of a parameter: one per occurrence (repeated query keys) or, for
    /// `deepObject`, `key=value` texts.
    fn raw_values(&self, p: &Param) -> Vec<String> {
        match p.location {
            Location::Path => self
                .path
                .iter()
                .filter(|(k, _)| k == p.key)
                .filter_map(|(_, v)| cut_segment(p.segment, v, p.name))
                .collect(),
            Location::Query => {
                if p.style == Style::DeepObject || (p.shape == Shape::Object && p.explode) {
                    let prefix = format!("{}[", p.name);
                    self.query
                        .iter()
                        .filter_map(|(k, v)| {
                            let key = k.strip_prefix(&prefix)?.strip_suffix(']')?;
                            Some(format!("{key}={v}"))
                        })
                        .collect()
                } else {
                    self.query
                        .iter()
                        .filter(|(k, _)| k == p.name)
                        .map(|(_, v)| v.clone())
                        .collect()
                }
            }
            Location::Header => self
                .headers
                .get_all(p.name)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .map(|v| v.trim().to_owned())
                .collect(),
            Location::Cookie => self
                .cookies
                .iter()
                .filter(|(k, _)| k == p.name)
                .map(|(_, v)| v.clone())
                .collect(),
        }
    }
}

fn to_json(p: &Param, raw: &[String]) -> Result<Value, String> {
    match p.shape {
        Shape::Scalar(s) => scalar(s, strip_style(p, &raw[0])),
        Shape::Array(s) => {
            let items: Vec<&str> = if raw.len() > 1 {
                raw.iter().map(String::as_str).collect()
            } else {
                let text = strip_style(p, &raw[0]);
                if text.is_empty() {
                    Vec::new()
                } else {
                    let sep = match p.style {
                        Style::SpaceDelimited => ' ',
                        Style::PipeDelimited => '|',
                        Style::Label if p.explode => '.',
                        _ => ',',
                    };
                    text.split(sep).collect()
                }
            };
            items
                .into_iter()
                .map(|t| scalar(s, t))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array)
        }
        Shape::Object => {
            let mut map = serde_json::Map::new();
            if p.style == Style::DeepObject || raw.iter().all(|r| r.contains('=')) && raw.len() > 1
            {
                for r in raw {
                    let (k, v) = r.split_once('=').unwrap_or((r, ""));
                    map.insert(k.to_owned(), Value::String(v.to_owned()));
                }
            } else {
                let parts: Vec<&str> = strip_style(p, &raw[0]).split(',').collect();
                for pair in parts.chunks(2) {
                    let k = pair[0];
                    let v = pair.get(1).copied().unwrap_or("");
                    map.insert(k.to_owned(), Value::String(v.to_owned()));
                }
            }
            Ok(Value::Object(map))
        }
    }
}

fn strip_style<'a>(p: &Param, raw: &'a str) -> &'a str {
    match p.style {
        Style::Label => raw.strip_prefix('.').unwrap_or(raw),
        Style::Matrix => raw
            .strip_prefix(';')
            .and_then(|r| r.strip_prefix(p.name))
            .and_then(|r| r.strip_prefix('='))
            .unwrap_or(raw),
        _ => raw,
    }
}

fn scalar(s: Scalar, text: &str) -> Result<Value, String> {
    match s {
        Scalar::String => Ok(Value::String(text.to_owned())),
        Scalar::Integer => {
            if let Ok(i) = text.parse::<i64>() {
                Ok(Value::from(i))
            } else if let Ok(u) = text.parse::<u64>() {
                Ok(Value::from(u))
            } else {
                Err(format!("must be an integer, got `{text}`"))
            }
        }
        Scalar::Number => text
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| format!("must be a number, got `{text}`")),
        Scalar::Boolean => match text {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(format!("must be `true` or `false`, got `{text}`")),
        },
    }
}

/// The value of parameter `name` in a path segment `value` that matches `template` (literal
/// text and `{param}`s); `None` when the segment does not match.
pub fn cut_segment(template: &str, value: &str, name: &str) -> Option<String> {
    if template.is_empty() {
        return Some(value.to_owned());
    }
    let mut pieces: Vec<(bool, &str)> = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}')? + open;
        if open > 0 {
            pieces.push((false, &rest[..open]));
        }
        pieces.push((true, &rest[open + 1..close]));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        pieces.push((false, rest));
    }
    let mut text = value;
    let mut found = None;
    for (i, (is_param, piece)) in pieces.iter().enumerate() {
        if !is_param {
            text = text.strip_prefix(piece)?;
            continue;
        }
        let taken = match pieces.get(i + 1) {
            Some((false, literal)) => &text[..text.find(literal)?],
            _ => text,
        };
        if *piece == name {
            found = Some(taken.to_owned());
        }
        text = &text[taken.len()..];
    }
    if !text.is_empty() {
        return None;
    }
    found
}

/// Splits a query string into decoded pairs.
pub(crate) fn parse_query(q: &str) -> Vec<(String, String)> {
    q.split('&')
        .filter(|s| !s.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode_component(k), decode_component(v))
        })
        .collect()
}

/// Percent-decodes a query component (`+` is a space).
pub(crate) fn decode_component(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub(crate) fn parse_cookies(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| {
            let (k, v) = c.split_once('=')?;
            Some((k.trim().to_owned(), v.trim().trim_matches('"').to_owned()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments() {
        assert_eq!(cut_segment("{id}", "7", "id").as_deref(), Some("7"));
        assert_eq!(
            cut_segment("{id}.json", "7.json", "id").as_deref(),
            Some("7")
        );
        assert_eq!(cut_segment("{id}.json", "7.xml", "id"), None);
        assert_eq!(cut_segment("{a}.{b}", "x.y.z", "b").as_deref(), Some("y.z"));
        assert_eq!(cut_segment("v{n}", "v2", "n").as_deref(), Some("2"));
    }

    #[test]
    fn query_decoding() {
        let q = parse_query("a=1&b=x+y%2Fz&c&d=%zz");
        assert_eq!(q[0], ("a".into(), "1".into()));
        assert_eq!(q[1], ("b".into(), "x y/z".into()));
        assert_eq!(q[2], ("c".into(), "".into()));
        assert_eq!(q[3], ("d".into(), "%zz".into()));
    }
}
