//! The client and the command line generated from
//! `tests/fixtures/security.yaml` (every kind of security scheme, every
//! shape of requirement), driven against wiremock on 127.0.0.1: the crate is
//! generated under `target/auth-wire/crate`, given `tests/auth-wire/wire.rs`
//! as its own test, and tested with `cargo test --features cli` (a nested
//! cargo, in the shared `target/crate-check`). What each case asserts is
//! in `wire.rs`: the exact headers, query and cookie of each operation, the
//! token fetches with their scopes and the renewal after a 401, the
//! missing-credential error, the variables the configuration names, and
//! `--auth`.

#[path = "common/crate_check.rs"]
mod crate_check;

use generator::{Config, CrateInfo, CredentialInfo, SpecInput};

use crate_check::{root, run_in_crate, runtime_path};

const DEV_DEPENDENCIES: &str = r#"
[dev-dependencies]
serde_json = "1"
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
wiremock = "0.6"
"#;

#[test]
fn the_generated_client_sends_every_scheme_as_its_spec_says() {
    let mut info = CrateInfo::new(
        "secured-client",
        "0.0.0",
        "Generated from tests/fixtures/security.yaml.",
        &runtime_path(),
    );
    // A user and a password read from two variables; every other scheme
    // reads none.
    info.credentials.push(CredentialInfo {
        scheme: "basicAuth".into(),
        setter: None,
        label: None,
        env: vec!["SECURED_USER".into(), "SECURED_PASSWORD".into()],
    });
    let config = Config {
        info,
        specs: vec![SpecInput {
            module: "security".into(),
            path: root().join("tests/fixtures/security.yaml"),
            display: "tests/fixtures/security.yaml".into(),
        }],
        templates: root().join("templates"),
        vendor_runtime: None,
    };
    let (_, output) = generator::generate(&config).unwrap_or_else(|e| panic!("{e}"));
    let wire = std::fs::read_to_string(root().join("tests/auth-wire/wire.rs"))
        .unwrap_or_else(|e| panic!("tests/auth-wire/wire.rs: {e}"));
    run_in_crate(
        &root().join("target/auth-wire"),
        output,
        &[("tests/wire.rs", &wire)],
        DEV_DEPENDENCIES,
        "security fixture client",
        &[
            "test",
            "--offline",
            "--quiet",
            "--features",
            "cli",
            "--test",
            "wire",
        ],
    );
}

/// The README's "Authentication" shows the two examples `wire.rs` runs
/// (between `// README example start` and `end`, unindented one level).
#[test]
fn the_readme_shows_the_examples_the_wire_test_runs() {
    let source = std::fs::read_to_string(root().join("tests/auth-wire/wire.rs"))
        .unwrap_or_else(|e| panic!("tests/auth-wire/wire.rs: {e}"));
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let blocks: Vec<&str> = source.split("// README example start\n").skip(1).collect();
    assert_eq!(blocks.len(), 2, "a bearer and an OAuth2 example");
    for block in blocks {
        let body = &block[..block
            .find("    // README example end")
            .expect("an end marker")];
        let example: String = body
            .lines()
            .map(|line| line.strip_prefix("    ").unwrap_or(line))
            .map(|line| format!("{line}\n"))
            .collect();
        assert!(
            readme.contains(&format!("```rust\n{example}```")),
            "README.md no longer shows this example of tests/auth-wire/wire.rs:\n{example}"
        );
    }
}
