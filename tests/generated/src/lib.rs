//! The generated code of every codegen fixture, compiled (see `build.rs`).

// Generated code must not make its users' builds warn (`getAvatar` of `bodies.yaml`: a client
// method with nothing to encode once declared an unused `mut`).
#![deny(unused_mut)]

include!(concat!(env!("OUT_DIR"), "/modules.rs"));
