//! `visit`: a new visitor and a returning customer registered by the release binary on a busy
//! office's database, each a fresh process, against the `sqlite3` shell inserting one customer.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, ensure};
use chrono::{Duration as Span, NaiveDate, NaiveDateTime};
use rusqlite::{Connection, params};

use crate::harness::{
    BENCH_DAY, MAX_VISITS_PER_CUSTOMER, PhoneSource, REPS, SEED, Stats, print_table, ratio_cell,
    runs, salesdesk, sqlite3, sqlite3_available,
};
use crate::support::{SplitMix, TempFolder};

const DEFAULT_RUNS: usize = 200;
/// Untimed runs of each case first, so that the page cache and the binary are warm for all.
const WARMUP: usize = 5;
const CUSTOMERS: usize = 100_000;
const HISTORY_DAYS: i64 = 60;
/// A returning customer's last visit is at most this many days old, well inside the month a
/// registration stays valid, so that their visit goes to their rep and not to the rotation.
const RECENT_DAYS: i64 = 10;
const TARGET_RATIO: f64 = 1.2;
/// Deals in the visit database, spread over its customers.
const VISIT_DB_DEALS: usize = 20_000;

/// A visit against a `sqlite3` INSERT on a busy office's database.
pub(crate) fn visit_bench(binary: &Path) -> Result<()> {
    let runs = runs(DEFAULT_RUNS)?;
    let folder = TempFolder::new("bench")?;
    let db = folder.path.join("bench.db");
    let mut rng = SplitMix(SEED);
    let mut phones = PhoneSource::default();

    let started = Instant::now();
    for rep in REPS {
        salesdesk(binary, &db, None, &["rep", "add", rep])?;
    }
    let roster_at = format!("{BENCH_DAY} 09:00");
    let mut roster = vec!["roster", "set"];
    roster.extend(REPS);
    salesdesk(binary, &db, Some(&roster_at), &roster)?;
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
                    binary,
                    &db,
                    Some(&at),
                    &["visit", &new_name, "--phone", &new_phone],
                )?,
                1 => salesdesk(
                    binary,
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
    let versus_insert = |stats: &Stats| ratio_cell(stats, insert_stats.as_ref());
    print_table(
        &[
            (
                "visit, new visitor (rotation turn)",
                Some(&new_stats),
                versus_insert(&new_stats),
            ),
            (
                "visit, returning customer",
                Some(&returning_stats),
                versus_insert(&returning_stats),
            ),
            (
                "sqlite3 INSERT INTO customers",
                insert_stats.as_ref(),
                insert_stats
                    .as_ref()
                    .map_or_else(|| "—".to_string(), versus_insert),
            ),
        ],
        "median ÷ sqlite3",
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

/// The peer: a fresh `sqlite3` process inserting one customer, the least a visit has to do.
fn sqlite3_insert(db: &Path, phone: &str) -> Result<Duration> {
    let sql = format!(
        "INSERT INTO customers(name, phone, class, created_at) \
         VALUES ('x', '{phone}', 'potential', '{BENCH_DAY} 10:00:00');"
    );
    Ok(sqlite3(db, &sql)?.0)
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
        // Deals by the customer's rep, an hour after their last visit.
        let mut insert = tx
            .prepare(
                "INSERT INTO deals (customer_id, unit, buyer, price_fen, at, rep_id, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5)",
            )
            .context("cannot prepare the deal insert")?;
        let step = CUSTOMERS / VISIT_DB_DEALS;
        for (index, (times, rep)) in customers.iter().enumerate().step_by(step) {
            let id = index as i64 + 1;
            let at = times[times.len() - 1] + Span::hours(1);
            insert
                .execute(params![
                    id,
                    format!("{}-{}-{}", 1 + index % 30, 1 + index % 4, index),
                    format!("客户{id}"),
                    100_000_000 + rng.below(50_000_000) as i64,
                    at.format("%Y-%m-%d %H:%M:%S").to_string(),
                    rep
                ])
                .with_context(|| format!("cannot insert the deal of customer {id}"))?;
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
