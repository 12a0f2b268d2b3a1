//! `export`: `export visits` of every entry on both report databases, against the `sqlite3`
//! shell printing the same join as CSV, with the memory high-water mark of every run.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use anyhow::{Result, ensure};

use crate::harness::{
    ENTRIES_PER_DAY, LARGE_DAYS, REPORT_AT, ReportDatabases, SMALL_DAYS, Stats, print_table,
    ratio_cell, runs, salesdesk_output, sqlite3_available, thousands, timed, timed_with_peak,
};

/// An export of a million entries takes seconds, so few runs are timed by default.
const DEFAULT_EXPORT_RUNS: usize = 5;
const EXPORT_TARGET: f64 = 1.5;
const EXPORT_MEMORY_TARGET_MB: f64 = 64.0;

/// `export visits` of every register entry to the report day, CSV, on both report databases,
/// against the `sqlite3` shell printing the same join as CSV, both read back to count their
/// lines; each run's memory high-water mark is read as it runs. The targets: at most 1.5× the
/// shell on 1,000,000 entries, and under 64 MB on either database.
pub(crate) fn export_bench(binary: &Path, databases: &ReportDatabases) -> Result<()> {
    let runs = runs(DEFAULT_EXPORT_RUNS)?;
    let peer = sqlite3_available();
    if !peer {
        println!(
            "the peer is missing: `sqlite3 --version` did not run, so there is no join to \
             compare the export with; install it with `apt-get install -y sqlite3` (the \
             salesdesk figures follow without the ratio)"
        );
    }
    let join = export_join();
    let export = ["export", "visits", "--format", "csv"];
    let cases = [
        (&databases.large, LARGE_DAYS as usize * ENTRIES_PER_DAY),
        (&databases.small, SMALL_DAYS as usize * ENTRIES_PER_DAY),
    ];
    for (db, entries) in cases {
        let (_, output) = salesdesk_output(binary, db, Some(REPORT_AT), &export)?;
        let ours = output.stdout.iter().filter(|&&b| b == b'\n').count();
        ensure!(
            ours == entries + 1,
            "`salesdesk export visits` printed {ours} lines for {entries} entries"
        );
        if peer {
            let (_, output) = timed(
                Command::new("sqlite3")
                    .args(["-csv", "-header"])
                    .arg(db)
                    .arg(&join),
                "sqlite3 -csv",
            )?;
            let theirs = output.stdout.iter().filter(|&&b| b == b'\n').count();
            ensure!(
                theirs == ours,
                "sqlite3 printed {theirs} lines, salesdesk {ours}: not the same rows"
            );
        }
    }
    println!(
        "output: {} and {} lines, the same from sqlite3",
        thousands(cases[0].1 + 1),
        thousands(cases[1].1 + 1)
    );
    // Per case (export large, export small, sqlite3 large, sqlite3 small): times and peaks.
    let mut samples: [Vec<Duration>; 4] = Default::default();
    let mut peaks = [0f64; 4];
    println!("timing {runs} runs of each case (after 1 untimed)...");
    for i in 0..=runs {
        for step in 0..4 {
            let case = (i + step) % 4;
            let (db, _) = cases[case % 2];
            let (elapsed, peak) = if case < 2 {
                timed_with_peak(
                    Command::new(binary)
                        .arg("--db")
                        .arg(db)
                        .args(["--at", REPORT_AT])
                        .args(export),
                    "salesdesk export visits",
                )?
            } else if peer {
                timed_with_peak(
                    Command::new("sqlite3")
                        .args(["-csv", "-header"])
                        .arg(db)
                        .arg(&join),
                    "sqlite3 -csv",
                )?
            } else {
                continue;
            };
            if i > 0 {
                samples[case].push(elapsed);
                peaks[case] = peaks[case].max(peak);
            }
        }
    }
    let stats: Vec<Option<Stats>> = samples
        .iter()
        .map(|s| (!s.is_empty()).then(|| Stats::of(s)))
        .collect();
    let large_entries = thousands(cases[0].1);
    let small_entries = thousands(cases[1].1);
    let names = [
        format!(
            "export visits, {large_entries} entries (peak {:.1} MB)",
            peaks[0]
        ),
        format!(
            "export visits, {small_entries} entries (peak {:.1} MB)",
            peaks[1]
        ),
        format!(
            "sqlite3 -csv, {large_entries} entries (peak {:.1} MB)",
            peaks[2]
        ),
        format!(
            "sqlite3 -csv, {small_entries} entries (peak {:.1} MB)",
            peaks[3]
        ),
    ];
    print_table(
        &[
            (
                &names[0],
                stats[0].as_ref(),
                stats[0]
                    .as_ref()
                    .map_or("—".into(), |s| ratio_cell(s, stats[2].as_ref())),
            ),
            (
                &names[1],
                stats[1].as_ref(),
                stats[1]
                    .as_ref()
                    .map_or("—".into(), |s| ratio_cell(s, stats[3].as_ref())),
            ),
            (&names[2], stats[2].as_ref(), "—".to_string()),
            (&names[3], stats[3].as_ref(), "—".to_string()),
        ],
        "ratio to sqlite3",
    );
    let verdict = |met: bool| if met { "met" } else { "not met" };
    println!("targets (medians):");
    match (&stats[0], &stats[2]) {
        (Some(ours), Some(theirs)) => {
            let ratio = ours.median / theirs.median;
            println!(
                "  export ÷ sqlite3 -csv, {large_entries} entries ≤ {EXPORT_TARGET}×: \
                 {ratio:.2}× — {}",
                verdict(ratio <= EXPORT_TARGET)
            );
        }
        _ => println!("  export ÷ sqlite3 -csv ≤ {EXPORT_TARGET}×: not judged (no sqlite3)"),
    }
    for (case, entries) in [(0, &large_entries), (1, &small_entries)] {
        println!(
            "  peak memory, {entries} entries < {EXPORT_MEMORY_TARGET_MB} MB: {:.1} MB — {}",
            peaks[case],
            verdict(peaks[case] < EXPORT_MEMORY_TARGET_MB)
        );
    }
    Ok(())
}

/// The columns `export visits` gives, straight from the register joined with its customers,
/// reps and voids, in the export's order: whether an entry was superseded and whether its day
/// was approved by the same subqueries the export reads. Phones are printed whole and the
/// referral's validity is its day, so the shell does a little less than the export.
fn export_join() -> String {
    format!(
        "SELECT v.id AS visit_id, substr(v.at, 1, 16) AS at, v.customer_id, c.name, c.phone, \
                v.kind, v.channel, p.name AS rep, v.reason, v.turn, v.priority, \
                v.brought_by AS brought_by_id, v.referrer, v.referral_day AS referral_valid, \
                v.supersedes, \
                (SELECT s.id FROM visits s WHERE s.supersedes = v.id) AS superseded_by, \
                EXISTS (SELECT 1 FROM approvals a \
                        WHERE a.day = v.day AND a.last_visit_id >= v.id) AS approved, \
                v.note, x.visit_id IS NOT NULL AS voided \
         FROM visits v \
         JOIN customers c ON c.id = v.customer_id \
         LEFT JOIN reps p ON p.id = v.rep_id \
         LEFT JOIN visit_voids x ON x.visit_id = v.id \
         WHERE v.day BETWEEN '0001-01-01' AND '{}' \
         ORDER BY v.at, v.id;",
        &REPORT_AT[..10]
    )
}
