//! The visitor register (客户来访登记表, table visits), the project manager's approvals of it
//! (approvals), the voids of mistaken entries (visit_voids), and the rotation turns its entries
//! took. The register is append-only: a correction is a new entry that supersedes the old one,
//! a mistake is voided, and everything stays visible.

use std::collections::HashMap;

use anyhow::{Context as _, Result};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::types::ToSql;
use rusqlite::{Connection, Row, params};

use super::sql::{self, Fields};
use crate::domain::customer::Channel;
use crate::domain::dates;
use crate::domain::reception;
use crate::domain::register::{self, Contact, Entry, Reason};
use crate::domain::rotation::{RepRef, TakenTurn};

/// What a line of the register says, as the desk wrote it, and where it stands among the
/// corrections: what every reading of the register shows, listings and the export alike.
#[derive(Debug, Clone)]
pub struct Written {
    pub id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub phone: String,
    pub rep: Option<String>,
    pub at: NaiveDateTime,
    pub contact: Contact,
    pub channel: Channel,
    pub reason: Reason,
    pub turn: bool,
    pub priority: bool,
    pub brought_by: Option<i64>,
    pub referrer: Option<String>,
    pub note: Option<String>,
    pub supersedes: Option<i64>,
    pub superseded_by: Option<i64>,
    pub approved: bool,
}

/// A query of the register's lines: the columns [`Written::read`] reads first (the customer
/// as `c`, the rep as `p`), then the query's own from [`WRITTEN_COLUMNS`] on, given as
/// `$rest` with its FROM.
macro_rules! written_select {
    ($rest:literal) => {
        concat!(
            "SELECT v.id, v.customer_id, c.name, c.phone, p.name, v.at, v.kind, v.channel,
                v.reason, v.turn, v.priority, v.brought_by, v.referrer, v.note, v.supersedes,
                (SELECT s.id FROM visits s WHERE s.supersedes = v.id),
                EXISTS (SELECT 1 FROM approvals a WHERE a.day = v.day AND a.last_visit_id >= v.id),
                v.name",
            $rest
        )
    };
}

/// How many columns [`written_select!`] reads before the query's own.
const WRITTEN_COLUMNS: usize = 18;

impl Written {
    fn read(fields: &Fields) -> rusqlite::Result<Written> {
        Ok(Written {
            id: fields.get(0)?,
            customer_id: fields.get(1)?,
            customer_name: register::name_on_entry(fields.get(17)?, fields.get(2)?),
            phone: fields.get(3)?,
            rep: fields.get(4)?,
            at: fields.moment(5)?,
            contact: fields.get(6)?,
            channel: fields.get(7)?,
            reason: fields.get(8)?,
            turn: fields.get(9)?,
            priority: fields.get(10)?,
            brought_by: fields.get(11)?,
            referrer: fields.get(12)?,
            note: fields.get(13)?,
            supersedes: fields.get(14)?,
            superseded_by: fields.get(15)?,
            approved: fields.get(16)?,
        })
    }
}

/// A register entry with what listings show beside it. Its [`Written`] fields read as its own
/// (`row.at`): it is that line with more.
#[derive(Debug, Clone)]
pub struct VisitRow {
    pub written: Written,
    pub rep_id: Option<i64>,
    pub rep_retired: bool,
    pub referral_day: Option<NaiveDate>,
    /// For a correction, the rep of the entry it supersedes.
    pub refused_rep_id: Option<i64>,
    /// What the desk recorded for the commission rules.
    pub roles: DeskRoles,
    /// The rep a voluntary reception was made for: their name and whether they retired.
    pub for_rep: Option<(String, bool)>,
    /// Why and by whom the entry was voided.
    pub void: Option<Void>,
    /// When the referral the visitor came on was confirmed.
    pub referral_confirmed: Option<NaiveDateTime>,
}

impl std::ops::Deref for VisitRow {
    type Target = Written;

    fn deref(&self) -> &Written {
        &self.written
    }
}

/// What the desk records on an entry for the commission rules (seed 003 §5–§7); an imported
/// line carries none of it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeskRoles {
    /// A voluntary reception made for this rep, whose customer the visitor becomes (7.5).
    pub for_rep_id: Option<i64>,
    /// The reception the customer left midway for this entry's rep (5.2, 5.3).
    pub designated_from: Option<i64>,
    /// The sales manager who agreed to the designation.
    pub approved_by: Option<String>,
    /// The designated rep instigated it (5.2).
    pub instigated: bool,
    /// The company leader who designated the rep of a company client (6.1.2).
    pub leader: Option<String>,
    /// The employee referral the visitor came on (6.2).
    pub referral_id: Option<i64>,
}

impl DeskRoles {
    /// The roles from six columns in a row, from `first`: `v.for_rep_id, v.designated_from,
    /// v.approved_by, v.instigated, v.leader, v.referral_id`.
    fn read(fields: &Fields, first: usize) -> rusqlite::Result<DeskRoles> {
        Ok(DeskRoles {
            for_rep_id: fields.get(first)?,
            designated_from: fields.get(first + 1)?,
            approved_by: fields.get(first + 2)?,
            instigated: fields.get(first + 3)?,
            leader: fields.get(first + 4)?,
            referral_id: fields.get(first + 5)?,
        })
    }
}

/// The void of a mistaken entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Void {
    pub reason: String,
    pub by: String,
    pub at: NaiveDateTime,
}

const VISIT_SELECT: &str = written_select!(
    ", v.rep_id, p.retired_at IS NOT NULL, v.referral_day,
        (SELECT r.rep_id FROM visits r WHERE r.id = v.supersedes), v.for_rep_id,
        v.designated_from, v.approved_by, v.instigated, v.leader, v.referral_id,
        f.name, f.retired_at IS NOT NULL, x.reason, x.voided_by, x.at, rc.at
    FROM visits v
    JOIN customers c ON c.id = v.customer_id
    LEFT JOIN reps p ON p.id = v.rep_id
    LEFT JOIN reps f ON f.id = v.for_rep_id
    LEFT JOIN visit_voids x ON x.visit_id = v.id
    LEFT JOIN referral_confirmations rc ON rc.referral_id = v.referral_id"
);

impl VisitRow {
    fn read(row: &Row) -> rusqlite::Result<VisitRow> {
        let fields = Fields::of(row, "visits", &[0]);
        let own = |i: usize| WRITTEN_COLUMNS + i;
        Ok(VisitRow {
            written: Written::read(&fields)?,
            rep_id: fields.get(own(0))?,
            rep_retired: fields.get::<Option<bool>>(own(1))?.unwrap_or(false),
            referral_day: fields.day_or_none(own(2))?,
            refused_rep_id: fields.get(own(3))?,
            roles: DeskRoles::read(&fields, own(4))?,
            for_rep: match fields.get::<Option<String>>(own(10))? {
                Some(name) => Some((name, fields.get(own(11))?)),
                None => None,
            },
            void: match fields.get::<Option<String>>(own(12))? {
                Some(reason) => Some(Void {
                    reason,
                    by: fields.get(own(13))?,
                    at: fields.moment(own(14))?,
                }),
                None => None,
            },
            referral_confirmed: fields.moment_or_none(own(15))?,
        })
    }

    /// Whether the employee referral the visitor came on holds: for an entry made with a
    /// registered referral, the day and the confirmation (6.2); for an older entry, the day.
    pub fn referral_valid(&self) -> Option<bool> {
        referral_validity(
            self.referral_day,
            self.roles.referral_id,
            self.at,
            self.referral_confirmed,
        )
    }

    /// Neither superseded by a correction nor voided: the entry counts.
    pub fn stands(&self) -> bool {
        self.superseded_by.is_none() && self.void.is_none()
    }

    /// The entry as the desk's corrections read it.
    pub fn recorded(&self) -> crate::domain::register::Recorded {
        crate::domain::register::Recorded {
            id: self.id,
            at: self.at,
            contact: self.contact,
            reason: self.reason,
            rep: match (self.rep_id, &self.rep) {
                (Some(id), Some(name)) => Some(RepRef {
                    id,
                    name: name.clone(),
                }),
                _ => None,
            },
            voided: self.void.as_ref().map(|v| (v.by.clone(), v.at)),
            supersedes: self.supersedes,
            superseded_by: self.superseded_by,
            designated_from: self.roles.designated_from,
            referral_id: self.roles.referral_id,
        }
    }

    /// The entry as the ownership rules see it; a call with no rep has none. A call recorded
    /// for a rep does, with [`Reason::Call`], which never counts for ownership.
    pub fn entry(&self) -> Option<Entry> {
        Some(Entry {
            visit_id: self.id,
            rep_id: self.rep_id?,
            at: self.at,
            reason: self.reason,
            superseded: !self.stands(),
            voided: self.void.is_some(),
            rep_retired: self.rep_retired,
            refused_rep_id: self.refused_rep_id,
            for_rep: self
                .roles
                .for_rep_id
                .zip(self.for_rep.as_ref().map(|(_, retired)| *retired)),
        })
    }
}

/// Whether the employee referral an entry made at `at` came on holds (see
/// [`VisitRow::referral_valid`]); none without a referral.
fn referral_validity(
    day: Option<NaiveDate>,
    referral_id: Option<i64>,
    at: NaiveDateTime,
    confirmed: Option<NaiveDateTime>,
) -> Option<bool> {
    let day = day?;
    Some(match referral_id {
        Some(_) => reception::referral_holds(day, at, confirmed),
        None => reception::referral_valid(day, at.date()),
    })
}

/// A register entry as the register's export lists it: what was recorded and where it
/// stands, without the roles and the names behind them that the rules and the customer file
/// read. An export reads millions of these, so the query joins only what the line shows.
#[derive(Debug, Clone)]
pub struct RegisterLine {
    pub written: Written,
    /// Whether the employee referral the visitor came on holds; none without one.
    pub referral_valid: Option<bool>,
    pub voided: bool,
}

impl RegisterLine {
    fn read(row: &Row) -> rusqlite::Result<RegisterLine> {
        let fields = Fields::of(row, "visits", &[0]);
        let own = |i: usize| WRITTEN_COLUMNS + i;
        let written = Written::read(&fields)?;
        let referral_valid = referral_validity(
            fields.day_or_none(own(0))?,
            fields.get(own(1))?,
            written.at,
            fields.moment_or_none(own(2))?,
        );
        Ok(RegisterLine {
            written,
            referral_valid,
            voided: fields.get(own(3))?,
        })
    }
}

/// A register entry as the commission rules read it: who received the customer, when, why,
/// whether it stands, and the roles the desk recorded; none of what listings show beside it.
#[derive(Debug, Clone)]
pub struct RoleEntry {
    pub id: i64,
    pub customer_id: i64,
    pub rep_id: Option<i64>,
    pub at: NaiveDateTime,
    pub contact: Contact,
    pub reason: Reason,
    /// Neither superseded by a correction nor voided.
    pub stands: bool,
    pub roles: DeskRoles,
}

impl From<&VisitRow> for RoleEntry {
    fn from(row: &VisitRow) -> RoleEntry {
        RoleEntry {
            id: row.id,
            customer_id: row.customer_id,
            rep_id: row.rep_id,
            at: row.at,
            contact: row.contact,
            reason: row.reason,
            stands: row.stands(),
            roles: row.roles.clone(),
        }
    }
}

/// The role entries of the given customers, customer by customer, each one's oldest first,
/// superseded and voided ones included. A month's commission reads hundreds of customers'
/// histories, so this reads the visits table alone and leaves names, approvals and voids'
/// details to the listings.
pub fn role_entries_of_all(conn: &Connection, customer_ids: &[i64]) -> Result<Vec<RoleEntry>> {
    let ids = serde_json::to_string(customer_ids).context("cannot list the customer ids")?;
    sql::list(
        conn,
        "SELECT v.id, v.customer_id, v.rep_id, v.at, v.kind, v.reason, v.for_rep_id,
                v.designated_from, v.approved_by, v.instigated, v.leader, v.referral_id,
                NOT EXISTS (SELECT 1 FROM visits s WHERE s.supersedes = v.id)
                AND NOT EXISTS (SELECT 1 FROM visit_voids x WHERE x.visit_id = v.id)
         FROM visits v
         WHERE v.customer_id IN (SELECT value FROM json_each(?1))
         ORDER BY v.customer_id, v.at, v.id",
        [ids],
        "the register",
        |row| {
            let fields = Fields::of(row, "visits", &[0]);
            Ok(RoleEntry {
                id: fields.get(0)?,
                customer_id: fields.get(1)?,
                rep_id: fields.get(2)?,
                at: fields.moment(3)?,
                contact: fields.get(4)?,
                reason: fields.get(5)?,
                roles: DeskRoles::read(&fields, 6)?,
                stands: fields.get(12)?,
            })
        },
    )
}

/// The entries matching `filter`, a WHERE clause written as a literal by each caller below,
/// oldest first.
fn entries_where(
    conn: &Connection,
    filter: &'static str,
    params: impl rusqlite::Params,
) -> Result<Vec<VisitRow>> {
    entries_where_in_order(conn, filter, "v.at, v.id", params)
}

/// The same, in the `order` written as a literal by the caller.
fn entries_where_in_order(
    conn: &Connection,
    filter: &'static str,
    order: &'static str,
    params: impl rusqlite::Params,
) -> Result<Vec<VisitRow>> {
    sql::list(
        conn,
        &format!("{VISIT_SELECT} WHERE {filter} ORDER BY {order}"),
        params,
        "the register",
        VisitRow::read,
    )
}

/// Every entry of one customer, oldest first, superseded ones included.
pub fn entries_of(conn: &Connection, customer_id: i64) -> Result<Vec<VisitRow>> {
    entries_where(conn, "v.customer_id = ?1", [customer_id])
}

/// Every entry of the given customers, customer by customer, each one's oldest first,
/// superseded ones included.
pub fn entries_of_all(conn: &Connection, customer_ids: &[i64]) -> Result<Vec<VisitRow>> {
    // One statement for the lot: the ids travel as one JSON array parameter. In customer order
    // the rows come straight off the customer index, with no sort.
    let ids = serde_json::to_string(customer_ids).context("cannot list the customer ids")?;
    entries_where_in_order(
        conn,
        "v.customer_id IN (SELECT value FROM json_each(?1))",
        "v.customer_id, v.at, v.id",
        [ids],
    )
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

/// The lines of the register between two days, of one rep if `rep_id` is given, oldest first,
/// superseded and voided ones included, each handed to `each` as it is read. An entry's day is
/// the date of its time, so ordering by day first is the same order, and it lets SQLite walk
/// the day index and sort one day's entries at a time instead of the whole register at once.
pub fn each_line_between(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
    rep_id: Option<i64>,
    each: impl FnMut(RegisterLine) -> Result<()>,
) -> Result<()> {
    sql::each(
        conn,
        written_select!(
            ", v.referral_day, v.referral_id, rc.at,
                EXISTS (SELECT 1 FROM visit_voids x WHERE x.visit_id = v.id)
             FROM visits v
             JOIN customers c ON c.id = v.customer_id
             LEFT JOIN reps p ON p.id = v.rep_id
             LEFT JOIN referral_confirmations rc ON rc.referral_id = v.referral_id
             WHERE v.day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR v.rep_id = ?3)
             ORDER BY v.day, v.at, v.id"
        ),
        params![dates::date(from), dates::date(to), rep_id],
        "the register",
        RegisterLine::read,
        each,
    )
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
           AND NOT EXISTS (SELECT 1 FROM visit_voids x WHERE x.visit_id = v.id)
           AND NOT EXISTS (SELECT 1 FROM visits e
                           WHERE e.customer_id = v.customer_id AND e.kind = ?3
                             AND e.id < v.id
                             AND NOT EXISTS (SELECT 1 FROM visit_voids y
                                             WHERE y.visit_id = e.id))",
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

/// How many visits and calls a rep has on the register over some days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepCounts {
    /// The rep's name; none for calls no rep took.
    pub rep: Option<String>,
    pub visits: i64,
    pub calls: i64,
}

/// The entries that stand (neither superseded nor voided) between two days, counted per rep:
/// the weekly report's figures, counted by SQLite over the day index rather than read entry
/// by entry.
pub fn counts_by_rep_between(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<RepCounts>> {
    sql::list(
        conn,
        "SELECT p.name, sum(v.kind = ?3), sum(v.kind = ?4) FROM visits v
         LEFT JOIN reps p ON p.id = v.rep_id
         WHERE v.day BETWEEN ?1 AND ?2
           AND NOT EXISTS (SELECT 1 FROM visits s WHERE s.supersedes = v.id)
           AND NOT EXISTS (SELECT 1 FROM visit_voids x WHERE x.visit_id = v.id)
         GROUP BY p.name",
        params![
            dates::date(from),
            dates::date(to),
            Contact::Visit,
            Contact::Call
        ],
        "the register's counts",
        |row| {
            Ok(RepCounts {
                rep: row.get(0)?,
                visits: row.get(1)?,
                calls: row.get(2)?,
            })
        },
    )
}

/// The visits (not calls) that stand on one day, of one channel and one rep: what the
/// monthly, quarterly and annual reports chart over their days or weeks.
#[derive(Debug, Clone)]
pub struct DayVisits {
    pub day: NaiveDate,
    pub channel: Channel,
    /// The rep's name; none for a visit no rep received.
    pub rep: Option<String>,
    pub visits: i64,
}

/// The visits that stand between two days, counted per day, channel and rep by SQLite over the
/// day index.
pub fn visits_by_day_between(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<DayVisits>> {
    sql::list(
        conn,
        "SELECT v.day, v.channel, p.name, count(*) FROM visits v
         LEFT JOIN reps p ON p.id = v.rep_id
         WHERE v.day BETWEEN ?1 AND ?2 AND v.kind = ?3
           AND NOT EXISTS (SELECT 1 FROM visits s WHERE s.supersedes = v.id)
           AND NOT EXISTS (SELECT 1 FROM visit_voids x WHERE x.visit_id = v.id)
         GROUP BY v.day, v.channel, p.name
         ORDER BY v.day, v.channel, p.name",
        params![dates::date(from), dates::date(to), Contact::Visit],
        "the register's visits by day",
        |row| {
            let fields = Fields::of(row, "visits", &[0, 1, 2]);
            Ok(DayVisits {
                day: fields.day(0)?,
                channel: fields.get(1)?,
                rep: fields.get(2)?,
                visits: fields.get(3)?,
            })
        },
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
           AND NOT EXISTS (SELECT 1 FROM visit_voids x WHERE x.visit_id = v.id)
         GROUP BY v.rep_id",
        params![dates::date(from), dates::date(to)],
        "the turns",
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?
    .into_iter()
    .collect())
}

/// A visit of the register as the fairness audit counts it: its rep, reason and turn, when it
/// was voided if it was, whether a correction superseded it, and for a correction the rep and
/// reason of the entry it superseded.
#[derive(Debug, Clone)]
pub struct Reception {
    pub rep_id: Option<i64>,
    pub reason: Reason,
    pub turn: bool,
    pub voided_at: Option<NaiveDateTime>,
    pub superseded: bool,
    pub left: Option<(Option<i64>, Reason)>,
}

/// The visits (not calls) of the days `from` to `to`, voided and superseded ones included:
/// only what the fairness audit counts, so that a month of a busy office reads quickly.
pub fn receptions_between(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Reception>> {
    sql::list(
        conn,
        "SELECT v.id, v.rep_id, v.reason, v.turn, x.at,
                EXISTS (SELECT 1 FROM visits s WHERE s.supersedes = v.id),
                o.id, o.rep_id, o.reason
         FROM visits v
         LEFT JOIN visit_voids x ON x.visit_id = v.id
         LEFT JOIN visits o ON o.id = v.supersedes
         WHERE v.day BETWEEN ?1 AND ?2 AND v.kind = ?3",
        params![dates::date(from), dates::date(to), Contact::Visit],
        "the period's receptions",
        |row| {
            let fields = Fields::of(row, "visits", &[0]);
            let left: Option<i64> = fields.get(6)?;
            Ok(Reception {
                rep_id: fields.get(1)?,
                reason: fields.get(2)?,
                turn: fields.get(3)?,
                voided_at: fields.moment_or_none(4)?,
                superseded: fields.get(5)?,
                left: match left {
                    Some(_) => Some((fields.get(7)?, fields.get(8)?)),
                    None => None,
                },
            })
        },
    )
}

/// The entries of `day` that took a turn, in the order they were written, reassigned and voided
/// ones too (they took the turn when they were made), with when they stopped counting.
pub fn turns_taken(conn: &Connection, day: NaiveDate) -> Result<Vec<TakenTurn>> {
    sql::list(
        conn,
        "SELECT v.id, v.rep_id, v.at, v.priority, o.rep_id, o.turn,
             CASE WHEN s.at IS NULL THEN x.at WHEN x.at IS NULL THEN s.at
                  ELSE min(s.at, x.at) END
         FROM visits v
         LEFT JOIN visits o ON o.id = v.supersedes
         LEFT JOIN visits s ON s.supersedes = v.id
         LEFT JOIN visit_voids x ON x.visit_id = v.id
         WHERE v.day = ?1 AND v.turn = 1 AND v.rep_id IS NOT NULL
         ORDER BY v.id",
        [dates::date(day)],
        "the day's turns",
        |row| {
            let fields = Fields::of(row, "visits", &[0]);
            let refused: Option<i64> = fields.get(4)?;
            Ok(TakenTurn {
                rep_id: fields.get(1)?,
                at: fields.moment(2)?,
                priority: fields.get(3)?,
                refused: match refused {
                    Some(rep_id) => Some((rep_id, fields.get(5)?)),
                    None => None,
                },
                undone_at: fields.moment_or_none(6)?,
            })
        },
    )
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
    /// The name written on the entry; `None` at the desk, where it is the customer's as the
    /// card has it when the entry is written.
    pub name: Option<&'a str>,
}

/// Appends one entry made at the desk, with its roles; returns its number (登记号).
pub fn add(
    conn: &Connection,
    visit: &NewVisit,
    roles: &DeskRoles,
    recorded_at: NaiveDateTime,
) -> Result<i64> {
    sql::run(
        conn,
        "INSERT INTO visits (customer_id, rep_id, at, day, kind, channel, reason, turn, priority,
             brought_by, referrer, referral_day, note, supersedes, recorded_at, for_rep_id,
             designated_from, approved_by, instigated, leader, referral_id, name)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
             ?18, ?19, ?20, ?21, coalesce(?22, (SELECT c.name FROM customers c WHERE c.id = ?1)))",
        params![
            visit.customer_id,
            visit.rep_id,
            dates::store(visit.at),
            dates::date(visit.at.date()),
            visit.contact,
            visit.channel,
            visit.reason,
            visit.turn,
            visit.priority,
            visit.brought_by,
            visit.referrer,
            visit.referral_day.map(dates::date),
            visit.note,
            visit.supersedes,
            dates::store(recorded_at),
            roles.for_rep_id,
            roles.designated_from,
            roles.approved_by,
            roles.instigated,
            roles.leader,
            roles.referral_id,
            visit.name
        ],
        "record the register entry",
    )?;
    Ok(conn.last_insert_rowid())
}

const VISIT_INSERT: &str = "INSERT INTO visits (customer_id, rep_id, at, day, kind, channel,
    reason, turn, priority, brought_by, referrer, referral_day, note, supersedes, recorded_at,
    name) VALUES ";
// The last value is the name written on the line. Bound, not looked up: a subquery per row
// of a many-row statement opens a cursor each, and SQLite checks every new cursor against all
// those open, so a batch of them costs the square of its rows.
const VISIT_VALUES: &str = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

/// Appends imported entries in order, [`sql::BATCH`] to a statement. An imported line carries
/// none of the desk's roles.
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
            statement.raw_bind_parameter(at + 15, recorded_at.as_str())?;
            statement.raw_bind_parameter(at + 16, visit.name)
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

/// The moment of the day's latest entry that took a rotation turn and was not voided, if any.
pub fn latest_turn_on(conn: &Connection, day: NaiveDate) -> Result<Option<(i64, NaiveDateTime)>> {
    sql::one(
        conn,
        "SELECT id, at FROM visits v WHERE day = ?1 AND turn = 1
           AND NOT EXISTS (SELECT 1 FROM visit_voids w WHERE w.visit_id = v.id)
         ORDER BY at DESC, id DESC LIMIT 1",
        [dates::date(day)],
        "the day's turns",
        |row| {
            let fields = Fields::of(row, "visits", &[0]);
            Ok((fields.get(0)?, fields.moment(1)?))
        },
    )
}

/// Voids a mistaken entry: it stays in the history and no longer counts.
pub fn void(
    conn: &Connection,
    visit_id: i64,
    void: &Void,
    recorded_at: NaiveDateTime,
) -> Result<()> {
    let what = format!("void entry {visit_id}");
    let says: [&dyn ToSql; 3] = [&visit_id, &void.reason, &void.by];
    sql::append(conn, VOID, &says, (void.at, recorded_at), &what).map(drop)
}

const VOID: &str = "INSERT INTO visit_voids (visit_id, reason, voided_by, at, recorded_at)
    VALUES (?1, ?2, ?3, ?4, ?5)";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db;

    #[test]
    fn counts_by_rep_leave_out_corrected_and_voided_entries() {
        let dir = tempfile::tempdir().unwrap();
        let conn = db::open(&dir.path().join("desk.db")).unwrap();
        conn.execute_batch(
            "INSERT INTO reps (id, name, created_at) VALUES
                 (1, '王芳', '2026-01-01 00:00:00'), (2, '张伟', '2026-01-01 00:00:00');
             INSERT INTO customers (id, name, phone, created_at) VALUES
                 (1, '甲', '13800000001', '2026-11-16 09:00:00'),
                 (2, '乙', '13800000002', '2026-11-16 09:00:00');
             INSERT INTO visits (id, customer_id, rep_id, at, day, kind, channel, reason,
                                 supersedes, recorded_at) VALUES
                 (1, 1, 1, '2026-11-16 09:00:00', '2026-11-16', 'visit', 'walk-in',
                  'rotation', NULL, '2026-11-16 09:00:00'),
                 (2, 1, 2, '2026-11-16 09:30:00', '2026-11-16', 'visit', 'walk-in',
                  'reassigned', 1, '2026-11-16 09:30:00'),
                 (3, 2, 1, '2026-11-17 10:00:00', '2026-11-17', 'visit', 'walk-in',
                  'rotation', NULL, '2026-11-17 10:00:00'),
                 (4, 2, 1, '2026-11-18 10:00:00', '2026-11-18', 'call', 'phone', 'call',
                  NULL, '2026-11-18 10:00:00'),
                 (5, 2, NULL, '2026-11-18 11:00:00', '2026-11-18', 'call', 'phone', 'call',
                  NULL, '2026-11-18 11:00:00'),
                 (6, 2, 1, '2026-11-23 10:00:00', '2026-11-23', 'visit', 'walk-in',
                  'returning', NULL, '2026-11-23 10:00:00');
             INSERT INTO visit_voids (visit_id, reason, voided_by, at, recorded_at)
                 VALUES (3, '重复录入', '前台', '2026-11-17 10:05:00', '2026-11-17 10:05:00');",
        )
        .unwrap();
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        let mut counts = counts_by_rep_between(&conn, day(16), day(22)).unwrap();
        counts.sort_by(|a, b| a.rep.cmp(&b.rep));
        let count = |rep: Option<&str>, visits, calls| RepCounts {
            rep: rep.map(str::to_string),
            visits,
            calls,
        };
        assert_eq!(
            counts,
            [
                count(None, 0, 1),
                count(Some("张伟"), 1, 0),
                // Entry 1 was corrected, entry 3 voided, entry 6 is next week.
                count(Some("王芳"), 0, 1),
            ]
        );
    }
}
