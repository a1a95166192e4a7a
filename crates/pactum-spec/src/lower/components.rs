//! `components`, and the bundled components lowered from the worklist after the document.

use indexmap::IndexMap;
use openapiv3::{Components, PathItem, ReferenceOr};

use super::context::{extension, At, Cx, Kind, Name};
use super::{content, document, parameters, responses, schema, security};
use crate::tree::Node;

/// Path items kept outside the 3.0 model (`components.pathItems`, 3.1).
pub(crate) type PathItems = IndexMap<String, ReferenceOr<PathItem>>;

/// The `components` object.
pub(crate) fn components(
    cx: &mut Cx<'_>,
    node: &Node,
    at: At<'_>,
) -> Option<(Components, PathItems)> {
    let entries = cx.object(node, at.name)?;
    let mut c = Components::default();
    let mut path_items = IndexMap::new();
    for e in entries {
        let kind = match e.key.as_str() {
            "schemas" => Kind::Schemas,
            "responses" => Kind::Responses,
            "parameters" => Kind::Parameters,
            "examples" => Kind::Examples,
            "requestBodies" => Kind::RequestBodies,
            "headers" => Kind::Headers,
            "securitySchemes" => Kind::SecuritySchemes,
            "links" => Kind::Links,
            "callbacks" => Kind::Callbacks,
            "pathItems" => Kind::PathItems,
            k if k.starts_with("x-") => {
                extension(&mut c.extensions, e);
                continue;
            }
            _ => continue,
        };
        cx.push(&e.key);
        cx.inline(&e.value, &mut |cx, node| {
            let members = cx.object(node, Name::Key(&e.key))?;
            for m in members {
                cx.push(&m.key);
                match cx.take_alias(kind, &m.key) {
                    Some(target) => {
                        cx.record_inlined(&target);
                        let at = At::bare(Name::Of(noun(kind), &m.key));
                        let doc = target.doc.clone();
                        cx.in_file(&doc, |cx| {
                            one(cx, kind, target.node(), at, &m.key, &mut c, &mut path_items)
                        });
                    }
                    None => {
                        let at = cx.at_of(noun(kind), m);
                        one(cx, kind, &m.value, at, &m.key, &mut c, &mut path_items);
                    }
                }
                cx.pop();
            }
            Some(())
        });
        cx.pop();
    }
    Some((c, path_items))
}

/// How a component of `kind` is called in messages.
fn noun(kind: Kind) -> &'static str {
    match kind {
        Kind::Schemas => "schema",
        Kind::Responses => "response",
        Kind::Parameters => "parameter",
        Kind::Examples => "example",
        Kind::RequestBodies => "request body",
        Kind::Headers => "header",
        Kind::SecuritySchemes => "security scheme",
        Kind::Links => "link",
        Kind::Callbacks => "callback",
        Kind::PathItems => "path item",
    }
}

/// Lowers one component of `kind` and stores it under `name`.
fn one(
    cx: &mut Cx<'_>,
    kind: Kind,
    node: &Node,
    at: At<'_>,
    name: &str,
    c: &mut Components,
    path_items: &mut PathItems,
) {
    fn put<T>(map: &mut IndexMap<String, T>, name: &str, value: Option<T>) {
        if let Some(v) = value {
            map.insert(name.to_owned(), v);
        }
    }
    match kind {
        Kind::Schemas => put(&mut c.schemas, name, schema::schema_ref_or(cx, node, at)),
        Kind::Responses => put(
            &mut c.responses,
            name,
            cx.ref_or(node, kind, |cx, n| responses::response(cx, n, at)),
        ),
        Kind::Parameters => put(
            &mut c.parameters,
            name,
            cx.ref_or(node, kind, |cx, n| parameters::parameter(cx, n, at)),
        ),
        Kind::Examples => put(
            &mut c.examples,
            name,
            cx.ref_or(node, kind, |cx, n| content::example(cx, n, at)),
        ),
        Kind::RequestBodies => put(
            &mut c.request_bodies,
            name,
            cx.ref_or(node, kind, |cx, n| content::request_body(cx, n, at)),
        ),
        Kind::Headers => put(
            &mut c.headers,
            name,
            cx.ref_or(node, kind, |cx, n| parameters::header(cx, n, at)),
        ),
        Kind::SecuritySchemes => put(
            &mut c.security_schemes,
            name,
            cx.ref_or(node, kind, |cx, n| security::security_scheme(cx, n, at)),
        ),
        Kind::Links => put(
            &mut c.links,
            name,
            cx.ref_or(node, kind, |cx, n| responses::link(cx, n, at)),
        ),
        Kind::Callbacks => put(
            &mut c.callbacks,
            name,
            cx.ref_or(node, kind, |cx, n| document::callback(cx, n, at)),
        ),
        Kind::PathItems => put(
            path_items,
            name,
            cx.ref_or(node, kind, |cx, n| document::path_item(cx, n, at)),
        ),
    }
}

/// Lowers every bundled component (and those their own `$ref`s bundle), in registration order,
/// into `components` / `path_items`.
pub(crate) fn drain(
    cx: &mut Cx<'_>,
    components: &mut Option<Components>,
    path_items: &mut PathItems,
) {
    while let Some(p) = cx.pending.pop_front() {
        let c = components.get_or_insert_with(Components::default);
        let doc = p.target.doc.clone();
        let node = p.target.node();
        cx.reset_pointer(&["components", p.kind.key(), &p.name]);
        let at = At::bare(Name::Of(noun(p.kind), &p.name));
        cx.in_file(&doc, |cx| one(cx, p.kind, node, at, &p.name, c, path_items));
    }
}
