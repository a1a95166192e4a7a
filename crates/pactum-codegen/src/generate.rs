//! The entry points: contract + [`Options`] → tokens or formatted code.

use std::collections::HashSet;

use openapiv3::OpenAPI;
use pactum_spec::{SourceMap, Spec};
use proc_macro2::TokenStream;
use quote::quote;

use crate::emit_client::emit_client;
use crate::emit_server::emit_server;
use crate::emit_types::emit_types_for;
use crate::emit_validate::emit_validate;
use crate::error::Error;
use crate::model::{Kind, Shape, Ty, TypeId};
use crate::operations::{collect, Operation};
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
}

impl Options {
    fn filtered(&self) -> bool {
        !self.operations.is_empty() || !self.tags.is_empty()
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
    generate_model_tokens(&spec.openapi, Some(&spec.source_map), options)
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

/// The generator over a typed model and an optional source map.
pub fn generate_model_tokens(
    openapi: &OpenAPI,
    source_map: Option<&SourceMap>,
    options: &Options,
) -> Result<TokenStream, Vec<Error>> {
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
    let mut space = TypeSpace::new(openapi, &reserved);
    let mut errors = std::mem::take(&mut space.errors);
    let keep = |id: &str, tags: &[String]| {
        !options.filtered()
            || options.operations.iter().any(|o| o == id)
            || tags.iter().any(|t| options.tags.contains(t))
    };
    let ops = collect(openapi, &mut space, &keep, &mut errors);
    errors.append(&mut space.errors);
    for wanted in &options.operations {
        if !ops.iter().any(|o| &o.id == wanted) {
            errors.push(Error {
                pointer: "/paths".to_owned(),
                message: format!("operation `{wanted}` is not in the contract"),
                location: None,
            });
        }
    }
    for tag in &options.tags {
        if !ops.iter().any(|o| o.tags.contains(tag)) {
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
    if options.filtered() || options.server || options.client {
        let keep = reachable(&space, &ops);
        space.defs.iter_mut().enumerate().for_each(|(i, d)| {
            if !keep.contains(&i) {
                d.kind = Kind::Newtype(Shape::of(Ty::Prim(crate::model::Prim::Json)));
                d.name.clear();
            }
        });
    }
    // A client alone never decodes requests: types it receives tolerate unknown properties.
    let types = emit_types_for(&space, options.client && !options.server);
    let validate = emit_validate(&space);
    Ok(quote! {
        #types
        #validate
        #server
        #client
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
