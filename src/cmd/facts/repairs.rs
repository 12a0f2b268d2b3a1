//! A repair with what its history says about it: where it stands (the life cycle of
//! [`crate::domain::aftersales`] replayed over its steps), its appointment now, when it was
//! last done, and the clock that runs: the revisit after completion, or the written notice
//! after a revisit that found a problem.

use anyhow::{Result, anyhow};
use chrono::{Duration, NaiveDateTime};
use rusqlite::Connection;

use super::super::Context;
use crate::db::aftersales::{self, RepairEventRow, RepairRow};
use crate::db::calendar;
use crate::domain::aftersales::{
    NOTICE_HOURS, RepairKind, RepairStatus, RepairStep, advance, late_notices, notice_due,
    revisit_days, revisit_due,
};
use crate::domain::calendar::Calendar;
use crate::domain::codes::Code;
use crate::domain::dates;
use crate::messages::columns::facts::repairs::EVENT_COLUMNS;
pub use crate::messages::columns::facts::repairs::REPAIR_COLUMNS;
use crate::output::{Cell, Records};

/// A repair and its history, judged.
#[derive(Debug, Clone)]
pub struct RepairView {
    pub row: RepairRow,
    pub events: Vec<RepairEventRow>,
    pub status: RepairStatus,
    /// The appointment now: the latest rescheduled one, else the one booked.
    pub appointment: Option<NaiveDateTime>,
    /// The latest completion.
    pub done_at: Option<NaiveDateTime>,
    /// When the revisit is due, while the repair waits for one.
    pub revisit_due: Option<NaiveDateTime>,
    /// When the written notice is due, while a problem waits for one.
    pub notice_due: Option<NaiveDateTime>,
    /// The notices written after the 24 hours, by when they were written.
    pub late_notices: Vec<NaiveDateTime>,
}

impl RepairView {
    /// Replays the steps; a stored step the life cycle refuses means a damaged file.
    fn judge(calendar: &Calendar, row: RepairRow, events: Vec<RepairEventRow>) -> Result<Self> {
        let mut status = RepairStatus::Booked;
        let mut appointment = row.appointment;
        let mut done_at = None;
        let mut problem_at = None;
        for event in &events {
            status = advance(status, event.step).map_err(|illegal| {
                anyhow!(
                    "repair_events of repair {}: the stored history is damaged: {}",
                    row.id,
                    illegal.message(row.id)
                )
            })?;
            match event.step {
                RepairStep::Reschedule => appointment = event.appointment.or(appointment),
                RepairStep::Done => done_at = Some(event.at),
                RepairStep::RevisitProblem => problem_at = Some(event.at),
                RepairStep::Revisit | RepairStep::Notice => {}
            }
        }
        let revisit = match (status, done_at) {
            (RepairStatus::Done, Some(at)) => Some(revisit_due(calendar, row.kind, at)),
            _ => None,
        };
        let notice = match (status, problem_at) {
            (RepairStatus::Problem, Some(at)) => Some(notice_due(at)),
            _ => None,
        };
        let steps: Vec<(RepairStep, NaiveDateTime)> =
            events.iter().map(|e| (e.step, e.at)).collect();
        Ok(RepairView {
            late_notices: late_notices(&steps),
            row,
            events,
            status,
            appointment,
            done_at,
            revisit_due: revisit,
            notice_due: notice,
        })
    }

    /// A running repair judged from its open state alone (see [`aftersales::OpenRepair`]): the
    /// overdue list need not read every step of every candidate.
    fn open(calendar: &Calendar, open: aftersales::OpenRepair) -> RepairView {
        let revisit = match (open.stage, open.done_at) {
            (RepairStatus::Done, Some(at)) => Some(revisit_due(calendar, open.row.kind, at)),
            _ => None,
        };
        let notice = match (open.stage, open.since) {
            (RepairStatus::Problem, Some(at)) => Some(notice_due(at)),
            _ => None,
        };
        RepairView {
            appointment: open.appointment.or(open.row.appointment),
            row: open.row,
            events: Vec::new(),
            status: open.stage,
            done_at: open.done_at,
            revisit_due: revisit,
            notice_due: notice,
            late_notices: Vec::new(),
        }
    }

    /// The clock that runs has run out at `now`.
    pub fn overdue(&self, now: NaiveDateTime) -> bool {
        [self.revisit_due, self.notice_due]
            .into_iter()
            .flatten()
            .any(|due| due < now)
    }

    pub fn cells(&self, context: &Context) -> Vec<Cell> {
        let row = &self.row;
        vec![
            row.id.into(),
            row.unit.clone().into(),
            row.name.clone().into(),
            context.phone(&row.phone).into(),
            Cell::code(row.kind),
            row.text.clone().into(),
            dates::minute(row.received_at).into(),
            self.appointment.map(dates::minute).into(),
            Cell::code(self.status),
            self.done_at.map(dates::minute).into(),
            self.revisit_due.map(dates::minute).into(),
            self.notice_due.map(dates::minute).into(),
            self.overdue(context.now()).into(),
        ]
    }

    pub fn event_records(&self) -> Records {
        let mut records = Records::new(EVENT_COLUMNS);
        for event in &self.events {
            records.push(vec![
                dates::minute(event.at).into(),
                Cell::code(event.step),
                event.actor.clone().into(),
                event.role.map_or(Cell::Null, Cell::code),
                event.score.into(),
                event.note.clone().into(),
                event.appointment.map(dates::minute).into(),
                (event.step == RepairStep::Notice && self.late_notices.contains(&event.at)).into(),
            ]);
        }
        records
    }

    /// The repair and its steps as one JSON object.
    pub fn json(&self, context: &Context) -> serde_json::Value {
        let mut object = crate::output::Output::json_object(REPAIR_COLUMNS, &self.cells(context));
        let events = self.event_records();
        object["events"] = events
            .rows
            .iter()
            .map(|row| crate::output::Output::json_object(&events.columns, row))
            .collect();
        object
    }
}

/// The given repairs, judged with the office's calendar.
pub fn views(conn: &Connection, rows: Vec<RepairRow>) -> Result<Vec<RepairView>> {
    let calendar = calendar::calendar(conn)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let events = aftersales::events_of(conn, &ids)?;
    let mut by_repair: std::collections::HashMap<i64, Vec<RepairEventRow>> =
        std::collections::HashMap::new();
    for event in events {
        by_repair.entry(event.repair_id).or_default().push(event);
    }
    rows.into_iter()
        .map(|row| {
            let steps = by_repair.remove(&row.id).unwrap_or_default();
            RepairView::judge(&calendar, row, steps)
        })
        .collect()
}

/// One repair, judged; `None` if there is no such repair.
pub fn view(conn: &Connection, id: i64) -> Result<Option<RepairView>> {
    match aftersales::repair_by_id(conn, id)? {
        Some(row) => Ok(views(conn, vec![row])?.pop()),
        None => Ok(None),
    }
}

/// The repairs whose revisit or notice is past due at `now`, longest waiting first.
pub fn overdue(conn: &Connection, now: NaiveDateTime) -> Result<Vec<RepairView>> {
    // A revisit is due no sooner than the shortest revisit time after completion, so older
    // clocks are the only candidates; the calendar then decides each one.
    let shortest = RepairKind::ALL
        .iter()
        .map(|kind| revisit_days(*kind))
        .min()
        .unwrap_or(0);
    let shortest_revisit = Duration::days(shortest);
    let notice = Duration::hours(NOTICE_HOURS);
    let candidates = aftersales::clocks_started(conn, now - shortest_revisit, now - notice)?;
    let calendar = calendar::calendar(conn)?;
    Ok(candidates
        .into_iter()
        .map(|open| RepairView::open(&calendar, open))
        .filter(|view| view.overdue(now))
        .collect())
}
