//! The broken specs in `tests/broken/`: each fails to generate with an
//! error that names the file and, where the problem is inside the
//! document, its JSON pointer or line, and the messages are snapshotted so
//! that a reviewer sees any change in what a user is told. (That a failed
//! run leaves its output directory as it was is `pipeline.rs`'s test.)
//! A directory there is a spec split across files, read from its
//! `openapi.yaml`.
//!
//! With `--skip-invalid-operations`, a spec whose only problems are inside
//! operations generates without them, each named in a warning.

use std::path::{Path, PathBuf};

use generator::{Config, CrateInfo, SpecInput};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_owned()
}

/// Every file under `tests/broken/`, by name.
fn broken_specs() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root().join("tests/broken"))
        .expect("tests/broken")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn config(file: &str) -> Config {
    let root_file = match root().join("tests/broken").join(file).is_dir() {
        true => format!("{file}/openapi.yaml"),
        false => file.to_owned(),
    };
    Config {
        info: CrateInfo::new("broken-client", "0.0.0", "Never built.", "runtime"),
        specs: vec![SpecInput {
            module: "api".into(),
            path: root().join("tests/broken").join(&root_file),
            display: format!("tests/broken/{root_file}"),
        }],
        templates: root().join("templates"),
        vendor_runtime: None,
    }
}

#[test]
fn each_broken_spec_fails_with_its_file_and_where() {
    let mut report = String::new();
    for file in broken_specs() {
        let error = match generator::generate(&config(&file)) {
            Ok(_) => panic!("tests/broken/{file} generated"),
            Err(error) => error.to_string(),
        };
        assert!(
            error.starts_with(&format!("tests/broken/{file}")),
            "{file}: the error does not start with the file: {error}"
        );
        // Everything but an unreadable document points into it.
        let located = error.contains('#') || error.contains("line ") || error.contains("offset ");
        assert!(located, "{file}: no pointer, line or offset: {error}");
        report.push_str(&format!("{file}:\n  {error}\n"));
    }
    insta::assert_snapshot!("broken_specs", report);
}

/// A spec of `tests/broken/`, generated with `--skip-invalid-operations`:
/// the crate, and the warnings of its one module.
fn generate_skipping(file: &str) -> generator::Result<(generator::ir::Crate, Vec<String>)> {
    let options = generator::load::LoadOptions {
        skip_invalid_operations: true,
    };
    let krate = generator::lower_specs_with_options(&config(file), options, &|_, _| {})?;
    let warnings = krate.apis[0].warnings.clone();
    Ok((krate, warnings))
}

fn operation_ids(krate: &generator::ir::Crate) -> Vec<String> {
    krate.apis[0]
        .operations
        .iter()
        .map(|op| op.id.clone())
        .collect()
}

#[test]
fn an_invalid_operation_refuses_the_spec_unless_it_is_skipped() {
    // Refused by default, at the operation.
    let error = generator::generate(&config("invalid-operation.yaml"))
        .map(|_| ())
        .expect_err("refused by default")
        .to_string();
    assert_eq!(
        error,
        "tests/broken/invalid-operation.yaml#/paths/~1organization~1certificates~1{certificate_id}/get/parameters/0 (line 14): path parameter `cert_id` does not appear in the path template"
    );
    // Skipped: the other two operations are generated, and the warning
    // names the operation's pointer and the reason.
    let (krate, warnings) = generate_skipping("invalid-operation.yaml").expect("generates");
    assert_eq!(
        operation_ids(&krate),
        ["listCertificates", "deleteCertificate"]
    );
    assert_eq!(
        warnings,
        [format!(
            "tests/broken/invalid-operation.yaml#/paths/~1organization~1certificates~1{{certificate_id}}/get (line 11): operation `GET /organization/certificates/{{certificate_id}}` left out (skip invalid operations): {error}"
        )]
    );
}

#[test]
fn skipping_covers_unknown_methods_and_operations_that_fail_to_lower() {
    for (file, pointer) in [
        // Found while loading.
        ("unknown-method.yaml", "#/paths/~1a/query"),
        // Found while lowering.
        ("content-parameter.yaml", "#/paths/~1a/get"),
    ] {
        let (krate, warnings) = generate_skipping(file).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(krate.apis[0].operations.len(), 0, "{file}");
        assert_eq!(warnings.len(), 1, "{file}: {warnings:?}");
        assert!(
            warnings[0].starts_with(&format!("tests/broken/{file}{pointer} (line ")),
            "{file}: {warnings:?}"
        );
    }
}

#[test]
fn errors_outside_operations_still_refuse_a_spec_when_skipping() {
    for file in ["empty-enum.yaml", "missing-info.yaml", "split-bad-pointer"] {
        let error = generate_skipping(file).map(|_| ()).expect_err(file);
        assert_eq!(
            error.to_string(),
            generator::generate(&config(file))
                .map(|_| ())
                .expect_err(file)
                .to_string(),
            "{file}"
        );
    }
}
