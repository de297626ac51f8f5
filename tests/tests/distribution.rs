//! The generator as a user outside this repository gets it: `clientgen`
//! installed with `cargo install --path clientgen` into a temporary root,
//! run from a temporary directory outside the repository, generating
//! clients that build side by side in one workspace and one binary.
//!
//! The install builds into `target/install-check` and the clients into
//! `target/crate-check` (shared with the other crate-check tests), both
//! offline with this workspace's `Cargo.lock`, so repeated runs are
//! incremental.

#[path = "common/crate_check.rs"]
mod crate_check;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate_check::root;

/// Runs `program args` in `dir`; panics with its output unless it succeeds.
fn run(program: &Path, args: &[&str], dir: &Path, env: &[(&str, &Path)]) -> Output {
    let mut command = Command::new(program);
    command
        .args(args)
        .current_dir(dir)
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS");
    for (name, value) in env {
        command.env(name, value);
    }
    let out = command.output().expect("run the command");
    assert!(
        out.status.success(),
        "`{} {}` failed in {}:\n{}{}",
        program.display(),
        args.join(" "),
        dir.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    out
}

/// `cargo install --path clientgen --root <tmp>`: the installed binary.
fn install(install_root: &Path) -> PathBuf {
    let clientgen = root().join("clientgen");
    let clientgen = clientgen.to_str().expect("a UTF-8 path");
    let target = root().join("target/install-check");
    let install_root_text = install_root.to_str().expect("a UTF-8 path");
    run(
        Path::new(env!("CARGO")),
        &[
            "install",
            "--path",
            clientgen,
            "--root",
            install_root_text,
            "--offline",
            "--locked",
            "--debug",
            "--quiet",
        ],
        install_root,
        &[("CARGO_TARGET_DIR", &target)],
    );
    let binary = install_root
        .join("bin")
        .join(format!("clientgen{}", std::env::consts::EXE_SUFFIX));
    assert!(binary.is_file(), "{} was not installed", binary.display());
    binary
}

const APP_MANIFEST: &str = r#"[package]
name = "app"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
petstore = { path = "../petstore" }
params-client = { path = "../params-client" }
todo-client = { path = "../todo-client" }
"#;

/// One binary that uses all three clients.
const APP_MAIN: &str = r#"fn main() {
    let pets = petstore::Configuration::new();
    let params = params_client::Configuration::new().api_key_auth("k");
    let todo = todo_client::Configuration::new();
    println!("{}", pets.get_user_agent());
    println!("{}", params.get_user_agent());
    println!("{}", todo.get_user_agent());
    // The two clients of the shared runtime share its types.
    let shared: [&todo_client::runtime::Settings; 2] = [params.settings(), todo.settings()];
    println!("{}", shared.len());
}
"#;

#[test]
fn an_installed_clientgen_makes_clients_that_build_together() {
    let install_root = tempfile::tempdir().unwrap();
    let clientgen = install(install_root.path());

    let version = run(&clientgen, &["--version"], install_root.path(), &[]);
    assert_eq!(
        String::from_utf8_lossy(&version.stdout),
        format!("clientgen {}\n", generator::vendor::RUNTIME_VERSION)
    );

    // A workspace outside the repository, the specs copied beside it.
    let work = tempfile::tempdir().unwrap();
    let ws = work.path();
    for (from, to) in [
        ("tests/real-specs/petstore.yaml", "specs/petstore.yaml"),
        ("tests/fixtures/params.yaml", "specs/params.yaml"),
        ("examples/build-rs/todo.yaml", "specs/todo.yaml"),
    ] {
        std::fs::create_dir_all(ws.join(to).parent().unwrap()).unwrap();
        std::fs::copy(root().join(from), ws.join(to)).unwrap();
    }
    // The default: a client with its own copy of the runtime.
    run(
        &clientgen,
        &[
            "generate",
            "--spec",
            "specs/petstore.yaml",
            "--out",
            "petstore",
            "--crate-name",
            "petstore",
        ],
        ws,
        &[],
    );
    // Two clients sharing one runtime directory, one of them configured by a file.
    std::fs::write(
        ws.join("todo.toml"),
        "[package]\nname = \"todo-client\"\nversion = \"0.3.0\"\n\n[[specs]]\npath = \"specs/todo.yaml\"\nmodule = \"todo\"\n\n[operations]\nexclude = [\"createTask\"]\n",
    )
    .unwrap();
    run(
        &clientgen,
        &[
            "generate",
            "--config",
            "todo.toml",
            "--out",
            "todo-client",
            "--runtime",
            "shared-runtime",
        ],
        ws,
        &[],
    );
    run(
        &clientgen,
        &[
            "generate",
            "--spec",
            "specs/params.yaml",
            "--out",
            "params-client",
            "--crate-name",
            "params-client",
            "--runtime",
            "shared-runtime",
            "--credential-env",
            "apiKeyAuth=PARAMS_KEY",
        ],
        ws,
        &[],
    );
    let petstore_manifest = std::fs::read_to_string(ws.join("petstore/Cargo.toml")).unwrap();
    assert!(
        petstore_manifest
            .contains(r#"client-runtime = { package = "petstore-runtime", path = "runtime" }"#),
        "{petstore_manifest}"
    );
    let todo_manifest = std::fs::read_to_string(ws.join("todo-client/Cargo.toml")).unwrap();
    assert!(
        todo_manifest.contains(
            r#"client-runtime = { package = "clientgen-runtime", path = "../shared-runtime" }"#
        ),
        "{todo_manifest}"
    );
    let todo_api = std::fs::read_to_string(ws.join("todo-client/src/todo/api.rs")).unwrap();
    assert!(todo_api.contains("fn list_tasks("), "the kept operation");
    assert!(
        !todo_api.contains("create_task"),
        "the excluded operation is left out"
    );
    // `check` agrees with what `generate` wrote.
    run(
        &clientgen,
        &[
            "check",
            "--config",
            "todo.toml",
            "--out",
            "todo-client",
            "--runtime",
            "shared-runtime",
        ],
        ws,
        &[],
    );

    std::fs::create_dir_all(ws.join("app/src")).unwrap();
    std::fs::write(ws.join("app/Cargo.toml"), APP_MANIFEST).unwrap();
    std::fs::write(ws.join("app/src/main.rs"), APP_MAIN).unwrap();
    std::fs::write(
        ws.join("Cargo.toml"),
        "[workspace]\nresolver = \"2\"\nmembers = [\"app\", \"petstore\", \"todo-client\", \"params-client\"]\n",
    )
    .unwrap();
    std::fs::copy(root().join("Cargo.lock"), ws.join("Cargo.lock")).unwrap();
    let shared_target = root().join("target/crate-check");
    let cargo = Path::new(env!("CARGO"));
    run(
        cargo,
        &["build", "--offline", "--quiet", "--workspace"],
        ws,
        &[("CARGO_TARGET_DIR", &shared_target)],
    );
    let out = run(
        cargo,
        &["run", "--offline", "--quiet", "-p", "app"],
        ws,
        &[("CARGO_TARGET_DIR", &shared_target)],
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "petstore/0.1.0\nparams-client/0.1.0\ntodo-client/0.3.0\n2\n"
    );
}

#[test]
fn the_generator_the_runtime_and_clientgen_have_one_version() {
    let version_of = |manifest: &str| {
        let text = std::fs::read_to_string(root().join(manifest)).unwrap();
        generator::vendor::manifest_version(&text)
            .unwrap_or_else(|| panic!("{manifest} states no version"))
            .to_owned()
    };
    let generator_version = generator::vendor::RUNTIME_VERSION;
    assert_eq!(version_of("runtime/Cargo.toml"), generator_version);
    assert_eq!(version_of("clientgen/Cargo.toml"), generator_version);
}
