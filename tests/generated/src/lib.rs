//! The generated code of every codegen fixture, compiled (see `build.rs`).

include!(concat!(env!("OUT_DIR"), "/modules.rs"));
