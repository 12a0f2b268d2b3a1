//! `report repairs`: the month's repair statistics (每月统计回访结果, seed 003 回访制度 四): repairs
//! received, done and revisited, revisits that found a problem and the notices that followed,
//! the notices written after the 24 hours (24小时内书面通知整改), the mean revisit score, the
//! repairs overdue as of `--at`, and the revisit rates of the month's
//! completed repairs by role against the minimums (director 10 %, administrators 30 %, repair
//! lead 60 %, 维修回访制度 一). A revisit of a repair done late in the month often comes in the
//! next; it counts for the month the repair was done in, up to the moment the report is run.

use std::collections::{BTreeSet, HashMap};

use anyhow::Result;
use chrono::{Months, NaiveDateTime};

use super::{Report, month_of, number, section, start};
use crate::cmd::Context;
use crate::cmd::facts::repairs;
use crate::db::{self, aftersales};
use crate::domain::aftersales::{
    RepairStep, RevisitRole, late_notices, required_rate, revisit_rates,
};
use crate::domain::codes::Code as _;
use crate::domain::dates;
use crate::messages::columns::facts::reports::repairs::{RATE_COLUMNS, SUMMARY_COLUMNS};
use crate::output::{Cell, Records, col};

/// The month's figures, before they are laid out.
struct Month {
    received: i64,
    completed: BTreeSet<i64>,
    revisits: Vec<i64>,
    problems: i64,
    notices: i64,
    late_notices: i64,
    by_role: [u32; 3],
}

fn gather(
    conn: &rusqlite::Connection,
    from: NaiveDateTime,
    to: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<Month> {
    let steps = aftersales::steps_between(conn, from, to.min(now))?;
    let mut month = Month {
        received: aftersales::received_between(conn, from, to.min(now))?,
        completed: BTreeSet::new(),
        revisits: Vec::new(),
        problems: 0,
        notices: 0,
        late_notices: 0,
        by_role: [0; 3],
    };
    // When each completed repair was first done in the month: revisits count from then on.
    let mut done_at: HashMap<i64, NaiveDateTime> = HashMap::new();
    for step in &steps {
        match step.step {
            RepairStep::Done => {
                month.completed.insert(step.repair_id);
                done_at.entry(step.repair_id).or_insert(step.at);
            }
            RepairStep::Revisit | RepairStep::RevisitProblem => {
                month.revisits.extend(step.score);
                if step.step == RepairStep::RevisitProblem {
                    month.problems += 1;
                }
            }
            RepairStep::Notice => month.notices += 1,
            RepairStep::Reschedule => {}
        }
    }
    // A notice is late against the revisit that found the problem, which may lie in the month
    // before: the histories of the repairs noticed this month are read whole.
    let noticed: BTreeSet<i64> = steps
        .iter()
        .filter(|s| s.step == RepairStep::Notice)
        .map(|s| s.repair_id)
        .collect();
    let noticed: Vec<i64> = noticed.into_iter().collect();
    let mut histories: HashMap<i64, Vec<(RepairStep, NaiveDateTime)>> = HashMap::new();
    for event in aftersales::events_of(conn, &noticed)? {
        histories
            .entry(event.repair_id)
            .or_default()
            .push((event.step, event.at));
    }
    month.late_notices = histories
        .values()
        .flat_map(|history| late_notices(history))
        .filter(|at| *at >= from && *at < to.min(now))
        .count() as i64;
    let ids: Vec<i64> = month.completed.iter().copied().collect();
    let mut revisited: [BTreeSet<i64>; 3] = Default::default();
    for event in aftersales::events_of(conn, &ids)? {
        let revisit = matches!(event.step, RepairStep::Revisit | RepairStep::RevisitProblem);
        let after_done = done_at
            .get(&event.repair_id)
            .is_some_and(|at| event.at >= *at);
        if let (true, true, Some(role)) = (revisit && event.at <= now, after_done, event.role) {
            revisited[role.index()].insert(event.repair_id);
        }
    }
    for role in RevisitRole::ALL {
        month.by_role[role.index()] = revisited[role.index()].len() as u32;
    }
    Ok(month)
}

pub(super) fn build(
    context: &Context,
    mut conn: rusqlite::Connection,
    month: Option<&str>,
) -> Result<Report> {
    let first = month_of(month, context.today())?;
    let next = first.checked_add_months(Months::new(1)).unwrap_or(first);
    let conn = db::snapshot(&mut conn)?;
    let figures = gather(&conn, start(first), start(next), context.now())?;
    let overdue = repairs::overdue(&conn, context.now())?.len() as i64;
    let completed = figures.completed.len() as u32;
    let rates = revisit_rates(completed, figures.by_role);
    let mean = (!figures.revisits.is_empty())
        .then(|| figures.revisits.iter().sum::<i64>() as f64 / figures.revisits.len() as f64);
    let summary = vec![
        figures.received.into(),
        i64::from(completed).into(),
        (figures.revisits.len() as i64).into(),
        figures.problems.into(),
        figures.notices.into(),
        number(mean, 2),
        overdue.into(),
        number(Some(rates.roles[0].rate), 3),
        number(Some(rates.roles[1].rate), 3),
        number(Some(rates.roles[2].rate), 3),
        rates.all_met().into(),
        figures.late_notices.into(),
    ];
    let mut by_role = Records::new(RATE_COLUMNS);
    for rate in &rates.roles {
        let (numerator, denominator) = required_rate(rate.role);
        by_role.push(vec![
            Cell::code(rate.role),
            i64::from(rate.revisited).into(),
            i64::from(completed).into(),
            number(Some(rate.rate), 3),
            number(Some(f64::from(numerator) / f64::from(denominator)), 2),
            rate.meets.into(),
        ]);
    }
    // The summary is the report's own fields too, so that a script reads `director_rate` at the
    // top of the JSON; CSV carries it as the `summary` section.
    let mut head_columns = vec![
        col("report", "Report", "报表"),
        col("month", "Month", "月份"),
        col("as_of", "As of", "截至"),
    ];
    head_columns.extend_from_slice(SUMMARY_COLUMNS);
    let mut head = Records::new(&head_columns);
    let mut head_row = vec![
        Cell::label("repairs", "维修月报"),
        first.format("%Y-%m").to_string().into(),
        dates::minute(context.now()).into(),
    ];
    head_row.extend(summary.iter().cloned());
    head.push(head_row);
    let mut summary_records = Records::new(SUMMARY_COLUMNS);
    summary_records.push(summary);
    let sections = [
        (section("summary", "汇总"), summary_records),
        (section("revisit_rates", "回访率"), by_role),
    ];
    Ok(Report::new(head, sections))
}
