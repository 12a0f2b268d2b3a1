//! Writes the repair register. A repair is known by its owner, unit, time and text: importing
//! it again adds nothing.

use anyhow::Result;

use super::{Fate, Store, Writer, nameless, owner};
use crate::db::aftersales::{self, RepairRow};
use crate::db::customers;
use crate::domain::import::{self, Cells, RepairLine};

#[derive(Default)]
pub(super) struct Repairs;

impl Writer for Repairs {
    type Sheet = import::Repairs;

    fn take(
        &mut self,
        store: &Store,
        cells: &mut Cells,
        line: Option<RepairLine>,
    ) -> Result<Option<Fate>> {
        let Some(line) = line else {
            return Ok(None);
        };
        let customer = customers::by_phone(store.tx, line.phone.as_str())?;
        if customer.is_none() && line.name.is_none() {
            nameless(cells, &line.phone);
        }
        if !cells.problems.is_empty() {
            return Ok(None);
        }
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
