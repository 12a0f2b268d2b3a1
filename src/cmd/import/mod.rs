//! `import reps|customers|visits|complaints|responses|deals|handovers|repairs FILE`: loads what
//! an office keeps in spreadsheets. The whole file is one transaction: by default one bad row
//! means nothing is imported and the bad rows are listed (the first [`LISTED`] problems, and how
//! many more); `--skip-invalid` imports the good rows and writes the bad ones, unchanged, with a
//! reason column to `--rejects`; `--dry-run` checks everything and rolls back. Records already present (a rep by name, a customer by phone, a visit by phone
//! and time, a complaint by phone, time and text, a response by survey and phone) are counted
//! and left alone, so importing a file twice adds nothing.
//!
//! This module reads the file and keeps the tally; each kind is one file beside it, a
//! [`Writer`] that checks its rows against the database and stores them through `db`, reading
//! them with the kind's [`Sheet`] from `domain::import`. Visits are replayed in time order once
//! the whole file is read ([`replay`]). A new kind is a new file and its line in [`run`].

use std::collections::HashMap;
use std::io::{IsTerminal, Write as _};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use anyhow::{Context as _, Result};
use chrono::NaiveDateTime;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rusqlite::Connection;

use super::Context;
use crate::cli::{ImportArgs, ImportKind};
use crate::db::customers::CustomerRow;
use crate::db::{self, Finish, bulk};
use crate::domain::dates;
use crate::domain::import::{self, Cells, Kind, Layout, Problem, Sheet};
use crate::domain::phone::Phone;
use crate::error::invalid;
use crate::files::{self, AtomicFile, Replaces, Target};
use crate::messages::{Composed, Message};
use crate::output::{Records, col};
use crate::sheet::{self, Encoding, Source};

mod complaints;
mod customers;
mod deals;
mod handovers;
mod repairs;
mod replay;
mod reps;
mod responses;
mod visits;

/// How many problems the error that refuses a file lists.
const LISTED: usize = 100;

/// The page cache for an import, well under the 64 MB an import may use in all.
const PAGE_CACHE_KIB: i64 = 16 * 1024;

/// What became of the rows.
#[derive(Debug, Default)]
struct Tally {
    read: u64,
    imported: u64,
    present: u64,
    rejected: u64,
}

/// What a good row came to.
enum Fate {
    Imported,
    Present,
    /// A register line waiting for the replay in time order.
    Staged,
}

/// A rep as the register needs them.
#[derive(Debug, Clone, Copy)]
struct Rep {
    id: i64,
    retired: bool,
}

/// One kind's writer: what its rows are checked against, and how a good row is stored. A row
/// is read by the kind's sheet, then checked by [`Writer::check_cells`] and, when its line was
/// read, [`Writer::check_line`]; only a row with no problem reaches [`Writer::take`], so that
/// nothing is stored for a row that is refused, and a refused row lists its problems in the
/// order they were found.
trait Writer: Default {
    /// How the kind's rows are read.
    type Sheet: Sheet;
    /// What [`Writer::check_line`] looks up about a line, for storing it.
    type Found: Default;

    /// Loads what every row is checked against, before the first row is read.
    fn load(&mut self, _tx: &Connection) -> Result<()> {
        Ok(())
    }

    /// Takes the columns the kind reads besides its fields, once the header is known.
    fn claim(&self, _layout: &mut Layout) {}

    /// Checks cells against what was loaded, adding any problem to `cells`. Every row is
    /// checked so, even one whose line could not be read, so that its problems are all listed.
    fn check_cells(&self, _cells: &mut Cells) {}

    /// Checks a read line against the database, adding any problem to the row's cells, before
    /// the row is refused for its problems; what it looks up is kept for [`Writer::take`].
    /// `None` when the line cannot be checked further.
    fn check_line(&self, _row: &mut Row, _line: &Line<Self>) -> Checked<Self> {
        Ok(Some(Self::Found::default()))
    }

    /// Takes a line no cell and no check found a problem with: one already recorded is
    /// present, a new one is stored when the row is `writing`. `None` when it is refused after
    /// all, the problem added to the row's cells.
    fn take(&mut self, row: &mut Row, line: Line<Self>, found: Self::Found) -> Taken;

    /// Stores what was held back until the whole file was read.
    fn finish(&mut self, _store: &Store, _bar: &ProgressBar, _tally: &mut Tally) -> Result<()> {
        Ok(())
    }
}

/// What a writer's rows read into.
type Line<W> = <<W as Writer>::Sheet as Sheet>::Line;

/// What [`Writer::check_line`] comes to.
type Checked<W> = Result<Option<<W as Writer>::Found>>;

/// What [`Writer::take`] comes to.
type Taken = Result<Option<Fate>>;

/// Where a row is taken: the import's transaction, the moment, and whether it writes.
struct Store<'a> {
    tx: &'a Connection,
    context: &'a Context,
    /// The row's number in the file.
    number: u64,
    now: NaiveDateTime,
    /// Writes happen while every row so far was good, or always with --skip-invalid; after a
    /// bad row the rest is only checked, since the transaction will be rolled back.
    writing: bool,
}

/// A row being taken: where, and its cells, which keep its problems.
struct Row<'a, 'c> {
    store: Store<'a>,
    cells: Cells<'c>,
}

impl<'a> std::ops::Deref for Row<'a, '_> {
    type Target = Store<'a>;

    fn deref(&self) -> &Store<'a> {
        &self.store
    }
}

struct Import<'a, W> {
    tx: &'a Connection,
    context: &'a Context,
    writer: W,
    file: String,
    skip_invalid: bool,
    layout: Option<Rc<Layout>>,
    tally: Tally,
    /// The first problems, one line each, for the error that refuses the whole file.
    listed: Vec<String>,
    /// Problems beyond the first [`LISTED`], counted: a file of a million bad rows would
    /// otherwise make an error of a hundred megabytes.
    unlisted: u64,
    rejects: Option<csv::Writer<AtomicFile>>,
    notes: Vec<Message>,
}

pub fn run(context: &Context, args: ImportArgs) -> Result<()> {
    match args.records {
        ImportKind::Reps => import_kind::<reps::Reps>(context, args),
        ImportKind::Customers => import_kind::<customers::Customers>(context, args),
        ImportKind::Visits => import_kind::<visits::Visits>(context, args),
        ImportKind::Complaints => import_kind::<complaints::Complaints>(context, args),
        ImportKind::Responses => import_kind::<responses::Responses>(context, args),
        ImportKind::Deals => import_kind::<deals::Deals>(context, args),
        ImportKind::Handovers => import_kind::<handovers::Handovers>(context, args),
        ImportKind::Repairs => import_kind::<repairs::Repairs>(context, args),
    }
}

/// Imports a file of the kind `W` writes.
fn import_kind<W: Writer>(context: &Context, args: ImportArgs) -> Result<()> {
    let kind = <W::Sheet as Sheet>::KIND;
    let options = sheet::Options {
        encoding: args.encoding.as_deref().map(Encoding::parse).transpose()?,
        sheet: args.sheet.clone(),
    };
    if let Some(rejects) = &args.rejects
        && same_file(rejects, &args.file)
    {
        return Err(invalid(Message::RejectsIsImported {
            rejects: rejects.clone(),
        }));
    }
    // Refused before the database is opened, let alone created.
    if let Some(rejects) = &args.rejects {
        files::check(&rejects_target(context, rejects))?;
    }
    let bar = progress_bar();
    let mut conn = context.writable()?;
    // Clerks kept waiting by the import's write are told what holds them up.
    let size = std::fs::metadata(&args.file).map_or(0, |meta| meta.len());
    let _importing = db::wait::Importing::begin(
        &context.db,
        &format!(
            "{}, {} MB, begun {}",
            args.file.display(),
            size.div_ceil(1_000_000),
            dates::minute(context.clock())
        ),
    )?;
    let finish = if args.dry_run {
        Finish::RollBack
    } else {
        Finish::Commit
    };
    let done = context
        .write_then(&mut conn, finish, |tx| {
            import_file::<W>(tx, context, &args, &options, &bar)
        })
        .map_err(|err| {
            // Said outright: a full disk is not the file's fault, and the clerk may wonder.
            if files::full_disk_in(&err) {
                err.context(format!("nothing was imported from {}", args.file.display()))
            } else {
                err
            }
        })?;
    bar.finish_and_clear();
    // The rows are committed; the rejects file appears whole beside them.
    if let Some(rejects) = done.rejects {
        rejects.commit()?;
    }
    for note in &done.notes {
        context.note(&note.text(context.out.lang));
    }
    summary(context, &args, kind, &done.tally, &done.source)
}

/// What an import leaves once its transaction is over.
struct Done {
    tally: Tally,
    source: Source,
    rejects: Option<AtomicFile>,
    notes: Vec<Message>,
}

/// The rejects file, started with the byte-order mark Excel needs to open UTF-8 CSV; none for
/// a dry run.
fn rejects_file(context: &Context, args: &ImportArgs) -> Result<Option<csv::Writer<AtomicFile>>> {
    let (Some(path), false) = (&args.rejects, args.dry_run) else {
        return Ok(None);
    };
    let mut file = AtomicFile::create(&rejects_target(context, path))?;
    file.write_all(b"\xEF\xBB\xBF")
        .context("cannot write the rejects file")?;
    Ok(Some(
        csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(file),
    ))
}

/// `--rejects` as a file to write: like `--output`, any file but the database or another SQLite
/// file.
fn rejects_target<'a>(context: &'a Context, path: &'a Path) -> Target<'a> {
    Target {
        example: "rejects.csv",
        ..context.target(path, "--rejects", Replaces::Outputs)
    }
}

/// Reads the whole file inside the caller's transaction: every row checked, the good ones
/// written (all of them or, by default, none if one is bad).
fn import_file<W: Writer>(
    tx: &Connection,
    context: &Context,
    args: &ImportArgs,
    options: &sheet::Options,
    bar: &ProgressBar,
) -> Result<Done> {
    let kind = <W::Sheet as Sheet>::KIND;
    let mut import = Import {
        tx,
        context,
        writer: W::default(),
        file: args.file.display().to_string(),
        skip_invalid: args.skip_invalid,
        layout: None,
        tally: Tally::default(),
        listed: Vec::new(),
        unlisted: 0,
        rejects: rejects_file(context, args)?,
        notes: Vec::new(),
    };
    bulk::set_page_cache(tx, PAGE_CACHE_KIB)?;
    import.writer.load(tx)?;
    let source = sheet::read(&args.file, options, bar, |row, values| {
        import.take(row, values)
    })?;
    if import.layout.is_none() {
        return Err(invalid(Message::NoHeaderRow {
            file: PathBuf::from(&import.file),
            example: Composed(example_header(kind)),
        }));
    }
    let store = import.store(0);
    import.writer.finish(&store, bar, &mut import.tally)?;
    if !import.listed.is_empty() && !args.skip_invalid {
        return Err(import.refusal());
    }
    let rejects = match import.rejects.take() {
        Some(writer) => {
            let mut file = writer.into_inner().map_err(|err| {
                anyhow::Error::new(err.into_error()).context("cannot write the rejects file")
            })?;
            // On disk before the rows are committed: a disk that fills up now undoes the import
            // instead of losing the rows it refused.
            file.sync().context("cannot write the rejects file")?;
            Some(file)
        }
        None => None,
    };
    Ok(Done {
        tally: import.tally,
        source,
        rejects,
        notes: import.notes,
    })
}

impl<'a, W: Writer> Import<'a, W> {
    /// The error that refuses the whole file: every problem, one line each, then what to do.
    fn refusal(&self) -> anyhow::Error {
        invalid(Message::ImportRefused {
            listed: Composed(self.listed.join("\n")),
            more: self.unlisted as i64,
            notes: self.notes.clone(),
            count: (self.listed.len() as u64 + self.unlisted) as i64,
            rows: self.tally.rejected as i64,
            file: PathBuf::from(&self.file),
        })
    }

    /// Where row `row` is taken, read now.
    fn store(&self, row: u64) -> Store<'a> {
        Store {
            tx: self.tx,
            context: self.context,
            number: row,
            now: self.context.now(),
            writing: self.skip_invalid || self.listed.is_empty(),
        }
    }

    fn take(&mut self, row: u64, values: &[String]) -> Result<()> {
        let Some(layout) = self.layout.clone() else {
            let kind = <W::Sheet as Sheet>::KIND;
            if import::is_header(kind, values) {
                let mut layout = import::layout(kind, values).map_err(|problem| {
                    invalid(Message::HeaderRowRefused {
                        file: PathBuf::from(&self.file),
                        row: row as i64,
                        problem,
                    })
                })?;
                self.writer.claim(&mut layout);
                self.note_unknown(&layout);
                self.layout = Some(Rc::new(layout));
                if let Some(rejects) = &mut self.rejects {
                    let mut header = values.to_vec();
                    header.push("reason".into());
                    rejects
                        .write_record(&header)
                        .context("cannot write the rejects file")?;
                }
            }
            return Ok(());
        };
        self.tally.read += 1;
        let mut taken = Row {
            store: self.store(row),
            cells: Cells::new(&layout, values),
        };
        let line = W::Sheet::line(&mut taken.cells, taken.store.now);
        self.writer.check_cells(&mut taken.cells);
        let found = match &line {
            Some(line) => self.writer.check_line(&mut taken, line)?,
            None => None,
        };
        let fate = match (line, found) {
            (Some(line), Some(found)) if taken.cells.problems.is_empty() => {
                self.writer.take(&mut taken, line, found)?
            }
            _ => None,
        };
        let problems = taken.cells.problems;
        match fate {
            Some(_) if !problems.is_empty() => self.reject(row, values, &layout, problems),
            Some(Fate::Imported) => {
                self.tally.imported += 1;
                Ok(())
            }
            Some(Fate::Present) => {
                self.tally.present += 1;
                Ok(())
            }
            Some(Fate::Staged) => Ok(()),
            None => self.reject(row, values, &layout, problems),
        }
    }

    /// Says which columns are ignored; printed once the import is done, or added to the
    /// error that refuses it.
    fn note_unknown(&mut self, layout: &Layout) {
        let ignored: Vec<String> = layout
            .unknown
            .iter()
            .map(|&c| import::shown_header(&layout.headers[c]))
            .collect();
        if !ignored.is_empty() {
            self.notes.push(Message::ColumnsIgnored {
                file: PathBuf::from(&self.file),
                ignored: Composed(ignored.join(", ")),
                several: ignored.len() != 1,
                kind: <W::Sheet as Sheet>::KIND.code().to_string(),
            });
        }
    }

    fn reject(
        &mut self,
        row: u64,
        values: &[String],
        layout: &Layout,
        problems: Vec<Problem>,
    ) -> Result<()> {
        self.tally.rejected += 1;
        let reason: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        if let Some(rejects) = &mut self.rejects {
            let mut record: Vec<&str> = values.iter().map(String::as_str).collect();
            record.resize(record.len().max(layout.headers.len()), "");
            let reason = format!("row {row}: {}", reason.join("; "));
            record.push(&reason);
            rejects
                .write_record(&record)
                .context("cannot write the rejects file")?;
        }
        for problem in &problems {
            if self.listed.len() < LISTED {
                self.listed
                    .push(format!("{}: row {row}: {}", self.file, problem.message));
            } else {
                self.unlisted += 1;
            }
        }
        Ok(())
    }
}

/// A rep's name, looked up in the reps loaded before the first row, or a problem on the row.
fn rep_named(reps: &HashMap<String, Rep>, cells: &mut Cells, name: &str) -> Option<Rep> {
    let rep = reps.get(name).copied();
    if rep.is_none() {
        no_such_rep(cells, name);
    }
    rep
}

/// Every rep by name, as the register and the deals need them.
fn reps_by_name(tx: &Connection) -> Result<HashMap<String, Rep>> {
    Ok(db::reps::all(tx)?
        .into_iter()
        .map(|rep| {
            let found = Rep {
                id: rep.id,
                retired: rep.retired_at.is_some(),
            };
            (rep.name, found)
        })
        .collect())
}

/// The customer with the line's phone, registered now under the line's name if new.
fn owner(
    tx: &Connection,
    customer: Option<CustomerRow>,
    phone: &Phone,
    name: &Option<String>,
    at: NaiveDateTime,
) -> Result<i64> {
    match customer {
        Some(customer) => Ok(customer.id),
        None => db::customers::add(
            tx,
            &CustomerRow::new(name.clone().unwrap_or_default(), phone.as_str().to_string()),
            at,
        ),
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// A bar on standard error when a person is watching; nothing when a script is.
fn progress_bar() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{msg:8} [{bar:40}] {percent:>3}% {elapsed_precise}")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message("reading");
    bar
}

fn example_header(kind: Kind) -> String {
    kind.fields()
        .iter()
        .filter(|f| f.required)
        .map(|f| f.aliases.first().copied().unwrap_or(f.key))
        .collect::<Vec<_>>()
        .join(",")
}

fn summary(
    context: &Context,
    args: &ImportArgs,
    kind: Kind,
    tally: &Tally,
    source: &Source,
) -> Result<()> {
    let file = args.file.display().to_string();
    let rejects = args
        .rejects
        .as_ref()
        .filter(|_| tally.rejected > 0 && !args.dry_run);
    let line = Message::ImportSummary {
        dry_run: args.dry_run,
        kind: kind.code().to_string(),
        read: tally.read as i64,
        file: args.file.clone(),
        source: Composed(source.to_string()),
        imported: tally.imported as i64,
        present: tally.present as i64,
        rejected: tally.rejected as i64,
        rejects: rejects.cloned(),
    }
    .text(context.out.lang);
    let mut records = Records::new(&[
        col("file", "File", "文件"),
        col("records", "Records", "类别"),
        col("source", "Source", "格式"),
        col("read", "Read", "读取"),
        col("imported", "Imported", "导入"),
        col("already_present", "Already present", "已存在"),
        col("rejected", "Rejected", "拒绝"),
        col("rejects", "Rejects file", "拒绝文件"),
        col("dry_run", "Dry run", "试运行"),
    ]);
    records.push(vec![
        file.into(),
        kind.code().to_string().into(),
        source.to_string().into(),
        (tally.read as i64).into(),
        (tally.imported as i64).into(),
        (tally.present as i64).into(),
        (tally.rejected as i64).into(),
        rejects.map(|p| p.display().to_string()).into(),
        args.dry_run.into(),
    ]);
    context.emit(&context.out.render_one(&records, &line)?)
}

/// A row naming a rep the file has not got.
fn no_such_rep(cells: &mut Cells, name: &str) {
    let column = cells.header("rep");
    cells.refuse(
        column.clone(),
        Message::RowNamesNoRep {
            field: Composed(column),
            name: name.to_string(),
        },
    );
}

/// The customer with a line's phone, if any; a phone nobody has on a row with no name is a
/// problem, since the customer is registered under the row's name.
fn customer_named(
    row: &mut Row,
    phone: &Phone,
    name: &Option<String>,
) -> Result<Option<CustomerRow>> {
    let customer = db::customers::by_phone(row.tx, phone.as_str())?;
    if customer.is_none() && name.is_none() {
        nameless(&mut row.cells, phone);
    }
    Ok(customer)
}

/// A row for a phone nobody has, with no name to register the customer under.
fn nameless(cells: &mut Cells, phone: &Phone) {
    let column = cells.header("name");
    cells.refuse(
        column.clone(),
        Message::RowNamesNoCustomer {
            field: Composed(column),
            phone: phone.masked(),
        },
    );
}
