//! Writes a file of reps: a rep already on the books under the same name is left alone.

use anyhow::Result;

use super::{Fate, Store, Writer};
use crate::db::reps;
use crate::domain::import::{self, Cells, RepLine};

#[derive(Default)]
pub(super) struct Reps;

impl Writer for Reps {
    type Sheet = import::Reps;

    fn take(
        &mut self,
        store: &Store,
        cells: &mut Cells,
        line: Option<RepLine>,
    ) -> Result<Option<Fate>> {
        let Some(line) = line else {
            return Ok(None);
        };
        if !cells.problems.is_empty() {
            return Ok(None);
        }
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
