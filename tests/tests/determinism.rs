//! Two runs of the generator give the same bytes: in memory, and on disk
//! after `write_atomically`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_owned()
}

/// Every file under `dir`, by relative path, with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).expect("read_dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path
                    .strip_prefix(dir)
                    .expect("under dir")
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(relative, std::fs::read(&path).expect("read"));
            }
        }
    }
    out
}

#[test]
fn two_runs_write_identical_trees() {
    let config = xtask::config(&root());
    let (ir1, out1) = generator::generate(&config).unwrap_or_else(|e| panic!("{e}"));
    let (ir2, out2) = generator::generate(&config).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ir1, ir2, "the IR differs between runs");
    assert_eq!(out1, out2, "the output differs between runs");

    let tmp = tempfile::tempdir().expect("tempdir");
    let (dir1, dir2) = (
        tmp.path().join("one/generated"),
        tmp.path().join("two/generated"),
    );
    assert!(generator::write::write_atomically(&dir1, &out1).unwrap_or_else(|e| panic!("{e}")));
    assert!(generator::write::write_atomically(&dir2, &out2).unwrap_or_else(|e| panic!("{e}")));
    let (tree1, tree2) = (tree(&dir1), tree(&dir2));
    assert_eq!(
        tree1.keys().collect::<Vec<_>>(),
        out1.keys().collect::<Vec<_>>()
    );
    assert!(tree1 == tree2, "the written trees differ");
    for (path, text) in &out1 {
        assert_eq!(
            tree1[path],
            text.as_bytes(),
            "{path} on disk is not what was generated"
        );
    }
    // No staging or backup directory is left next to the output.
    let siblings: Vec<String> = std::fs::read_dir(tmp.path().join("one"))
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(siblings, ["generated"]);
    // Writing the same output again changes nothing.
    assert!(!generator::write::write_atomically(&dir1, &out2).unwrap_or_else(|e| panic!("{e}")));
}
