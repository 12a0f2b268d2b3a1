//! The database file: opening it safely and keeping its schema current. A new file is created
//! readable by its owner only (customer data is confidential); every connection runs in WAL mode
//! with foreign keys on and waits for other writers instead of failing at once. The schema is
//! `schema.sql`, split into numbered migrations applied under `PRAGMA user_version`. Backups are
//! taken here too, through SQLite's online backup API, so that a copy is consistent while other
//! commands keep writing.

pub mod queries;

use std::fs::OpenOptions;
use std::io::ErrorKind;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use rusqlite::backup::Backup;
use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::error::invalid;

const SCHEMA: &str = include_str!("../../schema.sql");

/// How long a command waits for another writer before giving up. Two clerks and a cron report
/// contend for a few milliseconds at a time; this only has to outlast a large import's commit.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// A backup copies this many pages (of usually 4 KiB) per step, then pauses, so that the disk and
/// the two cores of an office PC stay free for the clerks' commands on a large file.
const BACKUP_PAGES_PER_STEP: i32 = 128;
const BACKUP_PAUSE: Duration = Duration::from_millis(2);

/// The migrations in `schema.sql`, in order: the text after each `-- migration: N` line.
pub fn migrations() -> Vec<&'static str> {
    let mut parts = Vec::new();
    let mut start = None;
    let mut offset = 0;
    for line in SCHEMA.split_inclusive('\n') {
        if line.trim_start().starts_with("-- migration:") {
            if let Some(begin) = start {
                parts.push(&SCHEMA[begin..offset]);
            }
            start = Some(offset + line.len());
        }
        offset += line.len();
    }
    if let Some(begin) = start {
        parts.push(&SCHEMA[begin..]);
    }
    parts
}

/// Opens (creating if needed) the database at `path` and brings its schema up to date.
pub fn open(path: &Path) -> Result<Connection> {
    if path.is_dir() {
        return Err(invalid(format!(
            "--db: {} is a folder; give a file name, for example {}",
            path.display(),
            path.join("salesdesk.db").display()
        )));
    }
    create_private(path)?;
    let mut conn = Connection::open(path)
        .with_context(|| format!("cannot open the database {}", path.display()))?;
    conn.busy_timeout(BUSY_TIMEOUT)
        .context("cannot set the busy timeout")?;
    // A file from a newer salesdesk is refused before anything is written to it, even the switch
    // to WAL mode, which rewrites the header of a file in rollback-journal mode.
    let version = user_version(&conn).with_context(|| {
        format!(
            "cannot read {} as a salesdesk database (is it one?)",
            path.display()
        )
    })?;
    refuse_newer(version, path)?;
    conn.pragma_update(None, "foreign_keys", true)
        .context("cannot turn on foreign keys")?;
    let mode: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
        .with_context(|| format!("cannot switch {} to WAL mode", path.display()))?;
    if !mode.eq_ignore_ascii_case("wal") {
        bail!(
            "cannot switch {} to WAL mode (it stays in {mode} mode)",
            path.display()
        );
    }
    conn.pragma_update(None, "synchronous", "NORMAL")
        .context("cannot set synchronous")?;
    // Keep one plan per cached statement. Without this, SQLite re-plans a `col = ?` query every
    // time it is bound again, and the per-customer and per-complaint lookups of a report spend
    // most of their time compiling SQL.
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)
        .context("cannot keep query plans stable")?;
    migrate(&mut conn, path)?;
    Ok(conn)
}

/// Creates the file with mode 0600 before SQLite sees it; SQLite gives its -wal and -shm files
/// the same permissions as the database.
fn create_private(path: &Path) -> Result<()> {
    match OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        Ok(_) => Ok(()),
        Err(err) if err.kind() == ErrorKind::AlreadyExists => Ok(()),
        Err(err) => Err(err).with_context(|| {
            format!(
                "cannot create the database {}: check that its folder exists and is writable, \
                 or pass --db FILE",
                path.display()
            )
        }),
    }
}

fn user_version(conn: &Connection) -> Result<i64> {
    conn.query_row("PRAGMA user_version", [], |row| row.get(0))
        .context("cannot read the schema version")
}

/// A file from a newer salesdesk is refused rather than guessed at.
/// A file written by a newer salesdesk is refused rather than guessed at.
fn refuse_newer(version: i64, path: &Path) -> Result<()> {
    let latest = migrations().len() as i64;
    if version > latest {
        bail!(
            "{} was written by a newer salesdesk (schema version {version}; this one knows up to \
             {latest}): run it with the newer salesdesk, or restore a backup",
            path.display()
        );
    }
    Ok(())
}

/// Applies the migrations the file lacks, all in one transaction.
pub fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    let all = migrations();
    let latest = all.len() as i64;
    let version = user_version(conn)?;
    refuse_newer(version, path)?;
    if version == latest {
        return Ok(());
    }
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .context("cannot start the schema upgrade")?;
    // Another process may have upgraded the file while this one waited for the lock.
    let version = user_version(&tx)?;
    refuse_newer(version, path)?;
    for (index, sql) in all.iter().enumerate().skip(version as usize) {
        tx.execute_batch(sql)
            .with_context(|| format!("cannot apply schema migration {}", index + 1))?;
    }
    tx.pragma_update(None, "user_version", latest)
        .context("cannot record the schema version")?;
    tx.commit().context("cannot commit the schema upgrade")
}

/// Copies the database behind `source` into the empty file `target`, which must be new and
/// private to the caller. The copy is the database as of the moment the copy starts, however
/// long it takes: it is read inside one read transaction. Without it, SQLite restarts a backup
/// from the first page whenever another process writes between two steps, and a busy office
/// could keep a backup of a large file from ever finishing; in WAL mode that transaction does
/// not hold writers up. The copy is left in rollback-journal mode, so that it is one
/// self-contained file that can be moved, archived or restored without a `-wal` beside it.
pub fn backup(source: &mut Connection, target: &Path) -> Result<()> {
    let snapshot = snapshot(source)?;
    // A read transaction only takes its snapshot at its first read.
    snapshot
        .query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(()))
        .context("cannot start reading the database for the backup")?;
    let mut copy = Connection::open(target)
        .with_context(|| format!("cannot open the copy {}", target.display()))?;
    Backup::new(&snapshot, &mut copy)
        .with_context(|| format!("cannot start the backup into {}", target.display()))?
        .run_to_completion(BACKUP_PAGES_PER_STEP, BACKUP_PAUSE, None)
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

/// What a finished copy holds, read back from the copy itself.
#[derive(Debug, Clone)]
pub struct CopyFacts {
    pub pages: i64,
    pub page_size: i64,
    pub schema_version: i64,
    /// `PRAGMA integrity_check`: `["ok"]` for a sound file, else the problems it found.
    pub integrity: Vec<String>,
}

/// Opens a copy read-only, as a restore would, and checks every page of it.
pub fn check_copy(path: &Path) -> Result<CopyFacts> {
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
    let integrity = conn
        .prepare("PRAGMA integrity_check")
        .and_then(|mut statement| {
            statement
                .query_map([], |row| row.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<String>>>()
        })
        .with_context(|| format!("cannot check the copy {}", path.display()))?;
    Ok(CopyFacts {
        pages,
        page_size,
        schema_version,
        integrity,
    })
}

/// A read transaction: every query of a report sees the same moment of the database, and the
/// file's locks are taken once instead of once per query.
pub fn snapshot(conn: &mut Connection) -> Result<Transaction<'_>> {
    conn.transaction_with_behavior(TransactionBehavior::Deferred)
        .context("cannot start reading the database")
}

/// Runs `work` as one write transaction, started with BEGIN IMMEDIATE so that reading the queue
/// and writing the turn cannot interleave with another clerk's command. Nothing is written
/// unless `work` succeeds.
pub fn write<T>(conn: &mut Connection, work: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .context("cannot start a write (is another salesdesk holding the database?)")?;
    let value = work(&tx)?;
    tx.commit().context("cannot commit the change")?;
    Ok(value)
}

/// Runs `work` like [`write`] and then rolls it back, for a dry run: every check sees what the
/// real command would see, and nothing stays.
pub fn rehearse<T>(
    conn: &mut Connection,
    work: impl FnOnce(&Transaction) -> Result<T>,
) -> Result<T> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .context("cannot start a write (is another salesdesk holding the database?)")?;
    let value = work(&tx)?;
    tx.rollback().context("cannot roll back the dry run")?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn schema_splits_into_numbered_migrations() {
        let all = migrations();
        assert!(!all.is_empty());
        assert!(all[0].contains("CREATE TABLE visits"));
        assert!(!all[0].contains("-- migration:"));
    }

    #[test]
    fn new_file_is_private_wal_and_current() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("desk.db");
        let conn = open(&path).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(user_version(&conn).unwrap(), (migrations().len() as i64));
        let journal: String = conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(journal, "wal");
        let fk: i64 = conn
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1);
    }

    #[test]
    fn a_newer_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("desk.db");
        drop(open(&path).unwrap());
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", (migrations().len() as i64) + 1)
            .unwrap();
        drop(conn);
        let err = open(&path).unwrap_err().to_string();
        assert!(err.contains("newer salesdesk"), "{err}");
    }

    #[test]
    fn the_register_refuses_updates_and_deletes() {
        let dir = tempfile::tempdir().unwrap();
        let conn = open(&dir.path().join("desk.db")).unwrap();
        conn.execute_batch(
            "INSERT INTO reps (id, name, created_at) VALUES (1, 'r', '2026-01-01 00:00:00');
             INSERT INTO customers (id, name, phone, created_at)
                 VALUES (1, 'c', '13812345678', '2026-01-01 00:00:00');
             INSERT INTO visits (id, customer_id, rep_id, at, day, kind, channel, reason,
                                 recorded_at)
                 VALUES (1, 1, 1, '2026-01-01 09:00:00', '2026-01-01', 'visit', 'walk-in',
                         'rotation', '2026-01-01 09:00:00');",
        )
        .unwrap();
        for sql in ["UPDATE visits SET rep_id = NULL", "DELETE FROM visits"] {
            let err = conn.execute(sql, []).unwrap_err().to_string();
            assert!(err.contains("append-only"), "{sql}: {err}");
        }
    }
}
