//! `backup FILE [--force]`: a consistent copy of the database while the clerks keep working. The
//! copy is written to a private temporary file beside FILE, synced and checked, and only then
//! renamed over FILE, so a failed backup leaves nothing behind and never spoils an earlier one.

use std::ffi::OsStr;
use std::fs::{self, File, OpenOptions};
use std::io::ErrorKind;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};

use super::Context;
use crate::cli::BackupArgs;
use crate::db;
use crate::error::invalid;
use crate::output::{self, Cell, Column, Records, col};

const COLUMNS: &[Column] = &[
    col("database", "Database", "数据库"),
    col("file", "Backup file", "备份文件"),
    col("pages", "Pages", "页数"),
    col("page_size", "Page size", "页大小"),
    col("bytes", "Bytes", "字节数"),
    col("schema_version", "Schema version", "结构版本"),
    col("integrity", "Integrity", "完整性"),
];

/// The files SQLite keeps beside a database; a backup must never land on one of them.
const SIDE_FILES: &[&str] = &["-wal", "-shm", "-journal"];

pub fn run(context: &Context, args: BackupArgs) -> Result<()> {
    let database = &context.db;
    if !database.exists() {
        return Err(invalid(format!(
            "--db: {} does not exist, so there is nothing to back up; give the database with \
             --db FILE or $SALESDESK_DB",
            database.display()
        )));
    }
    // Opening first brings an older file up to date and refuses a folder or a newer file with
    // the same messages as every other command.
    let mut conn = context.open()?;
    let target = &args.file;
    let folder = check_target(context, target, args.force)?;
    let temporary = temporary_beside(target, &folder)?;
    let outcome = copy_into(&mut conn, database, &temporary, target, &folder);
    if outcome.is_err() {
        discard(&temporary);
    }
    let (facts, bytes) = outcome?;

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
    output::print(&context.out.render_one(&records, &line)?)
}

/// Refuses a target that would lose data or could not take a file: a folder, the database
/// itself or one of its side files, something other than a plain file, or an existing file
/// without `--force`. Returns the folder the copy goes to.
fn check_target(context: &Context, target: &Path, force: bool) -> Result<PathBuf> {
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
    let name = match target.file_name() {
        Some(name) => name,
        None => {
            return Err(invalid(format!(
                "backup FILE: {typed:?} is not a file name; give one such as {}",
                suggestion(Path::new("."))
            )));
        }
    };
    let folder = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !folder.is_dir() {
        return Err(invalid(format!(
            "backup FILE: the folder {} does not exist; create it first (mkdir -p {}) or choose \
             another folder",
            folder.display(),
            folder.display()
        )));
    }

    let database = fs::canonicalize(&context.db)
        .with_context(|| format!("cannot resolve the database path {}", context.db.display()))?;
    let resolved = fs::canonicalize(&folder)
        .with_context(|| format!("cannot resolve the folder {}", folder.display()))?
        .join(name);
    // A symbolic link or a hard link to the database is the database too.
    let resolved = fs::canonicalize(&resolved).unwrap_or(resolved);
    let same_file = match (fs::metadata(&resolved), fs::metadata(&database)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    };
    if same_file || resolved == database {
        return Err(invalid(format!(
            "backup FILE: {} is the database itself; give another file name, such as {}",
            target.display(),
            suggestion(&folder)
        )));
    }
    for suffix in SIDE_FILES {
        let mut side = database.clone().into_os_string();
        side.push(suffix);
        if resolved == Path::new(&side) {
            return Err(invalid(format!(
                "backup FILE: {} is the database's {suffix} file, which SQLite needs; give \
                 another file name, such as {}",
                target.display(),
                suggestion(&folder)
            )));
        }
    }

    if let Ok(meta) = fs::symlink_metadata(target) {
        if fs::metadata(target).is_ok_and(|meta| !meta.is_file()) {
            return Err(invalid(format!(
                "backup FILE: {} is not a plain file; choose another name, such as {}",
                target.display(),
                suggestion(&folder)
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
                suggestion(&folder)
            )));
        }
    }
    Ok(folder)
}

/// A hidden name in the target's folder, so the final rename stays on one file system.
fn temporary_beside(target: &Path, folder: &Path) -> Result<PathBuf> {
    let name = target
        .file_name()
        .with_context(|| format!("{} has no file name", target.display()))?;
    Ok(folder.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    )))
}

/// Writes, syncs and checks the copy, then moves it into place. Returns the copy's facts and
/// its size in bytes.
fn copy_into(
    conn: &mut rusqlite::Connection,
    database: &Path,
    temporary: &Path,
    target: &Path,
    folder: &Path,
) -> Result<(db::CopyFacts, u64)> {
    create_private(temporary)?;
    db::backup(conn, temporary)?;
    File::open(temporary)
        .and_then(|file| file.sync_all())
        .with_context(|| format!("cannot sync the copy {}", temporary.display()))?;
    let facts = db::check_copy(temporary)?;
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
    let bytes = fs::metadata(temporary)
        .with_context(|| format!("cannot read the size of the copy {}", temporary.display()))?
        .len();
    fs::rename(temporary, target).with_context(|| {
        format!(
            "cannot move the copy {} into {}",
            temporary.display(),
            target.display()
        )
    })?;
    // The rename is only durable once the folder itself is synced.
    File::open(folder)
        .and_then(|dir| dir.sync_all())
        .with_context(|| format!("cannot sync the folder {}", folder.display()))?;
    Ok((facts, bytes))
}

/// Creates the empty copy with mode 0600 before SQLite writes a page into it: customer data is
/// never readable by others, not even for a moment.
fn create_private(path: &Path) -> Result<()> {
    // A leftover of this name belongs to a dead process that had the same id.
    match fs::remove_file(path) {
        Err(err) if err.kind() != ErrorKind::NotFound => {
            return Err(err).with_context(|| {
                format!(
                    "cannot remove the leftover temporary file {}",
                    path.display()
                )
            });
        }
        _ => {}
    }
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("cannot create {} (is the folder writable?)", path.display()))?;
    Ok(())
}

/// Removes a failed copy and any journal SQLite left beside it.
fn discard(temporary: &Path) {
    // Best effort: the error worth reporting is the one that made the backup fail.
    let _ = fs::remove_file(temporary);
    for suffix in SIDE_FILES {
        let mut side = temporary.as_os_str().to_owned();
        side.push(suffix);
        let _ = fs::remove_file(PathBuf::from(side));
    }
}
