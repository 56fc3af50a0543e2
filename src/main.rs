//! The `grapevine` binary: parse the command line, run, map the result to an exit code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = grapevine::cli::Cli::parse();
    match grapevine::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("grapevine: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
