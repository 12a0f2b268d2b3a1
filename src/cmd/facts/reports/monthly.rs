//! `report monthly`: the complaint analysis of a month — by class, category, department and
//! channel — with deadline compliance, time to resolve and satisfaction, judged as the month
//! closed so that a month's report never changes afterwards; and the half-yearly survey waves,
//! the half-year without one flagged (seed 002: 每半年对客户进行一次满意度调查); and the month's
//! fairness audit, one row per rep (seed 003: 公平竞争, [`super::fairness`]); and the month's
//! visits by channel and by rep, day by day, which the workbook charts.

use std::collections::{BTreeMap, HashMap};

use anyhow::Result;
use chrono::{Duration, Months, NaiveDateTime};
use rusqlite::Connection;

use super::{Report, head, month_of, number, section, start};
use crate::cmd::Context;
use crate::cmd::facts::complaint_views::{self, View};
use crate::cmd::facts::waves;
use crate::db::complaints::EventRow;
use crate::db::{self, calendar, complaints, customers, register, surveys};
use crate::domain::codes::Code;
use crate::domain::complaint::follow_ups;
use crate::domain::complaint::{self, Clock, Standing, Step};
use crate::domain::dates;
use crate::domain::survey as rules;
use crate::messages::columns::facts::reports::monthly::{
    DAY_CHANNEL_COLUMNS, DAY_REP_COLUMNS, DEADLINE_COLUMNS, DIRECTOR_COLUMNS, HALF_YEAR_COLUMNS,
    RESOLUTION_COLUMNS, SATISFACTION_COLUMNS, TYPICAL_COLUMNS, WEEK_CHANNEL_COLUMNS,
    WEEK_REP_COLUMNS,
};
use crate::output::{Cell, Chart, Column, Drawn, Records, col};

const COUNT: Column = col("complaints", "Complaints", "投诉数");

pub(super) fn build(
    context: &Context,
    mut conn: Connection,
    month: Option<&str>,
) -> Result<Report> {
    let first = month_of(month, context.today())?;
    let next = first.checked_add_months(Months::new(1)).unwrap_or(first);
    let conn = db::snapshot(&mut conn)?;
    let mut sections = analysis(&conn, start(first), start(next), context.now())?;
    sections.push((
        section("director_follow_ups", "客户总监跟踪"),
        director_follow_ups(&conn, start(first), start(next))?,
    ));
    sections.push((
        section("survey_half_years", "半年度满意度调查"),
        half_years(&conn, next.pred_opt().unwrap_or(first))?,
    ));
    sections.push((
        section("fairness", "公平竞争"),
        super::fairness::of_month(&conn, first, next, context.now())?,
    ));
    let last = next.pred_opt().unwrap_or(first);
    sections.extend(visits_over(&conn, first, last, Over::Days)?);
    let head = head(
        Cell::label("monthly", "月报"),
        &[("month", "Month", "月份", first.format("%Y-%m").to_string())],
        context,
    );
    Ok(Report::new(head, sections))
}

/// The complaint analysis of the period `[from, to)`, judged as it closed so that the report of
/// a period never changes afterwards: the complaints received in it by class, category,
/// department and channel (each by its class as it stood then, a reclassification's if any),
/// deadline compliance, time to resolve, satisfaction, and the typical cases among them with
/// their lessons (4.2.1.5). Counts are of complaints, not of steps: a complaint resolved twice
/// after a reopening is one resolved complaint, and a typical case belongs to the period its
/// complaint was received in, whenever it was marked (up to `now`, the moment the report is
/// read at). Voided complaints count nowhere. The monthly, quarterly and annual reports are this
/// analysis over their periods.
pub(super) fn analysis(
    conn: &Connection,
    from: NaiveDateTime,
    to: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<Vec<(Column, Records)>> {
    let received = complaints::received_between(conn, from, to, false)?;
    let views = complaint_views::judged(conn, received, to - Duration::seconds(1))?;
    Ok(vec![
        (
            section("by_class", "按投诉分类"),
            breakdown(&views, col("class", "Class", "投诉分类"), |v| {
                v.state.class
            }),
        ),
        (
            section("by_category", "按类别"),
            breakdown(&views, col("category", "Category", "类别"), |v| {
                v.row.category
            }),
        ),
        (
            section("by_department", "按责任部门"),
            breakdown(
                &views,
                col("department", "Department", "责任部门"),
                |v| v.row.department,
            ),
        ),
        (
            section("by_channel", "按渠道"),
            breakdown(&views, col("channel", "Channel", "渠道"), |v| {
                v.row.channel
            }),
        ),
        (section("deadlines", "时限达标"), deadlines(&views)),
        (
            section("resolution", "解决时长"),
            resolution(conn, from, to)?,
        ),
        (
            section("satisfaction", "满意度"),
            satisfaction(conn, from, to)?,
        ),
        (section("typical_cases", "典型案例"), typical(&views, now)),
    ])
}

/// The charts of the monthly, quarterly and annual workbooks: visits by channel and by rep over
/// the period's days or weeks, complaints by class and by category, and the steps overdue.
pub(super) const CHARTS: &[Chart] = &[
    Chart {
        section: "visits_by_channel",
        title: "Visits by channel",
        title_zh: "按渠道来访",
        kind: Drawn::Lines,
        category: "day",
        values: &["visits"],
        series_by: Some("channel"),
    },
    Chart {
        section: "visits_by_channel",
        title: "Visits by channel",
        title_zh: "按渠道来访",
        kind: Drawn::Lines,
        category: "week",
        values: &["visits"],
        series_by: Some("channel"),
    },
    Chart {
        section: "visits_by_rep",
        title: "Visits by rep",
        title_zh: "按置业顾问来访",
        kind: Drawn::Lines,
        category: "day",
        values: &["visits"],
        series_by: Some("rep"),
    },
    Chart {
        section: "visits_by_rep",
        title: "Visits by rep",
        title_zh: "按置业顾问来访",
        kind: Drawn::Lines,
        category: "week",
        values: &["visits"],
        series_by: Some("rep"),
    },
    Chart {
        section: "by_class",
        title: "Complaints by class",
        title_zh: "按投诉分类",
        kind: Drawn::Columns,
        category: "class",
        values: &["complaints"],
        series_by: None,
    },
    Chart {
        section: "by_category",
        title: "Complaints by category",
        title_zh: "按类别投诉",
        kind: Drawn::Bars,
        category: "category",
        values: &["complaints"],
        series_by: None,
    },
    Chart {
        section: "deadlines",
        title: "Deadlines missed and open",
        title_zh: "时限超时与未到期",
        kind: Drawn::Columns,
        category: "step",
        values: &["met", "missed", "open"],
        series_by: None,
    },
    Chart {
        section: "fairness",
        ..super::fairness::REPS_CHART
    },
];

/// Whether the visits of a period are counted by day (a month) or by week (a quarter, a year).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Over {
    Days,
    Weeks,
}

/// The visits that stand over `[first, last]` by channel and by rep, per day or per week (its
/// Monday): what the workbook's charts draw, a line per channel and per rep.
pub(super) fn visits_over(
    conn: &Connection,
    first: chrono::NaiveDate,
    last: chrono::NaiveDate,
    over: Over,
) -> Result<Vec<(Column, Records)>> {
    let counted = register::visits_by_day_between(conn, first, last)?;
    let period = |day: chrono::NaiveDate| match over {
        Over::Days => day,
        Over::Weeks => dates::monday_of(day).unwrap_or(day),
    };
    let mut by_channel: BTreeMap<(chrono::NaiveDate, &'static str), (Cell, i64)> = BTreeMap::new();
    let mut by_rep: BTreeMap<(chrono::NaiveDate, Option<String>), i64> = BTreeMap::new();
    for row in &counted {
        let at = period(row.day);
        by_channel
            .entry((at, row.channel.code()))
            .or_insert((Cell::code(row.channel), 0))
            .1 += row.visits;
        *by_rep.entry((at, row.rep.clone())).or_insert(0) += row.visits;
    }
    let (channel_columns, rep_columns) = match over {
        Over::Days => (DAY_CHANNEL_COLUMNS, DAY_REP_COLUMNS),
        Over::Weeks => (WEEK_CHANNEL_COLUMNS, WEEK_REP_COLUMNS),
    };
    let mut channels = Records::new(channel_columns);
    for ((at, _), (channel, visits)) in by_channel {
        channels.push(vec![dates::date(at).into(), channel, visits.into()]);
    }
    let mut reps = Records::new(rep_columns);
    for ((at, rep), visits) in by_rep {
        reps.push(vec![dates::date(at).into(), rep.into(), visits.into()]);
    }
    Ok(vec![
        (section("visits_by_channel", "按渠道来访"), channels),
        (section("visits_by_rep", "按置业顾问来访"), reps),
    ])
}

/// The half-year of the month and the one before, with the survey waves started in each by
/// the month's end; a half-year whose last month has come without a wave is flagged.
fn half_years(conn: &Connection, month_end: chrono::NaiveDate) -> Result<Records> {
    let started: Vec<chrono::NaiveDate> = surveys::waves(conn)?
        .into_iter()
        .map(|wave| wave.created_at.date())
        .collect();
    let mut records = Records::new(HALF_YEAR_COLUMNS);
    let owners = customers::has_owners(conn)?;
    for half in rules::half_years_without_wave(month_end, &started, owners) {
        records.push(vec![
            half.half.name().into(),
            (half.waves as i64).into(),
            half.flagged.into(),
        ]);
    }
    Ok(records)
}

/// The major complaints resolved in the month whose follow-up call after their latest
/// resolution was not the customer director's (4.7.6: [`follow_ups::director_missed`]), as the
/// month closed: who called, if anyone. With no director named, every one is listed.
fn director_follow_ups(
    conn: &Connection,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Records> {
    let director = calendar::director(conn)?;
    let end = to - Duration::seconds(1);
    let mut latest: BTreeMap<i64, NaiveDateTime> = BTreeMap::new();
    for resolution in complaints::resolutions_between(conn, from, to)? {
        latest.insert(resolution.complaint_id, resolution.at);
    }
    let mut rows = Vec::with_capacity(latest.len());
    for id in latest.keys() {
        rows.extend(complaints::complaint(conn, *id)?);
    }
    let mut records = Records::new(DIRECTOR_COLUMNS);
    for view in complaint_views::judged(conn, rows, end)? {
        let resolved = latest[&view.row.id];
        let revisits: Vec<(NaiveDateTime, Option<&str>)> = view
            .events
            .iter()
            .filter(|e| e.step == Step::Revisit && e.at <= end)
            .map(|e| (e.at, e.actor.as_deref()))
            .collect();
        if !follow_ups::director_missed(view.state.class, resolved, &revisits, director.as_deref())
        {
            continue;
        }
        let call = revisits
            .iter()
            .filter(|(at, _)| *at >= resolved)
            .max_by_key(|(at, _)| *at);
        records.push(vec![
            view.row.id.into(),
            dates::minute(view.row.received_at).into(),
            view.row.name.clone().into(),
            dates::minute(resolved).into(),
            call.map(|(at, _)| dates::minute(*at)).into(),
            call.and_then(|(_, by)| by.map(str::to_string)).into(),
        ]);
    }
    Ok(records)
}

/// The typical cases among the period's complaints, marked by `now` whenever that was, with
/// their lessons, in the order they were marked.
fn typical(views: &[View], now: NaiveDateTime) -> Records {
    let mut cases: Vec<(&View, &EventRow)> = views
        .iter()
        .filter_map(|view| {
            let mark = view
                .events
                .iter()
                .find(|e| e.step == Step::Typical && e.at <= now)?;
            Some((view, mark))
        })
        .collect();
    cases.sort_by_key(|(view, mark)| (mark.at, view.row.id));
    let mut records = Records::new(TYPICAL_COLUMNS);
    for (view, mark) in cases {
        let complaint = &view.row;
        records.push(vec![
            complaint.id.into(),
            dates::minute(complaint.received_at).into(),
            Cell::code(view.state.class),
            Cell::code(complaint.category),
            complaint.text.clone().into(),
            mark.note.clone().unwrap_or_default().into(),
            dates::minute(mark.at).into(),
        ]);
    }
    records
}

/// How many of the month's complaints have each value of one coded field, in code order.
fn breakdown<T: Code>(views: &[View], column: Column, key: fn(&View) -> T) -> Records {
    let mut counts: BTreeMap<&'static str, (T, i64)> = BTreeMap::new();
    for view in views {
        let value = key(view);
        counts.entry(value.code()).or_insert((value, 0)).1 += 1;
    }
    let mut records = Records::new(&[column, COUNT]);
    for (value, count) in counts.into_values() {
        records.push(vec![Cell::code(value), count.into()]);
    }
    records
}

/// Deadline compliance per clock: met, missed, still open, and the share met of those judged.
fn deadlines(views: &[View]) -> Records {
    let mut records = Records::new(DEADLINE_COLUMNS);
    if views.is_empty() {
        return records;
    }
    for &clock in Clock::ALL {
        let mut counts = [0i64; 3];
        for deadline in views
            .iter()
            .flat_map(|v| &v.deadlines)
            .filter(|d| d.clock == clock)
        {
            match deadline.standing {
                Standing::Met => counts[0] += 1,
                Standing::Missed => counts[1] += 1,
                Standing::Open => counts[2] += 1,
                Standing::NotStarted | Standing::NotApplicable => {}
            }
        }
        let judged = counts[0] + counts[1];
        records.push(vec![
            Cell::code(clock),
            counts[0].into(),
            counts[1].into(),
            counts[2].into(),
            number((judged > 0).then(|| counts[0] as f64 / judged as f64), 3),
        ]);
    }
    records
}

/// Time to resolve: complaints resolved this month, whenever received, each once, to the
/// resolution that stood ([`complaint::resolved_once`]).
fn resolution(conn: &Connection, from: NaiveDateTime, to: NaiveDateTime) -> Result<Records> {
    let resolutions = complaints::resolutions_between(conn, from, to)?;
    let received: HashMap<i64, NaiveDateTime> = resolutions
        .iter()
        .map(|r| (r.complaint_id, r.received_at))
        .collect();
    let hours: Vec<f64> =
        complaint::resolved_once(resolutions.iter().map(|r| (r.complaint_id, r.at)))
            .into_iter()
            .filter_map(|(id, resolved)| received.get(&id).map(|at| resolved - *at))
            .map(|took| took.num_minutes() as f64 / 60.0)
            .collect();
    let mut records = Records::new(RESOLUTION_COLUMNS);
    if !hours.is_empty() {
        records.push(vec![
            (hours.len() as i64).into(),
            number(Some(hours.iter().sum::<f64>() / hours.len() as f64), 1),
        ]);
    }
    Ok(records)
}

/// The month's follow-up calls and the latest survey wave started before the month ended.
fn satisfaction(conn: &Connection, from: NaiveDateTime, to: NaiveDateTime) -> Result<Records> {
    let scores: Vec<i64> = complaints::steps_between(conn, Step::Revisit, from, to)?
        .into_iter()
        .filter_map(|s| s.2)
        .collect();
    let handling = rules::complaint_handling(&scores);
    let latest = surveys::waves(conn)?
        .into_iter()
        .rev()
        .find(|s| s.created_at < to);
    let mut records = Records::new(SATISFACTION_COLUMNS);
    if !scores.is_empty() || latest.is_some() {
        let survey_index = match &latest {
            Some(wave) => waves::figures(conn, wave, None)?.index,
            None => None,
        };
        records.push(vec![
            (scores.len() as i64).into(),
            number(handling.map(|h| h.0), 2),
            number(handling.map(|h| h.1), 1),
            latest.map(|w| w.name).into(),
            number(survey_index, 1),
        ]);
    }
    Ok(records)
}
