//! The entry points: contract + [`Options`] → tokens or formatted code.

use std::collections::HashSet;

use indexmap::IndexMap;
use openapiv3::{OpenAPI, PathItem, ReferenceOr};
use pactum_spec::{SourceMap, Spec};
use proc_macro2::TokenStream;
use quote::quote;

use crate::emit_client::{emit_client, emit_sender};
use crate::emit_server::{emit_receiver, emit_server};
use crate::emit_types::emit_types_for;
use crate::emit_validate::emit_validate;
use crate::error::Error;
use crate::model::{Kind, Shape, Ty, TypeId};
use crate::operations::{
    collect_webhooks, collect_with, method_namer, Location, Operation, Origin,
};
use crate::schemas::TypeSpace;

/// What to generate.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Generate the server trait, handlers and router (needs `pactum` feature `server`).
    /// Only the types the operations reach are emitted then.
    pub server: bool,
    /// Generate the `Client` (needs `pactum` feature `client`). Only the types the operations
    /// reach are emitted then.
    pub client: bool,
    /// Only these operations (by `operationId`); with `tags`, the union. Empty: all.
    pub operations: Vec<String>,
    /// Only operations with one of these tags. Empty: all.
    pub tags: Vec<String>,
    /// The server trait's name (default `Api`).
    pub trait_name: Option<String>,
    /// Generate the receiving side of the contract's webhooks (3.1 `webhooks`) and callbacks
    /// (every operation's `callbacks`): the `Webhooks` trait and `webhooks_router`, which
    /// verifies signatures before any handler runs (needs `pactum` feature `server`).
    /// Independent of `server`: both may be generated into one module, sharing types.
    pub receiver: bool,
    /// Generate the sending side of the webhooks and callbacks: the `Sender` (needs `pactum`
    /// feature `client`). Independent of `client`.
    pub sender: bool,
}

/// A contract as the generator reads it: the typed model and the 3.1 side tables that have no
/// place in it.
#[derive(Debug, Clone, Copy)]
pub struct Parts<'a> {
    /// The typed model (`paths`, `components`, callbacks inside operations).
    pub openapi: &'a OpenAPI,
    /// 3.1 `webhooks` ([`Spec::webhooks`]).
    pub webhooks: &'a IndexMap<String, ReferenceOr<PathItem>>,
    /// 3.1 `components.pathItems` ([`Spec::path_items`]), which webhooks may `$ref`.
    pub path_items: &'a IndexMap<String, ReferenceOr<PathItem>>,
}

impl<'a> Parts<'a> {
    /// The parts of a loaded contract.
    pub fn of(spec: &'a Spec) -> Self {
        Parts {
            openapi: &spec.openapi,
            webhooks: &spec.webhooks,
            path_items: &spec.path_items,
        }
    }
}

/// The default signature header, when the contract has no `x-pactum-signature-header`
/// (the same as `pactum::webhook::DEFAULT_HEADER`).
pub const DEFAULT_SIGNATURE_HEADER: &str = "Pactum-Signature";
/// The root extension naming the signature header.
pub const SIGNATURE_HEADER_EXTENSION: &str = "x-pactum-signature-header";
/// The default event-id header, when the contract has no `x-pactum-event-id-header`.
pub const DEFAULT_EVENT_ID_HEADER: &str = "Pactum-Event-Id";
/// The root extension naming the event-id header.
pub const EVENT_ID_HEADER_EXTENSION: &str = "x-pactum-event-id-header";

impl Options {
    fn filtered(&self) -> bool {
        !self.operations.is_empty() || !self.tags.is_empty()
    }

    fn webhooks(&self) -> bool {
        self.receiver || self.sender
    }
}

/// Generates code for a loaded contract and formats it with prettyplease.
///
/// This is what `pactum gen SPEC --server --out FILE` writes; wiring it into a CLI is one line:
///
/// ```ignore
/// let code = pactum_codegen::generate(&spec, &pactum_codegen::Options { server: true, ..Default::default() })?;
/// ```
///
/// Errors name the construct and, through the spec's source map, its file:line:col.
pub fn generate(spec: &Spec, options: &Options) -> Result<String, Vec<Error>> {
    format(generate_tokens(spec, options)?)
}

/// Like [`generate`], as tokens (what the `api!` macro expands to).
pub fn generate_tokens(spec: &Spec, options: &Options) -> Result<TokenStream, Vec<Error>> {
    generate_parts_tokens(Parts::of(spec), Some(&spec.source_map), options)
}

/// Generates code for a bare typed model (no source map: errors carry pointers only).
pub fn generate_model(openapi: &OpenAPI, options: &Options) -> Result<String, Vec<Error>> {
    format(generate_model_tokens(openapi, None, options)?)
}

/// Formats generated tokens with prettyplease.
pub fn format(tokens: TokenStream) -> Result<String, Vec<Error>> {
    match syn::parse2::<syn::File>(tokens) {
        Ok(file) => Ok(prettyplease::unparse(&file)),
        Err(e) => Err(vec![Error {
            pointer: String::new(),
            message: format!("internal error: generated code does not parse: {e}"),
            location: None,
        }]),
    }
}

/// The generator over a typed model and an optional source map (no 3.1 `webhooks`:
/// see [`generate_parts_tokens`]).
pub fn generate_model_tokens(
    openapi: &OpenAPI,
    source_map: Option<&SourceMap>,
    options: &Options,
) -> Result<TokenStream, Vec<Error>> {
    let empty = IndexMap::new();
    let parts = Parts {
        openapi,
        webhooks: &empty,
        path_items: &empty,
    };
    generate_parts_tokens(parts, source_map, options)
}

/// A header name from a root extension: a string that is a valid HTTP header name.
fn header_extension(
    openapi: &OpenAPI,
    extension: &str,
    default: &str,
    errors: &mut Vec<Error>,
) -> String {
    match openapi.extensions.get(extension) {
        None => default.to_owned(),
        Some(serde_json::Value::String(s))
            if !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)) =>
        {
            s.clone()
        }
        Some(other) => {
            errors.push(Error {
                pointer: format!("/{extension}"),
                message: format!("`{extension}` must be an HTTP header name (a non-empty token such as `Webhook-Signature`), not `{other}`"),
                location: None,
            });
            default.to_owned()
        }
    }
}

/// The generator over a contract's parts and an optional source map.
pub fn generate_parts_tokens(
    parts: Parts<'_>,
    source_map: Option<&SourceMap>,
    options: &Options,
) -> Result<TokenStream, Vec<Error>> {
    let openapi = parts.openapi;
    let trait_name = options
        .trait_name
        .clone()
        .unwrap_or_else(|| "Api".to_owned());
    let reserved = [
        trait_name.as_str(),
        "router",
        "router_with",
        "cors_layer",
        "Result",
        "Option",
        "String",
        "Vec",
        "Box",
        "Self",
    ];
    let mut reserved = reserved.to_vec();
    if options.client {
        reserved.push("Client");
    }
    if options.receiver {
        reserved.extend(["Webhooks", "webhooks_router", "webhooks_router_with"]);
    }
    if options.sender {
        reserved.push("Sender");
    }
    let mut space = TypeSpace::new(openapi, &reserved);
    let mut errors = std::mem::take(&mut space.errors);
    let keep = |id: &str, tags: &[String]| {
        !options.filtered()
            || options.operations.iter().any(|o| o == id)
            || tags.iter().any(|t| options.tags.contains(t))
    };
    let mut method_names = method_namer();
    let ops = if options.server || options.client || !options.webhooks() {
        collect_with(openapi, &mut space, &keep, &mut errors, &mut method_names)
    } else {
        Vec::new()
    };
    let (hooks, signature_header, event_id_header) = if options.webhooks() {
        let signature_header = header_extension(
            openapi,
            SIGNATURE_HEADER_EXTENSION,
            DEFAULT_SIGNATURE_HEADER,
            &mut errors,
        );
        let event_id_header = header_extension(
            openapi,
            EVENT_ID_HEADER_EXTENSION,
            DEFAULT_EVENT_ID_HEADER,
            &mut errors,
        );
        let mut hooks = collect_webhooks(
            openapi,
            parts.webhooks,
            parts.path_items,
            &mut space,
            &keep,
            &mut errors,
            &mut method_names,
        );
        // the signature and event-id headers are the runtime's, not parameters
        for op in &mut hooks {
            op.params.retain(|p| {
                p.location != Location::Header
                    || !(p.name.eq_ignore_ascii_case(&signature_header)
                        || p.name.eq_ignore_ascii_case(&event_id_header))
            });
        }
        if hooks.is_empty() && !options.filtered() {
            errors.push(Error {
                pointer: "/webhooks".to_owned(),
                message: "the contract declares no webhooks (3.1 `webhooks`) and no operation `callbacks`: there is no receiver or sender to generate".to_owned(),
                location: None,
            });
        }
        (hooks, signature_header, event_id_header)
    } else {
        (Vec::new(), String::new(), String::new())
    };
    errors.append(&mut space.errors);
    for wanted in &options.operations {
        let declares = |o: &Operation| {
            &o.id == wanted
                || matches!(&o.origin, Origin::Callback { operation, .. } if operation == wanted)
        };
        if !ops.iter().chain(&hooks).any(declares) {
            errors.push(Error {
                pointer: "/paths".to_owned(),
                message: format!("operation `{wanted}` is not in the contract"),
                location: None,
            });
        }
    }
    for tag in &options.tags {
        if !ops.iter().chain(&hooks).any(|o| o.tags.contains(tag)) {
            errors.push(Error {
                pointer: "/paths".to_owned(),
                message: format!("no operation has the tag `{tag}`"),
                location: None,
            });
        }
    }
    space.box_cycles();
    let server = if options.server {
        let mut server = emit_server(&space, &ops, &trait_name, &mut errors);
        server.extend(crate::cors::emit(&crate::cors::collect(openapi, &ops)));
        server
    } else {
        TokenStream::new()
    };
    let client = if options.client {
        emit_client(&space, &ops, options.server)
    } else {
        TokenStream::new()
    };
    let mut webhooks = TokenStream::new();
    if options.webhooks() {
        let sig_doc = format!(
            " The header carrying each delivery's signature (`t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<body>\">`): the contract's `{SIGNATURE_HEADER_EXTENSION}`, or `{DEFAULT_SIGNATURE_HEADER}`."
        );
        let event_doc = format!(
            " The header carrying each delivery's event id (the same on every retry): the contract's `{EVENT_ID_HEADER_EXTENSION}`, or `{DEFAULT_EVENT_ID_HEADER}`."
        );
        webhooks.extend(quote! {
            #[doc = #sig_doc]
            pub const SIGNATURE_HEADER: &str = #signature_header;
            #[doc = #event_doc]
            pub const EVENT_ID_HEADER: &str = #event_id_header;
        });
    }
    if options.receiver {
        webhooks.extend(emit_receiver(&space, &hooks, "Webhooks", &mut errors));
    }
    if options.sender {
        webhooks.extend(emit_sender(&space, &hooks, options.receiver));
    }
    if !errors.is_empty() {
        if let Some(map) = source_map {
            for e in &mut errors {
                let loc = map.locate(&e.pointer);
                e.location = Some(format!(
                    "{}:{}:{}",
                    loc.file.name(),
                    loc.line_col.line,
                    loc.line_col.column
                ));
            }
        }
        return Err(errors);
    }
    // A server needs only the types its operations reach (unused components would only cost
    // compile time); a types-only run keeps every component.
    if options.filtered() || options.server || options.client || options.webhooks() {
        let all: Vec<Operation> = ops.iter().chain(&hooks).cloned().collect();
        let keep = reachable(&space, &all);
        space.defs.iter_mut().enumerate().for_each(|(i, d)| {
            if !keep.contains(&i) {
                d.kind = Kind::Newtype(Shape::of(Ty::Prim(crate::model::Prim::Json)));
                d.name.clear();
            }
        });
    }
    // A client alone never decodes requests: types it receives tolerate unknown properties.
    let types = emit_types_for(
        &space,
        (options.client || options.sender) && !(options.server || options.receiver),
    );
    let validate = emit_validate(&space);
    Ok(quote! {
        #types
        #validate
        #server
        #client
        #webhooks
    })
}

fn reachable(space: &TypeSpace, ops: &[Operation]) -> HashSet<TypeId> {
    let mut roots: Vec<&Shape> = Vec::new();
    for op in ops {
        roots.extend(op.params.iter().map(|p| &p.shape));
        if let Some(b) = &op.body {
            roots.extend(b.contents.iter().filter_map(|c| c.shape.as_ref()));
        }
        for r in &op.responses {
            roots.extend(r.content.iter().filter_map(|c| c.shape.as_ref()));
            roots.extend(r.headers.iter().map(|h| &h.shape));
        }
    }
    let mut seen = HashSet::new();
    let mut stack: Vec<TypeId> = Vec::new();
    for s in roots {
        named_in(s, &mut stack);
    }
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        for s in space.children_of(id) {
            named_in(&s, &mut stack);
        }
    }
    seen
}

fn named_in(shape: &Shape, out: &mut Vec<TypeId>) {
    match &shape.ty {
        Ty::Named(id) => out.push(*id),
        Ty::Vec(s) | Ty::Map(s) => named_in(s, out),
        Ty::Prim(_) => {}
    }
}
