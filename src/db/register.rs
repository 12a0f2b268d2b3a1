//! The visitor register (客户来访登记表, table visits), the project manager's approvals of it
//! (approvals), and the rotation turns its entries took. The register is append-only: a
//! correction is a new entry that supersedes the old one, and both stay visible.

use std::collections::HashMap;

use anyhow::Result;
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, Row, params};

use super::sql::{self, Fields};
use crate::domain::customer::Channel;
use crate::domain::dates;
use crate::domain::register::{Contact, Entry, Reason};

/// A register entry with what listings show beside it.
#[derive(Debug, Clone)]
pub struct VisitRow {
    pub id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub phone: String,
    pub rep_id: Option<i64>,
    pub rep: Option<String>,
    pub rep_retired: bool,
    pub at: NaiveDateTime,
    pub contact: Contact,
    pub channel: Channel,
    pub reason: Reason,
    pub turn: bool,
    pub priority: bool,
    pub brought_by: Option<i64>,
    pub referrer: Option<String>,
    pub referral_day: Option<NaiveDate>,
    pub note: Option<String>,
    pub supersedes: Option<i64>,
    pub superseded_by: Option<i64>,
    pub approved: bool,
    /// For a correction, the rep of the entry it supersedes.
    pub refused_rep_id: Option<i64>,
}

const VISIT_SELECT: &str = "SELECT v.id, v.customer_id, c.name, c.phone, v.rep_id, p.name,
        p.retired_at IS NOT NULL, v.at, v.kind, v.channel, v.reason, v.turn, v.priority,
        v.brought_by, v.referrer, v.referral_day, v.note, v.supersedes,
        (SELECT s.id FROM visits s WHERE s.supersedes = v.id),
        EXISTS (SELECT 1 FROM approvals a WHERE a.day = v.day AND a.last_visit_id >= v.id),
        (SELECT r.rep_id FROM visits r WHERE r.id = v.supersedes)
    FROM visits v
    JOIN customers c ON c.id = v.customer_id
    LEFT JOIN reps p ON p.id = v.rep_id";

impl VisitRow {
    fn read(row: &Row) -> rusqlite::Result<VisitRow> {
        let fields = Fields::of(row, "visits", &[0]);
        Ok(VisitRow {
            id: fields.get(0)?,
            customer_id: fields.get(1)?,
            customer_name: fields.get(2)?,
            phone: fields.get(3)?,
            rep_id: fields.get(4)?,
            rep: fields.get(5)?,
            rep_retired: fields.get::<Option<bool>>(6)?.unwrap_or(false),
            at: fields.moment(7)?,
            contact: fields.get(8)?,
            channel: fields.get(9)?,
            reason: fields.get(10)?,
            turn: fields.get(11)?,
            priority: fields.get(12)?,
            brought_by: fields.get(13)?,
            referrer: fields.get(14)?,
            referral_day: fields.day_or_none(15)?,
            note: fields.get(16)?,
            supersedes: fields.get(17)?,
            superseded_by: fields.get(18)?,
            approved: fields.get(19)?,
            refused_rep_id: fields.get(20)?,
        })
    }

    /// The entry as the ownership rules see it; a call with no rep has none. A call recorded
    /// for a rep does, with [`Reason::Call`], which never counts for ownership.
    pub fn entry(&self) -> Option<Entry> {
        Some(Entry {
            visit_id: self.id,
            rep_id: self.rep_id?,
            at: self.at,
            reason: self.reason,
            superseded: self.superseded_by.is_some(),
            rep_retired: self.rep_retired,
            refused_rep_id: self.refused_rep_id,
        })
    }
}

/// The entries matching `filter`, a WHERE clause written as a literal by each caller below.
fn entries_where(
    conn: &Connection,
    filter: &'static str,
    params: impl rusqlite::Params,
) -> Result<Vec<VisitRow>> {
    sql::list(
        conn,
        &format!("{VISIT_SELECT} WHERE {filter} ORDER BY v.at, v.id"),
        params,
        "the register",
        VisitRow::read,
    )
}

/// Every entry of one customer, oldest first, superseded ones included.
pub fn entries_of(conn: &Connection, customer_id: i64) -> Result<Vec<VisitRow>> {
    entries_where(conn, "v.customer_id = ?1", [customer_id])
}

/// Every entry of one day, oldest first, superseded ones included.
pub fn entries_on(conn: &Connection, day: NaiveDate) -> Result<Vec<VisitRow>> {
    entries_where(conn, "v.day = ?1", [dates::date(day)])
}

/// Every entry between two days, oldest first, superseded ones included.
pub fn between(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<VisitRow>> {
    entries_where(
        conn,
        "v.day BETWEEN ?1 AND ?2",
        [dates::date(from), dates::date(to)],
    )
}

/// Every entry that can bear on ownership (visits, not calls), oldest first.
pub fn registrations(conn: &Connection) -> Result<Vec<VisitRow>> {
    entries_where(conn, "v.kind = ?1", [Contact::Visit])
}

pub fn by_id(conn: &Connection, id: i64) -> Result<Option<VisitRow>> {
    Ok(entries_where(conn, "v.id = ?1", [id])?.pop())
}

/// Of the visits between two days, those that were the customer's first visit ever.
pub fn first_visits_between(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<i64>> {
    sql::list(
        conn,
        "SELECT v.id FROM visits v
         WHERE v.day BETWEEN ?1 AND ?2 AND v.kind = ?3
           AND NOT EXISTS (SELECT 1 FROM visits e
                           WHERE e.customer_id = v.customer_id AND e.kind = ?3
                             AND e.id < v.id)",
        params![dates::date(from), dates::date(to), Contact::Visit],
        "the first visits",
        |row| row.get(0),
    )
}

/// Customers with a visit (not a call) between two days: those whose registration may lapse.
pub fn customers_visiting_between(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<i64>> {
    sql::list(
        conn,
        "SELECT DISTINCT customer_id FROM visits
         WHERE day BETWEEN ?1 AND ?2 AND kind = ?3",
        params![dates::date(from), dates::date(to), Contact::Visit],
        "the registrations",
        |row| row.get(0),
    )
}

/// The highest entry id: the size of the register, since entries are never deleted.
pub fn size(conn: &Connection) -> Result<i64> {
    sql::value(
        conn,
        "SELECT coalesce(max(id), 0) FROM visits",
        [],
        "the size of the register",
    )
}

/// Turns used per rep over a range of days (a reassigned reception's turn is void).
pub fn turns_between(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<HashMap<i64, i64>> {
    Ok(sql::list(
        conn,
        "SELECT v.rep_id, count(*) FROM visits v
         WHERE v.day BETWEEN ?1 AND ?2 AND v.turn = 1
           AND NOT EXISTS (SELECT 1 FROM visits s WHERE s.supersedes = v.id)
         GROUP BY v.rep_id",
        params![dates::date(from), dates::date(to)],
        "the turns",
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?
    .into_iter()
    .collect())
}

/// What a new register entry records.
#[derive(Debug, Clone)]
pub struct NewVisit<'a> {
    pub customer_id: i64,
    pub rep_id: Option<i64>,
    pub at: NaiveDateTime,
    pub contact: Contact,
    pub channel: Channel,
    pub reason: Reason,
    pub turn: bool,
    pub priority: bool,
    pub brought_by: Option<i64>,
    pub referrer: Option<&'a str>,
    pub referral_day: Option<NaiveDate>,
    pub note: Option<&'a str>,
    pub supersedes: Option<i64>,
}

/// Appends one entry; returns its number (登记号).
pub fn add(conn: &Connection, visit: &NewVisit, recorded_at: NaiveDateTime) -> Result<i64> {
    add_many(conn, std::slice::from_ref(visit), recorded_at)?;
    Ok(conn.last_insert_rowid())
}

const VISIT_INSERT: &str = "INSERT INTO visits (customer_id, rep_id, at, day, kind, channel,
    reason, turn, priority, brought_by, referrer, referral_day, note, supersedes, recorded_at)
    VALUES ";
const VISIT_VALUES: &str = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

/// Appends entries in order, [`sql::BATCH`] to a statement.
pub fn add_many(conn: &Connection, visits: &[NewVisit], recorded_at: NaiveDateTime) -> Result<()> {
    let recorded_at = dates::store(recorded_at);
    sql::insert_in_batches(
        conn,
        VISIT_INSERT,
        VISIT_VALUES,
        visits,
        "the register entries",
        |statement, at, visit| {
            statement.raw_bind_parameter(at + 1, visit.customer_id)?;
            statement.raw_bind_parameter(at + 2, visit.rep_id)?;
            statement.raw_bind_parameter(at + 3, dates::store(visit.at))?;
            statement.raw_bind_parameter(at + 4, dates::date(visit.at.date()))?;
            statement.raw_bind_parameter(at + 5, visit.contact)?;
            statement.raw_bind_parameter(at + 6, visit.channel)?;
            statement.raw_bind_parameter(at + 7, visit.reason)?;
            statement.raw_bind_parameter(at + 8, visit.turn)?;
            statement.raw_bind_parameter(at + 9, visit.priority)?;
            statement.raw_bind_parameter(at + 10, visit.brought_by)?;
            statement.raw_bind_parameter(at + 11, visit.referrer)?;
            statement.raw_bind_parameter(at + 12, visit.referral_day.map(dates::date))?;
            statement.raw_bind_parameter(at + 13, visit.note)?;
            statement.raw_bind_parameter(at + 14, visit.supersedes)?;
            statement.raw_bind_parameter(at + 15, recorded_at.as_str())
        },
    )
}

/// The highest entry id of a day (0 when the day has none) and how many entries it has.
pub fn last_of_day(conn: &Connection, day: NaiveDate) -> Result<(i64, i64)> {
    Ok(sql::one(
        conn,
        "SELECT coalesce(max(id), 0), count(*) FROM visits WHERE day = ?1",
        [dates::date(day)],
        "the day's register",
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?
    .unwrap_or((0, 0)))
}

/// Entries of the day not yet covered by an approval.
pub fn unapproved_count(conn: &Connection, day: NaiveDate) -> Result<i64> {
    sql::value(
        conn,
        "SELECT count(*) FROM visits WHERE day = ?1
           AND id > (SELECT coalesce(max(last_visit_id), 0) FROM approvals WHERE day = ?1)",
        [dates::date(day)],
        "the unapproved entries",
    )
}

/// The project manager approves the day's register up to entry `last_visit_id`.
pub fn approve(
    conn: &Connection,
    day: NaiveDate,
    by: &str,
    at: NaiveDateTime,
    last_visit_id: i64,
) -> Result<()> {
    sql::run(
        conn,
        "INSERT INTO approvals (day, approved_by, at, last_visit_id) VALUES (?1, ?2, ?3, ?4)",
        params![dates::date(day), by, dates::store(at), last_visit_id],
        "record the approval",
    )?;
    Ok(())
}
