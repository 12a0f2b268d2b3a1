//! The `salesdesk` binary: parse the command line, run it, and turn the outcome into an exit
//! code (0 done, 1 failed, 2 bad input) with the error on stderr, in the language of the
//! command line.

use std::process::ExitCode;

use clap::FromArgMatches;

fn main() -> ExitCode {
    salesdesk::complete_if_asked();
    let matches = salesdesk::cli::command().get_matches();
    let cli = salesdesk::cli::Cli::from_arg_matches(&matches).unwrap_or_else(|err| err.exit());
    let lang = salesdesk::lang(&cli);
    match salesdesk::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // An error quotes what was typed or read; a terminal is given none of it to act on.
            let described = salesdesk::error::describe(&err, lang);
            eprintln!(
                "error: {}",
                salesdesk::domain::text::for_terminal(
                    &described,
                    salesdesk::domain::text::Lines::Many
                )
            );
            ExitCode::from(salesdesk::error::exit_code(&err))
        }
    }
}
