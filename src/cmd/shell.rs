//! `completions SHELL` and `man`: what a shell's tab completion and the manual pages are made
//! of, generated from the same command-line description as `--help` (clap_complete,
//! clap_mangen), so they never fall behind it. Neither opens the database. The pages that
//! `man --dir` writes are files like any other salesdesk writes: each whole or not at all, never
//! onto the database, never through a link, and an existing page only with `--force`.

use std::path::Path;

use anyhow::{Context as _, Result};

use super::Context;
use crate::cli::{CompletionsArgs, ManArgs};
use crate::error::invalid;
use crate::files::{self, AtomicFile, Replaces, Target};
use crate::messages::Message;
use crate::output;

/// The script that registers salesdesk's completion with the shell. It holds no words of its
/// own: at each Tab it runs `salesdesk` again with the line typed so far (in
/// `SALESDESK_COMPLETE`), which answers from the command line's description and the database
/// the line names, so the offer is always this binary's commands and today's reps.
pub fn completions(args: CompletionsArgs) -> Result<()> {
    let shells = clap_complete::env::Shells::builtins();
    let name = args.shell.to_string();
    let shell = shells
        .completer(&name)
        .with_context(|| format!("no completion script for {name}"))?;
    let mut script = Vec::new();
    shell
        .write_registration(
            crate::complete::VARIABLE,
            "salesdesk",
            "salesdesk",
            &completer(),
            &mut script,
        )
        .context("cannot write the completion script")?;
    if name == "zsh" {
        // Installed in $fpath as _salesdesk, the file is the body of the function zsh runs at
        // the first Tab, which would only define the completer: that Tab is completed too.
        script.extend_from_slice(
            b"if [[ \"${funcstack[1]}\" == _salesdesk ]]; then\n    \
              _clap_dynamic_completer_salesdesk \"$@\"\nfi\n",
        );
    }
    output::print(&String::from_utf8_lossy(&script))
}

/// How the script calls salesdesk back: as it was called to write the script, a path made
/// absolute so that the script works from any folder, a bare `salesdesk` found on PATH.
fn completer() -> String {
    let called = std::env::args_os()
        .next()
        .map(std::path::PathBuf::from)
        .filter(|p| p.components().count() > 1);
    match called {
        Some(path) => std::path::absolute(&path)
            .unwrap_or(path)
            .to_string_lossy()
            .into_owned(),
        None => "salesdesk".to_string(),
    }
}

/// The whole tool's page on standard output; with `--dir`, salesdesk.1 and a page per command,
/// the layout packagers install under man1.
pub fn man(context: &Context, args: ManArgs) -> Result<()> {
    match &args.dir {
        None => {
            // As in the pages of --dir: `help` has no page of its own to refer to.
            let command = crate::cli::command().disable_help_subcommand(true);
            let page = tool_page(command).context("cannot render the manual page")?;
            output::print(&String::from_utf8_lossy(&page))
        }
        Some(dir) => pages_into(context, dir, args.force),
    }
}

fn pages_into(context: &Context, dir: &Path, force: bool) -> Result<()> {
    if !dir.is_dir() {
        return Err(invalid(Message::NotAFolder {
            dir: dir.to_path_buf(),
        }));
    }
    let pages = pages()?;
    let paths: Vec<_> = pages.iter().map(|(name, _)| dir.join(name)).collect();
    let targets: Vec<Target> = pages
        .iter()
        .zip(&paths)
        .map(|((name, _), path)| Target {
            path,
            option: "man --dir",
            database: &context.db,
            replaces: Replaces::Pages { force },
            example: name,
        })
        .collect();
    // Every page is checked, then written, before the first is put in place: a page that may not
    // be written, or a disk that fills up, leaves the folder as it was.
    for target in &targets {
        files::check(target)?;
    }
    let mut written = Vec::with_capacity(pages.len());
    for (target, (_, page)) in targets.iter().zip(&pages) {
        let mut file = AtomicFile::create(target)?;
        file.expect(page.len() as u64);
        std::io::Write::write_all(&mut file, page)
            .and_then(|()| std::io::Write::flush(&mut file))
            .with_context(|| format!("nothing was written to {}", target.path.display()))?;
        written.push(file);
    }
    for (file, target) in written.into_iter().zip(&targets) {
        file.commit()
            .with_context(|| format!("cannot write the manual page {}", target.path.display()))?;
    }
    output::print(&format!(
        "{} manual pages written to {}\n",
        pages.len(),
        dir.display()
    ))
}

/// Each page's file name and text: the tool's and one per command, as `clap_mangen::generate_to`
/// lays them out, but in memory, so that they are written as salesdesk writes every file.
fn pages() -> Result<Vec<(String, Vec<u8>)>> {
    fn collect(command: clap::Command, pages: &mut Vec<(String, Vec<u8>)>) -> Result<()> {
        for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
            collect(sub.clone(), pages)?;
        }
        let man = clap_mangen::Man::new(command);
        let mut page = Vec::new();
        man.render(&mut page)
            .with_context(|| format!("cannot render the manual page {}", man.get_filename()))?;
        pages.push((man.get_filename(), page));
        Ok(())
    }
    let mut command = crate::cli::command().disable_help_subcommand(true);
    command.build();
    let mut pages = Vec::new();
    collect(command.clone(), &mut pages)?;
    // The tool's own page, collected last, is the one with the sections of a whole program.
    if let Some((name, page)) = pages.last_mut() {
        *page =
            tool_page(command).with_context(|| format!("cannot render the manual page {name}"))?;
    }
    Ok(pages)
}

/// The whole tool's page: clap_mangen's sections (name, synopsis, description, options and
/// commands), then the ones a program's page has besides, in the usual order, then the version.
fn tool_page(command: clap::Command) -> std::io::Result<Vec<u8>> {
    let man = clap_mangen::Man::new(command);
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    man.render_options_section(&mut page)?;
    man.render_subcommands_section(&mut page)?;
    program_sections().to_writer(&mut page)?;
    man.render_version_section(&mut page)?;
    Ok(page)
}

/// What salesdesk reads from its environment, each checked against the code (`cargo test
/// shell` finds every variable the sources read here).
const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "SALESDESK_DB",
        "The database file when --db is not given; set but empty, it counts as not set (a \
         blank line in a crontab). Without either, salesdesk.db in the current folder.",
    ),
    (
        "LANG",
        "A value beginning with zh gives Chinese headers, labels and messages, when --lang is \
         not given; any other value, or none, English. CSV and JSON keep their English column \
         names and codes unless --lang is given.",
    ),
    (
        "NO_COLOR",
        "salesdesk colours none of its tables, reports or messages; the help and the usage \
         errors of the command line, styled on a terminal, are plain when NO_COLOR is set to \
         anything (and whenever they do not go to a terminal).",
    ),
    (
        "TZ",
        "Not read. Every time, day, period word and deadline is the office's wall-clock time in \
         the zone the database keeps (calendar zone; Asia/Shanghai unless set), with the rules \
         bundled in salesdesk, whatever TZ the server, the cron job or the clerk's shell has.",
    ),
    (
        "SALESDESK_CLOCK",
        "Stands in for the computer's clock, for drills and tests: an office time \
         (YYYY-MM-DD HH:MM) or an instant with its offset (2026-11-23T06:21:00Z), read where \
         the clock would be; --at is what a clerk types to back-fill a paper form.",
    ),
    (
        "SALESDESK_LITESTREAM",
        "The litestream program replicate, replica status, restore and group fetch run; \
         default the first litestream on PATH.",
    ),
    (
        "LITESTREAM_ACCESS_KEY_ID, LITESTREAM_SECRET_ACCESS_KEY",
        "The keys of an S3-compatible replica store; else AWS_ACCESS_KEY_ID and \
         AWS_SECRET_ACCESS_KEY, with AWS_SESSION_TOKEN when set.",
    ),
    (
        "AWS_REGION, AWS_DEFAULT_REGION",
        "The region of an S3 replica store, the first that is set.",
    ),
    (
        "XDG_CACHE_HOME, HOME",
        "Where group report --replicas fetches the projects' replicas: \
         $XDG_CACHE_HOME/salesdesk/replicas, else ~/.cache/salesdesk/replicas (see --cache).",
    ),
    (
        "SALESDESK_COMPLETE",
        "Set by the completion scripts (salesdesk completions SHELL) when they ask salesdesk \
         what a Tab offers; never set it yourself.",
    ),
];

/// The files salesdesk reads and writes besides those named on the command line.
const FILES: &[(&str, &str)] = &[
    (
        "salesdesk.db",
        "The database when neither --db nor SALESDESK_DB names one, in the current folder: one \
         SQLite file holding the whole office, created by the first command that records \
         something, readable by its owner only. A command that only reads never creates it: \
         a missing file is an error (exit status 1).",
    ),
    (
        "salesdesk.db-wal, salesdesk.db-shm",
        "SQLite's write-ahead log and its index, beside the database while it is in use (WAL \
         mode, so that two clerks and a cron report work at once). Copy the database with \
         salesdesk backup, never by copying the file alone.",
    ),
    (
        "FILE of salesdesk backup FILE",
        "A consistent, checked copy of the database, taken while others keep working; replaced \
         only with --force, and only when it is an earlier salesdesk backup. The office's \
         crontab names one per weekday, for example /srv/backup/翠湖苑-$(date +%u).db.",
    ),
    (
        ".NAME.salesdesk-PID.tmp",
        "A file being written (a report, an export, a backup, a manual page) is a hidden \
         temporary in the same folder until it is complete, then renamed to NAME; one left by \
         a killed command is removed by the next salesdesk that writes into the folder.",
    ),
    (
        "~/.cache/salesdesk/replicas/NAME",
        "The projects' replicas fetched by group report --replicas (see XDG_CACHE_HOME).",
    ),
];

/// The exit statuses, as src/main.rs and src/error.rs give them.
const EXIT_STATUS: &[(&str, &str)] = &[
    ("0", "Done; --help and --version too."),
    (
        "1",
        "The command failed for a reason other than what was typed: no database at the path \
         given to a command that only reads, a file that is not a salesdesk database, a full \
         disk, a file that cannot be read or written; replica status when the replica lags more \
         than --max-lag; group report when an office could not be read (the others are \
         reported and the skipped ones named on standard error).",
    ),
    (
        "2",
        "Bad input, which the user can correct: a value refused with the field, the value and \
         what to type instead, or a command line clap cannot parse (an unknown command or \
         option, a missing argument). Nothing was written.",
    ),
];

/// Worked examples: what each does, then the lines typed.
const EXAMPLES: &[(&str, &[&str])] = &[
    (
        "The morning: the reps on duty in queue order, then a visitor.",
        &[
            "export SALESDESK_DB=~/office/翠湖苑.db",
            "salesdesk roster set 张伟 李娜 王芳",
            "salesdesk visit 黄女士 --phone 13600000001",
        ],
    ),
    (
        "A rep called away by the manager keeps a priority turn, and comes back.",
        &[
            "salesdesk roster away 李娜 --reason manager",
            "salesdesk roster back 李娜",
        ],
    ),
    (
        "Yesterday's daily report for Excel, named after the day it covers (a crontab line).",
        &["salesdesk report daily --date yesterday --bom --output 'daily-{period}.csv'"],
    ),
    (
        "The nightly backup, one file per weekday.",
        &["salesdesk backup --force /srv/backup/翠湖苑-$(date +%u).db"],
    ),
    (
        "Tab completion in bash, and the manual pages installed for man.",
        &[
            "salesdesk completions bash > /etc/bash_completion.d/salesdesk",
            "salesdesk man --dir /usr/local/share/man/man1",
        ],
    ),
];

/// ENVIRONMENT, FILES, EXIT STATUS and EXAMPLES in roff.
fn program_sections() -> roff::Roff {
    use roff::{Roff, bold, roman};
    let mut page = Roff::new();
    for (title, entries) in [
        ("EXIT STATUS", EXIT_STATUS),
        ("ENVIRONMENT", ENVIRONMENT),
        ("FILES", FILES),
    ] {
        page.control("SH", [title]);
        for (name, text) in entries {
            page.control("TP", []);
            page.text([bold(*name)]);
            page.text([roman(*text)]);
        }
    }
    page.control("SH", ["EXAMPLES"]);
    for (i, (what, lines)) in EXAMPLES.iter().enumerate() {
        // A paragraph opens each example but the first, which the section heading opens.
        if i > 0 {
            page.control("PP", []);
        }
        page.text([roman(*what)]);
        page.control("PP", []);
        page.control("RS", ["4"]);
        page.control("nf", []);
        for line in *lines {
            page.text([roman(*line)]);
        }
        page.control("fi", []);
        page.control("RE", []);
    }
    page
}
