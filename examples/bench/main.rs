//! How fast the desk answers a visitor, and how fast the reports come out of a database of a few
//! years' business, each against the cheapest thing `sqlite3` could do instead.
//!
//! `visit`: the benchmark builds a database the size of a busy office's (100,000 customers, about
//! 300,000 visits over the last 60 days) in a temporary folder, then times the real release binary
//! registering a new visitor who takes a rotation turn and a returning customer, each run a fresh
//! process as at the desk, beside the `sqlite3` shell inserting one customer row into the same
//! file. The database also holds 20,000 deals, which the desk reads for every customer it owns
//! for good. The target is a visit in at most 1.2× the time of that INSERT.
//!
//! `reports`: two databases at the same pace of business (1,000 register entries and 100
//! complaints a day, 20 reps), one over 1,000 days (1,000,000 visits, 100,000 complaints) and one
//! over the last 100 of those days (100,000 visits, 10,000 complaints), both ending on
//! 2026-11-23. The benchmark times `report daily` of that day on both, `report monthly` of
//! 2026-11 on the large one, and the `sqlite3` shell computing the month's bare aggregates on the
//! same file. The large database also holds 20,000 deals (20 a day), and the benchmark times
//! `report commission` of 2026-11 against the `sqlite3` shell joining the same deals with their
//! customers' register entries, the rows the shares are worked out from. It also times `report
//! weekly` of the week of 2026-11-16 on the large database against the `sqlite3` shell counting
//! the same week's standing visits and calls and its deals per rep over the day and deal-time
//! indexes. The targets: the monthly report in at most 1.5× the aggregates, the daily report on
//! the large database in at most 1.3× the time it takes on the small one, since a day's report
//! reads a day, the commission report in at most 2× the join, and the weekly report in at most
//! 1.5× its aggregates.
//!
//! `export`: `export visits --format csv` of every entry on both report databases (1,000,000
//! and 100,000 entries), against the `sqlite3` shell printing the same join as CSV (`-csv
//! -header`): the register joined with its customers, reps and voids, with the same
//! superseded-by and approved subqueries, in the same order. Both print to /dev/null after a
//! first run whose lines are counted and must agree; the memory high-water mark of every run is
//! read as it runs. The targets: at most 1.5× the shell on 1,000,000 entries, and under 64 MB on
//! both databases, since an export streams.
//!
//! The report databases take about a minute to build; with `BENCH_DIR=FOLDER` they are built
//! there once and reused by later runs (`reports` and `export` share them).
//!
//! `scaling`: every report kind (daily, weekly, monthly, quarterly, overdue, repairs,
//! commission, fairness) on both report databases, each kind's 1,000,000 ÷ 100,000 ratio against
//! 1.5× (the limit 1.0×: the same period's work on either). It runs after `reports`.
//!
//! `workbook`: on the 1,000,000-entry report database, `report monthly --output m.xlsx`
//! against the same report as CSV into a file (target ≤ 2×), `export visits --output v.xlsx`
//! with its memory high-water mark (target < 64 MB), and `export visits | head -1` (target
//! < 0.1 s). It runs after `export` in a whole run.
//!
//! `import`: a CSV of 1,000,000 register lines (200,000 customers, 20 reps, 1,000 days, in
//! time order, Chinese headers) imported by the release binary into a fresh database that holds
//! only the reps, against the `sqlite3` shell's `.import` of the same file into a bare table.
//! The salesdesk import also validates every row, creates the customers, replays each customer's
//! lines through the ownership rules and writes the register with its indexes and append-only
//! triggers, so a second reference shows `.import` into a table with the register's two indexes,
//! and a third the `sqlite3` shell writing the same lines into the register's own tables with
//! plain INSERT … SELECT statements and no checks: the floor for any import into this schema.
//! Peak memory is the child's high-water mark (VmHWM), read from /proc while it runs. The
//! targets: at most 2× the bare `.import`, and under 64 MB. One more import is watched: a
//! probe tries to take the write lock every 5 ms while it runs, and a clerk registers a
//! visitor half a second in; it prints how long the import held the write lock and how long
//! the clerk waited, who must be recorded and told that an import was running.
//!
//! `aftersales`: an estate of 100,000 units handed over to their owners over the three years
//! before 2026-11-23, with their 400,000 quality checks (3, 11, 23 and 35 months after handover;
//! the past ones done but for a few thousand) and 300,000 repairs with their steps (most done and
//! revisited, a few thousand done long ago and never revisited, a few waiting for the written
//! notice, the newest still booked). The benchmark times `care due` (the checks due within 30
//! days, overdue ones included) and `repair list --overdue` at 2026-11-23 12:00, CSV, each
//! against the `sqlite3` shell running an indexed query over the open-checks and open-repairs
//! tables that returns the same rows; both row counts are printed and must match. The target:
//! each command in at most 1.5× its query.
//!
//! `group`: the group customer centre's `group report daily` over 50 project files, each a copy
//! of one 100,000-visit database, against the 50 single-project `report daily` runs (one
//! process each, as a script looping over the files would), and the group run's peak memory.
//! The targets: at most 1.3× the sum of the single runs, and under 128 MB.
//!
//! `hostile`: the files the import must survive (made by `tests/e2e/hostile_files.rs`, which
//! this file includes): an .xlsx of one cell at `ZZZZZZZ2`; a worksheet of 2 GB of rows, shared
//! strings of 1 GB and styles of 16 million cell formats, each in a few megabytes; a workbook
//! cell of 256 MB; shared strings that declare four billion; a CSV line of 2 GiB and a CSV cell
//! of 256 MB (sparse files, never written); and, just inside the limits, shared strings of
//! 31 MB, 131,072 styles beside 29 MB of shared strings, a worksheet of 250 MB, a workbook cell
//! of 7.9 MB and a CSV of a million bad rows. Each is imported once by the release binary, whose
//! memory high-water mark (VmHWM) is read as it runs. The target: under 256 MB on every one, each
//! hostile file refused (exit 2) with a message that quotes no value whole (a few hundred bytes;
//! the million bad rows list their first hundred).
//!
//! Run all seven with `cargo run --release --example bench`, one with `... --example bench --
//! visit`, `-- reports`, `-- import`, `-- aftersales`, `-- export`, `-- group` or `-- hostile`;
//! `BENCH_RUNS=N` changes the number of timed runs of each case.
//!
//! `replica`, run only on its own (`-- replica`, with `litestream` on PATH): the large report
//! database replicated once with Litestream, then `salesdesk restore` of it against `litestream
//! restore` alone, and the group centre's report over 50 replicated projects.
//!
//! The tables give, per case, the runs and the median in milliseconds (most also the 95th
//! percentile and the mean), and the median's ratio to its reference: the `sqlite3` shell doing
//! the least the command has to do (for `replica`, `litestream restore` alone; for the daily
//! report and the group report, the same work on less data or in separate runs). Absolute times
//! follow the machine; the ratios are what the targets judge. The measuring itself (runs, timing,
//! the peer, peak memory, the tables, the report databases several workloads share) is in
//! `harness.rs`, each workload in a file of its own.

use anyhow::{Result, bail};

#[path = "../support/mod.rs"]
mod support;

#[path = "../../tests/e2e/hostile_files.rs"]
mod hostile_files;

mod aftersales;
mod export;
mod group;
mod harness;
mod hostile;
mod import;
mod replica;
mod report;
mod scaling;
mod visit;
mod workbook;

use aftersales::aftersales_bench;
use export::export_bench;
use group::group_bench;
use harness::ReportDatabases;
use hostile::hostile_bench;
use import::import_bench;
use replica::replica_bench;
use report::report_bench;
use scaling::scaling_bench;
use support::salesdesk_binary;
use visit::visit_bench;
use workbook::workbook_bench;

fn main() -> Result<()> {
    let which = std::env::args().nth(1);
    if which.as_deref() == Some("hostile") {
        return hostile_bench(&salesdesk_binary()?);
    }
    if which.as_deref() == Some("replica") {
        return replica_bench(&salesdesk_binary()?);
    }
    if which.as_deref() == Some("scaling") {
        let binary = salesdesk_binary()?;
        return scaling_bench(&binary, &ReportDatabases::build(&binary)?);
    }
    if which.as_deref() == Some("workbook") {
        let binary = salesdesk_binary()?;
        return workbook_bench(&binary, &ReportDatabases::build(&binary)?);
    }
    let (visit, reports, import, aftersales, export, group) = match which.as_deref() {
        None | Some("all") => (true, true, true, true, true, true),
        Some("visit") => (true, false, false, false, false, false),
        Some("reports") => (false, true, false, false, false, false),
        Some("import") => (false, false, true, false, false, false),
        Some("aftersales") => (false, false, false, true, false, false),
        Some("export") => (false, false, false, false, true, false),
        Some("group") => (false, false, false, false, false, true),
        Some(other) => bail!(
            "unknown benchmark {other:?}; run `cargo run --release --example bench -- visit`, \
             `-- reports`, `-- import`, `-- aftersales`, `-- export`, `-- group`, `-- hostile`, \
             `-- replica`, `-- scaling`, `-- workbook`, or nothing for all but the replica's"
        ),
    };
    let binary = salesdesk_binary()?;
    if visit {
        visit_bench(&binary)?;
    }
    // The reports and the export read the same two databases, built once.
    let databases = if reports || export {
        if visit {
            println!();
        }
        Some(ReportDatabases::build(&binary)?)
    } else {
        None
    };
    if let (true, Some(databases)) = (reports, &databases) {
        report_bench(&binary, databases)?;
        println!();
        scaling_bench(&binary, databases)?;
    }
    if let (true, Some(databases)) = (export, &databases) {
        if reports {
            println!();
        }
        export_bench(&binary, databases)?;
        println!();
        workbook_bench(&binary, databases)?;
    }
    if import {
        if visit || reports || export {
            println!();
        }
        import_bench(&binary)?;
    }
    if aftersales {
        if visit || reports || import || export {
            println!();
        }
        aftersales_bench(&binary)?;
    }
    if group {
        if visit || reports || import || aftersales || export {
            println!();
        }
        group_bench(&binary)?;
    }
    println!();
    hostile_bench(&binary)
}
