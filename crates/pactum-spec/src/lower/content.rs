//! Payloads: request bodies, media types, encodings and examples.

use indexmap::IndexMap;
use openapiv3::{Encoding, Example, MediaType, QueryStyle, ReferenceOr, RequestBody};

use super::context::{extension, At, Cx, Kind, Name};
use super::parameters::headers_map;
use super::schema;
use crate::error::LoadErrorKind;
use crate::tree::{Entry, Node};

/// A request body object.
pub(crate) fn request_body(cx: &mut Cx<'_>, node: &Node, at: At<'_>) -> Option<RequestBody> {
    let entries = cx.object(node, at.name)?;
    let mut b = RequestBody::default();
    let mut has_content = false;
    for e in entries {
        match e.key.as_str() {
            "description" => b.description = cx.string(e),
            "content" => {
                has_content = true;
                b.content = content_map(cx, e);
            }
            "required" => b.required = cx.boolean(e).unwrap_or_default(),
            k if k.starts_with("x-") => extension(&mut b.extensions, e),
            _ => {}
        }
    }
    if !has_content {
        cx.missing(
            node,
            at,
            "content",
            "content: {application/json: {schema: {type: object}}}",
        );
    }
    Some(b)
}

/// A `content` map: media type range → media type object.
pub(crate) fn content_map(cx: &mut Cx<'_>, e: &Entry) -> IndexMap<String, MediaType> {
    cx.map(e, |cx, m| {
        let at = cx.at_of("media type", m);
        cx.inline(&m.value, &mut |cx, n| media_type(cx, n, at))
    })
}

fn media_type(cx: &mut Cx<'_>, node: &Node, at: At<'_>) -> Option<MediaType> {
    let entries = cx.object(node, at.name)?;
    let mut m = MediaType::default();
    for e in entries {
        match e.key.as_str() {
            "schema" => {
                let at = cx.at(e);
                cx.push(&e.key);
                m.schema = schema::schema_ref_or(cx, &e.value, at);
                cx.pop();
            }
            "example" => m.example = Some(e.value.to_json()),
            "examples" => m.examples = examples_map(cx, e),
            "encoding" => {
                m.encoding = cx.map(e, |cx, x| {
                    let at = cx.at_of("encoding", x);
                    cx.inline(&x.value, &mut |cx, n| encoding(cx, n, at))
                })
            }
            k if k.starts_with("x-") => extension(&mut m.extensions, e),
            _ => {}
        }
    }
    Some(m)
}

fn encoding(cx: &mut Cx<'_>, node: &Node, at: At<'_>) -> Option<Encoding> {
    let entries = cx.object(node, at.name)?;
    let mut x = Encoding::default();
    for e in entries {
        match e.key.as_str() {
            "contentType" => x.content_type = cx.string(e),
            "headers" => x.headers = headers_map(cx, e),
            "style" => x.style = query_style(cx, e),
            "explode" => x.explode = cx.boolean(e).unwrap_or_default(),
            "allowReserved" => x.allow_reserved = cx.boolean(e).unwrap_or_default(),
            k if k.starts_with("x-") => extension(&mut x.extensions, e),
            _ => {}
        }
    }
    Some(x)
}

fn query_style(cx: &mut Cx<'_>, e: &Entry) -> Option<QueryStyle> {
    let Some(s) = e.value.as_str() else {
        cx.wrong_type(&e.value, Name::Key("style"), "a string");
        return None;
    };
    Some(match s {
        "form" => QueryStyle::Form,
        "spaceDelimited" => QueryStyle::SpaceDelimited,
        "pipeDelimited" => QueryStyle::PipeDelimited,
        "deepObject" => QueryStyle::DeepObject,
        _ => {
            cx.error(
                LoadErrorKind::InvalidValue,
                e.value.span,
                format!("style `{s}` is not allowed for an encoding"),
                "not an allowed style here",
            )
            .help =
                Some("use one of `form`, `spaceDelimited`, `pipeDelimited`, `deepObject`".into());
            return None;
        }
    })
}

/// An `examples` map of reference-or-example.
pub(crate) fn examples_map(cx: &mut Cx<'_>, e: &Entry) -> IndexMap<String, ReferenceOr<Example>> {
    cx.map(e, |cx, x| {
        let at = cx.at_of("example", x);
        cx.ref_or(&x.value, Kind::Examples, |cx, n| example(cx, n, at))
    })
}

/// An example object.
pub(crate) fn example(cx: &mut Cx<'_>, node: &Node, at: At<'_>) -> Option<Example> {
    let entries = cx.object(node, at.name)?;
    let mut x = Example::default();
    for e in entries {
        match e.key.as_str() {
            "summary" => x.summary = cx.string(e),
            "description" => x.description = cx.string(e),
            "value" => x.value = Some(e.value.to_json()),
            "externalValue" => x.external_value = cx.string(e),
            k if k.starts_with("x-") => extension(&mut x.extensions, e),
            _ => {}
        }
    }
    Some(x)
}
