//! Writes a file of complaints. A complaint is known by the customer's phone, the time it came
//! in and its text, so importing it again adds nothing; a phone nobody has is registered under
//! the row's name. Each is classified and given its authority as `complaint new` would.

use super::{Fate, Row, Taken, Writer, nameless};
use crate::db::complaints::{self, NewComplaint};
use crate::db::customers::{self, CustomerRow};
use crate::domain::complaint;
use crate::domain::import::{self, ComplaintLine};

#[derive(Default)]
pub(super) struct Complaints;

impl Writer for Complaints {
    type Sheet = import::Complaints;
    type Found = ();

    fn take(&mut self, row: &mut Row, line: ComplaintLine, (): ()) -> Taken {
        let customer_id = customers::id_by_phone(row.tx, line.phone.as_str())?;
        if let Some(id) = customer_id
            && complaints::exists(row.tx, id, line.received_at, &line.text)?
        {
            return Ok(Some(Fate::Present));
        }
        if customer_id.is_none() && line.name.is_none() {
            nameless(&mut row.cells, &line.phone);
            return Ok(None);
        }
        if !row.writing {
            return Ok(Some(Fate::Imported));
        }
        let customer_id = match customer_id {
            Some(id) => id,
            None => customers::add(
                row.tx,
                &CustomerRow::new(
                    line.name.clone().unwrap_or_default(),
                    line.phone.as_str().to_string(),
                ),
                line.received_at,
            )?,
        };
        let classification =
            complaint::classify(line.category, line.flags, line.amount, &line.text);
        let authority = complaint::authority(
            classification.class,
            line.amount,
            line.flags.cross_department,
        );
        complaints::add(
            row.tx,
            &NewComplaint {
                customer_id,
                received_at: line.received_at,
                ticketed_at: line.ticketed_at,
                channel: line.channel,
                category: line.category,
                department: line.department,
                amount_fen: line.amount.map(|a| a.0),
                flags: line.flags,
                class: classification.class,
                class_reason: &classification.reason,
                authority,
                text: &line.text,
                received_by: line.by.as_deref(),
                centres: &[],
            },
            row.context.clock(),
        )?;
        Ok(Some(Fate::Imported))
    }
}
