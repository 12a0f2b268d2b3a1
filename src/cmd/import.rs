//! `import reps|customers|visits|complaints|responses FILE`: loads what an office keeps in
//! spreadsheets. The whole file is one transaction: by default one bad row means nothing is
//! imported and the bad rows are listed (the first [`LISTED`] problems, and how many more); `--skip-invalid` imports the good rows and writes the
//! bad ones, unchanged, with a reason column to `--rejects`; `--dry-run` checks everything and
//! rolls back. Records already present (a rep by name, a customer by phone, a visit by phone
//! and time, a complaint by phone, time and text, a response by survey and phone) are counted
//! and left alone, so importing a file twice adds nothing.
//!
//! Imported visits keep the rep the sheet names and take no rotation turn. They are replayed
//! customer by customer in time order against the register already in the database, so that
//! first registration wins across the file and the database (see
//! [`reception::imported`]).

use std::collections::{HashMap, HashSet};
use std::io::{IsTerminal, Write as _};
use std::path::Path;
use std::rc::Rc;

use anyhow::{Context as _, Result};
use chrono::NaiveDateTime;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rusqlite::Connection;

use super::Context;
use crate::cli::{ImportArgs, ImportKind};
use crate::db::aftersales::{self, HandoverRow, RepairRow};
use crate::db::bulk::{self, ReplayLine, StagedVisit};
use crate::db::complaints::{self, NewComplaint};
use crate::db::customers::{self, CustomerRow, Newcomer};
use crate::db::deals::{self, NewDeal};
use crate::db::register::{self, NewVisit};
use crate::db::{self, Finish, reps, surveys};
use crate::domain::aftersales as aftersales_rules;
use crate::domain::complaint;
use crate::domain::customer::Class;
use crate::domain::dates;
use crate::domain::import::{self, Cells, Kind, Layout, Problem};
use crate::domain::ownership::{self, Bought};
use crate::domain::phone::Phone;
use crate::domain::reception;
use crate::domain::register::{Contact, Entry, Reason};
use crate::domain::survey::Indicator;
use crate::domain::text::quoted;
use crate::error::invalid;
use crate::files::{self, AtomicFile, Replaces, Target};
use crate::output::{Lang, Records, col};
use crate::sheet::{self, Encoding, Source};

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

struct Import<'a> {
    tx: &'a Connection,
    context: &'a Context,
    kind: Kind,
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
    reps: HashMap<String, Rep>,
    surveys: HashMap<String, (i64, i64, Vec<Indicator>)>,
    staged: u64,
    /// Lines read but not yet staged, written a batch at a time.
    stage: Vec<StagedVisit>,
    notes: Vec<String>,
}

pub fn run(context: &Context, args: ImportArgs) -> Result<()> {
    let kind = match args.records {
        ImportKind::Reps => Kind::Reps,
        ImportKind::Customers => Kind::Customers,
        ImportKind::Visits => Kind::Visits,
        ImportKind::Complaints => Kind::Complaints,
        ImportKind::Responses => Kind::Responses,
        ImportKind::Deals => Kind::Deals,
        ImportKind::Handovers => Kind::Handovers,
        ImportKind::Repairs => Kind::Repairs,
    };
    let options = sheet::Options {
        encoding: args.encoding.as_deref().map(Encoding::parse).transpose()?,
        sheet: args.sheet.clone(),
    };
    if let Some(rejects) = &args.rejects
        && same_file(rejects, &args.file)
    {
        return Err(invalid(format!(
            "--rejects: {} is the file being imported; give another name, such as rejects.csv",
            rejects.display()
        )));
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
            import_file(tx, context, &args, kind, &options, &bar)
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
        context.note(note);
    }
    summary(context, &args, kind, &done.tally, &done.source)
}

/// What an import leaves once its transaction is over.
struct Done {
    tally: Tally,
    source: Source,
    rejects: Option<AtomicFile>,
    notes: Vec<String>,
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
fn import_file(
    tx: &Connection,
    context: &Context,
    args: &ImportArgs,
    kind: Kind,
    options: &sheet::Options,
    bar: &ProgressBar,
) -> Result<Done> {
    let mut import = Import {
        tx,
        context,
        kind,
        file: args.file.display().to_string(),
        skip_invalid: args.skip_invalid,
        layout: None,
        tally: Tally::default(),
        listed: Vec::new(),
        unlisted: 0,
        rejects: rejects_file(context, args)?,
        reps: HashMap::new(),
        surveys: HashMap::new(),
        staged: 0,
        stage: Vec::new(),
        notes: Vec::new(),
    };
    import.load_references()?;
    let source = sheet::read(&args.file, options, bar, |row, values| {
        import.take(row, values)
    })?;
    if import.layout.is_none() {
        return Err(invalid(format!(
            "{}: no header row; the first row with more than one cell names the columns, for \
             example {}",
            import.file,
            example_header(kind)
        )));
    }
    if kind == Kind::Visits {
        import.replay(bar)?;
    }
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

impl Import<'_> {
    /// The error that refuses the whole file: every problem, one line each, then what to do.
    fn refusal(&self) -> anyhow::Error {
        let count = self.listed.len() as u64 + self.unlisted;
        let more = match self.unlisted {
            0 => Vec::new(),
            n => vec![format!(
                "… and {n} more problem{} (add --skip-invalid --rejects FILE to see every bad row)",
                if n == 1 { "" } else { "s" }
            )],
        };
        let rows = self.tally.rejected;
        invalid(format!(
            "{}\n{} problem{} in {} row{} of {}; nothing was imported. Correct the rows and \
             import again, or add --skip-invalid --rejects FILE to import the good rows",
            self.listed
                .iter()
                .chain(&more)
                .chain(&self.notes)
                .cloned()
                .collect::<Vec<_>>()
                .join("\n"),
            count,
            if count == 1 { "" } else { "s" },
            rows,
            if rows == 1 { "" } else { "s" },
            self.file
        ))
    }

    /// Loads what every row is checked against.
    fn load_references(&mut self) -> Result<()> {
        bulk::set_page_cache(self.tx, PAGE_CACHE_KIB)?;
        match self.kind {
            Kind::Visits => {
                for rep in reps::all(self.tx)? {
                    self.reps.insert(
                        rep.name.clone(),
                        Rep {
                            id: rep.id,
                            retired: rep.retired_at.is_some(),
                        },
                    );
                }
                bulk::create_stage(self.tx)?;
            }
            Kind::Responses => {
                for survey in surveys::waves(self.tx)? {
                    let indicators = surveys::indicators(self.tx, survey.id)?;
                    self.surveys
                        .insert(survey.name.clone(), (survey.id, survey.scale, indicators));
                }
            }
            Kind::Deals => {
                for rep in reps::all(self.tx)? {
                    self.reps.insert(
                        rep.name.clone(),
                        Rep {
                            id: rep.id,
                            retired: rep.retired_at.is_some(),
                        },
                    );
                }
            }
            Kind::Reps | Kind::Customers | Kind::Complaints | Kind::Handovers | Kind::Repairs => {}
        }
        Ok(())
    }

    /// Writes happen while every row so far was good, or always with --skip-invalid; after a
    /// bad row the rest is only checked, since the transaction will be rolled back.
    fn writing(&self) -> bool {
        self.skip_invalid || self.listed.is_empty()
    }

    fn take(&mut self, row: u64, values: &[String]) -> Result<()> {
        let Some(layout) = self.layout.clone() else {
            if import::is_header(self.kind, values) {
                let mut layout = import::layout(self.kind, values)
                    .map_err(|err| invalid(format!("{}: row {row}: {err}", self.file)))?;
                if self.kind == Kind::Responses {
                    let all: Vec<&Indicator> =
                        self.surveys.values().flat_map(|(_, _, i)| i).collect();
                    layout.claim(&all);
                }
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
        let mut cells = Cells::new(&layout, values);
        let now = self.context.now();
        let fate = match self.kind {
            Kind::Reps => self.rep(&mut cells)?,
            Kind::Customers => self.customer(&mut cells, now)?,
            Kind::Visits => self.visit(&mut cells, row, now)?,
            Kind::Complaints => self.complaint(&mut cells, now)?,
            Kind::Responses => self.response(&mut cells, now)?,
            Kind::Deals => self.deal(&mut cells, now)?,
            Kind::Handovers => self.handover(&mut cells, now)?,
            Kind::Repairs => self.repair(&mut cells, now)?,
        };
        match fate {
            Some(_) if !cells.problems.is_empty() => {
                self.reject(row, values, &layout, cells.problems)
            }
            Some(Fate::Imported) => {
                self.tally.imported += 1;
                Ok(())
            }
            Some(Fate::Present) => {
                self.tally.present += 1;
                Ok(())
            }
            Some(Fate::Staged) => {
                self.staged += 1;
                Ok(())
            }
            None => self.reject(row, values, &layout, cells.problems),
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
            self.notes.push(format!(
                "note: {}: column{} {} {} not read by `import {}` and {} ignored",
                self.file,
                if ignored.len() == 1 { "" } else { "s" },
                ignored.join(", "),
                if ignored.len() == 1 { "is" } else { "are" },
                self.kind.code(),
                if ignored.len() == 1 { "is" } else { "are" },
            ));
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

    fn rep(&mut self, cells: &mut Cells) -> Result<Option<Fate>> {
        let Some(line) = import::rep(cells) else {
            return Ok(None);
        };
        if !cells.problems.is_empty() {
            return Ok(None);
        }
        if reps::by_name(self.tx, &line.name)?.is_some() {
            return Ok(Some(Fate::Present));
        }
        if self.writing() {
            reps::add(
                self.tx,
                &line.name,
                line.phone.as_ref().map(|p| p.as_str()),
                self.context.now(),
            )?;
        }
        Ok(Some(Fate::Imported))
    }

    fn customer(&mut self, cells: &mut Cells, now: NaiveDateTime) -> Result<Option<Fate>> {
        let Some(line) = import::customer(cells, now) else {
            return Ok(None);
        };
        if !cells.problems.is_empty() {
            return Ok(None);
        }
        if customers::id_by_phone(self.tx, line.phone.as_str())?.is_some() {
            return Ok(Some(Fate::Present));
        }
        if self.writing() {
            let [
                education,
                occupation,
                income,
                family,
                address,
                email,
                personality,
                interests,
                attitude,
                requirements,
                purchase,
                tendency,
            ] = line.details;
            let row = CustomerRow {
                class: line.class.unwrap_or(Class::Potential),
                gender: line.gender,
                age: line.age,
                education,
                occupation,
                income,
                family,
                address,
                email,
                personality,
                interests,
                attitude,
                requirements,
                purchase,
                tendency,
                ..CustomerRow::new(line.name, line.phone.as_str().to_string())
            };
            let id = customers::add(self.tx, &row, now)?;
            if let Some(bought_at) = line.bought_at {
                customers::mark_bought(self.tx, id, bought_at)?;
            }
        }
        Ok(Some(Fate::Imported))
    }

    fn visit(&mut self, cells: &mut Cells, row: u64, now: NaiveDateTime) -> Result<Option<Fate>> {
        let line = import::visit(cells, now);
        let rep = match cells.raw("rep") {
            None => None,
            Some(name) => match self.reps.get(name) {
                Some(rep) => Some(*rep),
                None => {
                    // Copied only here, so that a good row allocates nothing for its rep.
                    let name = name.to_string();
                    no_such_rep(cells, &name);
                    None
                }
            },
        };
        let Some(line) = line else {
            return Ok(None);
        };
        if !cells.problems.is_empty() {
            return Ok(None);
        }
        if self.writing() {
            self.stage.push(StagedVisit {
                row: row as i64,
                phone: line.phone.as_str().to_string(),
                at: line.at,
                name: line.name,
                rep_id: rep.map(|r| r.id),
                call: line.call,
                channel: line.channel,
                gender: line.gender,
                age: line.age,
                occupation: line.occupation,
                note: line.note,
            });
            if self.stage.len() == bulk::BATCH {
                bulk::stage(self.tx, &self.stage)?;
                self.stage.clear();
            }
        }
        Ok(Some(Fate::Staged))
    }

    /// Writes the staged register customer by customer, each in time order, so that every
    /// entry is judged against the registrations before it, in the file and the database.
    fn replay(&mut self, bar: &ProgressBar) -> Result<()> {
        if !self.writing() {
            return Ok(());
        }
        bulk::stage(self.tx, &self.stage)?;
        self.stage.clear();
        bar.set_message("writing");
        bar.set_position(0);
        bar.set_length(self.staged);
        let retired: HashSet<i64> = self
            .reps
            .values()
            .filter(|r| r.retired)
            .map(|r| r.id)
            .collect();
        let (tx, clock) = (self.tx, self.context.clock());
        let existing = register::size(tx)?;
        // A file imported again, all of it already present, leaves the schema alone.
        let aside = if bulk::rebuilds_day_index(self.staged, existing.unsigned_abs())
            && bulk::any_new_line(tx)?
        {
            Some(bulk::set_aside(tx)?)
        } else {
            None
        };
        let mut register = Register {
            tx,
            clock,
            retired: &retired,
            customer: 0,
            entries: Vec::new(),
            bought: Vec::new(),
            taken: HashSet::new(),
            pending: Vec::with_capacity(bulk::BATCH),
            newcomers: Vec::new(),
            next_customer: customers::next_id(tx)?,
            imported: 0,
            present: 0,
        };
        bulk::each_line(tx, |line| {
            bar.inc(1);
            register.take(line)
        })?;
        register.flush()?;
        if let Some(aside) = aside {
            bar.set_message("indexing");
            bulk::put_back(tx, aside)?;
        }
        self.tally.imported += register.imported;
        self.tally.present += register.present;
        Ok(())
    }

    fn complaint(&mut self, cells: &mut Cells, now: NaiveDateTime) -> Result<Option<Fate>> {
        let Some(line) = import::complaint(cells, now) else {
            return Ok(None);
        };
        if !cells.problems.is_empty() {
            return Ok(None);
        }
        let customer_id = customers::id_by_phone(self.tx, line.phone.as_str())?;
        if let Some(id) = customer_id
            && complaints::exists(self.tx, id, line.received_at, &line.text)?
        {
            return Ok(Some(Fate::Present));
        }
        if customer_id.is_none() && line.name.is_none() {
            nameless(cells, &line.phone);
            return Ok(None);
        }
        if !self.writing() {
            return Ok(Some(Fate::Imported));
        }
        let customer_id = match customer_id {
            Some(id) => id,
            None => customers::add(
                self.tx,
                &CustomerRow::new(
                    line.name.clone().unwrap_or_default(),
                    line.phone.as_str().to_string(),
                ),
                line.received_at,
            )?,
        };
        let classification =
            complaint::classify(line.category, line.flags, line.amount, &line.text);
        let authority = complaint::authority(classification.class, line.amount);
        complaints::add(
            self.tx,
            &NewComplaint {
                customer_id,
                received_at: line.received_at,
                ticketed_at: line.ticketed_at,
                channel: line.channel,
                category: line.category,
                department: line.department,
                amount_fen: line.amount.map(|a| a.0),
                flags: line.flags,
                class: classification.class,
                class_reason: &classification.reason,
                authority,
                text: &line.text,
                received_by: line.by.as_deref(),
            },
            self.context.clock(),
        )?;
        Ok(Some(Fate::Imported))
    }

    /// The rep a sheet names, or a problem on the row.
    fn rep_named(&self, cells: &mut Cells, name: &str) -> Option<Rep> {
        let rep = self.reps.get(name).copied();
        if rep.is_none() {
            no_such_rep(cells, name);
        }
        rep
    }

    /// The customer with the line's phone, registered now under the line's name if new.
    fn owner(
        &self,
        customer: Option<CustomerRow>,
        phone: &Phone,
        name: &Option<String>,
        at: NaiveDateTime,
    ) -> Result<i64> {
        match customer {
            Some(customer) => Ok(customer.id),
            None => customers::add(
                self.tx,
                &CustomerRow::new(name.clone().unwrap_or_default(), phone.as_str().to_string()),
                at,
            ),
        }
    }

    /// A handover, known by its unit: importing it again adds nothing, and the same unit handed
    /// over on another day or to another owner is a contradiction the office must settle.
    fn handover(&mut self, cells: &mut Cells, now: NaiveDateTime) -> Result<Option<Fate>> {
        let Some(line) = import::handover(cells, now) else {
            return Ok(None);
        };
        let customer = customers::by_phone(self.tx, line.phone.as_str())?;
        if customer.is_none() && line.name.is_none() {
            nameless(cells, &line.phone);
        }
        if !cells.problems.is_empty() {
            return Ok(None);
        }
        if let Some(earlier) = aftersales::handover_of(self.tx, &line.unit)? {
            let same_owner = customer
                .as_ref()
                .is_some_and(|c| c.id == earlier.customer_id);
            if same_owner && earlier.handed_over == line.handed_over {
                return Ok(Some(Fate::Present));
            }
            let column = cells.header("unit");
            cells.complain(
                column.clone(),
                format!(
                    "{column}: {} was handed over on {} (handover {}); a unit is handed over once",
                    line.unit,
                    dates::date(earlier.handed_over),
                    earlier.id
                ),
            );
            return Ok(None);
        }
        if self.writing() {
            let at = line.handed_over.and_time(chrono::NaiveTime::MIN);
            let customer_id = self.owner(customer, &line.phone, &line.name, at)?;
            let deal_id = deals::holding(self.tx, &line.unit)?
                .filter(|d| d.customer_id == customer_id)
                .map(|d| d.id);
            let row = HandoverRow {
                id: 0,
                unit: line.unit.clone(),
                deal_id,
                customer_id,
                handed_over: line.handed_over,
            };
            let checks = aftersales_rules::check_schedule(line.handed_over);
            aftersales::handover(self.tx, &row, &checks, self.context.clock())?;
        }
        Ok(Some(Fate::Imported))
    }

    /// A repair, known by its owner, unit, time and text: importing it again adds nothing.
    fn repair(&mut self, cells: &mut Cells, now: NaiveDateTime) -> Result<Option<Fate>> {
        let Some(line) = import::repair(cells, now) else {
            return Ok(None);
        };
        let customer = customers::by_phone(self.tx, line.phone.as_str())?;
        if customer.is_none() && line.name.is_none() {
            nameless(cells, &line.phone);
        }
        if !cells.problems.is_empty() {
            return Ok(None);
        }
        if let Some(customer) = &customer
            && aftersales::repair_exists(
                self.tx,
                customer.id,
                &line.unit,
                line.received_at,
                &line.text,
            )?
        {
            return Ok(Some(Fate::Present));
        }
        if self.writing() {
            let customer_id = self.owner(customer, &line.phone, &line.name, line.received_at)?;
            let row = RepairRow {
                id: 0,
                customer_id,
                name: String::new(),
                phone: String::new(),
                unit: line.unit.clone(),
                kind: line.kind,
                text: line.text.clone(),
                received_at: line.received_at,
                appointment: line.appointment,
            };
            aftersales::repair(self.tx, &row, self.context.clock())?;
        }
        Ok(Some(Fate::Imported))
    }

    /// A deal, known by the buyer's phone and the unit sold: importing it again adds nothing.
    fn deal(&mut self, cells: &mut Cells, now: NaiveDateTime) -> Result<Option<Fate>> {
        let Some(line) = import::deal(cells, now) else {
            return Ok(None);
        };
        let rep = line
            .rep
            .as_deref()
            .and_then(|name| self.rep_named(cells, name))
            .map(|rep| rep.id);
        let customer = customers::by_phone(self.tx, line.phone.as_str())?;
        if customer.is_none() && line.name.is_none() {
            nameless(cells, &line.phone);
        }
        if !cells.problems.is_empty() {
            return Ok(None);
        }
        if let Some(customer) = &customer
            && deals::of_customer(self.tx, customer.id)?
                .iter()
                .any(|d| d.unit == line.unit || d.unit_sold == line.unit)
        {
            return Ok(Some(Fate::Present));
        }
        if let Some(held) = deals::holding(self.tx, &line.unit)? {
            let column = cells.header("unit");
            cells.complain(
                column.clone(),
                format!(
                    "{column}: {} was sold in deal {} to {}; a unit is sold once",
                    line.unit, held.id, held.buyer
                ),
            );
            return Ok(None);
        }
        if self.writing() {
            self.write_deal(&line, customer, rep)?;
        }
        Ok(Some(Fate::Imported))
    }

    /// Writes an imported deal; the buyer, registered now if new, becomes an owner.
    fn write_deal(
        &self,
        line: &import::DealLine,
        customer: Option<CustomerRow>,
        rep: Option<i64>,
    ) -> Result<()> {
        let mut customer = match customer {
            Some(customer) => customer,
            None => {
                let mut row = CustomerRow::new(
                    line.name.clone().unwrap_or_default(),
                    line.phone.as_str().to_string(),
                );
                row.company = line.company.is_some();
                row.id = customers::add(self.tx, &row, line.bought_at)?;
                row
            }
        };
        deals::add(
            self.tx,
            &NewDeal {
                customer_id: customer.id,
                unit: &line.unit,
                buyer: line.name.as_deref().unwrap_or(&customer.name),
                price_fen: line.price.0,
                at: line.bought_at,
                rep_id: rep,
                company: line.company,
            },
            self.context.clock(),
        )?;
        if customer.class != Class::Owner {
            customer.class = Class::Owner;
            customers::update(self.tx, &customer)?;
        }
        customers::mark_bought(self.tx, customer.id, line.bought_at)
    }

    fn response(&mut self, cells: &mut Cells, now: NaiveDateTime) -> Result<Option<Fate>> {
        let line = import::response(cells, now);
        let Some(line) = line else {
            return Ok(None);
        };
        let Some((survey_id, scale, indicators)) = self.surveys.get(&line.survey) else {
            let column = cells.header("survey");
            let mut names: Vec<&str> = self.surveys.keys().map(String::as_str).collect();
            names.sort_unstable();
            cells.complain(
                column.clone(),
                format!(
                    "{column}: there is no survey {}; surveys: {} (create it with `salesdesk \
                     survey new NAME --standard`)",
                    quoted(&line.survey),
                    if names.is_empty() {
                        "none yet".to_string()
                    } else {
                        names.join(" ")
                    }
                ),
            );
            return Ok(None);
        };
        let answers = import::answers(cells, &line.survey, indicators, *scale);
        let customer_id = customers::id_by_phone(self.tx, line.phone.as_str())?;
        let Some(customer_id) = customer_id else {
            let column = cells.header("phone");
            cells.complain(
                column.clone(),
                format!(
                    "{column}: no customer has the phone {}; import or register the customer first",
                    line.phone.masked()
                ),
            );
            return Ok(None);
        };
        if !cells.problems.is_empty() {
            return Ok(None);
        }
        if surveys::current_response(self.tx, *survey_id, customer_id)?.is_some() {
            return Ok(Some(Fate::Present));
        }
        if self.writing() {
            surveys::record(
                self.tx,
                *survey_id,
                customer_id,
                line.answered_at.unwrap_or(now),
                None,
                &answers,
                self.context.clock(),
            )?;
        }
        Ok(Some(Fate::Imported))
    }
}

/// The replay of an imported register: one customer's entries at a time, written in batches.
struct Register<'a> {
    tx: &'a Connection,
    clock: NaiveDateTime,
    retired: &'a HashSet<i64>,
    /// The customer whose lines are being replayed.
    customer: i64,
    /// Their entries as ownership sees them, from the database and this import so far.
    entries: Vec<Entry>,
    /// Their deals: after one, the customer is the closing rep's for good.
    bought: Vec<Bought>,
    /// The moments they already have an entry at: a visit is known by phone and time.
    taken: HashSet<NaiveDateTime>,
    pending: Vec<(i64, ReplayLine, Reason)>,
    /// Customers first met in the pending lines, with the ids they are given.
    newcomers: Vec<(i64, Newcomer, NaiveDateTime)>,
    next_customer: i64,
    imported: u64,
    present: u64,
}

impl Register<'_> {
    fn take(&mut self, mut line: ReplayLine) -> Result<()> {
        if let Some(newcomer) = line.first.take() {
            self.entries.clear();
            self.bought.clear();
            self.taken.clear();
            self.customer = match customers::id_by_phone(self.tx, &newcomer.phone)? {
                Some(id) => {
                    // Entries still waiting in the batch belong to other customers.
                    for visit in register::entries_of(self.tx, id)? {
                        self.taken.insert(visit.at);
                        self.entries.extend(visit.entry());
                    }
                    self.bought = deals::bought(self.tx, id)?;
                    id
                }
                // Registered as of their earliest line, which comes first. Customers come in
                // phone order and are numbered in turn, so the customer index takes their
                // entries in order, at its end.
                None => {
                    let id = self.next_customer;
                    self.next_customer += 1;
                    self.newcomers.push((id, newcomer, line.at));
                    id
                }
            };
        }
        if !self.taken.insert(line.at) {
            self.present += 1;
            return Ok(());
        }
        let owner = ownership::owner_of(&self.entries, &self.bought, line.at);
        let reason = reception::imported(line.call, line.rep_id, owner.as_ref());
        if let Some(rep_id) = line.rep_id {
            // Not written yet: an id past every real one keeps the file's order among equals.
            let visit_id = i64::MAX / 2 + self.imported as i64;
            self.entries.push(Entry {
                visit_id,
                rep_id,
                at: line.at,
                reason,
                superseded: false,
                rep_retired: self.retired.contains(&rep_id),
                refused_rep_id: None,
                for_rep: None,
            });
        }
        self.imported += 1;
        self.pending.push((self.customer, line, reason));
        if self.pending.len() == bulk::BATCH {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        let visits: Vec<NewVisit> = self
            .pending
            .iter()
            .map(|(customer_id, line, reason)| NewVisit {
                customer_id: *customer_id,
                rep_id: line.rep_id,
                at: line.at,
                contact: Contact::of(line.call),
                channel: line.channel,
                reason: *reason,
                turn: false,
                priority: false,
                brought_by: None,
                referrer: None,
                referral_day: None,
                note: line.note.as_deref(),
                supersedes: None,
            })
            .collect();
        if self.pending.is_empty() {
            return Ok(());
        }
        let first = self.pending.first().map_or(0, |(_, line, _)| line.row);
        customers::add_numbered(self.tx, &self.newcomers)
            .with_context(|| format!("cannot register the customers from row {first} on"))?;
        self.newcomers.clear();
        register::add_many(self.tx, &visits, self.clock)
            .with_context(|| format!("cannot import the rows from row {first} on"))?;
        self.pending.clear();
        Ok(())
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
        .filter(|_| tally.rejected > 0 && !args.dry_run)
        .map(|p| p.display().to_string());
    let line = match context.out.lang {
        Lang::En => format!(
            "{}import {}: {} rows read from {file} ({source}): {} imported, {} already present, {} rejected{}",
            if args.dry_run {
                "dry run, nothing written: "
            } else {
                ""
            },
            kind.code(),
            tally.read,
            tally.imported,
            tally.present,
            tally.rejected,
            rejects
                .as_deref()
                .map(|r| format!(" (written to {r})"))
                .unwrap_or_default()
        ),
        Lang::Zh => format!(
            "{}导入 {}：读取 {file}（{source}）{} 行：导入 {}，已存在 {}，拒绝 {}{}",
            if args.dry_run {
                "试运行，未写入："
            } else {
                ""
            },
            kind.code(),
            tally.read,
            tally.imported,
            tally.present,
            tally.rejected,
            rejects
                .as_deref()
                .map(|r| format!("（已写入 {r}）"))
                .unwrap_or_default()
        ),
    };
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
        rejects.into(),
        args.dry_run.into(),
    ]);
    context.emit(&context.out.render_one(&records, &line)?)
}

/// A row naming a rep the file has not got.
fn no_such_rep(cells: &mut Cells, name: &str) {
    let column = cells.header("rep");
    cells.complain(
        column.clone(),
        format!(
            "{column}: there is no rep named {}; add them first with `salesdesk rep add \
             NAME` or `salesdesk import reps FILE`",
            quoted(name)
        ),
    );
}

/// A row for a phone nobody has, with no name to register the customer under.
fn nameless(cells: &mut Cells, phone: &Phone) {
    let column = cells.header("name");
    cells.complain(
        column.clone(),
        format!(
            "{column}: no customer has the phone {} and the row gives no name; add a name column \
             (姓名) or register the customer first",
            phone.masked()
        ),
    );
}
