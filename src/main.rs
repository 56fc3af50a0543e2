//! The `grapevine` binary: parse the command line, run, map the result to an exit code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = grapevine::cli::Cli::parse();
    let verbose = cli.verbose;
    // Ctrl-C, SIGTERM, SIGHUP: remove this run's temporary files, leave the outputs whole.
    if let Err(e) = ctrlc::set_handler(|| grapevine::output::interrupted()) {
        eprintln!("grapevine: warning: cannot catch Ctrl-C ({e}); an interrupted run may leave a temporary folder");
    }
    match grapevine::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            grapevine::output::wait_if_interrupted();
            eprintln!("grapevine: {e}");
            if verbose {
                for line in e.details() {
                    eprintln!("grapevine:   {line}");
                }
            }
            ExitCode::from(e.exit_code())
        }
    }
}
