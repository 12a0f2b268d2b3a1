//! Writes a file of customers: a customer is known by phone, so one already registered is left
//! alone; an owner's deal date is kept as the day they bought.

use anyhow::Result;

use super::{Fate, Store, Writer};
use crate::db::customers::{self, CustomerRow};
use crate::domain::customer::Class;
use crate::domain::import::{self, Cells, CustomerLine};

#[derive(Default)]
pub(super) struct Customers;

impl Writer for Customers {
    type Sheet = import::Customers;
    type Found = ();

    fn take(
        &mut self,
        store: &Store,
        _cells: &mut Cells,
        line: CustomerLine,
        (): (),
    ) -> Result<Option<Fate>> {
        if customers::id_by_phone(store.tx, line.phone.as_str())?.is_some() {
            return Ok(Some(Fate::Present));
        }
        if store.writing {
            let [
                education,
                occupation,
                income,
                family,
                address,
                email,
                personality,
                interests,
                attitude,
                requirements,
                purchase,
                tendency,
            ] = line.details;
            let row = CustomerRow {
                class: line.class.unwrap_or(Class::Potential),
                gender: line.gender,
                age: line.age,
                education,
                occupation,
                income,
                family,
                address,
                email,
                personality,
                interests,
                attitude,
                requirements,
                purchase,
                tendency,
                ..CustomerRow::new(line.name, line.phone.as_str().to_string())
            };
            let id = customers::add(store.tx, &row, store.now)?;
            if let Some(bought_at) = line.bought_at {
                customers::mark_bought(store.tx, id, bought_at)?;
            }
        }
        Ok(Some(Fate::Imported))
    }
}
