//! What kind of disk a folder is on, as the system says it: on Linux the `statfs` number of the
//! folder's file system, on Windows the folder's path and the kind of its drive. The reading is
//! judged by [`crate::domain::file_system`]. A folder the system says nothing of (one that does
//! not exist yet, another Unix) counts as local: the database's own open then fails or works
//! as before.
//!
//! The tests of the refusal cannot mount an NFS share, so `SALESDESK_FS_TYPE_FOR_TESTS` (a
//! `statfs` number, `0x6969`) stands in for the system's answer, on every platform.

use std::path::Path;

use anyhow::{Result, bail};

use crate::domain::file_system::{self, Disk};

/// The variable that stands in for the system's answer in tests.
pub const FS_TYPE_FOR_TESTS: &str = "SALESDESK_FS_TYPE_FOR_TESTS";

/// The disk `folder` is on.
pub fn disk_of(folder: &Path) -> Result<Disk> {
    if let Some(raw) = std::env::var_os(FS_TYPE_FOR_TESTS) {
        let raw = raw.to_string_lossy();
        let Some(magic) = file_system::parse_magic(&raw) else {
            bail!("{FS_TYPE_FOR_TESTS}={raw} is not a file system number (such as 0x6969)");
        };
        return Ok(file_system::by_magic(magic));
    }
    Ok(asked(folder))
}

#[cfg(any(target_os = "linux", target_os = "android"))]
fn asked(folder: &Path) -> Disk {
    match rustix::fs::statfs(folder) {
        // f_type is signed on some architectures: its bits are the number.
        #[allow(clippy::unnecessary_cast)]
        Ok(stat) => file_system::by_magic(stat.f_type as u32 as u64),
        Err(_) => Disk::Local,
    }
}

#[cfg(windows)]
fn asked(folder: &Path) -> Disk {
    use std::os::windows::ffi::OsStrExt;
    use std::path::{Component, Prefix};

    let absolute = std::path::absolute(folder).unwrap_or_else(|_| folder.to_path_buf());
    let shown = absolute.to_string_lossy();
    if let network @ Disk::Network(_) = file_system::by_windows_path(&shown) {
        return network;
    }
    let letter = match absolute.components().next() {
        Some(Component::Prefix(prefix)) => match prefix.kind() {
            Prefix::Disk(letter) | Prefix::VerbatimDisk(letter) => letter,
            _ => return Disk::Local,
        },
        _ => return Disk::Local,
    };
    let root: Vec<u16> = std::ffi::OsStr::new(&format!("{}:\\", char::from(letter)))
        .encode_wide()
        .chain(Some(0))
        .collect();
    // SAFETY: `root` is a NUL-terminated wide string that lives across the call.
    let kind = unsafe { windows_sys::Win32::Storage::FileSystem::GetDriveTypeW(root.as_ptr()) };
    file_system::by_drive_type(kind)
}

#[cfg(not(any(target_os = "linux", target_os = "android", windows)))]
fn asked(_folder: &Path) -> Disk {
    Disk::Local
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The real question, asked of this machine's own temporary folder and of the working
    /// folder: both are local disks wherever the tests run (a CI whose checkout sits on NFS
    /// would say otherwise, and should).
    #[test]
    fn this_machines_own_disk_is_local() {
        if std::env::var_os(FS_TYPE_FOR_TESTS).is_some() {
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(asked(dir.path()), Disk::Local);
        assert_eq!(asked(Path::new(".")), Disk::Local);
    }

    #[test]
    fn a_folder_that_does_not_exist_counts_as_local() {
        assert_eq!(asked(Path::new("/no/such/folder/anywhere")), Disk::Local);
    }
}
