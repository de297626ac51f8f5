//! Building a generated crate for real: write it under `target/`, outside
//! the workspace, and run `cargo check` and `cargo clippy -D warnings` on it
//! without its features and with `mock` (its typed mocks) and `cli` (its
//! command line), and its doc
//! examples (`cargo test --doc --features mock`: every operation's example,
//! and the mocks' example, compiles).
//!
//! Shared by `fixtures.rs`, `real_specs.rs` and `mocks.rs`, which include it with
//! `#[path = "common/crate_check.rs"] mod crate_check;` (it is not part of
//! `common/mod.rs`, whose helpers need the generated Datadog client).
//!
//! Only changed files are rewritten, and every such crate builds into one
//! target directory (`target/crate-check`) with the workspace's
//! `Cargo.lock`, so repeated runs are incremental, the dependencies are
//! built once for all of them, and they are the workspace's versions.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_owned()
}

/// The runtime crate's path as seen from a crate [`check_crate`] writes
/// (`<root>/target/<name>/crate`): relative, so that snapshots of the IR are
/// the same in every checkout.
pub fn runtime_path() -> String {
    "../../../runtime".to_owned()
}

/// Writes `output` to `<place>/crate` as a stand-alone crate (its own
/// `[workspace]`, the workspace's `Cargo.lock`), then runs
/// `cargo check --offline`, `cargo clippy --offline -- -D warnings` (without
/// features, as a normal build sees the crate, then with `mock` and `cli`,
/// the command-line binary included) and
/// `cargo test --doc --offline --features mock` in it with the shared
/// `CARGO_TARGET_DIR=target/crate-check`. Panics with cargo's output on
/// failure. `what` names the crate in messages.
pub fn check_crate(place: &Path, output: generator::Output, what: &str) {
    let dir = write_crate(place, output);
    let shared = root().join("target/crate-check");
    cargo(&dir, &shared, what, &["check", "--offline", "--quiet"]);
    cargo(
        &dir,
        &shared,
        what,
        &["clippy", "--offline", "--quiet", "--", "-D", "warnings"],
    );
    cargo(
        &dir,
        &shared,
        what,
        &[
            "clippy",
            "--offline",
            "--quiet",
            "--all-targets",
            "--features",
            "mock,cli",
            "--",
            "-D",
            "warnings",
        ],
    );
    cargo(
        &dir,
        &shared,
        what,
        &[
            "test",
            "--doc",
            "--offline",
            "--quiet",
            "--features",
            "mock",
        ],
    );
}

/// Like [`check_crate`], but runs only `cargo clippy -- -D warnings`,
/// without features: for a crate the workspace builds with `mock` on.
pub fn lint_crate_without_features(place: &Path, output: generator::Output, what: &str) {
    let dir = write_crate(place, output);
    let shared = root().join("target/crate-check");
    cargo(
        &dir,
        &shared,
        what,
        &["clippy", "--offline", "--quiet", "--", "-D", "warnings"],
    );
}

/// Writes `output` to `<place>/crate` as a stand-alone crate and runs its
/// integration tests (`tests/*.rs` in `output`) with
/// `cargo test --offline --tests`, in the shared target directory.
pub fn test_crate(place: &Path, output: generator::Output, what: &str) {
    let dir = write_crate(place, output);
    let shared = root().join("target/crate-check");
    cargo(
        &dir,
        &shared,
        what,
        &["test", "--offline", "--quiet", "--tests"],
    );
}

/// Writes `output` to `<place>/crate` with `files` beside it (its own
/// tests, by path) and `manifest_tail` appended to its `Cargo.toml` (its
/// dev-dependencies), then runs `cargo <args>` in it with the shared
/// target directory: for tests that drive a generated client over the wire.
pub fn run_in_crate(
    place: &Path,
    mut output: generator::Output,
    files: &[(&str, &str)],
    manifest_tail: &str,
    what: &str,
    args: &[&str],
) {
    for (path, text) in files {
        output.insert((*path).to_owned(), (*text).to_owned());
    }
    if let Some(manifest) = output.get_mut("Cargo.toml") {
        manifest.push_str(manifest_tail);
    }
    let dir = write_crate(place, output);
    cargo(&dir, &root().join("target/crate-check"), what, args);
}

/// Runs `cargo <args>` in the crate at `dir` (written by [`write_crate`])
/// with the shared target directory; panics with cargo's output on failure.
pub fn cargo_in(dir: &Path, what: &str, args: &[&str]) {
    cargo(dir, &root().join("target/crate-check"), what, args);
}

/// Writes `output` to `<place>/crate` as a stand-alone crate and returns
/// its directory.
pub fn write_crate(place: &Path, mut output: generator::Output) -> PathBuf {
    let manifest = output
        .get_mut("Cargo.toml")
        .expect("Cargo.toml is generated");
    manifest
        .push_str("\n# Added by the workspace tests: not part of the workspace.\n[workspace]\n");
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).expect("workspace Cargo.lock");

    let dir = place.join("crate");
    assert_eq!(
        dir.parent().and_then(Path::parent).and_then(Path::parent),
        Some(root().as_path()),
        "the crate must sit at <root>/target/<name>/crate for `runtime_path`"
    );
    for (path, text) in &output {
        write_if_changed(&dir.join(path), text);
    }
    // Cargo prunes the lock to the crate's own dependencies; rewriting it
    // each run keeps it in step with the workspace and rebuilds nothing.
    write_if_changed(&dir.join("Cargo.lock"), &lock);
    remove_stale(&dir, &output);
    dir
}

/// Writes `text` to `path` unless it is there already, so that cargo sees
/// unchanged files as unchanged.
fn write_if_changed(path: &Path, text: &str) {
    if std::fs::read(path).is_ok_and(|old| old == text.as_bytes()) {
        return;
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create directory");
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// Removes files under `dir/src` that `keep` does not list (a module that
/// was removed), so they cannot linger.
fn remove_stale(dir: &Path, keep: &generator::Output) {
    let mut stack = vec![dir.join("src")];
    while let Some(current) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let relative = path.strip_prefix(dir).expect("under dir");
            let relative = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            if !keep.contains_key(&relative) {
                std::fs::remove_file(&path).expect("remove stale file");
            }
        }
    }
}

/// Runs `cargo <args>` in the crate at `dir`; panics with cargo's output on
/// failure.
fn cargo(dir: &Path, target: &Path, what: &str, args: &[&str]) {
    let started = Instant::now();
    let (subcommand, rest) = args.split_first().expect("a cargo subcommand");
    let out = Command::new(env!("CARGO"))
        .arg(subcommand)
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .args(rest)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .expect("run cargo");
    eprintln!(
        "{what}: cargo {} took {:.1?}",
        args.join(" "),
        started.elapsed()
    );
    assert!(
        out.status.success(),
        "`cargo {}` failed on the {what} in {}:\n{}{}",
        args.join(" "),
        dir.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
}
