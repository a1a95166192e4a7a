//! Paths → [`Operation`]s: parameters, request bodies, responses and security of every
//! selected operation, with their types registered in the [`TypeSpace`].

use indexmap::IndexMap;
use openapiv3::{
    APIKeyLocation, MediaType, OpenAPI, Parameter, ParameterSchemaOrContent, PathItem, PathStyle,
    QueryStyle, ReferenceOr, RequestBody, Response, SecurityScheme, StatusCode,
};

use crate::error::Error;
use crate::model::{Kind, Prim, Shape, Ty};
use crate::naming::{pascal, snake, Namer};
use crate::pointer::{push, segment};
use crate::schemas::{Site, TypeSpace};

/// Where a parameter is (mirrors `pactum::server::Location`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// Path.
    Path,
    /// Query.
    Query,
    /// Header.
    Header,
    /// Cookie.
    Cookie,
}

/// The JSON type a parameter's text stands for (mirrors `pactum::server::Scalar`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scalar {
    /// String.
    String,
    /// Integer.
    Integer,
    /// Number.
    Number,
    /// Boolean.
    Boolean,
}

/// How a parameter's value travels (mirrors `pactum::server::Shape`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wire {
    /// One value.
    Scalar(Scalar),
    /// A list.
    Array(Scalar),
    /// An object.
    Object,
}

/// A parameter of an operation.
#[derive(Debug, Clone)]
pub struct Param {
    /// Its name in the contract.
    pub name: String,
    /// The request struct field.
    pub field: String,
    /// Where it is.
    pub location: Location,
    /// Required.
    pub required: bool,
    /// Its type and constraints.
    pub shape: Shape,
    /// Its wire form.
    pub wire: Wire,
    /// `style` (as the runtime's `Style` variant name).
    pub style: &'static str,
    /// `explode`.
    pub explode: bool,
    /// Doc lines.
    pub doc: Vec<String>,
}

/// How a body of one media type is decoded/encoded.
#[derive(Debug, Clone, PartialEq)]
pub enum Codec {
    /// JSON (`application/json`, `*+json`).
    Json,
    /// `application/x-www-form-urlencoded`, with each property's scalar type, whether it is
    /// an array, and whether that array is exploded (`encoding.<name>.explode`).
    Form(Vec<(String, Scalar, bool, bool)>),
    /// `multipart/form-data`: typed (the parts of the body's object type) when the request
    /// body's schema is an object with properties, else untyped (`pactum::MultipartForm`,
    /// empty list).
    Multipart(Vec<PartField>),
    /// `text/*`.
    Text,
    /// Anything else: raw bytes.
    Bytes,
}

/// One property of a typed multipart body (mirrors `pactum::PartSpec`).
#[derive(Debug, Clone, PartialEq)]
pub struct PartField {
    /// The property name.
    pub name: String,
    /// `pactum::PartKind` variant name.
    pub kind: &'static str,
    /// An array: one part per item.
    pub array: bool,
    /// `encoding.<name>.contentType`.
    pub content_type: Option<String>,
}

/// A body of one media type.
#[derive(Debug, Clone)]
pub struct Content {
    /// The media type (may be a range such as `image/*`).
    pub media: String,
    /// The enum variant name when there are several.
    pub variant: String,
    /// The codec.
    pub codec: Codec,
    /// The type (for JSON and forms).
    pub shape: Option<Shape>,
}

/// The request body of an operation.
#[derive(Debug, Clone)]
pub struct Body {
    /// Required.
    pub required: bool,
    /// One entry per media type.
    pub contents: Vec<Content>,
    /// Default body limit in bytes.
    pub limit: usize,
}

/// Which statuses a response variant covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// One status code.
    Code(u16),
    /// `1XX` … `5XX`.
    Range(u16),
    /// `default`.
    Default,
}

/// A response header.
#[derive(Debug, Clone)]
pub struct Header {
    /// Its name.
    pub name: String,
    /// The variant field.
    pub field: String,
    /// Its type.
    pub shape: Shape,
    /// Required.
    pub required: bool,
    /// Doc lines.
    pub doc: Vec<String>,
}

/// One variant of an operation's response enum.
#[derive(Debug, Clone)]
pub struct ResponseVariant {
    /// The statuses it covers.
    pub status: Status,
    /// The variant name.
    pub name: String,
    /// The body, if the response has one.
    pub content: Option<Content>,
    /// Declared headers.
    pub headers: Vec<Header>,
    /// Doc lines (the response's description).
    pub doc: Vec<String>,
}

/// A security scheme an operation accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scheme {
    /// Bearer token (HTTP bearer, OAuth2, OpenID Connect).
    Bearer(String),
    /// HTTP basic.
    Basic(String),
    /// API key: scheme name, location, key name.
    ApiKey(String, Location, String),
}

/// Where an operation comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// An operation of `paths` (the API).
    Path,
    /// An operation of a 3.1 webhook, by the webhook's name.
    Webhook(String),
    /// An operation of a callback of a path operation.
    Callback {
        /// The `operationId` (or derived id) of the operation declaring the callback.
        operation: String,
        /// The callback's name.
        name: String,
        /// The callback's URL expression (`{$request.query.callbackUrl}/data`).
        expression: String,
    },
}

/// An operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// `operationId` (or one derived from method and path).
    pub id: String,
    /// The trait method name.
    pub method_name: String,
    /// Prefix of its types (`CreatePet` → `CreatePetRequest`, `CreatePetResponse`).
    pub type_prefix: String,
    /// Upper-case HTTP method.
    pub method: String,
    /// The path template.
    pub path: String,
    /// JSON pointer of the operation.
    pub pointer: String,
    /// Doc lines (summary, description).
    pub doc: Vec<String>,
    /// Parameters.
    pub params: Vec<Param>,
    /// Request body.
    pub body: Option<Body>,
    /// Response variants.
    pub responses: Vec<ResponseVariant>,
    /// Accepted security schemes (empty: none).
    pub security: Vec<Scheme>,
    /// Whether the request may also come without credentials.
    pub security_optional: bool,
    /// Tags.
    pub tags: Vec<String>,
    /// Paths, webhooks or callbacks. For webhooks and callbacks, `path` is the route the
    /// receiver mounts the operation at (see [`collect_webhooks`]).
    pub origin: Origin,
}

/// The namespace of trait and client method names (and of the `handle_<name>` functions),
/// shared by the operations of `paths`, webhooks and callbacks.
pub fn method_namer() -> Namer {
    // `authenticate` is the server trait's hook; the others are the generated client's and
    // sender's methods.
    Namer::with_reserved(&[
        "authenticate",
        "new",
        "with_config",
        "from_inner",
        "inner",
        "with_secret",
    ])
}

/// Collects the operations of every path (in contract order) for which `keep` is true.
pub fn collect(
    api: &OpenAPI,
    space: &mut TypeSpace,
    keep: &dyn Fn(&str, &[String]) -> bool,
    errors: &mut Vec<Error>,
) -> Vec<Operation> {
    collect_with(api, space, keep, errors, &mut method_namer())
}

/// [`collect`] with the method namespace shared with [`collect_webhooks`].
pub fn collect_with(
    api: &OpenAPI,
    space: &mut TypeSpace,
    keep: &dyn Fn(&str, &[String]) -> bool,
    errors: &mut Vec<Error>,
    method_names: &mut Namer,
) -> Vec<Operation> {
    let mut ops = Vec::new();
    for (path, item) in api.paths.iter() {
        let ReferenceOr::Item(item) = item else {
            errors.push(Error {
                pointer: format!("/paths/{}", segment(path)),
                message: "a path item `$ref` was not resolved by the loader".to_owned(),
                location: None,
            });
            continue;
        };
        for (method, op) in item.iter() {
            let pointer = format!("/paths/{}/{method}", segment(path));
            let id = op
                .operation_id
                .clone()
                .unwrap_or_else(|| format!("{method}{}", pascal(path)));
            if !keep(&id, &op.tags) {
                continue;
            }
            let method_name = method_names.unique(&snake(&id));
            let type_prefix = space_name(space, &pascal(&id));
            let mut b = Builder {
                api,
                space,
                errors,
                prefix: type_prefix.clone(),
                pointer: pointer.clone(),
                webhook: false,
            };
            let params = b.params(
                &item.parameters,
                &op.parameters,
                &format!("/paths/{}", segment(path)),
            );
            let body = op.request_body.as_ref().and_then(|rb| b.body(rb));
            let responses = b.responses(&op.responses);
            let (security, security_optional) =
                b.security(op.security.as_ref().or(api.security.as_ref()));
            let mut doc = summary_doc(op);
            doc.push(format!("`{} {path}`", method.to_uppercase()));
            ops.push(Operation {
                id,
                method_name,
                type_prefix,
                method: method.to_uppercase(),
                path: path.clone(),
                pointer,
                doc,
                params,
                body,
                responses,
                security,
                security_optional,
                tags: op.tags.clone(),
                origin: Origin::Path,
            });
        }
    }
    ops
}

/// Collects the operations of 3.1 `webhooks` (resolving `$ref`s to `components.pathItems`
/// through `path_items`) and of every path operation's `callbacks`, for which `keep` is true
/// (a callback is also kept when the operation declaring it is).
///
/// Each gets a route, its `path`: a webhook is mounted at `/<name>`, a callback at
/// `/<callback name><path after the expression's base>` (`{$request.query.callbackUrl}/data`
/// in callback `onData` → `/onData/data`; runtime expressions inside that path match any
/// segment), prefixed with `/<operationId>` when another webhook or callback already has that
/// route. Characters that cannot appear in a path segment are percent-encoded.
pub fn collect_webhooks(
    api: &OpenAPI,
    webhooks: &IndexMap<String, ReferenceOr<PathItem>>,
    path_items: &IndexMap<String, ReferenceOr<PathItem>>,
    space: &mut TypeSpace,
    keep: &dyn Fn(&str, &[String]) -> bool,
    errors: &mut Vec<Error>,
    method_names: &mut Namer,
) -> Vec<Operation> {
    // (pointer of the path item, route, origin-without-method, default id base, item)
    struct Item<'a> {
        pointer: String,
        route: String,
        qualified: String,
        origin: Origin,
        id_base: String,
        parent: Option<(String, Vec<String>)>,
        item: &'a PathItem,
    }
    let mut items: Vec<Item<'_>> = Vec::new();
    for (name, item) in webhooks {
        let pointer = format!("/webhooks/{}", segment(name));
        let Some(item) = resolve_path_item(path_items, item) else {
            errors.push(Error {
                pointer,
                message: format!("cannot resolve the `$ref` of webhook `{name}` (only `#/components/pathItems/…` is supported)"),
                location: None,
            });
            continue;
        };
        let route = format!("/{}", encode_route(name, false));
        items.push(Item {
            pointer,
            qualified: route.clone(),
            route,
            origin: Origin::Webhook(name.clone()),
            id_base: name.clone(),
            parent: None,
            item,
        });
    }
    for (path, item) in api.paths.iter() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (method, op) in item.iter() {
            let parent_id = op
                .operation_id
                .clone()
                .unwrap_or_else(|| format!("{method}{}", pascal(path)));
            for (cb_name, callback) in &op.callbacks {
                for (expression, cb_item) in callback {
                    let pointer = format!(
                        "/paths/{}/{method}/callbacks/{}/{}",
                        segment(path),
                        segment(cb_name),
                        segment(expression)
                    );
                    let tail = callback_tail(expression);
                    let route = format!("/{}{tail}", encode_route(cb_name, false));
                    let qualified = format!(
                        "/{}/{}{tail}",
                        encode_route(&parent_id, false),
                        encode_route(cb_name, false)
                    );
                    let id_base = if callback.len() > 1 {
                        format!("{parent_id} {cb_name} {}", items.len())
                    } else {
                        format!("{parent_id} {cb_name}")
                    };
                    items.push(Item {
                        pointer,
                        route,
                        qualified,
                        origin: Origin::Callback {
                            operation: parent_id.clone(),
                            name: cb_name.clone(),
                            expression: expression.clone(),
                        },
                        id_base,
                        parent: Some((parent_id.clone(), op.tags.clone())),
                        item: cb_item,
                    });
                }
            }
        }
    }
    let mut routes_used: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut ops = Vec::new();
    for it in items {
        let several = it.item.iter().count() > 1;
        let route = if routes_used.contains(&it.route) {
            it.qualified.clone()
        } else {
            it.route.clone()
        };
        routes_used.insert(route.clone());
        for (method, op) in it.item.iter() {
            let pointer = format!("{}/{method}", it.pointer);
            let id = op.operation_id.clone().unwrap_or_else(|| {
                if several {
                    format!("{} {method}", it.id_base)
                } else {
                    it.id_base.clone()
                }
            });
            let parent_kept = it
                .parent
                .as_ref()
                .is_some_and(|(pid, ptags)| keep(pid, ptags));
            if !parent_kept && !keep(&id, &op.tags) {
                continue;
            }
            let method_name = method_names.unique(&snake(&id));
            let type_prefix = space_name(space, &pascal(&id));
            let mut b = Builder {
                api,
                space,
                errors,
                prefix: type_prefix.clone(),
                pointer: pointer.clone(),
                webhook: true,
            };
            let params = b.params(&it.item.parameters, &op.parameters, &it.pointer);
            for p in params.iter().filter(|p| p.location == Location::Path) {
                b.errors.push(Error {
                    pointer: pointer.clone(),
                    message: format!(
                        "path parameter `{}` is not supported in a webhook or callback: the receiver mounts it at `{route}`",
                        p.name
                    ),
                    location: None,
                });
            }
            let body = op.request_body.as_ref().and_then(|rb| b.body(rb));
            let responses = b.responses(&op.responses);
            // the root `security` is how clients call the API, not how the provider calls you
            let (security, security_optional) = b.security(op.security.as_ref());
            let mut doc = summary_doc(op);
            let upper = method.to_uppercase();
            doc.push(match &it.origin {
                Origin::Webhook(name) => {
                    format!("Webhook `{name}`: `{upper}`, received at `{route}`.")
                }
                Origin::Callback {
                    operation,
                    name,
                    expression,
                } => format!(
                    "Callback `{name}` of `{operation}`: `{upper} {expression}`, received at `{route}`."
                ),
                Origin::Path => String::new(),
            });
            ops.push(Operation {
                id,
                method_name,
                type_prefix,
                method: upper,
                path: route.clone(),
                pointer,
                doc,
                params,
                body,
                responses,
                security,
                security_optional,
                // a callback belongs to its operation: it answers to that operation's tags too
                tags: op
                    .tags
                    .iter()
                    .chain(it.parent.iter().flat_map(|(_, t)| t))
                    .cloned()
                    .collect(),
                origin: it.origin.clone(),
            });
        }
    }
    ops
}

fn resolve_path_item<'a>(
    path_items: &'a IndexMap<String, ReferenceOr<PathItem>>,
    item: &'a ReferenceOr<PathItem>,
) -> Option<&'a PathItem> {
    let mut cur = item;
    for _ in 0..16 {
        match cur {
            ReferenceOr::Item(i) => return Some(i),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/pathItems/")?;
                let name = name.replace("~1", "/").replace("~0", "~");
                cur = path_items.get(&name)?;
            }
        }
    }
    None
}

/// Percent-encodes what cannot stand in an axum route: everything but unreserved characters,
/// sub-delimiters, `:` and `@` (pchar, RFC 3986), and `/` when `slash`; `*` always and `:` at
/// the start of a segment (axum reserves them there).
pub(crate) fn encode_route(text: &str, slash: bool) -> String {
    let mut out = String::new();
    encode_route_into(&mut out, text, slash);
    out
}

/// [`encode_route`] appended to `out` (whose end tells whether a segment starts).
fn encode_route_into(out: &mut String, text: &str, slash: bool) {
    for b in text.bytes() {
        let c = b as char;
        let segment_start = out.is_empty() || out.ends_with('/');
        if c.is_ascii_alphanumeric()
            || "-._~!$&'()+,;=@".contains(c)
            || (c == ':' && !segment_start)
            || (slash && c == '/')
        {
            out.push(c);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
}

/// The path a callback's URL expression appends to its base: after a leading runtime
/// expression (`{$request.query.callbackUrl}/data` → `/data`) or after the scheme and host
/// of an absolute URL; query and fragment dropped; each further runtime expression becomes a
/// route capture (`{x}`), matching any segment.
pub(crate) fn callback_tail(expression: &str) -> String {
    // split into literal text and `{…}` expressions
    let mut parts: Vec<(bool, String)> = Vec::new();
    let mut depth = 0usize;
    let mut cur = String::new();
    for c in expression.chars() {
        match c {
            '{' => {
                if depth == 0 && !cur.is_empty() {
                    parts.push((false, std::mem::take(&mut cur)));
                }
                depth += 1;
                cur.push(c);
            }
            '}' if depth > 0 => {
                depth -= 1;
                cur.push(c);
                if depth == 0 {
                    parts.push((true, std::mem::take(&mut cur)));
                }
            }
            _ => cur.push(c),
        }
    }
    if !cur.is_empty() {
        parts.push((depth > 0, cur));
    }
    let mut rest: &[(bool, String)] = &parts;
    let mut first_literal: Option<String> = None;
    match rest.first() {
        Some((true, _)) => rest = &rest[1..],
        Some((false, text)) => {
            if let Some(after) = text.split_once("://").map(|(_, a)| a) {
                // drop the authority: up to the first `/` of the literal (a runtime
                // expression in the host keeps no path from this literal)
                first_literal = Some(match after.find('/') {
                    Some(i) => after[i..].to_owned(),
                    None => String::new(),
                });
                rest = &rest[1..];
                if first_literal.as_deref() == Some("") {
                    // the host continues with expressions: skip to the first literal `/`
                    while let Some((is_expr, text)) = rest.first() {
                        if *is_expr {
                            rest = &rest[1..];
                        } else if let Some(i) = text.find('/') {
                            first_literal = Some(text[i..].to_owned());
                            rest = &rest[1..];
                            break;
                        } else {
                            rest = &rest[1..];
                        }
                    }
                }
            }
        }
        None => {}
    }
    let mut out = String::new();
    let literals = first_literal
        .into_iter()
        .map(|t| (false, t))
        .chain(rest.iter().cloned());
    'parts: for (is_expr, text) in literals {
        if is_expr {
            out.push_str("{x}");
            continue;
        }
        for c in text.chars() {
            if c == '?' || c == '#' {
                break 'parts;
            }
            let mut buf = [0u8; 4];
            // `/` first: the tail is appended after `/<callback name>`
            if out.is_empty() && c != '/' {
                out.push('/');
            }
            encode_route_into(&mut out, c.encode_utf8(&mut buf), true);
        }
    }
    if !out.is_empty() && !out.starts_with('/') {
        out.insert(0, '/');
    }
    while out.ends_with('/') {
        out.pop();
    }
    out
}

/// Reserves the names `<prefix>Request`, `<prefix>Response`, `<prefix>Body` for an operation.
fn space_name(space: &mut TypeSpace, base: &str) -> String {
    space.reserve_prefix(base)
}

struct Builder<'a> {
    api: &'a OpenAPI,
    space: &'a mut TypeSpace,
    errors: &'a mut Vec<Error>,
    prefix: String,
    pointer: String,
    /// A webhook or callback operation (`event_id` is a field of its options).
    webhook: bool,
}

impl Builder<'_> {
    fn params(
        &mut self,
        path_level: &[ReferenceOr<Parameter>],
        op_level: &[ReferenceOr<Parameter>],
        item_pointer: &str,
    ) -> Vec<Param> {
        let mut all: Vec<(String, Parameter)> = Vec::new();
        let api = self.api;
        for (base, list) in [
            (format!("{item_pointer}/parameters"), path_level),
            (format!("{}/parameters", self.pointer), op_level),
        ] {
            for (i, p) in list.iter().enumerate() {
                let at = format!("{base}/{i}");
                let Some(p) = resolve_parameter(api, p) else {
                    self.errors.push(Error {
                        pointer: at,
                        message: "cannot resolve the parameter `$ref`".to_owned(),
                        location: None,
                    });
                    continue;
                };
                let key = |q: &Parameter| {
                    let d = q.parameter_data_ref();
                    (location_of(q), d.name.clone())
                };
                all.retain(|(_, q)| key(q) != key(p));
                all.push((at, p.clone()));
            }
        }
        let mut fields = if self.webhook {
            // `url` is the sender's first argument, `event_id` a field of its options
            Namer::with_reserved(&["body", "credential", "event_id", "url"])
        } else {
            Namer::with_reserved(&["body", "credential"])
        };
        let mut out = Vec::new();
        for (at, p) in all {
            let data = p.parameter_data_ref();
            let location = location_of(&p);
            if location == Location::Header
                && ["accept", "content-type", "authorization"]
                    .contains(&data.name.to_ascii_lowercase().as_str())
            {
                continue;
            }
            let site = Site::new(
                push(&at, "schema"),
                format!("{}{}", self.prefix, pascal(&data.name)),
            );
            let shape = match &data.format {
                ParameterSchemaOrContent::Schema(s) => self.space.shape(api, s, &site),
                ParameterSchemaOrContent::Content(_) => Shape::of(Ty::Prim(Prim::Json)),
            };
            let wire = wire_of(self.space, &shape);
            let (style, default_explode) = match &p {
                Parameter::Query { style, .. } => match style {
                    QueryStyle::Form => ("Form", true),
                    QueryStyle::SpaceDelimited => ("SpaceDelimited", false),
                    QueryStyle::PipeDelimited => ("PipeDelimited", false),
                    QueryStyle::DeepObject => ("DeepObject", true),
                },
                Parameter::Path { style, .. } => match style {
                    PathStyle::Simple => ("Simple", false),
                    PathStyle::Label => ("Label", false),
                    PathStyle::Matrix => ("Matrix", false),
                },
                Parameter::Header { .. } => ("Simple", false),
                Parameter::Cookie { .. } => ("Form", true),
            };
            out.push(Param {
                name: data.name.clone(),
                field: fields.unique(&snake(&data.name)),
                location,
                required: data.required || location == Location::Path,
                shape,
                wire,
                style,
                explode: data.explode.unwrap_or(default_explode),
                doc: data
                    .description
                    .iter()
                    .flat_map(|d| d.lines().map(str::to_owned))
                    .collect(),
            });
        }
        out
    }

    fn body(&mut self, rb: &ReferenceOr<RequestBody>) -> Option<Body> {
        let api = self.api;
        let at = format!("{}/requestBody", self.pointer);
        let Some(rb) = resolve_request_body(api, rb) else {
            self.errors.push(Error {
                pointer: at,
                message: "cannot resolve the request body `$ref`".to_owned(),
                location: None,
            });
            return None;
        };
        if rb.content.is_empty() {
            return None;
        }
        let contents = self.contents(&rb.content, &format!("{at}/content"), "Body", true);
        let limit = body_limit(api, &rb.content);
        Some(Body {
            required: rb.required,
            contents,
            limit,
        })
    }

    fn contents(
        &mut self,
        content: &IndexMap<String, MediaType>,
        at: &str,
        suffix: &str,
        request: bool,
    ) -> Vec<Content> {
        let api = self.api;
        let mut variants = Namer::default();
        let several = content.len() > 1;
        let mut out = Vec::new();
        for (media, mt) in content {
            let codec = codec_of(media);
            let variant = variants.unique(&variant_of(media, &codec));
            let hint = if several {
                format!("{}{}{suffix}", self.prefix, variant)
            } else {
                format!("{}{suffix}Content", self.prefix)
            };
            let site = Site::new(format!("{at}/{}/schema", segment(media)), hint);
            if let (Codec::Multipart(_), Some(s), true) = (&codec, &mt.schema, request) {
                if let Some((shape, parts)) = self.multipart(s, mt, &site) {
                    out.push(Content {
                        media: media.clone(),
                        variant,
                        codec: Codec::Multipart(parts),
                        shape: Some(shape),
                    });
                    continue;
                }
            }
            let shape = match (&codec, &mt.schema) {
                (Codec::Json, Some(s)) => Some(self.space.shape(api, s, &site)),
                (Codec::Json, None) => Some(Shape::of(Ty::Prim(Prim::Json))),
                (Codec::Form(_), Some(s)) => Some(self.space.shape(api, s, &site)),
                _ => None,
            };
            let codec = match (codec, &shape) {
                (Codec::Form(_), Some(shape)) => Codec::Form(form_fields(self.space, shape, mt)),
                (Codec::Form(_), None) => Codec::Form(Vec::new()),
                (c, _) => c,
            };
            let shape = match (&codec, shape) {
                (Codec::Form(_), None) => Some(Shape::of(Ty::Map(Box::new(Shape::of(Ty::Prim(
                    Prim::Json,
                )))))),
                (_, s) => s,
            };
            out.push(Content {
                media: media.clone(),
                variant,
                codec,
                shape,
            });
        }
        out
    }

    /// A typed multipart body: the object type of `schema` with its `format: binary`
    /// properties (and arrays of them) as `pactum::File`s, and how each property travels.
    /// `None` when the schema is not an object with properties (the body stays untyped).
    /// A component schema with binary properties gets a copy of its type for this body, so
    /// that its other uses keep their JSON form.
    fn multipart(
        &mut self,
        schema: &ReferenceOr<openapiv3::Schema>,
        mt: &MediaType,
        site: &Site,
    ) -> Option<(Shape, Vec<PartField>)> {
        let api = self.api;
        let mut properties = IndexMap::new();
        properties_of(api, resolve_schema(api, schema)?, &mut properties, 0);
        if properties.is_empty() {
            return None;
        }
        let shape = self.space.shape(api, schema, site);
        let Ty::Named(id) = shape.ty else {
            return None;
        };
        let Kind::Struct(fields) = &self.space.defs[id].kind else {
            return None;
        };
        let mut fields = fields.clone();
        let mut parts = Vec::new();
        let mut files = false;
        for f in &mut fields.fields {
            let binary = properties.get(&f.name).and_then(|p| binary_of(api, p));
            match (binary, &f.shape.ty) {
                (Some(false), _) => {
                    files = true;
                    f.shape = Shape {
                        nullable: f.shape.nullable,
                        ..Shape::of(Ty::Prim(Prim::File))
                    };
                }
                (Some(true), Ty::Vec(_)) => {
                    files = true;
                    f.shape.ty = Ty::Vec(Box::new(Shape::of(Ty::Prim(Prim::File))));
                }
                _ => {}
            }
            let (kind, array) = match &f.shape.ty {
                Ty::Vec(item) => (part_kind(self.space, item, 0), true),
                _ => (part_kind(self.space, &f.shape, 0), false),
            };
            parts.push(PartField {
                name: f.name.clone(),
                kind,
                array,
                content_type: mt
                    .encoding
                    .get(&f.name)
                    .and_then(|e| e.content_type.clone()),
            });
        }
        let id = if !files {
            id
        } else if self.space.defs[id].pointer == site.pointer {
            self.space.defs[id].kind = Kind::Struct(fields);
            id
        } else {
            let doc = self.space.defs[id].doc.clone();
            self.space
                .add_def(&site.hint, site.pointer.clone(), doc, Kind::Struct(fields))
        };
        Some((
            Shape {
                ty: Ty::Named(id),
                ..shape
            },
            parts,
        ))
    }

    fn responses(&mut self, responses: &openapiv3::Responses) -> Vec<ResponseVariant> {
        let api = self.api;
        let mut list: Vec<(Status, String, &ReferenceOr<Response>)> = responses
            .responses
            .iter()
            .map(|(code, r)| {
                let status = match code {
                    StatusCode::Code(c) => Status::Code(*c),
                    StatusCode::Range(r) => Status::Range(*r),
                };
                (status, code.to_string(), r)
            })
            .collect();
        if let Some(d) = &responses.default {
            list.push((Status::Default, "default".to_owned(), d));
        }
        let mut names = Namer::default();
        let mut out = Vec::new();
        for (status, key, r) in list {
            let at = format!("{}/responses/{key}", self.pointer);
            let Some(r) = resolve_response(api, r) else {
                self.errors.push(Error {
                    pointer: at,
                    message: "cannot resolve the response `$ref`".to_owned(),
                    location: None,
                });
                continue;
            };
            let base = status_name(status);
            let mut fields = Namer::with_reserved(&["body", "status"]);
            let mut headers = Vec::new();
            for (name, h) in &r.headers {
                if name.eq_ignore_ascii_case("content-type") {
                    continue;
                }
                let Some(h) = resolve_header(api, h) else {
                    continue;
                };
                let site = Site::new(
                    format!("{at}/headers/{}/schema", segment(name)),
                    format!("{}{base}{}", self.prefix, pascal(name)),
                );
                let shape = match &h.format {
                    ParameterSchemaOrContent::Schema(s) => self.space.shape(api, s, &site),
                    ParameterSchemaOrContent::Content(_) => Shape::of(Ty::Prim(Prim::String)),
                };
                self.space.mark_received(&shape);
                headers.push(Header {
                    name: name.clone(),
                    field: fields.unique(&snake(name)),
                    shape,
                    required: h.required,
                    doc: h
                        .description
                        .iter()
                        .flat_map(|d| d.lines().map(str::to_owned))
                        .collect(),
                });
            }
            let doc: Vec<String> = r.description.lines().map(str::to_owned).collect();
            let longer = format!("{}{base}", self.prefix);
            let saved = std::mem::replace(&mut self.prefix, longer);
            let contents = self.contents(&r.content, &format!("{at}/content"), "Body", false);
            self.prefix = saved;
            if contents.is_empty() {
                out.push(ResponseVariant {
                    status,
                    name: names.unique(&base),
                    content: None,
                    headers,
                    doc,
                });
                continue;
            }
            let several = contents.len() > 1;
            for c in contents {
                if let Some(shape) = &c.shape {
                    self.space.mark_received(shape);
                }
                let name = if several {
                    format!("{base}{}", c.variant)
                } else {
                    base.clone()
                };
                out.push(ResponseVariant {
                    status,
                    name: names.unique(&name),
                    content: Some(c),
                    headers: headers.clone(),
                    doc: doc.clone(),
                });
            }
        }
        out
    }

    fn security(
        &mut self,
        requirements: Option<&Vec<openapiv3::SecurityRequirement>>,
    ) -> (Vec<Scheme>, bool) {
        let Some(reqs) = requirements else {
            return (Vec::new(), true);
        };
        let optional = reqs.is_empty() || reqs.iter().any(|r| r.is_empty());
        let defined = self.api.components.as_ref().map(|c| &c.security_schemes);
        let mut schemes = Vec::new();
        for req in reqs {
            for name in req.keys() {
                let scheme = defined.and_then(|d| d.get(name)).and_then(|s| s.as_item());
                let s = match scheme {
                    Some(SecurityScheme::HTTP { scheme, .. })
                        if scheme.eq_ignore_ascii_case("basic") =>
                    {
                        Scheme::Basic(name.clone())
                    }
                    Some(SecurityScheme::HTTP { .. })
                    | Some(SecurityScheme::OAuth2 { .. })
                    | Some(SecurityScheme::OpenIDConnect { .. }) => Scheme::Bearer(name.clone()),
                    Some(SecurityScheme::APIKey {
                        location,
                        name: key,
                        ..
                    }) => {
                        let loc = match location {
                            APIKeyLocation::Query => Location::Query,
                            APIKeyLocation::Header => Location::Header,
                            APIKeyLocation::Cookie => Location::Cookie,
                        };
                        Scheme::ApiKey(name.clone(), loc, key.clone())
                    }
                    None => {
                        self.errors.push(Error {
                            pointer: format!("{}/security", self.pointer),
                            message: format!("security scheme `{name}` is not defined in `components.securitySchemes`"),
                            location: None,
                        });
                        continue;
                    }
                };
                if !schemes.contains(&s) {
                    schemes.push(s);
                }
            }
        }
        (schemes, optional || reqs.is_empty())
    }
}

fn location_of(p: &Parameter) -> Location {
    match p {
        Parameter::Query { .. } => Location::Query,
        Parameter::Header { .. } => Location::Header,
        Parameter::Path { .. } => Location::Path,
        Parameter::Cookie { .. } => Location::Cookie,
    }
}

macro_rules! resolver {
    ($name:ident, $ty:ty, $field:ident, $prefix:literal) => {
        pub(crate) fn $name<'a>(api: &'a OpenAPI, r: &'a ReferenceOr<$ty>) -> Option<&'a $ty> {
            let mut cur = r;
            for _ in 0..16 {
                match cur {
                    ReferenceOr::Item(i) => return Some(i),
                    ReferenceOr::Reference { reference } => {
                        let name = reference.strip_prefix($prefix)?;
                        let name = name.replace("~1", "/").replace("~0", "~");
                        cur = api.components.as_ref()?.$field.get(&name)?;
                    }
                }
            }
            None
        }
    };
}

resolver!(
    resolve_parameter,
    Parameter,
    parameters,
    "#/components/parameters/"
);
resolver!(
    resolve_request_body,
    RequestBody,
    request_bodies,
    "#/components/requestBodies/"
);
resolver!(
    resolve_response,
    Response,
    responses,
    "#/components/responses/"
);
resolver!(
    resolve_header,
    openapiv3::Header,
    headers,
    "#/components/headers/"
);

fn codec_of(media: &str) -> Codec {
    let m = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if m == "application/json" || m.ends_with("+json") || m == "text/json" {
        Codec::Json
    } else if m == "application/x-www-form-urlencoded" {
        Codec::Form(Vec::new())
    } else if m.starts_with("multipart/") {
        Codec::Multipart(Vec::new())
    } else if m.starts_with("text/") {
        Codec::Text
    } else {
        Codec::Bytes
    }
}

fn variant_of(media: &str, codec: &Codec) -> String {
    match codec {
        Codec::Json if media == "application/json" => "Json".to_owned(),
        Codec::Form(_) => "Form".to_owned(),
        Codec::Multipart(_) => "Multipart".to_owned(),
        Codec::Text if media == "text/plain" => "Text".to_owned(),
        Codec::Bytes if media == "application/octet-stream" => "Bytes".to_owned(),
        _ => pascal(media),
    }
}

fn status_name(status: Status) -> String {
    match status {
        Status::Code(c) => match c {
            200 => "Ok",
            201 => "Created",
            202 => "Accepted",
            203 => "NonAuthoritativeInformation",
            204 => "NoContent",
            205 => "ResetContent",
            206 => "PartialContent",
            301 => "MovedPermanently",
            302 => "Found",
            303 => "SeeOther",
            304 => "NotModified",
            307 => "TemporaryRedirect",
            308 => "PermanentRedirect",
            400 => "BadRequest",
            401 => "Unauthorized",
            402 => "PaymentRequired",
            403 => "Forbidden",
            404 => "NotFound",
            405 => "MethodNotAllowed",
            406 => "NotAcceptable",
            408 => "RequestTimeout",
            409 => "Conflict",
            410 => "Gone",
            411 => "LengthRequired",
            412 => "PreconditionFailed",
            413 => "PayloadTooLarge",
            414 => "UriTooLong",
            415 => "UnsupportedMediaType",
            416 => "RangeNotSatisfiable",
            422 => "UnprocessableEntity",
            423 => "Locked",
            428 => "PreconditionRequired",
            429 => "TooManyRequests",
            500 => "InternalServerError",
            501 => "NotImplemented",
            502 => "BadGateway",
            503 => "ServiceUnavailable",
            504 => "GatewayTimeout",
            _ => return format!("Status{c}"),
        }
        .to_owned(),
        Status::Range(r) => format!("Status{r}xx"),
        Status::Default => "Default".to_owned(),
    }
}

/// The wire form of a parameter of this shape.
pub(crate) fn wire_of(space: &TypeSpace, shape: &Shape) -> Wire {
    match &shape.ty {
        Ty::Vec(item) => match wire_of(space, item) {
            Wire::Scalar(s) => Wire::Array(s),
            _ => Wire::Array(Scalar::String),
        },
        Ty::Map(_) => Wire::Object,
        _ => match scalar_of(space, shape, 0) {
            Some(s) => Wire::Scalar(s),
            None => Wire::Object,
        },
    }
}

pub(crate) fn scalar_of(space: &TypeSpace, shape: &Shape, depth: usize) -> Option<Scalar> {
    match &shape.ty {
        Ty::Prim(p) => Some(match p {
            Prim::I32 | Prim::I64 => Scalar::Integer,
            Prim::F32 | Prim::F64 => Scalar::Number,
            Prim::Bool => Scalar::Boolean,
            _ => Scalar::String,
        }),
        Ty::Named(id) if depth < 8 => match &space.defs[*id].kind {
            Kind::Newtype(s) => scalar_of(space, s, depth + 1),
            Kind::Struct(_) => None,
            _ => Some(Scalar::String),
        },
        _ => Some(Scalar::String),
    }
}

/// How a (non-array) property of a typed multipart body travels.
fn part_kind(space: &TypeSpace, shape: &Shape, depth: usize) -> &'static str {
    match &shape.ty {
        Ty::Prim(Prim::I32 | Prim::I64) => "Integer",
        Ty::Prim(Prim::F32 | Prim::F64) => "Number",
        Ty::Prim(Prim::Bool) => "Boolean",
        Ty::Prim(Prim::Json) => "Json",
        Ty::Prim(Prim::File) => "File",
        Ty::Prim(_) => "String",
        Ty::Named(id) if depth < 8 => match &space.defs[*id].kind {
            Kind::StringEnum(_) => "String",
            Kind::Newtype(s) => part_kind(space, s, depth + 1),
            _ => "Json",
        },
        _ => "Json",
    }
}

/// The properties of an object schema, with those of its `allOf` members (the type the
/// `TypeSpace` merges from them).
fn properties_of<'a>(
    api: &'a OpenAPI,
    s: &'a openapiv3::Schema,
    out: &mut IndexMap<String, &'a ReferenceOr<Box<openapiv3::Schema>>>,
    depth: usize,
) {
    use openapiv3::{SchemaKind, Type};
    if depth > 8 {
        return;
    }
    let (properties, all_of) = match &s.schema_kind {
        SchemaKind::Type(Type::Object(o)) => (Some(&o.properties), None),
        SchemaKind::Any(a) => (Some(&a.properties), Some(&a.all_of)),
        SchemaKind::AllOf { all_of } => (None, Some(all_of)),
        _ => (None, None),
    };
    for (name, p) in properties.into_iter().flatten() {
        out.entry(name.clone()).or_insert(p);
    }
    for member in all_of.into_iter().flatten() {
        if let Some(m) = resolve_schema(api, member) {
            properties_of(api, m, out, depth + 1);
        }
    }
}

/// The component schema a `$ref` names, following references.
fn by_ref<'a>(api: &'a OpenAPI, reference: &str) -> Option<&'a openapiv3::Schema> {
    let mut reference = reference.to_owned();
    for _ in 0..8 {
        let name = reference
            .strip_prefix("#/components/schemas/")?
            .replace("~1", "/")
            .replace("~0", "~");
        match api.components.as_ref()?.schemas.get(&name)? {
            ReferenceOr::Item(s) => return Some(s),
            ReferenceOr::Reference { reference: next } => reference = next.clone(),
        }
    }
    None
}

/// A schema by reference (components only) or inline.
fn resolve_schema<'a>(
    api: &'a OpenAPI,
    schema: &'a ReferenceOr<openapiv3::Schema>,
) -> Option<&'a openapiv3::Schema> {
    match schema {
        ReferenceOr::Item(item) => Some(item),
        ReferenceOr::Reference { reference } => by_ref(api, reference),
    }
}

/// `Some(false)` for a `type: string, format: binary` schema, `Some(true)` for an array of
/// them, `None` otherwise.
fn binary_of(api: &OpenAPI, schema: &ReferenceOr<Box<openapiv3::Schema>>) -> Option<bool> {
    use openapiv3::{SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};
    fn is_binary(s: &openapiv3::Schema) -> bool {
        match &s.schema_kind {
            SchemaKind::Type(Type::String(t)) => {
                matches!(
                    t.format,
                    VariantOrUnknownOrEmpty::Item(StringFormat::Binary)
                )
            }
            SchemaKind::Any(a) => a.format.as_deref() == Some("binary"),
            _ => false,
        }
    }
    let s = match schema {
        ReferenceOr::Item(s) => s,
        ReferenceOr::Reference { reference } => by_ref(api, reference)?,
    };
    if is_binary(s) {
        return Some(false);
    }
    if let SchemaKind::Type(Type::Array(a)) = &s.schema_kind {
        let item = match a.items.as_ref()? {
            ReferenceOr::Item(s) => s,
            ReferenceOr::Reference { reference } => by_ref(api, reference)?,
        };
        if is_binary(item) {
            return Some(true);
        }
    }
    None
}

/// The scalar type of each property of a form body's object type, whether it is an array,
/// and whether an array is exploded (`encoding.<name>.explode`, `true` by default).
fn form_fields(
    space: &TypeSpace,
    shape: &Shape,
    mt: &MediaType,
) -> Vec<(String, Scalar, bool, bool)> {
    let Ty::Named(id) = shape.ty else {
        return Vec::new();
    };
    let Kind::Struct(s) = &space.defs[id].kind else {
        return Vec::new();
    };
    s.fields
        .iter()
        .map(|f| {
            let explode = mt.encoding.get(&f.name).map(|e| e.explode).unwrap_or(true);
            match wire_of(space, &f.shape) {
                Wire::Scalar(sc) => (f.name.clone(), sc, false, explode),
                Wire::Array(sc) => (f.name.clone(), sc, true, explode),
                Wire::Object => (f.name.clone(), Scalar::String, false, explode),
            }
        })
        .collect()
}

const DEFAULT_LIMIT: usize = 1024 * 1024;
const UPLOAD_LIMIT: usize = 16 * 1024 * 1024;

/// The default body limit: per media type, the `maxLength` declared on a binary upload schema
/// (plus 64 KiB for framing), 1 MiB for structured bodies, 16 MiB for unbounded uploads; the
/// largest of those.
fn body_limit(api: &OpenAPI, content: &IndexMap<String, MediaType>) -> usize {
    content
        .iter()
        .map(|(media, mt)| match codec_of(media) {
            Codec::Bytes | Codec::Multipart(_) => mt
                .schema
                .as_ref()
                .and_then(|s| max_length_in(api, s, 0))
                .map(|n| n + 64 * 1024)
                .unwrap_or(UPLOAD_LIMIT),
            _ => DEFAULT_LIMIT,
        })
        .max()
        .unwrap_or(DEFAULT_LIMIT)
}

fn max_length_in(api: &OpenAPI, s: &ReferenceOr<openapiv3::Schema>, depth: usize) -> Option<usize> {
    use openapiv3::{SchemaKind, Type};
    if depth > 8 {
        return None;
    }
    let s = match s {
        ReferenceOr::Item(s) => s,
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/schemas/")?;
            api.components.as_ref()?.schemas.get(name)?.as_item()?
        }
    };
    match &s.schema_kind {
        SchemaKind::Type(Type::String(t)) => t.max_length,
        SchemaKind::Type(Type::Object(o)) => o
            .properties
            .values()
            .filter_map(|p| max_length_in(api, &p.clone().unbox(), depth + 1))
            .reduce(|a, b| a + b),
        SchemaKind::Any(a) => a.max_length.or_else(|| {
            a.properties
                .values()
                .filter_map(|p| max_length_in(api, &p.clone().unbox(), depth + 1))
                .reduce(|a, b| a + b)
        }),
        _ => None,
    }
}

/// The doc lines of an operation: its summary, then its description, then an empty line
/// (nothing when it has neither).
fn summary_doc(op: &openapiv3::Operation) -> Vec<String> {
    let mut doc = Vec::new();
    if let Some(s) = &op.summary {
        doc.push(s.clone());
    }
    if let Some(d) = &op.description {
        if !doc.is_empty() {
            doc.push(String::new());
        }
        doc.extend(d.lines().map(str::to_owned));
    }
    if !doc.is_empty() {
        doc.push(String::new());
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::callback_tail;

    #[test]
    fn callback_routes() {
        assert_eq!(callback_tail("{$request.query.callbackUrl}/data"), "/data");
        assert_eq!(callback_tail("{$request.body#/callbackUrl}"), "");
        assert_eq!(
            callback_tail("{$request.body#/url}/events/{$request.body#/id}/done?x=1"),
            "/events/{x}/done"
        );
        assert_eq!(
            callback_tail("https://example.com/hooks/{$request.path.id}#frag"),
            "/hooks/{x}"
        );
        assert_eq!(
            callback_tail("http://notificationServer.com?transactionId={$request.body#/id}"),
            ""
        );
        assert_eq!(callback_tail("http://{$request.query.host}/cb"), "/cb");
        assert_eq!(callback_tail("{$request.query.u}/a b:c"), "/a%20b:c");
        assert_eq!(callback_tail("{$request.query.u}/:c/*"), "/%3Ac/%2A");
        assert_eq!(callback_tail("{$request.query.u}x"), "/x");
        assert_eq!(
            super::encode_route("order:created/v1 x", false),
            "order:created%2Fv1%20x"
        );
        assert_eq!(super::encode_route(":a", false), "%3Aa");
    }
}
