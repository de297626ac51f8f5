//! The two generators, run in memory: ours (`generator::generate`, i.e.
//! load + lower + render + format) and progenitor (parse + generate tokens +
//! prettyplease), each on the same spec files.

use std::path::{Path, PathBuf};

use generator::{Config, Output};

/// A generator's output: file path (relative to the crate root) → text.
pub type Files = Vec<(String, String)>;

/// Our generator on `config`, start to finish in memory.
pub fn ours(config: &Config) -> Output {
    match generator::generate(config) {
        Ok((_, output)) => output,
        Err(e) => panic!("our generator failed: {e}"),
    }
}

/// `config` with its specs replaced by one spec, `path`, as module `module`.
pub fn ours_on(config: &Config, module: &str, path: &Path) -> Config {
    let mut config = config.clone();
    config.specs = vec![generator::SpecInput {
        module: module.into(),
        path: path.to_owned(),
        display: path.display().to_string(),
    }];
    config
}

/// `config` with `client-runtime` vendored into the output as `runtime/`,
/// so that the output builds on its own outside the workspace.
pub fn vendored(config: &Config, root: &Path) -> Config {
    let mut config = config.clone();
    config.vendor_runtime = Some(root.join("runtime"));
    config.info.runtime_path = "runtime".into();
    config
}

/// The specs of `config`, as `(module, path)` pairs, for progenitor.
pub fn spec_paths(config: &Config) -> Vec<(String, PathBuf)> {
    config
        .specs
        .iter()
        .map(|s| (s.module.clone(), s.path.clone()))
        .collect()
}

/// progenitor with default settings on each spec: one formatted file per
/// spec, `src/<module>.rs`. Reading and parsing the YAML is included, as
/// it is in ours.
pub fn progenitor(specs: &[(String, PathBuf)]) -> Files {
    specs
        .iter()
        .map(|(module, path)| {
            let text = std::fs::read_to_string(path)
                .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
            (format!("src/{module}.rs"), progenitor_one(&text))
        })
        .collect()
}

/// progenitor on one spec's text, formatted.
pub fn progenitor_one(text: &str) -> String {
    let spec: openapiv3::OpenAPI = serde_yaml::from_str(text).expect("spec parses as OpenAPI");
    let mut generator = progenitor::Generator::new(&progenitor::GenerationSettings::default());
    let tokens = generator
        .generate_tokens(&spec)
        .unwrap_or_else(|e| panic!("progenitor rejected the spec: {e}"));
    let file: syn::File = syn::parse2(tokens).expect("progenitor emits a Rust file");
    prettyplease::unparse(&file)
}

/// The size of some Rust files.
#[derive(Debug, Clone, Copy, Default)]
pub struct Size {
    pub files: usize,
    /// All lines.
    pub lines: usize,
    /// Lines that are neither blank nor only a comment (`//`, `///`, `//!`).
    pub code: usize,
    pub bytes: usize,
}

/// The size of the Rust files among `files`.
pub fn rust_size<'a>(files: impl IntoIterator<Item = (&'a String, &'a String)>) -> Size {
    files
        .into_iter()
        .filter(|(path, _)| path.ends_with(".rs"))
        .fold(Size::default(), |size, (_, text)| Size {
            files: size.files + 1,
            lines: size.lines + text.lines().count(),
            code: size.code
                + text
                    .lines()
                    .map(str::trim_start)
                    .filter(|l| !l.is_empty() && !l.starts_with("//"))
                    .count(),
            bytes: size.bytes + text.len(),
        })
}

/// Writes `files` (paths relative to `dir`) under `dir`, as a generator
/// run by a user would.
pub fn write_files(dir: &Path, files: &[(String, String)]) -> Result<(), String> {
    for (path, text) in files {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}
