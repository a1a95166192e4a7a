//! A shared index over the typed model, built by one [`pactum_spec::walk`] per spec (see
//! [`Context::index`](crate::Context::index)): every operation and every schema node, each
//! with its JSON pointer, data [`Direction`] and position, plus the [`RefIndex`] of `$ref`
//! usages.
//!
//! Schemas behind a `$ref` are visited at their definition (`/components/schemas/Pet/...`)
//! once per direction, so a schema used by 40 operations is one node per direction, and its
//! usages come from [`Index::via`].

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;
use openapiv3::{
    Example, ExternalDocumentation, Header, Info, Link, MediaType, Operation, Parameter, PathItem,
    ReferenceOr, RequestBody, Response, Schema, SchemaKind, SecurityScheme, Server, ServerVariable,
    Tag, Type,
};
use pactum_spec::visit::{resolve, resolve_boxed, resolve_or, ComponentKind, RefIndexBuilder};
use pactum_spec::{walk, Ctx, RefIndex, ResponseKey, SchemaRole, Spec, Visitor};

use crate::schema_util::{has_enum, type_name};

pub use pactum_spec::Direction;

/// An operation of the API (in `paths`, a webhook or a callback).
#[derive(Debug)]
pub struct OperationSite<'a> {
    /// `/paths/~1pets/post`.
    pub pointer: String,
    /// The path template (`/pets/{id}`), webhook name or callback expression.
    pub path: String,
    /// Lowercase method (`get`, `post`, …).
    pub method: &'a str,
    /// The operation.
    pub operation: &'a Operation,
    /// The path item the operation is in (for its `servers` and `parameters`).
    pub path_item: Option<&'a PathItem>,
    /// Inside a 3.1 webhook.
    pub in_webhook: bool,
    /// Inside a callback.
    pub in_callback: bool,
    /// Reached from `paths`/`webhooks` (false for path items only walked in the component
    /// sweep).
    pub reachable: bool,
}

/// A path item (in `paths`, a webhook, a callback, or `components.pathItems`).
#[derive(Debug)]
pub struct PathItemSite<'a> {
    /// `/paths/~1pets` (at its definition when reached through `$ref`).
    pub pointer: String,
    /// The path template, webhook name, callback expression, or (in the component sweep)
    /// the component name.
    pub key: &'a str,
    /// The path item.
    pub item: &'a PathItem,
    /// Inside a 3.1 webhook.
    pub in_webhook: bool,
    /// Inside a callback.
    pub in_callback: bool,
    /// Reached from `paths`/`webhooks` (false in the component sweep).
    pub reachable: bool,
}

/// A server object (of the document, a path item, an operation or a link).
#[derive(Debug)]
pub struct ServerSite<'a> {
    /// `/servers/0`, `/paths/~1pets/get/servers/0`, ….
    pub pointer: String,
    /// The server.
    pub server: &'a Server,
    /// Inside a 3.1 webhook.
    pub in_webhook: bool,
    /// Inside a callback.
    pub in_callback: bool,
}

/// A schema node.
#[derive(Debug)]
pub struct SchemaNode<'a> {
    /// Pointer of the schema node (at its definition when reached through `$ref`).
    pub pointer: String,
    /// The schema.
    pub schema: &'a Schema,
    /// Who reads the data, relative to the API owner; `None` for components reached from
    /// no operation (the component sweep).
    pub direction: Option<Direction>,
    /// The literal HTTP message side (request/response) regardless of webhook flips; for
    /// `readOnly`/`writeOnly`.
    pub http_message: Option<Direction>,
    /// Its position in the parent (property, items, media type, parameter, …).
    pub role: SchemaRole<'a>,
    /// A required property, or the schema of a required parameter/body.
    pub required: bool,
    /// Pointer of the enclosing operation, if any.
    pub operation: Option<String>,
    /// The data never appears here: the node is (or is inside) a `readOnly` schema of a
    /// request message or a `writeOnly` schema of a response message. A component walked
    /// once per direction takes this from its first usage.
    pub never_sent: bool,
}

/// A media type of a `content` map (request body, response, parameter or header).
#[derive(Debug)]
pub struct MediaTypeSite<'a> {
    /// `/paths/~1pets/post/requestBody/content/application~1json` (at its definition when
    /// reached through `$ref`).
    pub pointer: String,
    /// The media type key (`application/json`).
    pub key: &'a str,
    /// The media type object.
    pub media: &'a MediaType,
    /// Who reads the data; `None` in the component sweep.
    pub direction: Option<Direction>,
    /// The literal HTTP message side (for `readOnly`/`writeOnly`).
    pub http_message: Option<Direction>,
}

/// A parameter (operation- or path-level, or a component).
#[derive(Debug)]
pub struct ParameterSite<'a> {
    /// Pointer of the parameter (at its definition when reached through `$ref`).
    pub pointer: String,
    /// The parameter.
    pub parameter: &'a Parameter,
    /// Who reads it; `None` in the component sweep.
    pub direction: Option<Direction>,
    /// The literal HTTP message side.
    pub http_message: Option<Direction>,
}

/// A header of a response or an encoding (or a component).
#[derive(Debug)]
pub struct HeaderSite<'a> {
    /// Pointer of the header (at its definition when reached through `$ref`).
    pub pointer: String,
    /// The header name (the referencing name when reached by `$ref`).
    pub name: &'a str,
    /// The header.
    pub header: &'a Header,
    /// Who reads it; `None` in the component sweep.
    pub direction: Option<Direction>,
    /// The literal HTTP message side.
    pub http_message: Option<Direction>,
}

/// Something a browser would run, found in a text field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Markup {
    /// A `<script` tag (any case).
    ScriptTag,
    /// A call of `eval(`.
    Eval,
}

/// A `description`, `summary` or `title` that contains [`Markup`].
#[derive(Debug)]
pub struct MarkupHit<'a> {
    /// Pointer of the text field (`/info/description`).
    pub pointer: String,
    /// The field's name (`description`, `summary`, `title`).
    pub field: &'static str,
    /// What was found.
    pub markup: Markup,
    /// The whole text.
    pub text: &'a str,
}

/// Operations, schemas and `$ref` usages of one spec.
#[derive(Debug, Default)]
pub struct Index<'a> {
    /// Every server object, in walk order.
    pub servers: Vec<ServerSite<'a>>,
    /// Every path item, in walk order (a `$ref`'d one once per polarity).
    pub path_items: Vec<PathItemSite<'a>>,
    /// Every operation, in walk order.
    pub operations: Vec<OperationSite<'a>>,
    /// Every schema node, in walk order (a `$ref`'d component once per direction).
    pub schemas: Vec<SchemaNode<'a>>,
    /// Every media type, in walk order (inside a `$ref`'d component once per direction).
    pub media_types: Vec<MediaTypeSite<'a>>,
    /// Every parameter, in walk order (a `$ref`'d component once per direction).
    pub parameters: Vec<ParameterSite<'a>>,
    /// Every header, in walk order (a `$ref`'d component once per direction).
    pub headers: Vec<HeaderSite<'a>>,
    /// Text fields (`description`, `summary`, `title`) anywhere in the model that contain a
    /// `<script` tag or an `eval(` call (each field once).
    pub markup: Vec<MarkupHit<'a>>,
    /// Who references which component.
    pub refs: RefIndex,
}

impl<'a> Index<'a> {
    /// Walks the spec once.
    pub fn build(spec: &'a Spec) -> Self {
        let mut collect = Collect::default();
        let mut pair: (RefIndexBuilder<'_>, &mut Collect<'a>) =
            (RefIndex::builder(spec), &mut collect);
        walk(spec, &mut pair);
        let refs = pair.0.finish();
        Index {
            servers: collect.servers,
            path_items: collect.path_items,
            operations: collect.operations,
            schemas: collect.schemas,
            media_types: collect.media_types,
            parameters: collect.parameters,
            headers: collect.headers,
            markup: collect.markup,
            refs,
        }
    }

    /// The pointers of every `$ref` to the component `pointer` lies in (empty when the node
    /// is not inside a component).
    pub fn via(&self, pointer: &str) -> &[String] {
        component_of(pointer).map_or(&[], |c| self.refs.usages(c))
    }

    /// Like [`via`](Self::via), only the usages reached in `direction` (a finding about what
    /// the server accepts lists the request-side usages; `None`: every usage).
    pub fn via_in<'s>(
        &'s self,
        pointer: &'s str,
        direction: Option<Direction>,
    ) -> impl Iterator<Item = &'s String> + 's {
        component_of(pointer)
            .into_iter()
            .flat_map(move |c| self.refs.usages_in(c, direction))
    }
}

/// `/components/<kind>/<name>` of a pointer inside a component.
pub fn component_of(pointer: &str) -> Option<&str> {
    let rest = pointer.strip_prefix("/components/")?;
    let kind_end = rest.find('/')?;
    let after = &rest[kind_end + 1..];
    let name_end = after.find('/').unwrap_or(after.len());
    let len = "/components/".len() + kind_end + 1 + name_end;
    Some(&pointer[..len])
}

#[derive(Default)]
struct Collect<'a> {
    servers: Vec<ServerSite<'a>>,
    path_items: Vec<PathItemSite<'a>>,
    operations: Vec<OperationSite<'a>>,
    schemas: Vec<SchemaNode<'a>>,
    /// One entry per schema being visited: whether the data is never sent from there down.
    never_sent: Vec<bool>,
    media_types: Vec<MediaTypeSite<'a>>,
    parameters: Vec<ParameterSite<'a>>,
    headers: Vec<HeaderSite<'a>>,
    markup: Vec<MarkupHit<'a>>,
    /// Indexes in `path_items` of the enclosing path items, innermost last (callbacks nest
    /// path items; there is no leave callback, so stale entries are dropped lazily).
    path_item_stack: Vec<usize>,
    /// Pointers of text fields already scanned (components are walked once per direction).
    markup_seen: std::collections::HashSet<String>,
}

impl<'a> Collect<'a> {
    /// Scans one text field of the node at `ctx.pointer`.
    fn text(&mut self, ctx: &Ctx<'_>, field: &'static str, text: Option<&'a str>) {
        let Some(text) = text else { return };
        let Some(markup) = find_markup(text) else {
            return;
        };
        let pointer = pactum_spec::pointer::push(ctx.pointer, field);
        if self.markup_seen.insert(pointer.clone()) {
            self.markup.push(MarkupHit {
                pointer,
                field,
                markup,
                text,
            });
        }
    }

    fn external_docs(&mut self, ctx: &Ctx<'_>, docs: Option<&'a ExternalDocumentation>) {
        let Some(text) = docs.and_then(|d| d.description.as_deref()) else {
            return;
        };
        if let Some(markup) = find_markup(text) {
            let pointer = format!("{}/externalDocs/description", ctx.pointer);
            if self.markup_seen.insert(pointer.clone()) {
                self.markup.push(MarkupHit {
                    pointer,
                    field: "description",
                    markup,
                    text,
                });
            }
        }
    }
}

/// The first kind of [`Markup`] in `text`: `<script` (ASCII case-insensitive) or `eval(`
/// (spaces allowed before the parenthesis, not preceded by an identifier character).
pub fn find_markup(text: &str) -> Option<Markup> {
    if has_script_tag(text.as_bytes()) {
        return Some(Markup::ScriptTag);
    }
    if has_eval_call(text) {
        return Some(Markup::Eval);
    }
    None
}

fn has_script_tag(bytes: &[u8]) -> bool {
    bytes
        .windows(7)
        .any(|w| w[0] == b'<' && w[1..].eq_ignore_ascii_case(b"script"))
}

fn has_eval_call(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = text[from..].find("eval") {
        let at = from + i;
        from = at + 4;
        let boundary = at == 0 || {
            let b = bytes[at - 1];
            !(b.is_ascii_alphanumeric() || b == b'_' || b == b'$')
        };
        let rest = text[from..].trim_start_matches([' ', '\t']);
        if boundary && rest.starts_with('(') {
            return true;
        }
    }
    false
}

impl<'a> Visitor<'a> for Collect<'a> {
    fn visit_document(&mut self, ctx: &Ctx<'_>, spec: &'a Spec) {
        self.external_docs(ctx, spec.openapi.external_docs.as_ref());
    }

    fn visit_info(&mut self, ctx: &Ctx<'_>, info: &'a Info) {
        self.text(ctx, "title", Some(&info.title));
        self.text(ctx, "description", info.description.as_deref());
        let summary = info
            .extensions
            .get("x-pactum-summary")
            .and_then(|v| v.as_str());
        self.text(ctx, "summary", summary);
    }

    fn visit_server(&mut self, ctx: &Ctx<'_>, server: &'a Server) {
        self.text(ctx, "description", server.description.as_deref());
        self.servers.push(ServerSite {
            pointer: ctx.pointer.to_string(),
            server,
            in_webhook: ctx.in_webhook,
            in_callback: ctx.in_callback,
        });
    }

    fn visit_server_variable(&mut self, ctx: &Ctx<'_>, _: &'a str, variable: &'a ServerVariable) {
        self.text(ctx, "description", variable.description.as_deref());
    }

    fn visit_tag(&mut self, ctx: &Ctx<'_>, tag: &'a Tag) {
        self.text(ctx, "description", tag.description.as_deref());
        self.external_docs(ctx, tag.external_docs.as_ref());
    }

    fn visit_path_item(&mut self, ctx: &Ctx<'_>, key: &'a str, item: &'a PathItem) {
        self.text(ctx, "summary", item.summary.as_deref());
        self.text(ctx, "description", item.description.as_deref());
        self.path_item_stack.push(self.path_items.len());
        self.path_items.push(PathItemSite {
            pointer: ctx.pointer.to_string(),
            key,
            item,
            in_webhook: ctx.in_webhook,
            in_callback: ctx.in_callback,
            reachable: ctx.reachable,
        });
    }

    fn visit_parameter(&mut self, ctx: &Ctx<'_>, parameter: &'a Parameter) {
        let data = parameter.parameter_data_ref();
        self.text(ctx, "description", data.description.as_deref());
        self.parameters.push(ParameterSite {
            pointer: ctx.pointer.to_string(),
            parameter,
            direction: ctx.direction,
            http_message: ctx.http_message(),
        });
    }

    fn visit_request_body(&mut self, ctx: &Ctx<'_>, body: &'a RequestBody) {
        self.text(ctx, "description", body.description.as_deref());
    }

    fn visit_response(&mut self, ctx: &Ctx<'_>, _: ResponseKey<'a>, response: &'a Response) {
        self.text(ctx, "description", Some(&response.description));
    }

    fn visit_header(&mut self, ctx: &Ctx<'_>, name: &'a str, header: &'a Header) {
        self.text(ctx, "description", header.description.as_deref());
        self.headers.push(HeaderSite {
            pointer: ctx.pointer.to_string(),
            name,
            header,
            direction: ctx.direction,
            http_message: ctx.http_message(),
        });
    }

    fn visit_media_type(&mut self, ctx: &Ctx<'_>, key: &'a str, media: &'a MediaType) {
        self.media_types.push(MediaTypeSite {
            pointer: ctx.pointer.to_string(),
            key,
            media,
            direction: ctx.direction,
            http_message: ctx.http_message(),
        });
    }

    fn visit_example(&mut self, ctx: &Ctx<'_>, _: &'a str, example: &'a Example) {
        self.text(ctx, "summary", example.summary.as_deref());
        self.text(ctx, "description", example.description.as_deref());
    }

    fn visit_link(&mut self, ctx: &Ctx<'_>, _: &'a str, link: &'a Link) {
        self.text(ctx, "description", link.description.as_deref());
    }

    fn visit_security_scheme(&mut self, ctx: &Ctx<'_>, _: &'a str, scheme: &'a SecurityScheme) {
        let description = match scheme {
            SecurityScheme::APIKey { description, .. }
            | SecurityScheme::HTTP { description, .. }
            | SecurityScheme::OAuth2 { description, .. }
            | SecurityScheme::OpenIDConnect { description, .. } => description.as_deref(),
        };
        self.text(ctx, "description", description);
    }

    fn visit_operation(&mut self, ctx: &Ctx<'_>, method: &'a str, operation: &'a Operation) {
        self.text(ctx, "summary", operation.summary.as_deref());
        self.text(ctx, "description", operation.description.as_deref());
        self.external_docs(ctx, operation.external_docs.as_ref());
        // The path item is the innermost one whose pointer the operation's extends by
        // `/<method>`.
        let parent = ctx
            .pointer
            .strip_suffix(method)
            .and_then(|p| p.strip_suffix('/'));
        while let Some(&i) = self.path_item_stack.last() {
            if Some(self.path_items[i].pointer.as_str()) == parent {
                break;
            }
            self.path_item_stack.pop();
        }
        let path_item = self
            .path_item_stack
            .last()
            .map(|&i| self.path_items[i].item);
        self.operations.push(OperationSite {
            pointer: ctx.pointer.to_string(),
            path: ctx
                .operation
                .map_or_else(String::new, |o| o.path.to_string()),
            method,
            operation,
            path_item,
            in_webhook: ctx.in_webhook,
            in_callback: ctx.in_callback,
            reachable: ctx.reachable,
        });
    }

    fn visit_schema(
        &mut self,
        ctx: &Ctx<'_>,
        schema: &'a Schema,
        site: &pactum_spec::SchemaSite<'a>,
    ) {
        let data = &schema.schema_data;
        let own = match ctx.http_message() {
            Some(Direction::Request) => data.read_only,
            Some(Direction::Response) => data.write_only,
            None => false,
        };
        let never_sent = own || self.never_sent.last().copied().unwrap_or(false);
        self.never_sent.push(never_sent);
        self.text(ctx, "title", data.title.as_deref());
        self.text(ctx, "description", data.description.as_deref());
        self.external_docs(ctx, data.external_docs.as_ref());
        self.schemas.push(SchemaNode {
            pointer: ctx.pointer.to_string(),
            schema,
            direction: ctx.direction,
            http_message: ctx.http_message(),
            role: site.role,
            required: site.required,
            operation: ctx.operation.map(|o| o.pointer.to_string()),
            never_sent,
        });
    }

    fn leave_schema(
        &mut self,
        _ctx: &Ctx<'_>,
        _schema: &'a Schema,
        _site: &pactum_spec::SchemaSite<'a>,
    ) {
        self.never_sent.pop();
    }
}

/// What schema composition adds to a schema's own keywords, for rules that ask "is this
/// bounded?" (see [`Context::composition`](crate::Context::composition)). Built once, lazily,
/// from the [`Index`].
///
/// - In an `allOf` composition every member (the composing schema and its branches,
///   flattened through nested `allOf`s and `$ref`s) constrains every other member, and every
///   declaration of a property constrains the other declarations of the same name: a
///   property bounded in one branch is bounded.
/// - A member reached through a `$ref` to a component that is also used outside `allOf`
///   (e.g. as a request body on its own) is not given the composition's constraints: there
///   the component stands alone.
/// - An inline `anyOf`/`oneOf` branch is constrained by its parent (a 3.1 `type: [string,
///   integer]` with `maxLength` becomes such an `anyOf`).
#[derive(Debug, Default)]
pub struct Composition<'a> {
    /// Schema address → other schemas whose constraints also apply to it.
    extra: HashMap<usize, Vec<&'a Schema>>,
    /// Addresses of schemas used as an `allOf` branch next to another object member.
    all_of_branches: HashSet<usize>,
    /// Addresses of `oneOf`/`anyOf` unions whose every branch is an `enum` or `const` (the
    /// 3.1 way of documenting each value).
    enum_unions: HashSet<usize>,
}

fn addr(s: &Schema) -> usize {
    std::ptr::from_ref(s) as usize
}

/// The `allOf`, `anyOf` and `oneOf` lists of a schema (empty slices when it has none).
pub fn combinators(s: &Schema) -> [&[ReferenceOr<Schema>]; 3] {
    match &s.schema_kind {
        SchemaKind::AllOf { all_of } => [all_of, &[], &[]],
        SchemaKind::AnyOf { any_of } => [&[], any_of, &[]],
        SchemaKind::OneOf { one_of } => [&[], &[], one_of],
        SchemaKind::Any(a) => [&a.all_of, &a.any_of, &a.one_of],
        _ => [&[], &[], &[]],
    }
}

/// The `properties` of an object (typed or untyped) schema.
pub fn properties(s: &Schema) -> Option<&IndexMap<String, ReferenceOr<Box<Schema>>>> {
    match &s.schema_kind {
        SchemaKind::Type(Type::Object(o)) => Some(&o.properties),
        SchemaKind::Any(a) => Some(&a.properties),
        _ => None,
    }
}

const MAX_FLATTEN: usize = 16;

impl<'a> Composition<'a> {
    /// Indexes the compositions among `index`'s schemas.
    pub fn build(spec: &'a Spec, index: &Index<'a>) -> Self {
        let mut c = Composition::default();
        let mut seen = HashSet::new();
        let mut standalone: HashMap<&'a str, bool> = HashMap::new();
        let mut members: Vec<(&'a Schema, bool)> = Vec::new();
        for node in &index.schemas {
            let s = node.schema;
            if !seen.insert(addr(s)) {
                continue;
            }
            let [all_of, any_of, one_of] = combinators(s);
            for b in any_of.iter().chain(one_of) {
                if let ReferenceOr::Item(b) = b {
                    c.extra.entry(addr(b)).or_default().push(s);
                }
            }
            for union in [any_of, one_of] {
                let enumerated = !union.is_empty()
                    && union
                        .iter()
                        .all(|b| resolve_or(spec, b).is_some_and(has_enum));
                if enumerated {
                    c.enum_unions.insert(addr(s));
                }
            }
            if all_of.is_empty() {
                continue;
            }
            members.clear();
            flatten(spec, index, s, false, 0, &mut standalone, &mut members);
            // Branches of a composition that merges two or more objects (a lone `allOf`
            // wrapper around a `$ref` merges nothing).
            if members.iter().filter(|(m, _)| object_like(m)).count() >= 2 {
                for b in all_of {
                    if let Some(b) = resolve_or(spec, b) {
                        c.all_of_branches.insert(addr(b));
                    }
                }
            }
            c.relate(&members);
            let mut by_name: IndexMap<&'a str, Vec<(&'a Schema, bool)>> = IndexMap::new();
            for &(m, shared) in &members {
                for (name, p) in properties(m).into_iter().flatten() {
                    if let Some(p) = resolve_boxed(spec, p) {
                        by_name.entry(name.as_str()).or_default().push((p, shared));
                    }
                }
            }
            for decls in by_name.values().filter(|d| d.len() > 1) {
                c.relate(decls);
            }
        }
        c
    }

    /// Every unshared schema of `group` is constrained by the others.
    fn relate(&mut self, group: &[(&'a Schema, bool)]) {
        for (i, &(m, shared)) in group.iter().enumerate() {
            if shared {
                continue;
            }
            let extra = self.extra.entry(addr(m)).or_default();
            for (j, &(o, _)) in group.iter().enumerate() {
                if i != j && addr(o) != addr(m) {
                    extra.push(o);
                }
            }
        }
    }

    /// True when `pred` holds for `s` or for a schema whose constraints apply to it through
    /// composition (two levels deep).
    pub fn any(&self, s: &Schema, pred: impl Fn(&Schema) -> bool) -> bool {
        if pred(s) {
            return true;
        }
        let Some(extra) = self.extra.get(&addr(s)) else {
            return false;
        };
        extra.iter().any(|e| {
            pred(e)
                || self
                    .extra
                    .get(&addr(e))
                    .is_some_and(|more| more.iter().any(|m| pred(m)))
        })
    }

    /// True when `s` (or a schema whose constraints apply to it) has an `enum` (3.1 `const`
    /// included), or is a `oneOf`/`anyOf` of such schemas.
    pub fn enumerated(&self, s: &Schema) -> bool {
        self.any(s, |x| has_enum(x) || self.enum_unions.contains(&addr(x)))
    }

    /// True when `s` is an `allOf` branch somewhere (inline, or a component some `allOf`
    /// references) next to another object member: closing it would reject the other
    /// members' properties.
    pub fn is_all_of_branch(&self, s: &Schema) -> bool {
        self.all_of_branches.contains(&addr(s))
    }
}

/// Pushes `s` and, recursively, its `allOf` branches with whether each is shared (reached
/// through a component that is also used outside `allOf`).
fn flatten<'a>(
    spec: &'a Spec,
    index: &Index<'a>,
    s: &'a Schema,
    shared: bool,
    depth: usize,
    standalone: &mut HashMap<&'a str, bool>,
    out: &mut Vec<(&'a Schema, bool)>,
) {
    if depth > MAX_FLATTEN || out.iter().any(|(m, _)| addr(m) == addr(s)) {
        return;
    }
    out.push((s, shared));
    for b in combinators(s)[0] {
        match b {
            ReferenceOr::Item(b) => flatten(spec, index, b, shared, depth + 1, standalone, out),
            ReferenceOr::Reference { reference } => {
                let Some((name, b)) = resolve::<Schema>(spec, reference) else {
                    continue;
                };
                let alone = *standalone.entry(name).or_insert_with(|| {
                    let pointer = ComponentKind::Schemas.pointer(name);
                    index
                        .refs
                        .usages(&pointer)
                        .iter()
                        .any(|u| !is_all_of_usage(u))
                });
                flatten(spec, index, b, shared || alone, depth + 1, standalone, out);
            }
        }
    }
}

/// `type: object`, or declares `properties`.
fn object_like(s: &Schema) -> bool {
    type_name(s) == Some("object") || properties(s).is_some_and(|p| !p.is_empty())
}

/// `…/allOf/<n>`.
fn is_all_of_usage(pointer: &str) -> bool {
    let Some((rest, last)) = pointer.rsplit_once('/') else {
        return false;
    };
    !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()) && rest.ends_with("/allOf")
}

#[cfg(test)]
mod tests {
    use crate::testing::spec_from_yaml;

    #[test]
    fn operations_know_their_path_item_through_callbacks() {
        let spec = spec_from_yaml(
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /a:
    servers: [{url: 'https://a.example'}]
    parameters: [{name: x, in: query, schema: {type: string}}]
    get:
      callbacks:
        done:
          '{$request.query.cb}':
            servers: [{url: 'https://cb.example'}]
            post: {responses: {'200': {description: OK}}}
      responses: {'200': {description: OK}}
    post: {responses: {'200': {description: OK}}}
  /b:
    get: {responses: {'200': {description: OK}}}
"#,
        );
        let index = super::Index::build(&spec);
        let servers = |i: usize| {
            index.operations[i]
                .path_item
                .map(|p| p.servers.iter().map(|s| s.url.as_str()).collect::<Vec<_>>())
        };
        let pointers: Vec<_> = index
            .operations
            .iter()
            .map(|o| o.pointer.as_str())
            .collect();
        assert_eq!(
            pointers,
            [
                "/paths/~1a/get",
                "/paths/~1a/get/callbacks/done/{$request.query.cb}/post",
                "/paths/~1a/post",
                "/paths/~1b/get",
            ]
        );
        assert_eq!(servers(0), Some(vec!["https://a.example"]));
        assert_eq!(servers(1), Some(vec!["https://cb.example"]));
        assert_eq!(servers(2), Some(vec!["https://a.example"]));
        assert_eq!(servers(3), Some(vec![]));
        assert!(index.operations[1].in_callback);
        let params: Vec<_> = index
            .parameters
            .iter()
            .map(|p| (p.pointer.as_str(), p.direction))
            .collect();
        assert_eq!(
            params,
            [("/paths/~1a/parameters/0", Some(super::Direction::Request))]
        );
        let servers: Vec<_> = index
            .servers
            .iter()
            .map(|s| (s.pointer.as_str(), s.in_callback))
            .collect();
        assert_eq!(
            servers,
            [
                ("/paths/~1a/servers/0", false),
                (
                    "/paths/~1a/get/callbacks/done/{$request.query.cb}/servers/0",
                    true
                ),
            ]
        );
    }
}
