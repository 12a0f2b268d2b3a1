//! The files salesdesk writes beside the register (`--output`, `--rejects`, `backup`, `man
//! --dir`): never the register itself under any name, never another SQLite file, nothing left
//! behind by a write killed with SIGKILL once salesdesk next writes in that folder, and a full
//! disk said as such, with the sizes, leaving nothing behind.

use std::path::Path;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use crate::harness::{CLOCK, Desk, integrity, snapshot_of, t};

/// A register of `visits` old visitors, one customer and one visit each, with a note long
/// enough that exporting or copying it takes a while.
fn register_of(visits: i64) -> Desk {
    let desk = Desk::office(&["王芳", "张伟"]);
    desk.visit(&t("09:00"), "黄女士", "13600000001", &[]);
    let note = "客户关注户型、价格与交房时间，".repeat(4);
    let conn = desk.sql();
    conn.execute(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?1)
         INSERT INTO customers (name, phone, created_at)
         SELECT '老客户' || i, printf('139%08d', i), '2026-10-01 09:00:00' FROM n",
        [visits],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO visits (customer_id, rep_id, at, day, kind, channel, reason, note,
                             recorded_at)
         SELECT id, 1, created_at, '2026-10-01', 'visit', 'walk-in', 'rotation', ?1, created_at
         FROM customers WHERE phone LIKE '139%' ORDER BY id",
        [note],
    )
    .unwrap();
    desk
}

/// Every visit since October, which takes in the padded register.
const ALL_VISITS: &[&str] = &[
    "export",
    "visits",
    "--from",
    "2026-10-01",
    "--to",
    "2026-11-30",
];

fn names_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn with<'a>(args: &[&'a str], more: &[&'a str]) -> Vec<&'a str> {
    let mut all = args.to_vec();
    all.extend_from_slice(more);
    all
}

#[test]
fn no_output_replaces_the_database_under_any_name() {
    let desk = Desk::office(&["王芳"]);
    desk.visit(&t("09:00"), "黄女士", "13600000001", &[]);
    std::fs::create_dir(desk.path("sub")).unwrap();
    std::os::unix::fs::symlink(&desk.db, desk.path("link.db")).unwrap();
    std::fs::hard_link(&desk.db, desk.path("hard.db")).unwrap();
    std::fs::write(
        desk.path("r.csv"),
        "姓名,电话,来访时间,置业顾问\n李四,12345,2026/3/5 9:30,王芳\n",
    )
    .unwrap();
    // A clerk's command holds the database open: its -wal and -shm are there, and a hard link
    // to the -wal is the -wal.
    let open = desk.sql();
    open.query_row("SELECT count(*) FROM visits", [], |_| Ok(()))
        .unwrap();
    std::fs::hard_link(desk.path("desk.db-wal"), desk.path("hard-wal.csv")).unwrap();
    // The manual pages' folder, with the database planted under two pages' names.
    std::fs::create_dir(desk.path("man1")).unwrap();
    std::fs::hard_link(&desk.db, desk.path("man1/salesdesk.1")).unwrap();
    std::os::unix::fs::symlink(&desk.db, desk.path("man1/salesdesk-visit.1")).unwrap();
    let database = std::fs::read(&desk.db).unwrap();
    let before = desk.files();

    let db = desk.db.to_str().unwrap().to_string();
    let wal = format!("{db}-wal");
    let spellings = [
        (db.as_str(), "is the database itself"),
        ("desk.db", "is the database itself"),
        ("./desk.db", "is the database itself"),
        ("sub/../desk.db", "is the database itself"),
        ("link.db", "is the database itself"),
        ("hard.db", "is the database itself"),
        (wal.as_str(), "the database's -wal file"),
        ("desk.db-shm", "the database's -shm file"),
        ("desk.db-journal", "the database's -journal file"),
        ("hard-wal.csv", "the database's -wal file"),
    ];
    let mut tried = 0;
    for (name, says) in spellings {
        let commands: Vec<(&str, Vec<&str>)> = vec![
            (
                "--output",
                vec!["export", "visits", "--format", "csv", "--output", name],
            ),
            (
                "--output",
                vec!["report", "daily", "--format", "json", "--output", name],
            ),
            (
                "--output",
                vec!["customer", "list", "--format", "csv", "--output", name],
            ),
            (
                "--rejects",
                vec![
                    "import",
                    "visits",
                    "r.csv",
                    "--skip-invalid",
                    "--rejects",
                    name,
                ],
            ),
            ("backup FILE", vec!["backup", name]),
            ("backup FILE", vec!["backup", name, "--force"]),
            // A command that records something is refused before it records anything.
            (
                "--output",
                vec![
                    "visit",
                    "新客",
                    "--phone",
                    "13600000009",
                    "--format",
                    "json",
                    "--output",
                    name,
                ],
            ),
        ];
        for (option, args) in commands {
            let stderr = desk.refused(&t("12:00"), &args);
            assert!(
                stderr.contains(&format!("{option}: {name} ")) && stderr.contains(says),
                "{args:?}: {stderr}"
            );
            assert_eq!(desk.files(), before, "{args:?} left a file behind");
            tried += 1;
        }
    }
    let stderr = desk.refused(&t("12:00"), &["man", "--dir", "man1", "--force"]);
    assert!(
        stderr.contains("man --dir: man1/salesdesk") && stderr.contains("is the database itself"),
        "{stderr}"
    );
    assert_eq!(desk.files(), before);
    drop(open);
    assert_eq!(std::fs::read(&desk.db).unwrap(), database);
    assert_eq!(integrity(&desk.db), "ok");
    assert_eq!(desk.count("SELECT count(*) FROM visits"), 1);
    eprintln!(
        "{} command lines aimed at the database, all refused",
        tried + 1
    );
}

#[test]
fn no_output_replaces_an_sqlite_file_and_a_backup_replaces_only_a_backup() {
    let desk = Desk::office(&["王芳"]);
    desk.visit(&t("09:00"), "黄女士", "13600000001", &[]);
    std::fs::write(
        desk.path("r.csv"),
        "姓名,电话,来访时间,置业顾问\n李四,12345,2026/3/5 9:30,王芳\n",
    )
    .unwrap();
    // Another application's files: one stamped with its own id, one with none.
    let other = desk.path("other.db");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    let stamped = desk.path("stamped.db");
    rusqlite::Connection::open(&stamped)
        .unwrap()
        .execute_batch("PRAGMA application_id = 305419896; CREATE TABLE t (x);")
        .unwrap();
    // salesdesk's own: last week's backup, and one from before salesdesk stamped its files.
    desk.ok(&t("10:00"), &["backup", "backup.db"]);
    desk.ok(&t("10:00"), &["backup", "old.db"]);
    rusqlite::Connection::open(desk.path("old.db"))
        .unwrap()
        .execute_batch("PRAGMA application_id = 0")
        .unwrap();
    let kept = |name: &str| std::fs::read(desk.path(name)).unwrap();
    let (other_bytes, stamped_bytes, backup_bytes) =
        (kept("other.db"), kept("stamped.db"), kept("backup.db"));
    let before = desk.files();

    for (args, says) in [
        (
            vec![
                "export", "visits", "--format", "csv", "--output", "other.db",
            ],
            "--output: other.db is an SQLite database of another application;",
        ),
        (
            vec![
                "report",
                "daily",
                "--format",
                "json",
                "--output",
                "backup.db",
            ],
            "--output: backup.db is a salesdesk database;",
        ),
        (
            vec![
                "import",
                "visits",
                "r.csv",
                "--skip-invalid",
                "--rejects",
                "stamped.db",
            ],
            "--rejects: stamped.db is an SQLite database of another application (application_id \
             0x12345678);",
        ),
        (
            vec!["backup", "other.db", "--force"],
            "backup FILE: other.db is an SQLite database of another application, not a \
             salesdesk backup",
        ),
        (
            vec!["backup", "stamped.db", "--force"],
            "(application_id 0x12345678), not a salesdesk backup",
        ),
        (
            vec!["backup", "backup.db"],
            "backup.db already exists (a salesdesk database); add --force",
        ),
    ] {
        let stderr = desk.refused(&t("12:00"), &args);
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        assert!(stderr.contains("choose another name"), "{args:?}: {stderr}");
        assert_eq!(desk.files(), before, "{args:?} left a file behind");
    }
    assert_eq!(kept("other.db"), other_bytes);
    assert_eq!(kept("stamped.db"), stamped_bytes);
    assert_eq!(kept("backup.db"), backup_bytes);

    // The README's nightly line: an earlier backup is replaced, stamped or not.
    desk.visit(&t("13:00"), "刘先生", "13600000002", &[]);
    for name in ["backup.db", "old.db"] {
        desk.ok(&t("23:30"), &["backup", "--force", name]);
        assert_eq!(integrity(&desk.path(name)), "ok");
        assert_eq!(snapshot_of(&desk.path(name)), desk.snapshot(), "{name}");
    }
}

/// Starts `args` and kills it with SIGKILL once its temporary file in `folder` (named after
/// `target`) holds data; returns how many bytes that temporary held.
fn kill_midway(desk: &Desk, args: &[&str], folder: &Path, target: &str) -> u64 {
    let mut child = desk
        .process(&t("12:00"), args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let prefix = format!(".{target}.");
    let started = Instant::now();
    loop {
        let written: u64 = std::fs::read_dir(folder)
            .unwrap()
            .flatten()
            .filter(|entry| {
                let name = entry.file_name().to_string_lossy().into_owned();
                name.starts_with(&prefix) && name.ends_with(".tmp")
            })
            .filter_map(|entry| entry.metadata().ok())
            .map(|meta| meta.len())
            .sum();
        if written > 0 {
            child.kill().unwrap();
            child.wait().unwrap();
            return written;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "{args:?} finished before it could be killed; make the register larger"
        );
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "{args:?} wrote nothing"
        );
        thread::sleep(Duration::from_millis(1));
    }
}

#[test]
fn a_write_killed_midway_leaves_nothing_once_salesdesk_next_writes_there() {
    let desk = register_of(30_000);
    let out = desk.path("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "the manager's notes").unwrap();
    let kills = 3;
    // What each kill left; each killed write, as the first to write there since, clears what the
    // one before it left.
    let mut left = 0;
    for _ in 0..kills {
        left += kill_midway(
            &desk,
            &with(ALL_VISITS, &["--output", "out/visits.csv"]),
            &out,
            "visits.csv",
        );
        left += kill_midway(&desk, &["backup", "out/copy.db"], &out, "copy.db");
    }
    let leftovers: Vec<String> = names_in(&out)
        .into_iter()
        .filter(|name| name.starts_with('.'))
        .collect();
    assert!(
        !leftovers.is_empty(),
        "the last kill left no temporary file to clear"
    );

    // The next write into the folder clears what the killed ones left, and only that.
    desk.ok(
        &t("12:30"),
        &["report", "daily", "--output", "out/daily.csv"],
    );
    assert_eq!(names_in(&out), ["daily.csv", "notes.txt"]);
    assert_eq!(integrity(&desk.db), "ok");
    eprintln!(
        "{} writes killed mid-write, {left} bytes in their temporaries at the kills; {} files \
         left by the last, none after the next write",
        2 * kills,
        leftovers.len()
    );
}

#[test]
fn a_write_under_way_is_never_taken_for_a_leftover() {
    let desk = Desk::office(&["王芳"]);
    let out = desk.path("out");
    std::fs::create_dir(&out).unwrap();
    // A write under way, as another salesdesk holds it: its temporary, locked. Named after a
    // process id that is not running, since only the lock says whether its writer lives.
    let live = out.join(".visits.csv.salesdesk-4194305.tmp");
    std::fs::write(&live, "half an export").unwrap();
    let writer = std::fs::File::open(&live).unwrap();
    writer.lock().unwrap();
    desk.ok(
        &t("12:30"),
        &["report", "daily", "--output", "out/daily.csv"],
    );
    assert_eq!(std::fs::read_to_string(&live).unwrap(), "half an export");
    // Its writer gone, the next write into the folder clears it.
    drop(writer);
    desk.ok(
        &t("12:30"),
        &["report", "daily", "--output", "out/daily.csv"],
    );
    assert_eq!(names_in(&out), ["daily.csv"]);
}

/// What salesdesk did on a disk of its own: exit code, standard error, and the names left in
/// the disk's folder once it had exited.
struct OnTinyDisk {
    code: i32,
    stderr: String,
    left: Vec<String>,
}

/// Runs salesdesk with `args` on this desk's database with a 256 KiB file system mounted at
/// `folder`, after the shell line `before` (run once it is mounted). The file system lives in a
/// mount namespace of its own (`unshare -rm`), so no root is needed, and it is gone when the
/// command ends. None, said on stderr, where the system refuses the namespace or the mount.
fn on_a_tiny_disk(desk: &Desk, folder: &Path, before: &str, args: &[&str]) -> Option<OnTinyDisk> {
    const SCRIPT: &str = r#"
        folder=$1; shift; export folder
        mount -t tmpfs -o size=256k tmpfs "$folder" || exit 97
        sh -c "$BEFORE" || exit 98
        "$@"
        echo "exit $?"
        ls -A "$folder"
    "#;
    let output = Command::new("unshare")
        .args(["-rm", "sh", "-c", SCRIPT, "sh"])
        .arg(folder)
        .arg(env!("CARGO_BIN_EXE_salesdesk"))
        .arg("--db")
        .arg(&desk.db)
        .args(["--at", &t("12:00")])
        .args(args)
        .env("BEFORE", before)
        .env("SALESDESK_CLOCK", CLOCK)
        .env_remove("SALESDESK_DB")
        .env_remove("LANG")
        .current_dir(desk.dir.path())
        .output();
    let output = match output {
        Ok(output) => output,
        Err(err) => {
            eprintln!("skipped: cannot run unshare ({err})");
            return None;
        }
    };
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if !output.status.success() {
        eprintln!(
            "skipped: this system refuses a private tmpfs (unshare -rm, mount -t tmpfs): {:?} {}",
            output.status.code(),
            stderr.trim()
        );
        return None;
    }
    let (_, after) = stdout
        .rsplit_once("exit ")
        .unwrap_or_else(|| panic!("no exit code in {stdout:?}"));
    let mut lines = after.lines();
    let code = lines.next().unwrap().trim().parse().unwrap();
    Some(OnTinyDisk {
        code,
        stderr,
        left: lines.map(str::to_string).collect(),
    })
}

#[test]
fn a_full_disk_says_so_how_much_was_needed_and_free_and_leaves_nothing() {
    let desk = register_of(3_000);
    let tiny = desk.path("tiny");
    std::fs::create_dir(&tiny).unwrap();
    // Every row refused: the rejects file outgrows the disk.
    let mut sheet = String::from("姓名,电话,来访时间,置业顾问,备注\n");
    for i in 0..4_000 {
        sheet += &format!("客户{i},12345,2026/3/5 9:30,王芳,{}\n", "看房".repeat(20));
    }
    std::fs::write(desk.path("refused.csv"), sheet).unwrap();
    let fill = "cat /dev/zero > \"$folder/filler\" 2>/dev/null; true";
    let before = desk.snapshot();
    let cases: Vec<(&str, Vec<&str>, &str, &[&str])> = vec![
        (
            "",
            with(ALL_VISITS, &["--output", "tiny/visits.csv"]),
            "tiny/visits.csv needs more than the 256.0 KiB",
            &[],
        ),
        (
            "",
            vec!["backup", "tiny/copy.db"],
            "tiny/copy.db needs ",
            &[],
        ),
        (
            fill,
            vec![
                "report",
                "daily",
                "--format",
                "json",
                "--output",
                "tiny/daily.json",
            ],
            "tiny/daily.json needs ",
            &["filler"],
        ),
        (
            "",
            vec![
                "import",
                "visits",
                "refused.csv",
                "--skip-invalid",
                "--rejects",
                "tiny/rejects.csv",
            ],
            "nothing was imported from refused.csv: cannot write the rejects file: the disk",
            &[],
        ),
    ];
    for (before_run, args, needs, left) in cases {
        let Some(run) = on_a_tiny_disk(&desk, &tiny, before_run, &args) else {
            return;
        };
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.starts_with("error: ")
                && run.stderr.contains("the disk holding tiny is full: ")
                && run.stderr.contains(needs)
                && run.stderr.contains(" free when the write began")
                && !run.stderr.contains("os error"),
            "{args:?}: {}",
            run.stderr
        );
        if !left.is_empty() {
            assert!(run.stderr.contains(", with 0 bytes free"), "{}", run.stderr);
        }
        assert_eq!(run.left, left, "{args:?} left a file on the full disk");
        assert_eq!(desk.snapshot(), before, "{args:?} changed the database");
        eprintln!("{}", run.stderr.trim());
    }
}
