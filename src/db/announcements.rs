//! A rep's declarations that an old customer of theirs will bring a new one at an agreed time
//! (老带新, seed 003 7.5a; table announcements). Append-only: a declaration is made before the
//! visit and never changed.

use anyhow::Result;
use chrono::NaiveDateTime;
use rusqlite::{Connection, params};

use super::sql::{self, Fields};
use crate::domain::dates;
use crate::domain::reception::Announcement;

/// Records a declaration; returns its number.
pub fn add(
    conn: &Connection,
    customer_id: i64,
    announcement: &Announcement,
    recorded_at: NaiveDateTime,
) -> Result<i64> {
    sql::run(
        conn,
        "INSERT INTO announcements (customer_id, rep_id, at, expected_at, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            customer_id,
            announcement.rep_id,
            dates::store(announcement.at),
            dates::store(announcement.expected_at),
            dates::store(recorded_at)
        ],
        &format!("record the announcement of customer {customer_id}"),
    )?;
    Ok(conn.last_insert_rowid())
}

/// The declarations about an old customer, in the order they were made.
pub fn of_customer(conn: &Connection, customer_id: i64) -> Result<Vec<Announcement>> {
    sql::list(
        conn,
        "SELECT id, rep_id, at, expected_at FROM announcements WHERE customer_id = ?1
         ORDER BY at, id",
        [customer_id],
        "the customer's announcements",
        |row| {
            let fields = Fields::of(row, "announcements", &[0]);
            Ok(Announcement {
                rep_id: fields.get(1)?,
                at: fields.moment(2)?,
                expected_at: fields.moment(3)?,
            })
        },
    )
}
