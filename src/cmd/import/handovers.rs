//! Writes the handover sheet. A handover is known by its unit: importing it again adds nothing,
//! and the same unit handed over on another day or to another owner is a contradiction the
//! office must settle. Each handover schedules its checks.

use anyhow::Result;

use super::{Checked, Fate, Store, Writer, customer_named, owner};
use crate::db::aftersales::{self, HandoverRow};
use crate::db::customers::CustomerRow;
use crate::db::deals;
use crate::domain::aftersales as aftersales_rules;
use crate::domain::dates;
use crate::domain::import::{self, Cells, HandoverLine};
use crate::messages::{Composed, Message};

#[derive(Default)]
pub(super) struct Handovers;

impl Writer for Handovers {
    type Sheet = import::Handovers;
    /// The owner, when the phone is known.
    type Found = Option<CustomerRow>;

    fn check_line(&self, store: &Store, cells: &mut Cells, line: &HandoverLine) -> Checked<Self> {
        customer_named(store, cells, &line.phone, &line.name).map(Some)
    }

    fn take(
        &mut self,
        store: &Store,
        cells: &mut Cells,
        line: HandoverLine,
        customer: Option<CustomerRow>,
    ) -> Result<Option<Fate>> {
        if let Some(earlier) = aftersales::handover_of(store.tx, &line.unit)? {
            let same_owner = customer
                .as_ref()
                .is_some_and(|c| c.id == earlier.customer_id);
            if same_owner && earlier.handed_over == line.handed_over {
                return Ok(Some(Fate::Present));
            }
            let column = cells.header("unit");
            cells.refuse(
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
        if store.writing {
            let at = line.handed_over.and_time(chrono::NaiveTime::MIN);
            let customer_id = owner(store.tx, customer, &line.phone, &line.name, at)?;
            let deal_id = deals::holding(store.tx, &line.unit)?
                .filter(|d| d.customer_id == customer_id)
                .map(|d| d.id);
            let row = HandoverRow {
                id: 0,
                unit: line.unit.clone(),
                deal_id,
                customer_id,
                handed_over: line.handed_over,
            };
            let checks = aftersales_rules::check_schedule(line.handed_over);
            aftersales::handover(store.tx, &row, &checks, store.context.clock())?;
        }
        Ok(Some(Fate::Imported))
    }
}
