//! One module per command group. Each `run` parses what was typed, opens the database, applies
//! the rules of `domain` inside one transaction, and hands records to `output`. What several
//! commands read alike lives in [`facts`], the reports among it ([`facts::reports`], built as
//! values that `report` prints and `group report` gathers from every project); a command module
//! never imports another, and a test keeps it so.

mod announce;
mod backup;
mod calendar;
mod care;
mod clock;
mod commission;
mod complaint;
mod customer;
mod deal;
mod demo;
mod export;
mod facts;
mod group;
mod handover;
mod import;
mod reassign;
mod referral;
mod register;
mod rep;
mod repair;
mod replica;
mod report;
mod roster;
mod shell;
mod survey;
mod visit;

pub use clock::{Source as ClockSource, Time};

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::Connection;

use crate::cli::Command;
use crate::db::{self, reps};
use crate::domain::dates;
use crate::domain::reception;
use crate::domain::text::{self, Lines};
use crate::error::invalid;
use crate::files::{self, Replaces, Target};
use crate::messages::Message;
use crate::output::{Book, Format, Output, Records};

/// What every command runs with.
#[derive(Debug, Clone)]
pub struct Context {
    pub db: PathBuf,
    /// Where the database's name came from (`--db`, `$SALESDESK_DB` or the default), for the
    /// message when the file is missing.
    pub db_from: &'static str,
    /// `--at`, and the clock read in the office's zone once the database is open.
    pub time: clock::Time,
    pub out: Output,
    /// Where what the command prints goes (`--output`); none for the terminal.
    pub output: Option<PathBuf>,
    /// Notes handed over during a write, held until it commits (see [`Context::note`]).
    pub notes: Notes,
}

/// The notes of a write in progress: none is printed before the write commits, and none at all
/// if it rolls back, since a note about a change that was not made would mislead the clerk.
#[derive(Debug, Clone, Default)]
pub struct Notes(std::cell::RefCell<Option<Vec<String>>>);

impl Context {
    /// Opens the database for a command that only reads (a report, an export, a listing, a
    /// backup). The file must exist: created here, a typo'd `--db` or a crontab without
    /// `$SALESDESK_DB` would print an empty report and exit 0, and nobody would notice. Only
    /// commands that record something create the file ([`Context::writable`]).
    pub fn open(&self) -> Result<Connection> {
        if !self.db.exists() {
            bail!(
                "no database at {} ({}); check the name, or create one: `salesdesk rep add \
                 NAME` starts an office, `salesdesk import reps FILE` loads its reps from a \
                 spreadsheet, `salesdesk demo --file FILE` builds a demo",
                self.db.display(),
                self.db_from
            );
        }
        let conn = db::open_as(&self.db, db::Use::Read)?;
        self.read_clock(&conn)?;
        Ok(conn)
    }

    /// Opens the database to read a typed period (`--date yesterday`, `--month 2026-11`):
    /// the spelling is checked before any file is opened ([`spelled`]), the period worked out
    /// once the database has said what day it is in the office.
    pub fn open_for<T, E: Into<anyhow::Error>>(
        &self,
        period: impl Fn(NaiveDate) -> Result<T, E>,
    ) -> Result<(Connection, T)> {
        spelled(&period)?;
        let conn = self.open()?;
        let value = period(self.today()).map_err(Into::into)?;
        Ok((conn, value))
    }

    /// Reads the clock in the zone the database keeps.
    fn read_clock(&self, conn: &Connection) -> Result<()> {
        self.time.read_in(db::calendar::zone(conn)?);
        Ok(())
    }

    /// Opens the database for a command that records something, creating the file on first
    /// use (a new file keeps Beijing time until `calendar zone` says otherwise). A recorded time
    /// more than a day after the clock is a typo (a wrong year), not a back-filled paper form:
    /// it is refused before a new file is created.
    pub fn writable(&self) -> Result<Connection> {
        if !self.db.exists() {
            self.time.read_in(crate::domain::zone::DEFAULT);
            self.time.check_typed()?;
        }
        let conn = db::open(&self.db)?;
        self.read_clock(&conn)?;
        self.time.check_typed()?;
        Ok(conn)
    }

    /// Runs `work` as the command's one write transaction ([`db::write_then`]). The clock is
    /// read again once the write holds the lock, in the zone the database gave on opening, so
    /// that "now" is never earlier than the moment of a write that went before.
    pub fn write_then<T>(
        &self,
        conn: &mut Connection,
        finish: db::Finish,
        work: impl FnOnce(&rusqlite::Transaction) -> Result<T>,
    ) -> Result<T> {
        let free = files::free_space(files::folder_of(&self.db));
        let outer = self.notes.0.replace(Some(Vec::new()));
        let done = db::write_then(conn, finish, |tx| {
            self.time.read_again();
            self.time.check_typed()?;
            work(tx)
        })
        .map_err(|err| db::name_full_disk(&self.db, err, None, free));
        let held = self.notes.0.replace(outer).unwrap_or_default();
        if done.is_ok() {
            for note in held {
                self.note(&note);
            }
        }
        done
    }

    /// [`Context::write_then`] committing: the write every command but a dry run makes.
    pub fn write<T>(
        &self,
        conn: &mut Connection,
        work: impl FnOnce(&rusqlite::Transaction) -> Result<T>,
    ) -> Result<T> {
        self.write_then(conn, db::Finish::Commit, work)
    }

    /// "Now" for the rules: `--at`, else the clock.
    pub fn now(&self) -> NaiveDateTime {
        self.time.now()
    }

    /// The clock, stored beside every entry as the moment it was written.
    pub fn clock(&self) -> NaiveDateTime {
        self.time.clock()
    }

    /// The office's time zone, as the open database keeps it.
    pub fn zone(&self) -> crate::domain::zone::Zone {
        self.time.zone()
    }

    pub fn today(&self) -> NaiveDate {
        self.now().date()
    }

    /// Checks the spelling of a `--date` before the database is opened (see [`spelled`]).
    pub fn check_day(raw: Option<&str>) -> Result<()> {
        match raw {
            Some(raw) => spelled(|today| dates::parse_day(raw, "--date", today)),
            None => Ok(()),
        }
    }

    /// `--date` if given (a date, today or yesterday), else today.
    pub fn day(&self, raw: Option<&str>) -> Result<NaiveDate> {
        match raw {
            Some(raw) => Ok(dates::parse_day(raw, "--date", self.today())?),
            None => Ok(self.today()),
        }
    }

    /// Prints what a command shows, or writes it to `--output` whole or not at all. A table
    /// or a line for people is shown with what a terminal would act on escaped, whatever a
    /// command put in it; CSV and JSON go out as they are.
    pub fn emit(&self, shown: &str) -> Result<()> {
        if self.out.workbook {
            return Err(invalid(Message::NoWorkbookHere {}));
        }
        let target = self.output_target();
        match self.out.format {
            Format::Table => {
                crate::output::deliver(&text::for_terminal(shown, Lines::Many), target.as_ref())
            }
            Format::Csv | Format::Json => crate::output::deliver(shown, target.as_ref()),
        }
    }

    /// Prints a listing ([`Output::render_list`]), or writes it to `--output` as a workbook of
    /// one sheet named after the file.
    pub fn list(&self, records: &Records) -> Result<()> {
        match self.workbook_target() {
            Some(target) => {
                let mut book = Book::new(&self.out);
                book.list(&sheet_of(target.path), &dates::minute(self.now()), records)?;
                book.save(&target)
            }
            None => self.emit(&self.out.render_list(records)?),
        }
    }

    /// Prints the rows `rows` produces under `columns` as they come: CSV and JSON stream to
    /// standard output or whole into `--output`, a workbook keeps its rows in a temporary file
    /// beside it; only a table, laid out for people from every row, holds them all. A listing of
    /// any size then runs in the memory of a batch of rows.
    pub fn stream_list(
        &self,
        columns: &[crate::output::Column],
        rows: impl FnOnce(&mut dyn FnMut(Vec<crate::output::Cell>) -> Result<()>) -> Result<()>,
    ) -> Result<()> {
        if let Some(target) = self.workbook_target() {
            let folder = files::folder_of(target.path);
            let as_of = dates::minute(self.now());
            let mut book = crate::output::Streamed::start(
                &self.out,
                folder,
                &sheet_of(target.path),
                &as_of,
                columns,
            )?;
            rows(&mut |row| book.row(&row))?;
            return book.finish(&target);
        }
        if self.out.format == Format::Table {
            let mut records = Records::new(columns);
            rows(&mut |row| {
                records.push(row);
                Ok(())
            })?;
            return self.list(&records);
        }
        let out = self.out;
        crate::output::deliver_streamed(self.output_target().as_ref(), |sink| {
            let Some(mut writer) = out.rows_writer(&mut *sink, columns)? else {
                return Ok(());
            };
            rows(&mut |row| writer.row(&row))?;
            writer.finish().map(|_| ())
        })
    }

    /// `--output` when it names a workbook.
    pub fn workbook_target(&self) -> Option<Target<'_>> {
        self.output_target().filter(|_| self.out.workbook)
    }

    /// A note for the clerk on standard error, escaped as [`Context::emit`] escapes a table.
    /// During a write it is held, and printed once the write has committed.
    pub fn note(&self, note: &str) {
        if let Some(held) = self.notes.0.borrow_mut().as_mut() {
            held.push(note.to_string());
            return;
        }
        eprintln!("{}", text::for_terminal(note, Lines::Many));
    }

    /// `--output`, when given, as a file to write: any file there may be replaced but the
    /// database and any other SQLite file.
    pub fn output_target(&self) -> Option<Target<'_>> {
        self.output
            .as_deref()
            .map(|path| self.target(path, "--output", Replaces::Outputs))
    }

    /// A file this run is about to write, named by `option`, with what it may replace.
    pub fn target<'a>(&'a self, path: &'a Path, option: &'a str, replaces: Replaces) -> Target<'a> {
        Target {
            path,
            option,
            database: &self.db,
            replaces,
            example: match self.out.format {
                _ if self.out.workbook => "out.xlsx",
                Format::Json => "out.json",
                _ => "out.csv",
            },
        }
    }

    pub fn phone(&self, stored: &str) -> String {
        if self.out.full_phone {
            stored.to_string()
        } else {
            crate::domain::phone::mask(stored)
        }
    }
}

/// Checks how a period is spelled before the database is opened: a mistyped `--date` or
/// `--month` is refused before a new file is created or any project file is read. Words such
/// as `yesterday` are resolved later, against the office's today, which only the database's
/// time zone gives; here they are read against a day on which every word means something.
pub fn spelled<T, E: Into<anyhow::Error>>(
    parse: impl FnOnce(NaiveDate) -> Result<T, E>,
) -> Result<()> {
    const ANY_DAY: NaiveDate = NaiveDate::from_ymd_opt(2001, 6, 15).expect("a real day");
    parse(ANY_DAY).map(|_| ()).map_err(Into::into)
}

/// Says on stderr, in the reader's language, that a command waits behind an import.
pub fn tell_waits(lang: crate::output::Lang) {
    fn tell(running: &db::wait::Running, lang: crate::output::Lang) {
        let note = Message::ImportRunning {
            what: running.what.clone(),
        };
        // What is running is read from a file another process wrote.
        eprintln!("{}", text::for_terminal(&note.text(lang), Lines::Many));
    }
    db::wait::tell_with(match lang {
        crate::output::Lang::En => |running| tell(running, crate::output::Lang::En),
        crate::output::Lang::Zh => |running| tell(running, crate::output::Lang::Zh),
    });
}

pub fn dispatch(context: &Context, command: Command) -> Result<()> {
    // Refused before the command runs: a command that records something would otherwise have
    // recorded it, and created the database, before finding it cannot write its output.
    // A name with `{period}` in it is checked once the report has filled it.
    let filled_later = matches!(
        command,
        Command::Report(_) | Command::Group(crate::cli::GroupCommand::Report { .. })
    ) && facts::reports::fills(context);
    if context.out.workbook && !lists(&command) {
        return Err(invalid(Message::NoWorkbookHere {}));
    }
    if let Some(target) = context.output_target().filter(|_| !filled_later) {
        files::check(&target)?;
    }
    match command {
        Command::Rep(command) => rep::run(context, command),
        Command::Roster(command) => roster::run(context, command),
        Command::Visit(args) => visit::run(context, args),
        Command::Announce(args) => announce::run(context, args),
        Command::Reassign(args) => reassign::run(context, args),
        Command::Void(args) => register::void(context, args),
        Command::Referral(command) => referral::run(context, command),
        Command::Deal(args) => deal::run(context, args),
        Command::Commission(command) => commission::run(context, command),
        Command::Customer(command) => customer::run(context, command),
        Command::Approve(args) => register::approve(context, args),
        Command::Register(args) => register::run(context, args),
        Command::Complaint(command) => complaint::run(context, command),
        Command::Calendar(command) => calendar::run(context, command),
        Command::Survey(command) => survey::run(context, command),
        Command::Handover(args) => handover::run(context, args),
        Command::Care(command) => care::run(context, command),
        Command::Repair(command) => repair::run(context, command),
        Command::Report(args) => report::run(context, args),
        Command::Import(args) => import::run(context, args),
        Command::Export(args) => export::run(context, args),
        Command::Backup(args) => backup::run(context, args),
        Command::Replicate(args) => replica::replicate(context, args),
        Command::Replica(command) => replica::run(context, command),
        Command::Restore(args) => replica::restore(context, args),
        Command::Demo(args) => demo::run(context, args),
        Command::Group(command) => group::run(context, command),
        Command::Completions(args) => shell::completions(args),
        Command::Man(args) => shell::man(context, args),
    }
}

/// Whether a command lists what is recorded without recording anything: the reports, the
/// exports and the listings. Only these write `--output FILE.xlsx` (a command that records
/// something is refused before it does, not after), and only these print CSV into a pipe or a
/// redirect when no `--format` is typed.
pub fn lists(command: &Command) -> bool {
    use crate::cli::{
        CalendarCommand, ComplaintCommand, CustomerCommand, DealCommand, GroupCommand,
        ReferralCommand, RepCommand, RepairCommand, RosterCommand, SurveyCommand,
    };
    match command {
        Command::Report(_) | Command::Export(_) | Command::Register(_) => true,
        Command::Rep(RepCommand::List) | Command::Roster(RosterCommand::Show { .. }) => true,
        Command::Customer(CustomerCommand::List { .. } | CustomerCommand::Find { .. }) => true,
        Command::Complaint(ComplaintCommand::List { .. } | ComplaintCommand::Calls { .. }) => true,
        Command::Repair(RepairCommand::List { .. }) | Command::Survey(SurveyCommand::List) => true,
        Command::Calendar(CalendarCommand::Show { .. })
        | Command::Referral(ReferralCommand::List { .. }) => true,
        Command::Deal(args) => matches!(args.command, Some(DealCommand::List { .. })),
        Command::Group(GroupCommand::Offices { .. } | GroupCommand::Report { .. }) => true,
        _ => false,
    }
}

/// A listing's sheet is named after its file (`customers.xlsx` → `customers`).
fn sheet_of(path: &Path) -> String {
    path.file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Refuses a turn at a time the clerk typed that does not fit the register: more than a few
/// minutes after the clock ([`reception::typed_turn_too_early`]: a wrong hour would hold every
/// real-clock turn behind it), or before a turn already handed out today
/// ([`reception::in_turn_order`]). A turn at the clock's own time is never refused for its time:
/// the clock is read once the write holds the lock, when the customer is registered.
fn check_turn_time(conn: &Connection, context: &Context) -> Result<()> {
    let Some(at) = context.time.typed() else {
        return Ok(());
    };
    let clock = context.clock();
    if reception::typed_turn_too_early(at, clock) {
        return Err(invalid(Message::AtAheadOfClock {
            at: dates::minute(at),
            clock: dates::minute(clock),
        }));
    }
    match db::register::latest_turn_on(conn, at.date())? {
        Some((entry, latest)) if !reception::in_turn_order(latest, at) => {
            Err(invalid(Message::TurnOutOfOrder {
                at: dates::minute(at),
                latest: dates::minute(latest),
                entry,
            }))
        }
        _ => Ok(()),
    }
}

/// A rep who may receive customers, found by the name typed for `field`.
fn active_rep(conn: &Connection, name: &str, field: &str) -> Result<reps::RepRow> {
    let name = name.trim();
    match reps::by_name(conn, name)? {
        Some(rep) if rep.retired_at.is_none() => Ok(rep),
        Some(_) => Err(invalid(Message::RepRetired {
            field: field.to_string(),
            name: name.to_string(),
        })),
        None => Err(invalid(Message::NoSuchRep {
            field: field.to_string(),
            name: name.to_string(),
            reps: reps::all(conn)?
                .into_iter()
                .filter(|r| r.retired_at.is_none())
                .map(|r| r.name)
                .collect(),
        })),
    }
}
