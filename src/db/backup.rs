//! Copies of the database, taken through SQLite's online backup API so that a copy is
//! consistent while other commands keep writing, and checked page by page before anyone relies
//! on them.

use std::path::Path;
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use rusqlite::backup::Backup;
use rusqlite::{Connection, OpenFlags};

/// A backup copies this many pages (of usually 4 KiB) per step, then pauses, so that the disk and
/// the two cores of an office PC stay free for the clerks' commands on a large file.
const PAGES_PER_STEP: i32 = 128;
const PAUSE: Duration = Duration::from_millis(2);

/// Copies the database behind `source` into the empty file `target`, which must be new and
/// private to the caller. The copy is the database as of the moment the copy starts, however
/// long it takes: it is read inside one read transaction. Without it, SQLite restarts a backup
/// from the first page whenever another process writes between two steps, and a busy office
/// could keep a backup of a large file from ever finishing; in WAL mode that transaction does
/// not hold writers up. The copy is left in rollback-journal mode, so that it is one
/// self-contained file that can be moved, archived or restored without a `-wal` beside it.
pub fn copy(source: &mut Connection, target: &Path) -> Result<()> {
    let snapshot = super::snapshot(source)?;
    // A read transaction only takes its snapshot at its first read.
    snapshot
        .query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(()))
        .context("cannot start reading the database for the backup")?;
    let mut copy = Connection::open(target)
        .with_context(|| format!("cannot open the copy {}", target.display()))?;
    Backup::new(&snapshot, &mut copy)
        .with_context(|| format!("cannot start the backup into {}", target.display()))?
        .run_to_completion(PAGES_PER_STEP, PAUSE, None)
        .with_context(|| format!("cannot copy the database into {}", target.display()))?;
    // The copied header says WAL, as the source's does: switch the copy back to a rollback
    // journal, which rewrites the header and removes the -wal and -shm files opened meanwhile.
    let mode: String = copy
        .query_row("PRAGMA journal_mode = DELETE", [], |row| row.get(0))
        .with_context(|| format!("cannot finish the copy {}", target.display()))?;
    if !mode.eq_ignore_ascii_case("delete") {
        bail!(
            "cannot leave the copy {} in rollback-journal mode (it stays in {mode} mode)",
            target.display()
        );
    }
    copy.close()
        .map_err(|(_, err)| err)
        .with_context(|| format!("cannot close the copy {}", target.display()))?;
    snapshot
        .commit()
        .context("cannot finish reading the database for the backup")
}

/// The size of the database behind `conn` in bytes, which a copy of it needs; none when SQLite
/// does not say.
pub fn size(conn: &Connection) -> Result<Option<u64>> {
    let (pages, page_size): (i64, i64) = conn
        .query_row(
            "SELECT page_count, page_size FROM pragma_page_count, pragma_page_size",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .context("cannot read the size of the database")?;
    Ok(u64::try_from(pages)
        .ok()
        .zip(u64::try_from(page_size).ok())
        .and_then(|(pages, size)| pages.checked_mul(size)))
}

/// What a finished copy holds, read back from the copy itself.
#[derive(Debug, Clone)]
pub struct CopyFacts {
    pub pages: i64,
    pub page_size: i64,
    pub schema_version: i64,
    /// `PRAGMA integrity_check`: `["ok"]` for a sound file, else the problems it found.
    pub integrity: Vec<String>,
}

/// `PRAGMA integrity_check` of the file behind `conn`: `["ok"]`, or the problems it found.
pub fn integrity(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut statement = conn.prepare("PRAGMA integrity_check")?;
    statement
        .query_map([], |row| row.get::<_, String>(0))?
        .collect()
}

/// Opens a copy read-only, as a restore would, and checks every page of it.
pub fn check(path: &Path) -> Result<CopyFacts> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .with_context(|| format!("cannot open the copy {}", path.display()))?;
    let pragma = |sql: &str| -> Result<i64> {
        conn.query_row(sql, [], |row| row.get(0))
            .with_context(|| format!("cannot run {sql} on the copy {}", path.display()))
    };
    let pages = pragma("PRAGMA page_count")?;
    let page_size = pragma("PRAGMA page_size")?;
    let schema_version = pragma("PRAGMA user_version")?;
    let integrity =
        integrity(&conn).with_context(|| format!("cannot check the copy {}", path.display()))?;
    Ok(CopyFacts {
        pages,
        page_size,
        schema_version,
        integrity,
    })
}
