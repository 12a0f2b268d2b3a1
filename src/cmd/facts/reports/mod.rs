//! The reports, each built as a value: `report daily | weekly | monthly | quarterly | annual |
//! overdue | repairs | survey | commission`, what the managers read every morning and what cron
//! jobs file away. A report is its head (its name, its period, the moment it was judged at) and
//! its named sections, built by [`build`] from rows read inside one read transaction over a
//! connection its caller opened; it never prints. The `report` command prints it alone
//! ([`render`]); the group centre opens each project file to read only and gathers the same
//! value from every project. Each report has a file of its own below, each section a function
//! of its own; this file holds what they share. An empty period is a valid report: the head
//! alone.

use anyhow::Result;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::Connection;

use crate::cli::ReportCommand;
use crate::cmd::{Context, spelled};
use crate::domain::dates;
use crate::error::Invalid;
use crate::output::{Cell, Column, Output, Records, col};

mod commission;
mod daily;
mod monthly;
mod overdue;
mod periodic;
mod repairs;
mod survey;
mod weekly;

/// A report as built: its own fields and its named sections, in the order they are shown.
#[derive(Debug, Clone)]
pub struct Report {
    /// One row: the report's name, its period and the moment it was judged at (some reports
    /// add their summary, so that a script reads it at the top of the JSON).
    pub head: Records,
    pub sections: Vec<(Column, Records)>,
}

impl Report {
    fn new(head: Records, sections: impl IntoIterator<Item = (Column, Records)>) -> Report {
        Report {
            head,
            sections: sections.into_iter().collect(),
        }
    }
}

/// Checks how the report's period is spelled before any file is opened ([`spelled`]): a
/// mistyped `--month` is wrong for every project the group centre reads.
pub fn check(command: &ReportCommand) -> Result<()> {
    match command {
        ReportCommand::Daily { date } => spelled(|today| daily::day_of(date.as_deref(), today)),
        ReportCommand::Weekly { week } => spelled(|today| weekly::week_of(week.as_deref(), today)),
        ReportCommand::Monthly { month }
        | ReportCommand::Repairs { month }
        | ReportCommand::Commission { month } => spelled(|today| month_of(month.as_deref(), today)),
        ReportCommand::Quarterly { quarter } => {
            spelled(|today| periodic::quarter_of(quarter.as_deref(), today))
        }
        ReportCommand::Annual { year } => {
            spelled(|today| periodic::year_of(year.as_deref(), today))
        }
        ReportCommand::Overdue | ReportCommand::Survey { .. } => Ok(()),
    }
}

/// Builds the report asked for over `conn`, opened by the caller with the clock read in the
/// office's zone: the period is worked out against the office's today, then every section is
/// read inside one read transaction.
pub fn build(context: &Context, conn: Connection, command: &ReportCommand) -> Result<Report> {
    match command {
        ReportCommand::Daily { date } => daily::build(context, conn, date.as_deref()),
        ReportCommand::Weekly { week } => weekly::build(context, conn, week.as_deref()),
        ReportCommand::Monthly { month } => monthly::build(context, conn, month.as_deref()),
        ReportCommand::Quarterly { quarter } => {
            periodic::quarterly(context, conn, quarter.as_deref())
        }
        ReportCommand::Annual { year } => periodic::annual(context, conn, year.as_deref()),
        ReportCommand::Overdue => overdue::build(context, conn),
        ReportCommand::Repairs { month } => repairs::build(context, conn, month.as_deref()),
        ReportCommand::Survey { survey } => survey::build(context, conn, survey),
        ReportCommand::Commission { month } => commission::build(context, conn, month.as_deref()),
    }
}

/// The report as it reads alone: tables on a terminal, or one CSV (stable snake_case columns,
/// the section in the first) or one JSON object. A survey wave reads as its card and its
/// indicators instead ([`survey::alone`]).
pub fn render(out: &Output, command: &ReportCommand, report: &Report) -> Result<String> {
    match command {
        ReportCommand::Survey { .. } => survey::alone(out, report),
        _ => out.render_sections(&report.head, &report.sections),
    }
}

fn number(value: Option<f64>, decimals: usize) -> Cell {
    value.map_or(Cell::Null, |v| Cell::Number(v, decimals))
}

fn start(day: NaiveDate) -> NaiveDateTime {
    day.and_time(NaiveTime::MIN)
}

/// A section of a report: its key (the JSON field, the CSV `section` value) and its heading.
const fn section(key: &'static str, zh: &'static str) -> Column {
    col(key, key, zh)
}

/// The report's own fields: its name, its period and the moment it was judged at.
fn head(
    report: Cell,
    period: &[(&'static str, &'static str, &'static str, String)],
    context: &Context,
) -> Records {
    let mut columns = vec![col("report", "Report", "报表")];
    let mut row = vec![report];
    for (key, en, zh, value) in period {
        columns.push(col(key, en, zh));
        row.push(value.clone().into());
    }
    columns.push(col("as_of", "As of", "截至"));
    row.push(dates::minute(context.now()).into());
    let mut records = Records::new(&columns);
    records.push(row);
    records
}

/// The first day of the month typed as YYYY-MM, this or last; default last month.
fn month_of(raw: Option<&str>, today: NaiveDate) -> Result<NaiveDate, Invalid> {
    dates::parse_month(raw.unwrap_or("last"), "--month", today)
}
