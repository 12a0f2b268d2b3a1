//! Writes a file of reps: a rep already on the books under the same name is left alone.

use anyhow::Result;

use super::{Fate, Store, Writer};
use crate::db::reps;
use crate::domain::import::{self, Cells, RepLine};

#[derive(Default)]
pub(super) struct Reps;

impl Writer for Reps {
    type Sheet = import::Reps;
    type Found = ();

    fn take(
        &mut self,
        store: &Store,
        _cells: &mut Cells,
        line: RepLine,
        (): (),
    ) -> Result<Option<Fate>> {
        if reps::by_name(store.tx, &line.name)?.is_some() {
            return Ok(Some(Fate::Present));
        }
        if store.writing {
            reps::add(
                store.tx,
                &line.name,
                line.phone.as_ref().map(|p| p.as_str()),
                store.context.now(),
            )?;
        }
        Ok(Some(Fate::Imported))
    }
}
