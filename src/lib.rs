//! salesdesk: the customer side of a real-estate sales office in one SQLite file.
//!
//! Three layers: [`domain`] holds the office's rules as pure functions, `db` holds every SQL
//! statement in one room per table family, and `cmd` holds one thin module per command group
//! that parses the input, loads what a rule needs, applies it and hands the result to `output`.

pub mod cli;
mod cmd;
mod complete;
mod db;
pub mod domain;
pub mod error;
mod files;
pub mod lang;
mod messages;
mod output;
mod replica;
mod sheet;

#[cfg(test)]
mod proptests;

use std::path::PathBuf;

use anyhow::Result;

use crate::cli::Cli;
use crate::lang::Lang;
use crate::output::Output;

/// Answers a shell's completion request and exits, when the shell's script called salesdesk
/// for one (the completion scripts set `SALESDESK_COMPLETE`); otherwise returns at once. Called
/// before anything else prints.
pub fn complete_if_asked() {
    clap_complete::CompleteEnv::with_factory(cli::command)
        .var(complete::VARIABLE)
        .complete();
}

/// The language people read: `--lang`, else `LANG`. Tables, the lines after a command and the
/// error messages all follow it.
pub fn lang(cli: &Cli) -> Lang {
    cli.lang
        .unwrap_or_else(|| Lang::from_env(std::env::var("LANG").ok().as_deref()))
}

/// Runs one command line.
pub fn run(cli: Cli) -> Result<()> {
    let lang = lang(&cli);
    let typed = match &cli.at {
        Some(raw) => Some(domain::dates::parse_moment(raw, "--at")?),
        None => None,
    };
    let time = cmd::Time::new(typed, cmd::ClockSource::from_env()?);
    // An empty $SALESDESK_DB (set but blank in a crontab) means "not set".
    let (db, db_from) = match (cli.db, std::env::var_os("SALESDESK_DB")) {
        (Some(db), _) => (db, "named by --db"),
        (None, Some(env)) if !env.is_empty() => (PathBuf::from(env), "named by $SALESDESK_DB"),
        _ => (
            PathBuf::from("salesdesk.db"),
            "the default: neither --db nor $SALESDESK_DB is set",
        ),
    };
    if cli.allow_network_fs {
        // The note names a path, which may hold anything: it is escaped for the terminal.
        fn tell(note: &messages::Message, lang: Lang) {
            let text = note.text(lang);
            eprintln!(
                "{}",
                domain::text::for_terminal(&text, domain::text::Lines::Many)
            );
        }
        db::allow_network_disks(match lang {
            Lang::En => |note| tell(note, Lang::En),
            Lang::Zh => |note| tell(note, Lang::Zh),
        });
    }
    let mut format = output::settle_format(cli.format, cli.output.as_deref(), cli.bom)?;
    // Into a pipe or a redirect a listing is for a program (`| head`, `> file`), as `gh` prints
    // TSV there: CSV, which streams, rather than a table laid out from every row at once.
    if cli.format.is_none()
        && cli.output.is_none()
        && format == output::Format::Table
        && !std::io::IsTerminal::is_terminal(&std::io::stdout())
        && cmd::lists(&cli.command)
    {
        format = output::Format::Csv;
    }
    let context = cmd::Context {
        db,
        db_from,
        time,
        out: Output {
            format,
            lang,
            csv_lang: cli.lang.unwrap_or(Lang::En),
            full_phone: cli.full_phone,
            bom: cli.bom,
            workbook: output::is_workbook(cli.output.as_deref()),
        },
        output: cli.output,
        notes: cmd::Notes::default(),
    };
    cmd::tell_waits(lang);
    cmd::dispatch(&context, cli.command)
}
