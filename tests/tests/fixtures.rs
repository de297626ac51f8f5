//! The fixture specs in `tests/fixtures/`: small OpenAPI 3.0.3 documents,
//! each exercising naming rules or schema shapes. For each, an insta
//! snapshot of its IR and of every file generated for its module; then one
//! test that generates a crate with every fixture as a module and builds it
//! with `cargo check` and `cargo clippy -D warnings`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use generator::{Config, CrateInfo, SpecInput};

/// Every fixture; each becomes a module of the same name.
const FIXTURES: &[&str] = &[
    "keywords",
    "collisions",
    "digits",
    "nullable",
    "enums",
    "one_of",
    "nested",
    "recursive",
    "params",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_owned()
}

/// A configuration generating `fixtures`, each as its own module, with the
/// repository's templates.
fn config(fixtures: &[&str]) -> Config {
    Config {
        info: CrateInfo {
            package: "fixture-client".into(),
            version: "0.0.0".into(),
            description: "Generated from the generator's test fixtures.".into(),
        },
        specs: fixtures
            .iter()
            .map(|name| SpecInput {
                module: (*name).into(),
                path: root().join("tests/fixtures").join(format!("{name}.yaml")),
                display: format!("tests/fixtures/{name}.yaml"),
            })
            .collect(),
        templates: root().join("templates"),
    }
}

/// Snapshot of the fixture's IR, as YAML.
#[track_caller]
fn assert_ir(fixture: &str) {
    let krate = generator::lower_specs(&config(&[fixture])).unwrap_or_else(|e| panic!("{e}"));
    insta::assert_yaml_snapshot!(format!("{fixture}_ir"), krate);
}

/// Snapshots of `src/lib.rs` and of every file under `src/<fixture>/`.
#[track_caller]
fn assert_output(fixture: &str) {
    let (_, output) = generator::generate(&config(&[fixture])).unwrap_or_else(|e| panic!("{e}"));
    let module_dir = format!("src/{fixture}/");
    let files: Vec<(&String, &String)> = output
        .iter()
        .filter(|(path, _)| *path == "src/lib.rs" || path.starts_with(&module_dir))
        .collect();
    assert_eq!(files.len(), 4, "lib.rs, mod.rs, models.rs and api.rs");
    for (path, text) in files {
        let file = path.rsplit('/').next().unwrap_or(path);
        insta::assert_snapshot!(format!("{fixture}_{file}"), text);
    }
}

macro_rules! fixture_tests {
    ($($fixture:ident),* $(,)?) => {
        mod ir {
            $(
                #[test]
                fn $fixture() {
                    super::assert_ir(stringify!($fixture));
                }
            )*
        }

        mod output {
            $(
                #[test]
                fn $fixture() {
                    super::assert_output(stringify!($fixture));
                }
            )*
        }

        #[test]
        fn every_fixture_has_tests() {
            let tested = [$(stringify!($fixture)),*];
            assert_eq!(tested, FIXTURES);
            let mut on_disk: Vec<String> = std::fs::read_dir(root().join("tests/fixtures"))
                .expect("tests/fixtures")
                .filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".yaml").map(str::to_owned))
                .collect();
            on_disk.sort();
            let mut listed: Vec<&str> = FIXTURES.to_vec();
            listed.sort();
            assert_eq!(on_disk, listed, "every tests/fixtures/*.yaml is listed in FIXTURES");
        }
    };
}

fixture_tests!(keywords, collisions, digits, nullable, enums, one_of, nested, recursive, params);

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

/// Removes files under `dir/src` that `keep` does not list (a fixture that
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

/// Runs `cargo <args>` in the fixture crate; panics with cargo's output on
/// failure.
fn cargo(dir: &Path, target: &Path, args: &[&str]) {
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
    eprintln!("cargo {} took {:.1?}", args.join(" "), started.elapsed());
    assert!(
        out.status.success(),
        "`cargo {}` failed on the fixture crate in {}:\n{}{}",
        args.join(" "),
        dir.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
}

/// Every fixture in one crate (they share the one server, so they share
/// the crate's sites), built with `cargo check` and linted with
/// `cargo clippy -D warnings`. The crate lives in
/// `target/fixture-check/crate` and builds into `target/fixture-check`, with
/// the workspace's `Cargo.lock`, so repeated runs are incremental and use
/// the same dependency versions as the workspace.
#[test]
fn fixture_crate_compiles_without_warnings() {
    let (krate, mut output) =
        generator::generate(&config(FIXTURES)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(krate.sites.len(), 1, "the fixtures share one server");
    assert_eq!(
        krate
            .apis
            .iter()
            .map(|a| a.module.as_str())
            .collect::<Vec<_>>(),
        FIXTURES
    );

    let manifest = output
        .get_mut("Cargo.toml")
        .expect("Cargo.toml is generated");
    manifest.push_str("\n# Added by the fixture test: not part of the workspace.\n[workspace]\n");
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).expect("workspace Cargo.lock");

    let target = root().join("target/fixture-check");
    let dir = target.join("crate");
    for (path, text) in &output {
        write_if_changed(&dir.join(path), text);
    }
    // Cargo prunes the lock to the crate's own dependencies; rewriting it
    // each run keeps it in step with the workspace and rebuilds nothing.
    write_if_changed(&dir.join("Cargo.lock"), &lock);
    remove_stale(&dir, &output);

    cargo(&dir, &target, &["check", "--offline", "--quiet"]);
    cargo(
        &dir,
        &target,
        &["clippy", "--offline", "--quiet", "--", "-D", "warnings"],
    );
}
