//! `handover DEAL_ID|UNIT --date D [--phone P]`: a unit handed over to its owner (交付/交房),
//! not before its deal. The handover starts the quality check schedule at 3, 11, 23 and 35
//! months; a unit is handed over once. `handover void UNIT --reason TEXT --by NAME`: a handover
//! recorded by mistake is voided with its checks and kept, and the unit may be handed over again.

use anyhow::Result;
use rusqlite::Connection;

use super::Context;
use super::facts::checks::check_records;
use crate::cli::{HandoverArgs, HandoverCommand, HandoverNewArgs};
use crate::db::aftersales::{self, HandoverRow};
use crate::db::deals::VoidRow;
use crate::db::{customers, deals};
use crate::domain::aftersales::{check_schedule, handover_day};
use crate::domain::dates;
use crate::domain::deal as rules;
use crate::domain::field;
use crate::domain::phone::Phone;
use crate::error::invalid;
use crate::messages::Message;
use crate::output;

pub fn run(context: &Context, args: HandoverArgs) -> Result<()> {
    match args.command {
        Some(HandoverCommand::Void { unit, reason, by }) => void(context, &unit, &reason, &by),
        None => record(context, args.new),
    }
}

fn record(context: &Context, args: HandoverNewArgs) -> Result<()> {
    let day = dates::parse_date(args.date.as_deref().unwrap_or_default(), "--date")?;
    let phone = field::given(&args.phone, "--phone", Phone::parse)?;
    let raw = args.deal_or_unit.unwrap_or_default();
    let mut conn = context.writable()?;
    let (handover, checks) = context.write(&mut conn, |tx| {
        let mut handover = who_takes(tx, &raw, phone.as_ref())?;
        let sold = match handover.deal_id {
            Some(id) => deals::by_id(tx, id)?.map(|deal| (deal.id, deal.at.date())),
            None => None,
        };
        handover_day(day, context.today(), sold)?;
        handover.handed_over = day;
        if let Some(earlier) = aftersales::handover_of(tx, &handover.unit)? {
            return Err(invalid(Message::HandedOverAlready {
                unit: earlier.unit,
                on: earlier.handed_over.to_string(),
                id: earlier.id,
            }));
        }
        let id = aftersales::handover(tx, &handover, &check_schedule(day), context.clock())?;
        handover.id = id;
        Ok((handover, aftersales::checks_of(tx, id)?))
    })?;
    let records = check_records(context, &checks);
    let line = Message::HandedOver {
        unit: handover.unit.clone(),
        on: handover.handed_over.to_string(),
    }
    .text(context.out.lang);
    let listing = context.out.render_list(&records)?;
    context.emit(&match context.out.format {
        output::Format::Table => format!("{line}\n{listing}"),
        _ => listing,
    })
}

/// Voids the handover in force of `unit`; its checks still to do leave the due list.
fn void(context: &Context, unit: &str, reason: &str, by: &str) -> Result<()> {
    let unit = rules::unit(unit, "UNIT")?;
    let why = field::text(reason, "--reason")?
        .ok_or_else(|| invalid(Message::HandoverVoidReasonEmpty {}))?;
    let by = field::name(by, "--by")?;
    let mut conn = context.writable()?;
    let (handover, open) = context.write(&mut conn, |tx| {
        let handover = aftersales::handover_of(tx, &unit)?
            .ok_or_else(|| invalid(Message::HandoverNone { unit: unit.clone() }))?;
        let open = aftersales::checks_of(tx, handover.id)?
            .iter()
            .filter(|check| check.done.is_none())
            .count() as i64;
        let void = VoidRow {
            reason: why.clone(),
            by: by.clone(),
            at: context.now(),
        };
        aftersales::void_handover(tx, handover.id, &void, context.clock())?;
        Ok((handover, open))
    })?;
    let line = Message::HandoverVoided {
        unit: handover.unit,
        id: handover.id,
        by,
        why,
        checks: open,
    }
    .text(context.out.lang);
    context.emit(&format!("{line}\n"))
}

/// The unit and its owner: a deal number names both; a unit needs the owner's phone unless a
/// deal holds it.
fn who_takes(conn: &Connection, raw: &str, phone: Option<&Phone>) -> Result<HandoverRow> {
    let blank = |unit: String, deal_id, customer_id| HandoverRow {
        id: 0,
        unit,
        deal_id,
        customer_id,
        handed_over: chrono::NaiveDate::MIN,
    };
    if let Ok(deal_id) = raw.trim().parse::<i64>() {
        let deal = deals::by_id(conn, deal_id)?
            .ok_or_else(|| invalid(Message::HandoverNoDeal { id: deal_id }))?;
        if deal.void.is_some() {
            return Err(invalid(Message::HandoverOfVoidedDeal { id: deal_id }));
        }
        if phone.is_some() {
            return Err(invalid(Message::HandoverBuyerNamed { id: deal_id }));
        }
        return Ok(blank(deal.unit, Some(deal.id), deal.customer_id));
    }
    let unit = rules::unit(raw, "UNIT")?;
    let held = deals::holding(conn, &unit)?;
    match (phone, held) {
        (Some(phone), held) => {
            let customer = customers::by_phone(conn, phone.as_str())?.ok_or_else(|| {
                invalid(Message::HandoverNoOwner {
                    phone: phone.masked(),
                })
            })?;
            let deal_id = held.filter(|d| d.customer_id == customer.id).map(|d| d.id);
            Ok(blank(unit, deal_id, customer.id))
        }
        (None, Some(deal)) => Ok(blank(unit, Some(deal.id), deal.customer_id)),
        (None, None) => Err(invalid(Message::HandoverNoDealHolds { unit })),
    }
}
