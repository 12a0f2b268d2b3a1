//! `report daily | weekly | monthly | quarterly | annual | overdue | repairs | survey |
//! commission`: what the managers read every morning
//! and what cron jobs file away. Every report prints tables on a terminal, or one CSV (stable
//! snake_case columns, the section in the first) or one JSON object; `--output` writes the file
//! whole or not at all. An empty period is a valid report: the header alone, exit 0. Each
//! report has a file of its own below; each section is built by a function of its own from rows
//! read inside one read transaction. This file holds what they share.

use anyhow::Result;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::Context;
use crate::cli::ReportCommand;
use crate::domain::dates;
use crate::error::Invalid;
use crate::output::{Cell, Column, Records, col};

mod commission;
mod daily;
mod monthly;
mod overdue;
mod periodic;
mod repairs;
mod survey;
mod weekly;

pub fn run(context: &Context, command: ReportCommand) -> Result<()> {
    match command {
        ReportCommand::Daily { date } => daily::run(context, date.as_deref()),
        ReportCommand::Weekly { week } => weekly::run(context, week.as_deref()),
        ReportCommand::Monthly { month } => monthly::run(context, month.as_deref()),
        ReportCommand::Quarterly { quarter } => periodic::quarterly(context, quarter.as_deref()),
        ReportCommand::Annual { year } => periodic::annual(context, year.as_deref()),
        ReportCommand::Overdue => overdue::run(context),
        ReportCommand::Repairs { month } => repairs::run(context, month.as_deref()),
        ReportCommand::Survey { survey } => survey::run(context, &survey),
        ReportCommand::Commission { month } => commission::run(context, month.as_deref()),
    }
}

pub(super) fn number(value: Option<f64>, decimals: usize) -> Cell {
    value.map_or(Cell::Null, |v| Cell::Number(v, decimals))
}

pub(super) fn start(day: NaiveDate) -> NaiveDateTime {
    day.and_time(NaiveTime::MIN)
}

/// A section of a report: its key (the JSON field, the CSV `section` value) and its heading.
pub(super) const fn section(key: &'static str, zh: &'static str) -> Column {
    col(key, key, zh)
}

/// The report's own fields: its name, its period and the moment it was judged at.
pub(super) fn head(
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
pub(super) fn month_of(raw: Option<&str>, today: NaiveDate) -> Result<NaiveDate, Invalid> {
    dates::parse_month(raw.unwrap_or("last"), "--month", today)
}
