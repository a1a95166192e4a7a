//! OpenAPI contract → Rust code.
