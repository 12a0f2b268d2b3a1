//! `scaling`: every report kind on the large and the small report database, which hold the
//! same pace of business over 1,000 and 100 days: a report's cost must follow its period, not
//! the years of register behind it, so each kind's large ÷ small ratio is printed against the
//! target, with the bare ratio of 1.0× as the limit.

use std::path::Path;
use std::time::Duration;

use anyhow::Result;

use crate::harness::{
    REPORT_AT, REPORT_WARMUP, ReportDatabases, Stats, print_table, ratio_cell, runs,
    salesdesk_output, succeeded,
};

/// A report of the same period on 10× the register, at most this many times the time.
const SCALING_TARGET: f64 = 1.5;
const DEFAULT_SCALING_RUNS: usize = 5;

/// Each report kind, over a period both databases hold in full.
const KINDS: &[(&str, &[&str])] = &[
    ("daily", &["report", "daily", "--date", "2026-11-23"]),
    ("weekly", &["report", "weekly", "--week", "2026-11-16"]),
    ("monthly", &["report", "monthly", "--month", "2026-11"]),
    ("quarterly", &["report", "quarterly", "--quarter", "2026Q4"]),
    ("overdue", &["report", "overdue"]),
    ("repairs", &["report", "repairs", "--month", "2026-11"]),
    (
        "commission",
        &["report", "commission", "--month", "2026-11"],
    ),
    ("fairness", &["report", "fairness", "--month", "2026-11"]),
];

pub(crate) fn scaling_bench(binary: &Path, databases: &ReportDatabases) -> Result<()> {
    let runs = runs(DEFAULT_SCALING_RUNS)?;
    let (large, small) = (&databases.large, &databases.small);
    // Per kind: the large database's runs, then the small one's.
    let mut samples: Vec<[Vec<Duration>; 2]> = KINDS.iter().map(|_| Default::default()).collect();
    println!(
        "timing {runs} runs of each report kind on each database (after {REPORT_WARMUP} untimed)..."
    );
    for i in 0..runs + REPORT_WARMUP {
        for (k, (kind, args)) in KINDS.iter().enumerate() {
            let mut typed = args.to_vec();
            typed.extend(["--format", "csv"]);
            // Alternating which database goes first spreads any drift over both.
            let order = if (i + k) % 2 == 0 { [0, 1] } else { [1, 0] };
            for which in order {
                let db = [large, small][which];
                let (elapsed, output) = salesdesk_output(binary, db, Some(REPORT_AT), &typed)?;
                succeeded(&output, &format!("report {kind}"))?;
                if i >= REPORT_WARMUP {
                    samples[k][which].push(elapsed);
                }
            }
        }
    }
    let stats: Vec<[Stats; 2]> = samples
        .iter()
        .map(|[l, s]| [Stats::of(l), Stats::of(s)])
        .collect();
    let names: Vec<[String; 2]> = KINDS
        .iter()
        .map(|(kind, _)| {
            [
                format!("report {kind}, 1,000,000 visits"),
                format!("report {kind}, 100,000 visits"),
            ]
        })
        .collect();
    let mut rows = Vec::new();
    for (k, [large_stats, small_stats]) in stats.iter().enumerate() {
        rows.push((
            names[k][0].as_str(),
            Some(large_stats),
            ratio_cell(large_stats, Some(small_stats)),
        ));
        rows.push((names[k][1].as_str(), Some(small_stats), "—".to_string()));
    }
    print_table(&rows, "large ÷ small");
    println!("targets (medians; the limit is 1.0×, the same work on either register):");
    for (k, (kind, _)) in KINDS.iter().enumerate() {
        let ratio = stats[k][0].median / stats[k][1].median;
        println!(
            "  report {kind}, 1,000,000 ÷ 100,000 visits ≤ {SCALING_TARGET}×: {ratio:.2}× — {}",
            if ratio <= SCALING_TARGET {
                "met"
            } else {
                "not met"
            }
        );
    }
    Ok(())
}
