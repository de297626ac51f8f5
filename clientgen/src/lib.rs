//! `clientgen`: typed async Rust clients from OpenAPI specs, outside this
//! repository.
//!
//! The same generator as `cargo xtask codegen` (the `generator` crate), with
//! its templates and the runtime crate's sources embedded, so that an
//! installed binary runs from any directory:
//!
//! - the command (`src/main.rs`, [`cli`]): `clientgen generate`, `check`,
//!   `api-diff`, `runtime`;
//! - [`Builder`], for `build.rs`: one file in `OUT_DIR` for `include!`;
//! - [`emit`], writing or checking an output directory with the public API
//!   report, which `cargo xtask codegen` calls too.
//!
//! How clients share the runtime is said in `generator::vendor`.

mod builder;
pub mod cli;
pub mod config;
pub mod emit;
pub mod filter;
mod project;
pub mod single_file;

pub use builder::{BuildError, Builder};
pub use project::{Project, RuntimeMode};

/// This generator's version: the version of the runtime it ships, which
/// every client it generates requires.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
