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
            return Err(invalid(format!(
                "--date: {day} is after today ({}); a handover is recorded once the keys are \
                 handed over: type the day it happened",
                context.today()
            )));
        }
        let mut handover = who_takes(tx, &args.deal_or_unit, phone.as_ref())?;
        handover.handed_over = day;
        if let Some(earlier) = aftersales::handover_of(tx, &handover.unit)? {
            return Err(invalid(format!(
                "DEAL_ID|UNIT: {} was handed over on {} (handover {}); a unit is handed over \
                 once, see its checks with `salesdesk care due`",
                earlier.unit, earlier.handed_over, earlier.id
            )));
        }
        let id = aftersales::handover(tx, &handover, &check_schedule(day), context.clock())?;
        handover.id = id;
        Ok((handover, aftersales::checks_of(tx, id)?))
    })?;
    let records = check_records(context, &checks);
    let line = context
        .out
        .lang
        .pick(
            &format!(
                "{} handed over on {}; quality checks at 3, 11, 23 and 35 months:",
                handover.unit, handover.handed_over
            ),
            &format!(
                "{} 已于 {} 交付；交付后 3、11、23、35 个月质量检查：",
                handover.unit, handover.handed_over
            ),
        )
        .to_string();
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
        let deal = deals::by_id(conn, deal_id)?.ok_or_else(|| {
            invalid(format!(
                "DEAL_ID: there is no deal {deal_id}; find it with `salesdesk deal list`, or \
                 type the unit (房号) with --phone"
            ))
        })?;
        if phone.is_some() {
            return Err(invalid(format!(
                "--phone: deal {deal_id} names its buyer already; leave out --phone"
            )));
        }
        return Ok(blank(deal.unit, Some(deal.id), deal.customer_id));
    }
    let unit = rules::unit(raw, "UNIT")?;
    let held = deals::holding(conn, &unit)?;
    match (phone, held) {
        (Some(phone), held) => {
            let customer = customers::by_phone(conn, phone.as_str())?.ok_or_else(|| {
                invalid(format!(
                    "--phone: no customer has the phone {}; register the owner first \
                     (`salesdesk visit NAME --phone P`), or give the deal number",
                    phone.masked()
                ))
            })?;
            let deal_id = held.filter(|d| d.customer_id == customer.id).map(|d| d.id);
            Ok(blank(unit, deal_id, customer.id))
        }
        (None, Some(deal)) => Ok(blank(unit, Some(deal.id), deal.customer_id)),
        (None, None) => Err(invalid(format!(
            "--phone: no deal holds {unit}; give the owner's phone with --phone P"
        ))),
    }
}
