//! Inline suppressions: `x-pactum-ignore: [rule-id, ...]` on a node of the typed model silences
//! those rules (or groups) on the node and everything below it.
//!
//! The extensions are read from the typed model by following the finding's JSON pointer, so no
//! raw text is consulted.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, Components, Header, MediaType, OpenAPI, Operation, Parameter,
    ParameterSchemaOrContent, PathItem, Paths, ReferenceOr, RequestBody, Response, Responses,
    Schema, SchemaKind, Type,
};
use pactum_spec::pointer::split;
use pactum_spec::Spec;
use serde_json::Value;

/// The extension key of inline suppressions.
pub const IGNORE_KEY: &str = "x-pactum-ignore";

type Ext = IndexMap<String, Value>;

#[derive(Clone, Copy)]
enum Cursor<'a> {
    Root(&'a OpenAPI, &'a Spec),
    Paths(&'a Paths),
    PathItemMap(&'a IndexMap<String, ReferenceOr<PathItem>>),
    PathItem(&'a PathItem),
    Operation(&'a Operation),
    Params(&'a [ReferenceOr<Parameter>]),
    Parameter(&'a Parameter),
    RequestBody(&'a RequestBody),
    Content(&'a IndexMap<String, MediaType>),
    MediaType(&'a MediaType),
    Responses(&'a Responses),
    Response(&'a Response),
    Headers(&'a IndexMap<String, ReferenceOr<Header>>),
    Header(&'a Header),
    Components(&'a Components, &'a Spec),
    Schemas(&'a IndexMap<String, ReferenceOr<Schema>>),
    SchemaList(&'a [ReferenceOr<Schema>]),
    Properties(&'a IndexMap<String, ReferenceOr<Box<Schema>>>),
    Schema(&'a Schema),
    Callbacks(&'a IndexMap<String, openapiv3::Callback>),
    Callback(&'a openapiv3::Callback),
    ComponentCallbacks(&'a IndexMap<String, ReferenceOr<openapiv3::Callback>>),
    ComponentParams(&'a IndexMap<String, ReferenceOr<Parameter>>),
    ComponentBodies(&'a IndexMap<String, ReferenceOr<RequestBody>>),
    ComponentResponses(&'a IndexMap<String, ReferenceOr<Response>>),
}

fn item<T>(r: Option<&ReferenceOr<T>>) -> Option<&T> {
    match r? {
        ReferenceOr::Item(t) => Some(t),
        ReferenceOr::Reference { .. } => None,
    }
}

fn index<T>(list: &[T], seg: &str) -> Option<usize> {
    seg.parse::<usize>().ok().filter(|i| *i < list.len())
}

impl<'a> Cursor<'a> {
    fn extensions(self) -> Option<&'a Ext> {
        Some(match self {
            Cursor::Root(o, _) => &o.extensions,
            Cursor::Paths(p) => &p.extensions,
            Cursor::PathItem(p) => &p.extensions,
            Cursor::Operation(o) => &o.extensions,
            Cursor::Parameter(p) => &p.parameter_data_ref().extensions,
            Cursor::RequestBody(r) => &r.extensions,
            Cursor::MediaType(m) => &m.extensions,
            Cursor::Responses(r) => &r.extensions,
            Cursor::Response(r) => &r.extensions,
            Cursor::Header(h) => &h.extensions,
            Cursor::Components(c, _) => &c.extensions,
            Cursor::Schema(s) => &s.schema_data.extensions,
            _ => return None,
        })
    }

    fn step(self, seg: &str) -> Option<Cursor<'a>> {
        Some(match self {
            Cursor::Root(o, spec) => match seg {
                "paths" => Cursor::Paths(&o.paths),
                "components" => Cursor::Components(o.components.as_ref()?, spec),
                "webhooks" => Cursor::PathItemMap(&spec.webhooks),
                _ => return None,
            },
            Cursor::Paths(p) => Cursor::PathItem(item(p.paths.get(seg))?),
            Cursor::PathItemMap(m) => Cursor::PathItem(item(m.get(seg))?),
            Cursor::PathItem(p) => match seg {
                "parameters" => Cursor::Params(&p.parameters),
                _ => Cursor::Operation(p.iter().find(|(m, _)| *m == seg)?.1),
            },
            Cursor::Operation(o) => match seg {
                "parameters" => Cursor::Params(&o.parameters),
                "requestBody" => Cursor::RequestBody(item(o.request_body.as_ref())?),
                "responses" => Cursor::Responses(&o.responses),
                "callbacks" => Cursor::Callbacks(&o.callbacks),
                _ => return None,
            },
            Cursor::Params(l) => Cursor::Parameter(item(l.get(index(l, seg)?))?),
            Cursor::Parameter(p) => format_step(&p.parameter_data_ref().format, seg)?,
            Cursor::Header(h) => format_step(&h.format, seg)?,
            Cursor::RequestBody(r) => match seg {
                "content" => Cursor::Content(&r.content),
                _ => return None,
            },
            Cursor::Content(c) => Cursor::MediaType(c.get(seg)?),
            Cursor::MediaType(m) => match seg {
                "schema" => Cursor::Schema(item(m.schema.as_ref())?),
                _ => return None,
            },
            Cursor::Responses(r) => {
                let found = if seg == "default" {
                    r.default.as_ref()
                } else {
                    r.responses
                        .iter()
                        .find(|(code, _)| code.to_string() == seg)
                        .map(|(_, r)| r)
                };
                Cursor::Response(item(found)?)
            }
            Cursor::Response(r) => match seg {
                "content" => Cursor::Content(&r.content),
                "headers" => Cursor::Headers(&r.headers),
                _ => return None,
            },
            Cursor::Headers(h) => Cursor::Header(item(h.get(seg))?),
            Cursor::Components(c, spec) => match seg {
                "schemas" => Cursor::Schemas(&c.schemas),
                "parameters" => Cursor::ComponentParams(&c.parameters),
                "requestBodies" => Cursor::ComponentBodies(&c.request_bodies),
                "responses" => Cursor::ComponentResponses(&c.responses),
                "headers" => Cursor::Headers(&c.headers),
                "callbacks" => Cursor::ComponentCallbacks(&c.callbacks),
                "pathItems" => Cursor::PathItemMap(&spec.path_items),
                _ => return None,
            },
            Cursor::Schemas(m) => Cursor::Schema(item(m.get(seg))?),
            Cursor::ComponentParams(m) => Cursor::Parameter(item(m.get(seg))?),
            Cursor::ComponentBodies(m) => Cursor::RequestBody(item(m.get(seg))?),
            Cursor::ComponentResponses(m) => Cursor::Response(item(m.get(seg))?),
            Cursor::ComponentCallbacks(m) => Cursor::Callback(item(m.get(seg))?),
            Cursor::Callbacks(m) => Cursor::Callback(m.get(seg)?),
            Cursor::Callback(c) => Cursor::PathItem(c.get(seg)?),
            Cursor::SchemaList(l) => Cursor::Schema(item(l.get(index(l, seg)?))?),
            Cursor::Properties(m) => match m.get(seg)? {
                ReferenceOr::Item(s) => Cursor::Schema(s),
                ReferenceOr::Reference { .. } => return None,
            },
            Cursor::Schema(s) => schema_step(s, seg)?,
        })
    }
}

fn format_step<'a>(f: &'a ParameterSchemaOrContent, seg: &str) -> Option<Cursor<'a>> {
    match (f, seg) {
        (ParameterSchemaOrContent::Schema(s), "schema") => Some(Cursor::Schema(item(Some(s))?)),
        (ParameterSchemaOrContent::Content(c), "content") => Some(Cursor::Content(c)),
        _ => None,
    }
}

fn schema_step<'a>(s: &'a Schema, seg: &str) -> Option<Cursor<'a>> {
    let boxed = |r: Option<&'a ReferenceOr<Box<Schema>>>| match r? {
        ReferenceOr::Item(s) => Some(Cursor::Schema(s)),
        ReferenceOr::Reference { .. } => None,
    };
    let additional = |a: Option<&'a AdditionalProperties>| match a? {
        AdditionalProperties::Schema(s) => Some(Cursor::Schema(item(Some(s))?)),
        AdditionalProperties::Any(_) => None,
    };
    match (&s.schema_kind, seg) {
        (SchemaKind::Type(Type::Object(o)), "properties") => {
            Some(Cursor::Properties(&o.properties))
        }
        (SchemaKind::Type(Type::Object(o)), "additionalProperties") => {
            additional(o.additional_properties.as_ref())
        }
        (SchemaKind::Type(Type::Array(a)), "items") => boxed(a.items.as_ref()),
        (SchemaKind::OneOf { one_of: l }, "oneOf")
        | (SchemaKind::AllOf { all_of: l }, "allOf")
        | (SchemaKind::AnyOf { any_of: l }, "anyOf") => Some(Cursor::SchemaList(l)),
        (SchemaKind::Not { not }, "not") => Some(Cursor::Schema(item(Some(not))?)),
        (SchemaKind::Any(a), "properties") => Some(Cursor::Properties(&a.properties)),
        (SchemaKind::Any(a), "additionalProperties") => {
            additional(a.additional_properties.as_ref())
        }
        (SchemaKind::Any(a), "items") => boxed(a.items.as_ref()),
        (SchemaKind::Any(a), "oneOf") => Some(Cursor::SchemaList(&a.one_of)),
        (SchemaKind::Any(a), "allOf") => Some(Cursor::SchemaList(&a.all_of)),
        (SchemaKind::Any(a), "anyOf") => Some(Cursor::SchemaList(&a.any_of)),
        (SchemaKind::Any(a), "not") => Some(Cursor::Schema(item(a.not.as_deref())?)),
        _ => None,
    }
}

/// Every rule id or group name listed in `x-pactum-ignore` on the node at `pointer` or any of
/// its ancestors in the typed model.
pub fn ignored_along(spec: &Spec, pointer: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cursor = Cursor::Root(&spec.openapi, spec);
    collect(cursor, &mut out);
    for seg in split(pointer) {
        match cursor.step(&seg) {
            Some(next) => cursor = next,
            None => break,
        }
        collect(cursor, &mut out);
    }
    out
}

fn collect(cursor: Cursor<'_>, out: &mut Vec<String>) {
    let Some(value) = cursor.extensions().and_then(|e| e.get(IGNORE_KEY)) else {
        return;
    };
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => {
            out.extend(items.iter().filter_map(|v| v.as_str().map(String::from)))
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::ignored_along;
    use crate::testing::spec_from_yaml;

    #[test]
    fn collects_ignores_from_the_node_and_its_ancestors() {
        let spec = spec_from_yaml(
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
x-pactum-ignore: root-rule
paths:
  /pets:
    x-pactum-ignore: [path-rule]
    post:
      x-pactum-ignore: [op-rule]
      requestBody:
        content:
          application/json:
            schema:
              type: object
              x-pactum-ignore: [schema-rule]
              properties:
                name: {type: string, x-pactum-ignore: [prop-rule]}
      responses:
        '200': {description: ok, x-pactum-ignore: [response-rule]}
components:
  schemas:
    Pet:
      type: object
      properties:
        tags:
          type: array
          x-pactum-ignore: [array-rule]
          items: {type: string, x-pactum-ignore: [item-rule]}
"#,
        );
        let got = ignored_along(
            &spec,
            "/paths/~1pets/post/requestBody/content/application~1json/schema/properties/name",
        );
        assert_eq!(
            got,
            [
                "root-rule",
                "path-rule",
                "op-rule",
                "schema-rule",
                "prop-rule"
            ]
        );
        let got = ignored_along(&spec, "/paths/~1pets/post/responses/200/description");
        assert_eq!(got, ["root-rule", "path-rule", "op-rule", "response-rule"]);
        let got = ignored_along(&spec, "/components/schemas/Pet/properties/tags/items");
        assert_eq!(got, ["root-rule", "array-rule", "item-rule"]);
        let got = ignored_along(&spec, "/paths/~1nope/get");
        assert_eq!(got, ["root-rule"]);
    }

    #[test]
    fn webhooks_are_followed() {
        let spec = spec_from_yaml(
            r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
webhooks:
  petAdded:
    post:
      x-pactum-ignore: [hook-rule]
      requestBody:
        content:
          application/json:
            schema: {type: string}
      responses:
        '200': {description: ok}
"#,
        );
        let got = ignored_along(
            &spec,
            "/webhooks/petAdded/post/requestBody/content/application~1json/schema",
        );
        assert_eq!(got, ["hook-rule"]);
    }
}
