//! Writing a generated crate to its directory in one step, or comparing
//! it, with what the user needs to read: one line per spec, the generator's
//! warnings, and how the public API changed. Shared by `clientgen` and
//! `cargo xtask codegen`, so both print the same.

use std::path::Path;
use std::process::ExitCode;

use generator::api_diff::{self, PublicApi};
use generator::write::{compare, write_atomically};
use generator::{ir, Output};

/// Write the directory, or compare with it.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum Mode {
    /// Replace the directory in one step.
    Write,
    /// Compare; fail with a diff when it differs.
    Check,
}

/// What [`finish`] is writing, for its messages.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    /// The output directory.
    pub dir: &'a Path,
    /// How messages name it (`generated/`).
    pub shown: &'a str,
    /// The command that regenerates it, for the message of a stale check.
    pub command: &'a str,
    /// The crate's version, for the semver advice of the report.
    pub version: &'a str,
}

/// Prints a failed generation: the error, and that nothing was written.
pub fn failed(error: &dyn std::fmt::Display, shown: &str) -> ExitCode {
    eprintln!("error: {error}");
    eprintln!("{shown} was left unchanged.");
    ExitCode::FAILURE
}

/// Reports what was generated, then writes `output` to the target in one
/// step (reporting how its public API changed) or compares it; on any
/// failure the directory is left exactly as it was.
pub fn finish(krate: &ir::Crate, output: &Output, target: Target<'_>, mode: Mode) -> ExitCode {
    let shown = target.shown;
    for warning in krate.apis.iter().flat_map(|api| &api.warnings) {
        eprintln!("warning: {warning}");
    }
    for api in &krate.apis {
        println!(
            "{}: {} operations, {} models -> {shown}src/{}/",
            api.source,
            api.operations.len(),
            api.models.len(),
            api.module
        );
    }
    match mode {
        Mode::Check => match compare(target.dir, output) {
            Ok(drift) if drift.is_clean() => {
                println!("{shown} is up to date ({} files).", output.len());
                ExitCode::SUCCESS
            }
            Ok(drift) => {
                eprint!("{drift}");
                eprintln!(
                    "error: {shown} is stale or was edited by hand; run `{}` and commit the result.",
                    target.command
                );
                ExitCode::FAILURE
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        Mode::Write => write(output, target),
    }
}

/// Replaces the directory with `output`, then reports how the public API
/// changed against what it held.
fn write(output: &Output, target: Target<'_>) -> ExitCode {
    let shown = target.shown;
    // Read before the write replaces it.
    let before = api_before(target.dir, shown);
    match write_atomically(target.dir, output) {
        Ok(written) => {
            if written {
                println!("wrote {} files to {shown}.", output.len());
            } else {
                println!("{shown} is already up to date ({} files).", output.len());
            }
            if let Some(before) = before {
                print_api_report(&before, output, target.version);
            }
            ExitCode::SUCCESS
        }
        Err(e) => failed(&e, shown),
    }
}

/// The public API of what `out_dir` holds before a write; `None` when
/// there is nothing there, or it cannot be read (a hand-edited file that no
/// longer parses): the report is skipped, the write goes ahead.
fn api_before(out_dir: &Path, shown: &str) -> Option<PublicApi> {
    if !out_dir.exists() {
        println!("{shown} did not exist: no earlier public API to compare with.");
        return None;
    }
    PublicApi::from_dir(out_dir)
        .map_err(|e| eprintln!("warning: no public API report, {shown} cannot be read: {e}"))
        .ok()
}

/// Prints how the public API of `output` differs from `before`.
fn print_api_report(before: &PublicApi, output: &Output, version: &str) {
    match PublicApi::from_output(output) {
        Ok(after) => print!("{}", api_diff::diff(before, &after).render(Some(version))),
        Err(e) => eprintln!("warning: no public API report: {e}"),
    }
}

/// Writes the shared runtime to `dir` when it is missing; when present, it
/// must be this generator's (the same files), or the error says what
/// differs and how to replace it.
pub fn shared_runtime(dir: &Path, mode: Mode) -> Result<(), String> {
    let files = crate::project::shared_runtime()?;
    let shown = dir.display();
    let drift = compare(dir, &files).map_err(|e| e.to_string())?;
    if drift.is_clean() {
        println!(
            "{shown}: the shared runtime, clientgen-runtime {}, is up to date.",
            crate::VERSION
        );
        return Ok(());
    }
    let empty = !dir.exists() || drift.missing.len() == files.len();
    if empty && drift.extra.is_empty() {
        if mode == Mode::Check {
            return Err(format!("{shown}: the shared runtime is missing; run `clientgen generate` (or `clientgen runtime {shown}`) to write it"));
        }
        write_atomically(dir, &files).map_err(|e| e.to_string())?;
        println!(
            "{shown}: wrote the shared runtime, clientgen-runtime {}.",
            crate::VERSION
        );
        return Ok(());
    }
    let found = std::fs::read_to_string(dir.join("Cargo.toml"))
        .ok()
        .and_then(|m| generator::vendor::manifest_version(&m).map(str::to_owned))
        .unwrap_or_else(|| "of no version".into());
    Err(format!(
        "{shown} holds a runtime (version {found}) that is not this clientgen's (clientgen-runtime {}): {} files differ, {} are missing, {} are not the runtime's. \
         Remove the directory to have this version written there; then generate every client that uses it again with this clientgen, \
         since each checks at build time that the runtime is its generator's.",
        crate::VERSION,
        drift.changed.len(),
        drift.missing.len(),
        drift.extra.len()
    ))
}
