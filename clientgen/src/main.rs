//! `clientgen`: see `clientgen --help` and the crate's documentation.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    clientgen::cli::main_with(&args)
}
