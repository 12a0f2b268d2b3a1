//! `group`: the group customer centre's daily report over 50 project files, against 50 single
//! `report daily` runs, and its peak memory.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, ensure};
use comfy_table::{CellAlignment, Table, presets::UTF8_FULL_CONDENSED};

use crate::harness::{
    LAST_DAY, REPORT_AT, SEED, SMALL_DAYS, Stats, build_report_db, ratio_cell, runs, salesdesk,
    salesdesk_output, thousands, timed_with_peak,
};
use crate::support::TempFolder;

/// Project files in the group benchmark, each a copy of one 100,000-visit database.
const GROUP_PROJECTS: usize = 50;
const GROUP_TARGET: f64 = 1.3;
const GROUP_MEMORY_TARGET_MB: f64 = 128.0;
const DEFAULT_GROUP_RUNS: usize = 3;

/// `group report daily` over [`GROUP_PROJECTS`] project files of 100,000 visits each against the
/// same 50 single-project `report daily` runs, one process each, as a script would run them; and
/// the group run's peak memory.
pub(crate) fn group_bench(binary: &Path) -> Result<()> {
    let runs = runs(DEFAULT_GROUP_RUNS)?;
    let folder = TempFolder::new("bench-group")?;
    let offices = folder.path.join("offices");
    fs::create_dir_all(&offices).context("cannot create the offices folder")?;
    let first = offices.join("project-00.db");
    let started = Instant::now();
    let filled = build_report_db(binary, &first, SMALL_DAYS, SEED ^ 0x9a0)?;
    let mut files = vec![first.clone()];
    for n in 1..GROUP_PROJECTS {
        let copy = offices.join(format!("project-{n:02}.db"));
        fs::copy(&first, &copy).with_context(|| format!("cannot copy {}", first.display()))?;
        files.push(copy);
    }
    println!(
        "{GROUP_PROJECTS} project files of {} register entries and {} complaints each, built in \
         {:.1} s",
        thousands(filled.entries),
        thousands(filled.complaints),
        started.elapsed().as_secs_f64()
    );
    let daily = ["report", "daily", "--date", LAST_DAY, "--format", "csv"];
    let offices_arg = offices.display().to_string();
    let group_args = [
        "group",
        "report",
        "--offices",
        &offices_arg,
        "daily",
        "--date",
        LAST_DAY,
        "--format",
        "csv",
    ];
    let mut singles = Vec::new();
    let mut groups = Vec::new();
    let mut peaks = Vec::new();
    println!("timing {runs} runs of each case (after 1 untimed)...");
    for i in 0..=runs {
        let mut sum = Duration::ZERO;
        for file in &files {
            sum += salesdesk(binary, file, Some(REPORT_AT), &daily)?;
        }
        let mut command = Command::new(binary);
        command
            .env("SALESDESK_CLOCK", "2099-01-01 00:00")
            .args(["--at", REPORT_AT])
            .args(group_args);
        let (elapsed, peak) = timed_with_peak(&mut command, "group report daily")?;
        if i > 0 {
            singles.push(sum);
            groups.push(elapsed);
            peaks.push(peak);
        }
    }
    let (_, output) = salesdesk_output(binary, &first, Some(REPORT_AT), &group_args)?;
    let lines = String::from_utf8_lossy(&output.stdout).lines().count();
    ensure!(
        lines > GROUP_PROJECTS,
        "`group report daily` printed {lines} lines: too few to have read every project"
    );
    let single = Stats::of(&singles);
    let grouped = Stats::of(&groups);
    let peak = peaks.iter().copied().fold(0.0, f64::max);
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED).set_header([
        "case",
        "runs",
        "median ms",
        "p95 ms",
        "mean ms",
        "median ratio",
    ]);
    table.add_row([
        format!("group report daily, {GROUP_PROJECTS} projects"),
        grouped.runs.to_string(),
        format!("{:.1}", grouped.median),
        format!("{:.1}", grouped.p95),
        format!("{:.1}", grouped.mean),
        format!("{} ÷ singles", ratio_cell(&grouped, Some(&single))),
    ]);
    table.add_row([
        format!("{GROUP_PROJECTS} single report daily runs, summed"),
        single.runs.to_string(),
        format!("{:.1}", single.median),
        format!("{:.1}", single.p95),
        format!("{:.1}", single.mean),
        "—".to_string(),
    ]);
    for column in 1..6 {
        if let Some(column) = table.column_mut(column) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    println!("output: group CSV {lines} lines\n{table}");
    let ratio = grouped.median / single.median;
    println!(
        "targets (medians):\n  group report ÷ the sum of single reports ≤ {GROUP_TARGET}×: \
         {ratio:.2}× — {}\n  peak memory under {GROUP_MEMORY_TARGET_MB} MB: {peak:.1} MB — {}",
        if ratio <= GROUP_TARGET {
            "met"
        } else {
            "missed"
        },
        if peak < GROUP_MEMORY_TARGET_MB {
            "met"
        } else {
            "missed"
        }
    );
    Ok(())
}
