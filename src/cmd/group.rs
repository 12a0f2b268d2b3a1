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
