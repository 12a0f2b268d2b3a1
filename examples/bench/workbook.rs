//! `workbook`: the workbooks on the 1,000,000-entry report database. The monthly report as a
//! workbook (its sheets and charts) against the same report as CSV into a file; `export visits`
//! as a workbook with the memory high-water mark of every run; and `export visits | head -1`,
//! the time until a reader that wants the first line has it and the export has stopped.

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, ensure};

use crate::harness::{
    REPORT_AT, ReportDatabases, Stats, print_table, ratio_cell, runs, timed, timed_with_peak,
};

const DEFAULT_WORKBOOK_RUNS: usize = 5;
/// The monthly report as a workbook, at most this many times its CSV.
const MONTHLY_TARGET: f64 = 2.0;
const EXPORT_MEMORY_TARGET_MB: f64 = 64.0;
/// `export visits | head -1`, in milliseconds.
const HEAD_TARGET_MS: f64 = 100.0;

pub(crate) fn workbook_bench(binary: &Path, databases: &ReportDatabases) -> Result<()> {
    let runs = runs(DEFAULT_WORKBOOK_RUNS)?;
    let db = &databases.large;
    let folder = tempfile::tempdir().context("cannot make a folder for the workbooks")?;
    let file = |name: &str| folder.path().join(name).display().to_string();
    let (xlsx, csv, visits) = (file("m.xlsx"), file("m.csv"), file("v.xlsx"));
    let monthly = |output: &str| {
        let mut command = Command::new(binary);
        command
            .arg("--db")
            .arg(db)
            .args(["--at", REPORT_AT, "report", "monthly", "--month", "2026-11"])
            .args(["--output", output]);
        command
    };
    let export = || {
        let mut command = Command::new(binary);
        command
            .arg("--db")
            .arg(db)
            .args(["--at", REPORT_AT, "export", "visits", "--output", &visits]);
        command
    };
    let mut samples: [Vec<Duration>; 4] = Default::default();
    let mut peak = 0f64;
    println!("timing {runs} runs of each case (after 1 untimed)...");
    for i in 0..=runs {
        let book = timed(&mut monthly(&xlsx), "report monthly --output m.xlsx")?.0;
        let plain = timed(&mut monthly(&csv), "report monthly --output m.csv")?.0;
        let (exported, high) = timed_with_peak(&mut export(), "export visits --output v.xlsx")?;
        let head = head_one(binary, db)?;
        if i > 0 {
            samples[0].push(book);
            samples[1].push(plain);
            samples[2].push(exported);
            samples[3].push(head);
            peak = peak.max(high);
        }
    }
    let sheets = std::fs::metadata(&visits).map(|m| m.len()).unwrap_or(0);
    ensure!(sheets > 0, "export visits --output v.xlsx wrote nothing");
    let stats: Vec<Stats> = samples.iter().map(|s| Stats::of(s)).collect();
    let export_name = format!(
        "export visits --output v.xlsx ({:.0} MB file, peak {peak:.1} MB)",
        sheets as f64 / 1e6
    );
    print_table(
        &[
            (
                "report monthly --output m.xlsx",
                Some(&stats[0]),
                ratio_cell(&stats[0], Some(&stats[1])),
            ),
            ("report monthly --output m.csv", Some(&stats[1]), "—".into()),
            (&export_name, Some(&stats[2]), "—".into()),
            ("export visits | head -1", Some(&stats[3]), "—".into()),
        ],
        "ratio to the CSV",
    );
    let verdict = |met: bool| if met { "met" } else { "not met" };
    let ratio = stats[0].median / stats[1].median;
    println!("targets (medians):");
    println!(
        "  monthly workbook ÷ monthly CSV ≤ {MONTHLY_TARGET}×: {ratio:.2}× — {}",
        verdict(ratio <= MONTHLY_TARGET)
    );
    println!(
        "  export visits --output v.xlsx peak < {EXPORT_MEMORY_TARGET_MB} MB: {peak:.1} MB — {}",
        verdict(peak < EXPORT_MEMORY_TARGET_MB)
    );
    println!(
        "  export visits | head -1 < {HEAD_TARGET_MS} ms: {:.1} ms — {}",
        stats[3].median,
        verdict(stats[3].median < HEAD_TARGET_MS)
    );
    Ok(())
}

/// `export visits | head -1`: the export into a pipe whose reader takes the first line and
/// goes away; the time until the export has noticed and exited.
fn head_one(binary: &Path, db: &Path) -> Result<Duration> {
    let started = Instant::now();
    let mut child = Command::new(binary)
        .arg("--db")
        .arg(db)
        .args(["--at", REPORT_AT, "export", "visits"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .context("cannot run salesdesk export visits")?;
    let stdout = child.stdout.take().context("no stdout")?;
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .context("cannot read the export's first line")?;
    ensure!(
        line.starts_with("visit_id,"),
        "the first line is not the CSV header: {line:?}"
    );
    let status = child.wait().context("cannot wait for the export")?;
    ensure!(status.success(), "export visits | head -1 failed: {status}");
    Ok(started.elapsed())
}
