//! `report quarterly` and `report annual`: the complaint analysis of a quarter or a year, with
//! the typical cases marked in it and their lessons. The group's customer centre receives the
//! quarter's typical cases (002: 每季度典型投诉案例汇编) and the year's analysis (004 4.7.6: the
//! annual report by 15 January). Both are the monthly analysis over a longer period, with the
//! visits by channel and by rep week by week.

use anyhow::Result;
use chrono::{Datelike, Months, NaiveDate};

use super::monthly::{Over, analysis, visits_over};
use super::{Report, head, start};
use crate::cmd::Context;
use crate::db;
use crate::domain::dates;
use crate::error::Invalid;
use crate::output::Cell;

/// The first day of the quarter typed as `2026Q3`, `this` or `last`; default last quarter.
pub(super) fn quarter_of(raw: Option<&str>, today: NaiveDate) -> Result<NaiveDate, Invalid> {
    dates::parse_quarter(raw.unwrap_or("last"), "--quarter", today)
}

/// The first day of the year typed as `2026`, `this` or `last`; default last year.
pub(super) fn year_of(raw: Option<&str>, today: NaiveDate) -> Result<NaiveDate, Invalid> {
    dates::parse_year(raw.unwrap_or("last"), "--year", today)
}

pub(super) fn quarterly(
    context: &Context,
    conn: rusqlite::Connection,
    quarter: Option<&str>,
) -> Result<Report> {
    let first = quarter_of(quarter, context.today())?;
    let next = first.checked_add_months(Months::new(3)).unwrap_or(first);
    let name = format!("{}Q{}", first.year(), first.month0() / 3 + 1);
    report(
        context,
        conn,
        (first, next),
        ("quarter", "Quarter", "季度", name),
        ("quarterly", "季报"),
    )
}

pub(super) fn annual(
    context: &Context,
    conn: rusqlite::Connection,
    year: Option<&str>,
) -> Result<Report> {
    let first = year_of(year, context.today())?;
    let next = first.checked_add_months(Months::new(12)).unwrap_or(first);
    let name = first.year().to_string();
    report(
        context,
        conn,
        (first, next),
        ("year", "Year", "年度", name),
        ("annual", "年报"),
    )
}

fn report(
    context: &Context,
    mut conn: rusqlite::Connection,
    (first, next): (NaiveDate, NaiveDate),
    period: (&'static str, &'static str, &'static str, String),
    (code, zh): (&'static str, &'static str),
) -> Result<Report> {
    let conn = db::snapshot(&mut conn)?;
    let mut sections = analysis(&conn, start(first), start(next), context.now())?;
    let last = next.pred_opt().unwrap_or(first);
    sections.extend(visits_over(&conn, first, last, Over::Weeks)?);
    let head = head(Cell::label(code, zh), &[period], context);
    Ok(Report::new(head, sections))
}
