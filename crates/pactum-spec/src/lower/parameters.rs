//! Parameters and headers (they share `schema`-or-`content` and the style rules).

use indexmap::IndexMap;
use openapiv3::{
    AnySchema, CookieStyle, Example, Header, HeaderStyle, Parameter, ParameterData,
    ParameterSchemaOrContent, PathStyle, QueryStyle, ReferenceOr, Schema, SchemaData, SchemaKind,
};

use super::content::{content_map, examples_map};
use super::context::{extension, At, Cx, Kind, Name};
use super::schema;
use crate::error::LoadErrorKind;
use crate::tree::{Entry, Node};

/// Where a parameter goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum In {
    Query,
    Header,
    Path,
    Cookie,
}

impl In {
    fn styles(self) -> &'static [&'static str] {
        match self {
            In::Query => &["form", "spaceDelimited", "pipeDelimited", "deepObject"],
            In::Path => &["matrix", "label", "simple"],
            In::Header => &["simple"],
            In::Cookie => &["form"],
        }
    }

    fn noun(self) -> &'static str {
        match self {
            In::Query => "a query parameter",
            In::Path => "a path parameter",
            In::Header => "a header parameter",
            In::Cookie => "a cookie parameter",
        }
    }
}

/// The members shared by parameters and headers.
#[derive(Default)]
struct Common<'n> {
    description: Option<String>,
    required: bool,
    deprecated: Option<bool>,
    schema: Option<&'n Entry>,
    content: Option<&'n Entry>,
    example: Option<serde_json::Value>,
    examples: IndexMap<String, ReferenceOr<Example>>,
    explode: Option<bool>,
    style: Option<&'n Entry>,
    extensions: IndexMap<String, serde_json::Value>,
}

impl<'n> Common<'n> {
    /// Takes `e` if it is a shared member; returns false otherwise.
    fn take(&mut self, cx: &mut Cx<'_>, e: &'n Entry) -> bool {
        match e.key.as_str() {
            "description" => self.description = cx.string(e),
            "required" => self.required = cx.boolean(e).unwrap_or_default(),
            "deprecated" => self.deprecated = cx.boolean(e),
            "schema" => self.schema = Some(e),
            "content" => self.content = Some(e),
            "example" => self.example = Some(e.value.to_json()),
            "examples" => self.examples = examples_map(cx, e),
            "explode" => self.explode = cx.boolean(e),
            "style" => self.style = Some(e),
            k if k.starts_with("x-") => extension(&mut self.extensions, e),
            _ => return false,
        }
        true
    }

    /// `schema` or `content` (exactly one is required).
    fn format(&self, cx: &mut Cx<'_>, node: &Node, at: At<'_>) -> ParameterSchemaOrContent {
        match (self.schema, self.content) {
            (Some(s), c) => {
                if let Some(c) = c {
                    cx.error(
                        LoadErrorKind::InvalidValue,
                        c.key_span,
                        format!("{} has both `schema` and `content`", at.name),
                        "remove `schema` or `content`",
                    )
                    .help =
                        Some("use `schema` for simple values, `content` for a media type".into());
                }
                cx.push(&s.key);
                let schema = schema::schema_ref_or(cx, &s.value, cx.at(s));
                cx.pop();
                ParameterSchemaOrContent::Schema(schema.unwrap_or_else(|| ReferenceOr::Item(any())))
            }
            (None, Some(c)) => ParameterSchemaOrContent::Content(content_map(cx, c)),
            (None, None) => {
                cx.missing(node, at, "schema", "schema: {type: string}");
                ParameterSchemaOrContent::Schema(ReferenceOr::Item(any()))
            }
        }
    }
}

/// An empty schema (accepts anything).
fn any() -> Schema {
    Schema {
        schema_data: SchemaData::default(),
        schema_kind: SchemaKind::Any(AnySchema::default()),
    }
}

/// A parameter object.
pub(crate) fn parameter(cx: &mut Cx<'_>, node: &Node, at: At<'_>) -> Option<Parameter> {
    let entries = cx.object(node, at.name)?;
    let mut common = Common::default();
    let mut name = None;
    let mut location: Option<&Entry> = None;
    let (mut allow_reserved, mut allow_empty_value) = (false, None);
    for e in entries {
        if common.take(cx, e) {
            continue;
        }
        match e.key.as_str() {
            "name" => name = Some(cx.string(e)),
            "in" => location = Some(e),
            "allowReserved" => allow_reserved = cx.boolean(e).unwrap_or_default(),
            "allowEmptyValue" => allow_empty_value = cx.boolean(e),
            _ => {}
        }
    }
    let name = cx.required(name, node, at, "name", "name: limit");
    let Some(loc) = location else {
        cx.missing(node, at, "in", "in: query");
        return None;
    };
    let place = match loc.value.as_str() {
        Some("query") => In::Query,
        Some("header") => In::Header,
        Some("path") => In::Path,
        Some("cookie") => In::Cookie,
        Some(other) => {
            let err = cx.error(
                LoadErrorKind::InvalidValue,
                loc.value.span,
                format!("`in` must be `query`, `header`, `path` or `cookie`, found `{other}`"),
                "not a parameter location",
            );
            err.help = Some(if matches!(other, "body" | "formData") {
                "OpenAPI 3 has no body or form parameters (that was Swagger 2.0); describe the \
                 payload in the operation's `requestBody`"
                    .into()
            } else {
                "use one of `query`, `header`, `path`, `cookie`".into()
            });
            return None;
        }
        None => {
            cx.wrong_type(&loc.value, Name::Key("in"), "a string");
            return None;
        }
    };
    let style = common.style.and_then(|s| style_of(cx, s, place));
    let format = common.format(cx, node, at);
    let parameter_data = ParameterData {
        name,
        description: common.description,
        required: common.required,
        deprecated: common.deprecated,
        format,
        example: common.example,
        examples: common.examples,
        explode: common.explode,
        extensions: common.extensions,
    };
    Some(match place {
        In::Query => Parameter::Query {
            parameter_data,
            allow_reserved,
            style: match style {
                Some("spaceDelimited") => QueryStyle::SpaceDelimited,
                Some("pipeDelimited") => QueryStyle::PipeDelimited,
                Some("deepObject") => QueryStyle::DeepObject,
                _ => QueryStyle::Form,
            },
            allow_empty_value,
        },
        In::Header => Parameter::Header {
            parameter_data,
            style: HeaderStyle::Simple,
        },
        In::Path => Parameter::Path {
            parameter_data,
            style: match style {
                Some("matrix") => PathStyle::Matrix,
                Some("label") => PathStyle::Label,
                _ => PathStyle::Simple,
            },
        },
        In::Cookie => Parameter::Cookie {
            parameter_data,
            style: CookieStyle::Form,
        },
    })
}

/// The `style` value if it is allowed for `place`.
fn style_of(cx: &mut Cx<'_>, e: &Entry, place: In) -> Option<&'static str> {
    let Some(s) = e.value.as_str() else {
        cx.wrong_type(&e.value, Name::Key("style"), "a string");
        return None;
    };
    if let Some(found) = place.styles().iter().find(|v| **v == s) {
        return Some(found);
    }
    let allowed: Vec<String> = place.styles().iter().map(|s| format!("`{s}`")).collect();
    cx.error(
        LoadErrorKind::InvalidValue,
        e.value.span,
        format!("style `{s}` is not allowed for {}", place.noun()),
        "not an allowed style here",
    )
    .help = Some(format!("use one of {}", allowed.join(", ")));
    None
}

/// A header object (response or encoding header).
pub(crate) fn header(cx: &mut Cx<'_>, node: &Node, at: At<'_>) -> Option<Header> {
    let entries = cx.object(node, at.name)?;
    let mut common = Common::default();
    for e in entries {
        common.take(cx, e);
    }
    if let Some(s) = common.style {
        style_of(cx, s, In::Header);
    }
    if let Some(explode) = common.explode {
        common
            .extensions
            .insert("x-pactum-explode".into(), explode.into());
    }
    let format = common.format(cx, node, at);
    Some(Header {
        description: common.description,
        style: HeaderStyle::Simple,
        required: common.required,
        deprecated: common.deprecated,
        format,
        example: common.example,
        examples: common.examples,
        extensions: common.extensions,
    })
}

/// A `headers` map of reference-or-header.
pub(crate) fn headers_map(cx: &mut Cx<'_>, e: &Entry) -> IndexMap<String, ReferenceOr<Header>> {
    cx.map(e, |cx, h| {
        let at = cx.at_of("header", h);
        cx.ref_or(&h.value, Kind::Headers, |cx, n| header(cx, n, at))
    })
}
