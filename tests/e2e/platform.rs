//! The machines an office runs on: a database on a network file system is refused (its WAL
//! index needs one machine), unless `--allow-network-fs` opens it without WAL, held alone. The
//! tests cannot mount a share, so `SALESDESK_FS_TYPE_FOR_TESTS` stands in for what `statfs`
//! says of the folder; the real `statfs` is asked whenever it is not set, as in every other test.

use crate::harness::{Desk, t};

/// The variable that stands in for the folder's file system.
const SEAM: &str = "SALESDESK_FS_TYPE_FOR_TESTS";

const NFS: &str = "0x6969";
const CIFS: &str = "0xFF534D42";

fn on(desk: &Desk, magic: &str, args: &[&str]) -> std::process::Output {
    let mut command = desk.process(&t("09:00"), args);
    command.env(SEAM, magic);
    command.output().expect("run salesdesk")
}

#[test]
fn a_database_on_a_network_share_is_refused_pointing_to_the_replicas() {
    let desk = Desk::office(&["王芳"]);
    let before = desk.snapshot();
    for args in [
        &["visit", "张伟", "--phone", "13800000001"][..],
        &["report", "daily"][..],
        &["rep", "list"][..],
    ] {
        let output = on(&desk, NFS, args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.starts_with("error: ")
                && stderr.contains("desk.db is on a network file system (NFS)")
                && stderr.contains("`salesdesk replicate`, SPEC §15")
                && stderr.contains("--allow-network-fs"),
            "{stderr}"
        );
        assert!(output.stdout.is_empty());
    }
    assert_eq!(desk.snapshot(), before);
}

#[test]
fn no_new_database_is_made_on_a_share() {
    let desk = Desk::new();
    let output = on(&desk, CIFS, &["rep", "add", "王芳"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("(CIFS (a Windows share))"), "{stderr}");
    assert!(!desk.db.exists());
}

#[test]
fn the_refusal_is_said_in_chinese() {
    let desk = Desk::office(&["王芳"]);
    let output = on(&desk, "0x65735546", &["--lang", "zh", "rep", "list"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("位于网络文件系统（FUSE (sshfs, rclone, s3fs and the like)）上")
            && stderr.contains("salesdesk replicate"),
        "{stderr}"
    );
}

#[test]
fn allowed_it_opens_with_a_rollback_journal_held_alone_and_says_so() {
    let desk = Desk::office(&["王芳", "李娜"]);
    let output = on(
        &desk,
        NFS,
        &[
            "--allow-network-fs",
            "visit",
            "张伟",
            "--phone",
            "13800000001",
        ],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("desk.db is on a network file system (NFS)")
            && stderr.contains("journal_mode=DELETE")
            && stderr.contains("locking_mode=EXCLUSIVE"),
        "{stderr}"
    );
    let journal: String = desk
        .sql()
        .query_row("PRAGMA journal_mode", [], |row| row.get(0))
        .unwrap();
    assert_eq!(journal, "delete");
    // No WAL index is left for another machine to map.
    assert!(!desk.path("desk.db-wal").exists());
    assert!(!desk.path("desk.db-shm").exists());
    assert_eq!(desk.count("SELECT count(*) FROM visits"), 1);
    // A report reads it the same way.
    let report = [
        "--allow-network-fs",
        "report",
        "daily",
        "--date",
        "2026-11-23",
    ];
    let output = on(&desk, NFS, &report);
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).contains("王芳"));
}

#[test]
fn a_new_database_on_a_share_is_made_without_wal_when_allowed() {
    let desk = Desk::new();
    let output = on(&desk, CIFS, &["--allow-network-fs", "rep", "add", "王芳"]);
    assert!(output.status.success());
    let journal: String = desk
        .sql()
        .query_row("PRAGMA journal_mode", [], |row| row.get(0))
        .unwrap();
    assert_eq!(journal, "delete");
}

#[test]
fn this_machines_own_disk_is_asked_and_found_local() {
    // No stand-in: the real statfs of the test's temporary folder, which is a local disk.
    let desk = Desk::new();
    let output = desk
        .process(&t("08:00"), &["rep", "add", "王芳"])
        .env_remove(SEAM)
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(output.stderr.is_empty(), "no note on a local disk");
    let journal: String = desk
        .sql()
        .query_row("PRAGMA journal_mode", [], |row| row.get(0))
        .unwrap();
    assert_eq!(journal, "wal");
    // A local file system number (ext4) through the stand-in is local too.
    let output = on(&desk, "0xEF53", &["rep", "list"]);
    assert!(output.status.success());
}

#[test]
fn a_stand_in_that_is_not_a_number_is_an_error() {
    let desk = Desk::office(&["王芳"]);
    let output = on(&desk, "nfs", &["rep", "list"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("is not a file system number"));
}
