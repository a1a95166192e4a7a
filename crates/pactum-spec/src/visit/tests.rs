use openapiv3::{
    ArrayType, Callback, Encoding, Example, Header, Info, Link, MediaType, Operation, Parameter,
    PathItem, ReferenceOr, RequestBody, Response, Schema, SchemaData, SchemaKind,
    SecurityRequirement, SecurityScheme, Server, ServerVariable, Tag, Type,
};
use serde_json::json;

use super::*;
use crate::lower::SpecVersion;
use crate::spec::SourceMap;

/// A spec from a JSON literal; `webhooks` and `components.pathItems` go to their own fields.
fn spec(mut doc: serde_json::Value) -> Spec {
    let obj = doc.as_object_mut().unwrap();
    let webhooks = obj
        .remove("webhooks")
        .map(|w| serde_json::from_value(w).unwrap())
        .unwrap_or_default();
    let path_items = doc
        .pointer_mut("/components")
        .and_then(|c| c.as_object_mut().unwrap().remove("pathItems"))
        .map(|p| serde_json::from_value(p).unwrap())
        .unwrap_or_default();
    Spec {
        openapi: serde_json::from_value(doc).unwrap(),
        version: SpecVersion::V31,
        webhooks,
        path_items,
        source_map: SourceMap::new(Vec::new(), Vec::new(), Vec::new()),
    }
}

#[derive(Debug, Clone)]
struct Event {
    kind: &'static str,
    pointer: String,
    detail: String,
    dir: Option<Direction>,
    message: Option<Direction>,
    via: Vec<String>,
    op: Option<String>,
    webhook: bool,
    callback: bool,
    reachable: bool,
}

#[derive(Default)]
struct Rec {
    events: Vec<Event>,
}

impl Rec {
    fn run(spec: &Spec) -> Rec {
        let mut rec = Rec::default();
        walk(spec, &mut rec);
        rec
    }

    fn push(&mut self, kind: &'static str, ctx: &Ctx<'_>, detail: String) {
        self.events.push(Event {
            kind,
            pointer: ctx.pointer.to_owned(),
            detail,
            dir: ctx.direction,
            message: ctx.http_message(),
            via: ctx.via().map(str::to_owned).collect(),
            op: ctx
                .operation
                .map(|o| format!("{} {} {}", o.method, o.path, o.pointer)),
            webhook: ctx.in_webhook,
            callback: ctx.in_callback,
            reachable: ctx.reachable,
        });
    }

    /// `kind pointer` per event, except refs and leaves.
    fn outline(&self) -> String {
        let mut out = String::new();
        for e in &self.events {
            if matches!(e.kind, "ref" | "leave_schema" | "leave_operation") {
                continue;
            }
            out.push_str(&format!("{} {}", e.kind, e.pointer));
            if !e.detail.is_empty() {
                out.push_str(&format!(" ({})", e.detail));
            }
            out.push('\n');
        }
        out
    }

    fn all(&self, kind: &str, pointer: &str) -> Vec<&Event> {
        self.events
            .iter()
            .filter(|e| e.kind == kind && e.pointer == pointer)
            .collect()
    }

    fn one(&self, kind: &str, pointer: &str) -> &Event {
        let all = self.all(kind, pointer);
        assert_eq!(
            all.len(),
            1,
            "{kind} {pointer}: {all:#?}\n{}",
            self.outline()
        );
        all[0]
    }
}

impl<'s> Visitor<'s> for Rec {
    fn visit_document(&mut self, ctx: &Ctx<'_>, _: &'s Spec) {
        self.push("document", ctx, String::new());
    }
    fn visit_info(&mut self, ctx: &Ctx<'_>, info: &'s Info) {
        self.push("info", ctx, info.title.clone());
    }
    fn visit_server(&mut self, ctx: &Ctx<'_>, server: &'s Server) {
        self.push("server", ctx, server.url.clone());
    }
    fn visit_server_variable(&mut self, ctx: &Ctx<'_>, name: &'s str, _: &'s ServerVariable) {
        self.push("server_variable", ctx, name.to_owned());
    }
    fn visit_tag(&mut self, ctx: &Ctx<'_>, tag: &'s Tag) {
        self.push("tag", ctx, tag.name.clone());
    }
    fn visit_security_requirement(&mut self, ctx: &Ctx<'_>, r: &'s SecurityRequirement) {
        let names: Vec<_> = r.keys().cloned().collect();
        self.push("security", ctx, names.join(","));
    }
    fn visit_path_item(&mut self, ctx: &Ctx<'_>, key: &'s str, _: &'s PathItem) {
        self.push("path_item", ctx, key.to_owned());
    }
    fn visit_operation(&mut self, ctx: &Ctx<'_>, method: &'s str, _: &'s Operation) {
        self.push("operation", ctx, method.to_owned());
    }
    fn leave_operation(&mut self, ctx: &Ctx<'_>, method: &'s str, _: &'s Operation) {
        self.push("leave_operation", ctx, method.to_owned());
    }
    fn visit_parameter(&mut self, ctx: &Ctx<'_>, p: &'s Parameter) {
        self.push("parameter", ctx, p.parameter_data_ref().name.clone());
    }
    fn visit_request_body(&mut self, ctx: &Ctx<'_>, _: &'s RequestBody) {
        self.push("request_body", ctx, String::new());
    }
    fn visit_response(&mut self, ctx: &Ctx<'_>, key: ResponseKey<'s>, _: &'s Response) {
        let key = match key {
            ResponseKey::Status(s) => s.to_string(),
            ResponseKey::Default => "default".into(),
            ResponseKey::Unattached => "unattached".into(),
        };
        self.push("response", ctx, key);
    }
    fn visit_header(&mut self, ctx: &Ctx<'_>, name: &'s str, _: &'s Header) {
        self.push("header", ctx, name.to_owned());
    }
    fn visit_media_type(&mut self, ctx: &Ctx<'_>, mt: &'s str, _: &'s MediaType) {
        self.push("media_type", ctx, mt.to_owned());
    }
    fn visit_encoding(&mut self, ctx: &Ctx<'_>, prop: &'s str, _: &'s Encoding) {
        self.push("encoding", ctx, prop.to_owned());
    }
    fn visit_schema(&mut self, ctx: &Ctx<'_>, _: &'s Schema, site: &SchemaSite<'s>) {
        let role = match site.role {
            SchemaRole::Parameter(p) => format!("Parameter({})", p.parameter_data_ref().name),
            other => format!("{other:?}"),
        };
        let req = if site.required { " required" } else { "" };
        self.push("schema", ctx, format!("{role}{req}"));
    }
    fn leave_schema(&mut self, ctx: &Ctx<'_>, _: &'s Schema, _: &SchemaSite<'s>) {
        self.push("leave_schema", ctx, String::new());
    }
    fn visit_example(&mut self, ctx: &Ctx<'_>, name: &'s str, _: &'s Example) {
        self.push("example", ctx, name.to_owned());
    }
    fn visit_link(&mut self, ctx: &Ctx<'_>, name: &'s str, _: &'s Link) {
        self.push("link", ctx, name.to_owned());
    }
    fn visit_callback(&mut self, ctx: &Ctx<'_>, name: &'s str, _: &'s Callback) {
        self.push("callback", ctx, name.to_owned());
    }
    fn visit_security_scheme(&mut self, ctx: &Ctx<'_>, name: &'s str, _: &'s SecurityScheme) {
        self.push("security_scheme", ctx, name.to_owned());
    }
    fn visit_component(&mut self, ctx: &Ctx<'_>, kind: ComponentKind, name: &'s str) {
        self.push("component", ctx, format!("{}:{name}", kind.key()));
    }
    fn visit_ref(
        &mut self,
        ctx: &Ctx<'_>,
        reference: &'s str,
        target: Option<(ComponentKind, &'s str)>,
    ) {
        let t = target.map_or("unresolved".to_owned(), |(k, n)| k.pointer(n));
        self.push("ref", ctx, format!("{reference} -> {t}"));
    }
    fn depth_exceeded(&mut self, ctx: &Ctx<'_>) {
        self.push("depth_exceeded", ctx, String::new());
    }
}

/// One of every node kind, with escaping in path keys, media types and names.
fn every_kind() -> Spec {
    spec(json!({
        "openapi": "3.1.0",
        "info": {"title": "Every kind", "version": "1.0.0"},
        "servers": [{"url": "https://{host}/v1", "variables": {"host": {"default": "api.example.com"}}}],
        "tags": [{"name": "pets"}],
        "security": [{"bearer": []}],
        "paths": {
            "/pets/{id}": {
                "parameters": [{"$ref": "#/components/parameters/Id"}],
                "get": {
                    "operationId": "getPet",
                    "security": [{"bearer": ["read"]}],
                    "parameters": [{"name": "fields", "in": "query", "content": {"text/plain": {"schema": {"type": "string"}}}}],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "headers": {"RateLimit-Limit": {"$ref": "#/components/headers/Limit"}},
                            "content": {"application/json": {
                                "schema": {"$ref": "#/components/schemas/Pet"},
                                "examples": {"rex": {"$ref": "#/components/examples/Rex"}}
                            }},
                            "links": {"self": {"operationId": "getPet", "server": {"url": "https://links.example.com"}}}
                        },
                        "4XX": {"$ref": "#/components/responses/Problem"},
                        "default": {"description": "error"}
                    }
                },
                "post": {
                    "requestBody": {"required": true, "content": {"multipart/form-data": {
                        "schema": {"type": "object", "required": ["photo"], "properties": {"photo": {"type": "string", "format": "binary"}}},
                        "encoding": {"photo": {"contentType": "image/png", "headers": {"X-Rate/Limit": {"schema": {"type": "integer"}}}}}
                    }}},
                    "callbacks": {"onEvent": {"{$request.body#/url}": {"post": {
                        "requestBody": {"content": {"application/json": {"schema": {"type": "string"}}}},
                        "responses": {"204": {"description": "ack"}}
                    }}}},
                    "responses": {"201": {"description": "created"}}
                }
            }
        },
        "webhooks": {
            "pet.adopted": {"post": {
                "requestBody": {"content": {"application/json": {"schema": {"type": "string"}}}},
                "responses": {"200": {"description": "ack"}}
            }}
        },
        "components": {
            "schemas": {
                "Pet": {"type": "object", "required": ["name"], "properties": {
                    "name": {"type": "string"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "meta": {"type": "object", "additionalProperties": {"type": "integer"}},
                    "kind": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
                    "a~b/c": {"not": {"type": "boolean"}}
                }},
                "Unused": {"allOf": [{"$ref": "#/components/schemas/Pet"}, {"type": "object"}]}
            },
            "parameters": {"Id": {"name": "id", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}}},
            "headers": {"Limit": {"schema": {"type": "integer"}}},
            "examples": {"Rex": {"value": {"name": "Rex"}}},
            "responses": {"Problem": {"description": "problem", "content": {"application/problem+json": {"schema": {"type": "object"}}}}},
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}
        }
    }))
}

#[test]
fn pointers_for_every_node_kind() {
    let rec = Rec::run(&every_kind());
    let expected = r#"document 
info /info (Every kind)
server /servers/0 (https://{host}/v1)
server_variable /servers/0/variables/host (host)
tag /tags/0 (pets)
security /security/0 (bearer)
path_item /paths/~1pets~1{id} (/pets/{id})
component /components/parameters/Id (parameters:Id)
parameter /components/parameters/Id (id)
schema /components/parameters/Id/schema (Parameter(id) required)
operation /paths/~1pets~1{id}/get (get)
security /paths/~1pets~1{id}/get/security/0 (bearer)
parameter /paths/~1pets~1{id}/get/parameters/0 (fields)
media_type /paths/~1pets~1{id}/get/parameters/0/content/text~1plain (text/plain)
schema /paths/~1pets~1{id}/get/parameters/0/content/text~1plain/schema (MediaType("text/plain"))
response /paths/~1pets~1{id}/get/responses/default (default)
response /paths/~1pets~1{id}/get/responses/200 (200)
component /components/headers/Limit (headers:Limit)
header /components/headers/Limit (RateLimit-Limit)
schema /components/headers/Limit/schema (Header("RateLimit-Limit"))
media_type /paths/~1pets~1{id}/get/responses/200/content/application~1json (application/json)
component /components/schemas/Pet (schemas:Pet)
schema /components/schemas/Pet (MediaType("application/json"))
schema /components/schemas/Pet/properties/name (Property("name") required)
schema /components/schemas/Pet/properties/tags (Property("tags"))
schema /components/schemas/Pet/properties/tags/items (Items)
schema /components/schemas/Pet/properties/meta (Property("meta"))
schema /components/schemas/Pet/properties/meta/additionalProperties (AdditionalProperties)
schema /components/schemas/Pet/properties/kind (Property("kind"))
schema /components/schemas/Pet/properties/kind/oneOf/0 (OneOf(0))
schema /components/schemas/Pet/properties/kind/oneOf/1 (OneOf(1))
schema /components/schemas/Pet/properties/a~0b~1c (Property("a~b/c"))
schema /components/schemas/Pet/properties/a~0b~1c/not (Not)
component /components/examples/Rex (examples:Rex)
example /components/examples/Rex (rex)
link /paths/~1pets~1{id}/get/responses/200/links/self (self)
server /paths/~1pets~1{id}/get/responses/200/links/self/server (https://links.example.com)
component /components/responses/Problem (responses:Problem)
response /components/responses/Problem (4XX)
media_type /components/responses/Problem/content/application~1problem+json (application/problem+json)
schema /components/responses/Problem/content/application~1problem+json/schema (MediaType("application/problem+json"))
operation /paths/~1pets~1{id}/post (post)
request_body /paths/~1pets~1{id}/post/requestBody
media_type /paths/~1pets~1{id}/post/requestBody/content/multipart~1form-data (multipart/form-data)
schema /paths/~1pets~1{id}/post/requestBody/content/multipart~1form-data/schema (MediaType("multipart/form-data") required)
schema /paths/~1pets~1{id}/post/requestBody/content/multipart~1form-data/schema/properties/photo (Property("photo") required)
encoding /paths/~1pets~1{id}/post/requestBody/content/multipart~1form-data/encoding/photo (photo)
header /paths/~1pets~1{id}/post/requestBody/content/multipart~1form-data/encoding/photo/headers/X-Rate~1Limit (X-Rate/Limit)
schema /paths/~1pets~1{id}/post/requestBody/content/multipart~1form-data/encoding/photo/headers/X-Rate~1Limit/schema (Header("X-Rate/Limit"))
response /paths/~1pets~1{id}/post/responses/201 (201)
callback /paths/~1pets~1{id}/post/callbacks/onEvent (onEvent)
path_item /paths/~1pets~1{id}/post/callbacks/onEvent/{$request.body#~1url} ({$request.body#/url})
operation /paths/~1pets~1{id}/post/callbacks/onEvent/{$request.body#~1url}/post (post)
request_body /paths/~1pets~1{id}/post/callbacks/onEvent/{$request.body#~1url}/post/requestBody
media_type /paths/~1pets~1{id}/post/callbacks/onEvent/{$request.body#~1url}/post/requestBody/content/application~1json (application/json)
schema /paths/~1pets~1{id}/post/callbacks/onEvent/{$request.body#~1url}/post/requestBody/content/application~1json/schema (MediaType("application/json"))
response /paths/~1pets~1{id}/post/callbacks/onEvent/{$request.body#~1url}/post/responses/204 (204)
path_item /webhooks/pet.adopted (pet.adopted)
operation /webhooks/pet.adopted/post (post)
request_body /webhooks/pet.adopted/post/requestBody
media_type /webhooks/pet.adopted/post/requestBody/content/application~1json (application/json)
schema /webhooks/pet.adopted/post/requestBody/content/application~1json/schema (MediaType("application/json"))
response /webhooks/pet.adopted/post/responses/200 (200)
component /components/schemas/Unused (schemas:Unused)
schema /components/schemas/Unused (Component)
schema /components/schemas/Unused/allOf/1 (AllOf(1))
component /components/securitySchemes/bearer (securitySchemes:bearer)
security_scheme /components/securitySchemes/bearer (bearer)
"#;
    assert_eq!(rec.outline(), expected);

    // `Unused` reaches `Pet` through allOf, but Pet was already walked: only the ref is seen.
    let r = rec.one("ref", "/components/schemas/Unused/allOf/0");
    assert_eq!(
        r.detail,
        "#/components/schemas/Pet -> /components/schemas/Pet"
    );
    assert!(!r.reachable);
}

#[test]
fn via_chains_and_operation_context() {
    let rec = Rec::run(&spec(json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/pets": {"post": {
            "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}},
            "responses": {"204": {"description": "ok"}}
        }}},
        "components": {"schemas": {
            "Pet": {"type": "object", "properties": {"owner": {"$ref": "#/components/schemas/Owner"}}},
            "Owner": {"type": "object", "properties": {"name": {"type": "string"}}}
        }}
    })));
    let name = rec.one("schema", "/components/schemas/Owner/properties/name");
    assert_eq!(
        name.via,
        [
            "/paths/~1pets/post/requestBody/content/application~1json/schema",
            "/components/schemas/Pet/properties/owner",
        ]
    );
    assert_eq!(name.op.as_deref(), Some("post /pets /paths/~1pets/post"));
    assert_eq!(name.dir, Some(Direction::Request));
    // The referenced schema takes the site of its referencing property.
    let owner = rec.one("schema", "/components/schemas/Owner");
    assert_eq!(owner.detail, "Property(\"owner\")");
    assert_eq!(owner.via.len(), 2);
    // Reached directly: no via.
    let body = rec.one("request_body", "/paths/~1pets/post/requestBody");
    assert!(body.via.is_empty());
    // Operation leave comes after all its children.
    let leave = rec
        .events
        .iter()
        .position(|e| e.kind == "leave_operation")
        .unwrap();
    let last_schema = rec.events.iter().rposition(|e| e.kind == "schema").unwrap();
    assert!(leave > last_schema);
}

fn directions_spec() -> Spec {
    spec(json!({
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/subscribe": {"post": {
            "parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}}],
            "requestBody": {"content": {"application/json": {"schema": {"type": "string"}}}},
            "responses": {"201": {
                "description": "ok",
                "headers": {"Retry-After": {"schema": {"type": "integer"}}},
                "content": {"application/json": {"schema": {"type": "string"}}}
            }},
            "callbacks": {"ping": {"{$request.body#/url}": {"post": {
                "requestBody": {"content": {"application/json": {"schema": {"type": "string"}}}},
                "responses": {"200": {"description": "ack", "content": {"application/json": {"schema": {"type": "string"}}}}}
            }}}}
        }}},
        "webhooks": {"pet.adopted": {"post": {
            "parameters": [{"name": "Pactum-Signature", "in": "header", "required": true, "schema": {"type": "string"}}],
            "requestBody": {"content": {"application/json": {"schema": {"type": "string"}}}},
            "responses": {"200": {"description": "ack", "content": {"application/json": {"schema": {"type": "string"}}}}}
        }}}
    }))
}

#[test]
fn directions_flip_in_webhooks_and_callbacks() {
    use Direction::{Request, Response};
    let rec = Rec::run(&directions_spec());
    let dir = |kind: &str, p: &str| {
        let e = rec.one(kind, p);
        (e.dir, e.message, e.webhook, e.callback)
    };
    let op = "/paths/~1subscribe/post";
    assert_eq!(dir("operation", op), (None, None, false, false));
    assert_eq!(
        dir("schema", &format!("{op}/parameters/0/schema")),
        (Some(Request), Some(Request), false, false)
    );
    assert_eq!(
        dir(
            "schema",
            &format!("{op}/requestBody/content/application~1json/schema")
        ),
        (Some(Request), Some(Request), false, false)
    );
    assert_eq!(
        dir(
            "schema",
            &format!("{op}/responses/201/headers/Retry-After/schema")
        ),
        (Some(Response), Some(Response), false, false)
    );
    assert_eq!(
        dir(
            "schema",
            &format!("{op}/responses/201/content/application~1json/schema")
        ),
        (Some(Response), Some(Response), false, false)
    );
    // Callback: the owner sends the request (Response-side), reads the reply (Request-side).
    let cb = format!("{op}/callbacks/ping/{{$request.body#~1url}}/post");
    assert_eq!(
        dir(
            "schema",
            &format!("{cb}/requestBody/content/application~1json/schema")
        ),
        (Some(Response), Some(Request), false, true)
    );
    assert_eq!(
        dir(
            "schema",
            &format!("{cb}/responses/200/content/application~1json/schema")
        ),
        (Some(Request), Some(Response), false, true)
    );
    assert_eq!(
        rec.one("operation", &cb).op.as_deref(),
        Some(format!("post {{$request.body#/url}} {cb}").as_str())
    );
    // Back in the enclosing operation after the callback.
    let leave = rec.one("leave_operation", op);
    assert!(!leave.callback);
    // Webhook: same flip.
    let wh = "/webhooks/pet.adopted/post";
    assert_eq!(
        dir("parameter", &format!("{wh}/parameters/0")),
        (Some(Response), Some(Request), true, false)
    );
    assert_eq!(
        dir(
            "schema",
            &format!("{wh}/requestBody/content/application~1json/schema")
        ),
        (Some(Response), Some(Request), true, false)
    );
    assert_eq!(
        dir(
            "schema",
            &format!("{wh}/responses/200/content/application~1json/schema")
        ),
        (Some(Request), Some(Response), true, false)
    );
}

#[test]
fn recursive_schemas_terminate() {
    let rec = Rec::run(&spec(json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/tree": {"get": {"responses": {"200": {"description": "ok", "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Node"}}
        }}}}}},
        "components": {"schemas": {
            "Node": {"type": "object", "properties": {
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
                "a": {"$ref": "#/components/schemas/A"}
            }},
            "A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"}}},
            "B": {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/A"}}},
            "Loop1": {"$ref": "#/components/schemas/Loop2"},
            "Loop2": {"$ref": "#/components/schemas/Loop1"}
        }}
    })));
    for name in ["Node", "A", "B"] {
        let p = format!("/components/schemas/{name}");
        assert_eq!(rec.all("schema", &p).len(), 1, "{name}");
        assert!(rec.one("schema", &p).reachable);
    }
    // The back edges are reported as refs, not walked.
    let back = rec.one("ref", "/components/schemas/Node/properties/children/items");
    assert_eq!(
        back.detail,
        "#/components/schemas/Node -> /components/schemas/Node"
    );
    assert_eq!(
        rec.all("ref", "/components/schemas/B/properties/a").len(),
        1
    );
    let b = rec.one("schema", "/components/schemas/B");
    assert_eq!(
        b.via,
        [
            "/paths/~1tree/get/responses/200/content/application~1json/schema",
            "/components/schemas/Node/properties/a",
            "/components/schemas/A/properties/b",
        ]
    );
    // Alias cycles: each alias entered once, no schema node.
    assert_eq!(rec.all("component", "/components/schemas/Loop1").len(), 1);
    assert_eq!(rec.all("component", "/components/schemas/Loop2").len(), 1);
    assert!(rec.all("schema", "/components/schemas/Loop1").is_empty());
}

fn shared_spec() -> Spec {
    spec(json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/a": {"get": {"responses": {"200": {"description": "ok", "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}}}},
            "/b": {
                "get": {"responses": {"200": {"description": "ok", "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}}},
                "put": {
                    "security": [{"bearer": []}],
                    "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}},
                    "responses": {"204": {"description": "ok"}}
                }
            }
        },
        "components": {
            "schemas": {
                "Pet": {"type": "object", "properties": {"tag": {"$ref": "#/components/schemas/Tag"}}},
                "Tag": {"type": "string"},
                "Orphan": {"type": "object", "properties": {"x": {"$ref": "#/components/schemas/Orphan2"}}},
                "Orphan2": {"type": "string"},
                "Alias": {"$ref": "#/components/schemas/Tag"}
            },
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "basic": {"type": "http", "scheme": "basic"}
            }
        }
    }))
}

#[test]
fn shared_component_walked_once_per_direction() {
    let rec = Rec::run(&shared_spec());
    let pets = rec.all("schema", "/components/schemas/Pet");
    assert_eq!(pets.len(), 2);
    assert_eq!(pets[0].dir, Some(Direction::Response));
    assert_eq!(
        pets[0].via,
        ["/paths/~1a/get/responses/200/content/application~1json/schema"]
    );
    assert_eq!(pets[1].dir, Some(Direction::Request));
    assert_eq!(
        pets[1].via,
        ["/paths/~1b/put/requestBody/content/application~1json/schema"]
    );
    // Every usage is still reported.
    assert_eq!(
        rec.events
            .iter()
            .filter(|e| e.kind == "ref" && e.detail.ends_with("/components/schemas/Pet"))
            .count(),
        3
    );
    // Orphans are swept once, without direction; Orphan2 through Orphan.
    let orphan2 = rec.one("schema", "/components/schemas/Orphan2");
    assert_eq!(orphan2.dir, None);
    assert!(!orphan2.reachable);
    assert_eq!(orphan2.via, ["/components/schemas/Orphan/properties/x"]);
    // The alias is swept, but Tag (already walked) is not entered again.
    assert_eq!(rec.all("schema", "/components/schemas/Tag").len(), 2);
    assert_eq!(rec.all("component", "/components/schemas/Alias").len(), 1);
}

#[test]
fn ref_index_lists_every_usage() {
    let spec = shared_spec();
    let idx = RefIndex::build(&spec);
    assert_eq!(
        idx.usages("/components/schemas/Pet"),
        [
            "/paths/~1a/get/responses/200/content/application~1json/schema",
            "/paths/~1b/get/responses/200/content/application~1json/schema",
            "/paths/~1b/put/requestBody/content/application~1json/schema",
        ]
    );
    // Found while walking Pet in both directions, listed once; the alias counts as a usage.
    assert_eq!(
        idx.usages("/components/schemas/Tag"),
        [
            "/components/schemas/Pet/properties/tag",
            "/components/schemas/Alias"
        ]
    );
    // By direction: Pet is read by the server once (PUT /b) and sent twice.
    let dir = |d| {
        idx.usages_in("/components/schemas/Pet", d)
            .map(String::as_str)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        dir(Some(Direction::Request)),
        ["/paths/~1b/put/requestBody/content/application~1json/schema"]
    );
    assert_eq!(dir(Some(Direction::Response)).len(), 2);
    assert_eq!(dir(None).len(), 3);
    // Tag's usage inside Pet was reached in both directions; the swept alias in none (both).
    assert_eq!(
        idx.usages_in("/components/schemas/Tag", Some(Direction::Request))
            .count(),
        2
    );
    assert!(idx.is_reachable("/components/schemas/Pet"));
    assert!(idx.is_reachable("/components/schemas/Tag"));
    assert_eq!(
        idx.usages("/components/securitySchemes/bearer"),
        ["/paths/~1b/put/security/0/bearer"]
    );
    assert!(idx.is_reachable("/components/securitySchemes/bearer"));
    let unreachable: Vec<_> = idx.unreachable().map(|c| c.pointer).collect();
    assert_eq!(
        unreachable,
        [
            "/components/schemas/Orphan",
            "/components/schemas/Orphan2",
            "/components/schemas/Alias",
            "/components/securitySchemes/basic",
        ]
    );
    let orphan2 = idx.component("/components/schemas/Orphan2").unwrap();
    assert_eq!(orphan2.usages, ["/components/schemas/Orphan/properties/x"]);
    assert_eq!(orphan2.kind, ComponentKind::Schemas);
    assert_eq!(orphan2.name, "Orphan2");
    assert!(idx.usages("/components/schemas/Nope").is_empty());
    assert!(!idx.is_reachable("/components/schemas/Nope"));
}

#[test]
fn properties_named_like_keywords_are_schemas() {
    let rec = Rec::run(&spec(json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/x": {"post": {
            "requestBody": {"content": {"application/json": {"schema": {
                "type": "object",
                "required": ["responses"],
                "properties": {
                    "responses": {"type": "object", "properties": {"200": {"type": "string"}}},
                    "paths": {"type": "object", "properties": {"/pets": {"type": "string"}}},
                    "parameters": {"type": "array", "items": {"type": "string"}},
                    "$ref": {"type": "string"}
                }
            }}}},
            "responses": {"204": {"description": "ok"}}
        }}}
    })));
    let schema = "/paths/~1x/post/requestBody/content/application~1json/schema";
    let responses = rec.one("schema", &format!("{schema}/properties/responses"));
    assert_eq!(responses.detail, "Property(\"responses\") required");
    assert_eq!(
        rec.one(
            "schema",
            &format!("{schema}/properties/responses/properties/200")
        )
        .detail,
        "Property(\"200\")"
    );
    rec.one(
        "schema",
        &format!("{schema}/properties/paths/properties/~1pets"),
    );
    rec.one("schema", &format!("{schema}/properties/parameters/items"));
    rec.one("schema", &format!("{schema}/properties/$ref"));
    // Exactly one response, one path item, no parameters or refs.
    assert_eq!(
        rec.events.iter().filter(|e| e.kind == "response").count(),
        1
    );
    assert_eq!(
        rec.events.iter().filter(|e| e.kind == "path_item").count(),
        1
    );
    assert!(!rec
        .events
        .iter()
        .any(|e| e.kind == "parameter" || e.kind == "ref"));
}

fn nested_array(depth: usize) -> Schema {
    let mut s = Schema {
        schema_data: SchemaData::default(),
        schema_kind: SchemaKind::Type(Type::Boolean(Default::default())),
    };
    for _ in 0..depth {
        s = Schema {
            schema_data: SchemaData::default(),
            schema_kind: SchemaKind::Type(Type::Array(ArrayType {
                items: Some(ReferenceOr::Item(Box::new(s))),
                min_items: None,
                max_items: None,
                unique_items: false,
            })),
        };
    }
    s
}

#[test]
fn deep_inline_schemas_stop_at_the_limit() {
    let mut spec =
        spec(json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}}));
    let deep = nested_array(3000);
    spec.openapi
        .components
        .get_or_insert_with(Default::default)
        .schemas
        .insert("Deep".into(), ReferenceOr::Item(deep));
    let rec = Rec::run(&spec);
    let cut: Vec<_> = rec
        .events
        .iter()
        .filter(|e| e.kind == "depth_exceeded")
        .collect();
    assert_eq!(cut.len(), 1);
    let schemas = rec.events.iter().filter(|e| e.kind == "schema").count();
    assert_eq!(schemas, MAX_DEPTH);
    assert_eq!(
        cut[0].pointer,
        format!("/components/schemas/Deep{}", "/items".repeat(MAX_DEPTH))
    );
    // Drop iteratively-deep data without overflowing in the test thread.
    std::mem::forget(spec);
}

#[test]
fn long_ref_chains_stop_at_the_limit() {
    let n = 2000;
    let mut schemas = serde_json::Map::new();
    for i in 0..n {
        let next = format!("#/components/schemas/S{}", i + 1);
        schemas.insert(
            format!("S{i}"),
            json!({"type": "object", "properties": {"next": {"$ref": next}}}),
        );
    }
    schemas.insert(format!("S{n}"), json!({"type": "string"}));
    let rec = Rec::run(&spec(json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/x": {"get": {"responses": {"200": {"description": "ok", "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/S0"}}}}}}}},
        "components": {"schemas": schemas}
    })));
    assert!(rec.events.iter().any(|e| e.kind == "depth_exceeded"));
    // Every component is still visited (the rest in the sweep), each once.
    for i in 0..=n {
        assert_eq!(
            rec.all("schema", &format!("/components/schemas/S{i}"))
                .len(),
            1,
            "S{i}"
        );
    }
}

#[test]
fn unresolved_and_foreign_refs_are_reported() {
    let rec = Rec::run(&spec(json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/x": {"get": {
            "parameters": [{"$ref": "#/components/schemas/NotAParameter"}],
            "responses": {"200": {"$ref": "#/components/responses/Missing"}}
        }}},
        "components": {"schemas": {"NotAParameter": {"type": "string"}}}
    })));
    assert_eq!(
        rec.one("ref", "/paths/~1x/get/parameters/0").detail,
        "#/components/schemas/NotAParameter -> unresolved"
    );
    assert_eq!(
        rec.one("ref", "/paths/~1x/get/responses/200").detail,
        "#/components/responses/Missing -> unresolved"
    );
    assert!(rec
        .all("response", "/paths/~1x/get/responses/200")
        .is_empty());
}

#[test]
fn escaped_component_names_resolve() {
    let rec = Rec::run(&spec(json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/x": {"get": {"responses": {"200": {"description": "ok", "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/a~1b%20c"}}}}}}}},
        "components": {"schemas": {"a/b c": {"type": "string"}}}
    })));
    let s = rec.one("schema", "/components/schemas/a~1b c");
    assert!(s.reachable);
}

#[test]
fn path_item_components_follow_their_users() {
    let rec = Rec::run(&spec(json!({
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/events": {"$ref": "#/components/pathItems/Events"}},
        "webhooks": {"event": {"$ref": "#/components/pathItems/Events"}},
        "components": {"pathItems": {"Events": {"post": {
            "requestBody": {"content": {"application/json": {"schema": {"type": "string"}}}},
            "responses": {"204": {"description": "ok"}}
        }}}}
    })));
    let schema = "/components/pathItems/Events/post/requestBody/content/application~1json/schema";
    let seen = rec.all("schema", schema);
    assert_eq!(seen.len(), 2);
    assert_eq!(
        (seen[0].dir, seen[0].webhook),
        (Some(Direction::Request), false)
    );
    assert_eq!(seen[0].via, ["/paths/~1events"]);
    assert_eq!(
        seen[0].op.as_deref(),
        Some("post /events /components/pathItems/Events/post")
    );
    assert_eq!(
        (seen[1].dir, seen[1].webhook),
        (Some(Direction::Response), true)
    );
    assert_eq!(seen[1].via, ["/webhooks/event"]);
}

#[test]
fn discriminator_mappings_are_usages() {
    let spec = spec(json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/x": {"get": {"responses": {"200": {"description": "ok", "content": {
            "application/json": {"schema": {
                "oneOf": [{"$ref": "#/components/schemas/Dog"}],
                "discriminator": {"propertyName": "kind", "mapping": {
                    "dog": "#/components/schemas/Dog", "cat": "Cat", "cow": "./Cow.yaml",
                    "yak": "#/components/schemas/Yak"
                }}
            }}}}}}}},
        "components": {"schemas": {"Dog": {"type": "object"}, "Cat": {"type": "object"}}}
    }));
    let rec = Rec::run(&spec);
    let base = "/paths/~1x/get/responses/200/content/application~1json/schema";
    let cat = rec.one("schema", "/components/schemas/Cat");
    assert_eq!(cat.detail, "Mapping(\"cat\")");
    assert_eq!(cat.via, [format!("{base}/discriminator/mapping/cat")]);
    assert_eq!(rec.all("schema", "/components/schemas/Dog").len(), 1);
    // Another file: not resolvable in the model, not reported; a local dangling one is.
    assert!(rec
        .all("ref", &format!("{base}/discriminator/mapping/cow"))
        .is_empty());
    assert_eq!(
        rec.one("ref", &format!("{base}/discriminator/mapping/yak"))
            .detail,
        "#/components/schemas/Yak -> unresolved"
    );
    let idx = RefIndex::build(&spec);
    assert_eq!(
        idx.usages("/components/schemas/Dog"),
        [
            format!("{base}/oneOf/0"),
            format!("{base}/discriminator/mapping/dog")
        ]
    );
    assert!(idx.is_reachable("/components/schemas/Cat"));
}

#[test]
fn swept_components_have_no_direction() {
    let rec = Rec::run(&spec(json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {
            "responses": {"R": {"description": "r", "headers": {"H": {"$ref": "#/components/headers/H"}}}},
            "parameters": {"P": {"name": "p", "in": "query", "schema": {"type": "string"}}},
            "requestBodies": {"B": {"content": {"text/plain": {"schema": {"type": "string"}}}}},
            "headers": {"H": {"schema": {"type": "string"}}},
            "examples": {"E": {"value": 1}},
            "links": {"L": {"operationId": "x"}},
            "callbacks": {"C": {"{$url}": {"post": {"responses": {"200": {"description": "ok"}}}}}},
            "pathItems": {"I": {"get": {"responses": {"200": {"description": "ok"}}}}}
        }
    })));
    for e in &rec.events {
        if e.pointer.starts_with("/components/") {
            assert_eq!(e.dir, None, "{e:?}");
            assert!(!e.reachable, "{e:?}");
        }
    }
    assert_eq!(
        rec.one("response", "/components/responses/R").detail,
        "unattached"
    );
    // H is walked inside R (with R's header name), not again on its own.
    assert_eq!(rec.one("header", "/components/headers/H").detail, "H");
    rec.one("parameter", "/components/parameters/P");
    rec.one("request_body", "/components/requestBodies/B");
    rec.one("example", "/components/examples/E");
    rec.one("link", "/components/links/L");
    rec.one("callback", "/components/callbacks/C");
    rec.one("operation", "/components/callbacks/C/{$url}/post");
    rec.one("operation", "/components/pathItems/I/get");
}

#[test]
fn visitors_fan_out() {
    let spec = shared_spec();
    let mut pair = (Rec::default(), Rec::default());
    walk(&spec, &mut pair);
    assert_eq!(pair.0.events.len(), pair.1.events.len());
    let mut many: Vec<Box<dyn Visitor<'_>>> =
        vec![Box::new(Rec::default()), Box::new(Rec::default())];
    walk(&spec, &mut many);
    let mut builder = RefIndex::builder(&spec);
    walk(&spec, &mut (&mut builder, Rec::default()));
    assert_eq!(builder.finish().usages("/components/schemas/Pet").len(), 3);
}

#[test]
fn ctx_helpers() {
    type Seen = (
        String,
        Option<(ComponentKind, String)>,
        Option<String>,
        Option<String>,
    );
    struct Probe(Vec<Seen>);
    impl<'s> Visitor<'s> for Probe {
        fn visit_schema(&mut self, ctx: &Ctx<'_>, _: &'s Schema, _: &SchemaSite<'s>) {
            self.0.push((
                ctx.pointer.to_owned(),
                ctx.component().map(|(k, n)| (k, n.to_owned())),
                ctx.via_first().map(str::to_owned),
                ctx.via_last().map(str::to_owned),
            ));
        }
    }
    let mut probe = Probe(Vec::new());
    walk(&shared_spec(), &mut probe);
    let (_, component, first, last) = probe
        .0
        .iter()
        .find(|(p, ..)| p == "/components/schemas/Tag")
        .unwrap();
    assert_eq!(component, &Some((ComponentKind::Schemas, "Tag".to_owned())));
    assert_eq!(
        first.as_deref(),
        Some("/paths/~1a/get/responses/200/content/application~1json/schema")
    );
    assert_eq!(
        last.as_deref(),
        Some("/components/schemas/Pet/properties/tag")
    );
}

#[test]
fn resolve_follows_aliases() {
    let spec = shared_spec();
    let (name, tag) = resolve::<Schema>(&spec, "#/components/schemas/Alias").unwrap();
    assert_eq!(name, "Tag");
    assert!(matches!(tag.schema_kind, SchemaKind::Type(Type::String(_))));
    assert!(resolve::<Schema>(&spec, "#/components/schemas/Nope").is_none());
    assert!(resolve::<Parameter>(&spec, "#/components/schemas/Tag").is_none());
    assert!(resolve::<Schema>(&spec, "#/components/schemas/Pet/properties/tag").is_none());
    assert_eq!(
        ComponentKind::from_key("requestBodies"),
        Some(ComponentKind::RequestBodies)
    );
    assert_eq!(
        ComponentKind::Schemas.pointer("a/b"),
        "/components/schemas/a~1b"
    );
}

#[test]
fn ref_index_counts_root_extensions_and_closes_reachability() {
    let spec = spec(json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/e": {"$ref": "#/components/pathItems/E"}},
        "x-webhooks": {"push": {"post": {"requestBody": {"content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Push"}}}}}}},
        "components": {
            "schemas": {
                "Push": {"type": "object", "properties": {"repo": {"$ref": "#/components/schemas/Repo"}}},
                "Repo": {"type": "string"},
                "FromPathItem": {"type": "string"},
                "Dead": {"type": "object", "properties": {"x": {"$ref": "#/components/schemas/DeadToo"}}},
                "DeadToo": {"type": "string"}
            },
            "pathItems": {"E": {"get": {"responses": {"200": {"description": "ok", "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/FromPathItem"}}}}}}}}
        }
    }));
    let idx = RefIndex::build(&spec);
    assert_eq!(
        idx.usages("/components/schemas/Push"),
        ["/x-webhooks/push/post/requestBody/content/application~1json/schema"]
    );
    // Repo is only used by Push, which the walk only swept: reachable through the closure.
    assert!(idx.is_reachable("/components/schemas/Repo"));
    assert!(idx.is_reachable("/components/schemas/FromPathItem"));
    assert!(idx.is_reachable("/components/pathItems/E"));
    let dead: Vec<_> = idx.unreachable().map(|c| c.name).collect();
    assert_eq!(dead, ["Dead", "DeadToo"]);
}
