//! `reassign VISIT_ID`: a customer leaves their rep during the day's reception. Refused for a
//! serious fault (3.10 c), they go to the next rep in the rotation and the first rep's turn is
//! void and owed back. With `--to REP`, the customer asked for another rep and the sales
//! manager agreed (5.2, 5.3): that rep takes over outside the rotation, the first rep keeps the
//! turn, the customer and most of a deal.

use anyhow::{Result, anyhow};
use chrono::NaiveDateTime;
use rusqlite::Connection;

use super::facts::owners::owner_of;
use super::facts::receipt::{self, Midway, Receipt};
use super::{Context, active_rep};
use crate::cli::ReassignArgs;
use crate::db::customers;
use crate::db::register::{self, DeskRoles, NewVisit, VisitRow};
use crate::db::reps;
use crate::domain::dates;
use crate::domain::field;
use crate::domain::ownership;
use crate::domain::reception::{self, Reception};
use crate::domain::register::{self as register_rules, Contact, Reason};
use crate::domain::rotation::RepRef;
use crate::error::{failed, invalid};
use crate::messages::Message;

/// The entry the customer left, checked by [`register_rules::check_reassign`], with its rep and
/// the reps the customer refused before ([`ownership::refused_by`]).
fn left_entry(
    conn: &Connection,
    visit_id: i64,
    at: NaiveDateTime,
) -> Result<(VisitRow, RepRef, Vec<i64>)> {
    let left = register::by_id(conn, visit_id)?
        .ok_or_else(|| invalid(Message::NoEntry { id: visit_id }))?;
    let rows = register::entries_of(conn, left.customer_id)?;
    let entries: Vec<_> = rows.iter().map(VisitRow::recorded).collect();
    let rep = register_rules::check_reassign(&left.recorded(), &entries, at)?;
    let owned: Vec<_> = rows.iter().filter_map(VisitRow::entry).collect();
    Ok((left, rep, ownership::refused_by(&owned, at)))
}

pub fn run(context: &Context, args: ReassignArgs) -> Result<()> {
    let visit_id = field::record_number(&args.visit_id, |raw| Message::NotARegisterNumber { raw })?;
    let why = field::given(&args.reason, "--reason", field::text)?.flatten();
    match &args.to {
        Some(to) => {
            let manager = field::name(args.approved_by.as_deref().unwrap_or(""), "--approved-by")?;
            designate(context, visit_id, to, &manager, args.instigated, why)
        }
        None => {
            let why = why.ok_or_else(|| invalid(Message::ReasonEmpty {}))?;
            refuse(context, visit_id, &why)
        }
    }
}

/// The customer refused the rep (3.10 c): the next rep in the rotation takes them, the turn
/// counts for that rep, and the first rep's turn is void and owed back.
fn refuse(context: &Context, visit_id: i64, why: &str) -> Result<()> {
    let mut conn = context.writable()?;
    let receipt = context.write(&mut conn, |tx| {
        let (at, day) = (context.now(), context.today());
        let (refused, refused_rep, before) = left_entry(tx, visit_id, at)?;
        super::check_turn_time(tx, context)?;
        let mut queue = reps::queue(tx, day)?.ok_or_else(|| {
            failed(Message::NoRosterToReassign {
                day: dates::date(day),
            })
        })?;
        let reception::Reassignment { turn, owed, event } = reception::reassign(
            &mut queue,
            visit_id,
            &refused_rep,
            &before,
            refused.turn,
            why,
        )
        .map_err(|_| {
            failed(Message::NobodyElse {
                name: refused_rep.name.clone(),
            })
        })?;
        reps::store(tx, day, at, &queue, &[event])?;
        let entry = NewVisit {
            rep_id: Some(turn.rep.id),
            reason: Reason::Reassigned,
            turn: true,
            priority: turn.priority,
            note: Some(why),
            supersedes: Some(visit_id),
            ..following(&refused, at)
        };
        let roles = DeskRoles {
            referral_id: refused.roles.referral_id,
            ..DeskRoles::default()
        };
        let new_id = register::add(tx, &entry, &roles, context.clock())?;
        Ok(Receipt {
            visit_id: new_id,
            reception: Reception {
                rep: Some(turn.rep.clone()),
                reason: Reason::Reassigned,
                turn: Some(turn),
                for_rep: None,
            },
            supersedes: Some((visit_id, refused_rep.name, owed)),
            midway: None,
            ..receipt_for(tx, &refused, at)?
        })
    })?;
    receipt::print(context, &receipt)
}

/// The customer asked for another rep midway and the sales manager agreed. A new customer's
/// designated rep takes over outside the rotation and the first rep keeps the turn (5.2); a
/// returning customer's is a voluntary reception, the customer staying the first rep's (5.3).
fn designate(
    context: &Context,
    visit_id: i64,
    to: &str,
    manager: &str,
    instigated: bool,
    note: Option<String>,
) -> Result<()> {
    let mut conn = context.writable()?;
    let receipt = context.write(&mut conn, |tx| {
        let at = context.now();
        let (left, first, _) = left_entry(tx, visit_id, at)?;
        let designated = active_rep(tx, to, "--to")?;
        let reason = reception::designate_midway(
            left.reason,
            visit_id,
            &first,
            &designated.as_ref(),
            instigated,
        )?;
        let entry = NewVisit {
            rep_id: Some(designated.id),
            reason,
            note: note.as_deref(),
            ..following(&left, at)
        };
        let roles = DeskRoles {
            designated_from: Some(visit_id),
            approved_by: Some(manager.to_string()),
            instigated,
            referral_id: left.roles.referral_id,
            ..DeskRoles::default()
        };
        let new_id = register::add(tx, &entry, &roles, context.clock())?;
        Ok(Receipt {
            visit_id: new_id,
            reception: Reception {
                rep: Some(designated.as_ref()),
                reason,
                turn: None,
                for_rep: None,
            },
            midway: Some(Midway {
                first_rep: first.name,
                approved_by: manager.to_string(),
                instigated,
            }),
            ..receipt_for(tx, &left, at)?
        })
    })?;
    receipt::print(context, &receipt)
}

/// An entry that follows `left` for the same customer at `at`, outside the rotation.
fn following(left: &VisitRow, at: NaiveDateTime) -> NewVisit<'_> {
    NewVisit {
        customer_id: left.customer_id,
        rep_id: left.rep_id,
        at,
        contact: Contact::Visit,
        channel: left.channel,
        reason: left.reason,
        turn: false,
        priority: false,
        brought_by: left.brought_by,
        referrer: left.referrer.as_deref(),
        referral_day: left.referral_day,
        note: None,
        supersedes: None,
        // The entry it follows was written with this name; the register keeps it (7.2).
        name: Some(left.customer_name.as_str()),
    }
}

/// The receipt's facts about the customer after the new entry.
fn receipt_for(conn: &Connection, left: &VisitRow, at: NaiveDateTime) -> Result<Receipt> {
    let customer = customers::by_id(conn, left.customer_id)?
        .ok_or_else(|| anyhow!("the customer of entry {} is missing", left.id))?;
    Ok(Receipt {
        visit_id: 0,
        customer,
        new_customer: false,
        reception: Reception {
            rep: None,
            reason: left.reason,
            turn: None,
            for_rep: None,
        },
        owner: None,
        owner_after: owner_of(conn, left.customer_id, at)?,
        escort: None,
        at,
        contact: Contact::Visit,
        channel: left.channel,
        supersedes: None,
        midway: None,
        leader: None,
        referral: None,
    })
}
