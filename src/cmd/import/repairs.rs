//! Writes the repair register. A repair is known by its owner, unit, time and text: importing
//! it again adds nothing.

use super::{Checked, Fate, Row, Taken, Writer, customer_named, owner};
use crate::db::aftersales::{self, RepairRow};
use crate::db::customers::CustomerRow;
use crate::domain::import::{self, RepairLine};

#[derive(Default)]
pub(super) struct Repairs;

impl Writer for Repairs {
    type Sheet = import::Repairs;
    /// The owner, when the phone is known.
    type Found = Option<CustomerRow>;

    fn check_line(&self, row: &mut Row, line: &RepairLine) -> Checked<Self> {
        customer_named(row, &line.phone, &line.name).map(Some)
    }

    fn take(&mut self, row: &mut Row, line: RepairLine, customer: Option<CustomerRow>) -> Taken {
        if let Some(customer) = &customer
            && aftersales::repair_exists(
                row.tx,
                customer.id,
                &line.unit,
                line.received_at,
                &line.text,
            )?
        {
            return Ok(Some(Fate::Present));
        }
        if row.writing {
            let customer_id = owner(row.tx, customer, &line.phone, &line.name, line.received_at)?;
            let repair = RepairRow {
                id: 0,
                customer_id,
                name: String::new(),
                phone: String::new(),
                unit: line.unit.clone(),
                kind: line.kind,
                text: line.text.clone(),
                received_at: line.received_at,
                appointment: line.appointment,
            };
            aftersales::repair(row.tx, &repair, row.context.clock())?;
        }
        Ok(Some(Fate::Imported))
    }
}
