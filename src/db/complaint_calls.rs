//! Monday's follow-up calls made from a week's call list (table complaint_calls; 004 4.10.5).
//! The list itself is drawn again from the complaint book whenever it is asked for; only the
//! calls are stored. Append-only, one call per complaint and list.

use anyhow::Result;
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, params};

use super::sql::{self, Fields};
use crate::domain::dates;

/// A call made from the list of the week starting `week`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallRow {
    pub complaint_id: i64,
    pub week: NaiveDate,
    pub at: NaiveDateTime,
    pub caller: String,
    pub note: Option<String>,
}

/// Records a call; the caller has checked that the complaint is on the list and not called.
pub fn add(conn: &Connection, call: &CallRow, recorded_at: NaiveDateTime) -> Result<()> {
    sql::run(
        conn,
        "INSERT INTO complaint_calls (complaint_id, week, at, caller, note, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            call.complaint_id,
            dates::date(call.week),
            dates::store(call.at),
            call.caller,
            call.note,
            dates::store(recorded_at)
        ],
        &format!("record the call about complaint {}", call.complaint_id),
    )?;
    Ok(())
}

/// The calls made from the list of the week starting `week`, made up to `until`.
pub fn of_week(conn: &Connection, week: NaiveDate, until: NaiveDateTime) -> Result<Vec<CallRow>> {
    sql::list(
        conn,
        "SELECT id, complaint_id, week, at, caller, note FROM complaint_calls
         WHERE week = ?1 AND at <= ?2 ORDER BY complaint_id",
        params![dates::date(week), dates::store(until)],
        "the week's follow-up calls",
        |row| {
            let fields = Fields::of(row, "complaint_calls", &[0]);
            Ok(CallRow {
                complaint_id: fields.get(1)?,
                week: fields.day(2)?,
                at: fields.moment(3)?,
                caller: fields.get(4)?,
                note: fields.get(5)?,
            })
        },
    )
}
