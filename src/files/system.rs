//! What Unix and Windows do differently with files, in one place, so that the rooms above
//! ask the same questions on both: whether two names are one file, how a temporary's writer
//! holds it locked, how a file is made readable by its owner alone, and how a path is spelled
//! as bytes.
//!
//! - One file: Unix compares device and inode; Windows the volume's serial number and the
//!   file's index, read from an open handle.
//! - The writer's lock: Unix takes `flock` on the whole file, which only other lockers see.
//!   Windows locks are mandatory, so a lock on the file's bytes would stop SQLite writing the
//!   backup it holds; the lock is taken on one byte far past any file's end instead, which
//!   only another locker sees, as on Unix.
//! - Private: Unix creates the file with mode 0600. Windows gives the new file an access list
//!   that grants the current user alone full control, inheriting nothing from its folder.
//! - Bytes of a name: a Windows name is compared in its encoded form (WTF-8), which keeps the
//!   ASCII of salesdesk's own patterns as it is.

use std::fs::{File, TryLockError};
use std::io;
use std::path::Path;

/// Which file a name or a handle is: (device, inode) on Unix, (volume, index) on Windows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileId(u64, u64);

/// The file open at `file`.
#[cfg(unix)]
pub fn id_of_open(file: &File) -> io::Result<FileId> {
    use std::os::unix::fs::MetadataExt;
    let meta = file.metadata()?;
    Ok(FileId(meta.dev(), meta.ino()))
}

/// The file `path` names, a symbolic link followed.
#[cfg(unix)]
pub fn id_of(path: &Path) -> io::Result<FileId> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path)?;
    Ok(FileId(meta.dev(), meta.ino()))
}

/// The entry `path` names itself, a symbolic link not followed.
#[cfg(unix)]
pub fn id_of_entry(path: &Path) -> io::Result<FileId> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::symlink_metadata(path)?;
    Ok(FileId(meta.dev(), meta.ino()))
}

#[cfg(windows)]
pub fn id_of_open(file: &File) -> io::Result<FileId> {
    use std::os::windows::io::AsRawHandle;
    use windows_sys::Win32::Storage::FileSystem::{
        BY_HANDLE_FILE_INFORMATION, GetFileInformationByHandle,
    };
    // SAFETY: an all-zero BY_HANDLE_FILE_INFORMATION is a valid value of the plain struct.
    let mut info: BY_HANDLE_FILE_INFORMATION = unsafe { std::mem::zeroed() };
    // SAFETY: the handle is open for as long as `file` lives; `info` is written by the call.
    if unsafe { GetFileInformationByHandle(file.as_raw_handle(), &mut info) } == 0 {
        return Err(io::Error::last_os_error());
    }
    let index = (u64::from(info.nFileIndexHigh) << 32) | u64::from(info.nFileIndexLow);
    Ok(FileId(u64::from(info.dwVolumeSerialNumber), index))
}

#[cfg(windows)]
pub fn id_of(path: &Path) -> io::Result<FileId> {
    use std::os::windows::fs::OpenOptionsExt;
    use windows_sys::Win32::Storage::FileSystem::FILE_FLAG_BACKUP_SEMANTICS;
    // No access asked: the file's identity is readable even while another process writes it.
    let file = File::options()
        .access_mode(0)
        .custom_flags(FILE_FLAG_BACKUP_SEMANTICS)
        .open(path)?;
    id_of_open(&file)
}

#[cfg(windows)]
pub fn id_of_entry(path: &Path) -> io::Result<FileId> {
    use std::os::windows::fs::OpenOptionsExt;
    use windows_sys::Win32::Storage::FileSystem::{
        FILE_FLAG_BACKUP_SEMANTICS, FILE_FLAG_OPEN_REPARSE_POINT,
    };
    let file = File::options()
        .access_mode(0)
        .custom_flags(FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OPEN_REPARSE_POINT)
        .open(path)?;
    id_of_open(&file)
}

/// Opens `path` to lock it, never through a symbolic link planted under a temporary's name, and
/// never waiting on a FIFO.
#[cfg(unix)]
pub fn open_without_following(path: &Path) -> io::Result<File> {
    use rustix::fs::{Mode, OFlags};
    let fd = rustix::fs::open(
        path,
        OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC,
        Mode::empty(),
    )?;
    Ok(File::from(fd))
}

#[cfg(windows)]
pub fn open_without_following(path: &Path) -> io::Result<File> {
    use std::os::windows::fs::OpenOptionsExt;
    use windows_sys::Win32::Storage::FileSystem::FILE_FLAG_OPEN_REPARSE_POINT;
    File::options()
        .read(true)
        .custom_flags(FILE_FLAG_OPEN_REPARSE_POINT)
        .open(path)
}

/// Takes the writer's lock on `file`, waiting for it.
#[cfg(unix)]
pub fn lock(file: &File) -> io::Result<()> {
    file.lock()
}

/// Takes the writer's lock on `file` if nobody holds it.
#[cfg(unix)]
pub fn try_lock(file: &File) -> Result<(), TryLockError> {
    file.try_lock()
}

/// The byte a writer's lock covers on Windows: far past the end of any file salesdesk writes,
/// and past the bytes SQLite locks (from 1 GiB), so that the lock never stops a write.
#[cfg(windows)]
const LOCKED_BYTE: u64 = 0x7FFF_FFFF_FFFF_FFF0;

#[cfg(windows)]
fn lock_byte(file: &File, flags: u32) -> io::Result<()> {
    use std::os::windows::io::AsRawHandle;
    use windows_sys::Win32::Storage::FileSystem::{LOCKFILE_EXCLUSIVE_LOCK, LockFileEx};
    use windows_sys::Win32::System::IO::OVERLAPPED;
    // SAFETY: an all-zero OVERLAPPED is valid; its offset fields are then set.
    let mut at: OVERLAPPED = unsafe { std::mem::zeroed() };
    at.Anonymous.Anonymous.Offset = LOCKED_BYTE as u32;
    at.Anonymous.Anonymous.OffsetHigh = (LOCKED_BYTE >> 32) as u32;
    // SAFETY: the handle is open while `file` lives; `at` outlives the synchronous call.
    let done = unsafe {
        LockFileEx(
            file.as_raw_handle(),
            LOCKFILE_EXCLUSIVE_LOCK | flags,
            0,
            1,
            0,
            &mut at,
        )
    };
    if done == 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(())
    }
}

#[cfg(windows)]
pub fn lock(file: &File) -> io::Result<()> {
    lock_byte(file, 0)
}

#[cfg(windows)]
pub fn try_lock(file: &File) -> Result<(), TryLockError> {
    use windows_sys::Win32::Foundation::{ERROR_IO_PENDING, ERROR_LOCK_VIOLATION};
    use windows_sys::Win32::Storage::FileSystem::LOCKFILE_FAIL_IMMEDIATELY;
    match lock_byte(file, LOCKFILE_FAIL_IMMEDIATELY) {
        Ok(()) => Ok(()),
        Err(err)
            if err.raw_os_error() == Some(ERROR_LOCK_VIOLATION as i32)
                || err.raw_os_error() == Some(ERROR_IO_PENDING as i32) =>
        {
            Err(TryLockError::WouldBlock)
        }
        Err(err) => Err(TryLockError::Error(err)),
    }
}

/// Creates `path` new and empty with `mode` (less the umask); fails if it exists.
#[cfg(unix)]
pub fn create_new(path: &Path, mode: u32) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    File::options()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(path)
}

/// Creates `path` new and empty; fails if it exists. A mode that lets nobody but the owner in
/// (0600) gives the file an access list granting the current user alone full control; any
/// other mode (a manual page's 0644) leaves it what its folder gives.
#[cfg(windows)]
pub fn create_new(path: &Path, mode: u32) -> io::Result<File> {
    use std::os::windows::fs::OpenOptionsExt;
    use windows_sys::Win32::Foundation::{GENERIC_READ, GENERIC_WRITE};
    use windows_sys::Win32::Storage::FileSystem::WRITE_DAC;
    if mode & 0o077 != 0 {
        return File::options().write(true).create_new(true).open(path);
    }
    let file = File::options()
        .write(true)
        .create_new(true)
        .access_mode(GENERIC_READ | GENERIC_WRITE | WRITE_DAC)
        .open(path)?;
    if let Err(err) = owner_alone(&file) {
        drop(file);
        let _ = std::fs::remove_file(path);
        return Err(err);
    }
    Ok(file)
}

/// The current user's SID, in a buffer of u64 so that the TOKEN_USER it holds is aligned; the
/// SID itself is read with [`sid_in`].
#[cfg(windows)]
fn current_user() -> io::Result<Vec<u64>> {
    use windows_sys::Win32::Foundation::{CloseHandle, HANDLE};
    use windows_sys::Win32::Security::{GetTokenInformation, TOKEN_QUERY, TokenUser};
    use windows_sys::Win32::System::Threading::{GetCurrentProcess, OpenProcessToken};
    let mut token: HANDLE = std::ptr::null_mut();
    // SAFETY: the pseudo-handle of this process needs no closing; `token` is written by the call.
    if unsafe { OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &mut token) } == 0 {
        return Err(io::Error::last_os_error());
    }
    let mut user = vec![0u64; 64];
    let mut size = 0u32;
    // SAFETY: the buffer is as long as said; the token is open until closed below.
    let read = unsafe {
        GetTokenInformation(
            token,
            TokenUser,
            user.as_mut_ptr().cast(),
            (user.len() * 8) as u32,
            &mut size,
        )
    };
    let failed = io::Error::last_os_error();
    // SAFETY: `token` was opened above and is closed once.
    unsafe { CloseHandle(token) };
    if read == 0 {
        return Err(failed);
    }
    Ok(user)
}

/// The SID in a buffer [`current_user`] filled.
#[cfg(windows)]
fn sid_in(user: &[u64]) -> windows_sys::Win32::Security::PSID {
    // SAFETY: GetTokenInformation wrote a TOKEN_USER at the start of the buffer.
    unsafe {
        (*user
            .as_ptr()
            .cast::<windows_sys::Win32::Security::TOKEN_USER>())
        .User
        .Sid
    }
}

/// Gives `file` an access list with one entry, the current user's full control, protected from
/// what its folder would pass on.
#[cfg(windows)]
fn owner_alone(file: &File) -> io::Result<()> {
    use std::os::windows::io::AsRawHandle;
    use windows_sys::Win32::Security::Authorization::{SE_FILE_OBJECT, SetSecurityInfo};
    use windows_sys::Win32::Security::{
        ACL, ACL_REVISION, AddAccessAllowedAce, DACL_SECURITY_INFORMATION, GetLengthSid,
        InitializeAcl, PROTECTED_DACL_SECURITY_INFORMATION,
    };
    use windows_sys::Win32::Storage::FileSystem::FILE_ALL_ACCESS;

    let user = current_user()?;
    let sid = sid_in(&user);
    // One ACE: its header and mask (8 bytes) and the SID, in an ACL with its own 8-byte header.
    // SAFETY: `sid` points into `user`, alive here.
    let acl_len = 16 + unsafe { GetLengthSid(sid) } as usize;
    let mut acl = vec![0u64; acl_len.div_ceil(8)];
    let acl_ptr = acl.as_mut_ptr().cast::<ACL>();
    // SAFETY: the buffer holds `acl_len` bytes and is aligned for ACL.
    if unsafe { InitializeAcl(acl_ptr, acl_len as u32, ACL_REVISION) } == 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: as above; the SID stays alive across the call.
    if unsafe { AddAccessAllowedAce(acl_ptr, ACL_REVISION, FILE_ALL_ACCESS, sid) } == 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: the handle was opened with WRITE_DAC; the ACL lives across the call.
    let status = unsafe {
        SetSecurityInfo(
            file.as_raw_handle(),
            SE_FILE_OBJECT,
            DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            acl_ptr,
            std::ptr::null(),
        )
    };
    if status != 0 {
        return Err(io::Error::from_raw_os_error(status as i32));
    }
    Ok(())
}

/// Whether only the owner may read `path`: mode 0600 on Unix; on Windows an access list of
/// one entry, the current user's.
#[cfg(all(test, unix))]
pub fn owner_only(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|meta| meta.permissions().mode() & 0o777 == 0o600)
}

#[cfg(all(test, windows))]
pub fn owner_only(path: &Path) -> bool {
    use std::os::windows::fs::OpenOptionsExt;
    use std::os::windows::io::AsRawHandle;
    use windows_sys::Win32::Foundation::LocalFree;
    use windows_sys::Win32::Security::Authorization::{GetSecurityInfo, SE_FILE_OBJECT};
    use windows_sys::Win32::Security::{
        ACCESS_ALLOWED_ACE, ACL, ACL_SIZE_INFORMATION, AclSizeInformation,
        DACL_SECURITY_INFORMATION, EqualSid, GetAce, GetAclInformation,
    };
    use windows_sys::Win32::Storage::FileSystem::READ_CONTROL;
    let Ok(file) = File::options().access_mode(READ_CONTROL).open(path) else {
        return false;
    };
    let Ok(user) = current_user() else {
        return false;
    };
    let mut dacl: *mut ACL = std::ptr::null_mut();
    let mut descriptor = std::ptr::null_mut();
    // SAFETY: the handle is open with READ_CONTROL; the out pointers are written by the call.
    let status = unsafe {
        GetSecurityInfo(
            file.as_raw_handle(),
            SE_FILE_OBJECT,
            DACL_SECURITY_INFORMATION,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            &mut dacl,
            std::ptr::null_mut(),
            &mut descriptor,
        )
    };
    if status != 0 || dacl.is_null() {
        return false;
    }
    // SAFETY: an all-zero ACL_SIZE_INFORMATION is valid; `dacl` lives in `descriptor`.
    let mut size: ACL_SIZE_INFORMATION = unsafe { std::mem::zeroed() };
    let counted = unsafe {
        GetAclInformation(
            dacl,
            (&mut size as *mut ACL_SIZE_INFORMATION).cast(),
            std::mem::size_of::<ACL_SIZE_INFORMATION>() as u32,
            AclSizeInformation,
        )
    } != 0;
    let mut ace = std::ptr::null_mut();
    // SAFETY: as above; GetAce points `ace` into the ACL.
    let alone = counted
        && size.AceCount == 1
        && unsafe { GetAce(dacl, 0, &mut ace) } != 0
        && unsafe {
            let ace = ace.cast::<ACCESS_ALLOWED_ACE>();
            (*ace).Header.AceType == 0
                && EqualSid(
                    std::ptr::addr_of!((*ace).SidStart).cast_mut().cast(),
                    sid_in(&user),
                ) != 0
        };
    // SAFETY: the descriptor was allocated by GetSecurityInfo for the caller to free.
    unsafe { LocalFree(descriptor) };
    alone
}

/// Whether these tests run under Wine, which keeps no access list it is given: it answers
/// with one made up from the Unix mode, so the Windows test of privacy means nothing there.
#[cfg(all(test, windows))]
pub fn under_wine() -> bool {
    use windows_sys::Win32::System::LibraryLoader::{GetModuleHandleA, GetProcAddress};
    // SAFETY: both names are NUL-terminated; ntdll is loaded in every process.
    unsafe {
        let ntdll = GetModuleHandleA(c"ntdll.dll".as_ptr().cast());
        !ntdll.is_null() && GetProcAddress(ntdll, c"wine_get_version".as_ptr().cast()).is_some()
    }
}

#[cfg(all(test, unix))]
pub fn under_wine() -> bool {
    false
}

/// Syncs `folder`, so that a rename into it survives a power cut. Windows has no such thing:
/// its renames are journalled by NTFS itself.
#[cfg(unix)]
pub fn sync_folder(folder: &Path) -> io::Result<()> {
    File::open(folder).and_then(|dir| dir.sync_all())
}

#[cfg(windows)]
pub fn sync_folder(_folder: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_names_of_one_file_are_one_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        let file = create_new(&path, 0o600).unwrap();
        std::fs::write(dir.path().join("b.db"), b"other").unwrap();
        assert_eq!(id_of(&path).unwrap(), id_of_open(&file).unwrap());
        assert_eq!(id_of_entry(&path).unwrap(), id_of_open(&file).unwrap());
        assert_ne!(
            id_of(&path).unwrap(),
            id_of(&dir.path().join("b.db")).unwrap()
        );
        std::fs::hard_link(&path, dir.path().join("c.db")).unwrap();
        assert_eq!(
            id_of(&path).unwrap(),
            id_of(&dir.path().join("c.db")).unwrap()
        );
    }

    #[test]
    fn a_private_file_is_the_owners_alone_and_another_is_not() {
        if under_wine() {
            eprintln!("skipped: Wine keeps no file access lists");
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let private = dir.path().join("客户 资料.csv");
        drop(create_new(&private, 0o600).unwrap());
        assert!(owner_only(&private));
        let page = dir.path().join("salesdesk.1");
        drop(create_new(&page, 0o644).unwrap());
        assert!(!owner_only(&page));
    }

    #[test]
    fn a_writers_lock_is_seen_by_another_locker_only() {
        use std::io::Write as _;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t");
        let file = create_new(&path, 0o600).unwrap();
        lock(&file).unwrap();
        let other = open_without_following(&path).unwrap();
        assert!(matches!(try_lock(&other), Err(TryLockError::WouldBlock)));
        // Another handle still writes the file: the lock stops lockers, not writers.
        File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .write_all(b"a page")
            .unwrap();
        drop(file);
        assert!(try_lock(&other).is_ok());
    }
}
