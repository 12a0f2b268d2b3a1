//! `report fairness`: the fairness audit of a month or a week (公平竞争, seed 003): per rep on
//! duty, the hours on the roster, the rotation turns taken against those the hours would give,
//! the new customers, the designated and voluntary receptions, the reassignments and the voids,
//! and the flags that say which of them stand out from the team and by which rule
//! ([`crate::domain::fairness`]). The monthly report shows the reps' rows as its `fairness`
//! section.

use anyhow::Result;
use chrono::{Duration, Months, NaiveDate, NaiveDateTime};
use rusqlite::Connection;

use super::{Report, head, month_of, number, section};
use crate::cmd::Context;
use crate::cmd::facts::fairness::{self, RepFairness};
use crate::db;
use crate::domain::codes::Code;
use crate::domain::dates;
use crate::domain::fairness::{Flag, Rule};
use crate::error::Invalid;
use crate::lang::Lang;
use crate::messages::Message;
use crate::messages::columns::facts::reports::fairness::{REP_COLUMNS, TEAM_COLUMNS};
use crate::output::{Cell, Chart, Drawn, Records};

/// The audit's chart: each rep's new customers and rotation turns against the turns their
/// hours on duty would give.
pub(super) const REPS_CHART: Chart = Chart {
    section: "reps",
    title: "New customers and turns against the turns expected",
    title_zh: "新客户、轮序与应得轮序",
    kind: Drawn::Columns,
    category: "rep",
    values: &["new_customers", "rotation_turns", "expected_turns"],
    series_by: None,
};

pub(super) const CHARTS: &[Chart] = &[REPS_CHART];

/// The period of the audit: the week typed with `--week`, else the month of `--month`
/// (default last month). Its first and last day.
pub(super) fn period_of(
    month: Option<&str>,
    week: Option<&str>,
    today: NaiveDate,
) -> Result<(NaiveDate, NaiveDate, bool), Invalid> {
    match week {
        Some(raw) => {
            let monday = dates::parse_week(raw, "--week", today)?;
            Ok((monday, monday + Duration::days(6), true))
        }
        None => {
            let first = month_of(month, today)?;
            let next = first.checked_add_months(Months::new(1)).unwrap_or(first);
            Ok((first, next.pred_opt().unwrap_or(first), false))
        }
    }
}

pub(super) fn build(
    context: &Context,
    mut conn: Connection,
    month: Option<&str>,
    week: Option<&str>,
) -> Result<Report> {
    let (first, last, weekly) = period_of(month, week, context.today())?;
    let conn = db::snapshot(&mut conn)?;
    let (reps, team) = fairness::audit(&conn, first, last, context.now())?;
    let period = if weekly {
        vec![
            ("from", "From", "起", dates::date(first)),
            ("to", "To", "止", dates::date(last)),
        ]
    } else {
        vec![("month", "Month", "月份", first.format("%Y-%m").to_string())]
    };
    let head = head(Cell::label("fairness", "公平竞争"), &period, context);
    let mut summary = Records::new(TEAM_COLUMNS);
    if !reps.is_empty() {
        summary.push(vec![
            (reps.len() as i64).into(),
            hours(team.minutes_on_duty),
            team.rotation_turns.into(),
            number(Some(team.median_designated), 1),
            number(Some(team.median_voluntary), 1),
            number(Some(team.median_voided), 1),
        ]);
    }
    Ok(Report::new(
        head,
        [
            (section("reps", "置业顾问"), rows(&reps)),
            (section("team", "团队"), summary),
        ],
    ))
}

/// The monthly report's `fairness` section: the reps' rows of the month `[first, next)`.
pub(super) fn of_month(
    conn: &Connection,
    first: NaiveDate,
    next: NaiveDate,
    now: NaiveDateTime,
) -> Result<Records> {
    let last = next.pred_opt().unwrap_or(first);
    let (reps, _) = fairness::audit(conn, first, last, now)?;
    Ok(rows(&reps))
}

fn hours(minutes: i64) -> Cell {
    Cell::Number(minutes as f64 / 60.0, 2)
}

fn rows(reps: &[RepFairness]) -> Records {
    let mut records = Records::new(REP_COLUMNS);
    for rep in reps {
        let rules: Vec<Rule> = rep.flags.iter().map(|f| f.rule).collect();
        records.push(vec![
            rep.rep.clone().into(),
            hours(rep.minutes_on_duty),
            rep.rotation_turns.into(),
            number(rep.expected_turns, 1),
            number(rep.expected_turns.map(|e| rep.rotation_turns as f64 - e), 1),
            rep.new_customers.into(),
            rep.new_by_rotation.into(),
            rep.designated.into(),
            rep.voluntary.into(),
            rep.reassigned_from.into(),
            rep.reassigned_to.into(),
            rep.voided.into(),
            Cell::codes(rules),
            Cell::Phrase {
                en: reasons(&rep.flags, Lang::En).join("; "),
                zh: reasons(&rep.flags, Lang::Zh).join("；"),
            },
        ]);
    }
    records
}

/// Each flag's reason in `lang`, naming its rule.
fn reasons(flags: &[Flag], lang: Lang) -> Vec<String> {
    flags
        .iter()
        .map(|flag| {
            let what = match lang {
                Lang::En => flag.measure.code().to_string(),
                Lang::Zh => flag.measure.zh().to_string(),
            };
            let why = match flag.rule {
                Rule::DesignatedOverShare | Rule::VoluntaryOverShare | Rule::VoidedOverShare => {
                    Message::FlagOverShare {
                        what,
                        count: flag.count,
                        new_customers: flag.new_customers,
                    }
                }
                _ => Message::FlagOverTwiceMedian {
                    what,
                    count: flag.count,
                    median: format!("{}", flag.median),
                },
            };
            let rule = match lang {
                Lang::En => flag.rule.code(),
                Lang::Zh => flag.rule.zh(),
            };
            format!("{rule}: {}", why.text(lang))
        })
        .collect()
}
