//! `backup FILE [--force]`: a consistent copy of the database while the clerks keep working. The
//! copy is written to a private temporary file beside FILE, checked, synced and only then
//! renamed over FILE ([`AtomicFile`]), so a failed backup leaves nothing behind and never spoils
//! an earlier one.

use std::ffi::OsStr;
use std::fs;
use std::path::Path;

use anyhow::{Context as _, Result, bail};

use super::Context;
use crate::cli::BackupArgs;
use crate::db::backup::{self, CopyFacts};
use crate::files::{AtomicFile, Replaces, Target};
use crate::messages::Message;
use crate::messages::columns::backup::COLUMNS;
use crate::output::{Cell, Records};

pub fn run(context: &Context, args: BackupArgs) -> Result<()> {
    let database = &context.db;
    // Opening first refuses a missing file (nothing is created just to be copied), brings an
    // older file up to date and refuses a folder or a newer file with the same messages as
    // every other command; it also gives the office's date, which the name suggested instead
    // of a refused target carries.
    let mut conn = context.open()?;
    let example = suggestion(context);
    let file = target(context, &args.file, args.force, &example);
    let (facts, bytes) = copy_into(&mut conn, database, &file)?;
    let target = &args.file;

    let mut records = Records::new(COLUMNS);
    records.push(vec![
        database.display().to_string().into(),
        target.display().to_string().into(),
        facts.pages.into(),
        facts.page_size.into(),
        Cell::Int(i64::try_from(bytes).unwrap_or(i64::MAX)),
        facts.schema_version.into(),
        Cell::label("ok", "正常"),
    ]);
    let line = Message::BackedUp {
        database: database.clone(),
        target: target.clone(),
        pages: facts.pages,
        bytes: i64::try_from(bytes).unwrap_or(i64::MAX),
        version: facts.schema_version,
    }
    .text(context.out.lang);
    context.emit(&context.out.render_one(&records, &line)?)
}

/// FILE as a file to write: never the database or another application's database (see
/// [`crate::files::target`]), an existing file only with `--force`. The name suggested instead
/// is the dated one the README's cron line would give.
fn target<'a>(context: &'a Context, file: &'a Path, force: bool, example: &'a str) -> Target<'a> {
    Target {
        example,
        ..context.target(file, "backup FILE", Replaces::Backups { force })
    }
}

fn suggestion(context: &Context) -> String {
    let stem = context
        .db
        .file_stem()
        .map_or_else(|| "salesdesk".into(), OsStr::to_string_lossy);
    format!("{stem}-{}.db", context.today())
}

/// Writes and checks the copy, then moves it into place. Returns the copy's facts and its
/// size in bytes.
fn copy_into(
    conn: &mut rusqlite::Connection,
    database: &Path,
    target: &Target,
) -> Result<(CopyFacts, u64)> {
    let mut file = AtomicFile::create(target)?;
    // The copy is as large as the database is now, which a full disk names.
    if let Some(bytes) = backup::size(conn)? {
        file.expect(bytes);
    }
    backup::copy(conn, file.temporary())
        .map_err(|err| file.name_full_disk(err))
        .with_context(|| format!("nothing was written to {}", target.path.display()))?;
    let facts = backup::check(file.temporary())?;
    if facts.integrity != ["ok"] {
        let found: Vec<&str> = facts.integrity.iter().take(5).map(String::as_str).collect();
        bail!(
            "the copy fails its integrity check ({}), so {} itself may be damaged: keep the \
             earlier backups, and see what is wrong with `sqlite3 {} 'PRAGMA integrity_check'`",
            found.join("; "),
            database.display(),
            database.display()
        );
    }
    let bytes = fs::metadata(file.temporary())
        .with_context(|| {
            format!(
                "cannot read the size of the copy {}",
                file.temporary().display()
            )
        })?
        .len();
    file.commit()
        .with_context(|| format!("nothing was written to {}", target.path.display()))?;
    Ok((facts, bytes))
}
