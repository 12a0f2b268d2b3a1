//! `group`: the group customer centre (集团客户中心) reads many project files at once. One file
//! is one project (楼盘), named after the file. Every file is opened to read and nothing else
//! ([`db::open_to_read`]): no migration, no WAL switch, no side file left that was not there.
//! A file that cannot be read is named on stderr with the reason and the others are still
//! reported; the exit code is then 1, and `--strict` turns it into a failure with no output.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context as _, Result, anyhow, bail};

use super::Context;
use super::facts::reports::{self, Report};
use crate::cli::{FetchArgs, GroupCommand, OfficeArgs};
use crate::db::{self, Unreadable, census};
use crate::domain::dates;
use crate::error::invalid;
use crate::files::{Replaces, Target};
use crate::messages::Message;
use crate::messages::columns::group::{FETCH_COLUMNS, OFFICE_COLUMNS};
use crate::output::{Book, Cell, Column, Format, Output, Records, col};
use crate::replica::{self, Place};

pub fn run(context: &Context, command: GroupCommand) -> Result<()> {
    match command {
        GroupCommand::Offices(args) => offices(context, &args),
        GroupCommand::Report {
            offices,
            report,
            section,
            sections,
        } => group_report(context, &offices, report, Alone { section, sections }),
        GroupCommand::Fetch(args) => fetch_command(context, &args),
    }
}

/// The project files named by `--office` and `--offices`, each once, in the order typed and
/// then by name within the folder.
fn office_files(args: &OfficeArgs) -> Result<Vec<PathBuf>> {
    let mut files = args.files.clone();
    if let Some(dir) = &args.dir {
        let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
            .with_context(|| format!("--offices: cannot read the folder {}", dir.display()))?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.extension().is_some_and(|e| e == "db") && path.is_file())
            .collect();
        found.sort();
        files.extend(found);
    }
    let mut seen = std::collections::HashSet::new();
    files.retain(|path| seen.insert(path.clone()));
    if files.is_empty() {
        return Err(invalid(Message::NoOfficeFiles {}));
    }
    Ok(files)
}

/// `--wait` in seconds.
fn wait(args: &OfficeArgs) -> Result<Duration> {
    args.wait
        .trim()
        .parse::<u64>()
        .map(Duration::from_secs)
        .map_err(|_| {
            invalid(Message::NotSeconds {
                raw: args.wait.clone(),
            })
        })
}

/// The project a file holds: its name without the extension.
pub fn project_of(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Names the skipped offices on stderr; the error that makes the exit code 1 when any was.
fn skipped(context: &Context, offices: &[(PathBuf, Unreadable)], read: usize) -> Result<()> {
    for (file, why) in offices {
        let skipped = Message::OfficeSkipped { file: file.clone() };
        context.note(&format!("{}{why}", skipped.text(context.out.lang)));
    }
    match offices.len() {
        0 => Ok(()),
        n => Err(anyhow!(
            "{n} of {} project files could not be read (named above); the report covers the \
             other {read}",
            n + read
        )),
    }
}

/// Under `--strict`, one unreadable office fails the run before anything is printed.
fn strict_check(args: &OfficeArgs, unread: &[(PathBuf, Unreadable)]) -> Result<()> {
    if !args.strict || unread.is_empty() {
        return Ok(());
    }
    let bad: Vec<String> = unread
        .iter()
        .map(|(file, why)| format!("{}: {why}", file.display()))
        .collect();
    Err(anyhow!(
        "--strict: {} project file(s) could not be read, nothing reported: {}",
        bad.len(),
        bad.join("; ")
    ))
}

fn status(why: &Unreadable) -> Cell {
    match why {
        Unreadable::Missing => Cell::label("missing", "文件不存在"),
        Unreadable::Locked => Cell::label("locked", "被锁定"),
        Unreadable::Corrupt(_) => Cell::label("corrupt", "文件损坏"),
        Unreadable::Foreign => Cell::label("foreign", "非本系统数据库"),
        Unreadable::Refused(_) => Cell::label("refused", "无法生成报表"),
        Unreadable::Newer { .. } => Cell::label("newer", "版本较新"),
        Unreadable::Older { .. } => Cell::label("older", "版本较旧"),
    }
}

fn offices(context: &Context, args: &OfficeArgs) -> Result<()> {
    let wait = wait(args)?;
    let mut records = Records::new(OFFICE_COLUMNS);
    let mut unread = Vec::new();
    for file in office_files(args)? {
        let counted = db::open_to_read(&file, wait).and_then(|(mut conn, version)| {
            db::snapshot(&mut conn)
                .and_then(|snapshot| census::of(&snapshot))
                .map(|counts| (version, counts))
                .map_err(|err| Unreadable::Corrupt(format!("{err:#}")))
        });
        let mut row = vec![project_of(&file).into(), file.display().to_string().into()];
        match counted {
            Ok((version, counts)) => row.extend([
                Cell::label("ok", "正常"),
                version.into(),
                counts.reps.into(),
                counts.customers.into(),
                counts.visits.into(),
                counts.complaints.into(),
                counts.deals.into(),
                counts.latest_entry.map(dates::minute).into(),
            ]),
            Err(why) => {
                row.push(status(&why));
                row.resize(OFFICE_COLUMNS.len(), Cell::Null);
                unread.push((file, why));
            }
        }
        records.push(row);
    }
    strict_check(args, &unread)?;
    context.list(&records)?;
    skipped(context, &unread, records.rows.len() - unread.len())
}

/// The group's sum of one section of counts, kept while the projects are read one by one.
struct Total {
    section: Column,
    columns: Vec<Column>,
    /// Per column: the sum so far, `None` for a column that is not a count.
    sums: Vec<Option<i64>>,
    money: Vec<bool>,
    rows: usize,
}

impl Total {
    /// A total for a section of counts; none for a listing (rows with an id), whose group figure
    /// is its length.
    fn of(section: Column, records: &Records) -> Option<Total> {
        if records
            .columns
            .iter()
            .any(|c| c.key == "id" || c.key.ends_with("_id"))
        {
            return None;
        }
        Some(Total {
            section,
            columns: records.columns.clone(),
            sums: vec![Some(0); records.columns.len()],
            money: vec![false; records.columns.len()],
            rows: 0,
        })
    }

    fn add(&mut self, records: &Records) {
        for row in &records.rows {
            self.rows += 1;
            for (i, cell) in row.iter().enumerate().take(self.sums.len()) {
                self.sums[i] = match (self.sums[i], cell) {
                    (Some(sum), Cell::Int(n)) => Some(sum + n),
                    (Some(sum), Cell::Money(fen)) => {
                        self.money[i] = true;
                        Some(sum + fen)
                    }
                    (sum, Cell::Null) => sum,
                    _ => None,
                };
            }
        }
    }

    /// The group's row: sums of the counts; what is not a count (a name, a time, a mean, a
    /// rate) is left blank, since a sum of it would mean nothing. None when no project had a row
    /// or nothing in the section is a count.
    fn row(&self) -> Option<Vec<Cell>> {
        let counted = self
            .columns
            .iter()
            .zip(&self.sums)
            .any(|(c, sum)| sum.is_some() && c.key != "project");
        if self.rows == 0 || !counted {
            return None;
        }
        Some(
            self.columns
                .iter()
                .zip(self.sums.iter().zip(&self.money))
                .map(|(column, (sum, money))| match sum {
                    _ if column.key == "project" => Cell::label("group", "集团合计"),
                    Some(fen) if *money => Cell::Money(*fen),
                    Some(n) => Cell::Int(*n),
                    None => Cell::Null,
                })
                .collect(),
        )
    }
}

/// The section's records with the project named in a first column (kept where the report
/// already has one).
fn with_project(project: &str, records: &Records) -> Records {
    if records.columns.first().is_some_and(|c| c.key == "project") {
        return records.clone();
    }
    let mut columns = vec![col("project", "Project", "项目")];
    columns.extend(records.columns.iter().copied());
    let mut named = Records::new(&columns);
    for row in &records.rows {
        let mut cells = vec![Cell::from(project)];
        cells.extend(row.iter().cloned());
        named.push(cells);
    }
    named
}

/// The projects' reports, read one file at a time as they are asked for: only one project's
/// report is held at once, whatever the number of projects. The files that could not be read
/// are kept, with the reason, for the end.
struct Reports<'a> {
    context: &'a Context,
    report: crate::cli::ReportCommand,
    files: std::vec::IntoIter<PathBuf>,
    wait: Duration,
    totals: Vec<Total>,
    read: usize,
    unread: Vec<(PathBuf, Unreadable)>,
}

impl Reports<'_> {
    /// The next project read, with its report. A file that cannot be read, or whose report
    /// cannot be built, is kept with the reason and the next one is read.
    fn next(&mut self) -> Result<Option<(String, Report)>> {
        for file in self.files.by_ref() {
            // Opened here, to read only and waiting `--wait` for a lock, so that a missing or
            // locked file is named among the others rather than stopping the run.
            let (conn, version) = match db::open_to_read(&file, self.wait) {
                Ok(opened) => opened,
                Err(why) => {
                    self.unread.push((file, why));
                    continue;
                }
            };
            let office = Context {
                db: file.clone(),
                ..self.context.clone()
            };
            let built = db::calendar::zone_if_kept(&conn).and_then(|zone| {
                office.time.read_in(zone);
                reports::build(&office, conn, &self.report)
            });
            let Report { head, sections } = match built {
                Ok(report) => report,
                Err(err) => {
                    self.unread.push((file, unbuilt(err, version)?));
                    continue;
                }
            };
            let project = project_of(&file);
            let sections: Vec<(Column, Records)> = sections
                .iter()
                .map(|(section, records)| (*section, with_project(&project, records)))
                .collect();
            for (section, records) in &sections {
                let at = match self
                    .totals
                    .iter()
                    .position(|t| t.section.key == section.key)
                {
                    Some(at) => Some(at),
                    None => Total::of(*section, records).map(|total| {
                        self.totals.push(total);
                        self.totals.len() - 1
                    }),
                };
                if let Some(at) = at {
                    self.totals[at].add(records);
                }
            }
            self.read += 1;
            return Ok(Some((project, Report { head, sections })));
        }
        Ok(None)
    }

    /// The projects read and skipped, as the report's last fields.
    fn counts(&self) -> [(Column, usize); 2] {
        [
            (col("projects_read", "Projects read", "已读项目"), self.read),
            (
                col("projects_skipped", "Projects skipped", "未读项目"),
                self.unread.len(),
            ),
        ]
    }
}

/// Why a project file that opened gave no report: bad input found in the file (a survey wave
/// that project never ran) leaves that project out as refused; a failure on a file of an older
/// schema version says which version it was.
fn unbuilt(err: anyhow::Error, version: i64) -> Result<Unreadable> {
    let known = db::schema::latest()?;
    Ok(match err.downcast::<Unreadable>() {
        Ok(why) => why,
        Err(err) if crate::error::exit_code(&err) == 2 => Unreadable::Refused(format!("{err:#}")),
        Err(err) if version < known => Unreadable::Older {
            version,
            known,
            why: format!("{err:#}"),
        },
        Err(err) => Unreadable::Corrupt(format!("{err:#}")),
    })
}

/// `group report KIND`: the report run over every project file, read-only. A table gathers
/// every row for its widths, section by section; CSV and JSON are laid down project by project
/// as each is read, so that one project's report is held at a time, and handed out whole at
/// the end (or not at all under `--strict`).
/// `--section NAME` or `--sections`: one section of the group's report alone, or the list of
/// its sections.
struct Alone {
    section: Option<String>,
    sections: bool,
}

fn group_report(
    context: &Context,
    args: &OfficeArgs,
    report: crate::cli::ReportCommand,
    alone: Alone,
) -> Result<()> {
    let fetched = match &args.replicas {
        Some(url) => Some(fetch_for_report(context, args, url)?),
        None => None,
    };
    let args = &fetched
        .as_ref()
        .map_or_else(|| args.clone(), |(args, _)| args.clone());
    let mut reports = Reports {
        context,
        report,
        files: office_files(args)?.into_iter(),
        wait: wait(args)?,
        totals: Vec::new(),
        read: 0,
        unread: Vec::new(),
    };
    // A period typed wrong is wrong for every project: the run stops there, before any file
    // is opened; so does a period that has not begun, judged in the office's default zone
    // (each project's report judges it again in its own), and an unknown word in `--output`.
    reports::check(&reports.report)?;
    reports::check_output(context, &["period", "date", "project"])?;
    context.time.read_in(crate::domain::zone::DEFAULT);
    reports::begun(&reports.report, context.today())?;
    let period = reports::period(&reports.report, context.today())?.name;
    let date = dates::date(context.today());
    let values = [("period", period.as_str()), ("date", date.as_str())];
    if context
        .output
        .as_ref()
        .is_some_and(|path| path.to_string_lossy().contains("{project}"))
    {
        return each_project(context, args, &mut reports, &values);
    }
    if alone.sections || alone.section.is_some() {
        let (head, sections) = group_merged(&mut reports)?;
        strict_check(args, &reports.unread)?;
        let group = Report { head, sections };
        let records = match &alone.section {
            Some(name) => reports::one_section(&group, name)?,
            None => reports::section_list(&group),
        };
        reports::filled(context, &values)?.list(&records)?;
        return skipped(context, &reports.unread, reports.read);
    }
    if context.out.workbook {
        let (head, merged) = group_merged(&mut reports)?;
        strict_check(args, &reports.unread)?;
        let filled = reports::filled(context, &values)?;
        if let Some(target) = filled.workbook_target() {
            let mut book = Book::new(&context.out);
            book.report(&head, &merged, &reports::group_charts(&reports.report))?;
            book.save(&target)?;
        }
        return skipped(context, &reports.unread, reports.read);
    }
    let text = match context.out.format {
        Format::Table => group_table(&context.out, &mut reports)?,
        Format::Csv => group_csv(&context.out, &mut reports)?,
        Format::Json => group_json(&mut reports)?,
    };
    strict_check(args, &reports.unread)?;
    reports::filled(context, &values)?.emit(&text)?;
    skipped(context, &reports.unread, reports.read)?;
    match fetched {
        Some((_, failed)) if failed > 0 => Err(anyhow!(
            "{failed} project replica(s) could not be fetched (named above); the report used \
             their previous copies, where there were any"
        )),
        _ => Ok(()),
    }
}

/// `group report ... --output 'NAME-{project}.csv'`: each project's report in a file of its
/// own, each row naming its project as the group's file does, each whole or not at all. Under `--strict` an
/// unreadable project leaves every file unwritten, so every report is held until all are read.
fn each_project(
    context: &Context,
    args: &OfficeArgs,
    reports: &mut Reports,
    values: &[(&str, &str)],
) -> Result<()> {
    let mut written = Vec::new();
    while let Some((project, report)) = reports.next()? {
        // The project's report, each row naming its project as in the group's file.
        let text = match context.out.workbook {
            true => None,
            false => Some(reports::render(&context.out, &reports.report, &report)?),
        };
        let mut named = values.to_vec();
        named.push(("project", project.as_str()));
        let office = reports::filled(context, &named)?;
        written.push((office, text, report));
    }
    strict_check(args, &reports.unread)?;
    for (office, text, report) in written {
        match (text, office.workbook_target()) {
            (Some(text), _) => office.emit(&text)?,
            (None, Some(target)) => {
                let mut book = Book::new(&context.out);
                book.report(
                    &report.head,
                    &report.sections,
                    reports::charts(&reports.report),
                )?;
                book.save(&target)?;
            }
            (None, None) => {}
        }
    }
    skipped(context, &reports.unread, reports.read)
}

/// `group fetch`: every project under --from restored into --into.
fn fetch_command(context: &Context, args: &FetchArgs) -> Result<()> {
    let place = Place::parse(&args.from, args.place.endpoint.as_deref(), "--from")?;
    let (records, failed) = fetch(context, &place, &args.project, &args.into, "--into")?;
    context.list(&records)?;
    match failed {
        0 => Ok(()),
        n => Err(anyhow!(
            "{n} of {} project replicas could not be fetched (named above); their previous \
             copies in {} are kept",
            records.rows.len(),
            args.into.display()
        )),
    }
}

/// `group report --replicas URL`: the projects fetched into the cache folder first; the
/// arguments to report over that folder, and how many projects failed to fetch.
fn fetch_for_report(
    context: &Context,
    args: &OfficeArgs,
    url: &str,
) -> Result<(OfficeArgs, usize)> {
    if args.dir.is_some() || !args.files.is_empty() {
        return Err(invalid(Message::ReplicasAndOffices {}));
    }
    let place = Place::parse(url, args.endpoint.as_deref(), "--replicas")?;
    let cache = match &args.cache {
        Some(cache) => cache.clone(),
        None => default_cache(&place)?,
    };
    let (records, failed) = fetch(context, &place, &[], &cache, "--cache")?;
    let fetched = Message::ReplicasFetched {
        fetched: (records.rows.len() - failed) as i64,
        total: records.rows.len() as i64,
        url: place.url.clone(),
        cache: cache.clone(),
    };
    context.note(&fetched.text(context.out.lang));
    let mut args = args.clone();
    args.dir = Some(cache);
    args.replicas = None;
    Ok((args, failed))
}

/// `$XDG_CACHE_HOME/salesdesk/replicas/NAME`, else `~/.cache/...`: NAME is the address with
/// every character that is not a letter or digit made `_`.
fn default_cache(place: &Place) -> Result<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|home| PathBuf::from(home).join(".cache"))
        })
        .ok_or_else(|| invalid(Message::NoCacheHome {}))?;
    let name: String = place
        .url
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '_' })
        .collect();
    Ok(base.join("salesdesk").join("replicas").join(name))
}

/// Restores every project under `place` (or those named) into `folder` as NAME.db, each whole or
/// not at all; a project whose replica has not moved since its copy was made is left as it is.
/// Returns a row per project and how many failed, each named on stderr.
fn fetch(
    context: &Context,
    place: &Place,
    named: &[String],
    folder: &Path,
    option: &str,
) -> Result<(Records, usize)> {
    for name in named {
        if !crate::domain::replica::project_name(name) {
            return Err(invalid(Message::NotAProjectName { raw: name.clone() }));
        }
    }
    private_folder(folder, option)?;
    let litestream = replica::engine()?;
    let names = if named.is_empty() {
        replica::bucket::projects(place)?
    } else {
        named.to_vec()
    };
    if names.is_empty() {
        bail!(
            "{} holds no project replicas (one sub-path per project, each written by `salesdesk \
             replicate`); check the address",
            place.url
        );
    }
    let fetched = fetch_all(&litestream, place, folder, &names);
    let mut records = Records::new(FETCH_COLUMNS);
    let mut failed = 0;
    for (name, fetched) in names.into_iter().zip(fetched) {
        let file = folder.join(format!("{name}.db"));
        let mut row = vec![name.clone().into(), file.display().to_string().into()];
        match fetched {
            Ok(fetched) => {
                let (status, done) = match fetched {
                    Fetched::Restored(done) => (Cell::label("fetched", "已取回"), done),
                    Fetched::Unchanged(done) => (Cell::label("unchanged", "无变化"), done),
                };
                row.extend([
                    status,
                    replica::txid(done.txid).into(),
                    done.state_at.into(),
                    done.visits.into(),
                ]);
            }
            Err(err) => {
                failed += 1;
                let not_fetched = Message::NotFetched { name: name.clone() };
                context.note(&format!("{}{err:#}", not_fetched.text(context.out.lang)));
                row.push(Cell::label("failed", "失败"));
                row.resize(FETCH_COLUMNS.len(), Cell::Null);
            }
        }
        records.push(row);
    }
    Ok((records, failed))
}

/// How many projects are fetched at once: a restore waits on the store and the disk as much as
/// it works, so a few run side by side even on a two-core PC.
const FETCHES_AT_ONCE: usize = 4;

/// Every project of `names` fetched into `folder`, a few at a time; the outcomes in `names`'
/// order.
fn fetch_all(
    litestream: &Path,
    place: &Place,
    folder: &Path,
    names: &[String],
) -> Vec<Result<Fetched>> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let outcomes: std::sync::Mutex<Vec<Option<Result<Fetched>>>> =
        std::sync::Mutex::new(names.iter().map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..FETCHES_AT_ONCE.min(names.len()) {
            scope.spawn(|| {
                loop {
                    let at = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(name) = names.get(at) else {
                        break;
                    };
                    let file = folder.join(format!("{name}.db"));
                    let fetched = fetch_one(litestream, &place.child(name), &file);
                    if let Ok(mut outcomes) = outcomes.lock() {
                        outcomes[at] = Some(fetched);
                    }
                }
            });
        }
    });
    // A fetch that panicked leaves its place empty; the others' outcomes stand.
    outcomes
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .into_iter()
        .map(|outcome| outcome.unwrap_or_else(|| Err(anyhow!("the fetch of this project stopped"))))
        .collect()
}

/// What a fetch of one project did.
enum Fetched {
    Restored(Held),
    Unchanged(Held),
}

/// A project's copy: the replica's position it holds, written at, and its register's size.
struct Held {
    txid: u64,
    state_at: String,
    visits: i64,
}

/// Restores one project's replica into `file`, unless the copy already holds its latest state
/// (the note beside it says which replica and position it was made from, and the file's size
/// and time, so that a copy changed by hand is made again).
fn fetch_one(litestream: &Path, place: &Place, file: &Path) -> Result<Fetched> {
    let files = replica::files(litestream, place)?;
    let Some(latest) = replica::latest(&files) else {
        bail!("nothing has been replicated to {} yet", place.url);
    };
    let note = note_of(file);
    let stamp = |file: &Path| -> Option<String> {
        let meta = std::fs::metadata(file).ok()?;
        let modified: chrono::DateTime<chrono::Utc> = meta.modified().ok()?.into();
        Some(format!(
            "{}\n{}\n{}\n{}\n",
            place.url,
            replica::txid(latest.txid),
            meta.len(),
            modified.timestamp_nanos_opt().unwrap_or_default()
        ))
    };
    if let (Some(now), Ok(kept)) = (stamp(file), std::fs::read_to_string(&note))
        && now == kept
    {
        let zone = db::restored::zone(file)?;
        return Ok(Fetched::Unchanged(Held {
            txid: latest.txid,
            state_at: replica::office_time(latest.at, zone),
            visits: db::restored::visits(file)?,
        }));
    }
    let target = Target {
        path: file,
        option: "--into",
        database: Path::new(""),
        replaces: Replaces::Backups { force: true },
        example: "NAME.db",
    };
    let guess = db::restored::zone_if_ours(file).unwrap_or(crate::domain::zone::DEFAULT);
    let done = replica::restore::into_place(
        litestream,
        place,
        &target,
        &files,
        None,
        guess,
        chrono::Utc::now(),
    )?;
    let note_target = Target {
        path: &note,
        option: "--into",
        database: Path::new(""),
        replaces: Replaces::Outputs,
        example: "NAME.db",
    };
    if let Some(text) = stamp(file) {
        crate::files::write_atomic(&note_target, text.as_bytes())?;
    }
    Ok(Fetched::Restored(Held {
        txid: done.position.txid,
        state_at: replica::office_time(done.position.at, done.zone),
        visits: done.visits,
    }))
}

/// `.NAME.db.replica` beside `NAME.db`: where its copy came from.
fn note_of(file: &Path) -> PathBuf {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    crate::files::folder_of(file).join(format!(".{name}.replica"))
}

/// Creates `folder` (and its parents) readable by this user only, when it is not there.
fn private_folder(folder: &Path, option: &str) -> Result<()> {
    if folder.is_dir() {
        return Ok(());
    }
    if folder.exists() {
        return Err(invalid(Message::NotAFolderForCopies {
            option: option.to_string(),
            folder: folder.to_path_buf(),
        }));
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(folder)
        .with_context(|| format!("{option}: cannot create the folder {}", folder.display()))
}

fn group_table(out: &Output, reports: &mut Reports) -> Result<String> {
    let (head, merged) = group_merged(reports)?;
    out.render_sections(&head, &merged)
}

/// The group's report as one: every project's rows of each section together, the group's row
/// of each section of counts after them, and the head with the projects read and skipped.
fn group_merged(reports: &mut Reports) -> Result<(Records, Vec<(Column, Records)>)> {
    let mut merged: Vec<(Column, Records)> = Vec::new();
    let mut head = None;
    while let Some((
        _,
        Report {
            head: project_head,
            sections,
        },
    )) = reports.next()?
    {
        head.get_or_insert(project_head);
        for (section, records) in sections {
            match merged.iter_mut().find(|(s, _)| s.key == section.key) {
                Some((_, m)) => m.rows.extend(records.rows),
                None => merged.push((section, records)),
            }
        }
    }
    for (section, records) in merged.iter_mut() {
        if let Some(row) = reports
            .totals
            .iter()
            .find(|t| t.section.key == section.key)
            .and_then(Total::row)
        {
            records.push(row);
        }
    }
    let mut head = head.unwrap_or_else(|| Records::new(&[]));
    let counts = reports.counts();
    head.columns.extend(counts.iter().map(|(c, _)| *c));
    match head.rows.first_mut() {
        Some(row) => row.extend(counts.iter().map(|(_, n)| Cell::Int(*n as i64))),
        None => head.push(counts.iter().map(|(_, n)| Cell::Int(*n as i64)).collect()),
    }
    Ok((head, merged))
}

/// One CSV: the report's head row, every project's rows (section, project, values), the
/// group's row of each section of counts, and a last `offices` row with the projects read and
/// skipped. The columns come from the first project read: every project gives the same report.
fn group_csv(out: &Output, reports: &mut Reports) -> Result<String> {
    let Some((project, Report { head, sections })) = reports.next()? else {
        return Ok(String::new());
    };
    let columns = csv_columns(&head, &sections);
    let mut text = Vec::new();
    let mut writer = out.csv_writer(&mut text, &columns)?;
    writer.row(&laid_out(
        &columns,
        &REPORT_ROW,
        &head.columns,
        head.rows.first(),
    ))?;
    let mut next = Some((project, sections));
    while let Some((_, sections)) = next {
        for (section, records) in &sections {
            for row in &records.rows {
                writer.row(&laid_out(&columns, section, &records.columns, Some(row)))?;
            }
        }
        next = reports
            .next()?
            .map(|(project, report)| (project, report.sections));
    }
    for total in &reports.totals {
        if let Some(row) = total.row() {
            writer.row(&laid_out(
                &columns,
                &total.section,
                &total.columns,
                Some(&row),
            ))?;
        }
    }
    let counts = reports.counts();
    let names: Vec<Column> = counts.iter().map(|(c, _)| *c).collect();
    let values: Vec<Cell> = counts.iter().map(|(_, n)| Cell::Int(*n as i64)).collect();
    writer.row(&laid_out(&columns, &OFFICES_ROW, &names, Some(&values)))?;
    writer.finish()?;
    String::from_utf8(text).context("CSV is not UTF-8")
}

/// One JSON object: the report's own fields, `group` (each section of counts summed), the
/// projects read and skipped, and `projects`, each project's report as it was read.
fn group_json(reports: &mut Reports) -> Result<String> {
    let mut head: Option<serde_json::Value> = None;
    let mut projects = String::new();
    while let Some((
        project,
        Report {
            head: project_head,
            sections,
        },
    )) = reports.next()?
    {
        head.get_or_insert_with(|| match project_head.rows.first() {
            Some(row) => Output::json_object(&project_head.columns, row),
            None => serde_json::Value::Object(Default::default()),
        });
        let mut object = serde_json::Map::new();
        object.insert("project".into(), project.into());
        for (section, records) in &sections {
            object.insert(
                section.key.to_string(),
                records
                    .rows
                    .iter()
                    .map(|row| Output::json_object(&records.columns, row))
                    .collect(),
            );
        }
        let text = serde_json::to_string_pretty(&serde_json::Value::Object(object))
            .context("cannot render JSON")?;
        projects += if projects.is_empty() { "\n" } else { ",\n" };
        for (n, line) in text.lines().enumerate() {
            if n > 0 {
                projects.push('\n');
            }
            projects += "    ";
            projects += line;
        }
    }
    let mut object = match head {
        Some(serde_json::Value::Object(object)) => object,
        _ => serde_json::Map::new(),
    };
    let mut group = serde_json::Map::new();
    for total in &reports.totals {
        if let Some(row) = total.row() {
            group.insert(
                total.section.key.to_string(),
                Output::json_object(&total.columns, &row),
            );
        }
    }
    object.insert("group".into(), serde_json::Value::Object(group));
    for (column, n) in reports.counts() {
        object.insert(column.key.to_string(), n.into());
    }
    // The projects go last, as they were read, so that no two are held at once.
    let head = serde_json::to_string_pretty(&serde_json::Value::Object(object))
        .context("cannot render JSON")?;
    let head = head
        .trim_end()
        .strip_suffix('}')
        .unwrap_or(&head)
        .trim_end();
    let separator = if head.ends_with('{') { "" } else { "," };
    let projects = if projects.is_empty() {
        String::new()
    } else {
        format!("{projects}\n  ")
    };
    Ok(format!(
        "{head}{separator}\n  \"projects\": [{projects}]\n}}\n"
    ))
}

/// The group CSV's first row (the report's head) and last (the projects read and skipped).
const REPORT_ROW: Column = col("report", "report", "报表");
const OFFICES_ROW: Column = col("offices", "offices", "项目");

/// The group CSV's columns: the section, the report's own fields, the project, every
/// section's columns, and the projects read and skipped (the last row's).
fn csv_columns(head: &Records, sections: &[(Column, Records)]) -> Vec<Column> {
    let mut columns = vec![col("section", "Section", "部分")];
    let mut add = |column: &Column| {
        if !columns.iter().any(|c| c.key == column.key) {
            columns.push(*column);
        }
    };
    head.columns.iter().for_each(&mut add);
    add(&col("project", "Project", "项目"));
    for (_, records) in sections {
        records.columns.iter().for_each(&mut add);
    }
    add(&col("projects_read", "Projects read", "已读项目"));
    add(&col("projects_skipped", "Projects skipped", "未读项目"));
    columns
}

/// `row`, under `names`, laid out in `columns` under `section`; a column the row lacks is blank.
fn laid_out(
    columns: &[Column],
    section: &Column,
    names: &[Column],
    row: Option<&Vec<Cell>>,
) -> Vec<Cell> {
    let mut cells = vec![Cell::Null; columns.len()];
    cells[0] = Cell::label(section.key, section.zh);
    if let Some(row) = row {
        for (column, cell) in names.iter().zip(row) {
            if let Some(i) = columns.iter().position(|c| c.key == column.key) {
                cells[i] = cell.clone();
            }
        }
    }
    cells
}
