//! Large imports of the register. Lines are staged in a temporary table as they are read, then
//! replayed customer by customer in time order, new customers registered and entries written a
//! batch at a time. A large import also sets the register's day index and replace guard aside
//! and puts them back at the end, inside its own transaction: building the index once with one
//! sort costs far less than keeping it up to date line by line, and if the import never commits
//! they were never gone.

use anyhow::{Context as _, Result};
use chrono::NaiveDateTime;
use rusqlite::Connection;

use super::customers::Newcomer;
use super::sql;
use crate::domain::customer::{Channel, Gender};

/// How many lines an import gathers before writing them with one statement.
pub const BATCH: usize = sql::BATCH;

/// The fewest register lines for which an import sets the day index aside and builds it anew.
pub const BULK_LINES: u64 = 10_000;

/// Whether an import of `lines` register lines into a register of `existing` entries builds the
/// day index once at the end instead of keeping it up to date. Keeping it costs a random index
/// insert per line; building it sorts the whole register once, and a sorted entry costs about a
/// seventh of a random one (the import benchmark shows both). So a rebuild pays once the
/// register holds at most three entries for each line imported; small imports, which a clerk may
/// run in the middle of the day, never change the schema.
pub fn rebuilds_day_index(lines: u64, existing: u64) -> bool {
    lines >= BULK_LINES && lines.saturating_mul(3) >= existing
}

/// Gives the connection a page cache of `kib` KiB: a large import touches index pages all
/// over the file, and re-reading them from the WAL costs more than the memory.
pub fn set_page_cache(conn: &Connection, kib: i64) -> Result<()> {
    conn.pragma_update(None, "cache_size", -kib)
        .context("cannot size the page cache")
}

/// An imported register line waiting for its turn in time order: see [`stage`].
#[derive(Debug, Clone)]
pub struct StagedVisit {
    pub row: i64,
    pub phone: String,
    pub at: NaiveDateTime,
    pub name: String,
    pub rep_id: Option<i64>,
    pub call: bool,
    pub channel: Channel,
    pub gender: Option<Gender>,
    pub age: Option<i64>,
    pub occupation: Option<String>,
    pub note: Option<String>,
}

/// A temporary table for an imported register. It lives in SQLite's temporary file, so memory
/// stays flat whatever the size of the file, and it disappears with the connection. Times are
/// kept as seconds, which sort faster than text.
pub fn create_stage(conn: &Connection) -> Result<()> {
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

/// Stages lines read from the file, [`sql::BATCH`] to a statement.
pub fn stage(conn: &Connection, lines: &[StagedVisit]) -> Result<()> {
    let first = lines.first().map_or(0, |line| line.row);
    sql::insert_in_batches(
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
            statement.raw_bind_parameter(at + 7, line.channel)?;
            statement.raw_bind_parameter(at + 8, line.gender)?;
            statement.raw_bind_parameter(at + 9, line.age)?;
            statement.raw_bind_parameter(at + 10, &line.occupation)?;
            statement.raw_bind_parameter(at + 11, &line.note)
        },
    )
    .with_context(|| format!("cannot stage the rows from row {first} on"))
}

/// Whether any staged line is not yet in the register: a visit is known by phone and time.
pub fn any_new_line(conn: &Connection) -> Result<bool> {
    sql::value(
        conn,
        "SELECT EXISTS (SELECT 1 FROM temp.staged_visits s
             WHERE NOT EXISTS (SELECT 1 FROM customers c JOIN visits v ON v.customer_id = c.id
                               WHERE c.phone = s.phone
                                 AND v.at = datetime(s.at, 'unixepoch')))",
        [],
        "the staged lines against the register",
    )
}

/// A staged line as the replay needs it.
#[derive(Debug, Clone)]
pub struct ReplayLine {
    pub row: i64,
    /// Set on the first line of each phone, which is its earliest.
    pub first: Option<Newcomer>,
    pub at: NaiveDateTime,
    pub rep_id: Option<i64>,
    pub call: bool,
    pub channel: Channel,
    pub note: Option<String>,
    /// The name written on the line, which its register entry keeps (7.2).
    pub name: String,
}

/// Every staged line, phone by phone, each phone's in time order (file order for the same
/// moment).
pub fn each_line(conn: &Connection, mut each: impl FnMut(ReplayLine) -> Result<()>) -> Result<()> {
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
                    Some(Newcomer {
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
                name: row.get(7)?,
            })
        })()
        .context("cannot read the staged register")?;
        each(line)?;
    }
    Ok(())
}

/// What a bulk import sets aside while it writes the register, each with the statement that
/// drops it. The day index takes its entries in random order from a replay that runs customer
/// by customer. The replace guard can never fire for the import's own statement, which names
/// neither an id nor a superseded entry (see [`super::register::add_many`]).
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

/// Drops the day index and the replace guard of the register inside the caller's transaction,
/// keeping their definitions as the file has them, so that [`put_back`] restores them exactly.
pub fn set_aside(conn: &Connection) -> Result<SetAside> {
    let mut definitions = Vec::new();
    for (name, drop) in SET_ASIDE {
        let sql: String = sql::value(
            conn,
            "SELECT sql FROM sqlite_schema WHERE name = ?1",
            [name],
            &format!("the definition of {name}"),
        )?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_large_imports_rebuild_the_day_index() {
        assert!(!rebuilds_day_index(BULK_LINES - 1, 0), "small import");
        assert!(rebuilds_day_index(BULK_LINES, 0), "into an empty register");
        assert!(
            rebuilds_day_index(BULK_LINES, 3 * BULK_LINES),
            "a third of the register"
        );
        assert!(
            !rebuilds_day_index(BULK_LINES, 3 * BULK_LINES + 1),
            "less than a third of the register"
        );
        assert!(rebuilds_day_index(u64::MAX, u64::MAX), "no overflow");
    }
}
