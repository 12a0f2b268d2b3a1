//! `group`: many project files read at once by the group customer centre, read-only. Each test
//! builds its projects with the binary, the way the offices would, then checks that reading them
//! changed nothing: not a byte of the file, not its modification time, not its side files.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

use crate::harness::{CLOCK, Desk, t};

/// A project file with a visit and a complaint, named `name.db` in the desk's folder.
pub fn project(desk: &Desk, name: &str, visitors: usize) -> PathBuf {
    let db = desk.path(&format!("{name}.db"));
    let run = |args: &[&str]| {
        desk.command_on(&db, &t("09:00"), args).assert().success();
    };
    run(&["rep", "add", "王芳"]);
    run(&["roster", "set", "王芳"]);
    for n in 0..visitors {
        desk.command_on(
            &db,
            &t(&format!("10:{n:02}")),
            &[
                "visit",
                &format!("客{n}"),
                "--phone",
                &format!("1380000{n:04}"),
            ],
        )
        .assert()
        .success();
    }
    desk.command_on(
        &db,
        &t("11:00"),
        &[
            "complaint",
            "new",
            "门窗漏风",
            "--phone",
            "13800000000",
            "--channel",
            "phone",
            "--category",
            "quality",
        ],
    )
    .assert()
    .success();
    db
}

/// What must not change: the file's bytes, its modification time and the side files beside it.
fn fingerprint(db: &Path) -> (u64, std::time::SystemTime, Vec<String>) {
    let bytes = std::fs::read(db).unwrap();
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    let modified = std::fs::metadata(db).unwrap().modified().unwrap();
    let name = db.file_name().unwrap().to_string_lossy().into_owned();
    let mut side: Vec<String> = std::fs::read_dir(db.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&name) && *n != name)
        .collect();
    side.sort();
    (hasher.finish(), modified, side)
}

/// `翠湖苑.db-wal` beside `翠湖苑.db`.
fn side(db: &Path, suffix: &str) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// `salesdesk group ARGS` with the tests' clock and no database of its own.
pub fn group(desk: &Desk, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_salesdesk"));
    command
        .env_remove("SALESDESK_DB")
        .env_remove("LANG")
        .env("SALESDESK_CLOCK", CLOCK)
        .current_dir(desk.dir.path())
        .args(["--at", &t("18:00"), "group"])
        .args(args);
    command
}

/// `salesdesk group ARGS --format json`: the exit code, the JSON printed, the stderr.
fn group_json(desk: &Desk, args: &[&str]) -> (Option<i32>, Value, String) {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let output = group(desk, &all).output().unwrap();
    let json = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
    (
        output.status.code(),
        json,
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn offices_json(desk: &Desk, args: &[&str]) -> (Option<i32>, Value, String) {
    let mut all = vec!["offices"];
    all.extend_from_slice(args);
    group_json(desk, &all)
}

/// `group report --offices . KIND ARGS` as JSON, over every project in the desk's folder.
fn folder_report(desk: &Desk, report: &[&str]) -> (Option<i32>, Value, String) {
    let mut all = vec!["report", "--offices", "."];
    all.extend_from_slice(report);
    group_json(desk, &all)
}

#[test]
fn reading_projects_changes_nothing_in_them() {
    let desk = Desk::new();
    let files: Vec<PathBuf> = ["翠湖苑", "金桂园", "锦绣城"]
        .iter()
        .enumerate()
        .map(|(i, name)| project(&desk, name, i + 1))
        .collect();
    // Let the modification times settle, so that a write during the read would show.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let before: Vec<_> = files.iter().map(|f| fingerprint(f)).collect();
    let (code, json, stderr) = offices_json(
        &desk,
        &[
            "--office",
            "翠湖苑.db",
            "--office",
            "金桂园.db",
            "--office",
            "锦绣城.db",
        ],
    );
    assert_eq!(code, Some(0), "{stderr}");
    let rows = json.as_array().unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1]["project"], "金桂园");
    assert_eq!(rows[1]["status"], "ok");
    assert_eq!(rows[1]["visits"], 2);
    assert_eq!(rows[2]["complaints"], 1);
    assert_eq!(rows[0]["latest_entry"], "2026-11-23 10:00");
    let after: Vec<_> = files.iter().map(|f| fingerprint(f)).collect();
    assert_eq!(after, before, "a project file or its side files changed");
}

#[test]
fn a_wal_left_by_a_clerk_process_is_read_and_left_as_it_was() {
    let desk = Desk::new();
    let db = project(&desk, "翠湖苑", 1);
    // A clerk process ended without folding its WAL into the file (killed, or the file copied
    // with its -wal): the last change lives in the -wal alone.
    let clerk = rusqlite::Connection::open(&db).unwrap();
    clerk
        .set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
            true,
        )
        .unwrap();
    clerk
        .execute(
            "INSERT INTO reps (name, phone, created_at) VALUES ('李娜', NULL, '2026-11-23 12:00')",
            [],
        )
        .unwrap();
    drop(clerk);
    let wal = side(&db, "-wal");
    let wal_before = std::fs::read(&wal).unwrap();
    assert!(!wal_before.is_empty(), "the change is in the WAL");
    let before = fingerprint(&db);
    let (code, json, stderr) = offices_json(&desk, &["--office", "翠湖苑.db"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(json[0]["reps"], 2, "the WAL's change is read");
    assert_eq!(
        fingerprint(&db),
        before,
        "the file or its side files changed"
    );
    assert_eq!(
        std::fs::read(&wal).unwrap(),
        wal_before,
        "the WAL was written"
    );
}

#[test]
fn unreadable_offices_are_named_and_the_rest_still_reported() {
    let desk = Desk::new();
    project(&desk, "翠湖苑", 1);
    std::fs::write(
        desk.path("坏文件.db"),
        b"this is not a database at all, just text",
    )
    .unwrap();
    let foreign = rusqlite::Connection::open(desk.path("别家.db")).unwrap();
    foreign
        .execute("CREATE TABLE things (id INTEGER)", [])
        .unwrap();
    drop(foreign);
    let newer_db = project(&desk, "新版本", 1);
    let newer = rusqlite::Connection::open(&newer_db).unwrap();
    newer.pragma_update(None, "user_version", 999).unwrap();
    drop(newer);
    let before = fingerprint(&newer_db);

    let (code, json, stderr) = offices_json(&desk, &["--offices", ".", "--office", "没有.db"]);
    assert_eq!(
        code,
        Some(1),
        "exit 1 when any office was skipped: {stderr}"
    );
    let status: Vec<(&str, &str)> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["project"].as_str().unwrap(),
                r["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        status,
        [
            ("没有", "missing"),
            ("别家", "foreign"),
            ("坏文件", "corrupt"),
            ("新版本", "newer"),
            ("翠湖苑", "ok"),
        ]
    );
    for named in [
        "没有.db",
        "别家.db",
        "坏文件.db",
        "新版本.db: schema version 999",
    ] {
        assert!(stderr.contains(named), "{named} not named: {stderr}");
    }
    assert_eq!(
        fingerprint(&newer_db),
        before,
        "a newer file is never upgraded"
    );

    let strict = group(
        &desk,
        &["offices", "--offices", ".", "--strict", "--format", "json"],
    )
    .output()
    .unwrap();
    assert_eq!(strict.status.code(), Some(1));
    assert!(strict.stdout.is_empty(), "--strict prints nothing");
    assert!(String::from_utf8_lossy(&strict.stderr).contains("坏文件.db"));
}

#[test]
fn no_office_named_is_bad_input() {
    let desk = Desk::new();
    let output = group(&desk, &["offices"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--office"));
}

/// Every total in `group` equals, field by field, the sum of that section's rows over the
/// single-project reports; every project's report is the single report's, rows and all.
fn check_totals(group: &Value, singles: &[Value], sections: &[&str]) {
    let projects = group["projects"].as_array().expect("projects");
    assert_eq!(projects.len(), singles.len());
    for section in sections {
        for (project, single) in projects.iter().zip(singles) {
            let rows = project[section].as_array().unwrap();
            let expected = single[section].as_array().unwrap();
            assert_eq!(
                rows.len(),
                expected.len(),
                "{section} of {}",
                project["project"]
            );
        }
        let single_rows: Vec<&Value> = singles
            .iter()
            .flat_map(|s| s[section].as_array().unwrap().iter())
            .collect();
        match group["group"].get(*section) {
            Some(total) => {
                for (field, value) in total.as_object().unwrap() {
                    if let Some(sum) = value.as_i64() {
                        let expected: i64 =
                            single_rows.iter().filter_map(|r| r[field].as_i64()).sum();
                        assert_eq!(sum, expected, "{section}.{field}");
                    }
                }
            }
            None => assert!(
                single_rows.is_empty()
                    || single_rows[0]
                        .as_object()
                        .unwrap()
                        .keys()
                        .any(|k| k.ends_with("id")),
                "{section} has no group total: {group}"
            ),
        }
    }
}

#[test]
fn group_totals_are_the_sums_of_the_project_reports() {
    let desk = Desk::new();
    let files: Vec<PathBuf> = ["翠湖苑", "金桂园", "锦绣城"]
        .iter()
        .enumerate()
        .map(|(i, name)| project(&desk, name, i + 2))
        .collect();
    let single = |db: &Path, args: &[&str]| -> Value {
        let mut all = args.to_vec();
        all.extend(["--format", "json"]);
        let output = desk
            // The moment the group centre reads at: a report of a day still going judges its
            // complaints at that moment.
            .command_on(db, &t("18:00"), &all)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).unwrap()
    };
    let grouped = |args: &[&str]| -> Value {
        let (code, json, stderr) = folder_report(&desk, args);
        assert_eq!(code, Some(0), "{stderr}");
        json
    };
    let daily = ["report", "daily", "--date", "2026-11-23"];
    let singles: Vec<Value> = files.iter().map(|f| single(f, &daily)).collect();
    let group_daily = grouped(&daily[1..]);
    assert_eq!(group_daily["projects_read"], 3);
    assert_eq!(group_daily["projects_skipped"], 0);
    assert_eq!(group_daily["date"], "2026-11-23");
    assert_eq!(group_daily["projects"][1]["project"], "金桂园");
    check_totals(
        &group_daily,
        &singles,
        &[
            "visits_by_rep",
            "visits_by_channel",
            "complaints",
            "ledger",
            "unapproved",
        ],
    );
    assert_eq!(
        group_daily["group"]["visits_by_rep"]["visits"],
        2 + 3 + 4,
        "{group_daily}"
    );
    assert_eq!(group_daily["group"]["visits_by_rep"]["project"], "group");
    assert!(
        group_daily["group"].get("ledger").is_none(),
        "a listing has no total"
    );

    // The CSV holds the same: a head row, every project's rows, the group's rows, the counts.
    let csv = group(
        &desk,
        &[
            "report",
            "--offices",
            ".",
            "--format",
            "csv",
            "daily",
            "--date",
            "2026-11-23",
        ],
    )
    .output()
    .unwrap();
    let csv = String::from_utf8(csv.stdout).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(
        lines[0].starts_with("section,report,date,as_of,project,"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with("report,daily,2026-11-23,"),
        "{}",
        lines[1]
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("visits_by_rep,,,,group,,9,")),
        "{csv}"
    );
    assert!(lines.last().unwrap().starts_with("offices,"), "{csv}");
    assert!(lines.last().unwrap().ends_with(",3,0"), "{csv}");

    let monthly = ["report", "monthly", "--month", "2026-11"];
    let singles: Vec<Value> = files.iter().map(|f| single(f, &monthly)).collect();
    check_totals(
        &grouped(&monthly[1..]),
        &singles,
        &["by_class", "by_category"],
    );

    let weekly = ["report", "weekly", "--week", "2026-11-23"];
    let singles: Vec<Value> = files.iter().map(|f| single(f, &weekly)).collect();
    check_totals(&grouped(&weekly[1..]), &singles, &["by_rep", "totals"]);
}

#[test]
fn a_project_locked_for_long_is_skipped_after_the_wait() {
    let desk = Desk::new();
    project(&desk, "翠湖苑", 1);
    let locked = project(&desk, "金桂园", 1);
    // A process holding the file in exclusive locking mode keeps every reader out.
    let holder = rusqlite::Connection::open(&locked).unwrap();
    holder
        .pragma_update(None, "locking_mode", "EXCLUSIVE")
        .unwrap();
    holder
        .execute(
            "INSERT INTO reps (name, phone, created_at) VALUES ('李娜', NULL, '2026-11-23 12:00')",
            [],
        )
        .unwrap();
    let (code, json, stderr) = offices_json(&desk, &["--offices", ".", "--wait", "0"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("金桂园.db: locked"), "{stderr}");
    assert_eq!(json[0]["status"], "ok");
    assert_eq!(json[1]["status"], "locked");
    drop(holder);
}

#[test]
fn a_clerk_writing_during_the_group_report_never_makes_a_project_disagree_with_itself() {
    let desk = Desk::new();
    let db = project(&desk, "翠湖苑", 1);
    project(&desk, "金桂园", 1);
    let finished = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|scope| {
        // A clerk registers visitors one after another, each in its own transaction, while
        // the group centre reads.
        scope.spawn(|| {
            for n in 0..40 {
                desk.command_on(
                    &db,
                    &format!("2026-11-23 13:{n:02}"),
                    &["visit", &format!("客{n}"), "--phone", &format!("139{n:08}")],
                )
                .assert()
                .success();
            }
            finished.store(true, std::sync::atomic::Ordering::SeqCst);
        });
        let mut reads = 0;
        loop {
            let done = finished.load(std::sync::atomic::Ordering::SeqCst);
            let (code, report, stderr) = folder_report(&desk, &["daily", "--date", "2026-11-23"]);
            assert_eq!(code, Some(0), "{stderr}");
            // Within each project, the visits by rep and by channel are two views of the same
            // entries: they agree when each project is read at one moment.
            for project in report["projects"].as_array().unwrap() {
                let sum = |section: &str| -> i64 {
                    project[section]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|r| r["visits"].as_i64().unwrap())
                        .sum()
                };
                assert_eq!(
                    sum("visits_by_rep"),
                    sum("visits_by_channel"),
                    "{}",
                    project["project"]
                );
            }
            reads += 1;
            if done {
                let last = report["projects"][0]["visits_by_rep"][0]["visits"].clone();
                assert_eq!(last, 41, "the last read sees every visit");
                break;
            }
        }
        assert!(reads > 1, "the reads overlapped the writes");
    });
}

#[test]
fn an_older_file_is_listed_and_skipped_by_a_report_it_cannot_serve_but_never_upgraded() {
    let desk = Desk::new();
    project(&desk, "翠湖苑", 1);
    let old = desk.path("老楼盘.db");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema-v1.db"),
        &old,
    )
    .unwrap();
    let before = fingerprint(&old);
    let (code, json, stderr) = offices_json(&desk, &["--offices", "."]);
    assert_eq!(code, Some(0), "an older file is read as it is: {stderr}");
    assert_eq!(json[1]["project"], "老楼盘");
    assert_eq!(json[1]["schema_version"], 1);
    assert!(json[1]["visits"].as_i64().unwrap() > 0, "{json}");
    assert_eq!(
        json[1]["deals"],
        Value::Null,
        "version 1 had no deals table"
    );

    let (code, report, stderr) = group_json(
        &desk,
        &[
            "report",
            "--offices",
            ".",
            "--office",
            "没有.db",
            "daily",
            "--date",
            "2026-11-23",
        ],
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("老楼盘.db: schema version 1"), "{stderr}");
    assert!(stderr.contains("没有.db: no such file"), "{stderr}");
    assert_eq!(report["projects_read"], 1);
    assert_eq!(report["projects_skipped"], 2);
    assert_eq!(fingerprint(&old), before, "an older file is never upgraded");
}

#[test]
fn a_project_without_the_survey_wave_is_left_out_and_a_bad_period_stops_the_run() {
    let desk = Desk::new();
    let surveyed = project(&desk, "翠湖苑", 1);
    project(&desk, "金桂园", 1);
    desk.command_on(
        &surveyed,
        &t("12:00"),
        &["survey", "new", "2026H2", "--standard"],
    )
    .assert()
    .success();
    let (code, report, stderr) = folder_report(&desk, &["survey", "--survey", "2026H2"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("金桂园.db: the report cannot be made from it"),
        "{stderr}"
    );
    assert_eq!(report["projects_read"], 1);
    assert_eq!(report["projects"][0]["project"], "翠湖苑");

    let output = group(
        &desk,
        &["report", "--offices", ".", "daily", "--date", "明天"],
    )
    .output()
    .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
}

#[test]
fn the_group_files_each_period_and_project_under_its_own_name_and_refuses_one_to_come() {
    let desk = Desk::new();
    project(&desk, "翠湖苑", 2);
    project(&desk, "金桂园", 1);
    let run = |args: &[&str]| {
        let mut all = vec!["report", "--offices", "."];
        all.extend_from_slice(args);
        group(&desk, &all).output().unwrap()
    };
    // The group's file, named after the day reported and the day it ran.
    let done = run(&[
        "daily",
        "--date",
        "today",
        "--output",
        "g-{period}-{date}.csv",
    ]);
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert!(desk.path("g-2026-11-23-2026-11-23.csv").exists());
    // One file per project with {project}.
    let done = run(&[
        "monthly",
        "--month",
        "this",
        "--output",
        "{project}-{period}.json",
    ]);
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    for name in ["翠湖苑", "金桂园"] {
        let text = std::fs::read_to_string(desk.path(&format!("{name}-2026-11.json"))).unwrap();
        let json: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json["month"], "2026-11");
        assert!(json["fairness"].is_array(), "{text}");
    }
    // The fairness audit over the group.
    let (code, report, stderr) = folder_report(&desk, &["fairness", "--week", "this"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(report["projects_read"], 2);
    assert_eq!(report["projects"][0]["reps"][0]["rep"], "王芳");
    // A period to come and an unknown word stop the run with nothing written.
    let before = desk.files();
    for args in [
        &["monthly", "--month", "2031-01"][..],
        &["daily", "--output", "g-{day}.csv"],
    ] {
        let output = run(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("is the year right?") || stderr.contains("{day}"),
            "{stderr}"
        );
    }
    assert_eq!(desk.files(), before);
}

#[test]
fn one_section_of_the_group_report_reads_alone_with_every_project_and_the_period_on_each_row() {
    let desk = Desk::new();
    project(&desk, "翠湖苑", 2);
    project(&desk, "金桂园", 1);
    let run = |args: &[&str]| {
        let mut all = vec!["report", "--offices", ".", "daily", "--date", "today"];
        all.extend_from_slice(args);
        let done = group(&desk, &all).output().unwrap();
        assert!(
            done.status.success(),
            "{}",
            String::from_utf8_lossy(&done.stderr)
        );
        String::from_utf8(done.stdout).unwrap()
    };
    let listed = run(&["--sections", "--format", "csv"]);
    assert!(
        listed.lines().any(|l| l.starts_with("visits_by_rep,")),
        "{listed}"
    );
    let tidy = run(&["--section", "visits_by_rep", "--format", "csv"]);
    let mut lines = tidy.lines();
    let header = lines.next().unwrap();
    assert!(
        header.starts_with("report,date,as_of,") && header.contains(",project,"),
        "{header}"
    );
    let rows: Vec<&str> = lines.collect();
    for project in ["翠湖苑", "金桂园", "group"] {
        assert!(
            rows.iter()
                .any(|r| r.starts_with("daily,2026-11-23,") && r.contains(project)),
            "{project} in {rows:?}"
        );
    }
    let refused = group(
        &desk,
        &["report", "--offices", ".", "daily", "--section", "nonesuch"],
    )
    .output()
    .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("visits_by_rep"));
}
