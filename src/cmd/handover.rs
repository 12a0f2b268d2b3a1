//! `handover DEAL_ID|UNIT --date D [--phone P]`: a unit handed over to its owner (交付/交房).
//! The handover starts the quality check schedule at 3, 11, 23 and 35 months; a unit is
//! handed over once.

use anyhow::Result;
use rusqlite::Connection;

use super::Context;
use super::facts::checks::check_records;
use crate::cli::HandoverArgs;
use crate::db::aftersales::{self, HandoverRow};
use crate::db::{customers, deals};
use crate::domain::aftersales::check_schedule;
use crate::domain::dates;
use crate::domain::deal as rules;
use crate::domain::phone::Phone;
use crate::error::invalid;
use crate::messages::Message;
use crate::output;

pub fn run(context: &Context, args: HandoverArgs) -> Result<()> {
    let day = dates::parse_date(&args.date, "--date")?;
    let phone = args
        .phone
        .as_deref()
        .map(|p| Phone::parse(p, "--phone"))
        .transpose()?;
    let mut conn = context.writable()?;
    let (handover, checks) = context.write(&mut conn, |tx| {
        if day > context.today() {
            return Err(invalid(Message::HandoverAfterToday {
                day: day.to_string(),
                today: context.today().to_string(),
            }));
        }
        let mut handover = who_takes(tx, &args.deal_or_unit, phone.as_ref())?;
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
