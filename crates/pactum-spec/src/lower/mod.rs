//! Tree → typed model: lowers the [`Node`](crate::Node) tree into `openapiv3::OpenAPI`,
//! normalising 3.1 into the 3.0 model and resolving `$ref`s through the [`Loader`].
//!
//! Every structural problem (wrong type, missing required field, invalid value) becomes a
//! [`LoadError`] at the offending node; lowering continues so that all errors are reported.

mod components;
mod content;
mod context;
mod document;
mod fields;
mod parameters;
mod responses;
mod schema;
mod security;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod testutil;

use indexmap::IndexMap;
use openapiv3::{OpenAPI, PathItem, ReferenceOr};

use crate::error::LoadError;
use crate::loader::{FileId, Loader};
use context::{Cx, Resolve};

/// Which OpenAPI version a document declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecVersion {
    /// 3.0.x
    V30,
    /// 3.1.x
    V31,
}

/// A component that came from another file (or a non-component place) and was copied into
/// the typed model's `components` under a generated name, so that `$ref`s to it stay
/// references.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bundled {
    /// Component kind as in `components` (`schemas`, `responses`, `parameters`, …).
    pub kind: String,
    /// The generated name under `components.<kind>`.
    pub name: String,
    /// The file the definition is in.
    pub file: FileId,
    /// The JSON pointer of the definition inside that file.
    pub pointer: String,
}

/// A `$ref` that was replaced by its target (positions where the model has no reference).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inlined {
    /// JSON pointer in the typed model where the target's content now stands.
    pub at: String,
    /// The file the content came from.
    pub file: FileId,
    /// The pointer of the content inside that file.
    pub pointer: String,
}

/// The result of lowering.
#[derive(Debug, Clone)]
pub struct Lowered {
    /// The typed model.
    pub openapi: OpenAPI,
    /// The declared version.
    pub version: SpecVersion,
    /// 3.1 `webhooks` (not in the 3.0 model).
    pub webhooks: IndexMap<String, ReferenceOr<PathItem>>,
    /// 3.1 `components.pathItems` (not in the 3.0 model).
    pub path_items: IndexMap<String, ReferenceOr<PathItem>>,
    /// Components copied in from other files, in a deterministic order.
    pub bundled: Vec<Bundled>,
    /// `$ref`s replaced by their content.
    pub inlined: Vec<Inlined>,
}

/// Lowers the root document of `loader` into the typed model.
///
/// Collects every structural error (each at its node) and returns them all, sorted by file and
/// position; a version problem stops lowering with that one error.
pub fn lower(loader: &Loader, root: FileId) -> Result<Lowered, Vec<LoadError>> {
    lower_with(loader, root)
}

/// [`lower`] over any [`Resolve`] (the loader, or an in-memory stand-in in tests).
pub(crate) fn lower_with(resolver: &dyn Resolve, root: FileId) -> Result<Lowered, Vec<LoadError>> {
    let doc = resolver.doc(root);
    let mut cx = Cx::new(resolver, root, doc.source.clone());
    let Some(version) = document::version(&mut cx, &doc.root) else {
        return Err(cx.take_errors());
    };
    cx.version = version;
    cx.reserve_component_names(&doc.root);
    cx.register_aliases(&doc.root);
    let mut top = document::document(&mut cx, &doc.root);
    components::drain(&mut cx, &mut top.openapi.components, &mut top.path_items);
    if cx.has_errors() {
        return Err(cx.take_errors());
    }
    Ok(Lowered {
        openapi: top.openapi,
        version,
        webhooks: top.webhooks,
        path_items: top.path_items,
        bundled: std::mem::take(&mut cx.bundled),
        inlined: std::mem::take(&mut cx.inlined),
    })
}
