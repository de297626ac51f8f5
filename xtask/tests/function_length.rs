//! No function of shipped code in generator/, runtime/, xtask/ or keys/
//! is over 80 lines unless a `// long: <reason>` comment above it says why
//! (see `xtask::stats`; `cargo xtask stats` prints the whole list).

use xtask::stats::{all_functions, long_functions, MARKER, MAX_LINES};

#[test]
fn every_long_function_gives_a_reason() {
    let long = long_functions(&xtask::project_root()).unwrap_or_else(|e| panic!("{e}"));
    let unexplained: Vec<String> = long
        .iter()
        .filter(|f| f.unexplained())
        .map(|f| format!("  {f}"))
        .collect();
    assert!(
        unexplained.is_empty(),
        "functions over {MAX_LINES} lines with no `{MARKER} <reason>` comment above them \
         (split them, or say why not):\n{}",
        unexplained.join("\n")
    );
}

#[test]
fn the_walk_reads_every_crate() {
    // A walk that read no file would pass the rule above.
    let all = all_functions(&xtask::project_root()).unwrap_or_else(|e| panic!("{e}"));
    let has = |file: &str, name: &str, test: bool| {
        all.iter()
            .any(|f| f.file == file && f.name == name && f.test == test)
    };
    assert!(has("generator/src/load/mod.rs", "parse", false));
    assert!(has("runtime/src/lib.rs", "crate_paths", true));
    assert!(has("xtask/src/stats.rs", "long_functions", false));
    assert!(has(
        "xtask/tests/function_length.rs",
        "the_walk_reads_every_crate",
        true
    ));
    assert!(has("keys/src/main.rs", "main", false));
}
