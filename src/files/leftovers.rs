//! The temporaries of killed writes. A file is written under a hidden name beside its target
//! (`.visits.csv.salesdesk-4242.tmp`), which a backup needs since SQLite opens it by name; a
//! salesdesk killed with SIGKILL, or a machine losing power, leaves it there, with customer data
//! in it. So the writer holds an exclusive lock on its temporary for as long as it exists, and
//! every salesdesk that is about to create a temporary in a folder first removes the folder's
//! temporaries whose lock it can take: their writer is gone, since the system drops a lock with
//! the last handle of the process that held it. The process id in the name only keeps two live
//! writers apart; a dead process whose id was given to another one is told by its lock, never by
//! its id.
//!
//! What must hold: a sweep never removes a file that a live salesdesk is writing, and never a
//! file that is not salesdesk's temporary. A writer that lost its just-created temporary to a
//! sweep in the moment before locking it (the only gap) sees that the name no longer holds its
//! file, and makes it again. A sweep looks only at names of salesdesk's own pattern, only at
//! plain files, and at most [`SWEEP_LIMIT`] names of a folder, so that a folder of a hundred
//! thousand reports costs one bounded pass, once per run.

use std::ffi::OsStr;
use std::fs::{self, File, TryLockError};
use std::io::{self, ErrorKind};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::names::{TEMPORARY_SIDE_FILES, create_new, folder_of, side_file};
use super::system::{self, id_of_entry, id_of_open, open_without_following};

/// What sits between the target's name and the process id in a temporary's name.
const MARK: &str = ".salesdesk-";
const END: &str = ".tmp";

/// The most names of one folder a sweep reads.
const SWEEP_LIMIT: usize = 100_000;

/// How often a writer makes its temporary again after a sweep took it before it was locked.
const ATTEMPTS: usize = 5;

/// The hidden temporary beside `target`, named after it and after this process.
pub fn temporary_for(target: &Path) -> PathBuf {
    let name = target.file_name().unwrap_or(OsStr::new("file"));
    let mut temporary = std::ffi::OsString::from(".");
    temporary.push(name);
    temporary.push(format!("{MARK}{}{END}", std::process::id()));
    folder_of(target).join(temporary)
}

/// Whether `name` is a temporary of salesdesk's pattern: `.NAME.salesdesk-PID.tmp`.
pub fn is_temporary(name: &OsStr) -> bool {
    is_temporary_name(name.as_encoded_bytes())
}

/// [`is_temporary`] of a name's bytes (its encoded form on Windows, whose ASCII is ASCII).
fn is_temporary_name(bytes: &[u8]) -> bool {
    let Some(rest) = bytes.strip_suffix(END.as_bytes()) else {
        return false;
    };
    let digits = rest.iter().rev().take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 {
        return false;
    }
    let Some(head) = rest[..rest.len() - digits].strip_suffix(MARK.as_bytes()) else {
        return false;
    };
    head.len() > 1 && head[0] == b'.'
}

/// Whether `name` is a temporary or one of the files SQLite keeps beside one: a name a sweep
/// may remove, which no target may therefore take.
pub fn is_temporary_or_side(name: &OsStr) -> bool {
    let bytes = name.as_encoded_bytes();
    is_temporary_name(bytes)
        || TEMPORARY_SIDE_FILES.iter().any(|suffix| {
            bytes
                .strip_suffix(suffix.as_bytes())
                .is_some_and(is_temporary_name)
        })
}

/// Sweeps `folder` unless this process did already: the manual pages write some forty files
/// into one folder, and one pass is enough.
pub fn sweep_once(folder: &Path) {
    static SWEPT: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
    let key = fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf());
    if let Ok(mut swept) = SWEPT.lock() {
        if swept.contains(&key) {
            return;
        }
        swept.push(key);
    }
    sweep(folder);
}

/// Removes the temporaries of `folder` whose writer is gone; returns how many. Best effort: a
/// folder that cannot be read, or a leftover that cannot be removed, must not stop the write
/// the user asked for; the next run tries again.
pub fn sweep(folder: &Path) -> usize {
    let Ok(entries) = fs::read_dir(folder) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.take(SWEEP_LIMIT).flatten() {
        let name = entry.file_name();
        if is_temporary(&name) && remove_if_abandoned(&folder.join(&name)).unwrap_or(false) {
            removed += 1;
        }
    }
    removed
}

/// Removes the temporary at `path`, and the side files SQLite left beside it, if no live
/// salesdesk holds its lock; says whether it did.
pub fn remove_if_abandoned(path: &Path) -> io::Result<bool> {
    let seen = fs::symlink_metadata(path)?;
    if !seen.file_type().is_file() {
        return Ok(false);
    }
    let seen = id_of_entry(path)?;
    let file = open_without_following(path)?;
    match system::try_lock(&file) {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => return Ok(false),
        Err(TryLockError::Error(err)) => return Err(err),
    }
    // The name may have been given to another file since it was looked at.
    if id_of_open(&file)? != seen {
        return Ok(false);
    }
    // The lock is held until the end: a writer that made this file a moment ago waits for it,
    // then finds the name empty and starts again.
    for suffix in TEMPORARY_SIDE_FILES {
        match fs::remove_file(side_file(path, suffix)) {
            Err(err) if err.kind() != ErrorKind::NotFound => return Err(err),
            _ => {}
        }
    }
    fs::remove_file(path)?;
    drop(file);
    Ok(true)
}

/// Creates the temporary at `path`, new and with `mode`, and locks it; the lock lasts as long
/// as the returned handle.
pub fn create_locked(path: &Path, mode: u32) -> io::Result<File> {
    for _ in 0..ATTEMPTS {
        let file = match create_new(path, mode) {
            // A leftover of a dead process that had this process's id: its lock is free.
            Err(err) if err.kind() == ErrorKind::AlreadyExists => {
                if remove_if_abandoned(path)? {
                    continue;
                }
                return Err(io::Error::new(
                    ErrorKind::AlreadyExists,
                    "another write of this process to the same file is under way",
                ));
            }
            other => other?,
        };
        // Blocks only while a sweep holds the lock, for the moment it takes to remove the file.
        system::lock(&file)?;
        let here = match id_of_entry(path) {
            Ok(id) => id,
            Err(err) if err.kind() == ErrorKind::NotFound => continue,
            Err(err) => return Err(err),
        };
        if id_of_open(&file)? == here {
            return Ok(file);
        }
    }
    Err(io::Error::other(
        "the temporary file was removed again and again while it was being made",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn only_salesdesk_temporaries_are_recognised() {
        for name in [
            ".visits.csv.salesdesk-4242.tmp",
            ".a.salesdesk-1.tmp",
            ".翠湖苑-3.db.salesdesk-77.tmp",
        ] {
            assert!(is_temporary(OsStr::new(name)), "{name}");
        }
        for name in [
            "visits.csv",
            ".visits.csv.4242.tmp",
            ".visits.csv.salesdesk-.tmp",
            ".visits.csv.salesdesk-12x.tmp",
            "visits.csv.salesdesk-12.tmp",
            "..salesdesk-12.tmp",
            ".salesdesk-12.tmp",
            ".x.salesdesk-12.tmp-journal",
        ] {
            assert!(!is_temporary(OsStr::new(name)), "{name}");
        }
        assert!(is_temporary_or_side(OsStr::new(
            ".x.salesdesk-12.tmp-journal"
        )));
        assert!(is_temporary_or_side(OsStr::new(".x.salesdesk-12.tmp-wal")));
        assert!(!is_temporary_or_side(OsStr::new("x.db-wal")));
        let made = temporary_for(Path::new("out/visits.csv"));
        assert_eq!(made.parent(), Some(Path::new("out")));
        assert!(is_temporary(made.file_name().unwrap()));
    }

    #[test]
    fn a_sweep_removes_what_the_dead_left_and_keeps_what_the_living_write() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path();
        // Left by a killed backup: the copy and the journal SQLite kept beside it.
        let dead = folder.join(".backup.db.salesdesk-91.tmp");
        fs::write(&dead, b"half a copy").unwrap();
        fs::write(side_file(&dead, "-journal"), b"journal").unwrap();
        // Named after this very process, as a dead one whose id was given to this one would be.
        let reused = temporary_for(&folder.join("visits.csv"));
        fs::write(&reused, b"half an export").unwrap();
        // Being written right now.
        let live_path = folder.join(".daily.csv.salesdesk-92.tmp");
        let live = create_locked(&live_path, 0o600).unwrap();
        // Not salesdesk's, whatever they look like.
        for other in [".visits.csv.93.tmp", "notes.tmp", "report.csv"] {
            fs::write(folder.join(other), b"keep").unwrap();
        }
        // A link planted under a temporary's name (Windows gives no user the right to make one).
        #[cfg(unix)]
        std::os::unix::fs::symlink("/etc/passwd", folder.join(".p.salesdesk-94.tmp")).unwrap();

        assert_eq!(sweep(folder), 2);
        let mut kept = vec![
            ".daily.csv.salesdesk-92.tmp",
            ".p.salesdesk-94.tmp",
            ".visits.csv.93.tmp",
            "notes.tmp",
            "report.csv",
        ];
        kept.retain(|name| cfg!(unix) || !name.starts_with(".p."));
        assert_eq!(names(folder), kept);
        drop(live);
        assert_eq!(sweep(folder), 1, "its writer is gone now");
        assert!(!live_path.exists());
    }

    #[test]
    fn a_writer_makes_its_temporary_again_over_a_dead_one_of_the_same_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = temporary_for(&dir.path().join("visits.csv"));
        fs::write(&path, b"left by a dead process with this id").unwrap();
        let file = create_locked(&path, 0o600).unwrap();
        assert_eq!(file.metadata().unwrap().len(), 0);
        // Held: neither a sweep nor a second writer of the same name takes it.
        assert!(!remove_if_abandoned(&path).unwrap());
        assert_eq!(
            create_locked(&path, 0o600).unwrap_err().kind(),
            ErrorKind::AlreadyExists
        );
    }
}
