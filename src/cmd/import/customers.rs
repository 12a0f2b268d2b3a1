//! Writes a file of customers: a customer is known by phone, so one already registered is left
//! alone; an owner's deal date is kept as the day they bought.

use super::{Fate, Row, Taken, Writer};
use crate::db::customers::{self, CustomerRow};
use crate::domain::customer::Class;
use crate::domain::import::{self, CustomerLine};

#[derive(Default)]
pub(super) struct Customers;

impl Writer for Customers {
    type Sheet = import::Customers;
    type Found = ();

    fn take(&mut self, row: &mut Row, line: CustomerLine, (): ()) -> Taken {
        if customers::id_by_phone(row.tx, line.phone.as_str())?.is_some() {
            return Ok(Some(Fate::Present));
        }
        if row.writing {
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
            let customer = CustomerRow {
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
            let id = customers::add(row.tx, &customer, row.now)?;
            if let Some(bought_at) = line.bought_at {
                customers::mark_bought(row.tx, id, bought_at)?;
            }
        }
        Ok(Some(Fate::Imported))
    }
}
