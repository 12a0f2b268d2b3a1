//! Writes the handover sheet. A handover is known by its unit: importing it again adds nothing,
//! and the same unit handed over on another day or to another owner is a contradiction the
//! office must settle, and so is a handover dated before the deal of its owner that sold the
//! unit. Each handover schedules its checks.

use super::{Checked, Fate, Row, Taken, Writer, customer_named, owner};
use crate::db::aftersales::{self, HandoverRow};
use crate::db::customers::CustomerRow;
use crate::db::deals;
use crate::domain::aftersales as aftersales_rules;
use crate::domain::dates;
use crate::domain::import::{self, HandoverLine};
use crate::messages::{Composed, Message};

#[derive(Default)]
pub(super) struct Handovers;

impl Writer for Handovers {
    type Sheet = import::Handovers;
    /// The owner, when the phone is known.
    type Found = Option<CustomerRow>;

    fn check_line(&self, row: &mut Row, line: &HandoverLine) -> Checked<Self> {
        customer_named(row, &line.phone, &line.name).map(Some)
    }

    fn take(&mut self, row: &mut Row, line: HandoverLine, customer: Option<CustomerRow>) -> Taken {
        if let Some(earlier) = aftersales::handover_of(row.tx, &line.unit)? {
            let same_owner = customer
                .as_ref()
                .is_some_and(|c| c.id == earlier.customer_id);
            if same_owner && earlier.handed_over == line.handed_over {
                return Ok(Some(Fate::Present));
            }
            let column = row.cells.header("unit");
            row.cells.refuse(
                column.clone(),
                Message::UnitHandedOverBefore {
                    field: Composed(column),
                    unit: Composed(line.unit.to_string()),
                    on: dates::date(earlier.handed_over),
                    handover: earlier.id,
                },
            );
            return Ok(None);
        }
        if let Some(customer) = &customer
            && let Some(deal) =
                deals::holding(row.tx, &line.unit)?.filter(|d| d.customer_id == customer.id)
            && aftersales_rules::before_its_deal(line.handed_over, deal.at.date())
        {
            let column = row.cells.header("handed_over");
            row.cells.refuse(
                column.clone(),
                Message::RowHandoverBeforeDeal {
                    field: Composed(column),
                    day: dates::date(line.handed_over),
                    deal: deal.id,
                    sold: dates::date(deal.at.date()),
                },
            );
            return Ok(None);
        }
        if row.writing {
            let at = line.handed_over.and_time(chrono::NaiveTime::MIN);
            let customer_id = owner(row.tx, customer, &line.phone, &line.name, at)?;
            let deal_id = deals::holding(row.tx, &line.unit)?
                .filter(|d| d.customer_id == customer_id)
                .map(|d| d.id);
            let handover = HandoverRow {
                id: 0,
                unit: line.unit.clone(),
                deal_id,
                customer_id,
                handed_over: line.handed_over,
            };
            let checks = aftersales_rules::check_schedule(line.handed_over);
            aftersales::handover(row.tx, &handover, &checks, row.context.clock())?;
        }
        Ok(Some(Fate::Imported))
    }
}
