//! Writes a file of reps: a rep already on the books under the same name is left alone.

use super::{Fate, Row, Taken, Writer};
use crate::db::reps;
use crate::domain::import::{self, RepLine};

#[derive(Default)]
pub(super) struct Reps;

impl Writer for Reps {
    type Sheet = import::Reps;
    type Found = ();

    fn take(&mut self, row: &mut Row, line: RepLine, (): ()) -> Taken {
        if reps::by_name(row.tx, &line.name)?.is_some() {
            return Ok(Some(Fate::Present));
        }
        if row.writing {
            reps::add(
                row.tx,
                &line.name,
                line.phone.as_ref().map(|p| p.as_str()),
                row.context.now(),
            )?;
        }
        Ok(Some(Fate::Imported))
    }
}
