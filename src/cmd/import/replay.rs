//! The replay of an imported register. Visits are staged as the file is read; this writes them
//! customer by customer in time order against the register already in the database, so that
//! first registration wins across the file and the database (see [`reception::imported`]). A
//! line at a moment the customer already has an entry at is present, not imported again.

use std::collections::HashSet;

use anyhow::{Context as _, Result};
use chrono::NaiveDateTime;
use indicatif::ProgressBar;
use rusqlite::Connection;

use crate::db::bulk::{self, ReplayLine};
use crate::db::customers::{self, Newcomer};
use crate::db::deals;
use crate::db::register::{self, NewVisit};
use crate::domain::ownership::{self, Bought};
use crate::domain::reception;
use crate::domain::register::{Contact, Entry, Reason};

/// What the replay made of the staged lines.
pub(super) struct Replayed {
    pub imported: u64,
    pub present: u64,
}

/// Writes the `staged` lines customer by customer, each in time order, so that every entry is
/// judged against the registrations before it, in the file and the database.
pub(super) fn replay(
    tx: &Connection,
    clock: NaiveDateTime,
    retired: &HashSet<i64>,
    staged: u64,
    bar: &ProgressBar,
) -> Result<Replayed> {
    bar.set_message("writing");
    bar.set_position(0);
    bar.set_length(staged);
    let existing = register::size(tx)?;
    // A file imported again, all of it already present, leaves the schema alone.
    let aside =
        if bulk::rebuilds_day_index(staged, existing.unsigned_abs()) && bulk::any_new_line(tx)? {
            Some(bulk::set_aside(tx)?)
        } else {
            None
        };
    let mut register = Register {
        tx,
        clock,
        retired,
        customer: 0,
        entries: Vec::new(),
        bought: Vec::new(),
        taken: HashSet::new(),
        pending: Vec::with_capacity(bulk::BATCH),
        newcomers: Vec::new(),
        next_customer: customers::next_id(tx)?,
        imported: 0,
        present: 0,
    };
    bulk::each_line(tx, |line| {
        bar.inc(1);
        register.take(line)
    })?;
    register.flush()?;
    if let Some(aside) = aside {
        bar.set_message("indexing");
        bulk::put_back(tx, aside)?;
    }
    Ok(Replayed {
        imported: register.imported,
        present: register.present,
    })
}

/// The replay of an imported register: one customer's entries at a time, written in batches.
struct Register<'a> {
    tx: &'a Connection,
    clock: NaiveDateTime,
    retired: &'a HashSet<i64>,
    /// The customer whose lines are being replayed.
    customer: i64,
    /// Their entries as ownership sees them, from the database and this import so far.
    entries: Vec<Entry>,
    /// Their deals: after one, the customer is the closing rep's for good.
    bought: Vec<Bought>,
    /// The moments they already have an entry at: a visit is known by phone and time.
    taken: HashSet<NaiveDateTime>,
    pending: Vec<(i64, ReplayLine, Reason)>,
    /// Customers first met in the pending lines, with the ids they are given.
    newcomers: Vec<(i64, Newcomer, NaiveDateTime)>,
    next_customer: i64,
    imported: u64,
    present: u64,
}

impl Register<'_> {
    fn take(&mut self, mut line: ReplayLine) -> Result<()> {
        if let Some(newcomer) = line.first.take() {
            self.entries.clear();
            self.bought.clear();
            self.taken.clear();
            self.customer = match customers::id_by_phone(self.tx, &newcomer.phone)? {
                Some(id) => {
                    // Entries still waiting in the batch belong to other customers.
                    for visit in register::entries_of(self.tx, id)? {
                        self.taken.insert(visit.at);
                        self.entries.extend(visit.entry());
                    }
                    self.bought = deals::bought(self.tx, id)?;
                    id
                }
                // Registered as of their earliest line, which comes first. Customers come in
                // phone order and are numbered in turn, so the customer index takes their
                // entries in order, at its end.
                None => {
                    let id = self.next_customer;
                    self.next_customer += 1;
                    self.newcomers.push((id, newcomer, line.at));
                    id
                }
            };
        }
        if !self.taken.insert(line.at) {
            self.present += 1;
            return Ok(());
        }
        let owner = ownership::owner_of(&self.entries, &self.bought, line.at);
        let reason = reception::imported(line.call, line.rep_id, owner.as_ref());
        if let Some(rep_id) = line.rep_id {
            // Not written yet: an id past every real one keeps the file's order among equals.
            let visit_id = i64::MAX / 2 + self.imported as i64;
            self.entries.push(Entry {
                visit_id,
                rep_id,
                at: line.at,
                reason,
                superseded: false,
                voided: false,
                rep_retired: self.retired.contains(&rep_id),
                refused_rep_id: None,
                for_rep: None,
            });
        }
        self.imported += 1;
        self.pending.push((self.customer, line, reason));
        if self.pending.len() == bulk::BATCH {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        let visits: Vec<NewVisit> = self
            .pending
            .iter()
            .map(|(customer_id, line, reason)| NewVisit {
                customer_id: *customer_id,
                rep_id: line.rep_id,
                at: line.at,
                contact: Contact::of(line.call),
                channel: line.channel,
                reason: *reason,
                turn: false,
                priority: false,
                brought_by: None,
                referrer: None,
                referral_day: None,
                note: line.note.as_deref(),
                supersedes: None,
                name: Some(line.name.as_str()),
            })
            .collect();
        if self.pending.is_empty() {
            return Ok(());
        }
        let first = self.pending.first().map_or(0, |(_, line, _)| line.row);
        customers::add_numbered(self.tx, &self.newcomers)
            .with_context(|| format!("cannot register the customers from row {first} on"))?;
        self.newcomers.clear();
        register::add_many(self.tx, &visits, self.clock)
            .with_context(|| format!("cannot import the rows from row {first} on"))?;
        self.pending.clear();
        Ok(())
    }
}
