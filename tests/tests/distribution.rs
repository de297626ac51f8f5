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

const TODO_CONFIG: &str = r#"[package]
name = "todo-client"
version = "0.3.0"

[[specs]]
path = "specs/todo.yaml"
module = "todo"

[operations]
exclude = ["createTask"]
"#;

/// Three clients generated in `ws` by `clientgen`: `petstore` with its own
/// copy of the runtime (the default), `todo-client` (from a config file)
/// and `params-client` sharing `shared-runtime`.
fn generate_clients(clientgen: &Path, ws: &Path) {
    for (from, to) in [
        ("tests/real-specs/petstore.yaml", "specs/petstore.yaml"),
        ("tests/fixtures/params.yaml", "specs/params.yaml"),
        ("examples/build-rs/todo.yaml", "specs/todo.yaml"),
    ] {
        std::fs::create_dir_all(ws.join(to).parent().unwrap()).unwrap();
        std::fs::copy(root().join(from), ws.join(to)).unwrap();
    }
    std::fs::write(ws.join("todo.toml"), TODO_CONFIG).unwrap();
    let petstore = "--spec specs/petstore.yaml --out petstore --crate-name petstore";
    let todo = "--config todo.toml --out todo-client --runtime shared-runtime";
    let params = "--spec specs/params.yaml --out params-client --crate-name params-client \
                  --runtime shared-runtime --credential-env apiKeyAuth=PARAMS_KEY";
    for args in [petstore, todo, params] {
        let mut all = vec!["generate"];
        all.extend(args.split_whitespace());
        run(clientgen, &all, ws, &[]);
    }
}

#[test]
fn an_installed_clientgen_makes_clients_that_build_together() {
    let install_root = tempfile::tempdir().unwrap();
    let clientgen = install(install_root.path());
    let version = run(&clientgen, &["--version"], install_root.path(), &[]);
    assert_eq!(
        String::from_utf8_lossy(&version.stdout),
        format!("clientgen {}\n", generator::vendor::RUNTIME_VERSION)
    );

    // A workspace outside the repository.
    let work = tempfile::tempdir().unwrap();
    let ws = work.path();
    generate_clients(&clientgen, ws);
    let read = |path: &str| std::fs::read_to_string(ws.join(path)).unwrap();
    let petstore = read("petstore/Cargo.toml");
    let vendored = r#"client-runtime = { package = "petstore-runtime", path = "runtime" }"#;
    assert!(petstore.contains(vendored), "{petstore}");
    let todo = read("todo-client/Cargo.toml");
    let shared =
        r#"client-runtime = { package = "clientgen-runtime", path = "../shared-runtime" }"#;
    assert!(todo.contains(shared), "{todo}");
    assert!(read("params-client/Cargo.toml").contains(shared));
    assert!(read("shared-runtime/Cargo.toml").contains("\nname = \"clientgen-runtime\"\n"));
    let todo_api = read("todo-client/src/todo/api.rs");
    assert!(todo_api.contains("fn list_tasks("), "the kept operation");
    assert!(!todo_api.contains("create_task"), "the excluded operation");
    assert!(read("params-client/src/lib.rs").contains("\"PARAMS_KEY\""));
    // `check` agrees with what `generate` wrote, runtime included.
    let check = [
        "check",
        "--config",
        "todo.toml",
        "--out",
        "todo-client",
        "--runtime",
        "shared-runtime",
    ];
    run(&clientgen, &check, ws, &[]);

    std::fs::create_dir_all(ws.join("app/src")).unwrap();
    std::fs::write(ws.join("app/Cargo.toml"), APP_MANIFEST).unwrap();
    std::fs::write(ws.join("app/src/main.rs"), APP_MAIN).unwrap();
    let members = r#"members = ["app", "petstore", "todo-client", "params-client"]"#;
    std::fs::write(
        ws.join("Cargo.toml"),
        format!("[workspace]\nresolver = \"2\"\n{members}\n"),
    )
    .unwrap();
    std::fs::copy(root().join("Cargo.lock"), ws.join("Cargo.lock")).unwrap();
    let target = root().join("target/crate-check");
    let (cargo, env) = (
        Path::new(env!("CARGO")),
        [("CARGO_TARGET_DIR", target.as_path())],
    );
    run(
        cargo,
        &["build", "--offline", "--quiet", "--workspace"],
        ws,
        &env,
    );
    let out = run(
        cargo,
        &["run", "--offline", "--quiet", "-p", "app"],
        ws,
        &env,
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

/// A client that a newer generator made, built against this (older)
/// runtime: the build stops at the version assertion, with a message that
/// names the runtime's version, beside the line that names the generator's.
#[test]
fn a_client_of_a_newer_generator_names_both_versions_when_the_runtime_is_older() {
    let runtime = root().join("runtime").display().to_string();
    let config = generator::Config {
        info: generator::CrateInfo::new("newer-client", "0.1.0", "Newer.", &runtime),
        specs: vec![generator::SpecInput {
            module: "params".into(),
            path: root().join("tests/fixtures/params.yaml"),
            display: "tests/fixtures/params.yaml".into(),
        }],
        templates: root().join("templates"),
        vendor_runtime: None,
    };
    let (_, mut output) = generator::generate(&config).unwrap_or_else(|e| panic!("{e}"));
    let ours = format!(
        "require_version(\"{}\")",
        generator::vendor::RUNTIME_VERSION
    );
    let lib = output.get_mut("src/lib.rs").unwrap();
    assert!(
        lib.contains(&ours),
        "the generated crate checks the runtime"
    );
    *lib = lib.replace(&ours, "require_version(\"99.0.0\")");
    output
        .get_mut("Cargo.toml")
        .unwrap()
        .push_str("\n[workspace]\n");
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in &output {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    std::fs::copy(root().join("Cargo.lock"), dir.path().join("Cargo.lock")).unwrap();
    let out = Command::new(env!("CARGO"))
        .args(["check", "--offline", "--quiet"])
        .current_dir(dir.path())
        .env("CARGO_TARGET_DIR", root().join("target/crate-check"))
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success(),
        "an older runtime must stop the build"
    );
    let runtime_version = format!(
        "this client runtime is version {}, older than the generator that made this client",
        generator::vendor::RUNTIME_VERSION
    );
    assert!(stderr.contains(&runtime_version), "{stderr}");
    assert!(
        stderr.contains("runtime::__private::require_version(\"99.0.0\")"),
        "{stderr}"
    );
    assert!(!stderr.contains("error[E0308]"), "no type errors: {stderr}");
}
