//! What a project file holds, as the group customer centre sees it: a count per table family
//! and the time of the latest register entry, to see at a glance which office has stopped
//! sending. A file of an older schema may lack a table; that count is then unknown, not zero.

use anyhow::{Context as _, Result};
use chrono::NaiveDateTime;
use rusqlite::Connection;

use super::sql;
use crate::domain::dates;
use crate::domain::text::quoted;

/// The counts of one project file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Census {
    pub reps: Option<i64>,
    pub customers: Option<i64>,
    pub visits: Option<i64>,
    pub complaints: Option<i64>,
    pub deals: Option<i64>,
    pub latest_entry: Option<NaiveDateTime>,
}

/// Whether the file has this table.
fn has_table(conn: &Connection, table: &str) -> Result<bool> {
    sql::value(
        conn,
        "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = ?1",
        [table],
        "the file's tables",
    )
}

/// The rows of `table`, if the file has it. The table names are the literals below.
fn count(conn: &Connection, table: &'static str) -> Result<Option<i64>> {
    if !has_table(conn, table)? {
        return Ok(None);
    }
    let query = match table {
        "reps" => "SELECT count(*) FROM reps",
        "customers" => "SELECT count(*) FROM customers",
        "visits" => "SELECT count(*) FROM visits",
        // A voided complaint was recorded by mistake: it is no complaint the office had.
        "complaints" => {
            "SELECT count(*) FROM complaints
             WHERE id NOT IN (SELECT complaint_id FROM complaint_events WHERE step = 'void')"
        }
        "deals" => "SELECT count(*) FROM deals",
        _ => anyhow::bail!("no census of table {table}"),
    };
    sql::value(conn, query, [], table).map(Some)
}

pub fn of(conn: &Connection) -> Result<Census> {
    let latest: Option<String> =
        sql::value(conn, "SELECT max(at) FROM visits", [], "the register")?;
    Ok(Census {
        reps: count(conn, "reps")?,
        customers: count(conn, "customers")?,
        visits: count(conn, "visits")?,
        complaints: count(conn, "complaints")?,
        deals: count(conn, "deals")?,
        latest_entry: latest
            .map(|at| {
                dates::from_stored(&at).with_context(|| {
                    format!(
                        "the latest register entry has a time that does not read: {}",
                        quoted(&at)
                    )
                })
            })
            .transpose()?,
    })
}
