//! The schema and its upgrades. `schema.sql` is split into numbered migrations at its
//! `-- migration: N` lines; the numbers must run 1, 2, 3… without a gap or a repeat, so that a
//! migration can never be skipped or applied twice. A file records the migrations it has in
//! `PRAGMA user_version`: an older file is upgraded in one transaction when it is opened, a
//! newer one is refused before anything is written to it.

use std::path::Path;
use std::sync::OnceLock;

use anyhow::{Context as _, Result, anyhow, bail};
use rusqlite::{Connection, TransactionBehavior};

const SCHEMA: &str = include_str!("../../schema.sql");

/// The `PRAGMA application_id` every salesdesk database carries in its header ("SDSK"), so that
/// salesdesk, `file(1)` and other tools can tell its files from any other SQLite file.
pub const APPLICATION_ID: u32 = 0x5344_534B;

const MARK: &str = "-- migration:";

/// The migrations of `text`, in order: the SQL after each `-- migration: N` line. Refuses
/// numbers that do not run 1, 2, 3….
fn split(text: &str) -> Result<Vec<&str>, String> {
    let mut parts = Vec::new();
    let mut start: Option<usize> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if let Some(number) = line.trim_start().strip_prefix(MARK) {
            let expected = parts.len() + usize::from(start.is_some()) + 1;
            if number.trim().parse::<usize>() != Ok(expected) {
                return Err(format!(
                    "schema.sql: migration {:?} is out of order (the numbers run 1, 2, 3…); \
                     number it {expected}",
                    number.trim()
                ));
            }
            if let Some(begin) = start {
                parts.push(&text[begin..offset]);
            }
            start = Some(offset + line.len());
        }
        offset += line.len();
    }
    if let Some(begin) = start {
        parts.push(&text[begin..]);
    }
    Ok(parts)
}

/// The migrations of `schema.sql`, in order; split once per process, since every command asks.
pub fn migrations() -> Result<&'static [&'static str]> {
    static SPLIT: OnceLock<Result<Vec<&'static str>, String>> = OnceLock::new();
    match SPLIT.get_or_init(|| split(SCHEMA)) {
        Ok(all) => Ok(all),
        Err(err) => Err(anyhow!("{err}")),
    }
}

/// The schema version this salesdesk writes: the number of its migrations.
pub fn latest() -> Result<i64> {
    Ok(migrations()?.len() as i64)
}

/// The schema version a file records.
pub fn version(conn: &Connection) -> Result<i64> {
    conn.query_row("PRAGMA user_version", [], |row| row.get(0))
        .context("cannot read the schema version")
}

/// Writes salesdesk's [`APPLICATION_ID`] into the file's header, unless it is there already.
pub fn stamp(conn: &Connection) -> Result<()> {
    let id: i64 = conn
        .query_row("PRAGMA application_id", [], |row| row.get(0))
        .context("cannot read the application id")?;
    if id != i64::from(APPLICATION_ID) {
        conn.pragma_update(None, "application_id", i64::from(APPLICATION_ID))
            .context("cannot record that the file is a salesdesk database")?;
    }
    Ok(())
}

/// The least a change adds to a database's write-ahead log: one page of 4 KiB and its frame
/// header.
pub const LOG_FRAME_BYTES: u64 = 4096 + 24;

/// What a new database needs on disk: its pages once every migration has run, and the 32 KiB
/// of the `-shm` index beside it. Worked out on a database in memory, when a disk was found full.
pub fn new_file_bytes() -> Result<u64> {
    let conn = Connection::open_in_memory().context("cannot open a database in memory")?;
    for sql in migrations()? {
        conn.execute_batch(sql)
            .context("cannot lay the schema down in memory")?;
    }
    let pages: i64 = conn
        .query_row("PRAGMA page_count", [], |row| row.get(0))
        .context("cannot count the pages")?;
    let size: i64 = conn
        .query_row("PRAGMA page_size", [], |row| row.get(0))
        .context("cannot read the page size")?;
    Ok((pages * size) as u64 + 32 * 1024)
}

/// A file written by a newer salesdesk is refused rather than guessed at.
pub fn refuse_newer(version: i64, path: &Path) -> Result<()> {
    let latest = latest()?;
    if version > latest {
        bail!(
            "{} was written by a newer salesdesk (schema version {version}; this one knows up to \
             {latest}): run it with the newer salesdesk, or restore a backup",
            path.display()
        );
    }
    Ok(())
}

/// Applies the migrations the file lacks, all in one transaction. Foreign keys are off while
/// it runs, as SQLite's own procedure for rebuilding a table asks (a parent table cannot be
/// dropped and renamed back with them on), and every reference is checked before the commit.
pub fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    let found = version(conn)?;
    refuse_newer(found, path)?;
    if found == migrations()?.len() as i64 {
        return Ok(());
    }
    conn.pragma_update(None, "foreign_keys", false)
        .context("cannot pause the foreign keys for the schema upgrade")?;
    let upgraded = upgrade(conn, path);
    conn.pragma_update(None, "foreign_keys", true)
        .context("cannot turn the foreign keys back on after the schema upgrade")?;
    upgraded
}

fn upgrade(conn: &mut Connection, path: &Path) -> Result<()> {
    let all = migrations()?;
    let latest = all.len() as i64;
    let found = version(conn)?;
    refuse_newer(found, path)?;
    if found == latest {
        return Ok(());
    }
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .context("cannot start the schema upgrade")?;
    // Another process may have upgraded the file while this one waited for the lock.
    let found = version(&tx)?;
    refuse_newer(found, path)?;
    for (index, sql) in all.iter().enumerate().skip(found as usize) {
        tx.execute_batch(sql)
            .with_context(|| format!("cannot apply schema migration {}", index + 1))?;
    }
    let broken: i64 = tx
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |row| {
            row.get(0)
        })
        .context("cannot check the references after the schema upgrade")?;
    if broken > 0 {
        bail!(
            "the schema upgrade of {} would leave {broken} broken references; nothing was \
             changed: restore a backup or report the file",
            path.display()
        );
    }
    tx.pragma_update(None, "user_version", latest)
        .context("cannot record the schema version")?;
    tx.commit().context("cannot commit the schema upgrade")
}

/// An SQLite file with this `application_id` and these empty tables, for the tests of code that
/// must tell salesdesk's files from others' without running SQL of its own.
#[cfg(test)]
pub fn sqlite_file_for_tests(path: &Path, application_id: u32, tables: &[&str]) {
    let conn = Connection::open(path).expect("create the file");
    conn.pragma_update(None, "application_id", application_id)
        .expect("stamp the file");
    for table in tables {
        conn.execute_batch(&format!("CREATE TABLE \"{table}\" (x)"))
            .expect("create the table");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_splits_into_numbered_migrations() {
        let all = migrations().unwrap();
        assert!(!all.is_empty());
        assert!(all[0].contains("CREATE TABLE visits"));
        assert!(all.iter().all(|sql| !sql.contains(MARK)));
        assert_eq!(latest().unwrap(), all.len() as i64);
    }

    #[test]
    fn migration_numbers_run_without_gaps() {
        let good = "-- head\n-- migration: 1\nA;\n-- migration: 2\nB;\n";
        assert_eq!(split(good).unwrap(), ["A;\n", "B;\n"]);
        for bad in [
            "-- migration: 2\nA;\n",
            "-- migration: 1\nA;\n-- migration: 3\nC;\n",
            "-- migration: 1\nA;\n-- migration: 1\nA;\n",
            "-- migration: one\nA;\n",
        ] {
            let err = split(bad).unwrap_err();
            assert!(err.contains("number it"), "{bad:?}: {err}");
        }
    }

    #[test]
    fn a_new_file_carries_the_application_id() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("desk.db");
        let conn = crate::db::open(&path).unwrap();
        let id: i64 = conn
            .query_row("PRAGMA application_id", [], |row| row.get(0))
            .unwrap();
        assert_eq!(id, i64::from(APPLICATION_ID));
        assert!(
            migrations()
                .unwrap()
                .iter()
                .any(|migration| migration.contains(&format!("application_id = {id}")))
        );
    }

    #[test]
    fn a_newer_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("desk.db");
        drop(crate::db::open(&path).unwrap());
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", latest().unwrap() + 1)
            .unwrap();
        drop(conn);
        let err = crate::db::open(&path).unwrap_err().to_string();
        assert!(err.contains("newer salesdesk"), "{err}");
    }
}
