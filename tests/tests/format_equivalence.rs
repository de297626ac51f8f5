//! The format stage takes shortcuts for speed (pieces parsed on all cores,
//! doc comments set aside while syn and prettyplease run); what it prints
//! must still be exactly what prettyplease prints for the whole rendered
//! file. Checked on every file of every fixture, every real-world spec and
//! the project's own specs.

use std::path::{Path, PathBuf};

use generator::format::{format_rust, format_rust_reference};
use generator::render::FileKind;
use generator::{Config, CrateInfo, SpecInput, Templates};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_owned()
}

/// Every spec file the tests generate from: the fixtures (a directory's
/// `openapi.yaml` for a split one) and the real-world specs, sorted.
fn spec_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["tests/fixtures", "tests/real-specs"] {
        for entry in std::fs::read_dir(root().join(dir)).expect("read_dir") {
            let path = entry.expect("entry").path();
            let split = path.join("openapi.yaml");
            if split.is_file() {
                files.push(split);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "json")
            ) {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn config_for(path: &Path) -> Config {
    Config {
        info: CrateInfo::new("equivalence", "0.0.0", "Format equivalence.", "../runtime"),
        specs: vec![SpecInput {
            module: "api".into(),
            path: path.to_owned(),
            display: path.display().to_string(),
        }],
        templates: root().join("templates"),
        vendor_runtime: None,
    }
}

/// Each Rust file of the crate `config` describes, formatted both ways;
/// the number of files compared.
#[track_caller]
fn assert_same_format(config: &Config, what: &str) -> usize {
    let krate = match generator::lower_specs(config) {
        Ok(krate) => krate,
        // Specs that do not generate are the subject of other tests.
        Err(_) => return 0,
    };
    let templates = Templates::load(&config.templates).unwrap_or_else(|e| panic!("{e}"));
    let mut compared = 0;
    for job in templates.jobs(&krate) {
        let file = templates
            .render(&job)
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        if file.kind != FileKind::Rust {
            continue;
        }
        let fast = format_rust(&file, String::new()).unwrap_or_else(|e| panic!("{e}"));
        let reference =
            format_rust_reference(&file, String::new()).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            fast == reference,
            "{what}, {}: the format stage prints otherwise than prettyplease:\n{}",
            file.path,
            first_difference(&fast, &reference)
        );
        compared += 1;
    }
    compared
}

/// The first line where `a` and `b` differ, both versions.
fn first_difference(a: &str, b: &str) -> String {
    let (n, (x, y)) = a
        .lines()
        .zip(b.lines())
        .enumerate()
        .find(|(_, (x, y))| x != y)
        .unwrap_or((a.lines().count().min(b.lines().count()), ("(end)", "(end)")));
    format!("line {}:\n  fast:      {x}\n  reference: {y}", n + 1)
}

#[test]
fn every_fixture_and_real_spec_formats_as_prettyplease_prints_it() {
    let mut compared = 0;
    for path in spec_files() {
        compared += assert_same_format(&config_for(&path), &path.display().to_string());
    }
    // Most of the specs generate, each into several Rust files.
    assert!(compared > 100, "only {compared} files compared");
}

#[test]
fn the_key_management_client_formats_as_prettyplease_prints_it() {
    let compared = assert_same_format(&xtask::config(&root()), "generated/");
    assert!(compared >= 8, "only {compared} files compared");
}
