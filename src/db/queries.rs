//! Every SQL statement salesdesk runs, and the mapping from rows to plain types. Values always
//! travel as bound parameters, never inside the SQL text.

use std::collections::HashMap;

use anyhow::{Context as _, Result};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::domain::calendar::{Calendar, Hours};
use crate::domain::complaint::{Flags, Step};
use crate::domain::dates;
use crate::domain::ownership::Entry;
use crate::domain::reception::Reason;
use crate::domain::rotation::{Away, Candidate, Queue, RepRef, Slot};
use crate::domain::survey::Indicator;

fn moment(text: String) -> rusqlite::Result<NaiveDateTime> {
    dates::from_stored(&text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("{text:?} is not a stored time").into(),
        )
    })
}

fn reason(text: String) -> rusqlite::Result<Reason> {
    Reason::from_code(&text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("{text:?} is not a reason code").into(),
        )
    })
}

// ---------------------------------------------------------------- reps

#[derive(Debug, Clone)]
pub struct RepRow {
    pub id: i64,
    pub name: String,
    pub phone: Option<String>,
    pub created_at: String,
    pub retired_at: Option<String>,
}

impl RepRow {
    pub fn as_ref(&self) -> RepRef {
        RepRef {
            id: self.id,
            name: self.name.clone(),
        }
    }

    fn from_row(row: &Row) -> rusqlite::Result<RepRow> {
        Ok(RepRow {
            id: row.get(0)?,
            name: row.get(1)?,
            phone: row.get(2)?,
            created_at: row.get(3)?,
            retired_at: row.get(4)?,
        })
    }
}

pub fn insert_rep(
    conn: &Connection,
    name: &str,
    phone: Option<&str>,
    at: NaiveDateTime,
) -> Result<i64> {
    conn.execute(
        "INSERT INTO reps (name, phone, created_at) VALUES (?1, ?2, ?3)",
        params![name, phone, dates::store(at)],
    )
    .with_context(|| format!("cannot add rep {name}"))?;
    Ok(conn.last_insert_rowid())
}

pub fn reps(conn: &Connection) -> Result<Vec<RepRow>> {
    let mut statement = conn
        .prepare_cached("SELECT id, name, phone, created_at, retired_at FROM reps ORDER BY id")
        .context("cannot prepare the rep list")?;
    let rows = statement
        .query_map([], RepRow::from_row)
        .context("cannot list reps")?;
    rows.collect::<rusqlite::Result<_>>()
        .context("cannot read reps")
}

pub fn rep_by_name(conn: &Connection, name: &str) -> Result<Option<RepRow>> {
    conn.query_row(
        "SELECT id, name, phone, created_at, retired_at FROM reps WHERE name = ?1",
        [name],
        RepRow::from_row,
    )
    .optional()
    .with_context(|| format!("cannot look up rep {name}"))
}

pub fn candidates(conn: &Connection) -> Result<Vec<Candidate>> {
    Ok(reps(conn)?
        .into_iter()
        .map(|r| Candidate {
            rep: r.as_ref(),
            retired: r.retired_at.is_some(),
        })
        .collect())
}

pub fn retire_rep(conn: &Connection, rep_id: i64, at: NaiveDateTime) -> Result<()> {
    conn.execute(
        "UPDATE reps SET retired_at = ?2 WHERE id = ?1",
        params![rep_id, dates::store(at)],
    )
    .context("cannot retire the rep")?;
    Ok(())
}

/// Turns used per rep over a range of days (a reassigned reception's turn is void).
pub fn turns_between(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<HashMap<i64, i64>> {
    let mut statement = conn
        .prepare_cached(
            "SELECT v.rep_id, count(*) FROM visits v
             WHERE v.day BETWEEN ?1 AND ?2 AND v.turn = 1
               AND NOT EXISTS (SELECT 1 FROM visits s WHERE s.supersedes = v.id)
             GROUP BY v.rep_id",
        )
        .context("cannot prepare the turn count")?;
    let rows = statement
        .query_map(params![dates::date(from), dates::date(to)], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })
        .context("cannot count turns")?;
    rows.collect::<rusqlite::Result<_>>()
        .context("cannot read turn counts")
}

// ---------------------------------------------------------------- roster

/// The queue of `day`, head first; `None` when no roster was set for that day.
pub fn queue(conn: &Connection, day: NaiveDate) -> Result<Option<Queue>> {
    let mut statement = conn
        .prepare_cached(
            "SELECT r.rep_id, p.name, r.away, r.priority FROM roster r JOIN reps p ON p.id = r.rep_id
             WHERE r.day = ?1 AND p.retired_at IS NULL ORDER BY r.seq",
        )
        .context("cannot prepare the roster")?;
    let rows = statement
        .query_map([dates::date(day)], |row| {
            let away: Option<String> = row.get(2)?;
            Ok(Slot {
                rep: RepRef {
                    id: row.get(0)?,
                    name: row.get(1)?,
                },
                away: away.as_deref().and_then(Away::from_code),
                priority: row.get(3)?,
            })
        })
        .context("cannot read the roster")?;
    let slots: Vec<Slot> = rows
        .collect::<rusqlite::Result<_>>()
        .context("cannot read the roster")?;
    Ok(if slots.is_empty() {
        None
    } else {
        Some(Queue { slots })
    })
}

/// Stores the whole queue of `day` as it now stands.
pub fn save_queue(conn: &Connection, day: NaiveDate, queue: &Queue) -> Result<()> {
    let day = dates::date(day);
    conn.execute("DELETE FROM roster WHERE day = ?1", [&day])
        .context("cannot clear the roster")?;
    let mut insert = conn
        .prepare_cached(
            "INSERT INTO roster (day, rep_id, seq, away, priority) VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .context("cannot prepare the roster")?;
    for (seq, slot) in queue.slots.iter().enumerate() {
        insert
            .execute(params![
                day,
                slot.rep.id,
                seq as i64,
                slot.away.map(Away::code),
                slot.priority
            ])
            .context("cannot store the roster")?;
    }
    Ok(())
}

/// Takes a rep off every roster from `day` on (a retired rep receives no one).
pub fn remove_from_rosters(conn: &Connection, rep_id: i64, day: NaiveDate) -> Result<()> {
    conn.execute(
        "DELETE FROM roster WHERE rep_id = ?1 AND day >= ?2",
        params![rep_id, dates::date(day)],
    )
    .context("cannot take the rep off the roster")?;
    Ok(())
}

/// One line of the roster log.
#[derive(Debug, Clone, Default)]
pub struct RosterEvent<'a> {
    pub kind: &'a str,
    pub rep_id: Option<i64>,
    pub other_rep_id: Option<i64>,
    pub approved_by: Option<&'a str>,
    pub detail: Option<String>,
}

pub fn log_roster(
    conn: &Connection,
    day: NaiveDate,
    at: NaiveDateTime,
    event: &RosterEvent,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO roster_events (day, at, kind, rep_id, other_rep_id, approved_by, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )
    .and_then(|mut s| {
        s.execute(params![
            dates::date(day),
            dates::store(at),
            event.kind,
            event.rep_id,
            event.other_rep_id,
            event.approved_by,
            event.detail
        ])
    })
    .with_context(|| format!("cannot log the roster change {}", event.kind))?;
    Ok(())
}

// ---------------------------------------------------------------- customers

#[derive(Debug, Clone, Default)]
pub struct CustomerRow {
    pub id: i64,
    pub name: String,
    pub phone: String,
    pub class: String,
    pub company: bool,
    pub gender: Option<String>,
    pub age: Option<i64>,
    pub education: Option<String>,
    pub occupation: Option<String>,
    pub income: Option<String>,
    pub family: Option<String>,
    pub address: Option<String>,
    pub email: Option<String>,
    pub personality: Option<String>,
    pub interests: Option<String>,
    pub attitude: Option<String>,
    pub requirements: Option<String>,
    pub purchase: Option<String>,
    pub tendency: Option<String>,
    pub spouse_id: Option<i64>,
    pub created_at: String,
}

const CUSTOMER_COLUMNS: &str = "id, name, phone, class, company, gender, age, education, \
    occupation, income, family, address, email, personality, interests, attitude, requirements, \
    purchase, tendency, spouse_id, created_at";

impl CustomerRow {
    fn from_row(row: &Row) -> rusqlite::Result<CustomerRow> {
        Ok(CustomerRow {
            id: row.get(0)?,
            name: row.get(1)?,
            phone: row.get(2)?,
            class: row.get(3)?,
            company: row.get(4)?,
            gender: row.get(5)?,
            age: row.get(6)?,
            education: row.get(7)?,
            occupation: row.get(8)?,
            income: row.get(9)?,
            family: row.get(10)?,
            address: row.get(11)?,
            email: row.get(12)?,
            personality: row.get(13)?,
            interests: row.get(14)?,
            attitude: row.get(15)?,
            requirements: row.get(16)?,
            purchase: row.get(17)?,
            tendency: row.get(18)?,
            spouse_id: row.get(19)?,
            created_at: row.get(20)?,
        })
    }
}

impl CustomerRow {
    /// The free-text details, in the order listings show them: education, occupation, income,
    /// family, address, email, personality, interests, attitude, requirements, purchase,
    /// tendency.
    pub fn details(&self) -> [&Option<String>; 12] {
        [
            &self.education,
            &self.occupation,
            &self.income,
            &self.family,
            &self.address,
            &self.email,
            &self.personality,
            &self.interests,
            &self.attitude,
            &self.requirements,
            &self.purchase,
            &self.tendency,
        ]
    }
}

pub fn customer_by_phone(conn: &Connection, phone: &str) -> Result<Option<CustomerRow>> {
    conn.prepare_cached(&format!(
        "SELECT {CUSTOMER_COLUMNS} FROM customers WHERE phone = ?1"
    ))
    .and_then(|mut s| s.query_row([phone], CustomerRow::from_row).optional())
    .context("cannot look up the customer")
}

pub fn customer_by_id(conn: &Connection, id: i64) -> Result<Option<CustomerRow>> {
    conn.prepare_cached(&format!(
        "SELECT {CUSTOMER_COLUMNS} FROM customers WHERE id = ?1"
    ))
    .and_then(|mut s| s.query_row([id], CustomerRow::from_row).optional())
    .context("cannot look up the customer")
}

pub fn customers(conn: &Connection, class: Option<&str>) -> Result<Vec<CustomerRow>> {
    let mut statement = conn
        .prepare_cached(&format!(
            "SELECT {CUSTOMER_COLUMNS} FROM customers WHERE ?1 IS NULL OR class = ?1 ORDER BY id"
        ))
        .context("cannot prepare the customer list")?;
    let rows = statement
        .query_map([class], CustomerRow::from_row)
        .context("cannot list customers")?;
    rows.collect::<rusqlite::Result<_>>()
        .context("cannot read customers")
}

/// Inserts a customer; `row.id` and `row.created_at` are ignored.
pub fn insert_customer(conn: &Connection, row: &CustomerRow, at: NaiveDateTime) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO customers (name, phone, class, company, gender, age, education, occupation,
             income, family, address, email, personality, interests, attitude, requirements,
             purchase, tendency, spouse_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
             ?19, ?20)",
    )
    .and_then(|mut s| {
        s.execute(params![
            row.name,
            row.phone,
            row.class,
            row.company,
            row.gender,
            row.age,
            row.education,
            row.occupation,
            row.income,
            row.family,
            row.address,
            row.email,
            row.personality,
            row.interests,
            row.attitude,
            row.requirements,
            row.purchase,
            row.tendency,
            row.spouse_id,
            dates::store(at)
        ])
    })
    .with_context(|| format!("cannot register customer {}", row.name))?;
    Ok(conn.last_insert_rowid())
}

/// Writes every field of an existing customer (customer data is not the register: it may be
/// corrected in place).
pub fn update_customer(conn: &Connection, row: &CustomerRow) -> Result<()> {
    conn.execute(
        "UPDATE customers SET name = ?2, class = ?3, company = ?4, gender = ?5, age = ?6,
             education = ?7, occupation = ?8, income = ?9, family = ?10, address = ?11,
             email = ?12, personality = ?13, interests = ?14, attitude = ?15,
             requirements = ?16, purchase = ?17, tendency = ?18, spouse_id = ?19
         WHERE id = ?1",
        params![
            row.id,
            row.name,
            row.class,
            row.company,
            row.gender,
            row.age,
            row.education,
            row.occupation,
            row.income,
            row.family,
            row.address,
            row.email,
            row.personality,
            row.interests,
            row.attitude,
            row.requirements,
            row.purchase,
            row.tendency,
            row.spouse_id
        ],
    )
    .context("cannot update the customer")?;
    Ok(())
}

// ---------------------------------------------------------------- the register

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
    pub kind: String,
    pub channel: String,
    pub reason: Reason,
    pub turn: bool,
    pub priority: bool,
    pub brought_by: Option<i64>,
    pub referrer: Option<String>,
    pub referral_day: Option<String>,
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
    fn from_row(row: &Row) -> rusqlite::Result<VisitRow> {
        Ok(VisitRow {
            id: row.get(0)?,
            customer_id: row.get(1)?,
            customer_name: row.get(2)?,
            phone: row.get(3)?,
            rep_id: row.get(4)?,
            rep: row.get(5)?,
            rep_retired: row.get::<_, Option<bool>>(6)?.unwrap_or(false),
            at: moment(row.get(7)?)?,
            kind: row.get(8)?,
            channel: row.get(9)?,
            reason: reason(row.get(10)?)?,
            turn: row.get(11)?,
            priority: row.get(12)?,
            brought_by: row.get(13)?,
            referrer: row.get(14)?,
            referral_day: row.get(15)?,
            note: row.get(16)?,
            supersedes: row.get(17)?,
            superseded_by: row.get(18)?,
            approved: row.get(19)?,
            refused_rep_id: row.get(20)?,
        })
    }

    /// The entry as the ownership rules see it; calls have no rep and are left out.
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

fn visits_where(
    conn: &Connection,
    filter: &str,
    param: impl rusqlite::Params,
) -> Result<Vec<VisitRow>> {
    let mut statement = conn
        .prepare_cached(&format!(
            "{VISIT_SELECT} WHERE {filter} ORDER BY v.at, v.id"
        ))
        .context("cannot prepare the register query")?;
    let rows = statement
        .query_map(param, VisitRow::from_row)
        .context("cannot read the register")?;
    rows.collect::<rusqlite::Result<_>>()
        .context("cannot read the register")
}

/// Every entry of one customer, oldest first, superseded ones included.
pub fn history(conn: &Connection, customer_id: i64) -> Result<Vec<VisitRow>> {
    visits_where(conn, "v.customer_id = ?1", [customer_id])
}

/// Every entry of one day, oldest first, superseded ones included.
pub fn register(conn: &Connection, day: NaiveDate) -> Result<Vec<VisitRow>> {
    visits_where(conn, "v.day = ?1", [dates::date(day)])
}

pub fn visit(conn: &Connection, id: i64) -> Result<Option<VisitRow>> {
    Ok(visits_where(conn, "v.id = ?1", [id])?.pop())
}

/// What a new register entry records.
#[derive(Debug, Clone)]
pub struct NewVisit<'a> {
    pub customer_id: i64,
    pub rep_id: Option<i64>,
    pub at: NaiveDateTime,
    pub call: bool,
    pub channel: &'a str,
    pub reason: Reason,
    pub turn: bool,
    pub priority: bool,
    pub brought_by: Option<i64>,
    pub referrer: Option<&'a str>,
    pub referral_day: Option<String>,
    pub note: Option<&'a str>,
    pub supersedes: Option<i64>,
}

pub fn insert_visit(
    conn: &Connection,
    visit: &NewVisit,
    recorded_at: NaiveDateTime,
) -> Result<i64> {
    insert_visits(conn, std::slice::from_ref(visit), recorded_at)?;
    Ok(conn.last_insert_rowid())
}

// ---------------------------------------------------------------- approvals

/// The highest entry id of a day, 0 when the day has none.
pub fn last_visit_of(conn: &Connection, day: NaiveDate) -> Result<(i64, i64)> {
    conn.query_row(
        "SELECT coalesce(max(id), 0), count(*) FROM visits WHERE day = ?1",
        [dates::date(day)],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )
    .context("cannot read the day's register")
}

/// Entries of the day not yet covered by an approval.
pub fn unapproved_count(conn: &Connection, day: NaiveDate) -> Result<i64> {
    conn.query_row(
        "SELECT count(*) FROM visits WHERE day = ?1
           AND id > (SELECT coalesce(max(last_visit_id), 0) FROM approvals WHERE day = ?1)",
        [dates::date(day)],
        |row| row.get(0),
    )
    .context("cannot count unapproved entries")
}

pub fn insert_approval(
    conn: &Connection,
    day: NaiveDate,
    by: &str,
    at: NaiveDateTime,
    last_visit_id: i64,
) -> Result<()> {
    conn.execute(
        "INSERT INTO approvals (day, approved_by, at, last_visit_id) VALUES (?1, ?2, ?3, ?4)",
        params![dates::date(day), by, dates::store(at), last_visit_id],
    )
    .context("cannot record the approval")?;
    Ok(())
}

/// Every entry that can bear on ownership (visits, not calls), oldest first.
pub fn all_registrations(conn: &Connection) -> Result<Vec<VisitRow>> {
    visits_where(conn, "v.kind = 'visit'", [])
}

// ---------------------------------------------------------------- the calendar

/// The office's calendar: holidays, make-up working days and office hours.
pub fn calendar(conn: &Connection) -> Result<Calendar> {
    let mut calendar = Calendar::default();
    let mut statement = conn
        .prepare_cached("SELECT day, kind FROM calendar_days")
        .context("cannot prepare the calendar")?;
    let rows = statement
        .query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })
        .context("cannot read the calendar")?;
    for row in rows {
        let (day, kind) = row.context("cannot read the calendar")?;
        let Some(day) = dates::parse_date(&day, "calendar").ok() else {
            continue;
        };
        if kind == "workday" {
            calendar.workdays.insert(day);
        } else {
            calendar.holidays.insert(day);
        }
    }
    if let Some(hours) = setting(conn, "hours")? {
        calendar.hours = Hours::parse(&hours, "the stored office hours")
            .map_err(|err| anyhow::anyhow!("{err}: set them again with `calendar hours`"))?;
    }
    Ok(calendar)
}

/// Marks a day as a holiday or a make-up working day, replacing what it was.
pub fn set_calendar_day(
    conn: &Connection,
    day: NaiveDate,
    kind: &str,
    name: Option<&str>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO calendar_days (day, kind, name) VALUES (?1, ?2, ?3)
         ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name = excluded.name",
    )
    .and_then(|mut s| s.execute(params![dates::date(day), kind, name]))
    .with_context(|| format!("cannot mark {day} as a {kind}"))?;
    Ok(())
}

/// The listed days between two dates: (day, kind, name).
pub fn calendar_days(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(String, String, Option<String>)>> {
    let mut statement = conn
        .prepare_cached(
            "SELECT day, kind, name FROM calendar_days WHERE day BETWEEN ?1 AND ?2 ORDER BY day",
        )
        .context("cannot prepare the calendar")?;
    let rows = statement
        .query_map(params![dates::date(from), dates::date(to)], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })
        .context("cannot read the calendar")?;
    rows.collect::<rusqlite::Result<_>>()
        .context("cannot read the calendar")
}

pub fn setting(conn: &Connection, key: &str) -> Result<Option<String>> {
    conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |row| {
        row.get(0)
    })
    .optional()
    .with_context(|| format!("cannot read the setting {key}"))
}

pub fn set_setting(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )
    .with_context(|| format!("cannot store the setting {key}"))?;
    Ok(())
}

// ---------------------------------------------------------------- complaints

/// A complaint as received, with its customer.
#[derive(Debug, Clone)]
pub struct ComplaintRow {
    pub id: i64,
    pub name: String,
    pub phone: String,
    pub received_at: NaiveDateTime,
    pub ticketed_at: NaiveDateTime,
    pub channel: String,
    pub category: String,
    pub department: String,
    pub amount_fen: Option<i64>,
    pub flags: Flags,
    pub class: String,
    pub class_reason: String,
    pub authority: String,
    pub text: String,
    pub received_by: Option<String>,
}

const COMPLAINT_SELECT: &str = "SELECT k.id, k.customer_id, c.name, c.phone, k.received_at,
        k.ticketed_at, k.channel, k.category, k.department, k.amount_fen, k.safety,
        k.group_complaint, k.government, k.media, k.consumer_association, k.structural, k.class,
        k.class_reason, k.authority, k.text, k.received_by
    FROM complaints k JOIN customers c ON c.id = k.customer_id";

impl ComplaintRow {
    fn from_row(row: &Row) -> rusqlite::Result<ComplaintRow> {
        Ok(ComplaintRow {
            id: row.get(0)?,
            name: row.get(2)?,
            phone: row.get(3)?,
            received_at: moment(row.get(4)?)?,
            ticketed_at: moment(row.get(5)?)?,
            channel: row.get(6)?,
            category: row.get(7)?,
            department: row.get(8)?,
            amount_fen: row.get(9)?,
            flags: Flags {
                safety: row.get(10)?,
                group: row.get(11)?,
                government: row.get(12)?,
                media: row.get(13)?,
                consumer_association: row.get(14)?,
                structural: row.get(15)?,
            },
            class: row.get(16)?,
            class_reason: row.get(17)?,
            authority: row.get(18)?,
            text: row.get(19)?,
            received_by: row.get(20)?,
        })
    }
}

pub fn complaint(conn: &Connection, id: i64) -> Result<Option<ComplaintRow>> {
    conn.prepare_cached(&format!("{COMPLAINT_SELECT} WHERE k.id = ?1"))
        .and_then(|mut s| s.query_row([id], ComplaintRow::from_row).optional())
        .with_context(|| format!("cannot read complaint {id}"))
}

/// Every complaint, oldest first.
pub fn complaints(conn: &Connection) -> Result<Vec<ComplaintRow>> {
    let mut statement = conn
        .prepare_cached(&format!("{COMPLAINT_SELECT} ORDER BY k.received_at, k.id"))
        .context("cannot prepare the complaint list")?;
    let rows = statement
        .query_map([], ComplaintRow::from_row)
        .context("cannot list complaints")?;
    rows.collect::<rusqlite::Result<_>>()
        .context("cannot read complaints")
}

/// What `complaint new` records.
#[derive(Debug, Clone)]
pub struct NewComplaint<'a> {
    pub customer_id: i64,
    pub received_at: NaiveDateTime,
    pub ticketed_at: NaiveDateTime,
    pub channel: &'a str,
    pub category: &'a str,
    pub department: &'a str,
    pub amount_fen: Option<i64>,
    pub flags: Flags,
    pub class: &'a str,
    pub class_reason: &'a str,
    pub authority: &'a str,
    pub text: &'a str,
    pub received_by: Option<&'a str>,
}

pub fn insert_complaint(
    conn: &Connection,
    new: &NewComplaint,
    recorded_at: NaiveDateTime,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO complaints (customer_id, received_at, ticketed_at, channel, category,
             department, amount_fen, safety, group_complaint, government, media,
             consumer_association, structural, class, class_reason, authority, text, received_by,
             recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
    )
    .and_then(|mut s| {
        s.execute(params![
            new.customer_id,
            dates::store(new.received_at),
            dates::store(new.ticketed_at),
            new.channel,
            new.category,
            new.department,
            new.amount_fen,
            new.flags.safety,
            new.flags.group,
            new.flags.government,
            new.flags.media,
            new.flags.consumer_association,
            new.flags.structural,
            new.class,
            new.class_reason,
            new.authority,
            new.text,
            new.received_by,
            dates::store(recorded_at)
        ])
    })
    .context("cannot record the complaint")?;
    Ok(conn.last_insert_rowid())
}

/// One step of a complaint's life cycle.
#[derive(Debug, Clone)]
pub struct EventRow {
    pub complaint_id: i64,
    pub at: NaiveDateTime,
    pub step: Step,
    pub actor: Option<String>,
    pub note: Option<String>,
    pub score: Option<i64>,
}

fn events_where(
    conn: &Connection,
    filter: &str,
    param: impl rusqlite::Params,
) -> Result<Vec<EventRow>> {
    let mut statement = conn
        .prepare_cached(&format!(
            "SELECT id, complaint_id, at, step, actor, note, score FROM complaint_events
             WHERE {filter} ORDER BY complaint_id, at, id"
        ))
        .context("cannot prepare the complaint history")?;
    let rows = statement
        .query_map(param, |row| {
            let step: String = row.get(3)?;
            Ok(EventRow {
                complaint_id: row.get(1)?,
                at: moment(row.get(2)?)?,
                step: Step::from_code(&step).ok_or_else(|| {
                    rusqlite::Error::FromSqlConversionFailure(
                        3,
                        rusqlite::types::Type::Text,
                        format!("{step:?} is not a complaint step").into(),
                    )
                })?,
                actor: row.get(4)?,
                note: row.get(5)?,
                score: row.get(6)?,
            })
        })
        .context("cannot read the complaint history")?;
    rows.collect::<rusqlite::Result<_>>()
        .context("cannot read the complaint history")
}

/// The steps of one complaint, in order.
pub fn complaint_events(conn: &Connection, complaint_id: i64) -> Result<Vec<EventRow>> {
    events_where(conn, "complaint_id = ?1", [complaint_id])
}

/// What a step records.
#[derive(Debug, Clone)]
pub struct NewEvent<'a> {
    pub complaint_id: i64,
    pub at: NaiveDateTime,
    pub step: Step,
    pub actor: Option<&'a str>,
    pub note: Option<&'a str>,
    pub score: Option<i64>,
}

pub fn insert_complaint_event(
    conn: &Connection,
    event: &NewEvent,
    recorded_at: NaiveDateTime,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO complaint_events (complaint_id, at, step, actor, note, score, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )
    .and_then(|mut s| {
        s.execute(params![
            event.complaint_id,
            dates::store(event.at),
            event.step.code(),
            event.actor,
            event.note,
            event.score,
            dates::store(recorded_at)
        ])
    })
    .with_context(|| {
        format!(
            "cannot record the step {} of complaint {}",
            event.step.code(),
            event.complaint_id
        )
    })?;
    Ok(conn.last_insert_rowid())
}

// ---------------------------------------------------------------- surveys

#[derive(Debug, Clone)]
pub struct SurveyRow {
    pub id: i64,
    pub name: String,
    pub scale: i64,
    pub created_at: NaiveDateTime,
}

/// Every wave, oldest first: the order "previous wave" follows.
pub fn surveys(conn: &Connection) -> Result<Vec<SurveyRow>> {
    let mut statement = conn
        .prepare_cached("SELECT id, name, scale, created_at FROM surveys ORDER BY created_at, id")
        .context("cannot prepare the survey list")?;
    let rows = statement
        .query_map([], |row| {
            Ok(SurveyRow {
                id: row.get(0)?,
                name: row.get(1)?,
                scale: row.get(2)?,
                created_at: moment(row.get(3)?)?,
            })
        })
        .context("cannot list surveys")?;
    rows.collect::<rusqlite::Result<_>>()
        .context("cannot read surveys")
}

pub fn insert_survey(conn: &Connection, name: &str, scale: i64, at: NaiveDateTime) -> Result<i64> {
    conn.execute(
        "INSERT INTO surveys (name, scale, created_at) VALUES (?1, ?2, ?3)",
        params![name, scale, dates::store(at)],
    )
    .with_context(|| format!("cannot create survey {name}"))?;
    Ok(conn.last_insert_rowid())
}

/// Replaces a wave's scale and indicators (refused by the schema once it has responses).
pub fn redefine_survey(
    conn: &Connection,
    id: i64,
    scale: i64,
    indicators: &[Indicator],
) -> Result<()> {
    conn.execute(
        "UPDATE surveys SET scale = ?2 WHERE id = ?1",
        params![id, scale],
    )
    .context("cannot change the survey's scale")?;
    conn.execute("DELETE FROM survey_indicators WHERE survey_id = ?1", [id])
        .context("cannot replace the survey's indicators")?;
    let mut insert = conn
        .prepare_cached(
            "INSERT INTO survey_indicators (survey_id, key, label, weight, position)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .context("cannot prepare the indicators")?;
    for (position, indicator) in indicators.iter().enumerate() {
        insert
            .execute(params![
                id,
                indicator.key,
                indicator.label,
                indicator.weight,
                position as i64
            ])
            .with_context(|| format!("cannot store the indicator {}", indicator.key))?;
    }
    Ok(())
}

pub fn indicators(conn: &Connection, survey_id: i64) -> Result<Vec<Indicator>> {
    let mut statement = conn
        .prepare_cached("SELECT key, label, weight FROM survey_indicators WHERE survey_id = ?1 ORDER BY position")
        .context("cannot prepare the indicators")?;
    let rows = statement
        .query_map([survey_id], |row| {
            Ok(Indicator {
                key: row.get(0)?,
                label: row.get(1)?,
                weight: row.get(2)?,
            })
        })
        .context("cannot read the indicators")?;
    rows.collect::<rusqlite::Result<_>>()
        .context("cannot read the indicators")
}

/// A current (not superseded) response and its answers.
#[derive(Debug, Clone)]
pub struct ResponseRow {
    pub id: i64,
    pub customer_id: i64,
    pub answers: Vec<(String, i64)>,
}

/// The current responses of a wave, with their answers, in the order recorded.
pub fn responses(conn: &Connection, survey_id: i64) -> Result<Vec<ResponseRow>> {
    let mut statement = conn
        .prepare_cached(
            "SELECT r.id, r.customer_id, s.key, s.score
             FROM survey_responses r JOIN survey_scores s ON s.response_id = r.id
             WHERE r.survey_id = ?1
               AND NOT EXISTS (SELECT 1 FROM survey_responses n WHERE n.supersedes = r.id)
             ORDER BY r.id, s.key",
        )
        .context("cannot prepare the responses")?;
    let rows = statement
        .query_map([survey_id], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, i64>(3)?,
            ))
        })
        .context("cannot read the responses")?;
    let mut responses: Vec<ResponseRow> = Vec::new();
    for row in rows {
        let (id, customer_id, key, score) = row.context("cannot read the responses")?;
        match responses.last_mut() {
            Some(last) if last.id == id => last.answers.push((key, score)),
            _ => responses.push(ResponseRow {
                id,
                customer_id,
                answers: vec![(key, score)],
            }),
        }
    }
    Ok(responses)
}

/// Whether any response, current or superseded, was recorded for the wave.
pub fn survey_answered(conn: &Connection, survey_id: i64) -> Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM survey_responses WHERE survey_id = ?1)",
        [survey_id],
        |row| row.get(0),
    )
    .context("cannot read the responses")
}

/// The current response of a customer to a wave, if any.
pub fn current_response(
    conn: &Connection,
    survey_id: i64,
    customer_id: i64,
) -> Result<Option<i64>> {
    conn.query_row(
        "SELECT r.id FROM survey_responses r
         WHERE r.survey_id = ?1 AND r.customer_id = ?2
           AND NOT EXISTS (SELECT 1 FROM survey_responses n WHERE n.supersedes = r.id)",
        params![survey_id, customer_id],
        |row| row.get(0),
    )
    .optional()
    .context("cannot look up the customer's response")
}

pub fn insert_response(
    conn: &Connection,
    survey_id: i64,
    customer_id: i64,
    at: NaiveDateTime,
    supersedes: Option<i64>,
    answers: &[(String, i64)],
    recorded_at: NaiveDateTime,
) -> Result<i64> {
    conn.execute(
        "INSERT INTO survey_responses (survey_id, customer_id, at, supersedes, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            survey_id,
            customer_id,
            dates::store(at),
            supersedes,
            dates::store(recorded_at)
        ],
    )
    .context("cannot record the response")?;
    let id = conn.last_insert_rowid();
    let mut insert = conn
        .prepare_cached("INSERT INTO survey_scores (response_id, key, score) VALUES (?1, ?2, ?3)")
        .context("cannot prepare the scores")?;
    for (key, score) in answers {
        insert
            .execute(params![id, key, score])
            .with_context(|| format!("cannot store the score for {key}"))?;
    }
    Ok(id)
}

/// Follow-up call scores of complaints (`complaint revisit --score`) recorded in `[from, to)`.
pub fn follow_up_scores(
    conn: &Connection,
    from: Option<NaiveDateTime>,
    to: NaiveDateTime,
) -> Result<Vec<i64>> {
    let mut statement = conn
        .prepare_cached(
            "SELECT score FROM complaint_events
             WHERE step = 'revisit' AND score IS NOT NULL AND (?1 IS NULL OR at >= ?1) AND at < ?2",
        )
        .context("cannot prepare the follow-up scores")?;
    let rows = statement
        .query_map(params![from.map(dates::store), dates::store(to)], |row| {
            row.get(0)
        })
        .context("cannot read the follow-up scores")?;
    rows.collect::<rusqlite::Result<_>>()
        .context("cannot read the follow-up scores")
}

// ---------------------------------------------------------------- reports

/// Records the moment a customer became an owner, the first time only.
pub fn mark_bought(conn: &Connection, customer_id: i64, at: NaiveDateTime) -> Result<()> {
    conn.execute(
        "UPDATE customers SET bought_at = ?2 WHERE id = ?1 AND bought_at IS NULL",
        params![customer_id, dates::store(at)],
    )
    .context("cannot record the deal")?;
    Ok(())
}

/// Register entries between two days, oldest first, superseded ones included.
pub fn register_between(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<VisitRow>> {
    visits_where(
        conn,
        "v.day BETWEEN ?1 AND ?2",
        [dates::date(from), dates::date(to)],
    )
}

/// Of the visits between two days, those that were the customer's first visit ever.
pub fn first_visits_between(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<i64>> {
    let mut statement = conn
        .prepare_cached(
            "SELECT v.id FROM visits v
             WHERE v.day BETWEEN ?1 AND ?2 AND v.kind = 'visit'
               AND NOT EXISTS (SELECT 1 FROM visits e
                               WHERE e.customer_id = v.customer_id AND e.kind = 'visit' AND e.id < v.id)",
        )
        .context("cannot prepare the first visits")?;
    let rows = statement
        .query_map(params![dates::date(from), dates::date(to)], |row| {
            row.get(0)
        })
        .context("cannot find first visits")?;
    rows.collect::<rusqlite::Result<_>>()
        .context("cannot read first visits")
}

/// Customers with a visit (not a call) between two days: those whose registration may lapse.
pub fn customers_visiting_between(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<i64>> {
    let mut statement = conn
        .prepare_cached("SELECT DISTINCT customer_id FROM visits WHERE day BETWEEN ?1 AND ?2 AND kind = 'visit'")
        .context("cannot prepare the lapsing registrations")?;
    let rows = statement
        .query_map(params![dates::date(from), dates::date(to)], |row| {
            row.get(0)
        })
        .context("cannot find registrations")?;
    rows.collect::<rusqlite::Result<_>>()
        .context("cannot read registrations")
}

/// Deals (customers who became owners) between two moments: (customer id, moment).
pub fn deals_between(
    conn: &Connection,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<(i64, NaiveDateTime)>> {
    let mut statement = conn
        .prepare_cached("SELECT id, bought_at FROM customers WHERE bought_at >= ?1 AND bought_at < ?2 ORDER BY bought_at, id")
        .context("cannot prepare the deals")?;
    let rows = statement
        .query_map(params![dates::store(from), dates::store(to)], |row| {
            Ok((row.get(0)?, moment(row.get(1)?)?))
        })
        .context("cannot list deals")?;
    rows.collect::<rusqlite::Result<_>>()
        .context("cannot read deals")
}

/// Complaints received in `[from, to)`, oldest first. Without `with_customer` the customer's
/// name and phone are left empty: an analysis by class or department does not need them, and
/// skipping the customer table saves a page read per complaint.
pub fn complaints_received(
    conn: &Connection,
    from: NaiveDateTime,
    to: NaiveDateTime,
    with_customer: bool,
) -> Result<Vec<ComplaintRow>> {
    let select = if with_customer {
        COMPLAINT_SELECT.to_string()
    } else {
        COMPLAINT_SELECT
            .replace("c.name, c.phone", "'', ''")
            .replace(" JOIN customers c ON c.id = k.customer_id", "")
    };
    let mut statement = conn
        .prepare_cached(&format!(
            "{select} WHERE k.received_at >= ?1 AND k.received_at < ?2 ORDER BY k.received_at, k.id"
        ))
        .context("cannot prepare the complaints")?;
    let rows = statement
        .query_map(
            params![dates::store(from), dates::store(to)],
            ComplaintRow::from_row,
        )
        .context("cannot list complaints")?;
    rows.collect::<rusqlite::Result<_>>()
        .context("cannot read complaints")
}

/// Complaints received before `to` and not archived before it: the ones that can be overdue.
/// Those open now come from `complaints_open`; those archived since `to` from the step index.
pub fn complaints_unarchived(conn: &Connection, to: NaiveDateTime) -> Result<Vec<ComplaintRow>> {
    let mut statement = conn
        .prepare_cached(&format!(
            "{COMPLAINT_SELECT} WHERE k.received_at < ?1
               AND k.id IN (SELECT complaint_id FROM complaints_open
                            UNION
                            SELECT complaint_id FROM complaint_events
                            WHERE step = 'archive' AND at >= ?1)
             ORDER BY k.received_at, k.id"
        ))
        .context("cannot prepare the open complaints")?;
    let rows = statement
        .query_map([dates::store(to)], ComplaintRow::from_row)
        .context("cannot list open complaints")?;
    rows.collect::<rusqlite::Result<_>>()
        .context("cannot read open complaints")
}

/// The steps of the given complaints, in order.
pub fn events_of(conn: &Connection, complaint_ids: &[i64]) -> Result<Vec<EventRow>> {
    // One statement for the lot: the ids travel as one JSON array parameter.
    let ids = serde_json::to_string(complaint_ids).context("cannot list the complaint ids")?;
    events_where(
        conn,
        "complaint_id IN (SELECT value FROM json_each(?1))",
        [ids],
    )
}

/// How long each complaint resolved in `[from, to)` took from receipt: (received, resolved).
pub fn resolutions_between(
    conn: &Connection,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<(NaiveDateTime, NaiveDateTime)>> {
    let mut statement = conn
        .prepare_cached(
            "SELECT k.received_at, e.at FROM complaint_events e JOIN complaints k ON k.id = e.complaint_id
             WHERE e.step = 'resolve' AND e.at >= ?1 AND e.at < ?2 ORDER BY e.at, e.id",
        )
        .context("cannot prepare the resolutions")?;
    let rows = statement
        .query_map(params![dates::store(from), dates::store(to)], |row| {
            Ok((moment(row.get(0)?)?, moment(row.get(1)?)?))
        })
        .context("cannot list resolutions")?;
    rows.collect::<rusqlite::Result<_>>()
        .context("cannot read resolutions")
}

/// Steps of one kind taken in `[from, to)`: (complaint id, moment, score).
pub fn steps_between(
    conn: &Connection,
    step: Step,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<(i64, NaiveDateTime, Option<i64>)>> {
    let mut statement = conn
        .prepare_cached("SELECT complaint_id, at, score FROM complaint_events WHERE step = ?1 AND at >= ?2 AND at < ?3 ORDER BY at, id")
        .context("cannot prepare the steps")?;
    let rows = statement
        .query_map(
            params![step.code(), dates::store(from), dates::store(to)],
            |row| Ok((row.get(0)?, moment(row.get(1)?)?, row.get(2)?)),
        )
        .context("cannot list steps")?;
    rows.collect::<rusqlite::Result<_>>()
        .context("cannot read steps")
}

/// Customers registered (created) between two moments, oldest first.
pub fn customers_created(
    conn: &Connection,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<CustomerRow>> {
    let mut statement = conn
        .prepare_cached(&format!(
            "SELECT {CUSTOMER_COLUMNS} FROM customers WHERE created_at >= ?1 AND created_at < ?2 ORDER BY id"
        ))
        .context("cannot prepare the customer export")?;
    let rows = statement
        .query_map(
            params![dates::store(from), dates::store(to)],
            CustomerRow::from_row,
        )
        .context("cannot list customers")?;
    rows.collect::<rusqlite::Result<_>>()
        .context("cannot read customers")
}

// ---------------------------------------------------------------- import

/// Gives the connection a page cache of `kib` KiB: a large import touches index pages all
/// over the file, and re-reading them from the WAL costs more than the memory.
pub fn set_page_cache(conn: &Connection, kib: i64) -> Result<()> {
    conn.pragma_update(None, "cache_size", -kib)
        .context("cannot size the page cache")
}

/// The id of the customer with this phone, if any.
pub fn customer_id_by_phone(conn: &Connection, phone: &str) -> Result<Option<i64>> {
    conn.prepare_cached("SELECT id FROM customers WHERE phone = ?1")
        .and_then(|mut s| s.query_row([phone], |row| row.get(0)).optional())
        .context("cannot look up the customer")
}

/// Whether a customer already has this complaint: same moment received, same text.
pub fn complaint_exists(
    conn: &Connection,
    customer_id: i64,
    received_at: NaiveDateTime,
    text: &str,
) -> Result<bool> {
    conn.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM complaints
                        WHERE customer_id = ?1 AND received_at = ?2 AND text = ?3)",
    )
    .and_then(|mut s| {
        s.query_row(
            params![customer_id, dates::store(received_at), text],
            |row| row.get(0),
        )
    })
    .context("cannot look for the complaint")
}

/// An imported register line waiting for its turn in time order: see [`stage_visit`].
#[derive(Debug, Clone)]
pub struct StagedVisit {
    pub row: i64,
    pub phone: String,
    pub at: NaiveDateTime,
    pub name: String,
    pub rep_id: Option<i64>,
    pub call: bool,
    pub channel: String,
    pub gender: Option<String>,
    pub age: Option<i64>,
    pub occupation: Option<String>,
    pub note: Option<String>,
}

/// A temporary table for an imported register: lines are staged as they are read and then
/// replayed per customer in time order. It lives in SQLite's temporary file, so memory stays
/// flat whatever the size of the file, and it disappears with the connection. Times are kept
/// as seconds, which sort faster than text.
pub fn create_visit_stage(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS staged_visits (
             row INTEGER NOT NULL, phone TEXT NOT NULL, at INTEGER NOT NULL, name TEXT NOT NULL,
             rep_id INTEGER, call INTEGER NOT NULL, channel TEXT NOT NULL, gender TEXT,
             age INTEGER, occupation TEXT, note TEXT);
         DELETE FROM temp.staged_visits;",
    )
    .context("cannot prepare the import's staging table")
}

const STAGE_INSERT: &str = "INSERT INTO temp.staged_visits
    (row, phone, at, name, rep_id, call, channel, gender, age, occupation, note) VALUES ";
const STAGE_VALUES: &str = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

/// Stages lines read from the file, [`VISIT_BATCH`] to a statement.
pub fn stage_visits(conn: &Connection, lines: &[StagedVisit]) -> Result<()> {
    let first = lines.first().map_or(0, |line| line.row);
    insert_in_batches(
        conn,
        STAGE_INSERT,
        STAGE_VALUES,
        lines,
        "the staged lines",
        |statement, at, line| {
            statement.raw_bind_parameter(at + 1, line.row)?;
            statement.raw_bind_parameter(at + 2, &line.phone)?;
            statement.raw_bind_parameter(at + 3, line.at.and_utc().timestamp())?;
            statement.raw_bind_parameter(at + 4, &line.name)?;
            statement.raw_bind_parameter(at + 5, line.rep_id)?;
            statement.raw_bind_parameter(at + 6, line.call)?;
            statement.raw_bind_parameter(at + 7, &line.channel)?;
            statement.raw_bind_parameter(at + 8, &line.gender)?;
            statement.raw_bind_parameter(at + 9, line.age)?;
            statement.raw_bind_parameter(at + 10, &line.occupation)?;
            statement.raw_bind_parameter(at + 11, &line.note)
        },
    )
    .with_context(|| format!("cannot stage the rows from row {first} on"))
}

/// Whether any staged line is not yet in the register: a visit is known by phone and time.
pub fn any_new_staged_visit(conn: &Connection) -> Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM temp.staged_visits s
             WHERE NOT EXISTS (SELECT 1 FROM customers c JOIN visits v ON v.customer_id = c.id
                               WHERE c.phone = s.phone
                                 AND v.at = datetime(s.at, 'unixepoch')))",
        [],
        |row| row.get(0),
    )
    .context("cannot compare the staged lines with the register")
}

/// Who the earliest staged line of a phone says the customer is, for registering a new one.
#[derive(Debug, Clone)]
pub struct Visitor {
    pub phone: String,
    pub name: String,
    pub gender: Option<String>,
    pub age: Option<i64>,
    pub occupation: Option<String>,
}

/// The next free customer id. An import numbers the customers it registers itself, so that
/// their register entries can name them before both are written, a batch at a time.
pub fn next_customer_id(conn: &Connection) -> Result<i64> {
    conn.query_row(
        "SELECT coalesce(max(id), 0) + 1 FROM customers",
        [],
        |row| row.get(0),
    )
    .context("cannot number the new customers")
}

const NEWCOMER_INSERT: &str =
    "INSERT INTO customers (id, name, phone, class, gender, age, occupation, created_at) VALUES ";
const NEWCOMER_VALUES: &str = "(?, ?, ?, 'potential', ?, ?, ?, ?)";

/// Registers customers met in an imported register, each with the id it was given and as of
/// its earliest line, [`VISIT_BATCH`] to a statement.
pub fn insert_newcomers(
    conn: &Connection,
    newcomers: &[(i64, Visitor, NaiveDateTime)],
) -> Result<()> {
    insert_in_batches(
        conn,
        NEWCOMER_INSERT,
        NEWCOMER_VALUES,
        newcomers,
        "the new customers",
        |statement, at, (id, visitor, since)| {
            statement.raw_bind_parameter(at + 1, id)?;
            statement.raw_bind_parameter(at + 2, &visitor.name)?;
            statement.raw_bind_parameter(at + 3, &visitor.phone)?;
            statement.raw_bind_parameter(at + 4, &visitor.gender)?;
            statement.raw_bind_parameter(at + 5, visitor.age)?;
            statement.raw_bind_parameter(at + 6, &visitor.occupation)?;
            statement.raw_bind_parameter(at + 7, dates::store(*since))
        },
    )
}

/// A staged line as the replay needs it.
#[derive(Debug, Clone)]
pub struct ReplayLine {
    pub row: i64,
    /// Set on the first line of each phone, which is its earliest.
    pub first: Option<Visitor>,
    pub at: NaiveDateTime,
    pub rep_id: Option<i64>,
    pub call: bool,
    pub channel: String,
    pub note: Option<String>,
}

/// Every staged line, phone by phone, each phone's in time order (file order for the same
/// moment).
pub fn each_staged_visit(
    conn: &Connection,
    mut each: impl FnMut(ReplayLine) -> Result<()>,
) -> Result<()> {
    let mut statement = conn
        .prepare(
            "SELECT row, at, rep_id, call, channel, note, phone, name, gender, age, occupation
             FROM temp.staged_visits ORDER BY phone, at, row",
        )
        .context("cannot prepare the staged register")?;
    let mut rows = statement
        .query([])
        .context("cannot read the staged register")?;
    let mut phone = String::new();
    while let Some(row) = rows.next().context("cannot read the staged register")? {
        let line = (|| {
            let first = match row.get_ref(6)?.as_str()? {
                same if same == phone => None,
                other => {
                    phone = other.to_string();
                    Some(Visitor {
                        phone: phone.clone(),
                        name: row.get(7)?,
                        gender: row.get(8)?,
                        age: row.get(9)?,
                        occupation: row.get(10)?,
                    })
                }
            };
            let seconds: i64 = row.get(1)?;
            Ok::<_, rusqlite::Error>(ReplayLine {
                row: row.get(0)?,
                first,
                at: chrono::DateTime::from_timestamp(seconds, 0)
                    .ok_or(rusqlite::Error::IntegralValueOutOfRange(1, seconds))?
                    .naive_utc(),
                rep_id: row.get(2)?,
                call: row.get(3)?,
                channel: row.get(4)?,
                note: row.get(5)?,
            })
        })()
        .context("cannot read the staged register")?;
        each(line)?;
    }
    Ok(())
}

/// What a bulk import sets aside while it writes the register, each with the statement that
/// drops it. The day index takes its entries in random order from a replay that runs customer
/// by customer, so building it once at the end with one sort is far cheaper than keeping it
/// up to date row by row. The replace guard can never fire for the import's own statement,
/// which names neither an id nor a superseded entry (see [`insert_visits`]).
const SET_ASIDE: [(&str, &str); 2] = [
    ("visits_day", "DROP INDEX visits_day"),
    (
        "visits_append_only_replace",
        "DROP TRIGGER visits_append_only_replace",
    ),
];

/// The schema objects a bulk import has set aside, as the database defined them.
#[must_use = "what was set aside must be put back before the transaction commits"]
pub struct SetAside(Vec<String>);

/// The highest register entry id: the size of the register, since entries are never deleted.
pub fn register_size(conn: &Connection) -> Result<i64> {
    conn.query_row("SELECT coalesce(max(id), 0) FROM visits", [], |row| {
        row.get(0)
    })
    .context("cannot measure the register")
}

/// Drops the day index and the replace guard of the register inside the caller's transaction,
/// keeping their definitions as the file has them, so that [`put_back`] restores them exactly.
/// If the transaction never commits, they were never gone.
pub fn set_aside(conn: &Connection) -> Result<SetAside> {
    let mut definitions = Vec::new();
    for (name, drop) in SET_ASIDE {
        let sql: String = conn
            .query_row(
                "SELECT sql FROM sqlite_schema WHERE name = ?1",
                [name],
                |row| row.get(0),
            )
            .with_context(|| format!("cannot read the definition of {name}"))?;
        conn.execute_batch(drop)
            .with_context(|| format!("cannot set {name} aside"))?;
        definitions.push(sql);
    }
    Ok(SetAside(definitions))
}

/// Recreates what [`set_aside`] dropped; the index is built with one sort over the register.
pub fn put_back(conn: &Connection, aside: SetAside) -> Result<()> {
    for sql in aside.0 {
        conn.execute_batch(&sql)
            .with_context(|| format!("cannot restore {sql:?}"))?;
    }
    Ok(())
}

/// How many rows one multi-row INSERT writes (register entries, staged lines, new customers):
/// a statement journals each page it touches once, so a batch pays that once for many rows.
pub const VISIT_BATCH: usize = 1000;

const VISIT_INSERT: &str = "INSERT INTO visits (customer_id, rep_id, at, day, kind, channel,
    reason, turn, priority, brought_by, referrer, referral_day, note, supersedes, recorded_at)
    VALUES ";
const VISIT_VALUES: &str = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

/// Writes register entries in order, [`VISIT_BATCH`] to a statement.
pub fn insert_visits(
    conn: &Connection,
    visits: &[NewVisit],
    recorded_at: NaiveDateTime,
) -> Result<()> {
    let recorded_at = dates::store(recorded_at);
    insert_in_batches(
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
            statement.raw_bind_parameter(at + 5, if visit.call { "call" } else { "visit" })?;
            statement.raw_bind_parameter(at + 6, visit.channel)?;
            statement.raw_bind_parameter(at + 7, visit.reason.code())?;
            statement.raw_bind_parameter(at + 8, visit.turn)?;
            statement.raw_bind_parameter(at + 9, visit.priority)?;
            statement.raw_bind_parameter(at + 10, visit.brought_by)?;
            statement.raw_bind_parameter(at + 11, visit.referrer)?;
            statement.raw_bind_parameter(at + 12, visit.referral_day.as_deref())?;
            statement.raw_bind_parameter(at + 13, visit.note)?;
            statement.raw_bind_parameter(at + 14, visit.supersedes)?;
            statement.raw_bind_parameter(at + 15, recorded_at.as_str())
        },
    )
}

/// Writes `rows` with one multi-row INSERT per [`VISIT_BATCH`] of them: `head` is the statement
/// up to VALUES, `values` the placeholders of one row. `bind` binds a row's values, the first
/// at parameter `at + 1`; binding them one by one costs less than boxing every value.
fn insert_in_batches<T>(
    conn: &Connection,
    head: &str,
    values: &str,
    rows: &[T],
    what: &str,
    bind: impl Fn(&mut rusqlite::Statement, usize, &T) -> rusqlite::Result<()>,
) -> Result<()> {
    let width = values.matches('?').count();
    for batch in rows.chunks(VISIT_BATCH) {
        let sql = head.to_string() + &vec![values; batch.len()].join(", ");
        let mut statement = conn
            .prepare_cached(&sql)
            .with_context(|| format!("cannot prepare {what}"))?;
        for (index, row) in batch.iter().enumerate() {
            bind(&mut statement, index * width, row)
                .with_context(|| format!("cannot bind {what}"))?;
        }
        statement
            .raw_execute()
            .with_context(|| format!("cannot write {what}"))?;
    }
    Ok(())
}
