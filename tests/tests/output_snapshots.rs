//! Insta snapshots of every file generated for the real crate, except the
//! runtime support files, which are copies of `templates/runtime/` (checked
//! here to be exactly that, plus the generated-file header).

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_owned()
}

#[test]
fn generated_files() {
    let (_, output) =
        generator::generate(&xtask::config(&root())).unwrap_or_else(|e| panic!("{e}"));
    let mut snapshotted = 0;
    for (path, text) in &output {
        if let Some(name) = path.strip_prefix("src/runtime/") {
            let template = std::fs::read_to_string(root().join("templates/runtime").join(name))
                .unwrap_or_else(|e| panic!("{path} has no template: {e}"));
            let body = text
                .split_once("\n\n")
                .map(|(_, body)| body)
                .unwrap_or_default();
            assert_eq!(
                body, template,
                "{path} is templates/runtime/{name} after the header"
            );
            continue;
        }
        insta::assert_snapshot!(path.replace('/', "__"), text);
        snapshotted += 1;
    }
    // Cargo.toml, rustfmt.toml, src/lib.rs, and mod.rs, models.rs, api.rs per spec.
    assert_eq!(
        snapshotted,
        3 + 3 * 2,
        "{:?}",
        output.keys().collect::<Vec<_>>()
    );
}
