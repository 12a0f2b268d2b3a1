//! `report quarterly` and `report annual`: the complaint analysis of a quarter or a year, with
//! the typical cases marked in it and their lessons. The group's customer centre receives the
//! quarter's typical cases (002: 每季度典型投诉案例汇编) and the year's analysis (004 4.7.6: the
//! annual report by 15 January). Both are the monthly analysis over a longer period.

use anyhow::Result;
use chrono::{Datelike, Months, NaiveDate};

use super::monthly::analysis;
use super::{deliver, head, start};
use crate::cli::FileArgs;
use crate::cmd::Context;
use crate::db;
use crate::error::invalid;
use crate::output::Cell;

/// The first day of the quarter typed as `2026Q3`, `this` or `last`; default last quarter.
fn quarter_of(raw: Option<&str>, context: &Context) -> Result<NaiveDate> {
    let today = context.today();
    let this =
        NaiveDate::from_ymd_opt(today.year(), (today.month0() / 3) * 3 + 1, 1).unwrap_or(today);
    let last = this.checked_sub_months(Months::new(3)).unwrap_or(this);
    let word = raw.map(|r| r.trim().to_uppercase());
    match word.as_deref() {
        None | Some("LAST") => Ok(last),
        Some("THIS") => Ok(this),
        Some(text) => {
            let bad = || {
                invalid(format!(
                    "--quarter: {:?} is not a quarter; type YYYYQn (for example 2026Q3), this or last",
                    raw.unwrap_or_default()
                ))
            };
            let (year, quarter) = text.split_once('Q').ok_or_else(bad)?;
            let year: i32 = year.parse().map_err(|_| bad())?;
            let quarter: u32 = quarter.parse().map_err(|_| bad())?;
            if !(1..=4).contains(&quarter) {
                return Err(bad());
            }
            NaiveDate::from_ymd_opt(year, (quarter - 1) * 3 + 1, 1).ok_or_else(bad)
        }
    }
}

/// The first day of the year typed as `2026`, `this` or `last`; default last year.
fn year_of(raw: Option<&str>, context: &Context) -> Result<NaiveDate> {
    let today = context.today();
    let year = match raw.map(|r| r.trim().to_lowercase()).as_deref() {
        None | Some("last") => today.year() - 1,
        Some("this") => today.year(),
        Some(text) => text.parse().map_err(|_| {
            invalid(format!(
                "--year: {:?} is not a year; type YYYY (for example 2026), this or last",
                raw.unwrap_or_default()
            ))
        })?,
    };
    NaiveDate::from_ymd_opt(year, 1, 1)
        .ok_or_else(|| invalid(format!("--year: {year} is out of range; type YYYY")))
}

pub(super) fn quarterly(context: &Context, quarter: Option<&str>, file: &FileArgs) -> Result<()> {
    let first = quarter_of(quarter, context)?;
    let next = first.checked_add_months(Months::new(3)).unwrap_or(first);
    let name = format!("{}Q{}", first.year(), first.month0() / 3 + 1);
    report(
        context,
        file,
        (first, next),
        ("quarter", "Quarter", "季度", name),
        ("quarterly", "季报"),
    )
}

pub(super) fn annual(context: &Context, year: Option<&str>, file: &FileArgs) -> Result<()> {
    let first = year_of(year, context)?;
    let next = first.checked_add_months(Months::new(12)).unwrap_or(first);
    let name = first.year().to_string();
    report(
        context,
        file,
        (first, next),
        ("year", "Year", "年度", name),
        ("annual", "年报"),
    )
}

fn report(
    context: &Context,
    file: &FileArgs,
    (first, next): (NaiveDate, NaiveDate),
    period: (&'static str, &'static str, &'static str, String),
    (code, zh): (&'static str, &'static str),
) -> Result<()> {
    let mut conn = context.open()?;
    let conn = db::snapshot(&mut conn)?;
    let sections = analysis(&conn, start(first), start(next))?;
    let head = head(Cell::label(code, zh), &[period], context);
    deliver(context, file, &head, &sections)
}
