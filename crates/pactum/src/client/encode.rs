//! Parameters to text per OpenAPI `style`/`explode`, through their JSON form (the inverse of
//! what the generated server decodes).

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::Value;

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

/// Unreserved characters of RFC 3986 stay as they are; everything else is escaped.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `application/x-www-form-urlencoded` escaping of one name or value (WHATWG URL: everything
/// but ASCII alphanumerics and `*-._` is escaped, a space becomes `+`).
pub fn form_component(s: &str) -> String {
    const FORM: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'*')
        .remove(b'-')
        .remove(b'.')
        .remove(b'_');
    utf8_percent_encode(s, FORM).to_string().replace("%20", "+")
}

/// The text of a scalar JSON value (strings unquoted).
pub fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn items(v: &Value) -> Vec<String> {
    match v {
        Value::Array(a) => a.iter().map(text).collect(),
        Value::Object(o) => o.iter().flat_map(|(k, v)| [k.clone(), text(v)]).collect(),
        other => vec![text(other)],
    }
}

/// `(name, value)` pairs of a query parameter or cookie, not yet escaped.
pub fn pairs(name: &str, value: &Value, style: Style, explode: bool) -> Vec<(String, String)> {
    match (value, style) {
        (Value::Null, _) => Vec::new(),
        (Value::Object(o), Style::DeepObject) => o
            .iter()
            .map(|(k, v)| (format!("{name}[{k}]"), text(v)))
            .collect(),
        (Value::Object(o), Style::Form) if explode => {
            o.iter().map(|(k, v)| (k.clone(), text(v))).collect()
        }
        (Value::Array(a), Style::Form) if explode => {
            a.iter().map(|v| (name.to_owned(), text(v))).collect()
        }
        (Value::Array(_) | Value::Object(_), _) => {
            let sep = match style {
                Style::SpaceDelimited => " ",
                Style::PipeDelimited => "|",
                _ => ",",
            };
            vec![(name.to_owned(), items(value).join(sep))]
        }
        (v, _) => vec![(name.to_owned(), text(v))],
    }
}

/// The text of a header parameter (`simple` style).
pub fn header(value: &Value, explode: bool) -> String {
    match value {
        Value::Object(o) if explode => o
            .iter()
            .map(|(k, v)| format!("{k}={}", text(v)))
            .collect::<Vec<_>>()
            .join(","),
        other => items(other).join(","),
    }
}

/// The escaped text that replaces `{name}` in a path template.
pub fn path(name: &str, value: &Value, style: Style, explode: bool) -> String {
    let esc = |s: &str| utf8_percent_encode(s, SEGMENT).to_string();
    let list: Vec<String> = match value {
        Value::Object(o) if explode => o
            .iter()
            .map(|(k, v)| format!("{}={}", esc(k), esc(&text(v))))
            .collect(),
        other => items(other).iter().map(|s| esc(s)).collect(),
    };
    match style {
        Style::Label => {
            let sep = if explode { "." } else { "," };
            format!(".{}", list.join(sep))
        }
        Style::Matrix => match value {
            Value::Array(_) if explode => list
                .iter()
                .map(|v| format!(";{name}={v}"))
                .collect::<String>(),
            Value::Object(_) if explode => list.iter().map(|kv| format!(";{kv}")).collect(),
            _ => format!(";{name}={}", list.join(",")),
        },
        _ => list.join(","),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn query_styles() {
        let a = json!(["x", "y z"]);
        assert_eq!(
            pairs("t", &a, Style::Form, true),
            vec![("t".into(), "x".into()), ("t".into(), "y z".into())]
        );
        assert_eq!(
            pairs("t", &a, Style::Form, false),
            vec![("t".into(), "x,y z".into())]
        );
        assert_eq!(
            pairs("t", &a, Style::PipeDelimited, false),
            vec![("t".into(), "x|y z".into())]
        );
        assert_eq!(
            pairs("f", &json!({"a": 1}), Style::DeepObject, true),
            vec![("f[a]".into(), "1".into())]
        );
        assert!(pairs("n", &Value::Null, Style::Form, true).is_empty());
        assert_eq!(
            pairs("n", &json!(true), Style::Form, true),
            vec![("n".into(), "true".into())]
        );
    }

    #[test]
    fn path_styles() {
        assert_eq!(
            path("id", &json!("a b/c"), Style::Simple, false),
            "a%20b%2Fc"
        );
        assert_eq!(path("id", &json!([1, 2]), Style::Label, false), ".1,2");
        assert_eq!(
            path("id", &json!([1, 2]), Style::Matrix, true),
            ";id=1;id=2"
        );
        assert_eq!(path("id", &json!([1, 2]), Style::Matrix, false), ";id=1,2");
        assert_eq!(header(&json!({"a": 1, "b": 2}), true), "a=1,b=2");
    }
}
