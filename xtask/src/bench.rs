//! `cargo xtask bench [ARGS]`: builds the standalone benchmark crate
//! `bench/` in release mode, in its own target directory
//! (`target/bench-harness`), and runs it with `ARGS`.
//!
//! `bench/` is not a workspace member, so `cargo test --workspace` never
//! builds it, progenitor or plotters. See BENCHMARKS.md for what it
//! measures; `cargo xtask bench --help` lists its arguments:
//!
//! ```text
//! cargo xtask bench [--runs N] [--process-runs N] [--compile-runs N] [--scaling 1,10,50]
//!                   [--no-compile] [--no-callgrind] [--no-oag] [--no-decode]
//!                   [--no-datadog] [--no-datadog-build] [--charts DIR | --no-charts]
//! cargo xtask bench once <ours|progenitor|none> [--spec PATH | --datadog v1|v2|all] [--out DIR]
//! cargo xtask bench profile [ours|progenitor] [--spec PATH] [--top N]
//! cargo xtask bench decode [--no-callgrind] [--charts DIR | --no-charts]
//! cargo xtask bench datadog [--compile-runs N] [--process-runs N] [--no-datadog-build]
//! ```

use std::path::Path;
use std::process::{Command, ExitCode};

/// Runs the benchmark harness with `args`.
pub fn run(root: &Path, args: &[&str]) -> ExitCode {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .args(["run", "--release", "--quiet", "--manifest-path"])
        .arg(root.join("bench").join("Cargo.toml"))
        .arg("--")
        .args(args)
        .env(
            "CARGO_TARGET_DIR",
            root.join("target").join("bench-harness"),
        )
        .status();
    match status {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: running cargo: {e}");
            ExitCode::FAILURE
        }
    }
}
