//! The files salesdesk writes hold customer data, so every one is created readable by its owner
//! only, and every one but the database appears whole or not at all: reports, exports, rejects,
//! backups and manual pages are written to a private temporary file beside the target, synced,
//! renamed over it, and the folder synced, so that a crash or an error never leaves half a file
//! where a cron job or a restore would find it.
//!
//! Every such file goes through [`AtomicFile::create`], which first asks [`target::check`]
//! whether the name may be written at all (never the database, never another SQLite file), then
//! clears the folder of the temporaries a killed salesdesk left ([`leftovers`]), and holds a lock
//! on its own temporary while it writes so that no other salesdesk mistakes it for one. A disk
//! that fills up midway is said as such, with the sizes ([`space`]).

mod disk;
mod leftovers;
mod names;
mod space;
mod system;
mod target;

use std::fs::{self, File};
use std::io::{self, ErrorKind, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

pub use disk::disk_of;
pub use names::{
    SQLITE_SIDE_FILES, TEMPORARY_SIDE_FILES, create_private, folder_of, restore_file_of, side_file,
};
pub use space::{DiskFull, disk_full, free_space, full_disk_in, full_disk_named_in};
pub use target::{Replaces, Target, check};

#[cfg(test)]
pub use system::{owner_only, under_wine};

/// The system's "no space left on the device", for the tests of a full disk: ENOSPC on Unix,
/// ERROR_DISK_FULL on Windows.
#[cfg(all(test, unix))]
const NO_SPACE: i32 = 28;
#[cfg(all(test, windows))]
const NO_SPACE: i32 = 112;

/// An export streams into its file in blocks of this many bytes.
const WRITE_BUFFER: usize = 64 * 1024;

/// A file that appears whole or not at all. Dropped before [`AtomicFile::commit`] (an error, a
/// refused import), the temporary file is removed and the target is untouched.
pub struct AtomicFile {
    target: PathBuf,
    temporary: PathBuf,
    file: Option<io::BufWriter<Tally>>,
}

impl AtomicFile {
    /// Starts the file that will become `target.path`, once [`check`] has found that it may be
    /// written there.
    pub fn create(target: &Target) -> Result<AtomicFile> {
        check(target)?;
        let path = target.path;
        let folder = folder_of(path);
        leftovers::sweep_once(folder);
        let temporary = leftovers::temporary_for(path);
        let file = leftovers::create_locked(&temporary, target.mode()).with_context(|| {
            format!(
                "cannot create the temporary file {} (is the folder {} writable?)",
                temporary.display(),
                folder.display()
            )
        })?;
        Ok(AtomicFile {
            target: path.to_path_buf(),
            temporary,
            file: Some(io::BufWriter::with_capacity(
                WRITE_BUFFER,
                Tally {
                    file,
                    written: 0,
                    full: DiskFull {
                        folder: folder.to_path_buf(),
                        file: path.to_path_buf(),
                        needed: None,
                        at_least: false,
                        written: 0,
                        // Read before the first byte, when it still says how much room there was.
                        free: free_space(folder),
                    },
                },
            )),
        })
    }

    /// The temporary file, for a writer that opens it by name (SQLite writing a backup).
    pub fn temporary(&self) -> &Path {
        &self.temporary
    }

    /// Tells the file how large it will be, when that is known before it is written (a report
    /// rendered whole, a backup of so many pages), so that a full disk can say what was needed.
    pub fn expect(&mut self, bytes: u64) {
        if let Some(file) = &mut self.file {
            file.get_mut().full.needed = Some(bytes);
        }
    }

    /// What a full disk meant for this file: its folder, what it needed or had reached, and the
    /// room there was. For a writer that bypasses [`Write`] (SQLite), the size on disk is what
    /// was written.
    pub fn disk_full(&self) -> DiskFull {
        let Some(file) = &self.file else {
            return DiskFull {
                folder: folder_of(&self.target).to_path_buf(),
                file: self.target.clone(),
                needed: None,
                at_least: false,
                written: 0,
                free: None,
            };
        };
        let tally = file.get_ref();
        let on_disk = fs::metadata(&self.temporary).map_or(0, |meta| meta.len());
        DiskFull {
            written: tally.written.max(on_disk),
            ..tally.full.clone()
        }
    }

    /// `err` as it stands, or, when it comes of the disk filling up, the message that says so
    /// with the sizes; for the errors of a writer that bypasses [`Write`] (SQLite).
    pub fn name_full_disk(&self, err: anyhow::Error) -> anyhow::Error {
        if full_disk_in(&err) && !full_disk_named_in(&err) {
            anyhow::Error::new(self.disk_full())
        } else {
            err
        }
    }

    /// Writes out what is buffered and syncs it, so that a full disk is found now, while the
    /// caller can still undo what goes with the file (an import's transaction), rather than at
    /// [`AtomicFile::commit`].
    pub fn sync(&mut self) -> Result<()> {
        let Some(buffered) = &mut self.file else {
            return Ok(());
        };
        buffered
            .flush()
            .with_context(|| format!("cannot write {}", self.temporary.display()))?;
        buffered
            .get_mut()
            .sync()
            .with_context(|| format!("cannot sync {}", self.temporary.display()))
    }

    /// Moves `replacement`, a file written beside the temporary by another program (a restore's
    /// Litestream, [`restore_file_of`]), over the target instead of the temporary, synced, and
    /// syncs the folder. The temporary's lock is held until the rename is done, so that no
    /// sweep takes the replacement for abandoned; the empty temporary then goes.
    pub fn commit_from(self, replacement: &Path) -> Result<()> {
        File::open(replacement)
            .and_then(|file| file.sync_all())
            .with_context(|| format!("cannot sync {}", replacement.display()))?;
        fs::rename(replacement, &self.target).with_context(|| {
            format!(
                "cannot move {} into {}",
                replacement.display(),
                self.target.display()
            )
        })?;
        let folder = folder_of(&self.target).to_path_buf();
        drop(self);
        sync_folder(&folder)
    }

    /// Syncs the file, moves it over the target and syncs the folder, without which the rename
    /// itself could be lost in a power cut.
    pub fn commit(mut self) -> Result<()> {
        let Some(buffered) = self.file.take() else {
            return Ok(());
        };
        let mut tally = match buffered.into_inner() {
            Ok(tally) => tally,
            Err(err) => {
                // Put back, so that Drop still removes the temporary file.
                let (err, buffered) = err.into_parts();
                self.file = Some(buffered);
                return Err(err)
                    .with_context(|| format!("cannot write {}", self.temporary.display()));
            }
        };
        // Syncs what any handle wrote, SQLite's included.
        if let Err(err) = tally.sync() {
            self.file = Some(io::BufWriter::new(tally));
            return Err(err).with_context(|| format!("cannot sync {}", self.temporary.display()));
        }
        if let Err(err) = fs::rename(&self.temporary, &self.target) {
            self.file = Some(io::BufWriter::new(tally));
            return Err(err).with_context(|| {
                format!(
                    "cannot move {} into {}",
                    self.temporary.display(),
                    self.target.display()
                )
            });
        }
        // Renamed: nothing left for Drop to remove. The lock goes with the handle, after the
        // rename, so that no sweep can take the file for abandoned before it is in place.
        self.temporary = PathBuf::new();
        drop(tally);
        sync_folder(folder_of(&self.target))
    }
}

/// Syncs `folder`, so that a rename into it survives a power cut.
fn sync_folder(folder: &Path) -> Result<()> {
    match system::sync_folder(folder) {
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
        // Best effort: the error that matters was reported already. The side files a backup's
        // SQLite may have left go first and the file itself last, all while its lock is still
        // held: killed at any point in between, what is left is a temporary whose lock is free,
        // which the next sweep removes with its side files.
        for suffix in TEMPORARY_SIDE_FILES {
            let _ = fs::remove_file(side_file(&self.temporary, suffix));
        }
        let _ = fs::remove_file(&self.temporary);
        if let Some(buffered) = self.file.take() {
            // What is still buffered has nowhere to go: the file is gone.
            let (tally, _) = buffered.into_parts();
            drop(tally);
        }
    }
}

/// The temporary file under the buffer: counts what reached the disk, and turns the disk
/// filling up into an error that says so, whichever writer (CSV, JSON, a report) is above.
struct Tally {
    file: File,
    written: u64,
    /// The facts of a full disk, but for the bytes written.
    full: DiskFull,
}

impl Tally {
    fn full(&self, err: io::Error) -> io::Error {
        if !disk_full(&err) {
            return err;
        }
        io::Error::new(
            ErrorKind::StorageFull,
            DiskFull {
                written: self.written,
                ..self.full.clone()
            },
        )
    }

    fn sync(&mut self) -> io::Result<()> {
        // Some file systems only find out at the sync that the blocks are not there.
        self.file.sync_all().map_err(|err| self.full(err))
    }
}

impl Write for Tally {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self.file.write(buf) {
            Ok(written) => {
                self.written += written as u64;
                Ok(written)
            }
            Err(err) => Err(self.full(err)),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush().map_err(|err| self.full(err))
    }
}

/// Writes `bytes` to `target` whole or not at all.
pub fn write_atomic(target: &Target, bytes: &[u8]) -> Result<()> {
    let mut file = AtomicFile::create(target)?;
    file.expect(bytes.len() as u64);
    file.write_all(bytes)
        .with_context(|| format!("nothing was written to {}", target.path.display()))?;
    file.commit()
        .with_context(|| format!("nothing was written to {}", target.path.display()))
}

/// Writes what `write` streams to `target` whole or not at all: an export of any size goes to
/// the temporary file as it is produced, and if `write` fails midway the temporary file is
/// removed and the target stays as it was.
pub fn write_atomic_with(
    target: &Target,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let mut file = AtomicFile::create(target)?;
    // The cause (a row that does not read, a full disk) says what went wrong; this says that
    // nothing was written.
    write(&mut file)
        .and_then(|()| file.commit())
        .with_context(|| format!("nothing was written to {}", target.path.display()))
}

/// [`write_atomic_with`] for a writer that must be able to move between threads, as a
/// workbook's zip writer asks.
pub fn write_atomic_sendable(
    target: &Target,
    write: impl FnOnce(&mut (dyn Write + Send)) -> Result<()>,
) -> Result<()> {
    let mut file = AtomicFile::create(target)?;
    write(&mut file)
        .and_then(|()| file.commit())
        .with_context(|| format!("nothing was written to {}", target.path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn output(path: &Path) -> Target<'_> {
        Target {
            path,
            option: "--output",
            database: Path::new("/nonexistent/desk.db"),
            replaces: Replaces::Outputs,
            example: "out.csv",
        }
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_file_replaces_whole_is_private_and_leaves_nothing_on_failure() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("report.csv");
        write_atomic(&output(&target), b"old").unwrap();
        write_atomic(&output(&target), b"new").unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"new");
        assert!(owner_only(&target) || under_wine());
        let missing = dir.path().join("missing").join("r.csv");
        assert!(write_atomic(&output(&missing), b"x").is_err());
        assert!(write_atomic(&output(dir.path()), b"x").is_err());
        {
            let half = dir.path().join("half.csv");
            let mut dropped = AtomicFile::create(&output(&half)).unwrap();
            dropped.write_all(b"half").unwrap();
        }
        assert_eq!(names(dir.path()), ["report.csv"]);
    }

    #[test]
    fn a_stream_that_fails_midway_leaves_the_old_file_and_no_temporary_one() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("visits.csv");
        write_atomic_with(&output(&target), |file| {
            file.write_all(b"old").map_err(Into::into)
        })
        .unwrap();
        let err = write_atomic_with(&output(&target), |file| {
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
        assert_eq!(names(dir.path()), ["visits.csv"]);
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

    #[test]
    fn a_full_disk_is_named_with_the_folder_and_the_sizes() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("visits.csv");
        let mut file = AtomicFile::create(&output(&target)).unwrap();
        file.write_all(&[b'x'; 1000]).unwrap();
        file.flush().unwrap();
        let tally = file.file.as_ref().unwrap().get_ref();
        let err = tally.full(io::Error::from_raw_os_error(NO_SPACE));
        assert_eq!(err.kind(), ErrorKind::StorageFull);
        let text = err.to_string();
        assert!(
            text.starts_with(&format!(
                "the disk holding {} is full: ",
                dir.path().display()
            )) && text.contains("more than the 1,000 bytes written")
                && text.contains("free"),
            "{text}"
        );
        // Another error is left as it is.
        let other = tally.full(io::Error::from(ErrorKind::PermissionDenied));
        assert_eq!(other.kind(), ErrorKind::PermissionDenied);
        file.expect(5_000_000);
        assert!(file.disk_full().to_string().contains("needs 4.8 MiB"));
    }
}
