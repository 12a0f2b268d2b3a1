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
pub mod announcements;
pub mod backup;
pub mod bulk;
pub mod calendar;
pub mod census;
pub mod complaint_calls;
pub mod complaints;
pub mod customers;
pub mod deals;
pub mod kind;
pub mod referrals;
pub mod register;
pub mod reps;
pub mod restored;
pub mod schema;
mod sql;
pub mod surveys;
pub mod wait;

use std::io::ErrorKind;
use std::path::Path;
use std::sync::OnceLock;
use std::time::Duration;

use anyhow::{Context as _, Result, anyhow, bail};

use self::kind::Holds;
use rusqlite::config::DbConfig;
use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::domain::file_system::Disk;
use crate::error::{failed, invalid};
use crate::files;
use crate::messages::Message;

/// What the command will do with the database it opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    /// Only read it: the file must already be a salesdesk database.
    Read,
    /// Record something: a missing or empty file becomes a new database.
    Write,
}

/// Opens (creating if needed) the database at `path` to record something.
pub fn open(path: &Path) -> Result<Connection> {
    open_as(path, Use::Write)
}

/// Opens the database at `path` and brings its schema up to date. Only a salesdesk database
/// is opened ([`kind`]); a file this call created and could not make into one is removed
/// again, so that a failed first command leaves no empty file behind.
pub fn open_as(path: &Path, purpose: Use) -> Result<Connection> {
    if path.is_dir() {
        return Err(invalid(crate::messages::Message::DbIsFolder {
            db: path.to_path_buf(),
            example: path.join("salesdesk.db"),
        }));
    }
    let exclusive = on_network_disk(path)?;
    let free = (purpose == Use::Write).then(|| files::free_space(files::folder_of(path)));
    let created = purpose == Use::Write && create(path)?;
    let opened = open_checked(path, purpose, exclusive);
    match &opened {
        Err(_) if created => forget_new(path),
        Ok(_) if purpose == Use::Write => wait::clear_stale(path),
        _ => {}
    }
    opened.map_err(|err| match free {
        // SQLite says "disk I/O error" when it cannot make the -shm index of a WAL database,
        // which a full disk causes on the first command after the last one closed.
        Some(free) if kind::is_shared_memory_error(&err) && free.is_some_and(|f| f < SHM_BYTES) => {
            said_full(path, err, Some(SHM_BYTES), free)
        }
        Some(free) => {
            let needed = created.then(|| schema::new_file_bytes().ok()).flatten();
            name_full_disk(path, err, needed, free)
        }
        None => err,
    })
}

/// How a database on a network file system is told to have been opened anyway; set by
/// `--allow-network-fs` ([`allow_network_disks`]), else such a database is refused.
static NETWORK_DISKS: OnceLock<fn(&Message)> = OnceLock::new();

/// Lets this process open a database on a network file system, in rollback-journal mode and
/// held exclusively, each time saying so through `tell`.
pub fn allow_network_disks(tell: fn(&Message)) {
    let _ = NETWORK_DISKS.set(tell);
}

/// Refuses a database whose folder is on a network file system
/// ([`crate::domain::file_system`]), unless this process was let open one: then says so, and
/// answers that the file is to be opened exclusively, without WAL.
fn on_network_disk(path: &Path) -> Result<bool> {
    let Disk::Network(disk) = files::disk_of(files::folder_of(path))? else {
        return Ok(false);
    };
    let db = path.to_path_buf();
    let disk = disk.to_string();
    match NETWORK_DISKS.get() {
        Some(tell) => {
            tell(&Message::NetworkDiskAllowed { db, disk });
            Ok(true)
        }
        None => Err(failed(Message::NetworkDisk { db, disk })),
    }
}

/// The room a WAL database's `-shm` index takes as it is made.
const SHM_BYTES: u64 = 32 * 1024;

/// Creates the database file private before SQLite sees it (SQLite gives its -wal and -shm
/// files the same permissions); whether this call created it.
fn create(path: &Path) -> Result<bool> {
    match files::create_private(path) {
        Ok(_) => Ok(true),
        Err(err) if err.kind() == ErrorKind::AlreadyExists => Ok(false),
        Err(err) => Err(err).with_context(|| {
            format!(
                "cannot create the database {}: check that its folder exists and is \
                 writable, or pass --db FILE",
                path.display()
            )
        }),
    }
}

/// Removes a database file this process created and never made into a database, with the
/// side files SQLite may have begun.
fn forget_new(path: &Path) {
    let empty = std::fs::metadata(path).is_ok_and(|meta| meta.len() == 0);
    if empty {
        let _ = std::fs::remove_file(path);
        for suffix in files::SQLITE_SIDE_FILES {
            let _ = std::fs::remove_file(side_file(path, suffix));
        }
    }
}

/// The refusal of a file that is not a salesdesk database.
fn not_ours(path: &Path, what: &str) -> anyhow::Error {
    anyhow!(
        "{} is not a salesdesk database: it is {what}; it was left as it is. Check --db (or \
         $SALESDESK_DB), or start a new office in another file with `salesdesk --db FILE rep \
         add NAME`",
        path.display()
    )
}

/// Opens and checks the file; `exclusive` for one on a network file system, which is held by
/// this connection alone and never in WAL mode, whose index needs memory shared on one machine.
fn open_checked(path: &Path, purpose: Use, exclusive: bool) -> Result<Connection> {
    let header = kind::by_header(path)?;
    match (&header, purpose) {
        (Some(Holds::Other(what)), _) => return Err(not_ours(path, what)),
        (Some(Holds::Nothing), Use::Read) => {
            return Err(not_ours(path, "an empty file (zero bytes)"));
        }
        _ => {}
    }
    let had_wal = side_file(path, "-wal").exists();
    let mut conn = Connection::open(path)
        .with_context(|| format!("cannot open the database {}", path.display()))?;
    wait::install(&mut conn, path)?;
    // Before the first read: a file still in WAL mode is then read without the -shm index.
    if exclusive {
        let mode: String = conn
            .query_row("PRAGMA locking_mode = EXCLUSIVE", [], |row| row.get(0))
            .with_context(|| format!("cannot hold {} exclusively", path.display()))?;
        if !mode.eq_ignore_ascii_case("exclusive") {
            bail!(
                "cannot hold {} exclusively (it stays {mode})",
                path.display()
            );
        }
    }
    // Until the file is known to be ours, a log another program left beside it stays
    // unread into it when this connection closes.
    let unknown = header.is_none();
    if unknown && had_wal {
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)
            .context("cannot keep the file as it is")?;
    }
    let holds = match header {
        Some(holds) => holds,
        None => match kind::by_schema(&conn) {
            Ok(holds) => holds,
            Err(err) => return cannot_read(path, purpose, conn, err),
        },
    };
    match (&holds, purpose) {
        (Holds::Other(what), _) => return Err(not_ours(path, what)),
        (Holds::Blank, Use::Read) => {
            return Err(not_ours(path, "an SQLite database without a single table"));
        }
        _ => {}
    }
    if unknown && had_wal {
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, false)
            .context("cannot let the log be written into the database")?;
    }
    // A file from a newer salesdesk is refused before anything is written to it, even the
    // switch to WAL mode, which rewrites the header of a file in rollback-journal mode.
    let version = match schema::version(&conn) {
        Ok(version) => version,
        Err(err) => match err.downcast::<rusqlite::Error>() {
            Ok(err) => return cannot_read(path, purpose, conn, err),
            Err(err) => return Err(err),
        },
    };
    schema::refuse_newer(version, path)?;
    let mut conn = prepare(conn, path, exclusive)?;
    schema::migrate(&mut conn, path)?;
    // An older file was stamped by its upgrade; one whose stamp was lost gets it back with
    // the first command that records something.
    if holds == (Holds::Salesdesk { stamped: false }) && purpose == Use::Write {
        schema::stamp(&conn)?;
    }
    Ok(conn)
}

/// Foreign keys, WAL mode (a rollback journal when `exclusive`), and the settings every
/// connection works with.
fn prepare(conn: Connection, path: &Path, exclusive: bool) -> Result<Connection> {
    conn.pragma_update(None, "foreign_keys", true)
        .context("cannot turn on foreign keys")?;
    let (wanted, switch) = if exclusive {
        ("delete", "PRAGMA journal_mode = DELETE")
    } else {
        ("wal", "PRAGMA journal_mode = WAL")
    };
    let mode: String = conn
        .query_row(switch, [], |row| row.get(0))
        .with_context(|| format!("cannot switch {} to {wanted} mode", path.display()))?;
    if !mode.eq_ignore_ascii_case(wanted) {
        bail!(
            "cannot switch {} to {wanted} mode (it stays in {mode} mode)",
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
    Ok(conn)
}

/// The first read of the file failed. A folder this user may not create files in is the usual
/// cause: SQLite keeps a WAL database's `-wal` and `-shm` beside it. A reader then opens the
/// file as it stands on disk when no `-wal` holds changes that are not in it yet (a backup
/// copy on a read-only share, a CD); anything else gets a message that names the cause.
fn cannot_read(
    path: &Path,
    purpose: Use,
    conn: Connection,
    err: rusqlite::Error,
) -> Result<Connection> {
    drop(conn);
    let folder = files::folder_of(path);
    if kind::is_cannot_open(&err) && !kind::folder_takes_files(folder) {
        let has_wal = side_file(path, "-wal").exists();
        if purpose == Use::Read && !has_wal {
            return open_as_it_stands(path);
        }
        let why = if has_wal {
            format!(
                "its log {} holds changes SQLite must read through {}",
                side_file(path, "-wal").display(),
                side_file(path, "-shm").display()
            )
        } else {
            format!(
                "SQLite needs to create {} and {} beside a database in WAL mode",
                side_file(path, "-wal").display(),
                side_file(path, "-shm").display()
            )
        };
        bail!(
            "cannot open {}: the folder {} is read-only for this user, and {why}; ask for \
             write access to the folder, or copy the database into a folder you can write \
             (`salesdesk backup FILE` from a machine that can open it) and use --db",
            path.display(),
            folder.display()
        );
    }
    Err(err).with_context(|| format!("cannot read the database {}", path.display()))
}

/// A database read in place from a folder nobody can write to: opened read-only and
/// immutable (no lock, no side file), which holds while no `-wal` is beside it. It is neither
/// upgraded nor switched to WAL mode, so it must be of this salesdesk's schema.
fn open_as_it_stands(path: &Path) -> Result<Connection> {
    let conn = kind::open_as_it_stands(path)
        .with_context(|| format!("cannot open {} read-only", path.display()))?;
    match kind::by_schema(&conn)
        .with_context(|| format!("cannot read the database {}", path.display()))?
    {
        Holds::Other(what) => return Err(not_ours(path, &what)),
        Holds::Blank | Holds::Nothing => {
            return Err(not_ours(path, "an SQLite database without a single table"));
        }
        Holds::Salesdesk { .. } => {}
    }
    let version = schema::version(&conn)?;
    schema::refuse_newer(version, path)?;
    let latest = schema::latest()?;
    if version < latest {
        bail!(
            "{} is of schema version {version}, older than this salesdesk's {latest}, and lies \
             in a folder this user cannot write, so it cannot be upgraded here: open it once \
             where it can be written, or copy it into a folder you can write",
            path.display()
        );
    }
    conn.pragma_update(None, "query_only", true)
        .context("cannot make the connection read-only")?;
    Ok(conn)
}

/// `err` as it stands, or, when the disk filled while the database was written, said as such:
/// the folder, what the write needed at least (a new database's first pages, the `-shm` index,
/// else one page of the log; `needed`), and the room there was. Nothing was recorded: the
/// transaction is rolled back whole.
pub fn name_full_disk(
    path: &Path,
    err: anyhow::Error,
    needed: Option<u64>,
    free: Option<u64>,
) -> anyhow::Error {
    // A file the command wrote beside the database (a rejects file) filled the disk, and says so.
    if !files::full_disk_in(&err) || files::full_disk_named_in(&err) {
        return err;
    }
    said_full(path, err, needed, free)
}

/// `err` with the database's full disk said, as [`name_full_disk`] says it.
fn said_full(
    path: &Path,
    err: anyhow::Error,
    needed: Option<u64>,
    free: Option<u64>,
) -> anyhow::Error {
    let full = files::DiskFull {
        folder: files::folder_of(path).to_path_buf(),
        file: path.to_path_buf(),
        needed: needed.or(Some(schema::LOG_FRAME_BYTES)),
        at_least: true,
        written: 0,
        free,
    };
    err.context(full).context("nothing was recorded")
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
    match kind::by_schema(&conn).map_err(corrupt)? {
        Holds::Salesdesk { .. } => Ok((conn, version)),
        _ => Err(Unreadable::Foreign),
    }
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

    #[test]
    fn new_file_is_private_wal_and_current() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("desk.db");
        let conn = open(&path).unwrap();
        assert!(files::owner_only(&path) || files::under_wine());
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
