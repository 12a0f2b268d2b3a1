//! `backup FILE`: the copy is a sound, private, self-contained database with the same rows, it
//! replaces a file only with `--force`, it stays consistent while clerks keep registering
//! visitors, and a target that would lose data is refused without writing anything.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use rusqlite::Connection;

use crate::harness::{Desk, dangling, integrity, snapshot_of, t};

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// A morning at the desk: reps, a roster, visitors and a complaint.
fn morning() -> Desk {
    let desk = Desk::office(&["王芳", "张伟"]);
    desk.visit(&t("09:00"), "黄女士", "13600000001", &[]);
    desk.visit(
        &t("09:10"),
        "刘先生",
        "13600000002",
        &["--designate", "张伟"],
    );
    desk.visit(
        &t("09:20"),
        "朋友",
        "13600000003",
        &["--brought-by", "13600000001"],
    );
    desk.ok(
        &t("09:30"),
        &[
            "complaint",
            "new",
            "--phone",
            "13600000002",
            "--channel",
            "onsite",
            "--category",
            "quality",
            "窗户渗水",
        ],
    );
    desk
}

#[test]
fn the_copy_opens_passes_its_check_and_holds_the_same_rows() {
    let desk = morning();
    let copy = desk.path("backup.db");
    let line = desk.ok(&t("12:00"), &["backup", copy.to_str().unwrap()]);
    assert!(
        line.starts_with("backed up ")
            && line.contains("backup.db")
            && line.contains("integrity ok"),
        "{line}"
    );
    assert_eq!(line.lines().count(), 1, "{line}");

    assert_eq!(integrity(&copy), "ok");
    assert_eq!(snapshot_of(&copy), desk.snapshot());
    assert_eq!(mode(&copy), 0o600);
    // Self-contained: a rollback journal, no -wal or temporary file beside it.
    let journal: String = Connection::open(&copy)
        .unwrap()
        .query_row("PRAGMA journal_mode", [], |row| row.get(0))
        .unwrap();
    assert_eq!(journal, "delete");
    assert!(
        desk.files()
            .iter()
            .all(|f| !f.starts_with("backup.db-") && !f.ends_with(".tmp")),
        "{:?}",
        desk.files()
    );

    // The copy, moved somewhere else on its own, is a working salesdesk database.
    let moved = desk.path("restored.db");
    std::fs::copy(&copy, &moved).unwrap();
    let listed = |db: &Path| {
        let output = desk
            .command_on(db, &t("12:30"), &["customer", "list", "--format", "json"])
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        String::from_utf8(output.stdout).unwrap()
    };
    assert_eq!(listed(&moved), listed(&desk.db));
    desk.command_on(
        &moved,
        &t("12:40"),
        &["visit", "新客", "--phone", "13600000009"],
    )
    .assert()
    .success();
}

#[test]
fn json_describes_the_copy() {
    let desk = morning();
    let copy = desk.path("backup.db");
    let json = desk.json(&t("12:00"), &["backup", copy.to_str().unwrap()]);
    assert_eq!(json["file"], copy.to_str().unwrap());
    assert_eq!(json["integrity"], "ok");
    let pages = json["pages"].as_i64().unwrap();
    let page_size = json["page_size"].as_i64().unwrap();
    assert!(pages > 0);
    assert_eq!(json["bytes"].as_i64().unwrap(), pages * page_size);
    assert_eq!(
        json["bytes"].as_u64().unwrap(),
        std::fs::metadata(&copy).unwrap().len()
    );
    let version: i64 = desk
        .sql()
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap();
    assert_eq!(json["schema_version"], version);
}

#[test]
fn an_existing_file_is_replaced_only_with_force() {
    let desk = morning();
    let copy = desk.path("backup.db");
    std::fs::write(&copy, "last week's backup").unwrap();
    std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o644)).unwrap();

    let stderr = desk.refused(&t("12:00"), &["backup", copy.to_str().unwrap()]);
    assert!(
        stderr.contains("already exists") && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&copy).unwrap(), b"last week's backup");
    assert_eq!(mode(&copy), 0o644);

    desk.ok(&t("12:00"), &["backup", copy.to_str().unwrap(), "--force"]);
    assert_eq!(integrity(&copy), "ok");
    assert_eq!(snapshot_of(&copy), desk.snapshot());
    // The replacement is a new private file, not the old one rewritten.
    assert_eq!(mode(&copy), 0o600);
}

#[test]
fn a_target_that_would_lose_data_is_refused_and_nothing_is_written() {
    let desk = morning();
    std::fs::create_dir(desk.path("backups")).unwrap();
    std::os::unix::fs::symlink(&desk.db, desk.path("link.db")).unwrap();
    std::fs::hard_link(&desk.db, desk.path("hard.db")).unwrap();
    let before = desk.files();
    let db = desk.db.to_str().unwrap().to_string();
    let cases: Vec<(String, &str)> = vec![
        (db.clone(), "is the database itself"),
        ("desk.db".into(), "is the database itself"),
        ("./backups/../desk.db".into(), "is the database itself"),
        ("link.db".into(), "is the database itself"),
        ("hard.db".into(), "is the database itself"),
        (format!("{db}-wal"), "-wal file"),
        (format!("{db}-shm"), "-shm file"),
        ("backups".into(), "is a folder"),
        ("backups/".into(), "is a folder"),
        ("missing/backup.db".into(), "does not exist"),
        ("/dev/null".into(), "not a plain file"),
    ];
    for (target, says) in &cases {
        for force in [false, true] {
            let mut args = vec!["backup", target.as_str()];
            if force {
                args.push("--force");
            }
            let stderr = desk.refused(&t("12:00"), &args);
            assert!(stderr.contains(says), "{target}: {stderr}");
            assert_eq!(desk.files(), before, "{target} left a file behind");
        }
    }
    assert_eq!(integrity(&desk.db), "ok");
    assert!(desk.path("missing").symlink_metadata().is_err());

    // A database that does not exist is not created just to be copied.
    let output = desk
        .command_on(&desk.path("nowhere.db"), &t("12:00"), &["backup", "x.db"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stderr).contains("no database at"));
    assert_eq!(desk.files(), before);
}

/// Pads the register with old visitors, one customer and one visit each, so that a copy takes
/// many steps.
fn pad(desk: &Desk, customers: i64) {
    let note = "客户关注户型、价格与交房时间，".repeat(8);
    let conn = desk.sql();
    conn.execute(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?1)
         INSERT INTO customers (name, phone, created_at)
         SELECT '老客户' || i, printf('139%08d', i), '2026-10-01 09:00:00' FROM n",
        [customers],
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
}

#[test]
fn a_backup_taken_while_visits_keep_coming_is_consistent() {
    let desk = Desk::office(&["王芳", "张伟", "李娜"]);
    pad(&desk, 10_000);
    let size = std::fs::metadata(&desk.db).unwrap().len();
    let stop = AtomicBool::new(false);
    let copies = 4;
    let (written, timings) = thread::scope(|scope| {
        let writer = scope.spawn(|| {
            let mut written = Vec::new();
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                let output = desk
                    .command(
                        &t("10:00"),
                        &[
                            "visit",
                            "客",
                            "--phone",
                            &format!("137{n:08}"),
                            "--format",
                            "json",
                        ],
                    )
                    .output()
                    .unwrap();
                assert!(
                    output.status.success(),
                    "a visit failed during the backup: {}",
                    String::from_utf8_lossy(&output.stderr)
                );
                let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
                written.push((Instant::now(), json["visit_id"].as_i64().unwrap()));
                n += 1;
            }
            written
        });
        // Let the writer get going, then copy again and again under it.
        thread::sleep(Duration::from_millis(100));
        let mut timings = Vec::new();
        for i in 0..copies {
            let name = format!("copy-{i}.db");
            let started = Instant::now();
            desk.ok(&t("10:00"), &["backup", &name]);
            timings.push((started, Instant::now()));
        }
        thread::sleep(Duration::from_millis(100));
        stop.store(true, Ordering::Relaxed);
        (writer.join().unwrap(), timings)
    });

    let during = |from: Instant, to: Instant| {
        written
            .iter()
            .filter(|(at, _)| *at >= from && *at <= to)
            .count()
    };
    let overlapping: usize = timings.iter().map(|(a, b)| during(*a, *b)).sum();
    eprintln!(
        "backup under load: {size} bytes; {} visits written, {overlapping} of them while one of \
         {copies} backups ran; backups took {:?}",
        written.len(),
        timings
            .iter()
            .map(|(a, b)| b.duration_since(*a))
            .collect::<Vec<_>>()
    );
    assert!(overlapping > 0, "no visit was written during a backup");

    let live = desk.sql();
    let visits_of = |conn: &Connection| -> Vec<(i64, i64)> {
        conn.prepare("SELECT id, customer_id FROM visits ORDER BY id")
            .unwrap()
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let all = visits_of(&live);
    let mut previous = 0;
    for i in 0..copies {
        let copy = desk.path(&format!("copy-{i}.db"));
        assert_eq!(integrity(&copy), "ok", "{}", copy.display());
        assert_eq!(
            dangling(&copy),
            0,
            "{}: a row lost its parent",
            copy.display()
        );
        let conn = Connection::open(&copy).unwrap();
        let orphans: i64 = conn
            .query_row(
                "SELECT count(*) FROM visits v LEFT JOIN customers c ON c.id = v.customer_id
                 WHERE c.id IS NULL",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(orphans, 0, "a visit in {} has no customer", copy.display());
        // Each new visitor is one customer and one visit, written together or not at all.
        let (customers, visits): (i64, i64) = conn
            .query_row(
                "SELECT (SELECT count(*) FROM customers), (SELECT count(*) FROM visits)",
                [],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .unwrap();
        assert_eq!(customers, visits, "{}", copy.display());
        // A copy is a moment of the live register: a prefix of it, never running backwards.
        let copied = visits_of(&conn);
        assert_eq!(copied[..], all[..copied.len()], "{}", copy.display());
        assert!(copied.len() >= previous);
        previous = copied.len();
    }
}

#[test]
fn a_copy_that_fails_its_check_is_thrown_away_and_the_old_backup_kept() {
    let desk = morning();
    let old = desk.path("backup.db");
    desk.ok(&t("12:00"), &["backup", "backup.db"]);
    let old_bytes = std::fs::read(&old).unwrap();
    // Damage an index page of the live file, as a failing disk would: the commands that do not
    // read that index still work, and only a page-by-page check notices.
    let (root, page_size): (i64, i64) = desk
        .sql()
        .query_row(
            "SELECT rootpage, (SELECT page_size FROM pragma_page_size) FROM sqlite_schema
             WHERE name = 'visits_customer'",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .unwrap();
    let mut bytes = std::fs::read(&desk.db).unwrap();
    let page = ((root - 1) * page_size) as usize..(root * page_size) as usize;
    // The index's copy of the first visit's time no longer matches the register.
    let key = b"2026-11-23 09:00";
    let at = page.start
        + bytes[page]
            .windows(key.len())
            .position(|window| window == key)
            .expect("the index holds the visit's time");
    bytes[at + key.len() - 1] = b'9';
    std::fs::write(&desk.db, &bytes).unwrap();
    assert_ne!(integrity(&desk.db), "ok");
    let files = desk.files();

    let output = desk
        .command(&t("13:00"), &["backup", "backup.db", "--force"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("error: the copy fails its integrity check")
            && stderr.contains("visits_customer")
            && stderr.contains("desk.db"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(&old).unwrap(),
        old_bytes,
        "the old backup was spoiled"
    );
    assert_eq!(desk.files(), files, "the failed copy was left behind");
}
