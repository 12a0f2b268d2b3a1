//! The files salesdesk writes hold customer data, so every one is created readable by its owner
//! only, and every one but the database appears whole or not at all: reports, exports, rejects
//! and backups are written to a private temporary file beside the target, synced, renamed over
//! it, and the folder synced, so that a crash or an error never leaves half a file where a cron
//! job or a restore would find it.

use std::fs::{self, File, OpenOptions};
use std::io::{self, ErrorKind, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

use crate::error::invalid;

/// Creates `path` as a new, empty file with mode 0600; fails if it exists. Customer data is
/// never readable by others, not even for the moment before the first byte is written.
pub fn create_private(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
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

/// An export streams into its file in blocks of this many bytes.
const WRITE_BUFFER: usize = 64 * 1024;

/// A file that appears whole or not at all. Dropped before [`AtomicFile::commit`] (an error, a
/// refused import), the temporary file is removed and the target is untouched.
pub struct AtomicFile {
    target: PathBuf,
    temporary: PathBuf,
    file: Option<io::BufWriter<File>>,
}

impl AtomicFile {
    /// Starts the file that will become `path`; `option` names the command-line option or
    /// argument that gave `path`, for messages.
    pub fn create(path: &Path, option: &str) -> Result<AtomicFile> {
        let name = path.file_name().ok_or_else(|| {
            invalid(format!(
                "{option}: {} is not a file name; give one such as out.csv",
                path.display()
            ))
        })?;
        if path.is_dir() {
            return Err(invalid(format!(
                "{option}: {} is a folder; give a file name such as {}",
                path.display(),
                path.join("out.csv").display()
            )));
        }
        // Hidden, in the target's folder so that the rename stays on one file system, and named
        // after this process so that two commands never share one.
        let temporary = folder_of(path).join(format!(
            ".{}.{}.tmp",
            name.to_string_lossy(),
            std::process::id()
        ));
        let file = match create_private(&temporary) {
            // A leftover of this name belongs to a dead process that had the same id.
            Err(err) if err.kind() == ErrorKind::AlreadyExists => {
                fs::remove_file(&temporary).and_then(|()| create_private(&temporary))
            }
            other => other,
        }
        .with_context(|| {
            format!(
                "cannot create {} (does the folder exist, and is it writable?)",
                temporary.display()
            )
        })?;
        Ok(AtomicFile {
            target: path.to_path_buf(),
            temporary,
            file: Some(io::BufWriter::with_capacity(WRITE_BUFFER, file)),
        })
    }

    /// The temporary file, for a writer that opens it by name (SQLite writing a backup).
    pub fn temporary(&self) -> &Path {
        &self.temporary
    }

    /// Syncs the file, moves it over the target and syncs the folder, without which the rename
    /// itself could be lost in a power cut.
    pub fn commit(mut self) -> Result<()> {
        let Some(buffered) = self.file.take() else {
            return Ok(());
        };
        let file = buffered
            .into_inner()
            .map_err(io::IntoInnerError::into_error)
            .with_context(|| format!("cannot write {}", self.temporary.display()))?;
        // Syncs what any handle wrote, SQLite's included.
        file.sync_all()
            .with_context(|| format!("cannot sync {}", self.temporary.display()))?;
        fs::rename(&self.temporary, &self.target).with_context(|| {
            format!(
                "cannot move {} into {}",
                self.temporary.display(),
                self.target.display()
            )
        })?;
        // Renamed: nothing left for Drop to remove.
        self.temporary = PathBuf::new();
        let folder = folder_of(&self.target);
        match File::open(folder).and_then(|dir| dir.sync_all()) {
            // The file is in place; a folder that may be written but not read, or a file system
            // that cannot sync a folder, only leaves the rename to the next sync.
            Err(err)
                if matches!(
                    err.kind(),
                    ErrorKind::PermissionDenied | ErrorKind::InvalidInput
                ) =>
            {
                Ok(())
            }
            other => other.with_context(|| format!("cannot sync the folder {}", folder.display())),
        }
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.file {
            Some(file) => file.write(buf),
            None => Err(io::Error::other("the file is already committed")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.file {
            Some(file) => file.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.temporary.as_os_str().is_empty() {
            return;
        }
        self.file = None;
        // Best effort: the error that matters was reported already. A backup copy may have a
        // journal SQLite left beside it.
        let _ = fs::remove_file(&self.temporary);
        for suffix in SQLITE_SIDE_FILES {
            let mut side = self.temporary.clone().into_os_string();
            side.push(suffix);
            let _ = fs::remove_file(PathBuf::from(side));
        }
    }
}

/// Writes `bytes` to `path` whole or not at all.
pub fn write_atomic(path: &Path, bytes: &[u8], option: &str) -> Result<()> {
    let mut file = AtomicFile::create(path, option)?;
    file.write_all(bytes)
        .with_context(|| format!("cannot write {}", file.temporary().display()))?;
    file.commit()
}

/// Writes what `write` streams to `path` whole or not at all: an export of any size goes to
/// the temporary file as it is produced, and if `write` fails midway the temporary file is
/// removed and `path` stays as it was.
pub fn write_atomic_with(
    path: &Path,
    option: &str,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let mut file = AtomicFile::create(path, option)?;
    // The cause (a row that does not read, a full disk) says what went wrong; this says that
    // nothing was written.
    write(&mut file).with_context(|| format!("nothing was written to {}", path.display()))?;
    file.commit()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_file_replaces_whole_is_private_and_leaves_nothing_on_failure() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("report.csv");
        write_atomic(&target, b"old", "--output").unwrap();
        write_atomic(&target, b"new", "--output").unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"new");
        let mode = fs::metadata(&target).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert!(write_atomic(&dir.path().join("missing").join("r.csv"), b"x", "--output").is_err());
        assert!(write_atomic(dir.path(), b"x", "--output").is_err());
        {
            let mut dropped = AtomicFile::create(&dir.path().join("half.csv"), "--output").unwrap();
            dropped.write_all(b"half").unwrap();
        }
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["report.csv"]);
    }

    #[test]
    fn a_stream_that_fails_midway_leaves_the_old_file_and_no_temporary_one() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("visits.csv");
        write_atomic_with(&target, "--output", |file| {
            file.write_all(b"old").map_err(Into::into)
        })
        .unwrap();
        let err = write_atomic_with(&target, "--output", |file| {
            // More than the buffer holds, so that the temporary file has content on disk.
            file.write_all(&vec![b'x'; 3 * WRITE_BUFFER])?;
            anyhow::bail!("row 7 does not read")
        })
        .unwrap_err();
        assert!(
            format!("{err:#}").contains("row 7 does not read"),
            "{err:#}"
        );
        assert_eq!(fs::read(&target).unwrap(), b"old");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["visits.csv"]);
    }

    #[test]
    fn a_private_file_is_new() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("desk.db");
        create_private(&path).unwrap();
        assert_eq!(
            create_private(&path).unwrap_err().kind(),
            ErrorKind::AlreadyExists
        );
    }
}
