//! The broken specs in `tests/broken/`: each fails to generate with an
//! error that names the file and, where the problem is inside the
//! document, its JSON pointer or line, and the messages are snapshotted so
//! that a reviewer sees any change in what a user is told. (That a failed
//! run leaves its output directory as it was is `pipeline.rs`'s test.)

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
    Config {
        info: CrateInfo::new("broken-client", "0.0.0", "Never built.", "runtime"),
        specs: vec![SpecInput {
            module: "api".into(),
            path: root().join("tests/broken").join(file),
            display: format!("tests/broken/{file}"),
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
