//! `import`: a CSV of 1,000,000 register lines imported by the release binary, against the
//! `sqlite3` shell's `.import` and a plain INSERT … SELECT into the register; then one import
//! watched for how long it holds the write lock while a clerk registers a visitor.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, ensure};
use chrono::{Duration as Span, NaiveDate, NaiveTime};
use rusqlite::Connection;

use crate::harness::{
    REPORT_REPS, SEED, Stats, print_table, ratio_cell, runs, salesdesk, sqlite3_available,
    thousands, timed, timed_with_peak,
};
use crate::support::{SplitMix, TempFolder};

/// The import file: register lines, customers among them, reps named in them.
const IMPORT_LINES: usize = 1_000_000;
const IMPORT_CUSTOMERS: u64 = 200_000;
const IMPORT_DAYS: u64 = 1_000;
const DEFAULT_IMPORT_RUNS: usize = 3;
const IMPORT_TARGET: f64 = 2.0;
const IMPORT_MEMORY_TARGET_MB: f64 = 64.0;

/// Writes the import file: lines in time order, each customer coming back now and then.
fn write_import_file(path: &Path) -> Result<()> {
    use std::io::Write;
    let file =
        fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    let mut out = std::io::BufWriter::new(file);
    let mut rng = SplitMix(SEED ^ 0x1111);
    let start = NaiveDate::from_ymd_opt(2024, 1, 1)
        .context("the first day")?
        .and_time(NaiveTime::MIN);
    writeln!(out, "姓名,电话,来访时间,置业顾问,渠道").context("cannot write the import file")?;
    let per_day = (IMPORT_LINES as u64).div_ceil(IMPORT_DAYS);
    for line in 0..IMPORT_LINES as u64 {
        let customer = rng.below(IMPORT_CUSTOMERS);
        let at = start
            + Span::days((line / per_day) as i64)
            + Span::minutes(9 * 60 + (line % per_day) as i64 * 540 / per_day as i64);
        writeln!(
            out,
            "客户{customer},139{customer:08},{},{},{}",
            at.format("%Y-%m-%d %H:%M"),
            REPORT_REPS[(customer % 20) as usize],
            ["上门", "网络", "活动", "介绍"][rng.below(4) as usize]
        )
        .context("cannot write the import file")?;
    }
    out.flush().context("cannot write the import file")
}

/// The least SQLite itself does to put the import file into the register, for the sqlite3
/// shell: the lines go to a temporary table, the customers are registered with one INSERT …
/// SELECT, the entries with another in customer order, with foreign keys on, and the day index
/// and the replace guard are set aside and put back as salesdesk does for a large import. No
/// line is checked, no duplicate is looked for and no ownership rule is applied, so this is a
/// floor for any import into this schema rather than a rival.
fn register_script(template: &Path, file: &Path) -> Result<String> {
    let conn = Connection::open(template).context("cannot open the template database")?;
    let definition = |name: &str| -> Result<String> {
        conn.query_row(
            "SELECT sql FROM sqlite_schema WHERE name = ?1",
            [name],
            |row| row.get(0),
        )
        .with_context(|| format!("cannot read the definition of {name}"))
    };
    let (index, guard) = (
        definition("visits_day")?,
        definition("visits_append_only_replace")?,
    );
    Ok(format!(
        "PRAGMA foreign_keys = ON;
CREATE TEMP TABLE v(name TEXT, phone TEXT, visited_at TEXT, rep TEXT, channel TEXT);
.import --csv --skip 1 --schema temp {file} v
BEGIN IMMEDIATE;
DROP INDEX visits_day;
DROP TRIGGER visits_append_only_replace;
INSERT INTO customers (name, phone, class, created_at)
    SELECT name, phone, 'potential', min(visited_at) || ':00' FROM temp.v GROUP BY phone;
INSERT INTO visits (customer_id, rep_id, at, day, kind, channel, reason, recorded_at)
    SELECT c.id, r.id, v.visited_at || ':00', substr(v.visited_at, 1, 10), 'visit', 'walk-in',
           'rotation', '2026-11-23 10:00:00'
    FROM temp.v v JOIN customers c ON c.phone = v.phone JOIN reps r ON r.name = v.rep
    ORDER BY c.id, v.visited_at;
{index};
{guard};
COMMIT;
",
        file = file.display()
    ))
}

pub(crate) fn import_bench(binary: &Path) -> Result<()> {
    let runs = runs(DEFAULT_IMPORT_RUNS)?;
    let folder = TempFolder::new("bench")?;
    let file = folder.path.join("register.csv");
    let started = Instant::now();
    write_import_file(&file)?;
    let size = fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
    println!(
        "import file: {} lines, {:.1} MB, written in {:.1} s",
        thousands(IMPORT_LINES),
        size as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    let reps = folder.path.join("reps.csv");
    fs::write(&reps, format!("姓名\n{}\n", REPORT_REPS.join("\n")))
        .context("cannot write the reps file")?;
    let template = folder.path.join("template.db");
    salesdesk(
        binary,
        &template,
        None,
        &["import", "reps", reps.to_str().context("path")?],
    )?;

    let peer = sqlite3_available();
    let script = folder.path.join("register.sql");
    fs::write(&script, register_script(&template, &file)?)
        .context("cannot write the sqlite3 script")?;
    let mut ours = Vec::new();
    let mut peaks = Vec::new();
    let mut bare = Vec::new();
    let mut indexed = Vec::new();
    let mut register = Vec::new();
    for run in 0..runs {
        let db = folder.path.join(format!("import-{run}.db"));
        fs::copy(&template, &db).context("cannot copy the template database")?;
        let (elapsed, peak) = timed_with_peak(
            Command::new(binary)
                .arg("--db")
                .arg(&db)
                .args(["--at", "2026-11-23 10:00", "import", "visits"])
                .arg(&file),
            "salesdesk import visits",
        )?;
        let conn = Connection::open(&db).context("cannot open the imported database")?;
        let count: i64 = conn
            .query_row("SELECT count(*) FROM visits", [], |row| row.get(0))
            .context("cannot count the visits")?;
        ensure!(
            count > (IMPORT_LINES as i64) * 99 / 100,
            "the import wrote only {count} visits"
        );
        drop(conn);
        fs::remove_file(&db).ok();
        for side in ["-wal", "-shm"] {
            fs::remove_file(format!("{}{side}", db.display())).ok();
        }
        ours.push(elapsed);
        peaks.push(peak);
        if peer {
            for (with_indexes, samples) in [(false, &mut bare), (true, &mut indexed)] {
                let db = folder.path.join(format!("peer-{run}.db"));
                let mut create = String::from(
                    "CREATE TABLE v(name TEXT, phone TEXT, visited_at TEXT, rep TEXT, channel TEXT);",
                );
                if with_indexes {
                    create += "CREATE INDEX v_customer ON v(phone, visited_at);\
                               CREATE INDEX v_day ON v(visited_at, rep);";
                }
                let (elapsed, _) = timed(
                    Command::new("sqlite3")
                        .arg(&db)
                        .args(["-cmd", &create, ".import --csv --skip 1"])
                        .arg(&file)
                        .arg("v"),
                    "sqlite3 .import",
                )
                .or_else(|_| {
                    // Older shells take the file and table in the same argument.
                    fs::remove_file(&db).ok();
                    timed(
                        Command::new("sqlite3").arg(&db).args([
                            "-cmd",
                            &create,
                            &format!(".import --csv --skip 1 {} v", file.display()),
                        ]),
                        "sqlite3 .import",
                    )
                })?;
                fs::remove_file(&db).ok();
                samples.push(elapsed);
            }
            let db = folder.path.join(format!("register-{run}.db"));
            fs::copy(&template, &db).context("cannot copy the template database")?;
            let input = fs::File::open(&script).context("cannot open the sqlite3 script")?;
            let (elapsed, _) = timed(
                Command::new("sqlite3").arg("-bail").arg(&db).stdin(input),
                "sqlite3 < register.sql",
            )?;
            let conn = Connection::open(&db).context("cannot open the sqlite3 register")?;
            let count: i64 = conn
                .query_row("SELECT count(*) FROM visits", [], |row| row.get(0))
                .context("cannot count the sqlite3 register")?;
            ensure!(
                count == IMPORT_LINES as i64,
                "the sqlite3 script wrote {count} visits"
            );
            drop(conn);
            for side in ["", "-wal", "-shm"] {
                fs::remove_file(format!("{}{side}", db.display())).ok();
            }
            register.push(elapsed);
        }
    }
    let ours = Stats::of(&ours);
    let bare = (!bare.is_empty()).then(|| Stats::of(&bare));
    let indexed = (!indexed.is_empty()).then(|| Stats::of(&indexed));
    let register = (!register.is_empty()).then(|| Stats::of(&register));
    print_table(
        &[
            (
                "salesdesk import visits (1,000,000 lines)",
                Some(&ours),
                ratio_cell(&ours, bare.as_ref()),
            ),
            (
                "sqlite3 .import, bare table",
                bare.as_ref(),
                bare.as_ref()
                    .map_or("—".into(), |b| ratio_cell(b, bare.as_ref())),
            ),
            (
                "sqlite3 .import, the register's two indexes",
                indexed.as_ref(),
                indexed
                    .as_ref()
                    .map_or("—".into(), |i| ratio_cell(i, bare.as_ref())),
            ),
            (
                "sqlite3: the same lines into the register's tables",
                register.as_ref(),
                register
                    .as_ref()
                    .map_or("—".into(), |r| ratio_cell(r, bare.as_ref())),
            ),
        ],
        "ratio to bare .import",
    );
    let peak = peaks.iter().copied().fold(0.0, f64::max);
    let verdict = |met: bool| if met { "met" } else { "not met" };
    println!("targets (medians):");
    match &bare {
        Some(bare) => {
            let ratio = ours.median / bare.median;
            println!(
                "  import ÷ sqlite3 .import ≤ {IMPORT_TARGET}×: {ratio:.2}× — {}",
                verdict(ratio <= IMPORT_TARGET)
            );
        }
        None => println!("  import ÷ sqlite3 .import ≤ {IMPORT_TARGET}×: not judged (no sqlite3)"),
    }
    if let Some(register) = &register {
        println!(
            "  for reference, import ÷ sqlite3 writing the same lines into the register: {:.2}×",
            ours.median / register.median
        );
    }
    println!(
        "  peak memory < {IMPORT_MEMORY_TARGET_MB} MB: {peak:.1} MB — {}",
        verdict(peak < IMPORT_MEMORY_TARGET_MB)
    );
    lock_held_by_import(binary, &template, &file, &folder.path)
}

/// One more import, watched: a probe tries to take the write lock every few milliseconds for
/// as long as the import runs, and a clerk registers a visitor half a second in. What it prints
/// is how long the import held the write lock (the longest stretch the probe was refused), and
/// what the clerk saw: a success, the wait, and the note that an import was running.
fn lock_held_by_import(binary: &Path, template: &Path, file: &Path, folder: &Path) -> Result<()> {
    let db = folder.join("watched.db");
    fs::copy(template, &db).context("cannot copy the template database")?;
    let mut roster = vec!["roster", "set"];
    roster.extend(REPORT_REPS);
    salesdesk(binary, &db, Some("2026-11-23 08:30"), &roster)?;
    let mut import = Command::new(binary)
        .arg("--db")
        .arg(&db)
        .args(["--at", "2026-11-23 10:00", "import", "visits"])
        .arg(file)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .context("cannot start the watched import")?;
    let probe_db = db.clone();
    let probe = std::thread::spawn(move || -> Result<Duration> {
        let conn = Connection::open(&probe_db).context("cannot open the watched database")?;
        conn.busy_timeout(Duration::ZERO)
            .context("cannot set the probe's timeout")?;
        let (mut held_since, mut longest) = (None::<Instant>, Duration::ZERO);
        let deadline = Instant::now() + Duration::from_secs(600);
        while Instant::now() < deadline {
            match conn.execute_batch("BEGIN IMMEDIATE; ROLLBACK;") {
                Ok(()) => {
                    if let Some(since) = held_since.take() {
                        longest = longest.max(since.elapsed());
                    }
                    // Free once the import is over: done.
                    if !probe_db.with_extension("db.importing").exists() && longest > Duration::ZERO
                    {
                        break;
                    }
                }
                Err(_) => {
                    held_since.get_or_insert_with(Instant::now);
                }
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        Ok(longest)
    });
    std::thread::sleep(Duration::from_millis(500));
    let (waited, clerk) = timed(
        Command::new(binary).arg("--db").arg(&db).args([
            "--at",
            "2026-11-23 10:01",
            "visit",
            "新客户",
            "--phone",
            "13511112222",
        ]),
        "a clerk's visit during the import",
    )?;
    let status = import
        .wait()
        .context("cannot wait for the watched import")?;
    ensure!(status.success(), "the watched import failed ({status})");
    let held = probe
        .join()
        .map_err(|_| anyhow::anyhow!("the lock probe panicked"))??;
    let told = String::from_utf8_lossy(&clerk.stderr).contains("an import is running");
    println!(
        "write lock held by the import of {} lines: {:.1} s (the longest a probe every 5 ms was \
         refused)",
        thousands(IMPORT_LINES),
        held.as_secs_f64()
    );
    println!(
        "a clerk's visit 0.5 s into the import: {} after {:.1} s{}",
        if clerk.status.success() {
            "recorded"
        } else {
            "FAILED"
        },
        waited.as_secs_f64(),
        if told {
            ", told on stderr that an import was running"
        } else {
            ""
        }
    );
    ensure!(
        clerk.status.success(),
        "the clerk's visit failed during the import: {}",
        String::from_utf8_lossy(&clerk.stderr).trim()
    );
    Ok(())
}
