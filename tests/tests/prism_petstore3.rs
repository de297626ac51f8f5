//! Swagger's Petstore 3 (`tests/real-specs/petstore3.yaml`: an OAuth2
//! scheme and an API key, alternatives on some operations) through the
//! command line generated for it, with `--auth`, against Prism serving the
//! same spec as a validating mock. Prism checks security too: a request
//! without the credential an operation requires, or with the wrong one, is
//! a violation (a 401 with `--errors`), so every call below must succeed,
//! and `.ci/with-prism` fails the run on any violation Prism logged.
//!
//! `.ci/with-prism` serves the spec and passes its URL in
//! `PRISM_PETSTORE3_URL`; CI runs
//! `.ci/with-prism cargo test -p workspace-tests --test prism_petstore3 -- --ignored`.

#[path = "common/crate_check.rs"]
mod crate_check;

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use generator::{Config, CrateInfo, SpecInput};

use crate_check::{root, run_in_crate, runtime_path};

const BIN: &str = "petstore3-cli";

/// The command line of a client generated from petstore3, built once per
/// run.
fn binary() -> PathBuf {
    let config = Config {
        info: CrateInfo::new("petstore3", "0.0.0", "Swagger Petstore 3.", &runtime_path()),
        specs: vec![SpecInput {
            module: "petstore3".into(),
            path: root().join("tests/real-specs/petstore3.yaml"),
            display: "tests/real-specs/petstore3.yaml".into(),
        }],
        templates: root().join("templates"),
        vendor_runtime: None,
    };
    let (_, output) = generator::generate(&config).unwrap_or_else(|e| panic!("{e}"));
    run_in_crate(
        &root().join("target/prism-petstore3"),
        output,
        &[],
        "",
        "petstore3 client",
        &[
            "build",
            "--offline",
            "--quiet",
            "--features",
            "cli",
            "--bin",
            BIN,
        ],
    );
    root().join("target/crate-check/debug").join(BIN)
}

fn prism_url() -> String {
    std::env::var("PRISM_PETSTORE3_URL").unwrap_or_else(|_| {
        panic!("PRISM_PETSTORE3_URL is not set: run this test through .ci/with-prism")
    })
}

fn run(binary: &PathBuf, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(binary)
        .arg("--base-url")
        .arg(prism_url())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the command line");
    let mut input = child.stdin.take().expect("stdin");
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).expect("write stdin");
    }
    drop(input);
    child.wait_with_output().expect("run the command line")
}

#[track_caller]
fn succeeds(output: &Output) -> serde_json::Value {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(0),
        "stdout: {stdout}\nstderr: {stderr}"
    );
    for secret in ["prism-token", "prism-key"] {
        assert!(!stdout.contains(secret) && !stderr.contains(secret));
    }
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

#[test]
#[ignore = "needs Prism: .ci/with-prism cargo test -p workspace-tests --test prism_petstore3 -- --ignored"]
fn every_scheme_is_sent_as_prism_requires_it() {
    let bin = binary();
    let oauth = "petstore_auth=prism-token";
    let key = "api_key=prism-key";
    // OAuth2 (an implicit flow): the access token as a bearer token.
    let pets = succeeds(&run(
        &bin,
        &[
            "--auth",
            oauth,
            "petstore3",
            "find-pets-by-status",
            "--status",
            "available",
        ],
        None,
    ));
    assert!(pets.is_array(), "{pets}");
    succeeds(&run(
        &bin,
        &[
            "--auth",
            oauth,
            "petstore3",
            "find-pets-by-tags",
            "--tags",
            "a",
            "--tags",
            "b",
        ],
        None,
    ));
    let pet = r#"{"id": 10, "name": "doggie", "photoUrls": ["u"], "status": "available"}"#;
    let added = succeeds(&run(
        &bin,
        &["--auth", oauth, "petstore3", "add-pet", "--body", "-"],
        Some(pet),
    ));
    assert!(added.get("name").is_some(), "{added}");
    // `[{api_key: []}, {petstore_auth: [...]}]`: either alternative.
    succeeds(&run(
        &bin,
        &[
            "--auth",
            key,
            "petstore3",
            "get-pet-by-id",
            "--pet-id",
            "10",
        ],
        None,
    ));
    succeeds(&run(
        &bin,
        &[
            "--auth",
            oauth,
            "petstore3",
            "get-pet-by-id",
            "--pet-id",
            "10",
        ],
        None,
    ));
    // The API key alone.
    let inventory = succeeds(&run(
        &bin,
        &["--auth", key, "petstore3", "get-inventory"],
        None,
    ));
    assert!(inventory.is_object(), "{inventory}");
    // No security: nothing is sent, and Prism accepts it.
    succeeds(&run(
        &bin,
        &["petstore3", "get-order-by-id", "--order-id", "1"],
        None,
    ));
    // A credential missing: refused before anything reaches Prism.
    let missing = run(&bin, &["petstore3", "get-inventory"], None);
    assert_eq!(missing.status.code(), Some(1), "{missing:?}");
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert!(
        stderr.contains("`api_key`") && stderr.contains("not configured"),
        "{stderr}"
    );
}
