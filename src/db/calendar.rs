//! The working calendar the complaint deadlines run on: holidays and make-up working days
//! (calendar_days), and the office's settings (settings): its office hours, the time zone its
//! clock is read in, and the customer director who follows the major complaints.

use crate::domain::zone::Zone;
use anyhow::{Result, anyhow};
use chrono::NaiveDate;
use rusqlite::{Connection, params};

use super::sql::{self, Fields};
use crate::domain::calendar::{Calendar, DayKind, Hours};
use crate::domain::codes::Code;
use crate::domain::dates;
use crate::domain::zone;

/// A listed day of the calendar.
#[derive(Debug, Clone)]
pub struct DayRow {
    pub day: NaiveDate,
    pub kind: DayKind,
    pub name: Option<String>,
}

fn days_where(
    conn: &Connection,
    filter: &'static str,
    params: impl rusqlite::Params,
) -> Result<Vec<DayRow>> {
    sql::list(
        conn,
        &format!("SELECT day, kind, name FROM calendar_days WHERE {filter} ORDER BY day"),
        params,
        "the calendar",
        |row| {
            let fields = Fields::of(row, "calendar_days", &[0]);
            Ok(DayRow {
                day: fields.day(0)?,
                kind: fields.get(1)?,
                name: fields.get(2)?,
            })
        },
    )
}

/// The office's calendar: holidays, make-up working days and office hours.
pub fn calendar(conn: &Connection) -> Result<Calendar> {
    let mut calendar = Calendar::default();
    for listed in days_where(conn, "1", [])? {
        calendar.mark(listed.day, listed.kind);
    }
    if let Some(hours) = setting(conn, "hours")? {
        calendar.hours = Hours::parse(&hours, "the stored office hours")
            .map_err(|err| anyhow!("{err}: set them again with `calendar hours`"))?;
    }
    Ok(calendar)
}

/// The listed days between two dates, in order.
pub fn days_between(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<DayRow>> {
    days_where(
        conn,
        "day BETWEEN ?1 AND ?2",
        [dates::date(from), dates::date(to)],
    )
}

/// Marks a day as a holiday or a make-up working day, replacing what it was.
pub fn mark(conn: &Connection, day: NaiveDate, kind: DayKind, name: Option<&str>) -> Result<()> {
    sql::run(
        conn,
        "INSERT INTO calendar_days (day, kind, name) VALUES (?1, ?2, ?3)
         ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name = excluded.name",
        params![dates::date(day), kind, name],
        &format!("mark {day} as a {}", kind.code()),
    )?;
    Ok(())
}

pub fn setting(conn: &Connection, key: &str) -> Result<Option<String>> {
    sql::one(
        conn,
        "SELECT value FROM settings WHERE key = ?1",
        [key],
        &format!("the setting {key}"),
        |row| row.get(0),
    )
}

pub fn set_setting(conn: &Connection, key: &str, value: &str) -> Result<()> {
    sql::run(
        conn,
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
        &format!("store the setting {key}"),
    )?;
    Ok(())
}

/// The customer director (客户总监) `calendar director` named, if any.
pub fn director(conn: &Connection) -> Result<Option<String>> {
    setting(conn, "director")
}

pub fn set_director(conn: &Connection, name: &str) -> Result<()> {
    set_setting(conn, "director", name)
}

/// The office's time zone: the one `calendar zone` stored, else Beijing time.
pub fn zone(conn: &Connection) -> Result<Zone> {
    match setting(conn, "zone")? {
        None => Ok(zone::DEFAULT),
        Some(stored) => zone::parse(&stored, "the stored time zone")
            .map_err(|err| anyhow!("{err}; set it again with `salesdesk calendar zone ZONE`")),
    }
}

/// Stores the office's time zone.
pub fn set_zone(conn: &Connection, zone: Zone) -> Result<()> {
    set_setting(conn, "zone", zone::name(zone))
}

/// [`zone`] of a project file the group centre reads without upgrading it: a file older than
/// the settings table keeps Beijing time.
pub fn zone_if_kept(conn: &Connection) -> Result<Zone> {
    let kept: i64 = sql::value(
        conn,
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'settings'",
        [],
        "the settings table",
    )?;
    if kept == 0 {
        return Ok(zone::DEFAULT);
    }
    zone(conn)
}
