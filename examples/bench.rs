//! How fast the desk answers a visitor, against the cheapest thing that could store one. The
//! benchmark builds a database the size of a busy office's (100,000 customers, about 300,000
//! visits over the last 60 days) in a temporary folder, then times the real release binary
//! registering a new visitor who takes a rotation turn and a returning customer, each run a fresh
//! process as at the desk, beside the `sqlite3` shell inserting one customer row into the same
//! file. The target is a visit in at most twice the time of that INSERT. Run it with
//! `cargo run --release --example bench`; `BENCH_RUNS=N` changes the number of timed runs.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail, ensure};
use chrono::{Duration as Span, NaiveDate, NaiveDateTime};
use comfy_table::{CellAlignment, Table, presets::UTF8_FULL_CONDENSED};
use rusqlite::{Connection, params};

const DEFAULT_RUNS: usize = 200;
/// Untimed runs of each case first, so that the page cache and the binary are warm for all.
const WARMUP: usize = 5;
const CUSTOMERS: usize = 100_000;
/// Visits per customer are 1 to 5, three on average: about 300,000 in all.
const MAX_VISITS_PER_CUSTOMER: u64 = 5;
const HISTORY_DAYS: i64 = 60;
/// A returning customer's last visit is at most this many days old, well inside the month a
/// registration stays valid, so that their visit goes to their rep and not to the rotation.
const RECENT_DAYS: i64 = 10;
const TARGET_RATIO: f64 = 2.0;
const REPS: [&str; 6] = ["王芳", "李娜", "张伟", "刘洋", "陈静", "杨磊"];
const BENCH_DAY: &str = "2026-11-23";
const SEED: u64 = 0x5a1e_5de5_c0ff_ee00;

fn main() -> Result<()> {
    let runs = runs()?;
    let binary = salesdesk_binary()?;
    let folder = TempFolder::new()?;
    let db = folder.path.join("bench.db");
    let mut rng = SplitMix(SEED);
    let mut phones = PhoneSource::default();

    let started = Instant::now();
    for rep in REPS {
        salesdesk(&binary, &db, None, &["rep", "add", rep])?;
    }
    let roster_at = format!("{BENCH_DAY} 09:00");
    let mut roster = vec!["roster", "set"];
    roster.extend(REPS);
    salesdesk(&binary, &db, Some(&roster_at), &roster)?;
    let population = populate(&db, &mut rng, &mut phones, runs + WARMUP)?;
    println!(
        "database: {} customers, {} visits over {HISTORY_DAYS} days, built in {:.1} s",
        CUSTOMERS,
        population.visits,
        started.elapsed().as_secs_f64()
    );

    let peer = sqlite3_available();
    if !peer {
        println!(
            "the peer is missing: `sqlite3 --version` did not run, so there is no INSERT to \
             compare with; install it with `apt-get install -y sqlite3` (the salesdesk figures \
             follow without the ratio)"
        );
    }

    let mut new_visit = Vec::with_capacity(runs);
    let mut returning = Vec::with_capacity(runs);
    let mut insert = Vec::with_capacity(runs);
    let bench_start =
        NaiveDateTime::parse_from_str(&format!("{BENCH_DAY} 10:00"), "%Y-%m-%d %H:%M")
            .context("the bench start time does not parse")?;
    println!("timing {runs} runs of each case (after {WARMUP} untimed)...");
    for i in 0..runs + WARMUP {
        // A day has 840 minutes from 10:00 on; beyond that the clock wraps rather than spilling
        // into tomorrow, whose roster is empty.
        let at = bench_start + Span::minutes((i % 840) as i64);
        let at = at.format("%Y-%m-%d %H:%M").to_string();
        let new_name = format!("客户{}", CUSTOMERS + i + 1);
        let new_phone = phones.fresh(&mut rng);
        let (old_name, old_phone) = &population.returning[i];
        let peer_phone = phones.fresh(&mut rng);
        // Rotating which case goes first spreads any drift (cache, CPU frequency, WAL growth)
        // evenly over the three.
        for step in 0..3 {
            let case = (i + step) % 3;
            let elapsed = match case {
                0 => salesdesk(
                    &binary,
                    &db,
                    Some(&at),
                    &["visit", &new_name, "--phone", &new_phone],
                )?,
                1 => salesdesk(
                    &binary,
                    &db,
                    Some(&at),
                    &["visit", old_name, "--phone", old_phone],
                )?,
                _ if peer => sqlite3_insert(&db, &peer_phone)?,
                _ => continue,
            };
            if i < WARMUP {
                continue;
            }
            match case {
                0 => new_visit.push(elapsed),
                1 => returning.push(elapsed),
                _ => insert.push(elapsed),
            }
        }
    }

    let new_stats = Stats::of(&new_visit);
    let returning_stats = Stats::of(&returning);
    let insert_stats = peer.then(|| Stats::of(&insert));
    print_table(
        &[
            ("visit, new visitor (rotation turn)", Some(&new_stats)),
            ("visit, returning customer", Some(&returning_stats)),
            ("sqlite3 INSERT INTO customers", insert_stats.as_ref()),
        ],
        insert_stats.as_ref(),
    );
    match &insert_stats {
        Some(peer) => {
            println!("target: visit ≤ {TARGET_RATIO}× sqlite3 INSERT (medians)");
            for (case, stats) in [("new visitor", &new_stats), ("returning", &returning_stats)] {
                let ratio = stats.median / peer.median;
                let verdict = if ratio <= TARGET_RATIO {
                    "met"
                } else {
                    "missed"
                };
                println!("  {case}: {ratio:.2}× — {verdict}");
            }
        }
        None => println!("target: visit ≤ {TARGET_RATIO}× sqlite3 INSERT (not judged: no sqlite3)"),
    }
    check_paths(&db, runs + WARMUP)
}

/// `BENCH_RUNS`, else the default.
fn runs() -> Result<usize> {
    match std::env::var("BENCH_RUNS") {
        Err(_) => Ok(DEFAULT_RUNS),
        Ok(raw) => {
            let runs: usize = raw
                .trim()
                .parse()
                .with_context(|| format!("BENCH_RUNS={raw:?} is not a whole number"))?;
            ensure!(runs > 0, "BENCH_RUNS must be at least 1");
            Ok(runs)
        }
    }
}

/// The release binary, built first when it is missing or older than the sources: the example
/// does not depend on the binary, so `cargo run --example` alone never rebuilds it.
fn salesdesk_binary() -> Result<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let target = root.join("target");
    let binary = target.join("release").join("salesdesk");
    let built = fs::metadata(&binary).and_then(|m| m.modified()).ok();
    let mut newest = UNIX_EPOCH;
    for source in ["src", "schema.sql", "Cargo.toml", "Cargo.lock"] {
        newest = newest.max(newest_in(&root.join(source))?);
    }
    if built.is_none_or(|built| built < newest) {
        println!("building {} ...", binary.display());
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
        // An explicit target dir keeps the binary where this function looks for it even when
        // CARGO_TARGET_DIR points elsewhere.
        let status = Command::new(&cargo)
            .args(["build", "--release", "--bin", "salesdesk", "--target-dir"])
            .arg(&target)
            .current_dir(root)
            .status()
            .with_context(|| format!("cannot run {cargo} build"))?;
        ensure!(
            status.success(),
            "`cargo build --release --bin salesdesk` failed ({status})"
        );
    }
    ensure!(
        binary.is_file(),
        "{} is missing after the build",
        binary.display()
    );
    Ok(binary)
}

/// The latest modification time under `path`; a missing path counts as never modified.
fn newest_in(path: &Path) -> Result<SystemTime> {
    let Ok(meta) = fs::metadata(path) else {
        return Ok(UNIX_EPOCH);
    };
    let mut newest = meta
        .modified()
        .with_context(|| format!("cannot read the time of {}", path.display()))?;
    if meta.is_dir() {
        for entry in
            fs::read_dir(path).with_context(|| format!("cannot list {}", path.display()))?
        {
            let entry = entry.with_context(|| format!("cannot list {}", path.display()))?;
            newest = newest.max(newest_in(&entry.path())?);
        }
    }
    Ok(newest)
}

/// A folder of its own under the system temp dir, removed when the benchmark ends, failed or not.
struct TempFolder {
    path: PathBuf,
}

impl TempFolder {
    fn new() -> Result<TempFolder> {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let path =
            std::env::temp_dir().join(format!("salesdesk-bench-{}-{nanos}", std::process::id()));
        fs::create_dir(&path)
            .with_context(|| format!("cannot create the folder {}", path.display()))?;
        Ok(TempFolder { path })
    }
}

impl Drop for TempFolder {
    fn drop(&mut self) {
        if let Err(err) = fs::remove_dir_all(&self.path) {
            eprintln!("warning: cannot remove {}: {err}", self.path.display());
        }
    }
}

/// Runs one salesdesk command to completion and returns its wall-clock time.
fn salesdesk(binary: &Path, db: &Path, at: Option<&str>, args: &[&str]) -> Result<Duration> {
    let mut command = Command::new(binary);
    command.arg("--db").arg(db);
    if let Some(at) = at {
        command.args(["--at", at]);
    }
    command.args(args);
    let started = Instant::now();
    let output = command
        .output()
        .with_context(|| format!("cannot run {}", binary.display()))?;
    let elapsed = started.elapsed();
    succeeded(&output, &format!("salesdesk {}", args.join(" ")))?;
    Ok(elapsed)
}

fn sqlite3_available() -> bool {
    Command::new("sqlite3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The peer: a fresh `sqlite3` process inserting one customer, the least a visit has to do.
fn sqlite3_insert(db: &Path, phone: &str) -> Result<Duration> {
    let sql = format!(
        "INSERT INTO customers(name, phone, class, created_at) \
         VALUES ('x', '{phone}', 'potential', '{BENCH_DAY} 10:00:00');"
    );
    let started = Instant::now();
    let output = Command::new("sqlite3")
        .arg(db)
        .arg(&sql)
        .output()
        .context("cannot run sqlite3")?;
    let elapsed = started.elapsed();
    succeeded(&output, &format!("sqlite3 {sql}"))?;
    Ok(elapsed)
}

/// A failed run would time an error path, so the benchmark stops and says why.
fn succeeded(output: &Output, what: &str) -> Result<()> {
    if !output.status.success() {
        bail!(
            "`{what}` failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(())
}

/// splitmix64: deterministic, so every run of the benchmark sees the same database.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound
    }
}

/// Mobile numbers 13xxxxxxxxx, never the same one twice: `phone` is UNIQUE, and a repeated
/// "new" phone would silently turn a new visitor into a returning one.
#[derive(Default)]
struct PhoneSource {
    used: HashSet<u64>,
}

impl PhoneSource {
    fn fresh(&mut self, rng: &mut SplitMix) -> String {
        loop {
            let tail = rng.below(1_000_000_000);
            if self.used.insert(tail) {
                return format!("13{tail:09}");
            }
        }
    }
}

struct Population {
    visits: usize,
    /// (name, phone) of distinct customers seen in the last few days, one per run.
    returning: Vec<(String, String)>,
}

/// Fills the customers and their earlier visits in one transaction, straight through rusqlite:
/// going through the binary would take hours and is not what is being measured.
fn populate(
    db: &Path,
    rng: &mut SplitMix,
    phones: &mut PhoneSource,
    wanted_returning: usize,
) -> Result<Population> {
    let today =
        NaiveDate::parse_from_str(BENCH_DAY, "%Y-%m-%d").context("the bench day does not parse")?;
    let mut conn = Connection::open(db).with_context(|| format!("cannot open {}", db.display()))?;
    let reps: Vec<i64> = conn
        .prepare("SELECT id FROM reps ORDER BY id")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .context("cannot read the reps")?;
    ensure!(
        reps.len() == REPS.len(),
        "expected {} reps, found {}",
        REPS.len(),
        reps.len()
    );

    // Each customer keeps to one rep, as the ownership rules make them do.
    let mut customers: Vec<(Vec<NaiveDateTime>, i64)> = (0..CUSTOMERS)
        .map(|_| {
            let count = 1 + rng.below(MAX_VISITS_PER_CUSTOMER);
            let mut times: Vec<NaiveDateTime> = (0..count)
                .map(|_| {
                    let day = today - Span::days(1 + rng.below(HISTORY_DAYS as u64) as i64);
                    let second = 9 * 3600 + rng.below(9 * 3600) as u32;
                    day.and_hms_opt(second / 3600, second / 60 % 60, second % 60)
                        .unwrap_or_else(|| day.and_time(chrono::NaiveTime::MIN))
                })
                .collect();
            times.sort();
            let rep = reps[rng.below(reps.len() as u64) as usize];
            (times, rep)
        })
        .collect();
    // Ids follow the first visit, as they would had the desk registered them one by one.
    customers.sort_by_key(|(times, _)| times[0]);

    let mut visits: Vec<(NaiveDateTime, i64, i64)> = Vec::new();
    let mut recent = Vec::new();
    let cutoff = today - Span::days(RECENT_DAYS);
    let tx = conn.transaction().context("cannot start the fill")?;
    {
        let mut insert = tx
            .prepare(
                "INSERT INTO customers (id, name, phone, class, created_at)
                 VALUES (?1, ?2, ?3, 'potential', ?4)",
            )
            .context("cannot prepare the customer insert")?;
        for (index, (times, rep)) in customers.iter().enumerate() {
            let id = index as i64 + 1;
            let name = format!("客户{id}");
            let phone = phones.fresh(rng);
            let created = times[0].format("%Y-%m-%d %H:%M:%S").to_string();
            insert
                .execute(params![id, name, phone, created])
                .with_context(|| format!("cannot insert customer {id}"))?;
            visits.extend(times.iter().map(|&at| (at, id, *rep)));
            if times[times.len() - 1].date() >= cutoff {
                recent.push((name, phone));
            }
        }
        visits.sort();
        let mut insert = tx
            .prepare(
                "INSERT INTO visits (customer_id, rep_id, at, day, kind, channel, reason, turn,
                                     recorded_at)
                 VALUES (?1, ?2, ?3, ?4, 'visit', 'walk-in', 'rotation', 1, ?3)",
            )
            .context("cannot prepare the visit insert")?;
        for (at, customer, rep) in &visits {
            let time = at.format("%Y-%m-%d %H:%M:%S").to_string();
            let day = at.format("%Y-%m-%d").to_string();
            insert
                .execute(params![customer, rep, time, day])
                .with_context(|| format!("cannot insert a visit of customer {customer}"))?;
        }
    }
    tx.commit().context("cannot commit the fill")?;
    // Closing the last connection checkpoints the WAL, so the timed runs start from a plain file.
    conn.close()
        .map_err(|(_, err)| err)
        .context("cannot close the database after the fill")?;

    ensure!(
        recent.len() >= wanted_returning,
        "only {} customers visited in the last {RECENT_DAYS} days; lower BENCH_RUNS",
        recent.len()
    );
    // A partial shuffle spreads the chosen customers over the whole id range.
    for i in 0..wanted_returning {
        let j = i + rng.below((recent.len() - i) as u64) as usize;
        recent.swap(i, j);
    }
    recent.truncate(wanted_returning);
    Ok(Population {
        visits: visits.len(),
        returning: recent,
    })
}

/// Fails when the timed visits did not take the paths they are meant to time.
fn check_paths(db: &Path, expected: usize) -> Result<()> {
    let conn = Connection::open(db).with_context(|| format!("cannot open {}", db.display()))?;
    let count = |reason: &str| -> Result<i64> {
        conn.query_row(
            "SELECT count(*) FROM visits WHERE day = ?1 AND reason = ?2",
            params![BENCH_DAY, reason],
            |r| r.get(0),
        )
        .with_context(|| format!("cannot count the {reason} visits"))
    };
    let (rotation, returning) = (count("rotation")?, count("returning")?);
    ensure!(
        rotation == expected as i64 && returning == expected as i64,
        "the timed visits took other paths than meant: {rotation} rotation and {returning} \
         returning entries on {BENCH_DAY}, {expected} of each expected"
    );
    Ok(())
}

struct Stats {
    runs: usize,
    median: f64,
    p95: f64,
    mean: f64,
}

impl Stats {
    /// Milliseconds; p95 by nearest rank.
    fn of(samples: &[Duration]) -> Stats {
        let mut ms: Vec<f64> = samples.iter().map(|d| d.as_secs_f64() * 1e3).collect();
        ms.sort_by(f64::total_cmp);
        let n = ms.len();
        let median = if n % 2 == 1 {
            ms[n / 2]
        } else {
            (ms[n / 2 - 1] + ms[n / 2]) / 2.0
        };
        let rank = ((n as f64) * 0.95).ceil() as usize;
        Stats {
            runs: n,
            median,
            p95: ms[rank.clamp(1, n) - 1],
            mean: ms.iter().sum::<f64>() / n as f64,
        }
    }
}

fn print_table(rows: &[(&str, Option<&Stats>)], peer: Option<&Stats>) {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED).set_header(vec![
        "case",
        "runs",
        "median ms",
        "p95 ms",
        "mean ms",
        "median ÷ sqlite3",
    ]);
    for (case, stats) in rows {
        let Some(stats) = stats else {
            let mut row = vec![format!("{case} (skipped: no sqlite3)")];
            row.extend(std::iter::repeat_n("—".to_string(), 5));
            table.add_row(row);
            continue;
        };
        let ratio = peer
            .map(|p| format!("{:.2}×", stats.median / p.median))
            .unwrap_or_else(|| "—".to_string());
        table.add_row(vec![
            case.to_string(),
            stats.runs.to_string(),
            format!("{:.2}", stats.median),
            format!("{:.2}", stats.p95),
            format!("{:.2}", stats.mean),
            ratio,
        ]);
    }
    for column in 1..6 {
        if let Some(column) = table.column_mut(column) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    println!("{table}");
}
