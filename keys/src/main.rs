//! The `keys` command line: parse, run, report.

use std::process::ExitCode;

use clap::Parser;
use keys::Cli;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut out = std::io::stdout();
    match keys::run(cli, &mut out).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.is_broken_pipe() => ExitCode::SUCCESS,
        Err(error) => {
            // One line, even when a quoted response body has several.
            let message = error.to_string();
            let message: Vec<&str> = message.lines().map(str::trim).collect();
            eprintln!("keys: error: {}", message.join(" "));
            ExitCode::from(error.exit_code())
        }
    }
}
