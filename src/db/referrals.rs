//! Employee referrals (介绍客户登记表, table referrals) and their confirmation on arrival
//! (referral_confirmations). A referral is registered before the customer's first visit with
//! the day agreed; both tables are append-only.

use anyhow::Result;
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, Row, params};

use super::sql::{self, Fields};
use crate::domain::dates;

/// A referral with its confirmation, if it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralRow {
    pub id: i64,
    pub name: String,
    pub phone: String,
    pub referrer: String,
    pub day: NaiveDate,
    pub registered_at: NaiveDateTime,
    /// Who confirmed it on arrival, and when.
    pub confirmed: Option<(String, NaiveDateTime)>,
}

const REFERRAL_SELECT: &str = "SELECT r.id, r.name, r.phone, r.referrer, r.day, r.registered_at,
        c.confirmed_by, c.at
    FROM referrals r LEFT JOIN referral_confirmations c ON c.referral_id = r.id";

impl ReferralRow {
    fn read(row: &Row) -> rusqlite::Result<ReferralRow> {
        let fields = Fields::of(row, "referrals", &[0]);
        Ok(ReferralRow {
            id: fields.get(0)?,
            name: fields.get(1)?,
            phone: fields.get(2)?,
            referrer: fields.get(3)?,
            day: fields.day(4)?,
            registered_at: fields.moment(5)?,
            confirmed: match fields.get::<Option<String>>(6)? {
                Some(by) => Some((by, fields.moment(7)?)),
                None => None,
            },
        })
    }
}

/// Registers a referral; returns its number.
pub fn add(
    conn: &Connection,
    name: &str,
    phone: &str,
    referrer: &str,
    day: NaiveDate,
    at: NaiveDateTime,
    recorded_at: NaiveDateTime,
) -> Result<i64> {
    sql::run(
        conn,
        "INSERT INTO referrals (name, phone, referrer, day, registered_at, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            name,
            phone,
            referrer,
            dates::date(day),
            dates::store(at),
            dates::store(recorded_at)
        ],
        &format!("register the referral of {name}"),
    )?;
    Ok(conn.last_insert_rowid())
}

/// Records the confirmation of a referral on the customer's arrival.
pub fn confirm(
    conn: &Connection,
    referral_id: i64,
    by: &str,
    at: NaiveDateTime,
    recorded_at: NaiveDateTime,
) -> Result<()> {
    sql::run(
        conn,
        "INSERT INTO referral_confirmations (referral_id, confirmed_by, at, recorded_at)
         VALUES (?1, ?2, ?3, ?4)",
        params![referral_id, by, dates::store(at), dates::store(recorded_at)],
        &format!("confirm referral {referral_id}"),
    )?;
    Ok(())
}

pub fn by_id(conn: &Connection, id: i64) -> Result<Option<ReferralRow>> {
    sql::one(
        conn,
        &format!("{REFERRAL_SELECT} WHERE r.id = ?1"),
        [id],
        &format!("referral {id}"),
        ReferralRow::read,
    )
}

/// The referrals of a phone, latest registered last.
pub fn of_phone(conn: &Connection, phone: &str) -> Result<Vec<ReferralRow>> {
    sql::list(
        conn,
        &format!("{REFERRAL_SELECT} WHERE r.phone = ?1 ORDER BY r.registered_at, r.id"),
        [phone],
        "the referrals",
        ReferralRow::read,
    )
}

/// Every referral whose day falls on or after `from`, by day.
pub fn from(conn: &Connection, from: NaiveDate) -> Result<Vec<ReferralRow>> {
    sql::list(
        conn,
        &format!("{REFERRAL_SELECT} WHERE r.day >= ?1 ORDER BY r.day, r.id"),
        [dates::date(from)],
        "the referrals",
        ReferralRow::read,
    )
}
