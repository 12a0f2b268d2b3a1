//! `reports`: the daily, monthly, commission and weekly reports on the report databases, against
//! the `sqlite3` shell computing the same aggregates and joins.

use std::path::Path;
use std::process::Output;
use std::time::Duration;

use anyhow::{Context, Result, ensure};
use chrono::{Duration as Span, Months, NaiveDate, NaiveTime};

use crate::harness::{
    ENTRIES_PER_DAY, LARGE_DAYS, LAST_DAY, REPORT_AT, REPORT_WARMUP, ReportDatabases, SMALL_DAYS,
    Stats, print_table, ratio_cell, runs, salesdesk_output, sqlite3, sqlite3_available, stamp,
    thousands,
};

const COMMISSION_TARGET: f64 = 2.0;
/// A report takes far longer than a visit, so fewer runs are timed by default.
const DEFAULT_REPORT_RUNS: usize = 20;
const REPORT_MONTH: &str = "2026-11";
const MONTHLY_TARGET: f64 = 1.5;
const SCALING_TARGET: f64 = 1.3;
/// The weekly report covers the last whole week before [`LAST_DAY`] (a Monday).
const REPORT_WEEK: &str = "2026-11-16";
const WEEKLY_TARGET: f64 = 1.5;

/// The daily and monthly reports, timed on a large and a small database at the same pace of
/// business, beside the `sqlite3` shell computing the month's aggregates.
pub(crate) fn report_bench(binary: &Path, databases: &ReportDatabases) -> Result<()> {
    let runs = runs(DEFAULT_REPORT_RUNS)?;
    let (large, small) = (&databases.large, &databases.small);

    let peer = sqlite3_available();
    if !peer {
        println!(
            "the peer is missing: `sqlite3 --version` did not run, so there are no aggregates to \
             compare the monthly report with; install it with `apt-get install -y sqlite3` (the \
             salesdesk figures follow without that ratio)"
        );
    }
    let aggregates = month_aggregates()?;
    let daily = ["report", "daily", "--date", LAST_DAY, "--format", "csv"];
    let monthly = [
        "report",
        "monthly",
        "--month",
        REPORT_MONTH,
        "--format",
        "csv",
    ];
    const DAILY_SECTIONS: &[&str] = &[
        "visits_by_rep",
        "visits_by_channel",
        "unapproved",
        "lapsing",
        "complaints",
        "ledger",
    ];
    const MONTHLY_SECTIONS: &[&str] = &[
        "by_class",
        "by_category",
        "by_department",
        "by_channel",
        "deadlines",
        "resolution",
        "satisfaction",
        "fairness",
    ];

    let commission = [
        "report",
        "commission",
        "--month",
        REPORT_MONTH,
        "--format",
        "csv",
    ];
    let deal_join = deal_join()?;
    let weekly = ["report", "weekly", "--week", REPORT_WEEK, "--format", "csv"];
    let week_aggregates = week_aggregates()?;
    // Per case: the timed runs and the lines the first run printed.
    let mut samples: [Vec<Duration>; 8] = Default::default();
    let mut lines = [0usize; 8];
    println!("timing {runs} runs of each case (after {REPORT_WARMUP} untimed)...");
    for i in 0..runs + REPORT_WARMUP {
        // Rotating which case goes first spreads any drift evenly over the eight.
        for step in 0..8 {
            let case = (i + step) % 8;
            let (elapsed, output, sections, what) = match case {
                0 => {
                    let (elapsed, output) =
                        salesdesk_output(binary, large, Some(REPORT_AT), &daily)?;
                    (elapsed, output, DAILY_SECTIONS, "report daily (large)")
                }
                1 => {
                    let (elapsed, output) =
                        salesdesk_output(binary, small, Some(REPORT_AT), &daily)?;
                    (elapsed, output, DAILY_SECTIONS, "report daily (small)")
                }
                2 => {
                    let (elapsed, output) =
                        salesdesk_output(binary, large, Some(REPORT_AT), &monthly)?;
                    (elapsed, output, MONTHLY_SECTIONS, "report monthly (large)")
                }
                3 if peer => {
                    let (elapsed, output) = sqlite3(large, &aggregates)?;
                    (elapsed, output, &[][..], "sqlite3 month aggregates")
                }
                4 => {
                    let (elapsed, output) =
                        salesdesk_output(binary, large, Some(REPORT_AT), &commission)?;
                    (
                        elapsed,
                        output,
                        &["shares", "totals"][..],
                        "report commission",
                    )
                }
                5 if peer => {
                    let (elapsed, output) = sqlite3(large, &deal_join)?;
                    (
                        elapsed,
                        output,
                        &[][..],
                        "sqlite3 deals joined with the register",
                    )
                }
                6 => {
                    let (elapsed, output) =
                        salesdesk_output(binary, large, Some(REPORT_AT), &weekly)?;
                    (
                        elapsed,
                        output,
                        &["by_rep", "totals"][..],
                        "report weekly (large)",
                    )
                }
                7 if peer => {
                    let (elapsed, output) = sqlite3(large, &week_aggregates)?;
                    (elapsed, output, &[][..], "sqlite3 week aggregates")
                }
                _ => continue,
            };
            let printed = check_report(&output, sections, what)?;
            if i == 0 {
                lines[case] = printed;
            }
            if i >= REPORT_WARMUP {
                samples[case].push(elapsed);
            }
        }
    }
    println!(
        "output: daily CSV {} lines on the large database, {} on the small one; monthly CSV {} \
         lines; sqlite3 {} lines; commission CSV {} lines; sqlite3 join {} lines; weekly CSV {} \
         lines; sqlite3 week aggregates {} lines",
        lines[0], lines[1], lines[2], lines[3], lines[4], lines[5], lines[6], lines[7]
    );

    let daily_large = Stats::of(&samples[0]);
    let daily_small = Stats::of(&samples[1]);
    let monthly_large = Stats::of(&samples[2]);
    let aggregate = peer.then(|| Stats::of(&samples[3]));
    let commission_report = Stats::of(&samples[4]);
    let join = peer.then(|| Stats::of(&samples[5]));
    let weekly_report = Stats::of(&samples[6]);
    let week_aggregate = peer.then(|| Stats::of(&samples[7]));
    let large_entries = thousands(LARGE_DAYS as usize * ENTRIES_PER_DAY);
    let small_entries = thousands(SMALL_DAYS as usize * ENTRIES_PER_DAY);
    let daily_large_case = format!("report daily, {large_entries} visits");
    let daily_small_case = format!("report daily, {small_entries} visits");
    let monthly_case = format!("report monthly, {large_entries} visits");
    let aggregate_case = format!("sqlite3 month aggregates, {large_entries} visits");
    let commission_case = format!("report commission, {large_entries} visits, 20,000 deals");
    let join_case = "sqlite3 the month's deals joined with the register".to_string();
    let weekly_case = format!("report weekly, {large_entries} visits");
    let week_aggregate_case = format!("sqlite3 week aggregates, {large_entries} visits");
    print_table(
        &[
            (
                &daily_large_case,
                Some(&daily_large),
                format!(
                    "{} ÷ daily small",
                    ratio_cell(&daily_large, Some(&daily_small))
                ),
            ),
            (&daily_small_case, Some(&daily_small), "—".to_string()),
            (
                &monthly_case,
                Some(&monthly_large),
                match &aggregate {
                    Some(aggregate) => {
                        format!("{} ÷ sqlite3", ratio_cell(&monthly_large, Some(aggregate)))
                    }
                    None => "—".to_string(),
                },
            ),
            (&aggregate_case, aggregate.as_ref(), "—".to_string()),
            (
                &commission_case,
                Some(&commission_report),
                match &join {
                    Some(join) => {
                        format!("{} ÷ sqlite3", ratio_cell(&commission_report, Some(join)))
                    }
                    None => "—".to_string(),
                },
            ),
            (&join_case, join.as_ref(), "—".to_string()),
            (
                &weekly_case,
                Some(&weekly_report),
                match &week_aggregate {
                    Some(aggregate) => {
                        format!("{} ÷ sqlite3", ratio_cell(&weekly_report, Some(aggregate)))
                    }
                    None => "—".to_string(),
                },
            ),
            (
                &week_aggregate_case,
                week_aggregate.as_ref(),
                "—".to_string(),
            ),
        ],
        "median ratio",
    );

    let verdict = |ratio: f64, target: f64| if ratio <= target { "met" } else { "not met" };
    println!("targets (medians):");
    match &aggregate {
        Some(aggregate) => {
            let ratio = monthly_large.median / aggregate.median;
            println!(
                "  monthly report ÷ sqlite3 aggregates ≤ {MONTHLY_TARGET}×: {ratio:.2}× — {}",
                verdict(ratio, MONTHLY_TARGET)
            );
        }
        None => println!(
            "  monthly report ÷ sqlite3 aggregates ≤ {MONTHLY_TARGET}×: not judged (no sqlite3)"
        ),
    }
    let ratio = daily_large.median / daily_small.median;
    println!(
        "  daily report, {large_entries} ÷ {small_entries} visits ≤ {SCALING_TARGET}×: \
         {ratio:.2}× — {}",
        verdict(ratio, SCALING_TARGET)
    );
    match &join {
        Some(join) => {
            let ratio = commission_report.median / join.median;
            println!(
                "  commission report ÷ sqlite3 join ≤ {COMMISSION_TARGET}×: {ratio:.2}× — {}",
                verdict(ratio, COMMISSION_TARGET)
            );
        }
        None => println!(
            "  commission report ÷ sqlite3 join ≤ {COMMISSION_TARGET}×: not judged (no sqlite3)"
        ),
    }
    match &week_aggregate {
        Some(aggregate) => {
            let ratio = weekly_report.median / aggregate.median;
            println!(
                "  weekly report ÷ sqlite3 week aggregates ≤ {WEEKLY_TARGET}×: {ratio:.2}× — {}",
                verdict(ratio, WEEKLY_TARGET)
            );
        }
        None => println!(
            "  weekly report ÷ sqlite3 week aggregates ≤ {WEEKLY_TARGET}×: not judged (no sqlite3)"
        ),
    }
    Ok(())
}

/// The week's calls, visits and deals by rep as the weekly report counts them (entries that
/// stand: neither superseded nor voided; deals by the rep who closed them), each an indexed
/// aggregate: the day index for the register, the time index for the deals.
fn week_aggregates() -> Result<String> {
    let monday = NaiveDate::parse_from_str(REPORT_WEEK, "%Y-%m-%d")
        .context("the report week does not parse")?;
    let sunday = monday + Span::days(6);
    Ok(format!(
        "SELECT p.name, sum(v.kind = 'visit'), sum(v.kind = 'call') FROM visits v \
         LEFT JOIN reps p ON p.id = v.rep_id \
         WHERE v.day BETWEEN '{monday}' AND '{sunday}' \
           AND NOT EXISTS (SELECT 1 FROM visits s WHERE s.supersedes = v.id) \
           AND NOT EXISTS (SELECT 1 FROM visit_voids x WHERE x.visit_id = v.id) \
         GROUP BY p.name;\n\
         SELECT p.name, count(*) FROM deals d LEFT JOIN reps p ON p.id = d.rep_id \
         WHERE d.at >= '{}' AND d.at < '{}' GROUP BY p.name;",
        stamp(monday.and_time(NaiveTime::MIN)),
        stamp((sunday + Span::days(1)).and_time(NaiveTime::MIN))
    ))
}

/// The month's deals joined with their customers' register entries, in the order the shares
/// are worked out: the rows the commission report reads, without judging any of them.
fn deal_join() -> Result<String> {
    let first = NaiveDate::parse_from_str(&format!("{REPORT_MONTH}-01"), "%Y-%m-%d")
        .context("the report month does not parse")?;
    let next = first
        .checked_add_months(Months::new(1))
        .context("the month after the report month is out of range")?;
    Ok(format!(
        "SELECT d.id, d.unit, d.price_fen, d.rep_id, d.at, v.id, v.rep_id, v.reason, v.at \
         FROM deals d JOIN visits v ON v.customer_id = d.customer_id \
         WHERE d.at >= '{}' AND d.at < '{}' ORDER BY d.id, v.at, v.id;",
        stamp(first.and_time(NaiveTime::MIN)),
        stamp(next.and_time(NaiveTime::MIN))
    ))
}

/// The month's bare aggregates over the same rows the monthly report reads: complaints received
/// in the month by class, category, department and channel, the steps of those complaints, the
/// resolutions of the month with the mean hours from receipt, and the month's follow-up scores.
fn month_aggregates() -> Result<String> {
    let first = NaiveDate::parse_from_str(&format!("{REPORT_MONTH}-01"), "%Y-%m-%d")
        .context("the report month does not parse")?;
    let next = first
        .checked_add_months(Months::new(1))
        .context("the month after the report month is out of range")?;
    let (from, to) = (
        stamp(first.and_time(NaiveTime::MIN)),
        stamp(next.and_time(NaiveTime::MIN)),
    );
    let received = format!("received_at >= '{from}' AND received_at < '{to}'");
    let mut sql = String::new();
    for column in ["class", "category", "department", "channel"] {
        sql += &format!(
            "SELECT {column}, count(*) FROM complaints WHERE {received} GROUP BY {column};\n"
        );
    }
    sql += &format!(
        "SELECT e.step, count(*) FROM complaints k JOIN complaint_events e \
         ON e.complaint_id = k.id WHERE k.{received} GROUP BY e.step;\n\
         SELECT count(*), avg((julianday(e.at) - julianday(k.received_at)) * 24) \
         FROM complaint_events e JOIN complaints k ON k.id = e.complaint_id \
         WHERE e.step = 'resolve' AND e.at >= '{from}' AND e.at < '{to}';\n\
         SELECT count(*), avg(score) FROM complaint_events \
         WHERE step = 'revisit' AND at >= '{from}' AND at < '{to}';"
    );
    Ok(sql)
}

/// The lines a timed case printed, failing when they are too few to have timed real work: a
/// header alone (an empty period) or a missing section.
fn check_report(output: &Output, sections: &[&str], what: &str) -> Result<usize> {
    let text = String::from_utf8_lossy(&output.stdout);
    let lines = text.lines().count();
    ensure!(
        lines > 1,
        "`{what}` printed {lines} line(s), no more than a header: the benchmark would time an \
         empty period"
    );
    for section in sections {
        let prefix = format!("{section},");
        ensure!(
            text.lines().any(|line| line.starts_with(&prefix)),
            "`{what}` printed no {section} rows"
        );
    }
    Ok(lines)
}
