//! Which disks may hold the register. SQLite in WAL mode keeps the index of its log in shared
//! memory (the `-shm` file, mapped into every process that has the database open), which works
//! among the processes of one machine only; and the locks of a network file system are often
//! not kept between machines at all. Two desk PCs writing one file on a shared drive can
//! therefore corrupt it. So a database on a network file system is refused, and offices that
//! share between machines use the replicas (`salesdesk replicate`, SPEC §15).
//!
//! The file systems are told by what the system says of the database's folder: on Linux the
//! number `statfs` gives (`f_type`, the numbers of `linux/magic.h`), on Windows the path itself
//! (a UNC path, `\\server\share`) or the kind of its drive (a mapped network drive). FUSE
//! counts as a network file system: sshfs, rclone, s3fs and GlusterFS are FUSE, and `statfs`
//! cannot tell them from a local FUSE disk (ntfs-3g on a USB drive), which therefore needs
//! `--allow-network-fs` too; on one machine that is safe.

/// Where the database's folder is, as far as sharing it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disk {
    /// A disk of this machine (or one the system does not name as shared).
    Local,
    /// A network file system, by its name for the message.
    Network(&'static str),
}

/// The network file systems by their `statfs` number on Linux.
const NETWORK: &[(u64, &str)] = &[
    (0x6969, "NFS"),
    (0x517B, "SMB"),
    (0xFF53_4D42, "CIFS (a Windows share)"),
    (0xFE53_4D42, "SMB2/3 (a Windows share)"),
    (0x6573_5546, "FUSE (sshfs, rclone, s3fs and the like)"),
    (0x5346_414F, "AFS"),
    (0x6B41_4653, "AFS"),
    (0x00C3_6400, "Ceph"),
    (0x0102_1997, "9P (a host's or a virtual machine's share)"),
    (0x7375_7245, "Coda"),
    (0x564C, "NCP (NetWare)"),
    (0x0BD0_0BD0, "Lustre"),
    (0x4750_4653, "GPFS"),
    (0x1983_0326, "BeeGFS"),
    (0x0116_1970, "GFS2 (a cluster file system)"),
    (0x7461_636F, "OCFS2 (a cluster file system)"),
    (0x786F_4256, "vboxsf (a VirtualBox host share)"),
];

/// The disk a Linux `statfs` number names; a number not in the list is a local disk.
pub fn by_magic(magic: u64) -> Disk {
    NETWORK
        .iter()
        .find(|(number, _)| *number == magic)
        .map_or(Disk::Local, |(_, name)| Disk::Network(name))
}

/// Reads a file system number as the test seam gives it: `0x6969` or `26985`.
pub fn parse_magic(raw: &str) -> Option<u64> {
    let raw = raw.trim();
    match raw.strip_prefix("0x").or_else(|| raw.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => raw.parse().ok(),
    }
}

/// What a Windows path says by itself: a UNC path (`\\server\share\...`, `//server/share`, or
/// the long form `\\?\UNC\server\share`) is a network share. A drive letter, or the long and
/// device forms of one (`\\?\C:\`, `\\.\C:\`), says nothing: its drive is asked
/// ([`by_drive_type`]).
pub fn by_windows_path(path: &str) -> Disk {
    let unified = path.replace('/', "\\");
    let long_unc = unified
        .get(..8)
        .is_some_and(|head| head.eq_ignore_ascii_case("\\\\?\\UNC\\"));
    let device = unified.starts_with("\\\\?\\") || unified.starts_with("\\\\.\\");
    if long_unc || (unified.starts_with("\\\\") && !device) {
        Disk::Network("a Windows share (UNC path)")
    } else {
        Disk::Local
    }
}

/// The `GetDriveTypeW` answer for a remote drive.
pub const DRIVE_REMOTE: u32 = 4;

/// The disk a Windows drive kind names: `DRIVE_REMOTE` is a mapped network drive.
pub fn by_drive_type(kind: u32) -> Disk {
    if kind == DRIVE_REMOTE {
        Disk::Network("a mapped network drive")
    } else {
        Disk::Local
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shared_file_systems_are_network_ones() {
        assert_eq!(by_magic(0x6969), Disk::Network("NFS"));
        for magic in [0x517B, 0xFF53_4D42, 0xFE53_4D42, 0x00C3_6400, 0x0102_1997] {
            assert!(matches!(by_magic(magic), Disk::Network(_)), "{magic:#x}");
        }
    }

    #[test]
    fn fuse_counts_as_network_since_sshfs_is_fuse() {
        assert_eq!(
            by_magic(0x6573_5546),
            Disk::Network("FUSE (sshfs, rclone, s3fs and the like)")
        );
    }

    #[test]
    fn the_local_file_systems_are_local() {
        // ext4, xfs, btrfs, tmpfs, overlayfs, and a number nobody knows.
        for magic in [
            0xEF53,
            0x5846_5342,
            0x9123_683E,
            0x0102_1994,
            0x794C_7630,
            0x1234,
        ] {
            assert_eq!(by_magic(magic), Disk::Local, "{magic:#x}");
        }
    }

    #[test]
    fn a_number_is_read_in_hex_or_decimal() {
        assert_eq!(parse_magic("0x6969"), Some(0x6969));
        assert_eq!(parse_magic("0XFF534D42"), Some(0xFF53_4D42));
        assert_eq!(parse_magic(" 26985 "), Some(0x6969));
        assert_eq!(parse_magic("nfs"), None);
        assert_eq!(parse_magic(""), None);
    }

    #[test]
    fn a_unc_path_is_a_share_and_a_drive_letter_is_asked() {
        for path in [
            r"\\fileserver\sales\desk.db",
            "//fileserver/sales/desk.db",
            r"\\?\UNC\fileserver\sales\desk.db",
            r"\\?\unc\fileserver\sales\desk.db",
        ] {
            assert!(matches!(by_windows_path(path), Disk::Network(_)), "{path}");
        }
        for path in [
            r"C:\Users\王芳\销售 台账\desk.db",
            r"\\?\C:\desk.db",
            r"\\.\D:\desk.db",
            "desk.db",
        ] {
            assert_eq!(by_windows_path(path), Disk::Local, "{path}");
        }
    }

    #[test]
    fn a_remote_drive_is_a_share() {
        assert!(matches!(by_drive_type(DRIVE_REMOTE), Disk::Network(_)));
        // DRIVE_FIXED, DRIVE_REMOVABLE, DRIVE_CDROM, DRIVE_RAMDISK, DRIVE_UNKNOWN.
        for kind in [3, 2, 5, 6, 0] {
            assert_eq!(by_drive_type(kind), Disk::Local);
        }
    }
}
