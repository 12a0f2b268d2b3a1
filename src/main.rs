//! The `salesdesk` binary: parse the command line, run it, and turn the outcome into an exit
//! code (0 done, 1 failed, 2 bad input) with the error on stderr, in the language of the
//! command line.

use std::process::ExitCode;

use clap::FromArgMatches;

fn main() -> ExitCode {
    let matches = salesdesk::cli::command().get_matches();
    let cli = salesdesk::cli::Cli::from_arg_matches(&matches).unwrap_or_else(|err| err.exit());
    let lang = salesdesk::lang(&cli);
    match salesdesk::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {}", salesdesk::error::describe(&err, lang));
            ExitCode::from(salesdesk::error::exit_code(&err))
        }
    }
}
