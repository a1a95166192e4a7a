//! A shared index over the typed model: every operation and every schema node, each with its
//! JSON pointer, the direction data flows (request or response) and the `$ref`s it was reached
//! through. Built once per spec (see [`Context::index`](crate::Context::index)).
//!
//! Schemas behind a `$ref` are indexed once per direction at their definition
//! (`/components/schemas/Pet/...`), with every referencing pointer recorded as a usage, so a
//! schema used by 40 operations is visited once, not 40 times.

use std::collections::{HashMap, VecDeque};

use openapiv3::{
    AdditionalProperties, MediaType, Operation, Parameter, ParameterSchemaOrContent, PathItem,
    ReferenceOr, RequestBody, Response, Schema, SchemaKind, Type,
};
use pactum_spec::pointer::{escape, push, unescape};
use pactum_spec::Spec;

/// Which way data flows through a schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Direction {
    /// Read by the server (request bodies, parameters): attack surface.
    Request,
    /// Read by clients (responses, response headers).
    Response,
}

/// An operation of the API.
#[derive(Debug)]
pub struct OperationSite<'a> {
    /// `/paths/~1pets/post`.
    pub pointer: String,
    /// The path template (`/pets/{id}`).
    pub path: &'a str,
    /// Lowercase method (`get`, `post`, …).
    pub method: &'a str,
    /// The path item holding it.
    pub item: &'a PathItem,
    /// The operation.
    pub operation: &'a Operation,
}

/// A schema node reached from an operation.
#[derive(Debug)]
pub struct SchemaSite<'a> {
    /// Pointer of the schema node (at its definition when reached through `$ref`).
    pub pointer: String,
    /// The schema.
    pub schema: &'a Schema,
    /// Request or response side.
    pub direction: Direction,
    /// Index into [`Index::usages`] of the `$ref` target this node lies in, if any.
    origin: Option<usize>,
}

/// Operations and schemas of one spec.
#[derive(Debug, Default)]
pub struct Index<'a> {
    /// Every operation, in document order.
    pub operations: Vec<OperationSite<'a>>,
    /// Every schema node reachable from an operation, per direction.
    pub schemas: Vec<SchemaSite<'a>>,
    usages: Vec<Vec<String>>,
}

impl<'a> Index<'a> {
    /// Walks the spec's paths.
    pub fn build(spec: &'a Spec) -> Self {
        let mut b = Builder {
            spec,
            index: Index::default(),
            keys: HashMap::new(),
            queue: VecDeque::new(),
        };
        for (path, item) in &spec.openapi.paths.paths {
            let ReferenceOr::Item(item) = item else {
                continue;
            };
            let item_ptr = push("/paths", path);
            for (i, p) in item.parameters.iter().enumerate() {
                b.parameter(&format!("{item_ptr}/parameters/{i}"), p, None);
            }
            for (method, op) in item.iter() {
                let op_ptr = push(&item_ptr, method);
                b.index.operations.push(OperationSite {
                    pointer: op_ptr.clone(),
                    path,
                    method,
                    item,
                    operation: op,
                });
                b.operation(&op_ptr, op);
            }
        }
        b.drain();
        b.index
    }

    /// The pointers of the `$ref`s through which `site` was reached (empty when inline).
    pub fn via(&self, site: &SchemaSite<'_>) -> &[String] {
        site.origin.map_or(&[], |i| &self.usages[i])
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    kind: &'static str,
    name: String,
    direction: Direction,
}

struct Builder<'a> {
    spec: &'a Spec,
    index: Index<'a>,
    keys: HashMap<Key, usize>,
    queue: VecDeque<(Key, usize)>,
}

impl<'a> Builder<'a> {
    /// Records a usage of a local component ref; queues the component the first time.
    fn follow(&mut self, kind: &'static str, reference: &str, from: &str, direction: Direction) {
        let prefix = format!("#/components/{kind}/");
        let Some(name) = reference.strip_prefix(&prefix) else {
            return;
        };
        let key = Key {
            kind,
            name: unescape(name).into_owned(),
            direction,
        };
        let next = self.index.usages.len();
        let slot = *self.keys.entry(key.clone()).or_insert(next);
        if slot == next {
            self.index.usages.push(Vec::new());
            self.queue.push_back((key, slot));
        }
        self.index.usages[slot].push(from.to_string());
    }

    fn drain(&mut self) {
        let Some(components) = self.spec.openapi.components.as_ref() else {
            return;
        };
        while let Some((key, slot)) = self.queue.pop_front() {
            let ptr = format!("/components/{}/{}", key.kind, escape(&key.name));
            let origin = Some(slot);
            match key.kind {
                "schemas" => {
                    if let Some(ReferenceOr::Item(s)) = components.schemas.get(&key.name) {
                        self.schema(&ptr, s, key.direction, origin);
                    }
                }
                "parameters" => {
                    if let Some(ReferenceOr::Item(p)) = components.parameters.get(&key.name) {
                        self.parameter_item(&ptr, p, origin);
                    }
                }
                "requestBodies" => {
                    if let Some(ReferenceOr::Item(r)) = components.request_bodies.get(&key.name) {
                        self.request_body_item(&ptr, r, origin);
                    }
                }
                "responses" => {
                    if let Some(ReferenceOr::Item(r)) = components.responses.get(&key.name) {
                        self.response_item(&ptr, r, origin);
                    }
                }
                "headers" => {
                    if let Some(ReferenceOr::Item(h)) = components.headers.get(&key.name) {
                        self.format(&ptr, &h.format, Direction::Response, origin);
                    }
                }
                _ => {}
            }
        }
    }

    fn operation(&mut self, ptr: &str, op: &'a Operation) {
        for (i, p) in op.parameters.iter().enumerate() {
            self.parameter(&format!("{ptr}/parameters/{i}"), p, None);
        }
        if let Some(body) = &op.request_body {
            let p = format!("{ptr}/requestBody");
            match body {
                ReferenceOr::Reference { reference } => {
                    self.follow("requestBodies", reference, &p, Direction::Request)
                }
                ReferenceOr::Item(r) => self.request_body_item(&p, r, None),
            }
        }
        let responses = op
            .responses
            .default
            .iter()
            .map(|r| ("default".to_string(), r))
            .chain(
                op.responses
                    .responses
                    .iter()
                    .map(|(c, r)| (c.to_string(), r)),
            );
        for (code, r) in responses {
            let p = format!("{ptr}/responses/{}", escape(&code));
            match r {
                ReferenceOr::Reference { reference } => {
                    self.follow("responses", reference, &p, Direction::Response)
                }
                ReferenceOr::Item(r) => self.response_item(&p, r, None),
            }
        }
    }

    fn parameter(&mut self, ptr: &str, p: &'a ReferenceOr<Parameter>, origin: Option<usize>) {
        match p {
            ReferenceOr::Reference { reference } => {
                self.follow("parameters", reference, ptr, Direction::Request)
            }
            ReferenceOr::Item(p) => self.parameter_item(ptr, p, origin),
        }
    }

    fn parameter_item(&mut self, ptr: &str, p: &'a Parameter, origin: Option<usize>) {
        self.format(
            ptr,
            &p.parameter_data_ref().format,
            Direction::Request,
            origin,
        );
    }

    fn format(
        &mut self,
        ptr: &str,
        f: &'a ParameterSchemaOrContent,
        direction: Direction,
        origin: Option<usize>,
    ) {
        match f {
            ParameterSchemaOrContent::Schema(s) => {
                self.schema_ref(&format!("{ptr}/schema"), s, direction, origin)
            }
            ParameterSchemaOrContent::Content(c) => {
                self.content(&format!("{ptr}/content"), c, direction, origin)
            }
        }
    }

    fn request_body_item(&mut self, ptr: &str, r: &'a RequestBody, origin: Option<usize>) {
        self.content(
            &format!("{ptr}/content"),
            &r.content,
            Direction::Request,
            origin,
        );
    }

    fn response_item(&mut self, ptr: &str, r: &'a Response, origin: Option<usize>) {
        for (name, h) in &r.headers {
            let p = push(&format!("{ptr}/headers"), name);
            match h {
                ReferenceOr::Reference { reference } => {
                    self.follow("headers", reference, &p, Direction::Response)
                }
                ReferenceOr::Item(h) => self.format(&p, &h.format, Direction::Response, origin),
            }
        }
        self.content(
            &format!("{ptr}/content"),
            &r.content,
            Direction::Response,
            origin,
        );
    }

    fn content(
        &mut self,
        ptr: &str,
        content: &'a indexmap::IndexMap<String, MediaType>,
        direction: Direction,
        origin: Option<usize>,
    ) {
        for (mt, m) in content {
            if let Some(s) = &m.schema {
                self.schema_ref(&format!("{}/schema", push(ptr, mt)), s, direction, origin);
            }
        }
    }

    fn schema_ref(
        &mut self,
        ptr: &str,
        s: &'a ReferenceOr<Schema>,
        direction: Direction,
        origin: Option<usize>,
    ) {
        match s {
            ReferenceOr::Reference { reference } => {
                self.follow("schemas", reference, ptr, direction)
            }
            ReferenceOr::Item(s) => self.schema(ptr, s, direction, origin),
        }
    }

    fn boxed_ref(
        &mut self,
        ptr: &str,
        s: &'a ReferenceOr<Box<Schema>>,
        direction: Direction,
        origin: Option<usize>,
    ) {
        match s {
            ReferenceOr::Reference { reference } => {
                self.follow("schemas", reference, ptr, direction)
            }
            ReferenceOr::Item(s) => self.schema(ptr, s, direction, origin),
        }
    }

    fn schema(&mut self, ptr: &str, s: &'a Schema, direction: Direction, origin: Option<usize>) {
        self.index.schemas.push(SchemaSite {
            pointer: ptr.to_string(),
            schema: s,
            direction,
            origin,
        });
        match &s.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                self.properties(ptr, &o.properties, direction, origin);
                self.additional(ptr, o.additional_properties.as_ref(), direction, origin);
            }
            SchemaKind::Type(Type::Array(a)) => {
                if let Some(items) = &a.items {
                    self.boxed_ref(&format!("{ptr}/items"), items, direction, origin);
                }
            }
            SchemaKind::Type(_) => {}
            SchemaKind::OneOf { one_of: l } => self.list(ptr, "oneOf", l, direction, origin),
            SchemaKind::AllOf { all_of: l } => self.list(ptr, "allOf", l, direction, origin),
            SchemaKind::AnyOf { any_of: l } => self.list(ptr, "anyOf", l, direction, origin),
            SchemaKind::Not { not } => {
                self.schema_ref(&format!("{ptr}/not"), not, direction, origin)
            }
            SchemaKind::Any(a) => {
                self.properties(ptr, &a.properties, direction, origin);
                self.additional(ptr, a.additional_properties.as_ref(), direction, origin);
                if let Some(items) = &a.items {
                    self.boxed_ref(&format!("{ptr}/items"), items, direction, origin);
                }
                self.list(ptr, "oneOf", &a.one_of, direction, origin);
                self.list(ptr, "allOf", &a.all_of, direction, origin);
                self.list(ptr, "anyOf", &a.any_of, direction, origin);
                if let Some(not) = &a.not {
                    self.schema_ref(&format!("{ptr}/not"), not, direction, origin);
                }
            }
        }
    }

    fn properties(
        &mut self,
        ptr: &str,
        props: &'a indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        direction: Direction,
        origin: Option<usize>,
    ) {
        for (name, p) in props {
            self.boxed_ref(
                &push(&format!("{ptr}/properties"), name),
                p,
                direction,
                origin,
            );
        }
    }

    fn additional(
        &mut self,
        ptr: &str,
        ap: Option<&'a AdditionalProperties>,
        direction: Direction,
        origin: Option<usize>,
    ) {
        if let Some(AdditionalProperties::Schema(s)) = ap {
            self.schema_ref(&format!("{ptr}/additionalProperties"), s, direction, origin);
        }
    }

    fn list(
        &mut self,
        ptr: &str,
        key: &str,
        l: &'a [ReferenceOr<Schema>],
        direction: Direction,
        origin: Option<usize>,
    ) {
        for (i, s) in l.iter().enumerate() {
            self.schema_ref(&format!("{ptr}/{key}/{i}"), s, direction, origin);
        }
    }
}
