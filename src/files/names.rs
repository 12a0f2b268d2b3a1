//! Where a file and the files beside it live, and how a file of customer data is created: the
//! pieces every room of [`super`] shares, below all of them, so that none of the rooms needs
//! another's.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

/// Creates `path` as a new, empty file with mode 0600 (on Windows an access list granting the
/// current user alone); fails if it exists. Customer data is never readable by others, not
/// even for the moment before the first byte is written.
pub fn create_private(path: &Path) -> io::Result<File> {
    create_new(path, PRIVATE)
}

/// The mode of every file that holds customer data.
pub const PRIVATE: u32 = 0o600;

/// Creates `path` as a new, empty file with `mode` (less the umask); fails if it exists.
pub fn create_new(path: &Path, mode: u32) -> io::Result<File> {
    super::system::create_new(path, mode)
}

/// The folder a file goes into (`.` for a bare name).
pub fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// The suffixes of the files SQLite keeps beside a database.
pub const SQLITE_SIDE_FILES: &[&str] = &["-wal", "-shm", "-journal"];

/// The suffixes of everything a temporary may have beside it: SQLite's files of a backup, and a
/// restore's file with Litestream's own temporary of it and SQLite's files of it. They go with
/// the temporary, whose lock says whether their writer is alive.
pub const TEMPORARY_SIDE_FILES: &[&str] = &[
    "-wal",
    "-shm",
    "-journal",
    "-restore",
    "-restore.tmp",
    "-restore-wal",
    "-restore-shm",
];

/// The file a restore has Litestream write beside the locked temporary `temporary`.
pub fn restore_file_of(temporary: &Path) -> PathBuf {
    side_file(temporary, "-restore")
}

/// `salesdesk.db-wal` beside `salesdesk.db`.
pub fn side_file(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}
