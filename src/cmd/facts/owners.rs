//! Who a customer belongs to at a moment, from everything that decides it: their register
//! entries, their deals, and, once a clerk linked two records of one person, the other record's
//! entries and deals. The customer file, the desk, the reports and the export all ask here.

use std::collections::{HashMap, HashSet};

use anyhow::Result;
use chrono::NaiveDateTime;
use rusqlite::Connection;

use crate::db::customers::{self, LinkRow};
use crate::db::deals;
use crate::db::register::{self, VisitRow};
use crate::db::reps;
use crate::domain::ownership::{self, Bought, Linked, Ownership};
use crate::domain::register::Entry;
use crate::domain::rotation::RepRef;
pub use crate::messages::columns::facts::owners::DETAIL_COLUMNS;

/// A customer's owner: the rep and their registration or deal.
pub type Owner = (RepRef, Ownership);

/// The other record of a linked person, as ownership needs it.
#[derive(Debug, Clone)]
pub struct OtherRecord {
    pub link: LinkRow,
    pub entries: Vec<VisitRow>,
    pub deals: Vec<Bought>,
}

/// Everything that decides whose a customer is.
#[derive(Debug, Clone)]
pub struct Claims {
    pub entries: Vec<VisitRow>,
    pub deals: Vec<Bought>,
    pub other: Option<OtherRecord>,
}

impl Claims {
    /// Reads a customer's claims.
    pub fn of(conn: &Connection, customer_id: i64) -> Result<Claims> {
        let other = match customers::link_of(conn, customer_id)? {
            Some(link) => Some(OtherRecord {
                entries: register::entries_of(conn, link.other_id)?,
                deals: deals::bought(conn, link.other_id)?,
                link,
            }),
            None => None,
        };
        Ok(Claims {
            entries: register::entries_of(conn, customer_id)?,
            deals: deals::bought(conn, customer_id)?,
            other,
        })
    }

    /// The entries and deals that count at `at`: the other record's too once linked.
    pub fn counted(&self, at: NaiveDateTime) -> (Vec<Entry>, Vec<Bought>) {
        let own: Vec<Entry> = self.entries.iter().filter_map(VisitRow::entry).collect();
        let mut bought = self.deals.clone();
        let entries = match &self.other {
            Some(other) if other.link.at <= at => {
                bought.extend(other.deals.iter().copied());
                let theirs: Vec<Entry> = other.entries.iter().filter_map(VisitRow::entry).collect();
                Linked {
                    one: &own,
                    other: &theirs,
                    at: other.link.at,
                }
                .entries()
            }
            _ => own,
        };
        (entries, bought)
    }

    /// The registration or deal in force at `at`.
    pub fn ownership(&self, at: NaiveDateTime) -> Option<Ownership> {
        let (entries, bought) = self.counted(at);
        ownership::owner_of(&entries, &bought, at)
    }

    /// The reps the customer had refused by `at` ([`ownership::refused_by`]).
    pub fn refused(&self, at: NaiveDateTime) -> Vec<i64> {
        ownership::refused_by(&self.counted(at).0, at)
    }

    /// The rep names the entries know, by id; a deal's rep who never received the customer is
    /// looked up.
    fn names(&self) -> HashMap<i64, String> {
        let mut names = HashMap::new();
        let others = self.other.iter().flat_map(|o| o.entries.iter());
        for entry in self.entries.iter().chain(others) {
            if let (Some(id), Some(name)) = (entry.rep_id, &entry.rep) {
                names.insert(id, name.clone());
            }
            if let (Some(id), Some((name, _))) = (entry.roles.for_rep_id, &entry.for_rep) {
                names.insert(id, name.clone());
            }
        }
        names
    }

    /// The owner at `at`, with the rep's name.
    pub fn owner(&self, conn: &Connection, at: NaiveDateTime) -> Result<Option<Owner>> {
        let Some(ownership) = self.ownership(at) else {
            return Ok(None);
        };
        let name = match self.names().remove(&ownership.rep_id) {
            Some(name) => name,
            None => reps::name_of(conn, ownership.rep_id)?,
        };
        Ok(Some((
            RepRef {
                id: ownership.rep_id,
                name,
            },
            ownership,
        )))
    }
}

/// The claims of many customers at once, for reports that judge a day's or a period's
/// customers: three queries for the lot instead of three for each.
pub fn claims_of_all(conn: &Connection, customer_ids: &[i64]) -> Result<HashMap<i64, Claims>> {
    claims_of_batch(conn, customer_ids, &customers::linked(conn)?)
}

/// [`claims_of_all`] for one batch of a stream of customers, with the linked records read once
/// for the whole stream.
pub fn claims_of_batch(
    conn: &Connection,
    customer_ids: &[i64],
    linked: &HashSet<i64>,
) -> Result<HashMap<i64, Claims>> {
    let mut all: HashMap<i64, Claims> = customer_ids
        .iter()
        .map(|&id| {
            (
                id,
                Claims {
                    entries: Vec::new(),
                    deals: Vec::new(),
                    other: None,
                },
            )
        })
        .collect();
    for entry in register::entries_of_all(conn, customer_ids)? {
        if let Some(claims) = all.get_mut(&entry.customer_id) {
            claims.entries.push(entry);
        }
    }
    for (customer_id, bought) in deals::bought_by_all(conn, customer_ids)? {
        if let Some(claims) = all.get_mut(&customer_id) {
            claims.deals.push(bought);
        }
    }
    // Linked records are few; each is read on its own.
    for id in linked {
        if let Some(claims) = all.get_mut(id) {
            *claims = Claims::of(conn, *id)?;
        }
    }
    Ok(all)
}

/// The customer's owner at `at`, if their registration is valid or they bought.
pub fn owner_of(conn: &Connection, customer_id: i64, at: NaiveDateTime) -> Result<Option<Owner>> {
    Claims::of(conn, customer_id)?.owner(conn, at)
}
