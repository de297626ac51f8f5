//! `build.rs` use, in the style of prost-build: generate the client into
//! `OUT_DIR` as one file and `include!` it.
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), clientgen::BuildError> {
//!     clientgen::Builder::new().spec("openapi.yaml").generate()?;
//!     Ok(())
//! }
//! ```
//!
//! ```ignore
//! // src/lib.rs: at the crate root, since generated code names `crate::`.
//! include!(concat!(env!("OUT_DIR"), "/client.rs"));
//! ```
//!
//! The crate depends on the runtime under the name `client-runtime`
//! (`client-runtime = { package = "clientgen-runtime", path = "…" }`, as
//! `clientgen runtime DIR` writes it), and on `serde` (with `derive`),
//! `serde_json` and `futures`, as a generated crate does.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::config::{GenConfig, SpecConfig};
use crate::filter::OperationFilter;
use crate::project::{Project, RuntimeMode};
use crate::single_file::single_file;

/// Why a build-time generation failed; its message names the spec, the
/// pointer and the line, as the command's do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError(pub String);

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BuildError {}

/// Generates a client at build time.
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct Builder {
    specs: Vec<SpecConfig>,
    config: Option<PathBuf>,
    crate_name: Option<String>,
    file_name: Option<String>,
    mock: bool,
    include: Vec<String>,
    exclude: Vec<String>,
    features: Vec<(String, String)>,
    features_per_tag: Option<String>,
}

impl Builder {
    /// A builder with no spec yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a spec; its module is named after the file.
    pub fn spec(mut self, path: impl Into<PathBuf>) -> Self {
        self.specs.push(SpecConfig {
            path: path.into(),
            module: None,
        });
        self
    }

    /// Adds a spec as the module `module`.
    pub fn spec_module(mut self, module: &str, path: impl Into<PathBuf>) -> Self {
        self.specs.push(SpecConfig {
            path: path.into(),
            module: Some(module.to_owned()),
        });
        self
    }

    /// Reads a generation config file (specs, names, environment
    /// variables, operations); what is set on the builder wins.
    pub fn config(mut self, path: impl Into<PathBuf>) -> Self {
        self.config = Some(path.into());
        self
    }

    /// The crate's name as doc examples write it (default: the package
    /// being built, `CARGO_PKG_NAME`).
    pub fn crate_name(mut self, name: &str) -> Self {
        self.crate_name = Some(name.to_owned());
        self
    }

    /// The file written into the output directory (default `client.rs`).
    pub fn file_name(mut self, name: &str) -> Self {
        self.file_name = Some(name.to_owned());
        self
    }

    /// Includes the typed mocks (module `mock`), which need the runtime's
    /// `mock` feature (default: left out).
    pub fn mock(mut self, mock: bool) -> Self {
        self.mock = mock;
        self
    }

    /// Generates only these operations (by operationId).
    pub fn include(mut self, operation_id: &str) -> Self {
        self.include.push(operation_id.to_owned());
        self
    }

    /// Leaves this operation out (by operationId).
    pub fn exclude(mut self, operation_id: &str) -> Self {
        self.exclude.push(operation_id.to_owned());
        self
    }

    /// Names the cargo feature of the operations tagged `tag` (several
    /// tags may share one), and so turns features per tag on unless
    /// [`Builder::features_per_tag`] says `off`. The crate being built must
    /// declare every feature the generated file uses in its own
    /// `[features]`: the file's header lists them.
    pub fn feature(mut self, tag: &str, feature: &str) -> Self {
        self.features.push((tag.to_owned(), feature.to_owned()));
        self
    }

    /// `on`, `off` or `auto`: whether the generated code puts each tag's
    /// operations and models behind a cargo feature. From `build.rs` the
    /// default is `off` (unless the config file says otherwise): the
    /// features would be the including crate's, which must declare them.
    pub fn features_per_tag(mut self, mode: &str) -> Self {
        self.features_per_tag = Some(mode.to_owned());
        self
    }

    /// Generates into `OUT_DIR`, printing `cargo:rerun-if-changed` for the
    /// specs and the config file; the written file's path.
    pub fn generate(self) -> Result<PathBuf, BuildError> {
        let out = std::env::var_os("OUT_DIR").ok_or_else(|| {
            BuildError(
                "OUT_DIR is not set: call `generate` from build.rs, or use `generate_to`".into(),
            )
        })?;
        self.generate_to(Path::new(&out))
    }

    /// Generates into `dir` (prints `cargo:` lines as [`Builder::generate`]).
    pub fn generate_to(self, dir: &Path) -> Result<PathBuf, BuildError> {
        let config = self.merged()?;
        for path in config.specs.iter().map(|s| &s.path).chain(&self.config) {
            println!("cargo:rerun-if-changed={}", path.display());
        }
        let project = Project {
            filter: OperationFilter::new(&config.operations.include, &config.operations.exclude),
            config: crate::cli::generator_config(&config).map_err(BuildError)?,
            runtime: RuntimeMode::External,
            skip_invalid_operations: config.skip_invalid_operations,
        };
        let (krate, output) = project.generate(dir).map_err(BuildError)?;
        for warning in krate.apis.iter().flat_map(|api| &api.warnings) {
            println!("cargo:warning={}", warning.replace('\n', " "));
        }
        let file = single_file(&output, self.mock).map_err(BuildError)?;
        if let Some(limit) = &file.recursion_limit {
            println!(
                "cargo:warning=the generated models nest deeply: add `#![recursion_limit = \"{limit}\"]` to the crate root"
            );
        }
        let mut header = format!(
            "// @generated by clientgen {} from {}: do not edit.\n// Include it at a crate root: `include!(concat!(env!(\"OUT_DIR\"), \"/{}\"));`\n",
            crate::VERSION,
            project.config.specs.iter().map(|s| s.display.as_str()).collect::<Vec<_>>().join(", "),
            self.file_name.as_deref().unwrap_or("client.rs"),
        );
        if let Some(features) = &krate.features {
            let mut names: Vec<&str> = features.tags.iter().map(|f| f.name.as_str()).collect();
            names.extend(features.unused_models.as_deref());
            header.push_str("// The cargo features it uses, which the crate must declare: ");
            header.push_str(&names.join(", "));
            header.push('\n');
        }
        header.push('\n');
        let path = dir.join(self.file_name.as_deref().unwrap_or("client.rs"));
        std::fs::create_dir_all(dir)
            .and_then(|()| std::fs::write(&path, header + &file.text))
            .map_err(|e| BuildError(format!("cannot write `{}`: {e}", path.display())))?;
        Ok(path)
    }

    /// The config file under what the builder sets.
    fn merged(&self) -> Result<GenConfig, BuildError> {
        let mut config = match &self.config {
            Some(path) => GenConfig::read(path).map_err(BuildError)?,
            None => GenConfig::default(),
        };
        if !self.specs.is_empty() {
            config.specs.clone_from(&self.specs);
        }
        let package = self
            .crate_name
            .clone()
            .or_else(|| config.package.name.clone())
            .or_else(|| std::env::var("CARGO_PKG_NAME").ok());
        config.package.name = package;
        if config.package.version.is_none() {
            config.package.version = std::env::var("CARGO_PKG_VERSION").ok();
        }
        config
            .operations
            .include
            .extend(self.include.iter().cloned());
        config
            .operations
            .exclude
            .extend(self.exclude.iter().cloned());
        if config.runtime.is_some() {
            println!("cargo:warning=`runtime` of the config file is not used from build.rs: the crate's own dependency on the runtime is");
        }
        config.features.extend(self.features.iter().cloned());
        if self.features_per_tag.is_some() {
            config.features_per_tag.clone_from(&self.features_per_tag);
        }
        if config.features_per_tag.is_none() && config.features.is_empty() {
            config.features_per_tag = Some("off".into());
        }
        config.feature_config().map_err(BuildError)?;
        Ok(config)
    }
}
