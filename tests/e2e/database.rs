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
        stderr.starts_with("error: ")
            && stderr.contains(
                "desk.db is not a salesdesk database: it is not an SQLite database but text \
                 beginning \"name,phone 王芳"
            ),
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

/// Commands that record something, with arguments they would accept.
const WRITERS: &[&[&str]] = &[
    &["rep", "add", "王芳"],
    &["roster", "set", "王芳"],
    &["visit", "陈先生", "--phone", "13812345678"],
    &["calendar", "zone", "Asia/Shanghai"],
    &["calendar", "hours", "09:00-18:00"],
    &[
        "complaint",
        "new",
        "--phone",
        "13812345678",
        "--name",
        "陈先生",
        "--channel",
        "phone",
        "--category",
        "other",
        "门口路灯不亮",
    ],
    &["import", "reps", "reps.csv"],
    &["survey", "new", "2026H2", "--standard"],
];

/// Every file in the desk's folder with its length and a digest of its bytes, to prove a
/// command left them alone. A `-shm` is the shared memory of a database another program holds
/// open: any reader of it, SQLite's own shell included, marks its reads there, so only its
/// presence counts.
fn untouched(desk: &Desk) -> Vec<(String, usize, u64)> {
    use std::hash::{Hash, Hasher};
    desk.files()
        .into_iter()
        .map(|name| {
            let bytes = if name.ends_with("-shm") {
                Vec::new()
            } else {
                std::fs::read(desk.path(&name)).unwrap()
            };
            let mut digest = std::collections::hash_map::DefaultHasher::new();
            bytes.hash(&mut digest);
            (name, bytes.len(), digest.finish())
        })
        .collect()
}

/// Runs every reader and writer on the desk's database: each must exit 1 with a message that
/// names what the file holds, and leave every file in the folder byte for byte as it was.
fn refused_by_every_command(desk: &Desk, holds: &str) {
    std::fs::write(desk.path("reps.csv"), "name\n王芳\n").unwrap();
    let before = untouched(desk);
    for args in READERS.iter().chain(WRITERS) {
        let output = desk.command(&t("09:00"), args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.starts_with("error: ")
                && stderr.contains("desk.db is not a salesdesk database: it is ")
                && stderr.contains(holds),
            "{args:?}: {stderr}"
        );
        assert!(output.stdout.is_empty(), "{args:?} printed something");
        assert_eq!(untouched(desk), before, "{args:?} changed a file");
    }
}

#[test]
fn another_application_s_database_is_refused_by_every_command_and_left_as_it_was() {
    let desk = Desk::new();
    let other = rusqlite::Connection::open(&desk.db).unwrap();
    other
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES ('theirs');")
        .unwrap();
    drop(other);
    refused_by_every_command(
        &desk,
        "an SQLite database of another application (its tables: t)",
    );
}

#[test]
fn a_database_stamped_by_another_application_is_refused_before_sqlite_reads_it() {
    let desk = Desk::new();
    let other = rusqlite::Connection::open(&desk.db).unwrap();
    // GeoPackage's id ("GPKG"); even a register-like schema does not make it salesdesk's.
    other
        .execute_batch(
            "PRAGMA application_id = 1196444487;
             CREATE TABLE visits (x); CREATE TABLE reps (y);",
        )
        .unwrap();
    drop(other);
    refused_by_every_command(&desk, "(application_id 0x47504b47)");
}

#[test]
fn another_application_s_live_log_is_neither_read_into_its_file_nor_removed() {
    let desk = Desk::new();
    let other = rusqlite::Connection::open(&desk.db).unwrap();
    other
        .execute_batch(
            "PRAGMA journal_mode = WAL; CREATE TABLE t (x); INSERT INTO t VALUES ('theirs');",
        )
        .unwrap();
    // The other application is still running: its changes sit in its -wal.
    assert!(desk.path("desk.db-wal").exists());
    refused_by_every_command(&desk, "its tables: t");
    drop(other);
}

#[test]
fn an_empty_file_is_refused_by_a_reader_and_becomes_a_database_for_a_writer() {
    let desk = Desk::new();
    std::fs::write(&desk.db, b"").unwrap();
    for args in READERS {
        let output = desk.command(&t("09:00"), args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.contains("desk.db is not a salesdesk database: it is an empty file"),
            "{args:?}: {stderr}"
        );
        assert_eq!(desk.files(), ["desk.db"], "{args:?} left files beside it");
        assert_eq!(std::fs::metadata(&desk.db).unwrap().len(), 0, "{args:?}");
    }
    // An SQLite file without a table is nobody's yet: refused for reading, taken for writing.
    let blank = desk.path("blank.db");
    rusqlite::Connection::open(&blank)
        .unwrap()
        .execute_batch("PRAGMA user_version = 0; VACUUM;")
        .unwrap();
    let output = desk
        .command_on(&blank, &t("09:00"), &["rep", "list"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("without a single table"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    desk.ok(&t("09:00"), &["rep", "add", "王芳"]);
    assert!(desk.ok(&t("09:01"), &["rep", "list"]).contains("王芳"));
}

/// The application id a file's own header holds (bytes 68..72, big-endian).
fn header_id(path: &std::path::Path) -> u32 {
    let bytes = std::fs::read(path).unwrap();
    u32::from_be_bytes(bytes[68..72].try_into().unwrap())
}

#[test]
fn a_salesdesk_database_says_so_in_its_header_and_an_older_one_is_stamped() {
    let desk = Desk::new();
    desk.ok(&t("08:00"), &["rep", "add", "王芳"]);
    desk.sql()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
    assert_eq!(header_id(&desk.db), 0x5344_534b, "\"SDSK\"");
    // A file of the first release, before the header said whose it was.
    let old = desk.path("old.db");
    std::fs::copy("tests/fixtures/schema-v1.db", &old).unwrap();
    assert_eq!(header_id(&old), 0);
    desk.ok_on(&old, &t("08:00"), &["rep", "list"]);
    let id: i64 = rusqlite::Connection::open(&old)
        .unwrap()
        .query_row("PRAGMA application_id", [], |row| row.get(0))
        .unwrap();
    assert_eq!(id, 0x5344_534b);
    // A current file whose stamp was lost is known by its tables and stamped on its next write.
    desk.sql()
        .execute_batch("PRAGMA application_id = 0; PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
    assert!(desk.ok(&t("09:00"), &["rep", "list"]).contains("王芳"));
    desk.ok(&t("09:00"), &["rep", "add", "张伟"]);
    desk.sql()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
    assert_eq!(header_id(&desk.db), 0x5344_534b);
}

/// Runs `salesdesk ARGS` on `db` with its folder mounted read-only, in a mount namespace of its
/// own (`unshare`, which needs no root); none when this machine does not allow one.
fn in_a_read_only_folder(
    desk: &Desk,
    db: &std::path::Path,
    args: &[&str],
) -> Option<std::process::Output> {
    let folder = db.parent().unwrap();
    let script = format!(
        "mount --bind '{0}' '{0}' && mount -o remount,bind,ro '{0}' && exec \"$0\" \"$@\"",
        folder.display()
    );
    let output = std::process::Command::new("unshare")
        .args(["-rm", "sh", "-c", &script, env!("CARGO_BIN_EXE_salesdesk")])
        .arg("--db")
        .arg(db)
        .args(["--at", &t("10:00")])
        .args(args)
        .env("SALESDESK_CLOCK", crate::harness::CLOCK)
        .env_remove("LANG")
        .current_dir(desk.dir.path())
        .output()
        .ok()?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if stderr.contains("unshare:") || stderr.contains("mount:") {
        eprintln!("skipped: a read-only mount needs `unshare -rm` and mount: {stderr}");
        return None;
    }
    Some(output)
}

#[test]
fn a_database_in_a_read_only_folder_is_read_as_it_stands_and_a_write_says_why_not() {
    let desk = Desk::new();
    let folder = desk.path("share");
    std::fs::create_dir(&folder).unwrap();
    let db = folder.join("desk.db");
    desk.ok_on(&db, &t("08:00"), &["rep", "add", "王芳"]);
    // No -wal beside it: a report reads the file as it is, without creating anything.
    let sides = |db: &std::path::Path| {
        ["-wal", "-shm"]
            .iter()
            .filter(|suffix| {
                let mut side = db.as_os_str().to_owned();
                side.push(suffix);
                std::path::PathBuf::from(side).exists()
            })
            .count()
    };
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
    assert_eq!(sides(&db), 0);
    let Some(read) = in_a_read_only_folder(&desk, &db, &["rep", "list"]) else {
        return;
    };
    assert!(
        read.status.success() && String::from_utf8_lossy(&read.stdout).contains("王芳"),
        "{}",
        String::from_utf8_lossy(&read.stderr)
    );
    let Some(write) = in_a_read_only_folder(&desk, &db, &["rep", "add", "张伟"]) else {
        return;
    };
    assert_eq!(write.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&write.stderr);
    assert!(
        stderr.contains("is read-only for this user")
            && stderr.contains("SQLite needs to create")
            && stderr.contains("desk.db-shm"),
        "{stderr}"
    );
    assert!(!stderr.contains("is it one?"), "{stderr}");
}

/// Runs `script` (sh) with `$SALESDESK` the binary and `$DIR` a tmpfs of `size` mounted in a
/// mount namespace of its own (`unshare`, which needs no root); none when the machine does not
/// allow one.
fn on_a_small_disk(size: &str, script: &str) -> Option<std::process::Output> {
    let dir = tempfile::tempdir().unwrap();
    let wrapped = format!("mount -t tmpfs -o size={size} tmpfs \"$DIR\" || exit 99\n{script}");
    let output = std::process::Command::new("unshare")
        .args(["-rm", "sh", "-c", &wrapped])
        .env("SALESDESK", env!("CARGO_BIN_EXE_salesdesk"))
        .env("DIR", dir.path())
        .env("SALESDESK_CLOCK", "2026-11-23 10:00")
        .env_remove("LANG")
        .env_remove("SALESDESK_DB")
        .output()
        .ok()?;
    if output.status.code() == Some(99)
        || String::from_utf8_lossy(&output.stderr).contains("unshare:")
    {
        eprintln!(
            "skipped: a small disk needs `unshare -rm` and mount: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        return None;
    }
    Some(output)
}

#[test]
fn a_full_disk_is_named_with_what_the_database_needed_and_nothing_is_left_half_done() {
    // A new database on a disk with 4 KiB left: refused, and no empty file left behind.
    let Some(new) = on_a_small_disk(
        "64k",
        "dd if=/dev/zero of=\"$DIR/fill\" bs=1k count=60 2>/dev/null\n\
         \"$SALESDESK\" --db \"$DIR/desk.db\" rep add 王芳; echo \"exit $?\"; ls \"$DIR\"",
    ) else {
        return;
    };
    let (stdout, stderr) = (
        String::from_utf8_lossy(&new.stdout),
        String::from_utf8_lossy(&new.stderr),
    );
    assert!(
        stdout.starts_with("exit 1\nfill\n") && stdout.lines().count() == 2,
        "{stdout}"
    );
    assert!(
        stderr.starts_with("error: nothing was recorded: the disk holding ")
            && stderr.contains("desk.db needs at least ")
            && stderr.contains(" free when the write began"),
        "{stderr}"
    );
    assert!(!stderr.contains("is it one?"), "{stderr}");
    // A visit on a disk that fills: refused whole, and the register as it was once there is room.
    let Some(full) = on_a_small_disk(
        "4m",
        "\"$SALESDESK\" --db \"$DIR/desk.db\" rep add 王芳 >/dev/null || exit 2\n\
         \"$SALESDESK\" --db \"$DIR/desk.db\" roster set 王芳 >/dev/null || exit 3\n\
         dd if=/dev/zero of=\"$DIR/fill\" bs=1k count=8192 2>/dev/null\n\
         n=0; while [ $n -lt 50 ]; do n=$((n+1))\n\
           \"$SALESDESK\" --db \"$DIR/desk.db\" visit 客 --phone 1390000$(printf %04d $n) \
             >/dev/null 2>\"$DIR/../err\" || break\n\
         done\n\
         echo \"stopped at $n\"; cat \"$DIR/../err\"\n\
         rm \"$DIR/fill\"\n\
         \"$SALESDESK\" --db \"$DIR/desk.db\" register --format csv | tail -n +2 | wc -l",
    ) else {
        return;
    };
    let (stdout, stderr) = (
        String::from_utf8_lossy(&full.stdout),
        String::from_utf8_lossy(&full.stderr),
    );
    let stopped: usize = stdout
        .lines()
        .find_map(|l| l.strip_prefix("stopped at "))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{stdout}{stderr}"));
    assert!(stopped < 50, "the disk never filled: {stdout}");
    assert!(
        stdout.contains("error: nothing was recorded: the disk holding ")
            && stdout.contains(" needs at least "),
        "{stdout}"
    );
    let entries: usize = stdout
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or(0);
    assert_eq!(
        entries,
        stopped - 1,
        "every visit but the refused one: {stdout}"
    );
}
