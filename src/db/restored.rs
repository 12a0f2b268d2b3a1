//! A database that Litestream restored, read before it may take the database's place: its pages,
//! its header, its schema version and the register's append-only triggers, held against a new
//! database of this salesdesk's schema ([`crate::domain::replica::judge`] decides). And the file
//! it replaces, whose log must be folded in and removed first: an old `-wal` left beside a new
//! file would be read as part of it.

use std::path::Path;
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use rusqlite::{Connection, OpenFlags};

use super::kind::{self, Holds};
use super::schema;
use crate::domain::replica::{Known, Restored};
use crate::domain::zone::Zone;

/// The triggers that guard the register, by their names.
const GUARDS: &str = "SELECT name, sql FROM sqlite_schema \
     WHERE type = 'trigger' AND instr(name, '_append_only_') > 0 ORDER BY name";

fn read_only(path: &Path) -> Result<Connection> {
    Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .with_context(|| format!("cannot open the restored file {}", path.display()))
}

fn guards(conn: &Connection, path: &Path) -> Result<Vec<(String, String)>> {
    let mut statement = conn
        .prepare(GUARDS)
        .with_context(|| format!("cannot read the triggers of {}", path.display()))?;
    let rows = statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .with_context(|| format!("cannot read the triggers of {}", path.display()))?;
    rows.collect::<rusqlite::Result<Vec<_>>>()
        .with_context(|| format!("cannot read the triggers of {}", path.display()))
}

/// The most of a restored file the check maps into memory instead of reading it page by page
/// through SQLite's cache, which makes the integrity check of a large register a third faster.
const CHECK_MAP_BYTES: i64 = 1 << 30;

/// What the restored file at `path` is.
pub fn check(path: &Path) -> Result<Restored> {
    let conn = read_only(path)?;
    conn.pragma_update(None, "mmap_size", CHECK_MAP_BYTES)
        .with_context(|| format!("cannot map {} to check it", path.display()))?;
    let integrity = super::backup::integrity(&conn)
        .with_context(|| format!("cannot check the restored file {}", path.display()))?;
    let holds = match kind::by_header(path)? {
        Some(holds) => holds,
        None => kind::by_schema(&conn)
            .with_context(|| format!("cannot read the restored file {}", path.display()))?,
    };
    Ok(Restored {
        integrity,
        salesdesk: matches!(holds, Holds::Salesdesk { .. }),
        schema_version: schema::version(&conn)?,
        triggers: guards(&conn, path)?,
    })
}

/// The schema this salesdesk makes: a new database's triggers, made in memory, and those of the
/// first version, which every later one keeps.
pub fn known() -> Result<Known> {
    let made = |migrations: &[&str]| -> Result<Vec<(String, String)>> {
        let conn = Connection::open_in_memory().context("cannot open a database in memory")?;
        for sql in migrations {
            conn.execute_batch(sql)
                .context("cannot build salesdesk's schema in memory")?;
        }
        guards(&conn, Path::new(":memory:"))
    };
    let all = schema::migrations()?;
    Ok(Known {
        schema_version: schema::latest()?,
        triggers: made(all)?,
        first: made(&all[..1])?.into_iter().map(|(name, _)| name).collect(),
    })
}

/// An existing database opened to read a setting or a count, and closed as the last
/// connection, so that SQLite removes the `-wal` and `-shm` it made: a reader leaves nothing
/// beside a copy that was not there.
fn reading(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .with_context(|| format!("cannot open {}", path.display()))?;
    conn.busy_timeout(RETIRE_WAIT)
        .context("cannot set how long to wait")?;
    conn.pragma_update(None, "query_only", true)
        .with_context(|| format!("cannot open {} to read only", path.display()))?;
    Ok(conn)
}

/// The office's time zone as the restored file keeps it.
pub fn zone(path: &Path) -> Result<Zone> {
    let conn = reading(path)?;
    super::calendar::zone_if_kept(&conn)
}

/// The zone an existing database at `path` keeps, when it is a salesdesk database; else none.
pub fn zone_if_ours(path: &Path) -> Option<Zone> {
    if !path.is_file() || !kind::holds_the_register(path) {
        return None;
    }
    zone(path).ok()
}

/// How many register entries the file holds, for the line after a restore.
pub fn visits(path: &Path) -> Result<i64> {
    let conn = reading(path)?;
    conn.query_row("SELECT count(*) FROM visits", [], |row| row.get(0))
        .with_context(|| format!("cannot count the register of {}", path.display()))
}

/// How long a restore waits for a clerk's command that has the old file open.
const RETIRE_WAIT: Duration = Duration::from_secs(5);

/// Makes the existing database at `path` one self-contained file, so that a restored one can be
/// renamed over it: its log is written into it and removed (`journal_mode = DELETE`), which
/// SQLite only does when no other connection has the file open. A file in use (a clerk's
/// command, `salesdesk replicate`) is refused, named, and left as it was.
pub fn retire(path: &Path) -> Result<()> {
    if !path.exists() {
        return Ok(());
    }
    // A plain file that --force replaces has no log; another application's database was
    // refused as the target before anything ran.
    if matches!(
        kind::by_header(path)?,
        Some(Holds::Nothing | Holds::Other(_))
    ) {
        return Ok(());
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .with_context(|| format!("cannot open {} to replace it", path.display()))?;
    conn.busy_timeout(RETIRE_WAIT)
        .context("cannot set how long to wait")?;
    let in_use = || {
        anyhow::anyhow!(
            "{} is in use (a salesdesk command, `salesdesk replicate` or Litestream has it \
             open); stop them and run restore again: nothing was replaced",
            path.display()
        )
    };
    let mode: String = match conn.query_row("PRAGMA journal_mode = DELETE", [], |row| row.get(0)) {
        Ok(mode) => mode,
        Err(err) if is_busy(&err) => return Err(in_use()),
        Err(err) => {
            return Err(err)
                .with_context(|| format!("cannot fold the log of {} into it", path.display()));
        }
    };
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(in_use());
    }
    conn.close()
        .map_err(|(_, err)| err)
        .with_context(|| format!("cannot close {}", path.display()))?;
    if crate::files::side_file(path, "-wal").exists() {
        bail!(
            "{} still has a log beside it after it was folded in; nothing was replaced",
            path.display()
        );
    }
    Ok(())
}

fn is_busy(err: &rusqlite::Error) -> bool {
    matches!(
        err.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn salesdesk_s_schema_guards_its_register_from_the_first_version() {
        let known = known().unwrap();
        for table in [
            "visits",
            "roster_events",
            "approvals",
            "complaints",
            "complaint_events",
        ] {
            for verb in ["update", "delete"] {
                let name = format!("{table}_append_only_{verb}");
                assert!(known.triggers.iter().any(|(n, _)| *n == name), "{name}");
                // The register and the roster's log are guarded since the first version.
                if ["visits", "roster_events", "approvals"].contains(&table) {
                    assert!(known.first.contains(&name), "{name} in {:?}", known.first);
                }
            }
        }
        assert!(known.triggers.len() >= known.first.len());
    }
}
