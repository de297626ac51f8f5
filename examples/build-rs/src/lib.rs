//! A to-do list client, generated from `todo.yaml` at build time by
//! `build.rs` and included here, at the crate root (generated code names
//! its items by `crate::`).

include!(concat!(env!("OUT_DIR"), "/client.rs"));
