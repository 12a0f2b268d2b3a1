//! Waiting for another writer. SQLite lets one command write at a time; two clerks and a cron
//! report contend for milliseconds, and a command waits up to [`BUSY`] for its turn. An import
//! holds the write lock for as long as it takes to write the whole file (all rows or none), which
//! for a register of years can be a minute or more: a clerk must wait for it rather than fail
//! with a customer at the desk. So an import says it is running, in a small file beside the
//! database that it holds locked for as long as it runs ([`Importing`]); a command kept waiting
//! looks at it after [`TELL_AFTER`], says on stderr that an import is running and whose it is,
//! and waits on up to [`BUSY_BEHIND_IMPORT`] while the import lives. A marker left by a killed
//! import is not locked by anyone, and means nothing.

use std::fs::{self, File, TryLockError};
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use rusqlite::Connection;

use crate::files;

/// How long a command waits for another writer that is not an import: two clerks and a cron
/// report contend for a few milliseconds at a time; this only has to outlast a backup's or a
/// large report's moment.
pub const BUSY: Duration = Duration::from_secs(30);

/// How long a command waits behind a running import before it gives up.
pub const BUSY_BEHIND_IMPORT: Duration = Duration::from_secs(30 * 60);

/// A wait longer than this is explained on stderr.
pub const TELL_AFTER: Duration = Duration::from_secs(2);

/// The import a waiting command found, for the note it prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Running {
    /// What the marker says: the file being imported and when the import began.
    pub what: String,
}

/// What the waiting connection needs to know, kept for the busy handler, which SQLite calls
/// with nothing but a count.
struct Waiting {
    marker: PathBuf,
    tell: fn(&Running),
    since: Instant,
    import: Option<Running>,
    told: bool,
}

static WAITING: Mutex<Option<Waiting>> = Mutex::new(None);

/// How this process tells its user that it waits behind an import (in the user's language).
static TELL: OnceLock<fn(&Running)> = OnceLock::new();

/// Sets how a wait behind an import is told; without it the command waits without a word.
pub fn tell_with(tell: fn(&Running)) {
    let _ = TELL.set(tell);
}

/// The marker an import keeps beside `database`.
pub fn marker_of(database: &Path) -> PathBuf {
    files::side_file(database, ".importing")
}

/// Makes `conn` wait for other writers as above; a wait behind an import that passes
/// [`TELL_AFTER`] is told as [`tell_with`] said.
pub fn install(conn: &mut Connection, database: &Path) -> Result<()> {
    if let Ok(mut waiting) = WAITING.lock() {
        *waiting = Some(Waiting {
            marker: marker_of(database),
            tell: TELL.get().copied().unwrap_or(|_| {}),
            since: Instant::now(),
            import: None,
            told: false,
        });
    }
    conn.busy_handler(Some(busy))
        .context("cannot set how long to wait for other writers")
}

/// SQLite's busy handler: `count` is how often it was called for this wait (0 for a new one).
/// Returns whether to try again.
fn busy(count: i32) -> bool {
    let Ok(mut guard) = WAITING.lock() else {
        return false;
    };
    let Some(waiting) = guard.as_mut() else {
        return false;
    };
    if count == 0 {
        waiting.since = Instant::now();
        waiting.import = None;
        waiting.told = false;
    }
    let waited = waiting.since.elapsed();
    if waited >= TELL_AFTER && waiting.import.is_none() {
        waiting.import = running(&waiting.marker);
    }
    // A marker is looked at again now and then: an import may have ended, and another begun.
    if waiting.import.is_some() && count % 64 == 0 {
        waiting.import = running(&waiting.marker);
    }
    let limit = if waiting.import.is_some() {
        BUSY_BEHIND_IMPORT
    } else {
        BUSY
    };
    if waited >= limit {
        return false;
    }
    if let (Some(import), false) = (&waiting.import, waiting.told) {
        (waiting.tell)(import);
        waiting.told = true;
    }
    drop(guard);
    // As SQLite's own handler does: short sleeps first, for the common wait of milliseconds.
    let pause = match count {
        0..=2 => 1,
        3..=5 => 5,
        6..=10 => 10,
        _ => 25,
    };
    std::thread::sleep(Duration::from_millis(pause));
    true
}

/// The import that holds `marker` locked, if one does.
fn running(marker: &Path) -> Option<Running> {
    let file = File::open(marker).ok()?;
    match file.try_lock_shared() {
        // Nobody holds it: the import that wrote it is gone.
        Ok(()) => None,
        Err(TryLockError::WouldBlock) => {
            let mut what = String::new();
            let _ = file.take(512).read_to_string(&mut what);
            Some(Running {
                what: what.trim().to_string(),
            })
        }
        Err(TryLockError::Error(_)) => None,
    }
}

/// Removes the marker of an import that was killed: nobody holds it any more.
pub fn clear_stale(database: &Path) {
    let marker = marker_of(database);
    if let Ok(file) = File::open(&marker)
        && file.try_lock().is_ok()
    {
        let _ = fs::remove_file(&marker);
    }
}

/// An import's marker, held locked for as long as the import runs; removed when dropped.
pub struct Importing {
    path: PathBuf,
    file: Option<File>,
}

impl Importing {
    /// Says that `what` (the file and the time it began) is being imported into `database`.
    /// A marker another import holds is left alone: that import will write after this one.
    pub fn begin(database: &Path, what: &str) -> Result<Importing> {
        let path = marker_of(database);
        let mut file = files::create_private(&path)
            .or_else(|_| File::options().read(true).write(true).open(&path))
            .with_context(|| format!("cannot create {}", path.display()))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Ok(Importing { path, file: None });
            }
            Err(TryLockError::Error(err)) => {
                return Err(err).with_context(|| format!("cannot lock {}", path.display()));
            }
        }
        file.set_len(0)
            .and_then(|()| file.write_all(what.as_bytes()))
            .with_context(|| format!("cannot write {}", path.display()))?;
        Ok(Importing {
            path,
            file: Some(file),
        })
    }
}

impl Drop for Importing {
    fn drop(&mut self) {
        // Removed while still locked, so that no waiting command reads a marker nobody holds.
        if let Some(file) = self.file.take() {
            let _ = fs::remove_file(&self.path);
            drop(file);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marker_counts_only_while_its_import_holds_it() {
        let dir = tempfile::tempdir().unwrap();
        let database = dir.path().join("desk.db");
        let marker = marker_of(&database);
        assert_eq!(running(&marker), None, "no marker");
        let import = Importing::begin(&database, "来访登记表.csv, 2026-11-23 10:00").unwrap();
        assert_eq!(
            running(&marker).map(|r| r.what),
            Some("来访登记表.csv, 2026-11-23 10:00".to_string())
        );
        drop(import);
        assert!(!marker.exists(), "removed when the import ends");
        // A killed import leaves its marker unlocked: nothing is running.
        fs::write(&marker, "old.csv").unwrap();
        assert_eq!(running(&marker), None);
        // A new import takes the stale marker over.
        let import = Importing::begin(&database, "new.csv").unwrap();
        assert_eq!(
            running(&marker).map(|r| r.what),
            Some("new.csv".to_string())
        );
        drop(import);
    }
}
