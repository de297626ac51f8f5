//! The project's codegen configuration, shared by `cargo xtask` and the
//! freshness test: which specs, which templates, what crate.

use std::path::Path;

use generator::{Config, CrateInfo, SpecInput};

/// The specs, in module order: `(module, path relative to the root)`.
pub const SPECS: &[(&str, &str)] = &[
    ("v1", "spec/v1/key_management.yaml"),
    ("v2", "spec/v2/key_management.yaml"),
];

/// The configuration for the workspace at `root`.
pub fn config(root: &Path) -> Config {
    Config {
        info: CrateInfo {
            package: "datadog-key-management".into(),
            version: "0.1.0".into(),
            description: "A typed, async client for Datadog's Key Management API (API and application keys, v1 and v2), generated from a hand-written OpenAPI spec.".into(),
        },
        specs: SPECS
            .iter()
            .map(|(module, path)| SpecInput {
                module: (*module).into(),
                path: root.join(path),
                display: (*path).into(),
            })
            .collect(),
        templates: root.join("templates"),
    }
}
