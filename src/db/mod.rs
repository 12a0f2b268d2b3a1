//! The database file and every SQL statement salesdesk runs, one room per table family. This
//! file opens the database safely: a new file is created readable by its owner only (customer
//! data is confidential); every connection runs in WAL mode with foreign keys on and waits for
//! other writers instead of failing at once; the schema is brought up to date ([`schema`]).
//! Each command is one transaction: [`write`] for a change, [`snapshot`] for a report that must
//! see one moment of the database.
//!
//! The rooms offer verbs in the office's words and hand back typed rows; values always travel
//! as bound parameters, never inside the SQL text.

pub mod aftersales;
pub mod backup;
pub mod bulk;
pub mod calendar;
pub mod census;
pub mod complaints;
pub mod customers;
pub mod deals;
pub mod referrals;
pub mod register;
pub mod reps;
pub mod schema;
mod sql;
pub mod surveys;

use std::io::ErrorKind;
use std::path::Path;
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use rusqlite::config::DbConfig;
use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::error::invalid;
use crate::files;

/// How long a command waits for another writer before giving up. Two clerks and a cron report
/// contend for a few milliseconds at a time; this only has to outlast a large import's commit.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// Opens (creating if needed) the database at `path` and brings its schema up to date.
pub fn open(path: &Path) -> Result<Connection> {
    if path.is_dir() {
        return Err(invalid(format!(
            "--db: {} is a folder; give a file name, for example {}",
            path.display(),
            path.join("salesdesk.db").display()
        )));
    }
    // The file is created private before SQLite sees it; SQLite gives its -wal and -shm files
    // the same permissions as the database.
    match files::create_private(path) {
        Err(err) if err.kind() != ErrorKind::AlreadyExists => {
            return Err(err).with_context(|| {
                format!(
                    "cannot create the database {}: check that its folder exists and is \
                     writable, or pass --db FILE",
                    path.display()
                )
            });
        }
        _ => {}
    }
    let mut conn = Connection::open(path)
        .with_context(|| format!("cannot open the database {}", path.display()))?;
    conn.busy_timeout(BUSY_TIMEOUT)
        .context("cannot set the busy timeout")?;
    // A file from a newer salesdesk is refused before anything is written to it, even the switch
    // to WAL mode, which rewrites the header of a file in rollback-journal mode.
    let version = schema::version(&conn).with_context(|| {
        format!(
            "cannot read {} as a salesdesk database (is it one?)",
            path.display()
        )
    })?;
    schema::refuse_newer(version, path)?;
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
    schema::migrate(&mut conn, path)?;
    Ok(conn)
}

/// Why the group centre could not read a project file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    Missing,
    /// Another process held it locked longer than the wait.
    Locked,
    /// Not an SQLite database, or a damaged one.
    Corrupt(String),
    /// An SQLite database, but not a salesdesk one.
    Foreign,
    /// Written by a newer salesdesk: its tables may mean something this one does not know.
    Newer {
        version: i64,
        known: i64,
    },
    /// The file reads, but the report asked for cannot be made from it (a survey wave the
    /// project never ran).
    Refused(String),
    /// Written by an older salesdesk whose tables lack what the report reads; it is never
    /// upgraded from here.
    Older {
        version: i64,
        known: i64,
        why: String,
    },
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unreadable::Missing => f.write_str("no such file"),
            Unreadable::Locked => f.write_str("locked by another process for too long"),
            Unreadable::Corrupt(why) => write!(f, "not a readable SQLite database ({why})"),
            Unreadable::Foreign => f.write_str("an SQLite database, but not a salesdesk one"),
            Unreadable::Refused(why) => write!(f, "the report cannot be made from it: {why}"),
            Unreadable::Older {
                version,
                known,
                why,
            } => write!(
                f,
                "schema version {version}, older than this salesdesk's {known}, and the report \
                 cannot read it as it is ({why}); upgrade it by running any salesdesk command \
                 on it at its office"
            ),
            Unreadable::Newer { version, known } => write!(
                f,
                "schema version {version}, newer than this salesdesk's {known}: upgrade salesdesk \
                 on this machine"
            ),
        }
    }
}

impl std::error::Error for Unreadable {}

/// A project file opened to be read and nothing else, for the group centre: no file is created,
/// no WAL switch, no migration, `query_only` so that no statement can write, and its side files
/// left as they were found. A `-wal` that was there before is left unread into the file (no
/// checkpoint on close); one this connection had to create is removed again by SQLite when the
/// connection closes last, as a clerk's own connection does.
pub fn open_to_read(path: &Path, wait: Duration) -> Result<(Connection, i64), Unreadable> {
    use rusqlite::OpenFlags;
    if !path.is_file() {
        return Err(Unreadable::Missing);
    }
    let had_wal = side_file(path, "-wal").exists();
    let corrupt = |err: rusqlite::Error| match err.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
            Unreadable::Locked
        }
        _ => Unreadable::Corrupt(err.to_string()),
    };
    // Read-write without create: a read-only connection cannot build the WAL index of a file
    // nobody has open, and leaves -wal and -shm behind; `query_only` below forbids writing.
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(corrupt)?;
    conn.busy_timeout(wait).map_err(corrupt)?;
    conn.pragma_update(None, "query_only", true)
        .map_err(corrupt)?;
    if had_wal {
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)
            .map_err(corrupt)?;
    }
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .map_err(corrupt)?;
    let known = schema::latest().map_err(|err| Unreadable::Corrupt(format!("{err:#}")))?;
    if version > known {
        return Err(Unreadable::Newer { version, known });
    }
    let ours: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('visits', 'reps')",
            [],
            |row| row.get(0),
        )
        .map_err(corrupt)?;
    if ours < 2 {
        return Err(Unreadable::Foreign);
    }
    Ok((conn, version))
}

pub use crate::files::side_file;

/// A read transaction: every query of a report sees the same moment of the database, and the
/// file's locks are taken once instead of once per query.
pub fn snapshot(conn: &mut Connection) -> Result<Transaction<'_>> {
    conn.transaction_with_behavior(TransactionBehavior::Deferred)
        .context("cannot start reading the database")
}

/// Whether a write keeps what it did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finish {
    Commit,
    /// A dry run: every check sees what the real command would see, and nothing stays.
    RollBack,
}

/// Runs `work` as one write transaction, started with BEGIN IMMEDIATE so that reading the queue
/// and writing the turn cannot interleave with another clerk's command. Nothing is written
/// unless `work` succeeds and `finish` is [`Finish::Commit`].
pub fn write_then<T>(
    conn: &mut Connection,
    finish: Finish,
    work: impl FnOnce(&Transaction) -> Result<T>,
) -> Result<T> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .context("cannot start a write (is another salesdesk holding the database?)")?;
    let value = work(&tx)?;
    match finish {
        Finish::Commit => tx.commit().context("cannot commit the change")?,
        Finish::RollBack => tx.rollback().context("cannot roll back the dry run")?,
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn new_file_is_private_wal_and_current() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("desk.db");
        let conn = open(&path).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(schema::version(&conn).unwrap(), schema::latest().unwrap());
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
    fn a_rolled_back_write_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = open(&dir.path().join("desk.db")).unwrap();
        let add = |tx: &Transaction| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES ('hours', '08:00-17:00')",
                [],
            )?;
            Ok(())
        };
        write_then(&mut conn, Finish::RollBack, add).unwrap();
        let count = |conn: &Connection| -> i64 {
            conn.query_row("SELECT count(*) FROM settings", [], |r| r.get(0))
                .unwrap()
        };
        assert_eq!(count(&conn), 0);
        write_then(&mut conn, Finish::Commit, add).unwrap();
        assert_eq!(count(&conn), 1);
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
