//! Writes an office's sales sheet. A deal is known by the buyer's phone and the unit sold:
//! importing it again adds nothing, and a unit another deal holds is refused, since a unit is
//! sold once. The closing rep is the one the sheet names; the buyer becomes an owner.

use std::collections::HashMap;

use anyhow::Result;
use rusqlite::Connection;

use super::{
    Checked, Fate, Rep, Row, Store, Taken, Writer, customer_named, rep_named, reps_by_name,
};
use crate::db::customers::{self, CustomerRow};
use crate::db::deals::{self, NewDeal};
use crate::domain::customer::Class;
use crate::domain::import::{self, DealLine};
use crate::messages::{Composed, Message};

#[derive(Default)]
pub(super) struct Deals {
    reps: HashMap<String, Rep>,
}

impl Writer for Deals {
    type Sheet = import::Deals;
    type Found = (Option<i64>, Option<CustomerRow>);

    fn load(&mut self, tx: &Connection) -> Result<()> {
        self.reps = reps_by_name(tx)?;
        Ok(())
    }

    /// The closing rep's id, then the buyer when the phone is known.
    fn check_line(&self, row: &mut Row, line: &DealLine) -> Checked<Self> {
        let rep = line
            .rep
            .as_deref()
            .and_then(|name| rep_named(&self.reps, &mut row.cells, name))
            .map(|rep| rep.id);
        let customer = customer_named(row, &line.phone, &line.name)?;
        Ok(Some((rep, customer)))
    }

    fn take(&mut self, row: &mut Row, line: DealLine, (rep, customer): Self::Found) -> Taken {
        if let Some(customer) = &customer
            && deals::of_customer(row.tx, customer.id)?
                .iter()
                .any(|d| d.unit == line.unit || d.unit_sold == line.unit)
        {
            return Ok(Some(Fate::Present));
        }
        if let Some(held) = deals::holding(row.tx, &line.unit)? {
            let column = row.cells.header("unit");
            row.cells.refuse(
                column.clone(),
                Message::UnitSoldBefore {
                    field: Composed(column),
                    unit: Composed(line.unit.to_string()),
                    deal: held.id,
                    buyer: held.buyer,
                },
            );
            return Ok(None);
        }
        if row.writing {
            write(row, &line, customer, rep)?;
        }
        Ok(Some(Fate::Imported))
    }
}

/// Writes an imported deal; the buyer, registered now if new, becomes an owner.
fn write(
    store: &Store,
    line: &DealLine,
    customer: Option<CustomerRow>,
    rep: Option<i64>,
) -> Result<()> {
    let mut customer = match customer {
        Some(customer) => customer,
        None => {
            let mut row = CustomerRow::new(
                line.name.clone().unwrap_or_default(),
                line.phone.as_str().to_string(),
            );
            row.company = line.company.is_some();
            row.id = customers::add(store.tx, &row, line.bought_at)?;
            row
        }
    };
    deals::add(
        store.tx,
        &NewDeal {
            customer_id: customer.id,
            unit: &line.unit,
            buyer: line.name.as_deref().unwrap_or(&customer.name),
            price_fen: line.price.0,
            at: line.bought_at,
            rep_id: rep,
            company: line.company,
        },
        store.context.clock(),
    )?;
    if customer.class != Class::Owner {
        customer.class = Class::Owner;
        customers::update(store.tx, &customer)?;
    }
    customers::mark_bought(store.tx, customer.id, line.bought_at)
}
