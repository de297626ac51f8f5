//! The project's codegen configuration, shared by `cargo xtask` and the
//! freshness test: which specs, which templates, what crate, and what
//! Datadog-specific names the client uses. The generator and the runtime
//! know nothing of Datadog; everything Datadog about the client is here.

use std::path::{Path, PathBuf};

use generator::lower::CredentialInfo;
use generator::{Config, CrateInfo, SpecInput};

/// The specs, in module order: `(module, path relative to the root)`.
pub const SPECS: &[(&str, &str)] = &[
    ("v1", "spec/v1/key_management.yaml"),
    ("v2", "spec/v2/key_management.yaml"),
];

/// The workspace root, found at run time: cargo sets `CARGO_MANIFEST_DIR`
/// when it runs xtask (and its tests), so a binary built from another
/// checkout sharing a target directory still works on this one. The
/// compile-time value is only the fallback for running the binary directly.
pub fn project_root() -> PathBuf {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest
        .ancestors()
        .find(|dir| dir.join("xtask").is_dir() && dir.join("spec").is_dir())
        .map(Path::to_owned)
        .unwrap_or(manifest)
}

/// The Datadog key-management client's identity: what the runtime is told.
pub fn crate_info() -> CrateInfo {
    let mut info = CrateInfo::new(
        "datadog-key-management",
        "0.1.0",
        "A typed, async client for Datadog's Key Management API (API and application keys, v1 and v2), generated from a hand-written OpenAPI spec.",
        "../runtime",
    );
    info.user_agent = Some("datadog-key-management-rust/0.1.0".into());
    info.site_env = Some("DD_SITE".into());
    info.span_name = Some("datadog.request".into());
    info.credentials = vec![
        CredentialInfo {
            scheme: "apiKeyAuth".into(),
            setter: Some("api_key".into()),
            label: Some("API key".into()),
            env: Some("DD_API_KEY".into()),
        },
        CredentialInfo {
            scheme: "appKeyAuth".into(),
            setter: Some("app_key".into()),
            label: Some("application key".into()),
            env: Some("DD_APP_KEY".into()),
        },
    ];
    info
}

/// The configuration for the workspace at `root`.
pub fn config(root: &Path) -> Config {
    Config {
        info: crate_info(),
        specs: SPECS
            .iter()
            .map(|(module, path)| SpecInput {
                module: (*module).into(),
                path: root.join(path),
                display: (*path).into(),
            })
            .collect(),
        templates: root.join("templates"),
        vendor_runtime: None,
    }
}
