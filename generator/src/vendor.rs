//! The runtime crate beside generated clients, and how clients share it.
//!
//! The runtime (`runtime/` in this repository, package `client-runtime`)
//! has the generator's version ([`RUNTIME_VERSION`]); every generated crate
//! checks that at build time (`runtime::__private::require_version`). A generated
//! crate always depends on it under the key `client-runtime`, so generated
//! code says `client_runtime`, whatever the package is called:
//!
//! - **shared**: one copy, package [`SHARED_PACKAGE`], that many clients
//!   point at by path (`clientgen generate --runtime DIR`): clients of one
//!   generator version build side by side in one workspace and one binary,
//!   and share its types;
//! - **vendored**: a copy inside the output under `runtime/`, renamed
//!   [`vendored_package`] (`<crate>-runtime`, library `<crate>_runtime`),
//!   so the directory builds wherever it is copied and two such clients
//!   cannot collide.
//!
//! Only the runtime's manifest, README and the Rust files of `src/` are copied; the manifest
//! names every value itself (no workspace inheritance), so a copy builds on
//! its own. The generator carries the runtime's files (and the templates)
//! inside it, embedded at build time by `build.rs`.

use std::path::Path;

use crate::error::{Error, Result};
use crate::write::Output;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// The version of the generator, which is the runtime's version too.
pub const RUNTIME_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The package name of a runtime shared by many clients.
pub const SHARED_PACKAGE: &str = "clientgen-runtime";

/// The runtime's package name in this repository.
const SOURCE_PACKAGE: &str = "client-runtime";

/// The package name of the runtime vendored into the crate `package`.
pub fn vendored_package(package: &str) -> String {
    format!("{package}-runtime")
}

/// The templates embedded in the generator: `(path under templates/, text)`,
/// sorted by path.
pub fn embedded_templates() -> &'static [(&'static str, &'static str)] {
    embedded::TEMPLATES
}

/// Where the runtime's files come from.
#[derive(Debug, Clone, Copy)]
pub enum RuntimeSource<'a> {
    /// The copy embedded in the generator when it was built.
    Embedded,
    /// A runtime crate's directory (`runtime/` of this repository).
    Dir(&'a Path),
}

/// The runtime crate's files, by path relative to its directory, as a
/// package named `package` (its library named the same with `_`).
pub fn runtime_crate(source: RuntimeSource<'_>, package: &str) -> Result<Output> {
    let mut files = match source {
        RuntimeSource::Embedded => embedded::RUNTIME
            .iter()
            .map(|(path, text)| ((*path).to_owned(), (*text).to_owned()))
            .collect(),
        RuntimeSource::Dir(dir) => read_runtime(dir)?,
    };
    let manifest = files.get("Cargo.toml").ok_or_else(|| Error::Template {
        template: "runtime/Cargo.toml".into(),
        message: "the runtime crate has no manifest".into(),
    })?;
    let renamed = rename_package(manifest, package)?;
    files.insert("Cargo.toml".into(), renamed);
    Ok(files)
}

/// Adds the runtime crate at `dir` to `output`, under `runtime/`, as the
/// package `package`.
pub fn add_runtime(dir: &Path, package: &str, output: &mut Output) -> Result<()> {
    for (path, text) in runtime_crate(RuntimeSource::Dir(dir), package)? {
        output.insert(format!("runtime/{path}"), text);
    }
    Ok(())
}

/// The runtime's version as its manifest states it (`version = "…"` in
/// `[package]`), if it states one.
pub fn manifest_version(manifest: &str) -> Option<&str> {
    let mut in_package = false;
    for line in manifest.lines() {
        if line.starts_with('[') {
            in_package = line.trim() == "[package]";
        } else if let Some(value) = line.strip_prefix("version").filter(|_| in_package) {
            if let Some(value) = value.trim_start().strip_prefix('=') {
                return Some(value.trim().trim_matches('"'));
            }
        }
    }
    None
}

/// The manifest with the package called `package` and the library
/// `package` with `_`: one line of `[package]` and one of `[lib]` change.
fn rename_package(manifest: &str, package: &str) -> Result<String> {
    let library = package.replace('-', "_");
    let package_line = format!("name = \"{SOURCE_PACKAGE}\"");
    let library_line = format!("name = \"{}\"", SOURCE_PACKAGE.replace('-', "_"));
    let mut found = (false, false);
    let lines: Vec<String> = manifest
        .lines()
        .map(|line| {
            if line == package_line && !found.0 {
                found.0 = true;
                format!("name = \"{package}\"")
            } else if line == library_line && !found.1 {
                found.1 = true;
                format!("name = \"{library}\"")
            } else {
                line.to_owned()
            }
        })
        .collect();
    if found != (true, true) {
        return Err(Error::Template {
            template: "runtime/Cargo.toml".into(),
            message: format!(
                "the runtime's manifest must hold the lines `{package_line}` and `{library_line}`"
            ),
        });
    }
    Ok(lines.join("\n") + "\n")
}

/// The manifest, README and every file under `src/` of the crate at `dir`.
fn read_runtime(dir: &Path) -> Result<Output> {
    let read = |path: &Path| {
        std::fs::read_to_string(path).map_err(|source| Error::Read {
            file: path.display().to_string(),
            source,
        })
    };
    let mut files = Output::new();
    files.insert("Cargo.toml".into(), read(&dir.join("Cargo.toml"))?);
    files.insert("README.md".into(), read(&dir.join("README.md"))?);
    files.extend(crate::write::read_tree(&dir.join("src"), "src/", "rs")?);
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_runtime_is_renamed_and_has_the_generators_version() {
        let files = runtime_crate(RuntimeSource::Embedded, "petstore-runtime").unwrap();
        let manifest = &files["Cargo.toml"];
        assert!(
            manifest.contains("\nname = \"petstore-runtime\"\n"),
            "{manifest}"
        );
        assert!(
            manifest.contains("\nname = \"petstore_runtime\"\n"),
            "{manifest}"
        );
        assert!(!manifest.contains("client-runtime\""), "{manifest}");
        assert_eq!(manifest_version(manifest), Some(RUNTIME_VERSION));
        assert!(files.contains_key("src/lib.rs"));
        assert!(files.contains_key("src/version.rs"));
        assert!(files.contains_key("README.md"));
    }

    #[test]
    fn the_embedded_runtime_is_the_runtime_directory() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime");
        let from_dir = runtime_crate(RuntimeSource::Dir(&dir), SHARED_PACKAGE).unwrap();
        let embedded = runtime_crate(RuntimeSource::Embedded, SHARED_PACKAGE).unwrap();
        assert_eq!(from_dir, embedded);
    }

    #[test]
    fn a_manifest_without_the_expected_names_is_refused() {
        let error = rename_package("[package]\nname = \"other\"\n", "x-runtime").unwrap_err();
        assert!(
            error.to_string().contains("`name = \"client-runtime\"`"),
            "{error}"
        );
    }

    #[test]
    fn versions_are_read_from_the_package_table() {
        let manifest =
            "[package]\nname = \"a\"\nversion = \"1.2.3\"\n\n[dependencies]\nversion = \"9\"\n";
        assert_eq!(manifest_version(manifest), Some("1.2.3"));
        assert_eq!(manifest_version("[dependencies]\nversion = \"9\"\n"), None);
        assert_eq!(
            manifest_version("[package]\nversion = \"0.2.0\"\n"),
            Some("0.2.0")
        );
    }
}
