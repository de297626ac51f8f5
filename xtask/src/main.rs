//! `cargo xtask codegen [--check]`: regenerate `generated/` from `spec/`
//! and `templates/`, or check that it is up to date.
//! `cargo xtask generate --spec FILE [--spec FILE ...] --out DIR --crate-name NAME [--check]`:
//! the same pipeline on any specs, into a standalone crate.
//! `cargo xtask ir`: print the key-management IR as JSON.
//! `cargo xtask bench`: run the benchmarks (see BENCHMARKS.md).

mod bench;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use generator::write::{compare, write_atomically};
use generator::Config;

const USAGE: &str = "\
usage: cargo xtask codegen [--check]
           regenerate generated/ from spec/ and templates/ (or check it is up to date)
       cargo xtask generate --spec FILE [--spec FILE ...] --out DIR --crate-name NAME [--check]
           generate a standalone client crate from any OpenAPI 3.0 specs: one module per
           spec, named after its file; the client-runtime crate is copied into DIR/runtime,
           so DIR builds wherever it is copied. DIR is replaced in one step, and left as it
           was if anything fails.
       cargo xtask ir
           print the key-management IR as JSON
       cargo xtask bench [ARGS]
           benchmarks, see BENCHMARKS.md";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["help" | "--help" | "-h"] | ["generate", "--help" | "-h"] => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        ["codegen"] => codegen(Mode::Write),
        ["codegen", "--check"] => codegen(Mode::Check),
        ["generate", rest @ ..] => generate(rest),
        ["ir"] => dump_ir(),
        ["bench", rest @ ..] => bench::run(&workspace_root(), rest),
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

#[derive(PartialEq, Clone, Copy)]
enum Mode {
    Write,
    Check,
}

fn codegen(mode: Mode) -> ExitCode {
    let root = workspace_root();
    run(
        &xtask::config(&root),
        &root.join("generated"),
        "generated/",
        mode,
        "cargo xtask codegen",
    )
}

fn generate(args: &[&str]) -> ExitCode {
    let request = match xtask::GenerateArgs::parse(args) {
        Ok(request) => request,
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let config = match request.config(&workspace_root()) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let shown = format!("{}/", request.out.display());
    let mode = if request.check {
        Mode::Check
    } else {
        Mode::Write
    };
    run(&config, &request.out, &shown, mode, "cargo xtask generate")
}

/// Generates with `config`, then writes `out_dir` in one step (or compares
/// it); on any failure `out_dir` is left exactly as it was.
fn run(config: &Config, out_dir: &Path, shown: &str, mode: Mode, command: &str) -> ExitCode {
    let (krate, output) = match generator::generate(config) {
        Ok(result) => result,
        Err(e) => {
            eprintln!("error: {e}");
            eprintln!("{shown} was left unchanged.");
            return ExitCode::FAILURE;
        }
    };
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
        Mode::Check => match compare(out_dir, &output) {
            Ok(drift) if drift.is_clean() => {
                println!("{shown} is up to date ({} files).", output.len());
                ExitCode::SUCCESS
            }
            Ok(drift) => {
                eprint!("{drift}");
                eprintln!("error: {shown} is stale or was edited by hand; run `{command}` and commit the result.");
                ExitCode::FAILURE
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        Mode::Write => match write_atomically(out_dir, &output) {
            Ok(true) => {
                println!("wrote {} files to {shown}.", output.len());
                ExitCode::SUCCESS
            }
            Ok(false) => {
                println!("{shown} is already up to date ({} files).", output.len());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                eprintln!("{shown} was left unchanged.");
                ExitCode::FAILURE
            }
        },
    }
}

fn dump_ir() -> ExitCode {
    let root = workspace_root();
    match generator::lower_specs(&xtask::config(&root)) {
        Ok(krate) => {
            println!(
                "{}",
                serde_json::to_string_pretty(&krate).unwrap_or_default()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn workspace_root() -> PathBuf {
    xtask::project_root()
}
