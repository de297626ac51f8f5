//! A copy of the `client-runtime` crate inside the output, for generated
//! crates that must build wherever their directory is copied.
//!
//! The runtime's manifest, README and `src/` are copied as they are, under
//! `runtime/`; its tests and anything else stay behind. The runtime's
//! manifest names every value itself (no workspace inheritance), so the
//! copy builds on its own.

use std::path::Path;

use crate::error::{Error, Result};
use crate::write::Output;

/// Adds the runtime crate at `dir` to `output`, under `runtime/`.
pub fn add_runtime(dir: &Path, output: &mut Output) -> Result<()> {
    let read = |relative: &str| {
        let path = dir.join(relative);
        std::fs::read_to_string(&path).map_err(|source| Error::Read {
            file: path.display().to_string(),
            source,
        })
    };
    output.insert("runtime/Cargo.toml".into(), read("Cargo.toml")?);
    output.insert("runtime/README.md".into(), read("README.md")?);
    let src = dir.join("src");
    let unreadable = |source| Error::Read {
        file: src.display().to_string(),
        source,
    };
    let entries = std::fs::read_dir(&src).map_err(unreadable)?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(unreadable)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".rs") {
            names.push(name);
        }
    }
    names.sort();
    for name in names {
        output.insert(format!("runtime/src/{name}"), read(&format!("src/{name}"))?);
    }
    Ok(())
}
