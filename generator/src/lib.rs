//! An OpenAPI 3.0 → Rust client generator, in five stages:
//!
//! 1. [`load`]: read a spec, parse it (serde_yaml + openapiv3), check every
//!    `$ref`, validate what the later stages rely on.
//! 2. [`lower`]: turn it into the [`ir`], where every Rust name and type is
//!    decided.
//! 3. [`render`]: lay the IR out through the minijinja templates.
//! 4. [`format`](mod@format): parse the result with syn and print it with prettyplease.
//! 5. [`write`](mod@write): replace the output directory in one step, or compare
//!    against it (`--check`).
//!
//! [`generate`] runs stages 1–4 and returns the files in memory; nothing
//! touches the disk until [`write::write_atomically`].
//!
//! Beside the stages, [`api_diff`] reads the public API back out of
//! generated files and reports how a regeneration changed it, with the
//! semver bump that implies.

pub mod api_diff;
pub(crate) mod cli;
pub(crate) mod docs;
pub mod error;
pub mod format;
pub mod ir;
pub mod load;
pub mod lower;
pub mod naming;
pub(crate) mod numbers;
pub(crate) mod openapi31;
pub(crate) mod parallel;
pub mod render;
pub(crate) mod template;
pub mod vendor;
pub mod write;

use std::path::PathBuf;

pub use error::{Error, Location, Result};
pub use lower::{CrateInfo, CredentialInfo};
pub use render::Templates;
pub use write::Output;

/// One spec and the module it becomes.
#[derive(Debug, Clone)]
pub struct SpecInput {
    /// The Rust module, e.g. `v2`.
    pub module: String,
    /// Where the file is.
    pub path: PathBuf,
    /// How errors name it, e.g. `spec/v2/key_management.yaml`.
    pub display: String,
}

/// Everything a run needs.
#[derive(Debug, Clone)]
pub struct Config {
    /// The crate's identity.
    pub info: CrateInfo,
    /// The specs, in module order.
    pub specs: Vec<SpecInput>,
    /// The templates directory.
    pub templates: PathBuf,
    /// The `client-runtime` crate to copy into the output (as
    /// `runtime/`, which `info.runtime_path` should then name, renamed to
    /// `<package>-runtime`), so that the output builds wherever it is
    /// copied; `None` when the generated crate refers to a runtime crate
    /// beside it, as the in-repo client does.
    pub vendor_runtime: Option<PathBuf>,
}

/// Loads and lowers every spec: the IR of the whole crate.
pub fn lower_specs(config: &Config) -> Result<ir::Crate> {
    lower_specs_with(config, &|_, _| {})
}

/// Changes a loaded document before lowering (`clientgen` leaves out the
/// operations its configuration excludes).
pub type EditSpec<'a> = dyn Fn(&SpecInput, &mut openapiv3::OpenAPI) + Sync + 'a;

/// [`lower_specs`], with `edit` applied to each document after it is loaded
/// and checked, before it is lowered.
pub fn lower_specs_with(config: &Config, edit: &EditSpec<'_>) -> Result<ir::Crate> {
    lower_specs_with_options(config, load::LoadOptions::default(), edit)
}

/// [`lower_specs_with`], with load options. With
/// [`load::LoadOptions::skip_invalid_operations`], an operation that fails
/// to lower is left out too, with a warning in its API's warnings.
pub fn lower_specs_with_options(
    config: &Config,
    options: load::LoadOptions,
    edit: &EditSpec<'_>,
) -> Result<ir::Crate> {
    // Specs are independent until lowering, so they are read and parsed in
    // parallel; errors are reported in configuration order.
    let mut specs = parallel::map(&config.specs, |input| {
        load::load_with(&input.path, &input.display, options).map(|mut spec| {
            edit(input, &mut spec.doc);
            (input.module.clone(), spec)
        })
    })
    .into_iter()
    .collect::<Result<Vec<_>>>()?;
    loop {
        match lower::lower_crate(&config.info, &specs) {
            Ok(krate) => return Ok(krate),
            Err(error) if options.skip_invalid_operations => {
                if !skip_failed_operation(&mut specs, &error) {
                    return Err(error);
                }
            }
            Err(error) => return Err(error),
        }
    }
}

/// Leaves out of its spec the operation whose lowering failed with `error`,
/// with a warning; `false` when the error is not inside an operation.
fn skip_failed_operation(specs: &mut [(String, load::Spec)], error: &Error) -> bool {
    let Some(location) = error.location() else {
        return false;
    };
    for (_, spec) in specs.iter_mut() {
        if let Some((path, method)) = spec.operation_containing(location) {
            let at = error::Pointer::root()
                .push("paths")
                .push(&path)
                .push(&method);
            let warning = load::skip_warning(&spec.location(&at), &method, &path, error);
            spec.warnings.push(warning);
            spec.remove_operation(&path, &method);
            return true;
        }
    }
    false
}

/// Runs load, lower, render and format: the generated files, in memory.
/// With [`Config::vendor_runtime`], the runtime is copied under `runtime/`
/// as the package [`vendor::vendored_package`] of the crate (unless
/// `info.runtime_package` names another).
pub fn generate(config: &Config) -> Result<(ir::Crate, Output)> {
    let mut config = config.clone();
    if config.vendor_runtime.is_some() && config.info.runtime_package.is_none() {
        config.info.runtime_package = Some(vendor::vendored_package(&config.info.package));
    }
    // Compiling the templates is a seventh of a small spec's run and needs
    // nothing from the spec: it runs beside load and lower.
    let (krate, templates) = std::thread::scope(|scope| {
        let templates = scope.spawn(|| render::Templates::load(&config.templates));
        let krate = lower_specs(&config);
        let templates = templates
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (krate, templates)
    });
    let (krate, templates) = (krate?, templates?);
    let mut output = render_crate(&krate, &templates)?;
    if let (Some(runtime), Some(package)) = (&config.vendor_runtime, &config.info.runtime_package) {
        vendor::add_runtime(runtime, package, &mut output)?;
    }
    Ok((krate, output))
}

/// Renders and formats a lowered crate: its files, in memory.
pub fn render_crate(krate: &ir::Crate, templates: &render::Templates) -> Result<Output> {
    // Each file is rendered and formatted in one job, so the cores stay busy
    // through both stages; results come back in job order.
    templates
        .map_jobs(krate, |job| {
            let file = templates.render(job)?;
            format::finish(&file).map(|text| (file.path, text))
        })
        .into_iter()
        .collect()
}
