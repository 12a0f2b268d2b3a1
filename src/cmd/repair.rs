//! `repair new | reschedule | done | revisit | notice | list | show`: the repair register
//! (报修登记) and each repair's life cycle. Every step is checked against the life cycle of
//! [`crate::domain::aftersales`] before it is written, so a revisit waits for the repair and a
//! notice for a problem found; the clocks come from the same rules.

use anyhow::{Result, anyhow};
use chrono::NaiveDateTime;
use rusqlite::Connection;

use super::Context;
use super::facts::repairs::{self as views, REPAIR_COLUMNS, RepairView};
use crate::cli::{RepairCommand, RepairNewArgs};
use crate::db;
use crate::db::aftersales::{self, RepairEventRow, RepairRow};
use crate::db::customers::{self, CustomerRow};
use crate::domain::aftersales::{RepairKind, RepairStep, RevisitRole, advance, revisit_score};
use crate::domain::codes::Code;
use crate::domain::dates;
use crate::domain::deal as rules;
use crate::domain::field;
use crate::domain::phone::Phone;
use crate::error::invalid;
use crate::messages::Message;
use crate::output::{Format, Records};

pub fn run(context: &Context, command: RepairCommand) -> Result<()> {
    match command {
        RepairCommand::New(args) => new(context, &args),
        RepairCommand::Reschedule { id, to, note } => {
            let to = dates::parse_moment(&to, "--to")?;
            let note = note
                .map(|n| field::text(&n, "--note"))
                .transpose()?
                .flatten();
            let step = Step::new(RepairStep::Reschedule, None);
            step_on(
                context,
                &id,
                Step {
                    appointment: Some(to),
                    note,
                    ..step
                },
            )
        }
        RepairCommand::Done { id, by } => {
            let by = by.map(|b| field::name(&b, "--by")).transpose()?;
            step_on(context, &id, Step::new(RepairStep::Done, by))
        }
        RepairCommand::Revisit {
            id,
            by,
            role,
            score,
            problem,
        } => {
            let by = field::name(&by, "--by")?;
            let role = RevisitRole::parse(&role, "--role")?;
            let score = score.map(|s| revisit_score(&s, "--score")).transpose()?;
            let problem = match problem {
                Some(problem) => Some(
                    field::text(&problem, "--problem")?
                        .ok_or_else(|| invalid(Message::RepairProblemEmpty {}))?,
                ),
                None => None,
            };
            let kind = match problem {
                Some(_) => RepairStep::RevisitProblem,
                None => RepairStep::Revisit,
            };
            let step = Step::new(kind, Some(by));
            step_on(
                context,
                &id,
                Step {
                    role: Some(role),
                    score,
                    note: problem,
                    ..step
                },
            )
        }
        RepairCommand::Notice { id, by } => {
            let by = field::name(&by, "--by")?;
            step_on(context, &id, Step::new(RepairStep::Notice, Some(by)))
        }
        RepairCommand::List { open, overdue } => list(context, open, overdue),
        RepairCommand::Show { id } => show(context, &id),
    }
}

/// A step as typed, checked before the database is opened.
struct Step {
    step: RepairStep,
    actor: Option<String>,
    role: Option<RevisitRole>,
    score: Option<i64>,
    note: Option<String>,
    appointment: Option<NaiveDateTime>,
}

impl Step {
    fn new(step: RepairStep, actor: Option<String>) -> Step {
        Step {
            step,
            actor,
            role: None,
            score: None,
            note: None,
            appointment: None,
        }
    }
}

/// An appointment is made for the time to come.
fn not_past(context: &Context, at: NaiveDateTime, field: &str) -> Result<()> {
    if at < context.now() {
        return Err(invalid(Message::AppointmentPast {
            field: field.to_string(),
            at: dates::minute(at),
            now: dates::minute(context.now()),
        }));
    }
    Ok(())
}

fn parse_id(raw: &str) -> Result<i64> {
    Ok(field::record_number(raw, |raw| {
        Message::NotARepairNumber { raw }
    })?)
}

fn found(conn: &Connection, id: i64) -> Result<RepairView> {
    views::view(conn, id)?.ok_or_else(|| invalid(Message::NoRepair { id }))
}

/// The owner the repair is registered for: found by phone, or registered with the name given.
fn owner(conn: &Connection, context: &Context, phone: &Phone, name: Option<String>) -> Result<i64> {
    if let Some(customer) = customers::by_phone(conn, phone.as_str())? {
        if let Some(other) = name.filter(|n| *n != customer.name) {
            return Err(invalid(Message::OwnerNamedOtherwise {
                phone: phone.masked(),
                name: customer.name,
                other,
            }));
        }
        return Ok(customer.id);
    }
    let name = name.ok_or_else(|| {
        invalid(Message::OwnerNameNeeded {
            phone: phone.masked(),
        })
    })?;
    customers::add(
        conn,
        &CustomerRow::new(name, phone.as_str().to_string()),
        context.now(),
    )
}

fn new(context: &Context, args: &RepairNewArgs) -> Result<()> {
    let phone = Phone::parse(&args.phone, "--phone")?;
    let unit = rules::unit(&args.unit, "--unit")?;
    let kind = RepairKind::parse(&args.kind, "--kind")?;
    let text =
        field::text(&args.text, "TEXT")?.ok_or_else(|| invalid(Message::RepairTextEmpty {}))?;
    let appointment = field::given(&args.appointment, "--appointment", dates::parse_moment)?;
    let name = field::given(&args.name, "--name", field::name)?;
    let mut conn = context.writable()?;
    let view = context.write(&mut conn, |tx| {
        if let Some(at) = appointment {
            not_past(context, at, "--appointment")?;
        }
        let customer_id = owner(tx, context, &phone, name)?;
        let row = RepairRow {
            id: 0,
            customer_id,
            name: String::new(),
            phone: String::new(),
            unit,
            kind,
            text,
            received_at: context.now(),
            appointment,
        };
        let id = aftersales::repair(tx, &row, context.clock())?;
        views::view(tx, id)?.ok_or_else(|| anyhow!("repair {id} vanished"))
    })?;
    let line = Message::RepairRegistered {
        id: view.row.id,
        text: view.row.text.clone(),
        unit: view.row.unit.clone(),
        kind: kind.code().to_string(),
        kind_zh: kind.zh().to_string(),
        appointment: view.appointment.map(dates::minute),
    }
    .text(context.out.lang);
    print_one(context, &view, &line)
}

/// Takes `step` on repair `raw_id`, if its life cycle allows it now.
fn step_on(context: &Context, raw_id: &str, step: Step) -> Result<()> {
    let id = parse_id(raw_id)?;
    let mut conn = context.writable()?;
    let mut due_before = None;
    let view = context.write(&mut conn, |tx| {
        // The one step that carries an appointment is a new one agreed (`reschedule --to`).
        if let Some(at) = step.appointment {
            not_past(context, at, "--to")?;
        }
        let before = found(tx, id)?;
        // The history reads in order: a step back-filled with --at cannot precede the last one.
        let latest = before
            .events
            .last()
            .map_or(before.row.received_at, |e| e.at);
        if context.now() < latest {
            return Err(invalid(Message::RepairStepsInOrder {
                at: dates::minute(context.now()),
                latest: dates::minute(latest),
                id,
            }));
        }
        advance(before.status, step.step).map_err(|illegal| invalid(illegal.refusal(id)))?;
        due_before = before.notice_due;
        aftersales::add_repair_event(
            tx,
            &RepairEventRow {
                repair_id: id,
                at: context.now(),
                step: step.step,
                actor: step.actor.clone(),
                role: step.role,
                score: step.score,
                note: step.note.clone(),
                appointment: step.appointment,
            },
            context.clock(),
        )?;
        found(tx, id)
    })?;
    // A late notice is still the notice the staff needed; it is recorded, and said to be late.
    if let (RepairStep::Notice, Some(due), Some(last)) = (step.step, due_before, view.events.last())
        && view.late_notices.contains(&last.at)
    {
        context.note(
            &Message::RepairNoticeLate {
                id,
                due: dates::minute(due),
                at: dates::minute(last.at),
            }
            .text(context.out.lang),
        );
    }
    // What is due next: the revisit of a repair done, or the notice of a problem found.
    let due = match (view.revisit_due, view.notice_due) {
        (Some(at), _) => Some(("revisit", "回访", dates::minute(at))),
        (None, Some(at)) => Some(("written notice", "书面整改通知", dates::minute(at))),
        _ => None,
    };
    let (step, step_zh) = (step.step.code().to_string(), step.step.zh().to_string());
    let (status, status_zh) = (view.status.code().to_string(), view.status.zh().to_string());
    let line = match due {
        Some((what, what_zh, due)) => Message::RepairStepDue {
            id,
            step,
            step_zh,
            status,
            status_zh,
            what: what.to_string(),
            what_zh: what_zh.to_string(),
            due,
        },
        None => Message::RepairStepRecorded {
            id,
            step,
            step_zh,
            status,
            status_zh,
        },
    }
    .text(context.out.lang);
    print_one(context, &view, &line)
}

fn print_one(context: &Context, view: &RepairView, line: &str) -> Result<()> {
    let text = match context.out.format {
        Format::Json => serde_json::to_string_pretty(&view.json(context))? + "\n",
        _ => {
            let mut records = Records::new(REPAIR_COLUMNS);
            records.push(view.cells(context));
            context.out.render_one(&records, line)?
        }
    };
    context.emit(&text)
}

fn list(context: &Context, open_only: bool, overdue_only: bool) -> Result<()> {
    let mut conn = context.open()?;
    let conn = db::snapshot(&mut conn)?;
    let judged = if overdue_only {
        views::overdue(&conn, context.now())?
    } else if open_only {
        views::views(&conn, aftersales::open_repairs(&conn)?)?
    } else {
        views::views(&conn, aftersales::repairs(&conn)?)?
    };
    let mut records = Records::new(REPAIR_COLUMNS);
    for view in &judged {
        records.push(view.cells(context));
    }
    context.list(&records)
}

fn show(context: &Context, raw_id: &str) -> Result<()> {
    let id = parse_id(raw_id)?;
    let conn = context.open()?;
    let view = found(&conn, id)?;
    match context.out.format {
        Format::Table => {
            let mut records = Records::new(REPAIR_COLUMNS);
            records.push(view.cells(context));
            context.emit(&format!(
                "{}{}",
                context.out.card(&records),
                context.out.render_list(&view.event_records())?
            ))
        }
        _ => print_one(context, &view, ""),
    }
}
