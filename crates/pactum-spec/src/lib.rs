//! `pactum-spec` loads OpenAPI 3.0 and 3.1 contracts — YAML or JSON, one file or many joined by
//! `$ref` — into one typed model ([`openapiv3::OpenAPI`]) with a [`SourceMap`] that traces every
//! JSON pointer back to file:line:col.
//!
//! ```text
//! bytes ─parse─▶ Node tree (spans) ─lower (+$ref, 3.1→3.0 normalisation)─▶ openapiv3 model
//!                     └────────────── kept for the SourceMap ──────────────┘
//! ```

pub mod error;
pub mod loader;
pub mod lower;
pub mod parse;
pub mod pointer;
pub mod source;
pub mod spec;
pub mod tree;
pub mod visit;

pub use error::{LoadError, LoadErrorKind, RelatedLabel};
pub use loader::{Document, FileId, Loader, Options, Target};
pub use lower::SpecVersion;
pub use parse::Limits;
pub use source::{LineCol, SourceFile};
pub use spec::{load, load_str, Location, SourceMap, Spec};
pub use tree::{Entry, Node, Span, Value};
pub use visit::{
    walk, ComponentKind, Ctx, Direction, OperationCtx, RefIndex, ResponseKey, SchemaRole,
    SchemaSite, Visitor,
};
