//! `pactum` — the runtime of code generated from OpenAPI contracts, and the entry point for
//! service authors.
//!
//! ```ignore
//! pactum::api!(spec = "specs/petstore/v2.yaml", server);
//! ```
//!
//! Generated code refers only to `::pactum::…` paths, so a crate that uses the macro depends
//! on `pactum` alone (with the `server` feature for routers):
//!
//! - [`Validate`] and [`Violation`]: every generated type checks its schema's constraints and
//!   reports *all* violations with JSON pointers;
//! - [`Problem`]: RFC 9457 problem details, the answer to invalid requests;
//! - [`Nullable`]: optional *and* nullable properties (absent ≠ `null`);
//! - [`Base64`]: `format: byte`;
//! - `server` (feature): the plumbing of generated axum routers;
//! - `client` (feature): the plumbing of generated `reqwest` clients (timeouts, retries with
//!   backoff and jitter, `Retry-After`, idempotency keys, typed errors);
//! - `webhook` (feature, on with `server` and `client`): signing and verifying webhook
//!   deliveries (HMAC-SHA256 over timestamp and body, rotation, replay window); the generated
//!   webhook receivers (`api!(…, receiver)`, feature `server`) and senders (`api!(…, sender)`,
//!   feature `client`) use it with the header the contract names in `x-pactum-signature-header`.

mod bytes64;
pub mod checks;
pub mod formats;
#[cfg(any(feature = "server", feature = "client"))]
mod multipart;
mod nullable;
mod problem;
mod validate;

#[cfg(feature = "server")]
pub mod server;

#[cfg(feature = "client")]
pub mod client;

#[cfg(feature = "webhook")]
pub mod webhook;

pub use bytes64::Base64;
#[cfg(any(feature = "server", feature = "client"))]
pub use multipart::{File, MultipartForm, Part, PartKind, PartSpec};
pub use nullable::{optional_non_null, required_nullable, Nullable};
pub use problem::{Problem, PROBLEM_JSON};
pub use validate::{Pointer, Validate, Violation, Violations};

/// Generates types, validation and (with `server`) an axum server trait and router from an
/// OpenAPI contract. See the crate documentation of `pactum-macros`.
pub use pactum_macros::api;

/// Checks a hand-written type against a schema of a contract at compile time and implements
/// [`Validate`] from it: `#[derive(pactum::Contract)]` with
/// `#[contract(spec = "path/to/openapi.yaml", schema = "Name")]`.
pub use pactum_macros::Contract;

/// Re-exports used by generated code. Not a public API: names and versions may change.
#[doc(hidden)]
pub mod __private {
    pub use chrono;
    pub use regress;
    pub use serde;
    pub use serde_json;
    pub use uuid;

    #[cfg(feature = "server")]
    pub use axum;
    #[cfg(feature = "server")]
    pub use http;
    #[cfg(feature = "server")]
    pub use tokio;
    #[cfg(feature = "server")]
    pub use tower_http;

    #[cfg(feature = "client")]
    pub use reqwest;
}
