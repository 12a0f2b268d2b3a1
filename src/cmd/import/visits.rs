//! Writes the visitor register. Rows are only staged as they are read; once the whole file is
//! in, [`replay`](super::replay) writes them customer by customer in time order. Imported
//! visits keep the rep the sheet names and take no rotation turn.

use std::collections::{HashMap, HashSet};

use anyhow::Result;
use indicatif::ProgressBar;
use rusqlite::Connection;

use super::{Fate, Rep, Row, Store, Taken, Tally, Writer, no_such_rep, replay, reps_by_name};
use crate::db::bulk::{self, StagedVisit};
use crate::domain::import::{self, Cells, VisitLine};

#[derive(Default)]
pub(super) struct Visits {
    reps: HashMap<String, Rep>,
    /// Rows staged so far, for the progress of the replay.
    staged: u64,
    /// Lines read but not yet staged, written a batch at a time.
    stage: Vec<StagedVisit>,
}

impl Writer for Visits {
    type Sheet = import::Visits;
    type Found = ();

    fn load(&mut self, tx: &Connection) -> Result<()> {
        self.reps = reps_by_name(tx)?;
        bulk::create_stage(tx)
    }

    /// The rep the row names, even when the row is refused for other cells.
    fn check_cells(&self, cells: &mut Cells) {
        if let Some(name) = cells.raw("rep")
            && !self.reps.contains_key(name)
        {
            no_such_rep(cells, name);
        }
    }

    fn take(&mut self, row: &mut Row, line: VisitLine, (): ()) -> Taken {
        // A row naming a rep nobody has was refused after `check_cells`.
        let rep = row.cells.raw("rep").and_then(|name| self.reps.get(name));
        if row.writing {
            self.stage.push(StagedVisit {
                row: row.number as i64,
                phone: line.phone.as_str().to_string(),
                at: line.at,
                name: line.name,
                rep_id: rep.map(|r| r.id),
                call: line.call,
                channel: line.channel,
                gender: line.gender,
                age: line.age,
                occupation: line.occupation,
                note: line.note,
            });
            if self.stage.len() == bulk::BATCH {
                bulk::stage(row.tx, &self.stage)?;
                self.stage.clear();
            }
        }
        self.staged += 1;
        Ok(Some(Fate::Staged))
    }

    /// Writes the staged register, each customer's entries judged against the registrations
    /// before them, in the file and the database.
    fn finish(&mut self, store: &Store, bar: &ProgressBar, tally: &mut Tally) -> Result<()> {
        if !store.writing {
            return Ok(());
        }
        bulk::stage(store.tx, &self.stage)?;
        self.stage.clear();
        let retired: HashSet<i64> = self
            .reps
            .values()
            .filter(|r| r.retired)
            .map(|r| r.id)
            .collect();
        let replayed = replay::replay(store.tx, store.context.clock(), &retired, self.staged, bar)?;
        tally.imported += replayed.imported;
        tally.present += replayed.present;
        Ok(())
    }
}
