//! `roster set | show | next | swap | away | back`: the day's queue at the desk.

use std::collections::HashMap;

use anyhow::Result;
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::Connection;

use super::{Context, active_rep};
use crate::cli::RosterCommand;
use crate::db::register;
use crate::db::reps;
use crate::domain::codes::Code;
use crate::domain::field;
use crate::domain::rotation::{self, Away, Queue, RosterChange, RosterEvent};
use crate::error::{failed, invalid};
use crate::messages::Message;
use crate::messages::columns::roster::{NEXT_COLUMNS, SHOW_COLUMNS};
use crate::output::{self, Cell, Lang, Records};

pub fn run(context: &Context, command: RosterCommand) -> Result<()> {
    match command {
        RosterCommand::Set { reps, date } => set(context, &reps, date.as_deref()),
        RosterCommand::Show { date } => {
            Context::check_day(date.as_deref())?;
            let conn = context.open()?;
            // A typed --at asks for the queue as it stood then (3.14: lunch duty is the first
            // two of the rotation at that time); the clock asks for the queue as it stands.
            let day = context.day(date.as_deref())?;
            show(context, &conn, day, context.time.typed())
        }
        RosterCommand::Next => next(context),
        RosterCommand::Swap {
            first,
            second,
            approved_by,
        } => swap(context, &first, &second, &approved_by),
        RosterCommand::Away { rep, reason } => away(context, &rep, &reason),
        RosterCommand::Back { rep } => back(context, &rep),
    }
}

fn no_roster(day: NaiveDate) -> anyhow::Error {
    failed(Message::NoRosterToday {
        day: day.to_string(),
    })
}

/// Today's queue, or the error that says how to set one.
fn todays_queue(context: &Context, conn: &Connection) -> Result<Queue> {
    reps::queue(conn, context.today())?.ok_or_else(|| no_roster(context.today()))
}

/// Stores today's queue after a change and logs why it changed.
fn store_change(
    conn: &Connection,
    context: &Context,
    queue: &Queue,
    event: RosterEvent,
) -> Result<()> {
    reps::store(conn, context.today(), context.now(), queue, &[event])
}

fn set(context: &Context, names: &[String], date: Option<&str>) -> Result<()> {
    Context::check_day(date)?;
    let mut conn = context.writable()?;
    let day = context.write(&mut conn, |tx| {
        let day = context.day(date)?;
        let queue = rotation::plan_roster(names, &reps::candidates(tx)?)?;
        if reps::queue(tx, day)?.is_some() && !register::turns_between(tx, day, day)?.is_empty() {
            return Err(invalid(Message::TurnsHandedOut {
                day: day.to_string(),
            }));
        }
        let order: Vec<&str> = queue.slots.iter().map(|s| s.rep.name.as_str()).collect();
        let event = RosterEvent {
            detail: Some(order.join(" ")),
            ..RosterEvent::of(RosterChange::Set)
        };
        reps::store(tx, day, context.now(), &queue, &[event])?;
        Ok(day)
    })?;
    show(context, &conn, day, None)
}

/// The queue of `day` and the turns each rep has taken: as they stood at `moment` when the
/// queue moved on after it
/// ([`DayLog::changed_after`](crate::domain::rotation::DayLog::changed_after)), else as stored.
fn queue_at(
    conn: &Connection,
    day: NaiveDate,
    moment: Option<NaiveDateTime>,
) -> Result<(Option<Queue>, HashMap<i64, i64>)> {
    if let Some(moment) = moment {
        let log = reps::day_log(conn, day)?;
        if log.changed_after(moment) {
            return Ok((log.queue_at(moment), log.turns_at(moment)));
        }
    }
    Ok((
        reps::queue(conn, day)?,
        register::turns_between(conn, day, day)?,
    ))
}

/// Shows the queue of `day`, as it stood at `moment` if one is asked for; a change shows the
/// queue it stored (`None`).
fn show(
    context: &Context,
    conn: &Connection,
    day: NaiveDate,
    moment: Option<NaiveDateTime>,
) -> Result<()> {
    let mut records = Records::new(SHOW_COLUMNS);
    let (queue, turns) = queue_at(conn, day, moment)?;
    match queue {
        None => context.note(
            &Message::NoRosterShown {
                day: day.to_string(),
            }
            .text(context.out.lang),
        ),
        Some(queue) => {
            let lunch: Vec<i64> = queue.lunch_duty().iter().map(|s| s.rep.id).collect();
            for (index, slot) in queue.slots.iter().enumerate() {
                records.push(vec![
                    (index as i64 + 1).into(),
                    slot.rep.name.clone().into(),
                    Cell::code(queue.status(slot)),
                    turns.get(&slot.rep.id).copied().unwrap_or(0).into(),
                    i64::from(slot.priority).into(),
                    slot.away.map_or(Cell::Null, Cell::code),
                    lunch.contains(&slot.rep.id).into(),
                ]);
            }
        }
    }
    context.list(&records)
}

fn next(context: &Context) -> Result<()> {
    let conn = context.open()?;
    let queue = todays_queue(context, &conn)?;
    let Ok(turn) = queue.peek() else {
        return Err(failed(Message::EverybodyAway {}));
    };
    let passed_in = |lang| -> Vec<String> {
        turn.passed
            .iter()
            .map(|p| format!("{} ({})", p.rep.name, output::label(p.away, lang)))
            .collect()
    };
    let mut records = Records::new(NEXT_COLUMNS);
    records.push(vec![
        turn.rep.name.clone().into(),
        turn.priority.into(),
        Cell::Phrase {
            en: passed_in(Lang::En).join(", "),
            zh: passed_in(Lang::Zh).join("、"),
        },
    ]);
    let line = Message::NextNewCustomer {
        name: turn.rep.name.clone(),
        priority: turn.priority,
        passed: passed_in(context.out.lang),
    }
    .text(context.out.lang);
    context.emit(&context.out.render_one(&records, &line)?)
}

fn swap(context: &Context, first: &str, second: &str, approved_by: &str) -> Result<()> {
    let approver = field::name(approved_by, "--approved-by")?;
    let mut conn = context.writable()?;
    context.write(&mut conn, |tx| {
        let a = active_rep(tx, first, "roster swap REP")?;
        let b = active_rep(tx, second, "roster swap REP")?;
        if a.id == b.id {
            return Err(invalid(Message::SwapSameRep { name: a.name }));
        }
        let mut queue = todays_queue(context, tx)?;
        if let Err(missing) = queue.swap(a.id, b.id) {
            let name = if missing == a.id { &a.name } else { &b.name };
            return Err(invalid(Message::SwapNotOnRoster { name: name.clone() }));
        }
        store_change(
            tx,
            context,
            &queue,
            RosterEvent {
                rep_id: Some(a.id),
                other_rep_id: Some(b.id),
                approved_by: Some(approver.clone()),
                ..RosterEvent::of(RosterChange::Swap)
            },
        )
    })?;
    show(context, &conn, context.today(), None)
}

fn away(context: &Context, rep: &str, reason: &str) -> Result<()> {
    let away = Away::from_typed(reason).ok_or_else(|| {
        invalid(Message::NotAnAwayReason {
            raw: reason.to_string(),
        })
    })?;
    let mut conn = context.writable()?;
    context.write(&mut conn, |tx| {
        let rep = active_rep(tx, rep, "roster away REP")?;
        let mut queue = todays_queue(context, tx)?;
        if !queue.set_away(rep.id, away) {
            return Err(invalid(Message::AwayNotOnRoster { name: rep.name }));
        }
        store_change(
            tx,
            context,
            &queue,
            RosterEvent {
                rep_id: Some(rep.id),
                detail: Some(away.code().to_string()),
                ..RosterEvent::of(RosterChange::Away)
            },
        )
    })?;
    show(context, &conn, context.today(), None)
}

fn back(context: &Context, rep: &str) -> Result<()> {
    let mut conn = context.writable()?;
    context.write(&mut conn, |tx| {
        let rep = active_rep(tx, rep, "roster back REP")?;
        let mut queue = todays_queue(context, tx)?;
        let joined = queue.back(rep.as_ref());
        store_change(
            tx,
            context,
            &queue,
            RosterEvent {
                rep_id: Some(rep.id),
                detail: joined.then(|| "joined the roster".to_string()),
                ..RosterEvent::of(RosterChange::Back)
            },
        )
    })?;
    show(context, &conn, context.today(), None)
}
