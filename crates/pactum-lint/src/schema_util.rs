//! Schema facts shared by the validation rules: keyword accessors that read typed and
//! untyped (`Any`) schemas alike, a light reading of `pattern` regexes, and which media
//! types and formats carry binary data.

use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, Parameter, Schema, SchemaKind, StringFormat,
    Type, VariantOrUnknownOrEmpty,
};
use pactum_spec::SchemaRole;

use crate::model::{Direction, SchemaNode};

/// The node's data is read by the API owner (request side) and actually sent there.
pub fn is_request_input(node: &SchemaNode<'_>) -> bool {
    node.direction == Some(Direction::Request) && !node.never_sent
}

/// What a schema node is, for messages: `property `name``, `query parameter `limit``,
/// `schema `Pet`` (a component's root), `array item`, ….
pub fn subject(node: &SchemaNode<'_>) -> String {
    if let Some(name) = node
        .pointer
        .strip_prefix("/components/schemas/")
        .filter(|n| !n.contains('/'))
    {
        return format!("schema `{}`", pactum_spec::pointer::unescape(name));
    }
    match node.role {
        SchemaRole::Property(name) => format!("property `{name}`"),
        SchemaRole::Parameter(p) => {
            let data = p.parameter_data_ref();
            format!("{} parameter `{}`", parameter_location(p), data.name)
        }
        SchemaRole::Header(name) => format!("header `{name}`"),
        SchemaRole::MediaType(mt) => format!("`{mt}` body"),
        SchemaRole::Items => nested("array item", &node.pointer, 1),
        SchemaRole::AdditionalProperties => nested("map value", &node.pointer, 1),
        SchemaRole::AllOf(i) => nested(&format!("`allOf` branch {i}"), &node.pointer, 2),
        SchemaRole::OneOf(i) => nested(&format!("`oneOf` branch {i}"), &node.pointer, 2),
        SchemaRole::AnyOf(i) => nested(&format!("`anyOf` branch {i}"), &node.pointer, 2),
        SchemaRole::Not => nested("`not` schema", &node.pointer, 1),
        SchemaRole::Mapping(key) => format!("mapping `{key}`"),
        SchemaRole::Component => "schema".into(),
    }
}

/// `what` followed by the property or component schema it belongs to (found `depth`
/// segments up the pointer): `` `anyOf` branch 0 of property `id` ``.
fn nested(what: &str, pointer: &str, depth: usize) -> String {
    let mut owner = pointer;
    for _ in 0..depth {
        owner = owner.rsplit_once('/').map_or("", |(head, _)| head);
    }
    let Some((head, name)) = owner.rsplit_once('/') else {
        return what.to_string();
    };
    let name = pactum_spec::pointer::unescape(name);
    if head.ends_with("/properties") {
        format!("{what} of property `{name}`")
    } else if head == "/components/schemas" {
        format!("{what} of schema `{name}`")
    } else {
        what.to_string()
    }
}

/// `query`, `path`, `header` or `cookie`.
pub fn parameter_location(p: &Parameter) -> &'static str {
    match p {
        Parameter::Query { .. } => "query",
        Parameter::Path { .. } => "path",
        Parameter::Header { .. } => "header",
        Parameter::Cookie { .. } => "cookie",
    }
}

/// A binary upload: a string with a binary `format` (`binary`, `byte`), or the string (or
/// untyped) root schema of an opaque media type such as `application/octet-stream`.
pub fn is_binary_node(node: &SchemaNode<'_>) -> bool {
    let s = node.schema;
    let typ = type_name(s);
    if !matches!(typ, Some("string") | None) {
        return false;
    }
    if is_binary_format(s) {
        return true;
    }
    match node.role {
        SchemaRole::MediaType(mt) => is_binary_media_type(mt) && typ == Some("string"),
        _ => false,
    }
}

/// The JSON type of a schema: its typed variant, or an untyped schema's `type`.
pub fn type_name(s: &Schema) -> Option<&str> {
    match &s.schema_kind {
        SchemaKind::Type(t) => Some(match t {
            Type::String(_) => "string",
            Type::Number(_) => "number",
            Type::Integer(_) => "integer",
            Type::Object(_) => "object",
            Type::Array(_) => "array",
            Type::Boolean(_) => "boolean",
        }),
        SchemaKind::Any(a) => a.typ.as_deref(),
        _ => None,
    }
}

fn variant<T>(f: &VariantOrUnknownOrEmpty<T>, name: impl Fn(&T) -> &'static str) -> Option<&str> {
    match f {
        VariantOrUnknownOrEmpty::Item(i) => Some(name(i)),
        VariantOrUnknownOrEmpty::Unknown(u) => Some(u.as_str()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

/// `format`, of any type.
pub fn format(s: &Schema) -> Option<&str> {
    match &s.schema_kind {
        SchemaKind::Type(Type::String(t)) => variant(&t.format, |f| match f {
            StringFormat::Date => "date",
            StringFormat::DateTime => "date-time",
            StringFormat::Password => "password",
            StringFormat::Byte => "byte",
            StringFormat::Binary => "binary",
        }),
        SchemaKind::Type(Type::Integer(t)) => variant(&t.format, |f| match f {
            IntegerFormat::Int32 => "int32",
            IntegerFormat::Int64 => "int64",
        }),
        SchemaKind::Type(Type::Number(t)) => variant(&t.format, |f| match f {
            NumberFormat::Float => "float",
            NumberFormat::Double => "double",
        }),
        SchemaKind::Any(a) => a.format.as_deref(),
        _ => None,
    }
}

/// `maxLength`.
pub fn max_length(s: &Schema) -> Option<usize> {
    match &s.schema_kind {
        SchemaKind::Type(Type::String(t)) => t.max_length,
        SchemaKind::Any(a) => a.max_length,
        _ => None,
    }
}

/// `pattern`.
pub fn pattern(s: &Schema) -> Option<&str> {
    match &s.schema_kind {
        SchemaKind::Type(Type::String(t)) => t.pattern.as_deref(),
        SchemaKind::Any(a) => a.pattern.as_deref(),
        _ => None,
    }
}

/// A non-empty `enum` (3.1 `const` is lowered to a one-value `enum`).
pub fn has_enum(s: &Schema) -> bool {
    match &s.schema_kind {
        SchemaKind::Type(Type::String(t)) => !t.enumeration.is_empty(),
        SchemaKind::Type(Type::Integer(t)) => !t.enumeration.is_empty(),
        SchemaKind::Type(Type::Number(t)) => !t.enumeration.is_empty(),
        SchemaKind::Type(Type::Boolean(t)) => !t.enumeration.is_empty(),
        SchemaKind::Any(a) => !a.enumeration.is_empty(),
        _ => false,
    }
}

/// `minimum` is set.
pub fn has_minimum(s: &Schema) -> bool {
    match &s.schema_kind {
        SchemaKind::Type(Type::Integer(t)) => t.minimum.is_some(),
        SchemaKind::Type(Type::Number(t)) => t.minimum.is_some(),
        SchemaKind::Any(a) => a.minimum.is_some(),
        _ => false,
    }
}

/// `maximum` is set.
pub fn has_maximum(s: &Schema) -> bool {
    match &s.schema_kind {
        SchemaKind::Type(Type::Integer(t)) => t.maximum.is_some(),
        SchemaKind::Type(Type::Number(t)) => t.maximum.is_some(),
        SchemaKind::Any(a) => a.maximum.is_some(),
        _ => false,
    }
}

/// `maxItems`.
pub fn max_items(s: &Schema) -> Option<usize> {
    match &s.schema_kind {
        SchemaKind::Type(Type::Array(t)) => t.max_items,
        SchemaKind::Any(a) => a.max_items,
        _ => None,
    }
}

/// `maxProperties`.
pub fn max_properties(s: &Schema) -> Option<usize> {
    match &s.schema_kind {
        SchemaKind::Type(Type::Object(t)) => t.max_properties,
        SchemaKind::Any(a) => a.max_properties,
        _ => None,
    }
}

/// `additionalProperties`.
pub fn additional_properties(s: &Schema) -> Option<&AdditionalProperties> {
    match &s.schema_kind {
        SchemaKind::Type(Type::Object(t)) => t.additional_properties.as_ref(),
        SchemaKind::Any(a) => a.additional_properties.as_ref(),
        _ => None,
    }
}

/// A 3.1 keyword the model keeps as an `x-pactum-<keyword>` extension.
pub fn kept<'s>(s: &'s Schema, keyword: &str) -> Option<&'s serde_json::Value> {
    let ext = &s.schema_data.extensions;
    if ext.is_empty() {
        return None;
    }
    ext.get(&format!("x-pactum-{keyword}"))
}

/// Formats whose values have a bounded length.
pub const BOUNDED_STRING_FORMATS: &[&str] = &["uuid", "date", "date-time", "time", "ipv4", "ipv6"];

/// Formats of binary (or base64-encoded binary) strings.
pub const BINARY_FORMATS: &[&str] = &["binary", "byte", "base64"];

/// True for `format`s listed in [`BINARY_FORMATS`].
pub fn is_binary_format(s: &Schema) -> bool {
    format(s).is_some_and(|f| BINARY_FORMATS.contains(&f))
}

/// The media type without parameters, lower-cased in place of comparison.
fn essence(media_type: &str) -> &str {
    media_type.split(';').next().unwrap_or("").trim()
}

/// True for media types whose body is opaque bytes (files, images, archives, `*/*`).
pub fn is_binary_media_type(media_type: &str) -> bool {
    let m = essence(media_type).to_ascii_lowercase();
    const EXACT: &[&str] = &[
        "application/octet-stream",
        "application/pdf",
        "application/zip",
        "application/gzip",
        "application/x-gzip",
        "application/x-tar",
        "*/*",
    ];
    const PREFIX: &[&str] = &["image/", "audio/", "video/", "font/"];
    EXACT.contains(&m.as_str()) || PREFIX.iter().any(|p| m.starts_with(p))
}

/// True for RFC 9457 problem details media types (`application/problem+json`, `+xml`).
pub fn is_problem_media_type(media_type: &str) -> bool {
    let m = essence(media_type);
    m.eq_ignore_ascii_case("application/problem+json")
        || m.eq_ignore_ascii_case("application/problem+xml")
}

/// One token of a regex as far as anchoring and repetition are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok<'p> {
    /// `^` or `\A` outside a class.
    Start,
    /// `$`, `\z` or `\Z` outside a class.
    End,
    /// `|` outside a class.
    Alt,
    /// `(` (with `(?:` and other group prefixes included).
    Open,
    /// `)`.
    Close,
    /// `*`, `+`, `{n,}` (possibly lazy/possessive).
    Unbounded,
    /// `?`, `{n}`, `{n,m}`.
    Bounded,
    /// Anything else that matches one character: a literal, `.`, an escape, a class.
    Atom(&'p str),
}

/// Splits a regex into [`Tok`]s. Good enough for the ECMA-262 patterns OpenAPI uses; it is
/// never used to match, only to read anchors and quantifiers.
fn tokens(p: &str) -> Vec<Tok<'_>> {
    let b = p.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let start = i;
        let tok = match b[i] {
            b'\\' => {
                i = after_char(p, i + 1);
                match b.get(start + 1) {
                    Some(b'A') => Tok::Start,
                    Some(b'z' | b'Z') => Tok::End,
                    _ => Tok::Atom(&p[start..i]),
                }
            }
            b'[' => {
                i += 1;
                if b.get(i) == Some(&b'^') {
                    i += 1;
                }
                if b.get(i) == Some(&b']') {
                    i += 1;
                }
                while i < b.len() && b[i] != b']' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i = (i + 1).min(b.len());
                while i < b.len() && !p.is_char_boundary(i) {
                    i += 1;
                }
                Tok::Atom(&p[start..i])
            }
            b'^' => {
                i += 1;
                Tok::Start
            }
            b'$' => {
                i += 1;
                Tok::End
            }
            b'|' => {
                i += 1;
                Tok::Alt
            }
            b'(' => {
                i += 1;
                if b.get(i) == Some(&b'?') {
                    // (?:  (?=  (?!  (?<=  (?<!  (?<name>
                    i += 1;
                    if b.get(i) == Some(&b'<') && !matches!(b.get(i + 1), Some(b'=' | b'!')) {
                        while i < b.len() && b[i] != b'>' {
                            i += 1;
                        }
                    }
                    i = (i + 1).min(b.len());
                }
                Tok::Open
            }
            b')' => {
                i += 1;
                Tok::Close
            }
            b'*' | b'+' => {
                i += 1;
                Tok::Unbounded
            }
            b'?' => {
                i += 1;
                Tok::Bounded
            }
            b'{' => match p[i..].find('}').map(|c| (i + c, &p[i + 1..i + c])) {
                Some((close, q)) if is_quantifier(q) => {
                    i = close + 1;
                    if q.ends_with(',') {
                        Tok::Unbounded
                    } else {
                        Tok::Bounded
                    }
                }
                _ => {
                    i += 1;
                    Tok::Atom(&p[start..i])
                }
            },
            _ => {
                i = after_char(p, i);
                Tok::Atom(&p[start..i])
            }
        };
        // A lazy (`*?`) or possessive (`*+`) suffix belongs to its quantifier.
        if matches!(tok, Tok::Unbounded | Tok::Bounded) && matches!(b.get(i), Some(b'?' | b'+')) {
            i += 1;
        }
        out.push(tok);
    }
    out
}

/// The index just past the character starting at byte `i` (or the end).
fn after_char(p: &str, i: usize) -> usize {
    p.get(i..)
        .and_then(|rest| rest.chars().next())
        .map_or(p.len(), |c| i + c.len_utf8())
}

/// `n`, `n,` or `n,m`.
fn is_quantifier(q: &str) -> bool {
    let (a, b) = q.split_once(',').unwrap_or((q, ""));
    !a.is_empty() && a.bytes().all(|c| c.is_ascii_digit()) && b.bytes().all(|c| c.is_ascii_digit())
}

/// The top-level alternatives of a token list.
fn alternatives<'t, 'p>(toks: &'t [Tok<'p>]) -> Vec<&'t [Tok<'p>]> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, t) in toks.iter().enumerate() {
        match t {
            Tok::Open => depth += 1,
            Tok::Close => depth = depth.saturating_sub(1),
            Tok::Alt if depth == 0 => {
                out.push(&toks[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&toks[start..]);
    out
}

/// True when the pattern must match the whole string: every top-level alternative starts
/// with `^` (or `\A`) and ends with `$` (or `\z`).
pub fn is_anchored(p: &str) -> bool {
    let toks = tokens(p);
    alternatives(&toks)
        .iter()
        .all(|alt| alt.first() == Some(&Tok::Start) && alt.last() == Some(&Tok::End))
}

/// True when the pattern bounds the length of what it matches: anchored, and no `*`, `+` or
/// `{n,}` anywhere (e.g. `^[A-Z]{2}[0-9]{1,6}$`).
pub fn bounds_length(p: &str) -> bool {
    is_anchored(p) && !tokens(p).contains(&Tok::Unbounded)
}

/// True when the pattern accepts (nearly) any string: some alternative is, anchors and
/// enclosing groups aside, one any-character atom (`.`, `[\s\S]`, …) repeated without an upper
/// bound (`.*`, `.+`, `^(.*)$`, `[\s\S]{1,}`), or empty and not anchored at both ends.
pub fn is_loose(p: &str) -> bool {
    let toks = tokens(p);
    alternatives(&toks).into_iter().any(|alt| {
        let mut body = alt;
        let start = body.first() == Some(&Tok::Start);
        if start {
            body = &body[1..];
        }
        let end = body.last() == Some(&Tok::End);
        if end {
            body = &body[..body.len() - 1];
        }
        while body.len() >= 2 && body[0] == Tok::Open && body[body.len() - 1] == Tok::Close {
            body = &body[1..body.len() - 1];
        }
        match body {
            [] => !(start && end),
            [Tok::Atom(a), Tok::Unbounded] => is_any_char(a),
            _ => false,
        }
    })
}

fn is_any_char(atom: &str) -> bool {
    matches!(
        atom,
        "." | "[\\s\\S]" | "[\\S\\s]" | "[\\w\\W]" | "[\\W\\w]" | "[\\d\\D]" | "[\\D\\d]" | "[^]"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchoring() {
        for p in [
            "^a$", "^[a-z]+$", r"\A\d+\z", "^(a|b)$", "^a$|^b$", r"^\$$", "^[$]$", "^(?:x)$",
        ] {
            assert!(is_anchored(p), "{p}");
        }
        for p in [
            "a",
            "^a",
            "a$",
            "^a|b$",
            r"^a\$",
            "[a-z]+",
            "^[^$]",
            "",
            r"^\d+(\.\d+)?",
        ] {
            assert!(!is_anchored(p), "{p}");
        }
    }

    #[test]
    fn length_bounds() {
        for p in ["^[a-z]{1,8}$", "^[A-Z]{2}-\\d{4}$", "^a?b$", "^(ab|cd)$"] {
            assert!(bounds_length(p), "{p}");
        }
        for p in [
            "^[a-z]+$",
            "^a*$",
            "^a{2,}$",
            "[a-z]{1,3}",
            "^[+*]x+$",
            "^.{1,}$",
        ] {
            assert!(!bounds_length(p), "{p}");
        }
        // Quantifier characters inside a class or escaped are literals.
        assert!(bounds_length(r"^[+*]\+\*$"));
    }

    #[test]
    fn looseness() {
        for p in [
            ".*",
            ".+",
            "^.*$",
            "^(.*)$",
            "^(?:.+)$",
            r"[\s\S]*",
            r"^[\s\S]+$",
            "^.{1,}$",
            ".*?",
            "",
            "^",
            "a|.*",
        ] {
            assert!(is_loose(p), "{p}");
        }
        for p in [
            "^$",
            "^.{1,100}$",
            "^[a-z]*$",
            "^.*@.*$",
            r"^\S+$",
            "^a.*$",
            "^[^<>]*$",
        ] {
            assert!(!is_loose(p), "{p}");
        }
    }

    #[test]
    fn media_types() {
        assert!(is_binary_media_type("application/octet-stream"));
        assert!(is_binary_media_type("image/png; q=0.8"));
        assert!(!is_binary_media_type("application/json"));
        assert!(is_problem_media_type(
            "application/problem+json; charset=utf-8"
        ));
        assert!(is_problem_media_type("application/problem+xml"));
        assert!(!is_problem_media_type("application/json"));
    }
}
