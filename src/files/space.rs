//! A full disk, said as such. The system only says "No space left on device", and SQLite
//! "database or disk is full", which a clerk cannot act on: which disk, how much the file
//! wanted, how much there was. The writer knows all three (its folder, the bytes it wrote or
//! the size it expected, and the room it found before it began), so a write that fills the disk
//! turns the error into [`DiskFull`] where it happens, and the temporary file is removed as after
//! any other failure.

use std::fmt;
use std::io::{self, ErrorKind};
use std::path::{Path, PathBuf};

/// The room left for an unprivileged user on the file system holding `folder`, in bytes; none
/// when the system will not say.
#[cfg(unix)]
pub fn free_space(folder: &Path) -> Option<u64> {
    let stat = rustix::fs::statvfs(folder).ok()?;
    stat.f_bavail.checked_mul(stat.f_frsize)
}

#[cfg(windows)]
pub fn free_space(folder: &Path) -> Option<u64> {
    use std::os::windows::ffi::OsStrExt;
    let wide: Vec<u16> = folder.as_os_str().encode_wide().chain(Some(0)).collect();
    let mut free = 0u64;
    // SAFETY: `wide` is NUL-terminated and lives across the call; `free` is written by it.
    let asked = unsafe {
        windows_sys::Win32::Storage::FileSystem::GetDiskFreeSpaceExW(
            wide.as_ptr(),
            &mut free,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        )
    };
    (asked != 0).then_some(free)
}

#[cfg(not(any(unix, windows)))]
pub fn free_space(_folder: &Path) -> Option<u64> {
    None
}

/// Whether `err` is the disk filling up (ENOSPC).
pub fn disk_full(err: &io::Error) -> bool {
    err.kind() == ErrorKind::StorageFull
}

/// Whether anything in the chain of `err` is the disk filling up: an I/O error, one inside a
/// CSV writer's error (which does not give it as its source), SQLite's SQLITE_FULL, or a
/// [`DiskFull`] already made.
pub fn full_disk_in(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause.is::<DiskFull>()
            || cause.downcast_ref::<io::Error>().is_some_and(disk_full)
            || cause
                .downcast_ref::<csv::Error>()
                .is_some_and(|err| matches!(err.kind(), csv::ErrorKind::Io(io) if disk_full(io)))
            || cause
                .downcast_ref::<rusqlite::Error>()
                .is_some_and(|err| err.sqlite_error_code() == Some(rusqlite::ErrorCode::DiskFull))
    })
}

/// Whether the chain of `err` already says which file filled the disk ([`DiskFull`]), on its
/// own or inside the I/O error a writer gave.
pub fn full_disk_named_in(err: &anyhow::Error) -> bool {
    let named = |io: &io::Error| io.get_ref().is_some_and(|inner| inner.is::<DiskFull>());
    err.chain().any(|cause| {
        cause.is::<DiskFull>()
            || cause.downcast_ref::<io::Error>().is_some_and(named)
            || cause
                .downcast_ref::<csv::Error>()
                .is_some_and(|err| matches!(err.kind(), csv::ErrorKind::Io(io) if named(io)))
    })
}

/// A write that filled the disk: where, what it needed, and what there was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiskFull {
    /// The folder of the file, which names the disk for the person who has to free it.
    pub folder: PathBuf,
    /// The file that was being written.
    pub file: PathBuf,
    /// The whole size, when it was known before writing.
    pub needed: Option<u64>,
    /// Whether `needed` is only the least the write could have done with (a database's
    /// write-ahead log grows by the pages a change touches, which are not known beforehand).
    pub at_least: bool,
    /// What reached the disk before it filled.
    pub written: u64,
    /// The room there was when the write began.
    pub free: Option<u64>,
}

impl fmt::Display for DiskFull {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the disk holding {} is full: {} ",
            self.folder.display(),
            self.file.display()
        )?;
        match self.needed {
            Some(needed) if self.at_least => write!(f, "needs at least {}", size(needed))?,
            Some(needed) => write!(f, "needs {}", size(needed))?,
            None => write!(
                f,
                "needs more than the {} written before the disk filled",
                size(self.written)
            )?,
        }
        match self.free {
            Some(free) => write!(f, ", with {} free when the write began", size(free))?,
            None => f.write_str(", and how much is free cannot be read")?,
        }
        f.write_str(". Free some space on that disk, or write the file to a folder on another disk")
    }
}

impl std::error::Error for DiskFull {}

/// A size as people read it, with the exact bytes: `4.8 MiB (5,000,000 bytes)`.
fn size(bytes: u64) -> String {
    let exact = grouped(bytes);
    if bytes < 1024 {
        return format!("{exact} bytes");
    }
    let units = ["KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < units.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {} ({exact} bytes)", units[unit])
}

/// `1234567` as `1,234,567`.
fn grouped(number: u64) -> String {
    let digits = number.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_read_them() {
        assert_eq!(size(0), "0 bytes");
        assert_eq!(size(1000), "1,000 bytes");
        assert_eq!(size(262_144), "256.0 KiB (262,144 bytes)");
        assert_eq!(size(5_000_000), "4.8 MiB (5,000,000 bytes)");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }

    #[test]
    fn the_disk_filling_up_is_told_from_other_errors() {
        assert!(disk_full(&io::Error::from_raw_os_error(
            super::super::NO_SPACE
        )));
        assert!(!disk_full(&io::Error::from(ErrorKind::PermissionDenied)));
        let sqlite = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL),
            None,
        );
        assert!(full_disk_in(
            &anyhow::Error::new(sqlite).context("cannot copy")
        ));
        let csv = csv::Error::from(io::Error::from_raw_os_error(super::super::NO_SPACE));
        assert!(full_disk_in(&anyhow::Error::new(csv).context("row 7")));
        assert!(!full_disk_in(&anyhow::anyhow!("row 7 does not read")));
    }

    #[test]
    fn the_message_names_the_folder_what_was_needed_and_what_was_free() {
        let full = DiskFull {
            folder: PathBuf::from("/srv/backup"),
            file: PathBuf::from("/srv/backup/翠湖苑-1.db"),
            needed: Some(5_000_000),
            at_least: false,
            written: 200_000,
            free: Some(262_144),
        };
        assert_eq!(
            full.to_string(),
            "the disk holding /srv/backup is full: /srv/backup/翠湖苑-1.db needs 4.8 MiB \
             (5,000,000 bytes), with 256.0 KiB (262,144 bytes) free when the write began. \
             Free some space on that disk, or write the file to a folder on another disk"
        );
        let streamed = DiskFull {
            needed: None,
            at_least: false,
            free: None,
            ..full
        };
        assert!(
            streamed
                .to_string()
                .contains("needs more than the 195.3 KiB (200,000 bytes) written before")
        );
        assert!(streamed.to_string().contains("cannot be read"));
    }

    #[test]
    fn free_space_reads_the_folders_file_system() {
        let dir = tempfile::tempdir().unwrap();
        assert!(free_space(dir.path()).is_some_and(|free| free > 0));
        assert_eq!(free_space(&dir.path().join("missing")), None);
    }
}
