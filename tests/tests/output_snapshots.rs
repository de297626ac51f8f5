//! Insta snapshots of every file generated for the real crate. The runtime
//! is not among them: it is the `client-runtime` crate, a dependency.

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
        assert!(
            !path.contains("runtime"),
            "{path}: the runtime is a dependency, not generated"
        );
        insta::assert_snapshot!(path.replace('/', "__"), text);
        snapshotted += 1;
    }
    // Cargo.toml, rustfmt.toml, src/lib.rs, src/mock.rs, src/cli.rs,
    // src/bin/cli.rs, and mod.rs, models.rs, api.rs, cli.rs per spec.
    assert_eq!(
        snapshotted,
        6 + 4 * 2,
        "{:?}",
        output.keys().collect::<Vec<_>>()
    );
}
