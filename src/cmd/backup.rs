//! `backup FILE [--force]`: a consistent copy of the database while the clerks keep working. The
//! copy is written to a private temporary file beside FILE, checked, synced and only then
//! renamed over FILE ([`AtomicFile`]), so a failed backup leaves nothing behind and never spoils
//! an earlier one.

use std::ffi::OsStr;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use anyhow::{Context as _, Result, bail};

use super::Context;
use crate::cli::BackupArgs;
use crate::db::backup::{self, CopyFacts};
use crate::domain::text::quoted;
use crate::error::invalid;
use crate::files::{AtomicFile, SQLITE_SIDE_FILES, folder_of};
use crate::output::{Cell, Column, Records, col};

const COLUMNS: &[Column] = &[
    col("database", "Database", "数据库"),
    col("file", "Backup file", "备份文件"),
    col("pages", "Pages", "页数"),
    col("page_size", "Page size", "页大小"),
    col("bytes", "Bytes", "字节数"),
    col("schema_version", "Schema version", "结构版本"),
    col("integrity", "Integrity", "完整性"),
];

pub fn run(context: &Context, args: BackupArgs) -> Result<()> {
    let database = &context.db;
    // Opening first refuses a missing file (nothing is created just to be copied), brings an
    // older file up to date and refuses a folder or a newer file with the same messages as
    // every other command.
    let mut conn = context.open()?;
    let target = &args.file;
    check_target(context, target, args.force)?;
    let (facts, bytes) = copy_into(&mut conn, database, target)?;

    let mut records = Records::new(COLUMNS);
    records.push(vec![
        database.display().to_string().into(),
        target.display().to_string().into(),
        facts.pages.into(),
        facts.page_size.into(),
        Cell::Int(i64::try_from(bytes).unwrap_or(i64::MAX)),
        facts.schema_version.into(),
        "ok".into(),
    ]);
    let line = context
        .out
        .lang
        .pick(
            &format!(
                "backed up {} to {}: {} pages, {bytes} bytes, schema version {}, integrity ok",
                database.display(),
                target.display(),
                facts.pages,
                facts.schema_version
            ),
            &format!(
                "已将 {} 备份到 {}：{} 页，{bytes} 字节，结构版本 {}，完整性检查通过",
                database.display(),
                target.display(),
                facts.pages,
                facts.schema_version
            ),
        )
        .to_string();
    context.emit(&context.out.render_one(&records, &line)?)
}

/// Refuses a target that would lose data or could not take a file: a folder, the database
/// itself or one of its side files, something other than a plain file, or an existing file
/// without `--force`.
fn check_target(context: &Context, target: &Path, force: bool) -> Result<()> {
    let suggestion = |folder: &Path| {
        let stem = context
            .db
            .file_stem()
            .map_or_else(|| "salesdesk".into(), OsStr::to_string_lossy);
        folder
            .join(format!("{stem}-{}.db", context.today()))
            .display()
            .to_string()
    };
    let typed = target.as_os_str().to_string_lossy();
    if target.is_dir() || typed.ends_with('/') {
        return Err(invalid(format!(
            "backup FILE: {} is a folder; give a file name, such as {}",
            target.display(),
            suggestion(target)
        )));
    }
    let Some(name) = target.file_name() else {
        return Err(invalid(format!(
            "backup FILE: {} is not a file name; give one such as {}",
            quoted(&typed),
            suggestion(Path::new("."))
        )));
    };
    let folder = folder_of(target);
    if !folder.is_dir() {
        return Err(invalid(format!(
            "backup FILE: the folder {} does not exist; create it first (mkdir -p {}) or choose \
             another folder",
            folder.display(),
            folder.display()
        )));
    }
    let resolved = fs::canonicalize(folder)
        .with_context(|| format!("cannot resolve the folder {}", folder.display()))?
        .join(name);
    if let Some(what) = part_of_the_database(context, &resolved)? {
        return Err(invalid(format!(
            "backup FILE: {} is {what}; give another file name, such as {}",
            target.display(),
            suggestion(folder)
        )));
    }
    let Ok(meta) = fs::symlink_metadata(target) else {
        return Ok(());
    };
    if fs::metadata(target).is_ok_and(|meta| !meta.is_file()) {
        return Err(invalid(format!(
            "backup FILE: {} is not a plain file; choose another name, such as {}",
            target.display(),
            suggestion(folder)
        )));
    }
    if !force {
        let kind = if meta.file_type().is_symlink() {
            "a link"
        } else {
            "a file"
        };
        return Err(invalid(format!(
            "backup FILE: {} already exists ({kind}); add --force to replace it, or choose \
             another name, such as {}",
            target.display(),
            suggestion(folder)
        )));
    }
    Ok(())
}

/// Whether `resolved` (the target with its folder resolved) is the database itself or one of
/// the files SQLite keeps beside it; says which.
fn part_of_the_database(context: &Context, resolved: &Path) -> Result<Option<String>> {
    let database = fs::canonicalize(&context.db)
        .with_context(|| format!("cannot resolve the database path {}", context.db.display()))?;
    // A symbolic link or a hard link to the database is the database too.
    let resolved = fs::canonicalize(resolved).unwrap_or_else(|_| resolved.to_path_buf());
    let same_file = match (fs::metadata(&resolved), fs::metadata(&database)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    };
    if same_file || resolved == database {
        return Ok(Some("the database itself".to_string()));
    }
    for suffix in SQLITE_SIDE_FILES {
        let mut side = database.clone().into_os_string();
        side.push(suffix);
        if resolved == Path::new(&side) {
            return Ok(Some(format!(
                "the database's {suffix} file, which SQLite needs"
            )));
        }
    }
    Ok(None)
}

/// Writes and checks the copy, then moves it into place. Returns the copy's facts and its
/// size in bytes.
fn copy_into(
    conn: &mut rusqlite::Connection,
    database: &Path,
    target: &Path,
) -> Result<(CopyFacts, u64)> {
    let file = AtomicFile::create(target, "backup FILE")?;
    backup::copy(conn, file.temporary())?;
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
    file.commit()?;
    Ok((facts, bytes))
}
