//! Embeds the templates (`../templates`) and the runtime crate's sources
//! (`../runtime`: its manifest, README and the Rust files under `src/`) in the
//! generator, so that a generator installed with `cargo install` runs from
//! any directory, with no checkout of this repository around it.
//!
//! Writes `$OUT_DIR/embedded.rs`: two sorted tables of `(relative path,
//! include_str!(absolute path))`, read by `render::Templates::embedded` and
//! `vendor::RuntimeSource::Embedded`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let root = manifest_dir
        .parent()
        .expect("the generator sits in the workspace")
        .to_owned();
    let templates = root.join("templates");
    let runtime = root.join("runtime");
    for watched in [
        templates.clone(),
        runtime.join("src"),
        runtime.join("Cargo.toml"),
        runtime.join("README.md"),
    ] {
        println!("cargo:rerun-if-changed={}", watched.display());
    }

    let mut template_files = files_under(&templates, "");
    template_files.retain(|(relative, _)| relative.ends_with(".j2"));
    let mut runtime_files = vec![
        ("Cargo.toml".to_owned(), runtime.join("Cargo.toml")),
        ("README.md".to_owned(), runtime.join("README.md")),
    ];
    let mut sources = files_under(&runtime.join("src"), "src/");
    sources.retain(|(relative, _)| relative.ends_with(".rs"));
    runtime_files.extend(sources);

    let mut out = String::new();
    table(&mut out, "TEMPLATES", &template_files);
    table(&mut out, "RUNTIME", &runtime_files);
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    std::fs::write(out_dir.join("embedded.rs"), out).expect("write embedded.rs");
}

/// Every file under `dir`, by its `/`-separated path after `prefix`, sorted.
fn files_under(dir: &Path, prefix: &str) -> Vec<(String, PathBuf)> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(current) = stack.pop() {
        let entries = std::fs::read_dir(&current)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", current.display()));
        for entry in entries {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(dir).expect("under dir");
                let relative: Vec<String> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                found.push((format!("{prefix}{}", relative.join("/")), path));
            }
        }
    }
    found.sort();
    found
}

fn table(out: &mut String, name: &str, files: &[(String, PathBuf)]) {
    writeln!(out, "pub(crate) static {name}: &[(&str, &str)] = &[").unwrap();
    for (relative, path) in files {
        writeln!(
            out,
            "    ({relative:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    writeln!(out, "];").unwrap();
}
