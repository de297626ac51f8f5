//! What a whole codegen run does on failure and on a small change.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use generator::write::write_atomically;
use generator::{Config, Error};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_owned()
}

/// Copies the directory tree `from` to `to`.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create_dir_all");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        if src.is_dir() {
            copy_dir(&src, &dst);
        } else {
            std::fs::copy(&src, &dst).expect("copy");
        }
    }
}

/// Every file under `dir` with its bytes and modification time.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, std::time::SystemTime)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).expect("read_dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let modified = std::fs::metadata(&path)
                    .and_then(|m| m.modified())
                    .expect("mtime");
                out.insert(
                    path.clone(),
                    (std::fs::read(&path).expect("read"), modified),
                );
            }
        }
    }
    out
}

/// The xtask's write path: generate, then write only if that succeeded.
/// Returns the result and whether the write was reached.
fn codegen(config: &Config, out_dir: &Path) -> (generator::Result<bool>, bool) {
    let mut reached_write = false;
    let result = generator::generate(config).and_then(|(_, output)| {
        reached_write = true;
        write_atomically(out_dir, &output)
    });
    (result, reached_write)
}

#[test]
fn failed_codegen_leaves_the_output_untouched() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let templates = tmp.path().join("templates");
    copy_dir(&root().join("templates"), &templates);

    // A good run first, so there is an output directory to protect.
    let mut config = xtask::config(&root());
    config.templates = templates.clone();
    let out_dir = tmp.path().join("generated");
    let (result, _) = codegen(&config, &out_dir);
    assert!(
        result.unwrap_or_else(|e| panic!("{e}")),
        "the first run writes"
    );
    std::fs::create_dir_all(out_dir.join("target/debug")).expect("a build directory");
    std::fs::write(out_dir.join("target/debug/marker"), "kept").expect("write");
    let before = snapshot(&out_dir);

    // Break the models template so that it emits invalid Rust.
    let models = templates.join("api/models.rs.j2");
    let text = std::fs::read_to_string(&models).expect("models template");
    assert!(
        text.contains("pub struct {{ model.rust_name"),
        "the template still declares structs this way"
    );
    std::fs::write(
        &models,
        text.replace(
            "pub struct {{ model.rust_name",
            "pub struct struct {{ model.rust_name",
        ),
    )
    .expect("write");

    let (result, reached_write) = codegen(&config, &out_dir);
    let err = result.expect_err("the broken template must fail the run");
    assert!(
        !reached_write,
        "write_atomically must not be reached after a failed generate"
    );
    let Error::InvalidRust {
        template,
        item,
        message,
        excerpt,
    } = &err
    else {
        panic!("expected InvalidRust, got {err:?}")
    };
    assert_eq!(template, "api/models.rs.j2");
    // The item is the first struct model of the first spec, by wire name.
    let krate = generator::lower_specs(&config).unwrap_or_else(|e| panic!("{e}"));
    let first_struct = krate.apis[0]
        .models
        .iter()
        .find(|m| matches!(m.kind, generator::ir::ModelKind::Struct { .. }))
        .expect("v1 has a struct");
    assert_eq!(item, &first_struct.wire_name);
    assert!(message.contains("rendered line"), "{message}");
    assert!(
        excerpt.contains(&format!("pub struct struct {}", first_struct.rust_name)),
        "{excerpt}"
    );
    let shown = err.to_string();
    assert!(
        shown.starts_with(&format!(
            "template `api/models.rs.j2` produced invalid Rust for `{}`: ",
            first_struct.wire_name
        )),
        "{shown}"
    );

    assert!(
        snapshot(&out_dir) == before,
        "the output directory changed after a failed run"
    );
    let siblings: Vec<String> = std::fs::read_dir(tmp.path())
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(
        siblings,
        ["generated", "templates"],
        "no staging directory is left behind"
    );
}

#[test]
fn editing_one_description_changes_one_doc_line() {
    let original = "Whether the user account is deactivated. Disabled users cannot log in.";
    let edited = "Whether the user account is deactivated. Disabled users cannot sign in.";
    let tmp = tempfile::tempdir().expect("tempdir");
    let spec_path = root().join("spec/v2/key_management.yaml");
    let text = std::fs::read_to_string(&spec_path).expect("v2 spec");
    assert_eq!(
        text.matches(original).count(),
        1,
        "the description is used once"
    );
    let copy = tmp.path().join("key_management.yaml");
    std::fs::write(&copy, text.replace(original, edited)).expect("write");

    let config = xtask::config(&root());
    let mut edited_config = config.clone();
    let v2 = edited_config
        .specs
        .iter_mut()
        .find(|s| s.module == "v2")
        .expect("v2 input");
    v2.path = copy; // same display name, so headers and sources are unchanged

    let (_, before) = generator::generate(&config).unwrap_or_else(|e| panic!("{e}"));
    let (_, after) = generator::generate(&edited_config).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    let changed: Vec<&String> = before
        .keys()
        .filter(|path| before[*path] != after[*path])
        .collect();
    assert_eq!(changed, ["src/v2/models.rs"]);

    let path = changed[0];
    let (old, new): (Vec<&str>, Vec<&str>) = (
        before[path].lines().collect(),
        after[path].lines().collect(),
    );
    assert_eq!(
        old.len(),
        new.len(),
        "only a line changed, none added or removed"
    );
    let differing: Vec<(&str, &str)> = old
        .iter()
        .zip(&new)
        .filter(|(a, b)| a != b)
        .map(|(a, b)| (*a, *b))
        .collect();
    assert_eq!(differing.len(), 1, "{differing:#?}");
    let (was, now) = differing[0];
    assert_eq!(was.trim_start(), format!("/// {original}"));
    assert_eq!(now.trim_start(), format!("/// {edited}"));
    assert_eq!(
        was.len() - was.trim_start().len(),
        now.len() - now.trim_start().len(),
        "same indentation"
    );
}
