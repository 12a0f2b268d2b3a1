//! `group`: the group customer centre (集团客户中心) reads many project files at once. One file
//! is one project (楼盘), named after the file. Every file is opened to read and nothing else
//! ([`db::open_to_read`]): no migration, no WAL switch, no side file left that was not there.
//! A file that cannot be read is named on stderr with the reason and the others are still
//! reported; the exit code is then 1, and `--strict` turns it into a failure with no output.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context as _, Result, anyhow};
use rusqlite::Connection;

use super::Context;
use crate::cli::{GroupCommand, OfficeArgs};
use crate::db::{self, Unreadable, census};
use crate::domain::dates;
use crate::error::invalid;
use crate::output::{Cell, Column, Records, col};

pub fn run(context: &Context, command: GroupCommand) -> Result<()> {
    match command {
        GroupCommand::Offices(args) => offices(context, &args),
        GroupCommand::Report { offices, report } => group_report(context, &offices, report),
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
        return Err(invalid(
            "--office: name the project files to read, with --office FILE (repeated) or \
             --offices DIR (every *.db in it)",
        ));
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
            invalid(format!(
                "--wait: {:?} is not a number of seconds; type for example --wait 10",
                args.wait
            ))
        })
}

/// The project a file holds: its name without the extension.
pub fn project_of(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// One office as read: its file, and either the open file with its schema version or why it
/// could not be read.
struct Office {
    file: PathBuf,
    opened: Result<(Connection, i64), Unreadable>,
}

fn open_all(args: &OfficeArgs) -> Result<Vec<Office>> {
    let wait = wait(args)?;
    Ok(office_files(args)?
        .into_iter()
        .map(|file| Office {
            opened: db::open_to_read(&file, wait),
            file,
        })
        .collect())
}

/// Names the skipped offices on stderr; the error that makes the exit code 1 when any was.
fn skipped(offices: &[(PathBuf, Unreadable)], read: usize) -> Result<()> {
    for (file, why) in offices {
        eprintln!("skipped {}: {why}", file.display());
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
fn strict_check(args: &OfficeArgs, offices: &[Office]) -> Result<()> {
    if !args.strict {
        return Ok(());
    }
    let bad: Vec<String> = offices
        .iter()
        .filter_map(|o| match &o.opened {
            Err(why) => Some(format!("{}: {why}", o.file.display())),
            Ok(_) => None,
        })
        .collect();
    match bad.is_empty() {
        true => Ok(()),
        false => Err(anyhow!(
            "--strict: {} project file(s) could not be read, nothing reported: {}",
            bad.len(),
            bad.join("; ")
        )),
    }
}

fn status(why: &Unreadable) -> Cell {
    match why {
        Unreadable::Missing => Cell::label("missing", "文件不存在"),
        Unreadable::Locked => Cell::label("locked", "被锁定"),
        Unreadable::Corrupt(_) => Cell::label("corrupt", "文件损坏"),
        Unreadable::Foreign => Cell::label("foreign", "非本系统数据库"),
        Unreadable::Newer { .. } => Cell::label("newer", "版本较新"),
        Unreadable::Older { .. } => Cell::label("older", "版本较旧"),
    }
}

const OFFICE_COLUMNS: &[Column] = &[
    col("project", "Project", "项目"),
    col("file", "File", "文件"),
    col("status", "Status", "状态"),
    col("schema_version", "Schema", "数据版本"),
    col("reps", "Reps", "置业顾问"),
    col("customers", "Customers", "客户"),
    col("visits", "Register entries", "来访登记"),
    col("complaints", "Complaints", "投诉"),
    col("deals", "Deals", "成交"),
    col("latest_entry", "Latest entry", "最近登记"),
];

fn offices(context: &Context, args: &OfficeArgs) -> Result<()> {
    let offices = open_all(args)?;
    strict_check(args, &offices)?;
    let mut records = Records::new(OFFICE_COLUMNS);
    let mut unread = Vec::new();
    let mut read = 0;
    for office in offices {
        let project = project_of(&office.file).into();
        let file = office.file.display().to_string().into();
        match office.opened {
            Ok((mut conn, version)) => {
                let counts = match db::snapshot(&mut conn).and_then(|s| census::of(&s)) {
                    Ok(counts) => counts,
                    Err(err) => {
                        let why = Unreadable::Corrupt(format!("{err:#}"));
                        let mut row = vec![project, file, status(&why)];
                        row.resize(OFFICE_COLUMNS.len(), Cell::Null);
                        records.push(row);
                        unread.push((office.file, why));
                        continue;
                    }
                };
                read += 1;
                records.push(vec![
                    project,
                    file,
                    Cell::label("ok", "正常"),
                    version.into(),
                    counts.reps.into(),
                    counts.customers.into(),
                    counts.visits.into(),
                    counts.complaints.into(),
                    counts.deals.into(),
                    counts.latest_entry.map(dates::minute).into(),
                ]);
            }
            Err(why) => {
                let mut row = vec![project, file, status(&why)];
                row.resize(OFFICE_COLUMNS.len(), Cell::Null);
                records.push(row);
                unread.push((office.file, why));
            }
        }
    }
    context.emit(&context.out.render_list(&records)?)?;
    skipped(&unread, read)
}

/// One section of every project: its columns with `project` first, each project's rows, then
/// the group's row.
struct Merged {
    section: Column,
    records: Records,
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

/// The group's row of a section of counts: every count summed over the projects' rows; what is
/// not a count (a name, a time, a mean, a rate) is left blank, since a sum of it would mean
/// nothing.
fn group_row(records: &Records) -> Option<Vec<Cell>> {
    // A listing (entries, complaints, shares: rows with an id) has no total but its length.
    if records
        .columns
        .iter()
        .any(|c| c.key == "id" || c.key.ends_with("_id"))
    {
        return None;
    }
    let counts: Vec<Option<i64>> = (0..records.columns.len())
        .map(|i| {
            let mut total = None;
            for row in &records.rows {
                match &row[i] {
                    Cell::Int(n) => total = Some(total.unwrap_or(0) + n),
                    Cell::Money(fen) => total = Some(total.unwrap_or(0) + fen),
                    Cell::Null => {}
                    _ => return None,
                }
            }
            total
        })
        .collect();
    if records.rows.is_empty() || counts.iter().all(Option::is_none) {
        return None;
    }
    let mut row: Vec<Cell> = records
        .columns
        .iter()
        .zip(&counts)
        .zip(&records.rows[0])
        .map(|((column, total), first)| match (total, first) {
            _ if column.key == "project" => Cell::label("group", "集团合计"),
            (Some(fen), Cell::Money(_)) => Cell::Money(*fen),
            (Some(n), _) => Cell::Int(*n),
            (None, _) => Cell::Null,
        })
        .collect();
    row.truncate(records.columns.len());
    Some(row)
}

/// `group report KIND`: the report run over every project file, read-only, and merged.
fn group_report(
    context: &Context,
    args: &OfficeArgs,
    report: crate::cli::ReportCommand,
) -> Result<()> {
    let files = office_files(args)?;
    let wait = wait(args)?;
    let mut heads: Vec<(String, Records)> = Vec::new();
    let mut merged: Vec<Merged> = Vec::new();
    let mut unread: Vec<(PathBuf, Unreadable)> = Vec::new();
    for file in files {
        let gather = std::rc::Rc::new(super::Gathered {
            wait,
            reports: Default::default(),
            version: Default::default(),
        });
        let office = Context {
            db: file.clone(),
            gather: Some(gather.clone()),
            ..context.clone()
        };
        if let Err(err) = super::report::run(&office, report.clone()) {
            // A period typed wrong is wrong for every project: the run stops there.
            if crate::error::exit_code(&err) == 2 {
                return Err(err);
            }
            let known = db::schema::latest()?;
            let why = match (err.downcast::<Unreadable>(), gather.version.get()) {
                (Ok(why), _) => why,
                (Err(err), Some(version)) if version < known => Unreadable::Older {
                    version,
                    known,
                    why: format!("{err:#}"),
                },
                (Err(err), _) => Unreadable::Corrupt(format!("{err:#}")),
            };
            unread.push((file, why));
            continue;
        }
        let project = project_of(&file);
        for (head, sections) in gather.reports.take() {
            for (section, records) in &sections {
                let records = with_project(&project, records);
                match merged.iter_mut().find(|m| m.section.key == section.key) {
                    Some(m) => m.records.rows.extend(records.rows),
                    None => merged.push(Merged {
                        section: *section,
                        records,
                    }),
                }
            }
            heads.push((project.clone(), head));
        }
    }
    if args.strict && !unread.is_empty() {
        let bad: Vec<String> = unread
            .iter()
            .map(|(file, why)| format!("{}: {why}", file.display()))
            .collect();
        return Err(anyhow!(
            "--strict: {} project file(s) could not be read, nothing reported: {}",
            bad.len(),
            bad.join("; ")
        ));
    }
    let head = group_head(&heads, unread.len());
    let sections: Vec<(Column, Records)> = merged
        .into_iter()
        .map(|mut m| {
            if let Some(row) = group_row(&m.records) {
                m.records.push(row);
            }
            (m.section, m.records)
        })
        .collect();
    context.emit(&context.out.render_sections(&head, &sections)?)?;
    skipped(&unread, heads.len())
}

/// The group report's own fields: the first project's head (the report, its period, the
/// moment), with how many projects it covers and how many were skipped.
fn group_head(heads: &[(String, Records)], skipped: usize) -> Records {
    let (mut columns, mut row) = match heads.first() {
        Some((_, head)) => (
            head.columns.clone(),
            head.rows.first().cloned().unwrap_or_default(),
        ),
        None => (Vec::new(), Vec::new()),
    };
    columns.push(col("projects", "Projects", "项目数"));
    row.push(Cell::Int(heads.len() as i64));
    columns.push(col("skipped", "Skipped", "未读取"));
    row.push(Cell::Int(skipped as i64));
    let mut records = Records::new(&columns);
    records.push(row);
    records
}
