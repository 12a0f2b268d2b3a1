//! The sales reps on the books (reps), the day's queue (roster) and the log of what happened to
//! the queue and why (roster_events). The queue is stored whole after every change; the log is
//! append-only.

use anyhow::Result;
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, Row, params};

use super::sql::{self, Fields};
use crate::domain::codes::Code;
use crate::domain::dates;
use crate::domain::rotation::{Away, Candidate, DayLog, Queue, RepRef, RosterEvent, Slot};

/// A rep as listings show them.
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

    fn read(row: &Row) -> rusqlite::Result<RepRow> {
        let fields = Fields::of(row, "reps", &[0]);
        Ok(RepRow {
            id: fields.get(0)?,
            name: fields.get(1)?,
            phone: fields.get(2)?,
            created_at: fields.get(3)?,
            retired_at: fields.get(4)?,
        })
    }
}

const REP_SELECT: &str = "SELECT id, name, phone, created_at, retired_at FROM reps";

/// Puts a rep on the books; returns their id.
pub fn add(conn: &Connection, name: &str, phone: Option<&str>, at: NaiveDateTime) -> Result<i64> {
    sql::run(
        conn,
        "INSERT INTO reps (name, phone, created_at) VALUES (?1, ?2, ?3)",
        params![name, phone, dates::store(at)],
        &format!("add rep {name}"),
    )?;
    Ok(conn.last_insert_rowid())
}

/// Every rep, retired ones included, in the order they were added.
pub fn all(conn: &Connection) -> Result<Vec<RepRow>> {
    sql::list(
        conn,
        "SELECT id, name, phone, created_at, retired_at FROM reps ORDER BY id",
        [],
        "the reps",
        RepRow::read,
    )
}

pub fn by_name(conn: &Connection, name: &str) -> Result<Option<RepRow>> {
    sql::one(
        conn,
        &format!("{REP_SELECT} WHERE name = ?1"),
        [name],
        &format!("rep {name}"),
        RepRow::read,
    )
}

/// A rep's name by id; an unknown id is a damaged file.
pub fn name_of(conn: &Connection, id: i64) -> Result<String> {
    sql::one(
        conn,
        "SELECT name FROM reps WHERE id = ?1",
        [id],
        &format!("rep {id}"),
        |row| row.get(0),
    )?
    .ok_or_else(|| anyhow::anyhow!("rep {id} is named in the file but missing from reps"))
}

/// Every rep as `roster set` checks the names typed against them.
pub fn candidates(conn: &Connection) -> Result<Vec<Candidate>> {
    Ok(all(conn)?
        .into_iter()
        .map(|r| Candidate {
            rep: r.as_ref(),
            retired: r.retired_at.is_some(),
        })
        .collect())
}

pub fn retire(conn: &Connection, rep_id: i64, at: NaiveDateTime) -> Result<()> {
    sql::run(
        conn,
        "UPDATE reps SET retired_at = ?2 WHERE id = ?1",
        params![rep_id, dates::store(at)],
        "retire the rep",
    )?;
    Ok(())
}

/// The queue of `day`, head first; `None` when no roster was set for that day. Retired reps
/// are left out: they receive no one.
pub fn queue(conn: &Connection, day: NaiveDate) -> Result<Option<Queue>> {
    let slots = sql::list(
        conn,
        "SELECT r.day, r.rep_id, p.name, r.away, r.priority
         FROM roster r JOIN reps p ON p.id = r.rep_id
         WHERE r.day = ?1 AND p.retired_at IS NULL ORDER BY r.seq",
        [dates::date(day)],
        "the roster",
        |row| {
            let fields = Fields::of(row, "roster", &[0, 1]);
            Ok(Slot {
                rep: RepRef {
                    id: fields.get(1)?,
                    name: fields.get(2)?,
                },
                away: fields.get::<Option<Away>>(3)?,
                priority: fields.get(4)?,
            })
        },
    )?;
    Ok((!slots.is_empty()).then_some(Queue { slots }))
}

/// What the file keeps of `day`'s queue beside its latest state: the roster log, the turns
/// the register's entries took, and every rep with when they retired.
pub fn day_log(conn: &Connection, day: NaiveDate) -> Result<DayLog> {
    let events = sql::list(
        conn,
        "SELECT id, at, kind, rep_id, other_rep_id, approved_by, detail
         FROM roster_events WHERE day = ?1 ORDER BY id",
        [dates::date(day)],
        "the roster log",
        |row| {
            let fields = Fields::of(row, "roster_events", &[0]);
            Ok((
                fields.moment(1)?,
                RosterEvent {
                    change: fields.get(2)?,
                    rep_id: fields.get(3)?,
                    other_rep_id: fields.get(4)?,
                    approved_by: fields.get(5)?,
                    detail: fields.get(6)?,
                },
            ))
        },
    )?;
    let reps = sql::list(
        conn,
        "SELECT id, name, retired_at FROM reps ORDER BY id",
        [],
        "the reps",
        |row| {
            let fields = Fields::of(row, "reps", &[0]);
            Ok((
                RepRef {
                    id: fields.get(0)?,
                    name: fields.get(1)?,
                },
                fields.moment_or_none(2)?,
            ))
        },
    )?;
    Ok(DayLog {
        day,
        events,
        turns: super::register::turns_taken(conn, day)?,
        reps,
    })
}

/// Stores the whole queue of `day` as it now stands.
fn save_queue(conn: &Connection, day: NaiveDate, queue: &Queue) -> Result<()> {
    let day = dates::date(day);
    sql::run(
        conn,
        "DELETE FROM roster WHERE day = ?1",
        [&day],
        "clear the roster",
    )?;
    for (seq, slot) in queue.slots.iter().enumerate() {
        sql::run(
            conn,
            "INSERT INTO roster (day, rep_id, seq, away, priority) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![day, slot.rep.id, seq as i64, slot.away, slot.priority],
            "store the roster",
        )?;
    }
    Ok(())
}

/// Takes a rep off every roster from `day` on (a retired rep receives no one).
pub fn remove_from_rosters(conn: &Connection, rep_id: i64, day: NaiveDate) -> Result<()> {
    sql::run(
        conn,
        "DELETE FROM roster WHERE rep_id = ?1 AND day >= ?2",
        params![rep_id, dates::date(day)],
        "take the rep off the roster",
    )?;
    Ok(())
}

/// Stores `day`'s queue after a change with the lines the roster log records of it, so that
/// the queue and its log never disagree.
pub fn store(
    conn: &Connection,
    day: NaiveDate,
    at: NaiveDateTime,
    queue: &Queue,
    events: &[RosterEvent],
) -> Result<()> {
    save_queue(conn, day, queue)?;
    for event in events {
        log_change(conn, day, at, event)?;
    }
    Ok(())
}

/// Appends a change to the roster log of `day`.
fn log_change(
    conn: &Connection,
    day: NaiveDate,
    at: NaiveDateTime,
    event: &RosterEvent,
) -> Result<()> {
    sql::run(
        conn,
        "INSERT INTO roster_events (day, at, kind, rep_id, other_rep_id, approved_by, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            dates::date(day),
            dates::store(at),
            event.change,
            event.rep_id,
            event.other_rep_id,
            event.approved_by,
            event.detail
        ],
        &format!("log the roster change {}", event.change.code()),
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db;

    #[test]
    fn an_unknown_away_code_is_an_error_not_a_rep_at_the_desk() {
        let dir = tempfile::tempdir().unwrap();
        let conn = db::open(&dir.path().join("desk.db")).unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let at = day.and_hms_opt(8, 0, 0).unwrap();
        let id = add(&conn, "王芳", None, at).unwrap();
        save_queue(
            &conn,
            day,
            &Queue::new(vec![RepRef {
                id,
                name: "王芳".into(),
            }]),
        )
        .unwrap();
        assert_eq!(queue(&conn, day).unwrap().unwrap().slots[0].away, None);
        conn.execute_batch(
            "PRAGMA ignore_check_constraints = ON;
             UPDATE roster SET away = 'lunch';",
        )
        .unwrap();
        let err = format!("{:#}", queue(&conn, day).unwrap_err());
        assert!(
            err.contains("roster row day=2026-11-23 rep_id=1, column away")
                && err.contains("\"lunch\""),
            "{err}"
        );
    }
}
