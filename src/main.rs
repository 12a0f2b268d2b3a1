//! The `salesdesk` binary: parse the command line, run it, and turn the outcome into an exit
//! code (0 done, 1 failed, 2 bad input) with the error on stderr, in the language of the
//! command line.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = salesdesk::cli::Cli::parse();
    let lang = salesdesk::lang(&cli);
    match salesdesk::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {}", salesdesk::error::describe(&err, lang));
            ExitCode::from(salesdesk::error::exit_code(&err))
        }
    }
}
