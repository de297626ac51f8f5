//! Real-world specs: the OpenAPI examples of `@readme/oas-examples`,
//! vendored unmodified in `tests/real-specs/` (see its README.md).
//!
//! Each spec has an expected outcome: it generates, or it fails with a given
//! error variant at a given JSON pointer. The generator must never panic.
//! Then every spec that generates becomes a module of one crate, which must
//! pass `cargo check` and `cargo clippy -D warnings`.

#[path = "common/crate_check.rs"]
mod crate_check;

use std::panic::{catch_unwind, AssertUnwindSafe};

use generator::naming::{sanitize, Case};
use generator::{Config, CrateInfo, Error, SpecInput};

use crate_check::{check_crate, root, runtime_path};

/// What generating a spec on its own must give.
#[derive(Debug, Clone, Copy)]
enum Expected {
    /// Generates; part of the crate that must compile without warnings.
    Generates,
    /// [`Error::UnsupportedVersion`] at this pointer, naming this version.
    UnsupportedVersion(&'static str, &'static str),
}

use Expected::{Generates, UnsupportedVersion};

/// Every vendored spec (file name under `tests/real-specs/`) and its
/// expected outcome. The compile test builds the `Generates` ones in this order.
const SPECS: &[(&str, Expected)] = &[
    ("petstore.yaml", Generates),
    ("petstore-expanded.yaml", Generates),
    ("petstore-json.json", Generates),
    ("discriminators.yaml", Generates),
    ("polymorphism.yaml", Generates),
    ("schema-types.yaml", Generates),
    ("schema-additional-properties.yaml", Generates),
    ("schema-circular.yaml", Generates),
    ("complex-nesting.yaml", Generates),
    ("parameters-common.yaml", Generates),
    ("parameters-extreme.yaml", Generates),
    ("security-multiple.yaml", Generates),
    ("server-variables.yaml", Generates),
    ("form-data.yaml", Generates),
    ("file-uploads.yaml", Generates),
    ("response-multiple-mediatypes.yaml", Generates),
    ("uspto.yaml", Generates),
    ("http-status-codes.yaml", Generates),
    // The largest (356 KB, ~25k lines of Rust): about 9 s of the compile
    // test's check + clippy of the crate itself.
    ("star-trek.yaml", Generates),
    // OpenAPI 3.1, read through the normalizing pass into 3.0.
    ("openapi-3.1-petstore-simple.yaml", Generates),
    // Every parameter style, array and object path values among them (taken
    // as text).
    ("parameters-style.yaml", Generates),
    // A recursive schema that refers to itself through `#/paths/...`:
    // moved into the components, so the recursion is a boxed field.
    ("circular-paths.yaml", Generates),
    // Servers on path items and operations, and a path item that is a
    // `$ref` to another (`$ref: '#/paths/...'`): a copy of it, whose
    // operations are named from their own path.
    ("server-path-level.yaml", Generates),
    // Swagger's Petstore 3 (swagger-api/swagger-petstore, Apache-2.0): an
    // OAuth2 scheme and an API key, alternatives per operation; also
    // driven against Prism through its command line (`prism_petstore3.rs`).
    ("petstore3.yaml", Generates),
    (
        "swagger-2.0-petstore-minimal.yaml",
        UnsupportedVersion("#/swagger", "2.0"),
    ),
];

/// The module a spec becomes: its sanitized file stem.
fn module(file: &str) -> String {
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    sanitize(stem, Case::Snake)
}

fn input(file: &str) -> SpecInput {
    SpecInput {
        module: module(file),
        path: root().join("tests/real-specs").join(file),
        display: format!("tests/real-specs/{file}"),
    }
}

fn config(files: &[&str]) -> Config {
    Config {
        info: CrateInfo::new(
            "real-specs-client",
            "0.0.0",
            "Generated from the vendored real-world specs.",
            &runtime_path(),
        ),
        specs: files.iter().map(|file| input(file)).collect(),
        templates: root().join("templates"),
        vendor_runtime: None,
    }
}

/// Generates `files` as one crate; a panic becomes an `Err` with its message.
fn generate(
    files: &[&str],
) -> Result<generator::Result<(generator::ir::Crate, generator::Output)>, String> {
    let config = config(files);
    catch_unwind(AssertUnwindSafe(|| generator::generate(&config))).map_err(|panic| {
        panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_else(|| "a panic without a message".to_owned())
    })
}

/// Whether `result` is what `expected` says; `None` if so, else what is wrong.
fn mismatch(
    file: &str,
    expected: Expected,
    result: &generator::Result<(generator::ir::Crate, generator::Output)>,
) -> Option<String> {
    let display = format!("tests/real-specs/{file}");
    let matches = match (expected, result) {
        (Generates, Ok(_)) => true,
        (
            UnsupportedVersion(pointer, version),
            Err(Error::UnsupportedVersion {
                location,
                version: found,
            }),
        ) => location.file == display && location.pointer == pointer && found == version,
        _ => false,
    };
    if matches {
        return None;
    }
    Some(match result {
        Ok(_) => format!("{file}: expected {expected:?}, but it generated"),
        Err(e) => format!("{file}: expected {expected:?}, got {e:?}\n    {e}"),
    })
}

/// Each spec on its own: the expected outcome, and never a panic.
#[test]
fn each_spec_has_its_expected_outcome() {
    let mut problems = Vec::new();
    for &(file, expected) in SPECS {
        match generate(&[file]) {
            Err(panic) => problems.push(format!("{file}: the generator panicked: {panic}")),
            Ok(result) => problems.extend(mismatch(file, expected, &result)),
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

/// Every `tests/real-specs/*.{yaml,json}` is in [`SPECS`], once, and every
/// entry is on disk.
#[test]
fn every_vendored_spec_is_listed() {
    let mut on_disk: Vec<String> = std::fs::read_dir(root().join("tests/real-specs"))
        .expect("tests/real-specs")
        .filter_map(|e| e.ok()?.file_name().to_str().map(str::to_owned))
        .filter(|name| name.ends_with(".yaml") || name.ends_with(".json"))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = SPECS.iter().map(|(f, _)| (*f).to_owned()).collect();
    listed.sort();
    assert_eq!(on_disk, listed, "tests/real-specs and SPECS differ");

    let mut modules: Vec<String> = SPECS.iter().map(|(f, _)| module(f)).collect();
    modules.sort();
    modules.dedup();
    assert_eq!(modules.len(), SPECS.len(), "two specs share a module name");
}

/// Every spec that generates, each as its own module of one crate, built
/// with `cargo check` and linted with `cargo clippy -D warnings`. The crate
/// lives in `target/real-specs-check/crate` and builds into
/// `target/real-specs-check`.
#[test]
fn real_spec_crate_compiles_without_warnings() {
    let files: Vec<&str> = SPECS
        .iter()
        .filter(|(_, expected)| matches!(expected, Generates))
        .map(|(file, _)| *file)
        .collect();
    let (krate, output) = match generate(&files) {
        Err(panic) => panic!("the generator panicked on the combined crate: {panic}"),
        Ok(Err(e)) => panic!("the combined crate does not generate: {e}"),
        Ok(Ok(generated)) => generated,
    };
    let modules: Vec<String> = files.iter().map(|f| module(f)).collect();
    assert_eq!(
        krate
            .apis
            .iter()
            .map(|a| a.module.as_str())
            .collect::<Vec<_>>(),
        modules,
        "each spec is the module named after its file"
    );

    check_crate(
        &root().join("target/real-specs-check"),
        output,
        "real-spec crate",
    );
}
