//! A complaint as every listing shows it: its facts as received, with its status, class,
//! authority and deadlines worked out from its history at one moment (the class its latest
//! reclassification's, a voided complaint's status `voided` whatever the moment). The complaint
//! book, the reports and the export all read complaints through [`View`].

use std::collections::HashMap;

use anyhow::Result;
use chrono::{Duration, NaiveDate, NaiveDateTime};
use rusqlite::Connection;
use serde_json::Value;

use crate::cmd::Context;
use crate::db::calendar;
use crate::db::complaints::{self, ComplaintRow, EventRow};
use crate::domain::calendar::Calendar;
use crate::domain::codes::Code;
use crate::domain::complaint::follow_ups::{self, Candidate, Why};
use crate::domain::complaint::{
    self, Basis, Clock, Deadline, Event, State, Status, Step, StepFacts,
};
use crate::domain::dates;
use crate::domain::money::Amount;
use crate::error::invalid;
use crate::lang::Lang;
pub use crate::messages::columns::facts::complaint_views::COLUMNS;
use crate::messages::columns::facts::complaint_views::{DEADLINE_COLUMNS, EVENT_COLUMNS};
use crate::messages::{Composed, Message};
use crate::output::{Cell, Output, Records};

/// A complaint with everything derived from its history at one moment.
pub struct View {
    pub row: ComplaintRow,
    pub events: Vec<EventRow>,
    pub state: State,
    pub deadlines: Vec<Deadline>,
    /// Which of `events` is the reclassification in force, if any.
    reclassified: Option<usize>,
}

impl View {
    pub fn new(
        calendar: &Calendar,
        row: ComplaintRow,
        events: Vec<EventRow>,
        now: NaiveDateTime,
    ) -> View {
        // A void counts whenever it was recorded: the complaint never was one.
        let past: Vec<Event> = events
            .iter()
            .filter(|e| e.at <= now || e.step == Step::Void)
            .map(|e| Event {
                at: e.at,
                step: e.step,
                score: e.score,
                reply_by: e.reply_by,
                class: e.class,
            })
            .collect();
        let basis = Basis {
            class: row.class,
            authority: row.authority,
            amount: row.amount_fen.map(Amount),
            cross_department: row.flags.cross_department,
        };
        let state = complaint::replay(&basis, &past);
        let deadlines = complaint::deadlines(
            calendar,
            row.received_at,
            row.ticketed_at,
            row.class,
            &past,
            now,
        );
        let reclassified = events
            .iter()
            .rposition(|e| e.step == Step::Reclassify && e.at <= now);
        View {
            row,
            events,
            state,
            deadlines,
            reclassified,
        }
    }

    /// What the step guards judge a new step against: every step recorded, even one ahead of
    /// now, so that steps stay in order.
    pub fn step_facts(&self) -> StepFacts {
        StepFacts {
            id: self.row.id,
            status: self.state.status,
            class: self.state.class,
            authority: self.state.authority,
            received_at: self.row.received_at,
            events: self.events.iter().map(|e| (e.step, e.at)).collect(),
        }
    }

    /// The cells every complaint list starts with: who complained, when, what the complaint is
    /// and where it stands.
    pub fn leading_cells(&self, context: &Context) -> Vec<Cell> {
        vec![
            self.row.id.into(),
            dates::minute(self.row.received_at).into(),
            self.row.name.clone().into(),
            context.phone(&self.row.phone).into(),
            Cell::code(self.state.class),
            Cell::code(self.row.category),
            Cell::code(self.row.department),
            Cell::code(self.state.status),
            Cell::code(self.state.authority),
        ]
    }

    /// The latest deadline of a clock (the running progress interval, the latest plan).
    pub fn deadline(&self, clock: Clock) -> Option<&Deadline> {
        self.deadlines.iter().rev().find(|d| d.clock == clock)
    }

    /// The due time of a clock's latest deadline.
    pub fn due(&self, clock: Clock) -> Option<NaiveDateTime> {
        self.deadline(clock).and_then(|d| d.due)
    }

    /// Deadlines past due with their step not taken; none once archived or voided.
    pub fn overdue(&self) -> Vec<&Deadline> {
        if matches!(self.state.status, Status::Archived | Status::Voided) {
            return Vec::new();
        }
        self.deadlines.iter().filter(|d| d.overdue()).collect()
    }

    /// The overdue deadlines as one cell: their codes, or their Chinese names.
    pub fn overdue_cell(&self) -> Cell {
        Cell::codes(self.overdue().iter().map(|d| d.clock))
    }

    /// The latest reclassification in force at the moment judged: who made it and why.
    fn reclassification(&self) -> Option<&EventRow> {
        self.reclassified.and_then(|at| self.events.get(at))
    }

    /// Why the complaint has its class: the latest reclassification's reason if it was
    /// reclassified, else the reason given when it was received. The English is stored with the
    /// complaint; the Chinese is the rule's own when the rule, applied again to the stored facts,
    /// still gives that reason (a reason stored by an older release stays as it was written).
    fn class_reason(&self) -> Cell {
        let row = &self.row;
        if let Some(event) = self.reclassification() {
            let message = Message::ClassReclassified {
                class: self.state.class.code().to_string(),
                class_zh: self.state.class.zh().to_string(),
                by: event.actor.clone().unwrap_or_default(),
                reason: Composed(event.note.clone().unwrap_or_default()),
            };
            return Cell::Phrase {
                en: message.text(Lang::En),
                zh: message.text(Lang::Zh),
            };
        }
        let again = complaint::classify(
            row.category,
            row.flags,
            row.amount_fen.map(Amount),
            &row.text,
        );
        if again.reason == row.class_reason {
            Cell::Phrase {
                en: again.reason,
                zh: again.reason_zh,
            }
        } else {
            row.class_reason.clone().into()
        }
    }

    pub fn overdue_since(&self) -> Option<NaiveDateTime> {
        self.overdue().iter().filter_map(|d| d.due).min()
    }

    /// The earliest deadline still to be met; none once archived or voided.
    pub fn next_due(&self) -> Option<&Deadline> {
        if matches!(self.state.status, Status::Archived | Status::Voided) {
            return None;
        }
        self.deadlines
            .iter()
            .filter(|d| d.done.is_none() && d.due.is_some())
            .min_by_key(|d| d.due)
    }

    fn score(&self) -> Option<i64> {
        self.events.iter().rev().find_map(|e| e.score)
    }

    /// The complaint under [`COLUMNS`].
    pub fn record(&self, context: &Context) -> Vec<Cell> {
        let row = &self.row;
        let minute = |at: Option<NaiveDateTime>| at.map(dates::minute);
        let due = |clock| minute(self.due(clock));
        let done = |clock| minute(self.deadline(clock).and_then(|d| d.done));
        vec![
            row.id.into(),
            dates::minute(row.received_at).into(),
            row.name.clone().into(),
            context.phone(&row.phone).into(),
            Cell::code(row.channel),
            row.channel.early_warning().into(),
            Cell::code(row.category),
            Cell::code(row.department),
            row.amount_fen.map_or(Cell::Null, Cell::Money),
            Cell::Phrase {
                en: row.flags.codes().join(" "),
                zh: row
                    .flags
                    .set()
                    .into_iter()
                    .map(|(_, zh)| zh)
                    .collect::<Vec<_>>()
                    .join("、"),
            },
            Cell::code(self.state.class),
            self.class_reason(),
            Cell::code(
                complaint::authorities(
                    self.state.class,
                    row.amount_fen.map(Amount),
                    row.flags.cross_department,
                )
                .proposal,
            ),
            Cell::code(self.state.authority),
            Cell::code(self.state.status),
            (self.state.escalations as i64).into(),
            (self.state.failed_rectifications as i64).into(),
            self.state.replace_contractor.into(),
            self.score().into(),
            due(Clock::Ticket).into(),
            done(Clock::Ticket).into(),
            due(Clock::Evidence).into(),
            done(Clock::Evidence).into(),
            due(Clock::Feedback).into(),
            done(Clock::Feedback).into(),
            due(Clock::Resolve).into(),
            done(Clock::Resolve).into(),
            due(Clock::Revisit).into(),
            done(Clock::Revisit).into(),
            self.overdue_cell(),
            row.received_by.clone().into(),
            row.text.clone().into(),
            Cell::codes(row.centres.iter().copied()),
        ]
    }

    pub fn deadline_records(&self) -> Records {
        let mut records = Records::new(DEADLINE_COLUMNS);
        for deadline in &self.deadlines {
            records.push(vec![
                Cell::code(deadline.clock),
                deadline.due.map(dates::minute).into(),
                deadline.done.map(dates::minute).into(),
                Cell::code(deadline.standing),
            ]);
        }
        records
    }

    pub fn event_records(&self) -> Records {
        let mut records = Records::new(EVENT_COLUMNS);
        for event in &self.events {
            records.push(vec![
                dates::minute(event.at).into(),
                Cell::code(event.step),
                event.actor.clone().into(),
                event.score.into(),
                event.note.clone().into(),
                event.class.map_or(Cell::Null, Cell::code),
            ]);
        }
        records
    }

    /// The whole complaint as one JSON object, with its deadlines and history nested.
    pub fn json(&self, context: &Context) -> Value {
        let mut object = Output::json_object(COLUMNS, &self.record(context));
        for deadline in &self.deadlines {
            if matches!(deadline.clock, Clock::Plan | Clock::Progress) {
                let step = deadline.clock.code();
                object[format!("{step}_due")] = deadline.due.map(dates::minute).into();
                object[format!("{step}_done")] = deadline.done.map(dates::minute).into();
            }
        }
        let nested = |records: Records| -> Value {
            records
                .rows
                .iter()
                .map(|row| Output::json_object(&records.columns, row))
                .collect()
        };
        object["deadlines"] = nested(self.deadline_records());
        object["events"] = nested(self.event_records());
        object
    }
}

/// Views of the given complaints with their histories, judged at `now`.
pub fn judged(conn: &Connection, rows: Vec<ComplaintRow>, now: NaiveDateTime) -> Result<Vec<View>> {
    judged_on(&calendar::calendar(conn)?, conn, rows, now)
}

/// [`judged`] on a calendar already read: one batch of a stream of complaints.
pub fn judged_on(
    calendar: &Calendar,
    conn: &Connection,
    rows: Vec<ComplaintRow>,
    now: NaiveDateTime,
) -> Result<Vec<View>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut events: HashMap<i64, Vec<EventRow>> = HashMap::new();
    for event in complaints::events_of(conn, &ids)? {
        events.entry(event.complaint_id).or_default().push(event);
    }
    Ok(rows
        .into_iter()
        .map(|row| {
            let own = events.remove(&row.id).unwrap_or_default();
            View::new(calendar, row, own, now)
        })
        .collect())
}

/// The complaints overdue at `at`, most overdue first: the one verdict that `report overdue`,
/// the daily report's count and `complaint list --overdue` all give (open then, judged then).
pub fn overdue_at(conn: &Connection, at: NaiveDateTime) -> Result<Vec<View>> {
    let open = complaints::unarchived_at(conn, at + Duration::seconds(1))?;
    let mut views: Vec<View> = judged(conn, open, at)?
        .into_iter()
        .filter(|v| !v.overdue().is_empty())
        .collect();
    views.sort_by_key(|v| (v.overdue_since(), v.row.id));
    Ok(views)
}

/// Monday's call list for the week starting `monday` ([`follow_ups::call_list`]): each
/// complaint on it judged at `now`, with why it is there, by complaint number.
pub fn call_list(
    conn: &Connection,
    monday: NaiveDate,
    now: NaiveDateTime,
) -> Result<Vec<(View, Why)>> {
    let (from, to) = follow_ups::week_span(monday);
    // Open when the week began, or received during it: every complaint the list can hold.
    let mut rows = complaints::unarchived_at(conn, from)?;
    rows.extend(complaints::received_between(conn, from, to, true)?);
    let calendar = calendar::calendar(conn)?;
    let at_end = judged_on(&calendar, conn, rows, to - Duration::seconds(1))?;
    let candidates: Vec<Candidate> = at_end
        .iter()
        .map(|view| Candidate {
            id: view.row.id,
            received_at: view.row.received_at,
            closed: view
                .events
                .iter()
                .filter(|e| matches!(e.step, Step::Resolve | Step::Archive))
                .map(|e| e.at)
                .collect(),
            open_at_end: view.state.status.open(),
        })
        .collect();
    let list = follow_ups::call_list(&candidates, monday);
    // The views hold every event, later ones too: judged again at `now` without reading them
    // a second time.
    let mut by_id: HashMap<i64, View> = at_end.into_iter().map(|v| (v.row.id, v)).collect();
    Ok(list
        .into_iter()
        .filter_map(|(id, why)| {
            let view = by_id.remove(&id)?;
            Some((View::new(&calendar, view.row, view.events, now), why))
        })
        .collect())
}

/// The complaint numbered `id`, judged at `now`.
pub fn one(conn: &Connection, id: i64, now: NaiveDateTime) -> Result<View> {
    let row =
        complaints::complaint(conn, id)?.ok_or_else(|| invalid(Message::NoComplaint { id }))?;
    let events = complaints::events(conn, id)?;
    Ok(View::new(&calendar::calendar(conn)?, row, events, now))
}
