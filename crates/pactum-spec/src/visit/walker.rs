//! The walk itself: one pointer buffer, pushed and truncated as the walk descends.

use std::fmt::Write as _;

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, Callback, Encoding, Example, Header, Link, MediaType, Operation,
    Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr, RequestBody, Response, Schema,
    SchemaKind, SecurityRequirement, Server, Type,
};

use super::component::{lookup, Component, ComponentKind, Entry};
use super::{
    Ctx, Direction, OperationCtx, ResponseKey, SchemaRole, SchemaSite, Visitor, MAX_DEPTH,
};
use crate::pointer;
use crate::spec::Spec;

/// Walks every node of `spec` (see the [module docs](super) for order, `$ref` handling,
/// directions and the component sweep), calling `visitor` for each.
pub fn walk<'s, V: Visitor<'s> + ?Sized>(spec: &'s Spec, visitor: &mut V) {
    let visited = ComponentKind::ALL.map(|k| vec![0u8; k.len(spec)]);
    let mut w = Walker {
        st: State {
            spec,
            buf: String::with_capacity(256),
            base: 0,
            via: Vec::new(),
            direction: None,
            flipped: false,
            in_webhook: false,
            in_callback: false,
            sweep: false,
            op: None,
            depth: 0,
            visited,
        },
        v: visitor,
    };
    w.document();
}

struct OpFrame<'s> {
    path: &'s str,
    method: &'s str,
    operation: &'s Operation,
    start: usize,
    end: usize,
}

struct State<'s> {
    spec: &'s Spec,
    /// The pointer buffer: the current pointer is `buf[base..]`; `via` ranges index into it.
    buf: String,
    base: usize,
    via: Vec<(usize, usize)>,
    direction: Option<Direction>,
    flipped: bool,
    in_webhook: bool,
    in_callback: bool,
    sweep: bool,
    op: Option<OpFrame<'s>>,
    depth: usize,
    /// Per kind, per component: bit 0 swept, 1 request, 2 response, 3/4 path item/callback
    /// walked un-flipped/flipped.
    visited: [Vec<u8>; ComponentKind::ALL.len()],
}

impl State<'_> {
    fn ctx(&self) -> Ctx<'_> {
        Ctx {
            pointer: &self.buf[self.base..],
            direction: self.direction,
            operation: self.op.as_ref().map(|o| OperationCtx {
                path: o.path,
                method: o.method,
                operation: o.operation,
                pointer: &self.buf[o.start..o.end],
            }),
            in_webhook: self.in_webhook,
            in_callback: self.in_callback,
            reachable: !self.sweep,
            buf: &self.buf,
            via: &self.via,
            flipped: self.flipped,
        }
    }
}

/// Pointer state to return to after leaving a `$ref`'d component.
struct Saved {
    len: usize,
    base: usize,
    via: usize,
}

struct Walker<'s, 'v, V: ?Sized> {
    st: State<'s>,
    v: &'v mut V,
}

/// Calls a visitor method with the current context.
macro_rules! emit {
    ($w:ident . $m:ident ( $($arg:expr),* )) => {{
        let ctx = $w.st.ctx();
        $w.v.$m(&ctx $(, $arg)*);
    }};
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

impl<'s, V: Visitor<'s> + ?Sized> Walker<'s, '_, V> {
    // ----- pointer, depth, direction and guard bookkeeping -----

    fn push(&mut self, segment: &str) -> usize {
        let len = self.st.buf.len();
        self.st.buf.push('/');
        self.st.buf.push_str(&pointer::escape(segment));
        len
    }

    fn push_index(&mut self, i: usize) -> usize {
        let len = self.st.buf.len();
        let _ = write!(self.st.buf, "/{i}");
        len
    }

    fn pop(&mut self, len: usize) {
        self.st.buf.truncate(len);
    }

    fn enter(&mut self) -> bool {
        if self.st.depth >= MAX_DEPTH {
            emit!(self.depth_exceeded());
            return false;
        }
        self.st.depth += 1;
        true
    }

    fn leave(&mut self) {
        self.st.depth -= 1;
    }

    /// Sets the direction (flipped in webhooks/callbacks, `None` in the sweep); returns the
    /// previous one.
    fn set_dir(&mut self, d: Option<Direction>) -> Option<Direction> {
        let new = if self.st.sweep {
            None
        } else if self.st.flipped {
            d.map(Direction::flip)
        } else {
            d
        };
        std::mem::replace(&mut self.st.direction, new)
    }

    fn slot(&self, kind: ComponentKind) -> u8 {
        if self.st.sweep {
            return 0;
        }
        match kind {
            ComponentKind::PathItems | ComponentKind::Callbacks => 3 + u8::from(self.st.flipped),
            _ => match self.st.direction {
                None => 0,
                Some(Direction::Request) => 1,
                Some(Direction::Response) => 2,
            },
        }
    }

    /// Marks a component walked in `slot`; false when it already was (in the sweep: in any
    /// slot).
    fn mark(&mut self, kind: ComponentKind, idx: usize, slot: u8) -> bool {
        let sweep = self.st.sweep;
        let Some(cell) = self.st.visited[kind.index()].get_mut(idx) else {
            return false;
        };
        let bit = 1u8 << slot;
        if (sweep && *cell != 0) || *cell & bit != 0 {
            return false;
        }
        *cell |= bit;
        true
    }

    fn save(&self) -> Saved {
        Saved {
            len: self.st.buf.len(),
            base: self.st.base,
            via: self.st.via.len(),
        }
    }

    fn restore(&mut self, saved: Saved) {
        self.st.buf.truncate(saved.len);
        self.st.base = saved.base;
        self.st.via.truncate(saved.via);
    }

    fn follow<T: Component>(&mut self, reference: &'s str) -> Option<(&'s T, Saved)> {
        let resolved = lookup::<T>(self.st.spec, reference);
        self.enter_ref(reference, resolved)
    }

    /// Reports the `$ref` at the current pointer and, unless its target was already walked
    /// in this slot, moves to the component (following alias chains) and returns it. The
    /// caller walks it and then calls [`restore`](Self::restore).
    fn enter_ref<T: Component>(
        &mut self,
        reference: &'s str,
        resolved: Option<Entry<'s, T>>,
    ) -> Option<(&'s T, Saved)> {
        let saved = self.save();
        let (mut reference, mut resolved) = (reference, resolved);
        loop {
            emit!(self.visit_ref(reference, resolved.map(|(_, n, _)| (T::KIND, n))));
            let Some((idx, name, entry)) = resolved else {
                break;
            };
            if self.st.depth >= MAX_DEPTH {
                // Not marked: the component is walked later (another usage or the sweep).
                emit!(self.depth_exceeded());
                break;
            }
            let slot = self.slot(T::KIND);
            if !self.mark(T::KIND, idx, slot) {
                break;
            }
            self.st.via.push((self.st.base, self.st.buf.len()));
            self.st.base = self.st.buf.len();
            T::KIND.push_pointer(&mut self.st.buf, name);
            emit!(self.visit_component(T::KIND, name));
            match entry {
                ReferenceOr::Item(item) => return Some((item, saved)),
                ReferenceOr::Reference { reference: r } => {
                    reference = r;
                    resolved = lookup::<T>(self.st.spec, r);
                }
            }
        }
        self.restore(saved);
        None
    }

    // ----- document level -----

    fn document(&mut self) {
        let spec = self.st.spec;
        let api = &spec.openapi;
        emit!(self.visit_document(spec));
        let l = self.push("info");
        emit!(self.visit_info(&api.info));
        self.pop(l);
        self.servers(&api.servers);
        if !api.tags.is_empty() {
            let l = self.push("tags");
            for (i, tag) in api.tags.iter().enumerate() {
                let l = self.push_index(i);
                emit!(self.visit_tag(tag));
                self.pop(l);
            }
            self.pop(l);
        }
        if let Some(security) = &api.security {
            self.security(security);
        }
        let l = self.push("paths");
        for (key, item) in &api.paths.paths {
            let l = self.push(key);
            self.path_item_ref(key, item);
            self.pop(l);
        }
        self.pop(l);
        if !spec.webhooks.is_empty() {
            let l = self.push("webhooks");
            self.st.in_webhook = true;
            self.st.flipped = true;
            for (name, item) in &spec.webhooks {
                let l = self.push(name);
                self.path_item_ref(name, item);
                self.pop(l);
            }
            self.st.in_webhook = false;
            self.st.flipped = false;
            self.pop(l);
        }
        self.sweep();
    }

    fn servers(&mut self, servers: &'s [Server]) {
        if servers.is_empty() {
            return;
        }
        let l = self.push("servers");
        for (i, server) in servers.iter().enumerate() {
            let l = self.push_index(i);
            self.server(server);
            self.pop(l);
        }
        self.pop(l);
    }

    fn server(&mut self, server: &'s Server) {
        if !self.enter() {
            return;
        }
        emit!(self.visit_server(server));
        if let Some(vars) = &server.variables {
            let l = self.push("variables");
            for (name, var) in vars {
                let l = self.push(name);
                emit!(self.visit_server_variable(name, var));
                self.pop(l);
            }
            self.pop(l);
        }
        self.leave();
    }

    fn security(&mut self, requirements: &'s [SecurityRequirement]) {
        let l = self.push("security");
        for (i, req) in requirements.iter().enumerate() {
            let l = self.push_index(i);
            emit!(self.visit_security_requirement(req));
            self.pop(l);
        }
        self.pop(l);
    }

    // ----- path items and operations -----

    fn path_item_ref(&mut self, key: &'s str, item: &'s ReferenceOr<PathItem>) {
        match item {
            ReferenceOr::Item(item) => self.path_item(key, item),
            ReferenceOr::Reference { reference } => {
                if let Some((item, saved)) = self.follow::<PathItem>(reference) {
                    self.path_item(key, item);
                    self.restore(saved);
                }
            }
        }
    }

    fn path_item(&mut self, key: &'s str, item: &'s PathItem) {
        if !self.enter() {
            return;
        }
        let dir = self.set_dir(None);
        emit!(self.visit_path_item(key, item));
        self.servers(&item.servers);
        self.parameters(&item.parameters);
        let ops = [
            &item.get,
            &item.put,
            &item.post,
            &item.delete,
            &item.options,
            &item.head,
            &item.patch,
            &item.trace,
        ];
        for (method, op) in METHODS.into_iter().zip(ops) {
            if let Some(op) = op {
                self.operation(key, method, op);
            }
        }
        self.st.direction = dir;
        self.leave();
    }

    fn operation(&mut self, path: &'s str, method: &'s str, op: &'s Operation) {
        if !self.enter() {
            return;
        }
        let l = self.push(method);
        let frame = OpFrame {
            path,
            method,
            operation: op,
            start: self.st.base,
            end: self.st.buf.len(),
        };
        let outer = self.st.op.replace(frame);
        let dir = self.set_dir(None);
        emit!(self.visit_operation(method, op));
        self.servers(&op.servers);
        if let Some(security) = &op.security {
            self.security(security);
        }
        self.parameters(&op.parameters);
        if let Some(body) = &op.request_body {
            self.set_dir(Some(Direction::Request));
            let l = self.push("requestBody");
            self.request_body_ref(body);
            self.pop(l);
        }
        self.set_dir(Some(Direction::Response));
        let l_resp = self.push("responses");
        if let Some(resp) = &op.responses.default {
            let l = self.push("default");
            self.response_ref(ResponseKey::Default, resp);
            self.pop(l);
        }
        for (code, resp) in &op.responses.responses {
            let l = self.st.buf.len();
            let _ = write!(self.st.buf, "/{code}");
            self.response_ref(ResponseKey::Status(code), resp);
            self.pop(l);
        }
        self.pop(l_resp);
        self.set_dir(None);
        if !op.callbacks.is_empty() {
            let l = self.push("callbacks");
            for (name, cb) in &op.callbacks {
                let l = self.push(name);
                self.callback(name, cb);
                self.pop(l);
            }
            self.pop(l);
        }
        emit!(self.leave_operation(method, op));
        self.st.direction = dir;
        self.st.op = outer;
        self.pop(l);
        self.leave();
    }

    fn callback(&mut self, name: &'s str, cb: &'s Callback) {
        if !self.enter() {
            return;
        }
        emit!(self.visit_callback(name, cb));
        let (flipped, in_callback) = (self.st.flipped, self.st.in_callback);
        self.st.flipped = !flipped;
        self.st.in_callback = true;
        for (expr, item) in cb {
            let l = self.push(expr);
            self.path_item(expr, item);
            self.pop(l);
        }
        self.st.flipped = flipped;
        self.st.in_callback = in_callback;
        self.leave();
    }

    // ----- parameters, bodies, responses, headers, media types -----

    fn parameters(&mut self, params: &'s [ReferenceOr<Parameter>]) {
        if params.is_empty() {
            return;
        }
        let dir = self.set_dir(Some(Direction::Request));
        let l = self.push("parameters");
        for (i, p) in params.iter().enumerate() {
            let l = self.push_index(i);
            match p {
                ReferenceOr::Item(p) => self.parameter(p),
                ReferenceOr::Reference { reference } => {
                    if let Some((p, saved)) = self.follow::<Parameter>(reference) {
                        self.parameter(p);
                        self.restore(saved);
                    }
                }
            }
            self.pop(l);
        }
        self.pop(l);
        self.st.direction = dir;
    }

    fn parameter(&mut self, p: &'s Parameter) {
        if !self.enter() {
            return;
        }
        emit!(self.visit_parameter(p));
        let data = p.parameter_data_ref();
        self.schema_or_content(&data.format, SchemaRole::Parameter(p), data.required);
        self.examples(&data.examples);
        self.leave();
    }

    fn schema_or_content(
        &mut self,
        format: &'s ParameterSchemaOrContent,
        role: SchemaRole<'s>,
        required: bool,
    ) {
        match format {
            ParameterSchemaOrContent::Schema(s) => {
                let l = self.push("schema");
                let site = SchemaSite {
                    role,
                    required,
                    parent: None,
                };
                self.schema_ref(s, site);
                self.pop(l);
            }
            ParameterSchemaOrContent::Content(content) => self.content(content, required),
        }
    }

    fn request_body_ref(&mut self, body: &'s ReferenceOr<RequestBody>) {
        match body {
            ReferenceOr::Item(b) => self.request_body(b),
            ReferenceOr::Reference { reference } => {
                if let Some((b, saved)) = self.follow::<RequestBody>(reference) {
                    self.request_body(b);
                    self.restore(saved);
                }
            }
        }
    }

    fn request_body(&mut self, body: &'s RequestBody) {
        if !self.enter() {
            return;
        }
        emit!(self.visit_request_body(body));
        self.content(&body.content, body.required);
        self.leave();
    }

    fn response_ref(&mut self, key: ResponseKey<'s>, resp: &'s ReferenceOr<Response>) {
        match resp {
            ReferenceOr::Item(r) => self.response(key, r),
            ReferenceOr::Reference { reference } => {
                if let Some((r, saved)) = self.follow::<Response>(reference) {
                    self.response(key, r);
                    self.restore(saved);
                }
            }
        }
    }

    fn response(&mut self, key: ResponseKey<'s>, resp: &'s Response) {
        if !self.enter() {
            return;
        }
        emit!(self.visit_response(key, resp));
        self.headers(&resp.headers);
        self.content(&resp.content, false);
        if !resp.links.is_empty() {
            let l = self.push("links");
            for (name, link) in &resp.links {
                let l = self.push(name);
                match link {
                    ReferenceOr::Item(link) => self.link(name, link),
                    ReferenceOr::Reference { reference } => {
                        if let Some((link, saved)) = self.follow::<Link>(reference) {
                            self.link(name, link);
                            self.restore(saved);
                        }
                    }
                }
                self.pop(l);
            }
            self.pop(l);
        }
        self.leave();
    }

    fn link(&mut self, name: &'s str, link: &'s Link) {
        if !self.enter() {
            return;
        }
        emit!(self.visit_link(name, link));
        if let Some(server) = &link.server {
            let l = self.push("server");
            self.server(server);
            self.pop(l);
        }
        self.leave();
    }

    fn headers(&mut self, headers: &'s IndexMap<String, ReferenceOr<Header>>) {
        if headers.is_empty() {
            return;
        }
        let l = self.push("headers");
        for (name, header) in headers {
            let l = self.push(name);
            match header {
                ReferenceOr::Item(h) => self.header(name, h),
                ReferenceOr::Reference { reference } => {
                    if let Some((h, saved)) = self.follow::<Header>(reference) {
                        self.header(name, h);
                        self.restore(saved);
                    }
                }
            }
            self.pop(l);
        }
        self.pop(l);
    }

    fn header(&mut self, name: &'s str, header: &'s Header) {
        if !self.enter() {
            return;
        }
        emit!(self.visit_header(name, header));
        self.schema_or_content(&header.format, SchemaRole::Header(name), header.required);
        self.examples(&header.examples);
        self.leave();
    }

    fn content(&mut self, content: &'s IndexMap<String, MediaType>, required: bool) {
        if content.is_empty() {
            return;
        }
        let l = self.push("content");
        for (key, media) in content {
            let l = self.push(key);
            self.media_type(key, media, required);
            self.pop(l);
        }
        self.pop(l);
    }

    fn media_type(&mut self, key: &'s str, media: &'s MediaType, required: bool) {
        if !self.enter() {
            return;
        }
        emit!(self.visit_media_type(key, media));
        if let Some(schema) = &media.schema {
            let l = self.push("schema");
            let site = SchemaSite {
                role: SchemaRole::MediaType(key),
                required,
                parent: None,
            };
            self.schema_ref(schema, site);
            self.pop(l);
        }
        self.examples(&media.examples);
        if !media.encoding.is_empty() {
            let l = self.push("encoding");
            for (prop, enc) in &media.encoding {
                let l = self.push(prop);
                self.encoding(prop, enc);
                self.pop(l);
            }
            self.pop(l);
        }
        self.leave();
    }

    fn encoding(&mut self, prop: &'s str, enc: &'s Encoding) {
        if !self.enter() {
            return;
        }
        emit!(self.visit_encoding(prop, enc));
        self.headers(&enc.headers);
        self.leave();
    }

    fn examples(&mut self, examples: &'s IndexMap<String, ReferenceOr<Example>>) {
        if examples.is_empty() {
            return;
        }
        let l = self.push("examples");
        for (name, ex) in examples {
            let l = self.push(name);
            match ex {
                ReferenceOr::Item(ex) => self.example(name, ex),
                ReferenceOr::Reference { reference } => {
                    if let Some((ex, saved)) = self.follow::<Example>(reference) {
                        self.example(name, ex);
                        self.restore(saved);
                    }
                }
            }
            self.pop(l);
        }
        self.pop(l);
    }

    fn example(&mut self, name: &'s str, ex: &'s Example) {
        if self.enter() {
            emit!(self.visit_example(name, ex));
            self.leave();
        }
    }

    // ----- schemas -----

    fn schema_ref(&mut self, r: &'s ReferenceOr<Schema>, site: SchemaSite<'s>) {
        match r {
            ReferenceOr::Item(s) => self.schema(s, site),
            ReferenceOr::Reference { reference } => self.schema_follow(reference, site),
        }
    }

    fn boxed_schema_ref(&mut self, r: &'s ReferenceOr<Box<Schema>>, site: SchemaSite<'s>) {
        match r {
            ReferenceOr::Item(s) => self.schema(s, site),
            ReferenceOr::Reference { reference } => self.schema_follow(reference, site),
        }
    }

    fn schema_follow(&mut self, reference: &'s str, site: SchemaSite<'s>) {
        if let Some((s, saved)) = self.follow::<Schema>(reference) {
            self.schema(s, site);
            self.restore(saved);
        }
    }

    fn schema(&mut self, s: &'s Schema, site: SchemaSite<'s>) {
        if !self.enter() {
            return;
        }
        emit!(self.visit_schema(s, &site));
        match &s.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                self.object(
                    s,
                    &o.properties,
                    &o.required,
                    o.additional_properties.as_ref(),
                );
            }
            SchemaKind::Type(Type::Array(a)) => {
                if let Some(items) = &a.items {
                    self.items(s, items);
                }
            }
            SchemaKind::Type(_) => {}
            SchemaKind::OneOf { one_of } => self.branches(s, "oneOf", one_of, SchemaRole::OneOf),
            SchemaKind::AllOf { all_of } => self.branches(s, "allOf", all_of, SchemaRole::AllOf),
            SchemaKind::AnyOf { any_of } => self.branches(s, "anyOf", any_of, SchemaRole::AnyOf),
            SchemaKind::Not { not } => self.not(s, not),
            SchemaKind::Any(a) => {
                self.object(
                    s,
                    &a.properties,
                    &a.required,
                    a.additional_properties.as_ref(),
                );
                if let Some(items) = &a.items {
                    self.items(s, items);
                }
                self.branches(s, "allOf", &a.all_of, SchemaRole::AllOf);
                self.branches(s, "oneOf", &a.one_of, SchemaRole::OneOf);
                self.branches(s, "anyOf", &a.any_of, SchemaRole::AnyOf);
                if let Some(not) = &a.not {
                    self.not(s, not);
                }
            }
        }
        if let Some(d) = &s.schema_data.discriminator {
            if !d.mapping.is_empty() {
                self.mapping(s, &d.mapping);
            }
        }
        emit!(self.leave_schema(s, &site));
        self.leave();
    }

    fn object(
        &mut self,
        parent: &'s Schema,
        properties: &'s IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &'s [String],
        additional: Option<&'s AdditionalProperties>,
    ) {
        if !properties.is_empty() {
            let l = self.push("properties");
            for (name, prop) in properties {
                let l = self.push(name);
                let site = SchemaSite {
                    role: SchemaRole::Property(name),
                    required: required.iter().any(|r| r == name),
                    parent: Some(parent),
                };
                self.boxed_schema_ref(prop, site);
                self.pop(l);
            }
            self.pop(l);
        }
        if let Some(AdditionalProperties::Schema(schema)) = additional {
            let l = self.push("additionalProperties");
            let site = SchemaSite {
                role: SchemaRole::AdditionalProperties,
                required: false,
                parent: Some(parent),
            };
            self.schema_ref(schema, site);
            self.pop(l);
        }
    }

    fn items(&mut self, parent: &'s Schema, items: &'s ReferenceOr<Box<Schema>>) {
        let l = self.push("items");
        let site = SchemaSite {
            role: SchemaRole::Items,
            required: false,
            parent: Some(parent),
        };
        self.boxed_schema_ref(items, site);
        self.pop(l);
    }

    fn branches(
        &mut self,
        parent: &'s Schema,
        key: &str,
        list: &'s [ReferenceOr<Schema>],
        role: fn(usize) -> SchemaRole<'s>,
    ) {
        if list.is_empty() {
            return;
        }
        let l = self.push(key);
        for (i, branch) in list.iter().enumerate() {
            let l = self.push_index(i);
            let site = SchemaSite {
                role: role(i),
                required: false,
                parent: Some(parent),
            };
            self.schema_ref(branch, site);
            self.pop(l);
        }
        self.pop(l);
    }

    fn not(&mut self, parent: &'s Schema, not: &'s ReferenceOr<Schema>) {
        let l = self.push("not");
        let site = SchemaSite {
            role: SchemaRole::Not,
            required: false,
            parent: Some(parent),
        };
        self.schema_ref(not, site);
        self.pop(l);
    }

    /// Discriminator mapping values are schema references (`#/components/schemas/Dog`) or
    /// bare schema names (`Dog`). Values naming another file (`./Dog.yaml`) are skipped: the
    /// lowering does not rewrite mapping strings, so the model cannot resolve them.
    fn mapping(&mut self, parent: &'s Schema, mapping: &'s IndexMap<String, String>) {
        let l = self.push("discriminator");
        self.push("mapping");
        for (key, value) in mapping {
            let local = value.starts_with('#');
            if !local && value.contains(['/', '.', '#']) {
                continue;
            }
            let l = self.push(key);
            let spec = self.st.spec;
            let resolved = if local {
                lookup::<Schema>(spec, value)
            } else {
                Schema::components(spec)
                    .and_then(|m| m.get_full(value.as_str()))
                    .map(|(i, k, v)| (i, k.as_str(), v))
            };
            if let Some((s, saved)) = self.enter_ref::<Schema>(value, resolved) {
                let site = SchemaSite {
                    role: SchemaRole::Mapping(key),
                    required: false,
                    parent: Some(parent),
                };
                self.schema(s, site);
                self.restore(saved);
            }
            self.pop(l);
        }
        self.pop(l);
    }

    // ----- the component sweep -----

    fn sweep(&mut self) {
        self.st.sweep = true;
        self.st.direction = None;
        self.st.flipped = false;
        self.st.in_webhook = false;
        self.st.in_callback = false;
        self.st.op = None;
        let spec = self.st.spec;
        if let Some(c) = &spec.openapi.components {
            self.sweep_kind(&c.schemas, |w, _, s| {
                let site = SchemaSite {
                    role: SchemaRole::Component,
                    required: false,
                    parent: None,
                };
                w.schema(s, site);
            });
            self.sweep_kind(&c.responses, |w, _, r| {
                w.response(ResponseKey::Unattached, r)
            });
            self.sweep_kind(&c.parameters, |w, _, p| w.parameter(p));
            self.sweep_kind(&c.examples, |w, n, e| w.example(n, e));
            self.sweep_kind(&c.request_bodies, |w, _, b| w.request_body(b));
            self.sweep_kind(&c.headers, |w, n, h| w.header(n, h));
            self.sweep_kind(&c.security_schemes, |w, n, s| {
                emit!(w.visit_security_scheme(n, s))
            });
            self.sweep_kind(&c.links, |w, n, l| w.link(n, l));
            self.sweep_kind(&c.callbacks, |w, n, cb| w.callback(n, cb));
        }
        self.sweep_kind(&spec.path_items, |w, n, p| w.path_item(n, p));
    }

    fn sweep_kind<T: Component>(
        &mut self,
        map: &'s IndexMap<String, ReferenceOr<T>>,
        mut walk_item: impl FnMut(&mut Self, &'s str, &'s T),
    ) {
        for (idx, (name, entry)) in map.iter().enumerate() {
            if !self.mark(T::KIND, idx, 0) {
                continue;
            }
            let saved = self.save();
            self.st.base = self.st.buf.len();
            T::KIND.push_pointer(&mut self.st.buf, name);
            emit!(self.visit_component(T::KIND, name));
            match entry {
                ReferenceOr::Item(item) => walk_item(self, name, item),
                ReferenceOr::Reference { reference } => {
                    if let Some((item, inner)) = self.follow::<T>(reference) {
                        walk_item(self, name, item);
                        self.restore(inner);
                    }
                }
            }
            self.restore(saved);
        }
    }
}
