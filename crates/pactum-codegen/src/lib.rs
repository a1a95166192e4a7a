//! OpenAPI contract → Rust code: typed models with validation, axum servers, reqwest clients,
//! and both sides of webhooks and callbacks.
//!
//! ```text
//! Spec ─schemas─▶ TypeSpace (model) ─emit_types/emit_validate─▶ TokenStream
//!      ─operations─▶ Operation IR  ─emit_server / emit_client───▶ TokenStream
//!   webhooks, callbacks ─collect_webhooks─▶ Operation IR ─emit_receiver / emit_sender─▶ …
//! ```
//!
//! Webhook receivers and senders are the server's and the client's emission over the
//! operations of 3.1 `webhooks` and operation `callbacks` (see [`Options::receiver`]).
//!
//! The library does all the work; `pactum-macros` only parses the macro's arguments and
//! calls [`generate_tokens`]. `pactum gen` calls [`generate`], which returns formatted code.

pub mod cors;
pub mod emit_types;
pub mod emit_validate;
pub mod error;
pub mod model;
pub mod naming;
pub mod operations;
pub mod pointer;
pub mod schemas;

pub use error::Error;
pub mod derive;
pub mod emit_client;
pub mod emit_server;
pub mod generate;

pub use generate::{
    generate, generate_model, generate_model_tokens, generate_parts_tokens, generate_tokens,
    Options, Parts,
};
