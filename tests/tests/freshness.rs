//! `generated/` is exactly what the generator makes from `spec/` and
//! `templates/` today.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_owned()
}

#[test]
fn generated_crate_is_fresh() {
    let root = root();
    let (_, output) = generator::generate(&xtask::config(&root)).unwrap_or_else(|e| panic!("{e}"));
    let drift = generator::write::compare(&root.join("generated"), &output)
        .unwrap_or_else(|e| panic!("{e}"));
    if !drift.is_clean() {
        panic!("{drift}\ngenerated/ is stale: run `cargo xtask codegen`");
    }
}
