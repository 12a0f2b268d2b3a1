//! `report weekly`: calls, visits and deals of a Monday–Sunday week by rep, for the project's
//! report to the sales department every Monday (每周一上报上周来电、来访、成交). A deal counts
//! for the rep who closed it. The customer centre's part: how many of Monday's follow-up calls
//! were made (投诉跟踪报表, 004 4.10.5).

use std::collections::BTreeMap;

use anyhow::Result;
use chrono::{Duration, NaiveDate};
use rusqlite::Connection;

use super::{Report, head, section, start};
use crate::cmd::Context;
use crate::cmd::facts::complaint_views;
use crate::db::{self, complaint_calls, deals, register};
use crate::domain::complaint::follow_ups::Why;
use crate::domain::dates;
use crate::error::Invalid;
use crate::messages::columns::facts::reports::weekly::{CALL_COLUMNS, WEEK_COLUMNS};
use crate::output::{Cell, Records};

/// The Monday of the week typed as this, last or any day of it; default last week.
pub(super) fn week_of(raw: Option<&str>, today: NaiveDate) -> Result<NaiveDate, Invalid> {
    dates::parse_week(raw.unwrap_or("last"), "--week", today)
}

pub(super) fn build(context: &Context, mut conn: Connection, week: Option<&str>) -> Result<Report> {
    let monday = week_of(week, context.today())?;
    let sunday = monday + Duration::days(6);
    // One database is one project (楼盘); it is named after the file, as offices name them.
    let project = context
        .db
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let conn = db::snapshot(&mut conn)?;
    let by_rep = week_by_rep(&conn, monday, sunday)?;
    let head = head(
        Cell::label("weekly", "周报"),
        &[
            ("from", "From", "起", dates::date(monday)),
            ("to", "To", "止", dates::date(sunday)),
        ],
        context,
    );
    let calls = calls(&conn, &project, monday, start(sunday + Duration::days(1)))?;
    let sections = [
        (section("by_rep", "按置业顾问"), rep_rows(&project, &by_rep)),
        (section("totals", "合计"), totals(&project, &by_rep)),
        (section("complaint_calls", "投诉跟踪回访"), calls),
    ];
    Ok(Report::new(head, sections))
}

/// Visits, calls and deals of the week per rep.
fn week_by_rep(
    conn: &Connection,
    monday: NaiveDate,
    sunday: NaiveDate,
) -> Result<BTreeMap<String, [i64; 3]>> {
    let mut by_rep: BTreeMap<String, [i64; 3]> = BTreeMap::new();
    for counts in register::counts_by_rep_between(conn, monday, sunday)? {
        let row = by_rep.entry(counts.rep.unwrap_or_default()).or_default();
        row[0] += counts.visits;
        row[1] += counts.calls;
    }
    let (from, to) = (start(monday), start(sunday + Duration::days(1)));
    for (rep, deals) in deals::count_by_rep_between(conn, from, to)? {
        by_rep.entry(rep.unwrap_or_default()).or_default()[2] += deals;
    }
    Ok(by_rep)
}

/// Monday's calls of the week (4.10.5): the list of the week before, made on this week's
/// Monday, by why each complaint is on it, and how many were called by the week's end. No row
/// when the list is empty.
fn calls(
    conn: &Connection,
    project: &str,
    monday: NaiveDate,
    end: chrono::NaiveDateTime,
) -> Result<Records> {
    let list_week = monday - Duration::days(7);
    let until = end - Duration::seconds(1);
    let list = complaint_views::call_list(conn, list_week, until)?;
    let called = complaint_calls::of_week(conn, list_week, until)?.len() as i64;
    let mut records = Records::new(CALL_COLUMNS);
    if !list.is_empty() {
        let count = |why: Why| list.iter().filter(|(_, w)| *w == why).count() as i64;
        records.push(vec![
            project.into(),
            dates::date(list_week).into(),
            (list.len() as i64).into(),
            count(Why::Received).into(),
            count(Why::Closed).into(),
            count(Why::Drawn).into(),
            called.into(),
        ]);
    }
    Ok(records)
}

/// One row per rep (a rep-less entry under an empty name).
fn rep_rows(project: &str, by_rep: &BTreeMap<String, [i64; 3]>) -> Records {
    let mut records = Records::new(WEEK_COLUMNS);
    for (rep, counts) in by_rep {
        let mut row: Vec<Cell> = vec![
            project.into(),
            if rep.is_empty() {
                Cell::Null
            } else {
                rep.clone().into()
            },
        ];
        row.extend(counts.iter().map(|c| Cell::Int(*c)));
        records.push(row);
    }
    records
}

/// The project's totals: no row for a week with nothing in it.
fn totals(project: &str, by_rep: &BTreeMap<String, [i64; 3]>) -> Records {
    let mut totals = Records::new(&[
        WEEK_COLUMNS[0],
        WEEK_COLUMNS[2],
        WEEK_COLUMNS[3],
        WEEK_COLUMNS[4],
    ]);
    if !by_rep.is_empty() {
        let mut sum = [0i64; 3];
        for counts in by_rep.values() {
            for (total, count) in sum.iter_mut().zip(counts) {
                *total += count;
            }
        }
        let mut row = vec![project.into()];
        row.extend(sum.iter().map(|c| Cell::Int(*c)));
        totals.push(row);
    }
    totals
}
