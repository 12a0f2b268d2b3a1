//! The database file: where it lives, who can read it, and which versions open.

use std::os::unix::fs::PermissionsExt;

use assert_cmd::Command;

use crate::harness::{Desk, t};

#[test]
fn created_on_first_use_readable_by_the_owner_only() {
    let desk = Desk::new();
    assert!(!desk.db.exists());
    desk.ok(&t("08:00"), &["rep", "add", "王芳"]);
    for suffix in ["", "-wal", "-shm"] {
        let path = format!("{}{suffix}", desk.db.display());
        if let Ok(meta) = std::fs::metadata(&path) {
            assert_eq!(meta.permissions().mode() & 0o777, 0o600, "{path}");
        }
    }
    let journal: String = desk
        .sql()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(journal, "wal");
}

#[test]
fn the_file_comes_from_db_then_the_environment_then_the_current_folder() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str], env: Option<&str>| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_salesdesk"));
        command
            .current_dir(dir.path())
            .env_remove("SALESDESK_DB")
            .args(args);
        if let Some(path) = env {
            command.env("SALESDESK_DB", path);
        }
        command.assert().success();
    };
    run(&["rep", "add", "甲"], None);
    assert!(dir.path().join("salesdesk.db").exists());
    run(&["rep", "add", "乙"], Some("from-env.db"));
    assert!(dir.path().join("from-env.db").exists());
    run(
        &["--db", "from-flag.db", "rep", "add", "丙"],
        Some("from-env.db"),
    );
    assert!(dir.path().join("from-flag.db").exists());
    // Set but empty, as in a crontab line `SALESDESK_DB= salesdesk ...`: the default file.
    std::fs::remove_file(dir.path().join("salesdesk.db")).unwrap();
    run(&["rep", "add", "丁"], Some(""));
    assert!(dir.path().join("salesdesk.db").exists());
}

#[test]
fn a_file_from_a_newer_salesdesk_is_refused() {
    let desk = Desk::new();
    desk.ok(&t("08:00"), &["rep", "add", "王芳"]);
    desk.sql().pragma_update(None, "user_version", 999).unwrap();
    let stderr = desk.fails_with(1, &t("08:01"), &["rep", "list"]);
    assert!(stderr.contains("newer salesdesk"), "{stderr}");
    assert!(stderr.contains("999"), "{stderr}");
}

#[test]
fn a_file_that_is_not_a_database_is_named_and_left_alone() {
    let desk = Desk::new();
    std::fs::write(&desk.db, "name,phone\n王芳,13800000000\n".repeat(100)).unwrap();
    let output = desk
        .command(&t("08:00"), &["rep", "list"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("error: cannot read") && stderr.contains("desk.db"),
        "{stderr}"
    );
    assert!(
        std::fs::read_to_string(&desk.db)
            .unwrap()
            .starts_with("name,phone")
    );
}

#[test]
fn a_missing_folder_says_what_to_do() {
    let desk = Desk::new();
    let output = Command::new(env!("CARGO_BIN_EXE_salesdesk"))
        .args(["--db", "/nonexistent/folder/desk.db", "rep", "add", "王芳"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("folder exists"), "{stderr}");
    drop(desk);
}

#[test]
fn a_folder_given_as_the_database_is_refused() {
    let desk = Desk::new();
    let output = Command::new(env!("CARGO_BIN_EXE_salesdesk"))
        .arg("--db")
        .arg(desk.dir.path())
        .args(["rep", "list"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--db") && stderr.contains("is a folder"),
        "{stderr}"
    );
}

#[test]
fn usage_errors_exit_2() {
    let desk = Desk::new();
    desk.command(&t("08:00"), &["visit", "客"]).assert().code(2);
    desk.command(&t("08:00"), &["no-such-command"])
        .assert()
        .code(2);
    desk.command(&t("08:00"), &["rep", "list", "--format", "xml"])
        .assert()
        .code(2);
}

#[test]
fn a_damaged_code_in_the_file_is_named_never_read_as_something_else() {
    let desk = Desk::office(&["王芳", "李娜"]);
    desk.ok(
        &t("09:00"),
        &["roster", "away", "王芳", "--reason", "absent"],
    );
    desk.ok(
        &t("09:05"),
        &[
            "complaint",
            "new",
            "--phone",
            "13800000001",
            "--name",
            "郑先生",
            "--channel",
            "phone",
            "--category",
            "handover",
            "门锁坏了",
        ],
    );
    // Written behind salesdesk's back: codes no version of it writes.
    desk.sql()
        .execute_batch(
            "PRAGMA ignore_check_constraints = ON;
             UPDATE roster SET away = 'lunch' WHERE rep_id = 1;
             DROP TRIGGER complaints_append_only_update;
             UPDATE complaints SET authority = 'chairman';",
        )
        .unwrap();
    // The away reason was once read as "at the desk"; now the roster and a visit, which would
    // have handed 王芳 the turn, both stop and say where the file is damaged.
    for args in [
        &["roster", "show"][..],
        &["visit", "张三", "--phone", "13800000002"][..],
    ] {
        let stderr = desk.fails_with(1, &t("09:10"), args);
        assert!(
            stderr.contains("roster row day=2026-11-23 rep_id=1, column away")
                && stderr.contains("\"lunch\""),
            "{args:?}: {stderr}"
        );
    }
    // The authority was once read as the president's.
    let stderr = desk.fails_with(1, &t("09:10"), &["complaint", "show", "1"]);
    assert!(
        stderr.contains("complaints row id=1, column authority") && stderr.contains("\"chairman\""),
        "{stderr}"
    );
}

/// Every command that only reads, with arguments it would accept.
const READERS: &[&[&str]] = &[
    &["report", "daily", "--format", "csv"],
    &["report", "weekly"],
    &["report", "monthly"],
    &["report", "quarterly"],
    &["report", "annual"],
    &["report", "repairs"],
    &["report", "overdue"],
    &["report", "commission"],
    &["report", "survey", "--survey", "2026H2"],
    &["export", "customers"],
    &["export", "visits"],
    &["export", "complaints"],
    &["rep", "list"],
    &["roster", "show"],
    &["roster", "next"],
    &["customer", "show", "13812345678"],
    &["customer", "list"],
    &["customer", "find", "陈"],
    &["customer", "show", "1"],
    &["complaint", "list"],
    &["complaint", "show", "1"],
    &["register"],
    &["deal", "list"],
    &["deal", "show", "1"],
    &["referral", "list"],
    &["survey", "show", "2026H2"],
    &["survey", "list"],
    &["survey", "sample", "2026H2"],
    &["care", "due"],
    &["repair", "list"],
    &["repair", "show", "1"],
    &["calendar", "show"],
    &["backup", "copy.db"],
];

#[test]
fn a_command_that_only_reads_refuses_a_missing_database_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str], env: Option<&str>| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_salesdesk"));
        command
            .current_dir(dir.path())
            .env_remove("SALESDESK_DB")
            .env_remove("LANG")
            .args(["--at", &t("09:00")])
            .args(args);
        if let Some(path) = env {
            command.env("SALESDESK_DB", path);
        }
        command.output().unwrap()
    };
    for args in READERS {
        for (flag, env, named) in [
            (Some("typo.db"), None, "typo.db (named by --db)"),
            (None, Some("typo.db"), "typo.db (named by $SALESDESK_DB)"),
            (None, None, "salesdesk.db (the default"),
        ] {
            let mut all: Vec<&str> = flag.map(|f| vec!["--db", f]).unwrap_or_default();
            all.extend_from_slice(args);
            let output = run(&all, env);
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(1), "{all:?}: {stderr}");
            assert!(
                stderr.starts_with("error: no database at ")
                    && stderr.contains(named)
                    && stderr.contains("salesdesk rep add NAME")
                    && stderr.contains("salesdesk demo"),
                "{all:?}: {stderr}"
            );
            assert!(output.stdout.is_empty(), "{all:?} printed something");
            let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
            assert!(left.is_empty(), "{all:?} left {left:?}");
        }
    }
    // A command that records something still creates the file on first use.
    assert!(
        run(&["--db", "typo.db", "rep", "add", "王芳"], None)
            .status
            .success()
    );
    let output = run(&["--db", "typo.db", "rep", "list", "--format", "csv"], None);
    assert!(String::from_utf8_lossy(&output.stdout).contains("王芳"));
}
