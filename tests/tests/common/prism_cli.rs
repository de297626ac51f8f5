//! Driving a generated command line against Prism: build the `<crate>-cli`
//! binary of a client generated from some specs, run it with `--base-url`
//! pointing at a Prism server, and check what a user relies on (exit 0,
//! JSON on standard output, no secret echoed; or the missing-credential
//! error before anything is sent).
//!
//! Shared by `prism_petstore3.rs` and `prism_public.rs`, which include it
//! (and `crate_check.rs` beside it) with `#[path = ...]`.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use generator::{Config, CrateInfo, SpecInput};

use crate::crate_check::{root, run_in_crate, runtime_path};

/// Generates the crate `name` from `specs` (`(module, path)`, a relative
/// path read from the workspace root), builds its command line in
/// `target/<place>/crate` and returns the binary's path.
pub fn build_cli(name: &str, place: &str, specs: &[(String, PathBuf)]) -> PathBuf {
    let bin = format!("{name}-cli");
    let description = format!("The {name} client of the Prism tests.");
    let config = Config {
        info: CrateInfo::new(name, "0.0.0", &description, &runtime_path()),
        specs: specs
            .iter()
            .map(|(module, path)| SpecInput {
                module: module.clone(),
                path: root().join(path),
                display: path.display().to_string(),
            })
            .collect(),
        templates: root().join("templates"),
        vendor_runtime: None,
    };
    let (_, output) = generator::generate(&config).unwrap_or_else(|e| panic!("{e}"));
    let args = ["build", "--offline", "--quiet", "--features", "cli"];
    let args: Vec<&str> = args.into_iter().chain(["--bin", &bin]).collect();
    run_in_crate(
        &root().join("target").join(place),
        output,
        &[],
        "",
        name,
        &args,
    );
    root().join("target/crate-check/debug").join(bin)
}

/// The URL in the environment variable `var`, set by `.ci/with-prism`.
pub fn prism_url(var: &str) -> String {
    std::env::var(var)
        .unwrap_or_else(|_| panic!("{var} is not set: run this test through .ci/with-prism"))
}

/// A generated command line pointed at one server.
pub struct Cli {
    /// The binary.
    pub bin: PathBuf,
    /// What `--base-url` is given.
    pub base_url: String,
    /// Credentials given with `--auth`, which must never be printed.
    pub secrets: Vec<String>,
}

impl Cli {
    /// Runs `<bin> --base-url URL ARGS...` with `stdin` on standard input.
    pub fn run(&self, args: &[&str], stdin: Option<&str>) -> Output {
        run(&self.bin, &self.base_url, args, stdin)
    }

    /// Runs it and checks that it succeeded: the decoded response as JSON
    /// (`null` for an empty body).
    #[track_caller]
    pub fn ok(&self, args: &[&str], stdin: Option<&str>) -> serde_json::Value {
        let output = self.run(args, stdin);
        succeeds(&output, &self.secrets, args)
    }

    /// Runs it and checks that it failed with exit 1 before sending, with
    /// the missing-credential error naming `scheme`.
    #[track_caller]
    pub fn refused_without(&self, scheme: &str, args: &[&str], stdin: Option<&str>) {
        let output = self.run(args, stdin);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {output:?}");
        assert!(
            stderr.contains(&format!("`{scheme}`")) && stderr.contains("not configured"),
            "{args:?}: {stderr}"
        );
        assert!(output.stdout.is_empty(), "{args:?}: {output:?}");
    }
}

/// Runs `binary --base-url URL ARGS...` with `stdin` on standard input.
pub fn run(binary: &Path, base_url: &str, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(binary)
        .arg("--base-url")
        .arg(base_url)
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

/// Checks that `output` is a success (exit 0) that printed none of
/// `secrets`, and returns standard output as JSON (`null` when empty).
#[track_caller]
pub fn succeeds(output: &Output, secrets: &[String], args: &[&str]) -> serde_json::Value {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{args:?}\nstdout: {stdout}\nstderr: {stderr}"
    );
    for secret in secrets {
        assert!(
            !stdout.contains(secret.as_str()) && !stderr.contains(secret.as_str()),
            "{args:?} printed a credential"
        );
    }
    if stdout.trim().is_empty() {
        return serde_json::Value::Null;
    }
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{args:?}: {e}: {stdout}"))
}
