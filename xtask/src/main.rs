//! `cargo xtask codegen [--check]`: regenerate `generated/` from `spec/`
//! and `templates/`, or check that it is up to date.
//! `cargo xtask bench`: run the benchmarks (see BENCHMARKS.md).

mod bench;

use std::path::PathBuf;
use std::process::ExitCode;

use generator::write::{compare, write_atomically};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["codegen"] => codegen(Mode::Write),
        ["codegen", "--check"] => codegen(Mode::Check),
        ["ir"] => dump_ir(),
        ["bench", rest @ ..] => bench::run(&workspace_root(), rest),
        _ => {
            eprintln!("usage: cargo xtask codegen [--check]\n       cargo xtask ir    (print the IR as JSON)\n       cargo xtask bench [ARGS]    (benchmarks, see BENCHMARKS.md)");
            ExitCode::from(2)
        }
    }
}

#[derive(PartialEq)]
enum Mode {
    Write,
    Check,
}

fn codegen(mode: Mode) -> ExitCode {
    let root = workspace_root();
    let config = xtask::config(&root);
    let (krate, output) = match generator::generate(&config) {
        Ok(result) => result,
        Err(e) => {
            eprintln!("error: {e}");
            eprintln!("generated/ was left unchanged.");
            return ExitCode::FAILURE;
        }
    };
    for api in &krate.apis {
        println!(
            "{}: {} operations, {} models -> generated/src/{}/",
            api.source,
            api.operations.len(),
            api.models.len(),
            api.module
        );
    }
    let out_dir = root.join("generated");
    match mode {
        Mode::Check => match compare(&out_dir, &output) {
            Ok(drift) if drift.is_clean() => {
                println!("generated/ is up to date ({} files).", output.len());
                ExitCode::SUCCESS
            }
            Ok(drift) => {
                eprint!("{drift}");
                eprintln!("error: generated/ is stale or was edited by hand; run `cargo xtask codegen` and commit the result.");
                ExitCode::FAILURE
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        Mode::Write => match write_atomically(&out_dir, &output) {
            Ok(true) => {
                println!("wrote {} files to generated/.", output.len());
                ExitCode::SUCCESS
            }
            Ok(false) => {
                println!("generated/ is already up to date ({} files).", output.len());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
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
