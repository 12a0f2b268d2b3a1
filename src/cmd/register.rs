//! `register`, `approve` and `void`: the day's visitor register (客户来访登记表) as the project
//! manager reviews it, the approval that makes its entries valid (由项目经理审核确认方为有效), and
//! the void of a mistaken entry, which is never deleted or edited (所录资料不得涂改或销毁).

use anyhow::Result;

use super::Context;
use crate::cli::{ApproveArgs, RegisterArgs, VoidArgs};
use crate::db::register;
use crate::db::register::{VisitRow, Void};
use crate::db::reps;
use crate::domain::dates;
use crate::domain::field;
use crate::domain::register as register_rules;
use crate::domain::rotation::VoidedEntry;
use crate::error::invalid;
use crate::messages::Message;
use crate::messages::columns::register::{APPROVAL_COLUMNS, COLUMNS, VOID_COLUMNS};
use crate::output::{Cell, Records};

pub fn run(context: &Context, args: RegisterArgs) -> Result<()> {
    let (conn, day) = context.open_for(|today| match args.date.as_deref() {
        Some(raw) => dates::parse_day(raw, "--date", today),
        None => Ok(today),
    })?;
    let mut records = Records::new(COLUMNS);
    for visit in register::entries_on(&conn, day)? {
        let referral_valid = visit.referral_valid();
        let voided = visit.void.is_some();
        let entry = visit.written;
        records.push(vec![
            entry.id.into(),
            dates::minute(entry.at).into(),
            entry.customer_name.into(),
            context.phone(&entry.phone).into(),
            Cell::code(entry.contact),
            Cell::code(entry.channel),
            entry.rep.into(),
            Cell::code(entry.reason),
            entry.turn.into(),
            entry.priority.into(),
            entry.referrer.into(),
            referral_valid.into(),
            entry.supersedes.into(),
            entry.superseded_by.into(),
            entry.approved.into(),
            entry.note.into(),
            voided.into(),
        ]);
    }
    context.list(&records)
}

pub fn approve(context: &Context, args: ApproveArgs) -> Result<()> {
    let by = field::name(&args.by, "--by")?;
    Context::check_day(args.date.as_deref())?;
    let mut conn = context.writable()?;
    let (day, approved) = context.write(&mut conn, |tx| {
        let day = context.day(args.date.as_deref())?;
        let (last_id, entries) = register::last_of_day(tx, day)?;
        if entries == 0 {
            return Err(invalid(Message::RegisterEmpty {
                day: dates::date(day),
            }));
        }
        let pending = register::unapproved_count(tx, day)?;
        if pending > 0 {
            register::approve(tx, day, &by, context.now(), last_id)?;
        }
        Ok((day, pending))
    })?;
    let line = if approved == 0 {
        Message::ApprovedAlready {
            day: dates::date(day),
        }
    } else {
        Message::Approved {
            count: approved,
            day: dates::date(day),
            by: by.clone(),
        }
    }
    .text(context.out.lang);
    let mut records = Records::new(APPROVAL_COLUMNS);
    records.push(vec![dates::date(day).into(), by.into(), approved.into()]);
    context.emit(&context.out.render_one(&records, &line)?)
}

/// Voids a mistaken entry. It stays in the history and no longer counts; if it took one of
/// today's turns, the rep is owed the turn back as a priority turn, since the customer they
/// received is registered again correctly.
pub fn void(context: &Context, args: VoidArgs) -> Result<()> {
    let visit_id = field::record_number(&args.visit_id, |raw| Message::VoidNotANumber { raw })?;
    let why = field::text(&args.reason, "--reason")?
        .ok_or_else(|| invalid(Message::VoidReasonEmpty {}))?;
    let by = field::name(&args.by, "--by")?;
    let mut conn = context.writable()?;
    let owed = context.write(&mut conn, |tx| {
        let today = context.today();
        let entry = register::by_id(tx, visit_id)?
            .ok_or_else(|| invalid(Message::VoidNoEntry { id: visit_id }))?;
        let entries: Vec<_> = register::entries_of(tx, entry.customer_id)?
            .iter()
            .map(VisitRow::recorded)
            .collect();
        register_rules::check_void(&entry.recorded(), &entries)?;
        let void = Void {
            reason: why.clone(),
            by: by.clone(),
            at: context.now(),
        };
        register::void(tx, visit_id, &void, context.clock())?;
        give_the_turn_back(tx, context, &entry, today)
    })?;
    let lang = context.out.lang;
    let mut line = Message::Voided {
        id: visit_id,
        by: by.clone(),
        why: why.clone(),
    }
    .text(lang);
    if let Some(rep) = &owed {
        line += &Message::VoidTurnOwed { rep: rep.clone() }.text(lang);
    }
    let mut records = Records::new(VOID_COLUMNS);
    records.push(vec![
        visit_id.into(),
        by.into(),
        why.into(),
        owed.is_some().into(),
    ]);
    context.emit(&context.out.render_one(&records, &line)?)
}

/// A voided entry of today that took a turn: the rep is owed it back
/// ([`Queue::owe_for_void`](crate::domain::rotation::Queue::owe_for_void)). Returns their name.
fn give_the_turn_back(
    conn: &rusqlite::Connection,
    context: &Context,
    entry: &VisitRow,
    today: chrono::NaiveDate,
) -> Result<Option<String>> {
    let Some(mut queue) = reps::queue(conn, today)? else {
        return Ok(None);
    };
    let voided = VoidedEntry {
        visit_id: entry.id,
        rep_id: entry.rep_id,
        turn: entry.turn,
        day: entry.at.date(),
    };
    let Some(event) = queue.owe_for_void(&voided, today) else {
        return Ok(None);
    };
    reps::store(conn, today, context.now(), &queue, &[event])?;
    Ok(entry.rep.clone())
}
