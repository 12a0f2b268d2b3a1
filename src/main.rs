//! The `salesdesk` binary: parse the command line, run it, and turn the outcome into an exit
//! code (0 done, 1 failed, 2 bad input) with the error on stderr.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = salesdesk::cli::Cli::parse();
    match salesdesk::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(salesdesk::error::exit_code(&err))
        }
    }
}
