//! Writes the repair register. A repair is known by its owner, unit, time and text: importing
//! it again adds nothing.

use anyhow::Result;

use super::{Checked, Fate, Store, Writer, customer_named, owner};
use crate::db::aftersales::{self, RepairRow};
use crate::db::customers::CustomerRow;
use crate::domain::import::{self, Cells, RepairLine};

#[derive(Default)]
pub(super) struct Repairs;

impl Writer for Repairs {
    type Sheet = import::Repairs;
    /// The owner, when the phone is known.
    type Found = Option<CustomerRow>;

    fn check_line(&self, store: &Store, cells: &mut Cells, line: &RepairLine) -> Checked<Self> {
        customer_named(store, cells, &line.phone, &line.name).map(Some)
    }

    fn take(
        &mut self,
        store: &Store,
        _cells: &mut Cells,
        line: RepairLine,
        customer: Option<CustomerRow>,
    ) -> Result<Option<Fate>> {
        if let Some(customer) = &customer
            && aftersales::repair_exists(
                store.tx,
                customer.id,
                &line.unit,
                line.received_at,
                &line.text,
            )?
        {
            return Ok(Some(Fate::Present));
        }
        if store.writing {
            let customer_id = owner(
                store.tx,
                customer,
                &line.phone,
                &line.name,
                line.received_at,
            )?;
            let row = RepairRow {
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
            aftersales::repair(store.tx, &row, store.context.clock())?;
        }
        Ok(Some(Fate::Imported))
    }
}
