//! `aftersales`: `care due` and `repair list --overdue` on an estate of 100,000 units, each
//! against the `sqlite3` shell reading the same rows over the open tables.

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, ensure};
use chrono::{Duration as Span, NaiveDateTime};
use rusqlite::{Connection, params};

use crate::harness::{
    REPORT_WARMUP, REPS, SCORES, SEED, Stats, print_table, ratio_cell, runs, salesdesk,
    salesdesk_output, sqlite3, sqlite3_available, stamp, thousands,
};
use crate::support::{SplitMix, TempFolder};

/// Units handed over, one owner each, and repairs registered over them.
const AFTERSALES_UNITS: usize = 100_000;
const AFTERSALES_REPAIRS: usize = 300_000;
/// Handovers spread over this many days before [`BENCH_DAY`].
const HANDOVER_DAYS: u64 = 1_095;
/// The moment both commands run at, and the day `care due` counts its 30 days from.
const AFTERSALES_AT: &str = "2026-11-23 12:00";
/// `care due`'s default window, which the command is run with.
const CARE_WITHIN_DAYS: u64 = 30;
/// Checks more than two weeks past due left undone, and repairs done more than
/// [`SETTLED_DAYS`] ago never revisited (or left at a problem without a notice), per ten
/// thousand.
const UNDONE_CHECKS_PER_10K: u64 = 150;
const UNREVISITED_PER_10K: u64 = 150;
const UNNOTICED_PER_10K: u64 = 10;
/// A repair done within this many days of the bench moment is revisited, or still inside the
/// shortest revisit time: no calendar (holidays, office hours) can then make the command's
/// overdue judgement differ from the peer's plain comparison of dates.
const SETTLED_DAYS: i64 = 30;
const DEFAULT_AFTERSALES_RUNS: usize = 50;
const AFTERSALES_TARGET: f64 = 1.5;
const REPAIR_TEXTS: [&str; 6] = [
    "卫生间顶棚渗水",
    "入户门锁芯损坏",
    "阳台栏杆松动",
    "厨房下水管堵塞",
    "卧室墙面空鼓",
    "窗户密封条脱落",
];

/// `care due` and `repair list --overdue` on an estate of 100,000 units with 300,000 repairs,
/// each beside the `sqlite3` shell reading the same rows through the same open tables.
pub(crate) fn aftersales_bench(binary: &Path) -> Result<()> {
    let runs = runs(DEFAULT_AFTERSALES_RUNS)?;
    let folder = TempFolder::new("bench")?;
    let db = folder.path.join("aftersales.db");
    let now = NaiveDateTime::parse_from_str(AFTERSALES_AT, "%Y-%m-%d %H:%M")
        .context("the after-sales moment does not parse")?;
    let started = Instant::now();
    let filled = build_aftersales_db(binary, &db, now)?;
    let size = fs::metadata(&db)
        .with_context(|| format!("cannot read the size of {}", db.display()))?
        .len();
    println!(
        "database: {} units handed over, {} quality checks ({} done), {} repairs, {} repair \
         steps, {} MB, built in {:.1} s",
        thousands(AFTERSALES_UNITS),
        thousands(filled.checks),
        thousands(filled.results),
        thousands(AFTERSALES_REPAIRS),
        thousands(filled.events),
        size / 1_000_000,
        started.elapsed().as_secs_f64()
    );

    let peer = sqlite3_available();
    if !peer {
        println!(
            "the peer is missing: `sqlite3 --version` did not run, so there are no queries to \
             compare with; install it with `apt-get install -y sqlite3` (the salesdesk figures \
             follow without the ratios)"
        );
    }
    let within = CARE_WITHIN_DAYS.to_string();
    let care = ["care", "due", "--within", &within, "--format", "csv"];
    let overdue = ["repair", "list", "--overdue", "--format", "csv"];
    let (care_sql, overdue_sql) = aftersales_queries(now)?;
    // Per case: the timed runs and the rows the first run returned.
    let mut samples: [Vec<Duration>; 4] = Default::default();
    let mut rows = [0usize; 4];
    println!("timing {runs} runs of each case (after {REPORT_WARMUP} untimed)...");
    for i in 0..runs + REPORT_WARMUP {
        // Rotating which case goes first spreads any drift evenly over the four.
        for step in 0..4 {
            let case = (i + step) % 4;
            let (elapsed, count) = match case {
                0 | 2 => {
                    let args: &[&str] = if case == 0 { &care } else { &overdue };
                    let (elapsed, output) =
                        salesdesk_output(binary, &db, Some(AFTERSALES_AT), args)?;
                    // The CSV's header line is not a row.
                    let lines = String::from_utf8_lossy(&output.stdout).lines().count();
                    (elapsed, lines.saturating_sub(1))
                }
                1 | 3 if peer => {
                    let sql = if case == 1 { &care_sql } else { &overdue_sql };
                    let (elapsed, output) = sqlite3(&db, sql)?;
                    (
                        elapsed,
                        String::from_utf8_lossy(&output.stdout).lines().count(),
                    )
                }
                _ => continue,
            };
            if i == 0 {
                rows[case] = count;
            }
            if i >= REPORT_WARMUP {
                samples[case].push(elapsed);
            }
        }
    }
    println!(
        "rows: care due {} (sqlite3 {}); repair list --overdue {} (sqlite3 {})",
        thousands(rows[0]),
        thousands(rows[1]),
        thousands(rows[2]),
        thousands(rows[3])
    );
    ensure!(
        rows[0] > 0 && rows[2] > 0,
        "a command returned no rows: the benchmark would time an empty list"
    );
    if peer {
        ensure!(
            rows[0] == rows[1] && rows[2] == rows[3],
            "the commands and their sqlite3 peers returned different rows, so they do not do the \
             same work"
        );
    }

    let care_stats = Stats::of(&samples[0]);
    let care_peer = peer.then(|| Stats::of(&samples[1]));
    let overdue_stats = Stats::of(&samples[2]);
    let overdue_peer = peer.then(|| Stats::of(&samples[3]));
    let care_case = format!("care due, {} rows", thousands(rows[0]));
    let care_peer_case = "sqlite3 checks_open joined, same rows".to_string();
    let overdue_case = format!("repair list --overdue, {} rows", thousands(rows[2]));
    let overdue_peer_case = "sqlite3 repairs_open joined, same rows".to_string();
    print_table(
        &[
            (
                &care_case,
                Some(&care_stats),
                ratio_cell(&care_stats, care_peer.as_ref()),
            ),
            (&care_peer_case, care_peer.as_ref(), "—".to_string()),
            (
                &overdue_case,
                Some(&overdue_stats),
                ratio_cell(&overdue_stats, overdue_peer.as_ref()),
            ),
            (&overdue_peer_case, overdue_peer.as_ref(), "—".to_string()),
        ],
        "median ÷ sqlite3",
    );
    println!("target: each command ≤ {AFTERSALES_TARGET}× its sqlite3 query (medians)");
    for (case, stats, reference) in [
        ("care due", &care_stats, &care_peer),
        ("repair list --overdue", &overdue_stats, &overdue_peer),
    ] {
        match reference {
            Some(reference) => {
                let ratio = stats.median / reference.median;
                let verdict = if ratio <= AFTERSALES_TARGET {
                    "met"
                } else {
                    "not met"
                };
                println!("  {case}: {ratio:.2}× — {verdict}");
            }
            None => println!("  {case}: not judged (no sqlite3)"),
        }
    }
    Ok(())
}

/// The peers: the checks due by the end of the window, and the repairs whose revisit or notice
/// clock ran out, read as the commands read them, from the open tables by their keys.
fn aftersales_queries(now: NaiveDateTime) -> Result<(String, String)> {
    let until = now.date() + Span::days(CARE_WITHIN_DAYS as i64);
    let care = format!(
        "SELECT q.id, h.unit, c.name, c.phone, q.months, q.due \
         FROM checks_open o JOIN quality_checks q ON q.id = o.check_id \
         JOIN handovers h ON h.id = q.handover_id JOIN customers c ON c.id = h.customer_id \
         WHERE o.due <= '{until}' ORDER BY o.due, o.check_id;"
    );
    // The shortest revisit time (safety repairs: 2 days) and the notice's 24 hours.
    let overdue = format!(
        "SELECT r.id, r.customer_id, c.name, c.phone, r.unit, r.kind, r.text, r.received_at, \
         r.appointment, o.stage, o.since, o.appointment, o.done_at \
         FROM repairs_open o JOIN repairs r ON r.id = o.repair_id \
         JOIN customers c ON c.id = r.customer_id \
         WHERE (o.stage = 'done' AND o.since <= '{}') \
            OR (o.stage = 'problem' AND o.since <= '{}') \
         ORDER BY o.since, r.id;",
        stamp(now - Span::days(2)),
        stamp(now - Span::hours(24))
    );
    Ok((care, overdue))
}

/// What the after-sales database was filled with.
#[derive(Default)]
struct AftersalesFilled {
    checks: usize,
    results: usize,
    events: usize,
}

/// Unit `i` of the estate: building, entrance, floor and room, as `12-3-1504`.
fn unit_of(i: usize) -> String {
    let building = i / 1_000 + 1;
    let rest = i % 1_000;
    format!(
        "{building}-{}-{}{:02}",
        rest / 200 + 1,
        (rest % 200) / 4 + 1,
        rest % 4 + 1
    )
}

/// The after-sales database: the schema through the binary, then everything in one transaction
/// straight through rusqlite, the open tables kept by their triggers.
fn build_aftersales_db(binary: &Path, db: &Path, now: NaiveDateTime) -> Result<AftersalesFilled> {
    let first = now.date() - Span::days(HANDOVER_DAYS as i64 + 1);
    let hired = format!("{first} 08:00");
    for rep in REPS {
        salesdesk(binary, db, Some(&hired), &["rep", "add", rep])?;
    }
    let mut conn = Connection::open(db).with_context(|| format!("cannot open {}", db.display()))?;
    conn.pragma_update(None, "foreign_keys", true)
        .context("cannot turn on foreign keys")?;
    conn.pragma_update(None, "cache_size", -262_144)
        .context("cannot set the cache size")?;
    let tx = conn.transaction().context("cannot start the fill")?;
    let filled = fill_aftersales_db(&tx, now, &mut SplitMix(SEED ^ 0xa5a1e5))?;
    tx.commit().context("cannot commit the fill")?;
    conn.close()
        .map_err(|(_, err)| err)
        .context("cannot close the database after the fill")?;
    Ok(filled)
}

fn fill_aftersales_db(
    conn: &Connection,
    now: NaiveDateTime,
    rng: &mut SplitMix,
) -> Result<AftersalesFilled> {
    use salesdesk::domain::aftersales::check_schedule;

    let today = now.date();
    let mut filled = AftersalesFilled::default();
    let mut customer = conn.prepare(
        "INSERT INTO customers (id, name, phone, class, created_at) VALUES (?1, ?2, ?3, 'owner', ?4)",
    )?;
    let mut handover = conn.prepare(
        "INSERT INTO handovers (id, unit, customer_id, handed_over, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut check = conn.prepare(
        "INSERT INTO quality_checks (id, handover_id, months, due) VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut result = conn.prepare(
        "INSERT INTO check_results (check_id, done_at, done_by, score, note, recorded_at)
         VALUES (?1, ?2, ?3, ?4, NULL, ?2)",
    )?;
    let mut repair = conn.prepare(
        "INSERT INTO repairs (id, customer_id, unit, kind, text, received_at, appointment,
                              recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?6)",
    )?;
    let mut event = conn.prepare(
        "INSERT INTO repair_events (repair_id, at, step, actor, role, score, note, appointment,
                                    recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL, ?2)",
    )?;

    let mut handed = Vec::with_capacity(AFTERSALES_UNITS);
    let mut check_id = 0i64;
    for i in 0..AFTERSALES_UNITS {
        let id = i as i64 + 1;
        let day = today - Span::days(1 + rng.below(HANDOVER_DAYS) as i64);
        let at = stamp(day.and_hms_opt(10, 0, 0).context("10:00 is a time")?);
        customer.execute(params![id, format!("业主{id}"), format!("139{id:08}"), at])?;
        handover.execute(params![id, unit_of(i), id, day.to_string(), at])?;
        handed.push(day);
        for (months, due) in check_schedule(day) {
            check_id += 1;
            check.execute(params![check_id, id, months, due.to_string()])?;
            filled.checks += 1;
            if due >= today {
                continue;
            }
            // Recent checks are often still to do; older ones only now and then.
            let undone = if today - due <= Span::days(14) {
                rng.below(100) < 40
            } else {
                rng.below(10_000) < UNDONE_CHECKS_PER_10K
            };
            if undone {
                continue;
            }
            let done = (due + Span::days(rng.below(14) as i64) - Span::days(7))
                .min(today - Span::days(1))
                .and_hms_opt(9 + rng.below(8) as u32, rng.below(60) as u32, 0)
                .context("a check time is a time")?;
            let score = (rng.below(2) == 0).then(|| SCORES[rng.below(8) as usize]);
            result.execute(params![
                check_id,
                stamp(done),
                REPS[rng.below(REPS.len() as u64) as usize],
                score
            ])?;
            filled.results += 1;
        }
    }

    let kinds = ["safety", "leak", "general"];
    let roles = ["director", "admin", "lead"];
    let settled = now - Span::days(SETTLED_DAYS);
    for id in 1..=AFTERSALES_REPAIRS as i64 {
        let unit = rng.below(AFTERSALES_UNITS as u64) as usize;
        let handed_over = handed[unit];
        let days = (today - handed_over).num_days().max(1) as u64;
        let received = (handed_over + Span::days(rng.below(days) as i64))
            .and_hms_opt(8 + rng.below(10) as u32, rng.below(60) as u32, 0)
            .context("a repair time is a time")?;
        let received = received.min(now - Span::hours(1));
        let kind_index = rng.below(3) as usize;
        let kind = kinds[kind_index];
        let appointment = received + Span::days(1);
        repair.execute(params![
            id,
            unit as i64 + 1,
            unit_of(unit),
            kind,
            REPAIR_TEXTS[rng.below(REPAIR_TEXTS.len() as u64) as usize],
            stamp(received),
            stamp(appointment)
        ])?;
        // The newest repairs are still booked.
        if now - received <= Span::days(2) {
            continue;
        }
        let mut step = |rng: &mut SplitMix,
                        at: NaiveDateTime,
                        name: &str,
                        revisit: bool,
                        note: Option<&str>| {
            filled.events += 1;
            let (actor, role, score) = if revisit {
                (
                    Some(REPS[rng.below(REPS.len() as u64) as usize]),
                    Some(roles[rng.below(3) as usize]),
                    Some(SCORES[rng.below(8) as usize]),
                )
            } else {
                (Some("维修组"), None, None)
            };
            event.execute(params![id, stamp(at), name, actor, role, score, note])
        };
        let done = received + Span::hours(4 + rng.below(44) as i64);
        let done = done.min(now - Span::hours(2));
        step(rng, done, "done", false, None)?;
        // Repairs done lately wait for their revisit, still inside its time.
        if done > now - Span::hours(36) {
            continue;
        }
        let revisit_days = [2, 3, 7][kind_index];
        let revisit = done + Span::hours(2 + rng.below(revisit_days * 24 - 2) as i64);
        if done <= settled {
            let roll = rng.below(10_000);
            if roll < UNREVISITED_PER_10K {
                continue;
            }
            if roll < UNREVISITED_PER_10K + UNNOTICED_PER_10K {
                step(
                    rng,
                    revisit,
                    "revisit_problem",
                    true,
                    Some("维修后仍有渗水"),
                )?;
                continue;
            }
            if roll < UNREVISITED_PER_10K + UNNOTICED_PER_10K + 300 {
                // A problem found, the notice sent, the repair made again and revisited.
                step(
                    rng,
                    revisit,
                    "revisit_problem",
                    true,
                    Some("维修后仍有渗水"),
                )?;
                let notice = revisit + Span::hours(4);
                step(rng, notice, "notice", false, Some("书面通知整改"))?;
                let again = notice + Span::days(2);
                step(rng, again, "done", false, None)?;
                step(rng, again + Span::days(1), "revisit", true, None)?;
                continue;
            }
        }
        step(
            rng,
            revisit.min(now - Span::hours(1)),
            "revisit",
            true,
            None,
        )?;
    }
    Ok(filled)
}
