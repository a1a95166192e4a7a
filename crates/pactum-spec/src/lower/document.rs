//! The document level: version check, `OpenAPI`, `Info`, servers, tags, paths, path items,
//! operations and callbacks.

use indexmap::IndexMap;
use openapiv3::{
    Callback, Contact, ExternalDocumentation, Info, License, OpenAPI, Operation, PathItem, Paths,
    ReferenceOr, Server, ServerVariable, Tag,
};

use super::context::{extension, At, Cx, Kind, Name};
use super::fields::Slot;
use super::{components, parameters, responses, security, SpecVersion};
use crate::error::LoadErrorKind;
use crate::tree::{Entry, Node};

/// The typed document plus the 3.1 parts that have no place in it.
pub(crate) struct Top {
    pub openapi: OpenAPI,
    pub webhooks: IndexMap<String, ReferenceOr<PathItem>>,
    pub path_items: IndexMap<String, ReferenceOr<PathItem>>,
}

/// Reads the declared version. Any problem is a single `UnsupportedVersion` (or wrong-type)
/// error, after which lowering stops.
pub(crate) fn version(cx: &mut Cx<'_>, root: &Node) -> Option<SpecVersion> {
    let entries = cx.object(root, Name::Doc)?;
    if let Some(e) = entries.iter().find(|e| e.key == "openapi") {
        let text = cx.text_of(&e.value, Name::Key("openapi"))?;
        if let Some(v) = parse_version(&text) {
            return Some(v);
        }
        let help = if text.starts_with('2') {
            "OpenAPI 2 is Swagger 2.0; convert it to OpenAPI 3 first (for example with \
             swagger2openapi or the Swagger Editor)"
        } else {
            "pactum reads OpenAPI 3.0.x and 3.1.x; set `openapi: 3.1.0` or `openapi: 3.0.3`"
        };
        cx.error(
            LoadErrorKind::UnsupportedVersion,
            e.value.span,
            format!("OpenAPI version `{text}` is not supported"),
            "expected 3.0.x or 3.1.x",
        )
        .help = Some(help.into());
        return None;
    }
    if let Some(e) = entries.iter().find(|e| e.key == "swagger") {
        cx.error(
            LoadErrorKind::UnsupportedVersion,
            e.value.span,
            "Swagger 2.0 is not supported; convert it to OpenAPI 3 first",
            "a Swagger 2.0 document",
        )
        .help = Some(
            "convert it with swagger2openapi (`npx swagger2openapi in.yaml -o out.yaml`) or the \
             Swagger Editor, then load the OpenAPI 3 file"
                .into(),
        );
        return None;
    }
    let span = cx.first_line(root);
    cx.error(
        LoadErrorKind::UnsupportedVersion,
        span,
        "the document has no `openapi` field, so it is not an OpenAPI 3 description",
        "no `openapi` version in this document",
    )
    .help = Some("add `openapi: 3.1.0` (or `3.0.3`) at the top of the document".into());
    None
}

/// `3.0`, `3.0.x`, `3.1`, `3.1.x` (any patch, optional pre-release suffix).
fn parse_version(text: &str) -> Option<SpecVersion> {
    let rest = text.trim().strip_prefix("3.")?;
    let (minor, patch) = match rest.split_once('.') {
        Some((m, p)) => (m, Some(p)),
        None => (rest, None),
    };
    if let Some(p) = patch {
        let digits = p.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || !(digits == p.len() || p[digits..].starts_with('-')) {
            return None;
        }
    }
    match minor {
        "0" => Some(SpecVersion::V30),
        "1" => Some(SpecVersion::V31),
        _ => None,
    }
}

/// Lowers the whole root object.
pub(crate) fn document(cx: &mut Cx<'_>, root: &Node) -> Top {
    let mut top = Top {
        openapi: OpenAPI::default(),
        webhooks: IndexMap::new(),
        path_items: IndexMap::new(),
    };
    let Some(entries) = cx.object(root, Name::Doc) else {
        return top;
    };
    let doc = At::bare(Name::Doc);
    let o = &mut top.openapi;
    let mut info: Slot<Info> = None;
    let (mut has_paths, mut has_components, mut has_webhooks) = (false, false, false);
    for e in entries {
        match e.key.as_str() {
            "openapi" => o.openapi = cx.text(e).unwrap_or_default(),
            "info" => info = Some(cx.field(e, info_object)),
            "jsonSchemaDialect" => {
                if let Some(s) = cx.string(e) {
                    o.extensions
                        .insert("x-pactum-jsonSchemaDialect".into(), s.into());
                }
            }
            "servers" => o.servers = cx.list(e, server),
            "paths" => {
                has_paths = true;
                o.paths = paths(cx, e);
            }
            "webhooks" if cx.is_31() => {
                has_webhooks = true;
                top.webhooks = cx.map(e, |cx, w| {
                    let at = cx.at_of("webhook", w);
                    cx.inline(&w.value, &mut |cx, n| path_item(cx, n, at))
                        .map(ReferenceOr::Item)
                });
            }
            "components" => {
                has_components = true;
                if let Some((c, p)) = cx.field(e, components::components) {
                    o.components = Some(c);
                    top.path_items = p;
                }
            }
            "security" => o.security = Some(security::requirements(cx, e)),
            "tags" => o.tags = cx.list(e, tag),
            "externalDocs" => o.external_docs = cx.field(e, external_docs),
            k if k.starts_with("x-") => extension(&mut o.extensions, e),
            _ => {}
        }
    }
    o.info = cx.required(
        info,
        root,
        doc,
        "info",
        "info: {title: My API, version: 1.0.0}",
    );
    if !cx.is_31() && !has_paths {
        cx.missing(root, doc, "paths", "paths: {}");
    }
    if cx.is_31() && !has_paths && !has_components && !has_webhooks {
        let span = cx.first_line(root);
        cx.error(
            LoadErrorKind::MissingField,
            span,
            "an OpenAPI 3.1 document needs at least one of `paths`, `webhooks` or `components`",
            "none of `paths`, `webhooks`, `components` here",
        )
        .help = Some("add `paths: {}`".into());
    }
    top
}

fn info_object(cx: &mut Cx<'_>, node: &Node, at: At<'_>) -> Option<Info> {
    let entries = cx.object(node, at.name)?;
    let mut info = Info::default();
    let (mut title, mut version) = (None, None);
    for e in entries {
        match e.key.as_str() {
            "title" => title = Some(cx.string(e)),
            "version" => version = Some(cx.text(e)),
            "summary" => {
                if let Some(s) = cx.string(e) {
                    info.extensions.insert("x-pactum-summary".into(), s.into());
                }
            }
            "description" => info.description = cx.string(e),
            "termsOfService" => info.terms_of_service = cx.string(e),
            "contact" => info.contact = cx.field(e, contact),
            "license" => info.license = cx.field(e, license),
            k if k.starts_with("x-") => extension(&mut info.extensions, e),
            _ => {}
        }
    }
    info.title = cx.required(title, node, at, "title", "title: My API");
    info.version = cx.required(version, node, at, "version", "version: 1.0.0");
    Some(info)
}

fn contact(cx: &mut Cx<'_>, node: &Node, at: At<'_>) -> Option<Contact> {
    let entries = cx.object(node, at.name)?;
    let mut c = Contact::default();
    for e in entries {
        match e.key.as_str() {
            "name" => c.name = cx.string(e),
            "url" => c.url = cx.string(e),
            "email" => c.email = cx.string(e),
            k if k.starts_with("x-") => extension(&mut c.extensions, e),
            _ => {}
        }
    }
    Some(c)
}

fn license(cx: &mut Cx<'_>, node: &Node, at: At<'_>) -> Option<License> {
    let entries = cx.object(node, at.name)?;
    let mut l = License::default();
    let mut name = None;
    for e in entries {
        match e.key.as_str() {
            "name" => name = Some(cx.string(e)),
            "url" => l.url = cx.string(e),
            "identifier" => {
                if let Some(s) = cx.string(e) {
                    l.extensions.insert("x-pactum-identifier".into(), s.into());
                }
            }
            k if k.starts_with("x-") => extension(&mut l.extensions, e),
            _ => {}
        }
    }
    l.name = cx.required(name, node, at, "name", "name: Apache-2.0");
    Some(l)
}

/// A server object.
pub(crate) fn server(cx: &mut Cx<'_>, node: &Node, at: At<'_>) -> Option<Server> {
    cx.inline(node, &mut |cx, node| {
        let entries = cx.object(node, at.name)?;
        let mut s = Server::default();
        let mut url = None;
        for e in entries {
            match e.key.as_str() {
                "url" => url = Some(cx.string(e)),
                "description" => s.description = cx.string(e),
                "variables" => {
                    s.variables = Some(cx.map(e, |cx, v| {
                        let at = cx.at_of("server variable", v);
                        cx.inline(&v.value, &mut |cx, n| server_variable(cx, n, at))
                    }))
                }
                k if k.starts_with("x-") => extension(&mut s.extensions, e),
                _ => {}
            }
        }
        s.url = cx.required(url, node, at, "url", "url: https://api.example.com");
        Some(s)
    })
}

fn server_variable(cx: &mut Cx<'_>, node: &Node, at: At<'_>) -> Option<ServerVariable> {
    let entries = cx.object(node, at.name)?;
    let mut v = ServerVariable::default();
    let mut default = None;
    for e in entries {
        match e.key.as_str() {
            "default" => default = Some(cx.text(e)),
            "enum" => {
                v.enumeration = cx.list(e, |cx, n, at| cx.text_of(n, at.name));
            }
            "description" => v.description = cx.string(e),
            k if k.starts_with("x-") => extension(&mut v.extensions, e),
            _ => {}
        }
    }
    v.default = cx.required(default, node, at, "default", "default: v1");
    Some(v)
}

fn tag(cx: &mut Cx<'_>, node: &Node, at: At<'_>) -> Option<Tag> {
    cx.inline(node, &mut |cx, node| {
        let entries = cx.object(node, at.name)?;
        let mut t = Tag::default();
        let mut name = None;
        for e in entries {
            match e.key.as_str() {
                "name" => name = Some(cx.string(e)),
                "description" => t.description = cx.string(e),
                "externalDocs" => t.external_docs = cx.field(e, external_docs),
                k if k.starts_with("x-") => extension(&mut t.extensions, e),
                _ => {}
            }
        }
        t.name = cx.required(name, node, at, "name", "name: pets");
        Some(t)
    })
}

/// An external documentation object.
pub(crate) fn external_docs(
    cx: &mut Cx<'_>,
    node: &Node,
    at: At<'_>,
) -> Option<ExternalDocumentation> {
    let entries = cx.object(node, at.name)?;
    let mut d = ExternalDocumentation::default();
    let mut url = None;
    for e in entries {
        match e.key.as_str() {
            "url" => url = Some(cx.string(e)),
            "description" => d.description = cx.string(e),
            k if k.starts_with("x-") => extension(&mut d.extensions, e),
            _ => {}
        }
    }
    d.url = cx.required(url, node, at, "url", "url: https://docs.example.com");
    Some(d)
}

fn paths(cx: &mut Cx<'_>, e: &Entry) -> Paths {
    cx.push(&e.key);
    let out = cx.inline(&e.value, &mut |cx, node| {
        let entries = cx.object(node, Name::Key("paths"))?;
        let mut paths = Paths {
            paths: IndexMap::with_capacity(entries.len()),
            extensions: IndexMap::new(),
        };
        for pe in entries {
            if pe.key.starts_with('/') {
                let at = cx.at_of("path", pe);
                cx.push(&pe.key);
                if let Some(item) = cx.inline(&pe.value, &mut |cx, n| path_item(cx, n, at)) {
                    paths.paths.insert(pe.key.clone(), ReferenceOr::Item(item));
                }
                cx.pop();
            } else if pe.key.starts_with("x-") {
                extension(&mut paths.extensions, pe);
            }
        }
        Some(paths)
    });
    cx.pop();
    out.unwrap_or_default()
}

/// A path item (its `$ref`, if any, has already been followed by the caller).
pub(crate) fn path_item(cx: &mut Cx<'_>, node: &Node, at: At<'_>) -> Option<PathItem> {
    let entries = cx.object(node, at.name)?;
    let mut p = PathItem::default();
    for e in entries {
        let slot = match e.key.as_str() {
            "get" => &mut p.get,
            "put" => &mut p.put,
            "post" => &mut p.post,
            "delete" => &mut p.delete,
            "options" => &mut p.options,
            "head" => &mut p.head,
            "patch" => &mut p.patch,
            "trace" => &mut p.trace,
            "summary" => {
                p.summary = cx.string(e);
                continue;
            }
            "description" => {
                p.description = cx.string(e);
                continue;
            }
            "servers" => {
                p.servers = cx.list(e, server);
                continue;
            }
            "parameters" => {
                p.parameters = parameter_list(cx, e);
                continue;
            }
            k if k.starts_with("x-") => {
                extension(&mut p.extensions, e);
                continue;
            }
            _ => continue,
        };
        *slot = cx.field(e, operation);
    }
    Some(p)
}

/// A `parameters` array (path item or operation).
pub(crate) fn parameter_list(cx: &mut Cx<'_>, e: &Entry) -> Vec<ReferenceOr<openapiv3::Parameter>> {
    cx.list(e, |cx, n, at| {
        cx.ref_or(n, Kind::Parameters, |cx, n| {
            parameters::parameter(cx, n, at)
        })
    })
}

fn operation(cx: &mut Cx<'_>, node: &Node, at: At<'_>) -> Option<Operation> {
    let entries = cx.object(node, at.name)?;
    let mut op = Operation::default();
    let mut has_responses = false;
    for e in entries {
        match e.key.as_str() {
            "tags" => op.tags = cx.strings(e),
            "summary" => op.summary = cx.string(e),
            "description" => op.description = cx.string(e),
            "externalDocs" => op.external_docs = cx.field(e, external_docs),
            "operationId" => op.operation_id = cx.string(e),
            "parameters" => op.parameters = parameter_list(cx, e),
            "requestBody" => {
                let at = cx.at(e);
                cx.push(&e.key);
                op.request_body = cx.ref_or(&e.value, Kind::RequestBodies, |cx, n| {
                    super::content::request_body(cx, n, at)
                });
                cx.pop();
            }
            "responses" => {
                has_responses = true;
                op.responses = responses::responses(cx, e);
            }
            "callbacks" => {
                op.callbacks = cx.map(e, |cx, c| {
                    let at = cx.at_of("callback", c);
                    cx.inline(&c.value, &mut |cx, n| callback(cx, n, at))
                })
            }
            "deprecated" => op.deprecated = cx.boolean(e).unwrap_or_default(),
            "security" => op.security = Some(security::requirements(cx, e)),
            "servers" => op.servers = cx.list(e, server),
            k if k.starts_with("x-") => extension(&mut op.extensions, e),
            _ => {}
        }
    }
    if !has_responses && !cx.is_31() {
        cx.missing(
            node,
            at,
            "responses",
            "responses: {'200': {description: OK}}",
        );
    }
    Some(op)
}

/// A callback object: runtime expression → path item.
pub(crate) fn callback(cx: &mut Cx<'_>, node: &Node, at: At<'_>) -> Option<Callback> {
    let entries = cx.object(node, at.name)?;
    let mut out = IndexMap::with_capacity(entries.len());
    for e in entries {
        if e.key.starts_with("x-") {
            continue;
        }
        let at = cx.at_of("callback expression", e);
        cx.push(&e.key);
        if let Some(item) = cx.inline(&e.value, &mut |cx, n| path_item(cx, n, at)) {
            out.insert(e.key.clone(), item);
        }
        cx.pop();
    }
    Some(out)
}
