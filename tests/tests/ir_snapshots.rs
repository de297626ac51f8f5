//! Insta snapshots of the IR of the project's two specs: every name, type
//! and fact the templates will lay out, reviewable in one place.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_owned()
}

#[test]
fn ir_of_the_real_specs() {
    let krate = generator::lower_specs(&xtask::config(&root())).unwrap_or_else(|e| panic!("{e}"));
    let summary = serde_json::json!({
        "package": krate.package,
        "version": krate.version,
        "description": krate.description,
        "runtime": krate.runtime,
        "profile": krate.profile,
        "sites": krate.sites,
        "credentials": krate.credentials,
        "modules": krate.apis.iter().map(|a| &a.module).collect::<Vec<_>>(),
    });
    insta::assert_yaml_snapshot!("crate", summary);
    assert_eq!(krate.apis.len(), 2);
    for api in &krate.apis {
        insta::assert_yaml_snapshot!(format!("ir_{}", api.module), api);
    }
}
